# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from .stock_location import WAREHOUSE_CREATE_KEY, WAREHOUSE_CREATE_TOKEN


class StockWarehouse(models.Model):
    """A new warehouse waits for the data steward with its locations (one
    request; its view location holds the state its locations look up to)."""
    _name = 'stock.warehouse'
    _inherit = ['stock.warehouse', 'retail.master.data.state.mixin']

    @api.model
    def create(self, vals):
        warehouse = super(StockWarehouse, self.with_context(**{
            WAREHOUSE_CREATE_KEY: WAREHOUSE_CREATE_TOKEN})).create(vals)
        # Its locations were created before it: they are its now.
        self.env['stock.location']._retail_sync_warehouses()
        self.env['res.users']._retail_clear_rule_cache()
        return self.browse(warehouse.id)

    @api.multi
    def _retail_set_approval_state(self, state):
        super(StockWarehouse, self)._retail_set_approval_state(state)
        self.mapped('view_location_id')._retail_set_approval_state(state)

    @api.multi
    def write(self, vals):
        result = super(StockWarehouse, self).write(vals)
        if 'view_location_id' in vals:
            self.env['stock.location']._retail_sync_warehouses()
            self.env['res.users']._retail_clear_rule_cache()
        return result

    @api.multi
    def action_compute_cycle_count_rules(self):
        """OCA's answers None, which XML-RPC cannot carry (the counts were
        saved, the client got a fault)."""
        super(StockWarehouse, self).action_compute_cycle_count_rules()
        return True

    @api.model
    def _prepare_cycle_count(self, cycle_count_proposed):
        vals = super(StockWarehouse, self)._prepare_cycle_count(cycle_count_proposed)
        products = cycle_count_proposed.get('retail_products')
        if products:
            vals['retail_product_ids'] = [(6, 0, products.ids)]
        return vals

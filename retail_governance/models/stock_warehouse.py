# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockWarehouse(models.Model):
    _inherit = 'stock.warehouse'

    @api.multi
    def write(self, vals):
        result = super(StockWarehouse, self).write(vals)
        if 'view_location_id' in vals:
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

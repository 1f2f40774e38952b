# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockPickingType(models.Model):
    _inherit = 'stock.picking.type'

    @api.model
    def create(self, vals):
        picking_type = super(StockPickingType, self).create(vals)
        if vals.get('warehouse_id'):
            self.env['res.users']._retail_clear_rule_cache()
        return picking_type

    @api.multi
    def write(self, vals):
        result = super(StockPickingType, self).write(vals)
        if 'warehouse_id' in vals:
            # The store roles see the transfers of their warehouses' types.
            self.env['res.users']._retail_clear_rule_cache()
        return result

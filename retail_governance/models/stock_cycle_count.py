# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockCycleCount(models.Model):
    _inherit = 'stock.cycle.count'

    retail_product_ids = fields.Many2many(
        'product.product', 'retail_cycle_count_product_rel', 'cycle_count_id',
        'product_id', string='High-risk Products',
        help="The products to count; empty: the whole location.")

    @api.multi
    def _prepare_inventory_adjustment(self):
        vals = super(StockCycleCount, self)._prepare_inventory_adjustment()
        if self.retail_product_ids:
            vals.update(filter='partial', line_ids=[
                (0, 0, line) for line in self._prepare_retail_count_lines()])
        return vals

    @api.multi
    def _prepare_retail_count_lines(self):
        """One line per high-risk product, counted quantity preset to the system's."""
        self.ensure_one()
        groups = self.env['stock.quant'].read_group(
            [('location_id', '=', self.location_id.id),
             ('product_id', 'in', self.retail_product_ids.ids)],
            ['product_id', 'quantity'], ['product_id'])
        on_hand = {g['product_id'][0]: g['quantity'] for g in groups}
        return [{
            'product_id': product.id,
            'product_uom_id': product.uom_id.id,
            'location_id': self.location_id.id,
            'product_qty': on_hand.get(product.id, 0.0),
        } for product in self.retail_product_ids]

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockChangeProductQty(models.TransientModel):
    """The quick "Update Quantity On Hand" makes an inventory adjustment: it
    carries a reason code, and the adjustment rules apply to it as to any
    adjustment (beyond tolerance it is refused: use an adjustment that can be
    approved)."""
    _inherit = 'stock.change.product.qty'

    retail_reason_id = fields.Many2one('retail.adjustment.reason', string='Reason')

    @api.multi
    def _action_start_line(self):
        res = super(StockChangeProductQty, self)._action_start_line()
        res['retail_reason_id'] = self.retail_reason_id.id
        return res

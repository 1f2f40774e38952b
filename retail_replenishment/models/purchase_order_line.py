# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models


class PurchaseOrderLine(models.Model):
    """A product waiting for the data steward's approval cannot be bought."""
    _inherit = 'purchase.order.line'

    @api.model
    def create(self, vals):
        line = super(PurchaseOrderLine, self).create(vals)
        line.product_id._retail_check_approved(_("bought"))
        return line

    @api.multi
    def write(self, vals):
        res = super(PurchaseOrderLine, self).write(vals)
        if 'product_id' in vals:
            self.mapped('product_id')._retail_check_approved(_("bought"))
        return res

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models


class PurchaseOrderLine(models.Model):
    """A product waiting for the data steward's approval cannot be bought."""
    _name = 'purchase.order.line'
    _inherit = ['purchase.order.line', 'retail.approved.product.mixin']

    @api.model
    def _retail_product_use(self):
        return _("bought")

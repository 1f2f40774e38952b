# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ProductTemplate(models.Model):
    _inherit = 'product.template'

    def action_view_retail_balances(self):
        return self.mapped('product_variant_ids').action_view_retail_balances()

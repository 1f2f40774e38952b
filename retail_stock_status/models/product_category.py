# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = 'product.category'

    retail_quality_sensitive = fields.Boolean(
        string='Quality Sensitive',
        help="Receipts of products in this family go to quarantine and become "
             "sellable only after an inspection passes them.")

    def _retail_is_quality_sensitive(self):
        """The family or one of its parents is quality sensitive."""
        self.ensure_one()
        category = self
        while category:
            if category.retail_quality_sensitive:
                return True
            category = category.parent_id
        return False

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ProductProduct(models.Model):
    _inherit = 'product.product'

    def action_view_retail_balances(self):
        action = self.env.ref('retail_stock_status.retail_stock_balance_action').read()[0]
        action['domain'] = [('product_id', 'in', self.ids)]
        return action

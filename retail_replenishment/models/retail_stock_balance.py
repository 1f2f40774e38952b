# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RetailStockBalance(models.Model):
    _inherit = 'retail.stock.balance'

    retail_cluster_id = fields.Many2one(
        related='warehouse_id.retail_cluster_id', string='Store Cluster', readonly=True)

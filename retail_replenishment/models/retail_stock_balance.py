# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class RetailStockBalance(models.Model):
    _inherit = 'retail.stock.balance'

    # A column of the view (not a related field), so that pivots and graphs
    # group by cluster.
    retail_cluster_id = fields.Many2one(
        'retail.store.cluster', string='Store Cluster', readonly=True)

    @api.model
    def _warehouse_columns_sql(self):
        return super()._warehouse_columns_sql() + ', w.retail_cluster_id'

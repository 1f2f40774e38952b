# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons.retail_governance.models.company_check import check_same_company


class StockWarehouse(models.Model):
    _inherit = 'stock.warehouse'

    retail_cluster_id = fields.Many2one(
        'retail.store.cluster', string='Store Cluster', index=True,
        ondelete='restrict',
        help="Replenishment cluster of this store. Distribution centres have none.")
    retail_replenishment_priority = fields.Integer(
        string='Replenishment Priority', default=10,
        help="When the DC cannot serve every store in full, stores with a lower "
             "number are served first among equal fair shares.")

    @api.constrains('retail_cluster_id', 'company_id')
    def _check_retail_cluster_company(self):
        check_same_company(self, 'retail_cluster_id', _(
            "Store %s and its cluster %s belong to different companies."))

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons.retail_governance.models.company_check import check_same_company


class RetailAdjustmentRule(models.Model):
    _inherit = 'retail.adjustment.rule'

    cluster_ids = fields.Many2many(
        'retail.store.cluster', 'retail_adjustment_rule_cluster_rel', 'rule_id',
        'cluster_id', string='Store Clusters',
        help="Apply to the stores of these clusters (as well as to the warehouses "
             "listed). Empty with no warehouses: every warehouse.")

    @api.constrains('company_id', 'cluster_ids')
    def _check_cluster_company(self):
        check_same_company(self, 'cluster_ids', _(
            "Rule %s cannot use clusters of another company: %s"))

    @api.model
    def _audited_fields(self):
        return super()._audited_fields() + ('cluster_ids',)

    @api.multi
    def _match_warehouse(self, warehouse):
        self.ensure_one()
        if not self.warehouse_ids and not self.cluster_ids:
            return True
        in_cluster = bool(warehouse.retail_cluster_id & self.cluster_ids)
        return in_cluster or (bool(self.warehouse_ids)
                              and super()._match_warehouse(warehouse))

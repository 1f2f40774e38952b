# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons.retail_governance.models.company_check import check_same_company
from odoo.exceptions import ValidationError


class RetailStoreCluster(models.Model):
    """Stores that share one replenishment policy (e.g. urban small format)."""
    _name = 'retail.store.cluster'
    _description = 'Store Cluster'
    _inherit = ['mail.thread']
    _order = 'sequence, name'

    name = fields.Char(required=True, translate=True, track_visibility='onchange')
    code = fields.Char(required=True, track_visibility='onchange')
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'retail.store.cluster'))
    description = fields.Text()
    warehouse_ids = fields.One2many(
        'stock.warehouse', 'retail_cluster_id', string='Stores')
    store_count = fields.Integer(compute='_compute_store_count')
    supply_warehouse_id = fields.Many2one(
        'stock.warehouse', string='Supplying DC', ondelete='restrict',
        track_visibility='onchange',
        help="Distribution centre that resupplies the stores of this cluster.")
    lead_days = fields.Float(
        string='DC-to-Store Lead Time (days)', default=1.0, track_visibility='onchange',
        help="Days from the DC shipping to the store receiving; sets the minimum.")
    review_days = fields.Float(
        string='Review Period (days)', default=7.0, track_visibility='onchange',
        help="Days between two replenishment reviews of a store; sets max - min.")
    service_level = fields.Float(
        default=0.95, track_visibility='onchange',
        help="Probability of not running out during the lead time (between 0 and "
             "1, e.g. 0.95); policies without their own service level use it.")
    planner_id = fields.Many2one(
        'res.users', string='Planner', track_visibility='onchange',
        help="Owner of the replenishment exceptions of this cluster.")
    policy_ids = fields.One2many(
        'retail.replenishment.policy', 'cluster_id', string='Replenishment Policies')

    _sql_constraints = [
        ('code_company_uniq', 'unique (code, company_id)',
         'The code of a store cluster must be unique per company.'),
    ]

    def _compute_store_count(self):
        counts = self.env['stock.warehouse'].read_group(
            [('retail_cluster_id', 'in', self.ids)],
            ['retail_cluster_id'], ['retail_cluster_id'])
        by_cluster = {c['retail_cluster_id'][0]: c['retail_cluster_id_count']
                      for c in counts}
        for cluster in self:
            cluster.store_count = by_cluster.get(cluster.id, 0)

    @api.constrains('company_id', 'warehouse_ids')
    def _check_store_company(self):
        check_same_company(self, 'warehouse_ids', _(
            "Cluster %s cannot hold stores of another company: %s"))

    @api.constrains('service_level')
    def _check_service_level(self):
        for cluster in self:
            if not 0 < cluster.service_level < 1:
                raise ValidationError(_(
                    "Cluster %s: the service level must lie between 0 and 1 "
                    "(e.g. 0.95).") % cluster.display_name)

    @api.constrains('company_id', 'supply_warehouse_id')
    def _check_supply_warehouse_company(self):
        check_same_company(self, 'supply_warehouse_id', _(
            "Cluster %s cannot be supplied by a warehouse of another company: %s"))

    def action_view_stores(self):
        self.ensure_one()
        action = self.env.ref('stock.action_warehouse_form').read()[0]
        action['domain'] = [('retail_cluster_id', '=', self.id)]
        action['context'] = {'default_retail_cluster_id': self.id}
        return action

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons.retail_governance.models.company_check import check_same_company
from odoo.exceptions import ValidationError


class RetailStoreCluster(models.Model):
    """Stores that share one replenishment policy (e.g. urban small format)."""
    _name = 'retail.store.cluster'
    _description = 'Store Cluster'
    _inherit = ['mail.thread', 'retail.master.data.mixin']
    # Lead times, review periods and service levels set every store's
    # min/max: their changes wait for the data steward when the company asks.
    _retail_governed_fields = ('lead_days', 'review_days', 'service_level')
    _retail_governed_create = False
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
    policy_applied_date = fields.Datetime(
        string='Min/Max Applied On', readonly=True, copy=False,
        help="When the policies were last applied to the stores' reordering rules.")
    orderpoint_count = fields.Integer(compute='_compute_orderpoint_count')

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

    def _compute_orderpoint_count(self):
        counts = self.env['stock.warehouse.orderpoint'].read_group(
            [('retail_cluster_id', 'in', self.ids)],
            ['retail_cluster_id'], ['retail_cluster_id'])
        by_cluster = {c['retail_cluster_id'][0]: c['retail_cluster_id_count']
                      for c in counts}
        for cluster in self:
            cluster.orderpoint_count = by_cluster.get(cluster.id, 0)

    @api.constrains('company_id', 'warehouse_ids')
    def _check_store_company(self):
        check_same_company(self, 'warehouse_ids', _(
            "Cluster %s cannot hold stores of another company: %s"))

    @api.constrains('service_level', 'lead_days', 'review_days')
    def _check_replenishment_settings(self):
        for cluster in self:
            if not 0 < cluster.service_level < 1:
                raise ValidationError(_(
                    "Cluster %s: the service level must lie between 0 and 1 "
                    "(e.g. 0.95).") % cluster.display_name)
            if cluster.lead_days < 0 or cluster.review_days < 0:
                raise ValidationError(_(
                    "Cluster %s: the lead time and the review period cannot be "
                    "negative.") % cluster.display_name)

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

    def action_view_orderpoints(self):
        self.ensure_one()
        action = self.env.ref('stock.action_orderpoint_form').read()[0]
        action['domain'] = [('retail_cluster_id', '=', self.id)]
        action['context'] = {'search_default_retail_policy': 1}
        return action

    @api.multi
    def action_apply_policies(self):
        """Button "Compute min/max": applies, and says what changed in the
        clusters' chatter."""
        counts = self.apply_policies()
        self._post_apply_counts(counts)
        return True

    @api.multi
    def _post_apply_counts(self, counts):
        message = _("Min/max applied to the reordering rules: %(created)s created, "
                    "%(updated)s updated, %(archived)s archived, %(unchanged)s "
                    "unchanged, %(locked)s locked by planners.") % counts
        for cluster in self:
            cluster.message_post(body=message)

    @api.multi
    def apply_policies(self):
        """Computes the min/max of every store x product of these clusters from
        their policies and applies them to Odoo's reordering rules, in bulk
        (see retail.replenishment.policy._apply_to_clusters). Returns the
        counts {'created', 'updated', 'archived', 'unchanged', 'locked'}.

        Who may change the clusters (planners, retail administrators) may apply
        them; the rules are then written set-based, behind the ORM."""
        clusters = self.filtered('active')
        clusters.check_access_rights('write')
        clusters.check_access_rule('write')
        return self.env['retail.replenishment.policy']._apply_to_clusters(clusters)

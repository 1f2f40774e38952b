# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import ValidationError


class RetailReplenishmentPolicy(models.Model):
    """How the min/max of a cluster's stores are set for one product family."""
    _name = 'retail.replenishment.policy'
    _description = 'Replenishment Policy'
    _order = 'cluster_id, sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Among policies of equally specific families, the lowest wins.")
    active = fields.Boolean(default=True)
    cluster_id = fields.Many2one(
        'retail.store.cluster', string='Store Cluster', required=True, index=True,
        ondelete='cascade')
    company_id = fields.Many2one(
        related='cluster_id.company_id', store=True, readonly=True, index=True)
    categ_id = fields.Many2one(
        'product.category', string='Product Family', index=True, ondelete='restrict',
        help="The policy covers this category and its children. Empty: every product.")
    method = fields.Selection(
        [('fixed', 'Fixed min/max'), ('demand', 'Demand-driven')],
        required=True, default='demand',
        help="Fixed: the min/max given here. Demand-driven: computed from each store's "
             "own sales over the lookback.")
    min_qty = fields.Float(
        string='Minimum Quantity', digits=dp.get_precision('Product Unit of Measure'))
    max_qty = fields.Float(
        string='Maximum Quantity', digits=dp.get_precision('Product Unit of Measure'))
    service_level = fields.Float(
        help="Probability of not running out during the lead time (between 0 and 1). "
             "Empty: the cluster's.")
    lookback_weeks = fields.Integer(
        default=8, help="Weeks of sales history the daily demand is computed from.")
    pack_multiple = fields.Float(
        default=1.0, digits=dp.get_precision('Product Unit of Measure'),
        help="Min, max and ordered quantities are rounded up to this multiple.")
    spike_factor = fields.Float(
        default=3.0,
        help="A demand spike is raised when a store's last-week demand exceeds this "
             "factor times its average weekly demand.")
    date_from = fields.Date(string='Active From')
    date_to = fields.Date(string='Active To')

    @api.constrains('min_qty', 'max_qty')
    def _check_min_max(self):
        for policy in self:
            if policy.min_qty < 0 or policy.max_qty < 0 or policy.min_qty > policy.max_qty:
                raise ValidationError(_(
                    "Policy %s: the minimum and maximum cannot be negative and the "
                    "minimum cannot exceed the maximum.") % policy.display_name)

    @api.constrains('service_level', 'lookback_weeks', 'pack_multiple', 'spike_factor')
    def _check_parameters(self):
        for policy in self:
            if policy.service_level and not 0 < policy.service_level < 1:
                raise ValidationError(_(
                    "Policy %s: the service level must lie between 0 and 1 "
                    "(e.g. 0.95).") % policy.display_name)
            if policy.lookback_weeks < 1:
                raise ValidationError(_(
                    "Policy %s: the lookback must be at least one week.")
                    % policy.display_name)
            if policy.pack_multiple < 0 or policy.spike_factor < 0:
                raise ValidationError(_(
                    "Policy %s: the pack multiple and the spike factor cannot be "
                    "negative.") % policy.display_name)

    @api.constrains('date_from', 'date_to')
    def _check_dates(self):
        for policy in self:
            if policy.date_from and policy.date_to and policy.date_from > policy.date_to:
                raise ValidationError(_(
                    "Policy %s ends before it starts.") % policy.display_name)

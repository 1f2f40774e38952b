# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .company_check import check_same_company

TIER_STORE_MANAGER = 'store_manager'
TIER_INVENTORY_CONTROLLER = 'inventory_controller'
TIER_FINANCE = 'finance'

# Fields whose changes are written to the audit trail.
AUDITED_FIELDS = (
    'name', 'active', 'sequence', 'company_id', 'warehouse_ids', 'product_categ_ids',
    'qty_threshold', 'value_threshold', 'percent_threshold',
    'require_store_manager', 'require_inventory_controller',
    'require_finance', 'finance_value_threshold', 'evidence_required',
)


class RetailAdjustmentRule(models.Model):
    """Tolerances of stock adjustments and the approvals beyond them.

    A line of an adjustment (or a scrap) exceeds its rule when its absolute
    quantity, its absolute value at cost or its percentage of the system
    quantity is above the threshold set (0 disables a threshold). The first
    rule by sequence that matches the line's warehouse and product family
    applies.
    """
    _name = 'retail.adjustment.rule'
    _description = 'Adjustment Approval Rule'
    _inherit = ['mail.thread', 'retail.audit.mixin']
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True, track_visibility='onchange')
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, track_visibility='onchange')
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'retail.adjustment.rule'))
    currency_id = fields.Many2one(related='company_id.currency_id', readonly=True)
    warehouse_ids = fields.Many2many(
        'stock.warehouse', 'retail_adjustment_rule_warehouse_rel', 'rule_id',
        'warehouse_id', string='Warehouses',
        help="Stores and DCs where the rule applies; empty: all of the company.")
    product_categ_ids = fields.Many2many(
        'product.category', 'retail_adjustment_rule_categ_rel', 'rule_id',
        'categ_id', string='Product Families',
        help="Product categories (with their sub-categories) where the rule "
             "applies; empty: all products.")
    qty_threshold = fields.Float(
        string='Quantity Tolerance', track_visibility='onchange',
        help="Absolute difference in the product's unit above which approval "
             "is needed; 0: not checked.")
    value_threshold = fields.Monetary(
        string='Value Tolerance', currency_field='currency_id',
        track_visibility='onchange',
        help="Absolute difference at cost above which approval is needed; "
             "0: not checked.")
    percent_threshold = fields.Float(
        string='Percentage Tolerance (%)', track_visibility='onchange',
        help="Difference as a percentage of the system quantity above which "
             "approval is needed; 0: not checked.")
    require_store_manager = fields.Boolean(
        string='Store Manager Approval', default=True, track_visibility='onchange')
    require_inventory_controller = fields.Boolean(
        string='Inventory Controller Approval', track_visibility='onchange')
    require_finance = fields.Boolean(
        string='Finance Approval', track_visibility='onchange',
        help="Finance approves when the value of the lines beyond tolerance "
             "exceeds the finance value.")
    finance_value_threshold = fields.Monetary(
        string='Finance Above Value', currency_field='currency_id',
        track_visibility='onchange')
    evidence_required = fields.Boolean(
        track_visibility='onchange',
        help="Adjustments beyond tolerance need an attachment (photo, report) "
             "before they can be requested and validated.")

    @api.constrains('qty_threshold', 'value_threshold', 'percent_threshold',
                    'finance_value_threshold')
    def _check_thresholds(self):
        for rule in self:
            if min(rule.qty_threshold, rule.value_threshold, rule.percent_threshold,
                   rule.finance_value_threshold) < 0:
                raise ValidationError(_(
                    "The tolerances of rule %s cannot be negative.") % rule.name)

    @api.constrains('require_store_manager', 'require_inventory_controller',
                    'require_finance')
    def _check_tiers(self):
        for rule in self:
            if not rule._get_required_tiers(float('inf')):
                raise ValidationError(_(
                    "Rule %s must require at least one approval.") % rule.name)

    @api.constrains('company_id', 'warehouse_ids')
    def _check_warehouse_company(self):
        check_same_company(self, 'warehouse_ids', _(
            "Rule %s cannot apply to warehouses of another company: %s"))

    @api.model
    def create(self, vals):
        rule = super(RetailAdjustmentRule, self).create(vals)
        rule._retail_audit('rule_changed', after=rule._get_audit_values(),
                           note=_('Rule created'))
        return rule

    @api.multi
    def write(self, vals):
        audited = [name for name in vals if name in self._audited_fields()]
        before = {rule.id: rule._get_audit_values(audited) for rule in self}
        res = super(RetailAdjustmentRule, self).write(vals)
        if audited:
            for rule in self:
                rule._retail_audit('rule_changed', before=before[rule.id],
                                   after=rule._get_audit_values(audited))
        return res

    @api.multi
    def unlink(self):
        for rule in self:
            rule._retail_audit('rule_changed', before=rule._get_audit_values(),
                               note=_('Rule deleted'))
        return super(RetailAdjustmentRule, self).unlink()

    @api.model
    def _audited_fields(self):
        """Fields whose changes go to the audit trail; extended by modules that
        add scope fields (e.g. store clusters)."""
        return AUDITED_FIELDS

    @api.multi
    def _get_audit_values(self, names=None):
        self.ensure_one()
        return {name: self[name] for name in (names or self._audited_fields())}

    @api.model
    def _get_rule_domain(self, company):
        return [('company_id', '=', company.id)]

    @api.model
    def _find_rule(self, company, warehouse, product, rules=None):
        """The rule that applies to ``product`` in ``warehouse``, or an empty
        recordset. ``rules`` lets callers search the company's rules once."""
        if rules is None:
            # sudo: the rules are the company's policy, whoever reads them.
            rules = self.sudo().search(self._get_rule_domain(company))
        for rule in rules:
            if rule._match_warehouse(warehouse) and rule._match_product(product):
                return rule
        return self.browse()

    @api.multi
    def _match_warehouse(self, warehouse):
        """Override to scope rules by more than warehouses (e.g. store
        clusters in retail_replenishment)."""
        self.ensure_one()
        return not self.warehouse_ids or bool(warehouse & self.warehouse_ids)

    @api.multi
    def _match_product(self, product):
        self.ensure_one()
        if not self.product_categ_ids:
            return True
        categ = product.categ_id
        while categ:
            if categ in self.product_categ_ids:
                return True
            categ = categ.parent_id
        return False

    @api.multi
    def _is_exceeded(self, qty, value, percent):
        """Whether a difference of ``qty`` (absolute, product unit), ``value``
        (absolute, at cost) and ``percent`` (of the system quantity) is beyond
        this rule's tolerance."""
        self.ensure_one()
        return any(threshold and amount > threshold for threshold, amount in (
            (self.qty_threshold, abs(qty)),
            (self.value_threshold, abs(value)),
            (self.percent_threshold, abs(percent))))

    @api.multi
    def _get_required_tiers(self, value):
        """The approval tiers needed for lines beyond tolerance worth ``value``."""
        self.ensure_one()
        tiers = []
        if self.require_store_manager:
            tiers.append(TIER_STORE_MANAGER)
        if self.require_inventory_controller:
            tiers.append(TIER_INVENTORY_CONTROLLER)
        if self.require_finance and value > self.finance_value_threshold:
            tiers.append(TIER_FINANCE)
        return tiers

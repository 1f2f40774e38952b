# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import DEFAULT_SERVER_DATETIME_FORMAT

from .company_check import check_same_company

# The approval tiers of the adjustment rules, in the order they approve: the
# one place that names them (tier definitions, rules, adjustments and reviews
# read them from here; data files use the codes).
RETAIL_TIERS = (
    ('store_manager', 'Store Manager'),
    ('inventory_controller', 'Inventory Controller'),
    ('finance', 'Finance'),
)
TIER_STORE_MANAGER, TIER_INVENTORY_CONTROLLER, TIER_FINANCE = (
    code for code, _label in RETAIL_TIERS)

# Fields whose changes are written to the audit trail.
AUDITED_FIELDS = (
    'name', 'active', 'sequence', 'company_id', 'warehouse_ids', 'product_categ_ids',
    'qty_threshold', 'value_threshold', 'percent_threshold',
    'require_store_manager', 'require_inventory_controller',
    'require_finance', 'finance_value_threshold', 'evidence_required', 'window_days',
)


class RetailAdjustmentRule(models.Model):
    """Tolerances of stock adjustments and the approvals beyond them.

    A line of an adjustment (or a scrap) exceeds its rule when its absolute
    quantity, its absolute value at cost or its percentage of the system
    quantity is above the threshold set (0 disables a threshold). The first
    rule by sequence that matches the line's warehouse and product family
    applies. Within the rule's window, the quantities already adjusted,
    scrapped or changed of the same product at the same location, or by the
    same counter in the same warehouse, add up: a split is judged as the whole.
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
    window_days = fields.Integer(
        string='Cumulative Window (days)', default=7, track_visibility='onchange',
        help="The tolerances apply to the total of the last days' validated "
             "adjustments, scraps and quantity changes of a product at a location "
             "(and of one counter in a warehouse), this one included, so that "
             "small adjustments add up to the approvals of the whole; "
             "0: each adjustment on its own.")
    evidence_required = fields.Boolean(
        track_visibility='onchange',
        help="Adjustments beyond tolerance need an attachment (photo, report) "
             "before they can be requested and validated.")

    @api.constrains('qty_threshold', 'value_threshold', 'percent_threshold',
                    'finance_value_threshold', 'window_days')
    def _check_thresholds(self):
        for rule in self:
            if min(rule.qty_threshold, rule.value_threshold, rule.percent_threshold,
                   rule.finance_value_threshold, rule.window_days) < 0:
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

    @api.model
    def _get_tier_codes(self):
        """The approval tiers, in the order they approve."""
        return [code for code, _label in RETAIL_TIERS]

    @api.model
    def _selection_tiers(self):
        return [(code, _(label)) for code, label in RETAIL_TIERS]

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

    # ------------------------------------------------------------------
    # Evaluation of adjustments: the one place that judges them
    # ------------------------------------------------------------------
    @api.model
    def _evaluate_adjustments(self, company, warehouse, adjustments, exclude_inventory=None):
        """Judges adjustments of one warehouse against their rules, set-based.

        ``adjustments``: dicts with ``key`` (the caller's), ``product``,
        ``location``, ``qty`` (signed difference in the product's unit),
        ``system_qty`` (product's unit) and ``counter`` (the user who entered
        it). Adjustments in the batch add up as their window does: per product
        at a location, and per product and counter in the warehouse.
        ``exclude_inventory``: the adjustment being judged, whose own posted
        moves are not part of its window.

        Returns ``{key: {'rule', 'value', 'window_qty', 'history_value',
        'exceeded'}}``: ``value`` is the adjustment's own absolute value at
        cost, ``window_qty`` what adds up to it (the window's running total
        and the other adjustments of the batch), ``history_value`` the value
        of the window's running total alone.
        """
        # sudo: the rules and the stock history are the company's policy and
        # ledger, whoever adjusts.
        rules = self.sudo().search(self._get_rule_domain(company))
        rule_by_key = {
            adj['key']: self._find_rule(company, warehouse, adj['product'], rules=rules)
            for adj in adjustments}
        windowed = [adj for adj in adjustments if rule_by_key[adj['key']].window_days]
        history = self._get_window_history(
            warehouse, windowed, max([rule_by_key[adj['key']].window_days
                                      for adj in windowed] or [0]),
            exclude_inventory)
        batch_by_location = defaultdict(float)
        batch_by_counter = defaultdict(float)
        for adj in windowed:
            batch_by_location[adj['product'].id, adj['location'].id] += abs(adj['qty'])
            batch_by_counter[adj['product'].id, adj['counter'].id] += abs(adj['qty'])
        now = datetime.now()
        results = {}
        for adj in adjustments:
            rule = rule_by_key[adj['key']]
            product, qty = adj['product'], abs(adj['qty'])
            price = product.with_context(force_company=company.id).standard_price
            window_qty = history_qty = 0.0
            if rule.window_days:
                since = (now - timedelta(days=rule.window_days)).strftime(
                    DEFAULT_SERVER_DATETIME_FORMAT)
                rows = [row for row in history
                        if row['date'] >= since and row['product_id'] == product.id]
                location_key = (product.id, adj['location'].id)
                counter_key = (product.id, adj['counter'].id)
                by_location = sum(row['qty'] for row in rows
                                  if row['location_id'] == adj['location'].id)
                by_counter = sum(row['qty'] for row in rows
                                 if row['counter_id'] == adj['counter'].id)
                history_qty = max(by_location, by_counter)
                window_qty = max(by_location + batch_by_location[location_key],
                                 by_counter + batch_by_counter[counter_key]) - qty
            total = qty + window_qty
            system_qty = abs(adj['system_qty'])
            percent = 100.0 * total / system_qty if system_qty else (100.0 if total else 0.0)
            results[adj['key']] = {
                'rule': rule,
                'value': qty * price,
                'window_qty': window_qty,
                'history_value': history_qty * price,
                'exceeded': bool(rule) and bool(qty) and rule._is_exceeded(
                    total, total * price, percent),
            }
        return results

    @api.model
    def _get_window_history(self, warehouse, adjustments, days, exclude_inventory=None):
        """Validated adjustments, scraps and quantity changes of the last ``days``
        of the adjustments' products in ``warehouse`` (or at their locations
        outside warehouses): one query, rows of product_id, location_id (the
        internal end), counter_id (who entered it), date and qty (absolute,
        product unit)."""
        if not adjustments or not days:
            return []
        locations = self.env['stock.location']
        if warehouse:
            # sudo: every location of the warehouse, whatever the user reads.
            locations = locations.sudo().search(
                [('id', 'child_of', warehouse.view_location_id.id)])
        for adj in adjustments:
            locations |= adj['location']
        since = (datetime.now() - timedelta(days=days)).strftime(
            DEFAULT_SERVER_DATETIME_FORMAT)
        self.env.cr.execute("""
            SELECT m.product_id,
                   CASE WHEN m.location_dest_id = ANY(%(locations)s)
                        THEN m.location_dest_id ELSE m.location_id END AS location_id,
                   COALESCE(
                       (SELECT l.write_uid FROM stock_inventory_line l
                         WHERE l.inventory_id = m.inventory_id
                           AND l.product_id = m.product_id
                           AND l.location_id IN (m.location_id, m.location_dest_id)
                         ORDER BY l.id LIMIT 1),
                       (SELECT s.create_uid FROM stock_scrap s WHERE s.move_id = m.id
                         LIMIT 1),
                       m.create_uid) AS counter_id,
                   m.date, m.product_qty AS qty
              FROM stock_move m
             WHERE m.state = 'done' AND m.date >= %(since)s
               AND m.product_id = ANY(%(products)s)
               AND (m.location_id = ANY(%(locations)s)
                    OR m.location_dest_id = ANY(%(locations)s))
               AND (m.inventory_id IS NOT NULL OR m.scrapped)
               AND (m.inventory_id IS NULL OR m.inventory_id != %(exclude)s)
        """, {
            'locations': locations.ids,
            'since': since,
            'products': list({adj['product'].id for adj in adjustments}),
            'exclude': exclude_inventory.id if exclude_inventory else 0,
        })
        return self.env.cr.dictfetchall()

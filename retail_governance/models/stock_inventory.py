# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .loading import is_loading_data
from .tier_review import REVIEW_GUARD, REVIEW_GUARD_KEY, with_review_guard

# Lines of an adjustment under approval are locked, except when the
# adjustment itself is reset or cancelled (see stock.inventory.line).
RESET_KEY = 'retail_inventory_reset'
RESET_TOKEN = object()


class StockInventory(models.Model):
    """Inventory adjustments under the retail adjustment rules.

    Lines beyond their rule's tolerance need the rule's approval tiers
    (base_tier_validation), approved in order, each by someone else than the
    requester and the counter, and no one twice. Lines with a difference need
    a reason code; rules may require evidence (an attachment).
    """
    _name = 'stock.inventory'
    _inherit = ['stock.inventory', 'mail.thread', 'mail.activity.mixin',
                'tier.validation', 'retail.audit.mixin']
    _state_from = ['confirm', 'pending']
    _state_to = ['done']
    _cancel_state = 'cancel'

    retail_requested_by_id = fields.Many2one(
        'res.users', string='Approval Requested By', readonly=True, copy=False)
    retail_over_rule_line_count = fields.Integer(
        string='Lines Beyond Tolerance', compute='_compute_retail_approval')
    retail_required_tiers = fields.Char(
        string='Approvals Required', compute='_compute_retail_approval')
    retail_evidence_required = fields.Boolean(
        string='Evidence Required', compute='_compute_retail_approval')
    retail_next_reviewer_ids = fields.Many2many(
        'res.users', string='Next Approvers', compute='_compute_retail_next_reviewer_ids',
        search='_search_retail_next_reviewer_ids')
    retail_account_move_ids = fields.Many2many(
        'account.move', string='Valuation Entries',
        compute='_compute_retail_account_move_ids',
        groups='account.group_account_invoice')
    retail_account_move_count = fields.Integer(
        string='Valuation Entry Count', compute='_compute_retail_account_move_ids',
        groups='account.group_account_invoice')

    @api.multi
    def _compute_retail_approval(self):
        tier_names = dict(self.env['tier.definition'].fields_get(
            ['retail_tier'])['retail_tier']['selection'])
        for inventory in self:
            tiers, evidence = inventory._retail_get_required_tiers()
            inventory.retail_over_rule_line_count = len(
                inventory.line_ids.filtered('retail_over_rule'))
            inventory.retail_required_tiers = ', '.join(
                tier_names[tier] for tier in tiers)
            inventory.retail_evidence_required = evidence

    @api.multi
    def _compute_retail_next_reviewer_ids(self):
        for inventory in self:
            review = inventory._retail_next_review()
            inventory.retail_next_reviewer_ids = review.reviewer_ids

    @api.model
    def _search_retail_next_reviewer_ids(self, operator, value):
        """Adjustments whose next tier to approve waits for the given users."""
        if operator not in ('=', 'in'):
            raise UserError(_("Unsupported search on next approvers."))
        user_ids = value if isinstance(value, (list, tuple)) else [value]
        reviews = self.env['tier.review'].search([
            ('model', '=', self._name), ('status', '!=', 'approved')],
            order='res_id, sequence')
        ids = set()
        seen = set()
        for review in reviews:
            if review.res_id in seen:
                continue
            seen.add(review.res_id)
            if set(review.reviewer_ids.ids) & set(user_ids):
                ids.add(review.res_id)
        return [('id', 'in', list(ids))]

    @api.multi
    def _compute_retail_account_move_ids(self):
        for inventory in self:
            # sudo: the entries are linked for readers of accounting (field
            # groups), whatever their rights on stock moves.
            moves = inventory.sudo().move_ids.mapped('account_move_ids')
            inventory.retail_account_move_ids = moves.ids
            inventory.retail_account_move_count = len(moves)

    @api.model
    def _get_under_validation_exceptions(self):
        res = super(StockInventory, self)._get_under_validation_exceptions()
        return res + ['retail_requested_by_id', 'message_follower_ids',
                      'activity_ids', 'message_ids']

    @api.multi
    def write(self, vals):
        if {'review_ids', 'review_ids_dropdown'} & set(vals):
            raise AccessError(_(
                "Approvals of adjustments are given with the Approve and Reject "
                "buttons of the adjustment, not by editing the reviews."))
        if ('retail_requested_by_id' in vals
                and self.env.context.get(REVIEW_GUARD_KEY) is not REVIEW_GUARD):
            raise AccessError(_(
                "Who requested an approval is recorded by the Request Approval "
                "button, not written."))
        inventories = with_review_guard(self)
        if vals.get('state') in ('draft', 'cancel'):
            # Resetting or cancelling an adjustment withdraws its approvals.
            inventories = inventories.with_context(**{RESET_KEY: RESET_TOKEN})
            inventories.mapped('review_ids').unlink()
            inventories.invalidate_cache(['review_ids'])
        return super(StockInventory, inventories).write(vals)

    @api.multi
    def action_done(self):
        self._retail_check_ready_to_validate()
        res = super(StockInventory, self).action_done()
        self._retail_after_validation()
        return res

    @api.multi
    def action_force_done(self):
        self._retail_check_ready_to_validate()
        res = super(StockInventory, self).action_force_done()
        self._retail_after_validation()
        return res

    def _check_group_inventory_validation_always(self):
        """Approved adjustments pass the discrepancy threshold of
        stock_inventory_discrepancy: the approval tiers are the control."""
        if self.review_ids and self.validated:
            return True
        return super(StockInventory, self)._check_group_inventory_validation_always()

    # ------------------------------------------------------------------
    # Tier validation
    # ------------------------------------------------------------------
    @api.multi
    def evaluate_tier(self, tier):
        if tier.retail_tier:
            if tier.company_id and tier.company_id != self.company_id:
                return False
            return tier.retail_tier in self._retail_get_required_tiers()[0]
        return super(StockInventory, self).evaluate_tier(tier)

    @api.multi
    def request_validation(self):
        to_request = self.filtered(
            lambda inv: inv.state in self._state_from and inv.need_validation)
        to_request._retail_check_reasons()
        to_request._retail_check_evidence()
        with_review_guard(to_request).write({'retail_requested_by_id': self.env.uid})
        reviews = super(StockInventory, with_review_guard(self)).request_validation()
        for inventory in to_request:
            inventory._retail_audit(
                'adjustment_requested',
                after={'tiers': inventory.retail_required_tiers},
                note=_('%s line(s) beyond tolerance') % inventory.retail_over_rule_line_count)
        return reviews

    @api.multi
    def validate_tier(self):
        for inventory in self:
            inventory._retail_check_can_approve()
        super(StockInventory, with_review_guard(self)).validate_tier()
        return True

    def _validate_tier(self, tiers=False):
        self.ensure_one()
        reviews = self._retail_approvable_reviews(tiers or self.review_ids)
        if not reviews:
            return
        res = super(StockInventory, with_review_guard(self))._validate_tier(reviews)
        self._retail_audit('adjustment_approved', after={
            'tier': reviews.mapped('name'), 'status': reviews.mapped('status')})
        return res

    @api.multi
    def reject_tier(self):
        for inventory in self:
            pending = inventory.review_ids.filtered(
                lambda r: r.status in ('pending', 'approved')
                and self.env.user in r.reviewer_ids)
            if not pending or self.env.user in inventory._retail_requesters():
                raise UserError(_(
                    "You are not an approver of adjustment %s.") % inventory.name)
        super(StockInventory, with_review_guard(self)).reject_tier()
        for inventory in self:
            inventory._retail_audit('adjustment_rejected')
        return True

    @api.multi
    def restart_validation(self):
        super(StockInventory, with_review_guard(self)).restart_validation()
        with_review_guard(self).write({'retail_requested_by_id': False})
        return True

    @api.multi
    def post_inventory(self):
        """Posts validated adjustments only: post_inventory is public, and
        called over RPC on an adjustment in progress (after action_check) it
        would move the stock past reasons, evidence and approvals."""
        draft = self.filtered(lambda inv: inv.state != 'done')
        if draft:
            raise UserError(_(
                "Adjustment %s is not validated: validate it to post its stock "
                "moves.") % ', '.join(draft.mapped('name')))
        # By chunks (see stock.move._action_done): the moves are independent.
        super(StockInventory, self.with_context(retail_chunked_done=True)).post_inventory()
        return True

    @api.multi
    def action_check(self):
        """Odoo's answers None, which XML-RPC cannot carry."""
        super(StockInventory, self).action_check()
        return True

    @api.multi
    def action_over_discrepancies(self):
        """stock_inventory_discrepancy's answers None, which XML-RPC cannot carry."""
        super(StockInventory, self).action_over_discrepancies()
        return True

    @api.multi
    def action_cancel_draft(self):
        """Odoo's answers None, which XML-RPC cannot carry."""
        super(StockInventory, self).action_cancel_draft()
        return True

    @api.multi
    def action_request_approval(self):
        """The button (and XML-RPC entry point) to request approval:
        request_validation returns the reviews, which RPC cannot marshal."""
        self.request_validation()
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.multi
    def _retail_get_warehouse(self):
        self.ensure_one()
        return self.location_id.get_warehouse()

    @api.multi
    def _retail_get_required_tiers(self):
        """(tiers, evidence required) of the lines beyond their rule."""
        self.ensure_one()
        Rule = self.env['retail.adjustment.rule'].sudo()
        if not Rule.search_count(Rule._get_rule_domain(self.company_id)):
            # no rule to judge the lines by (judging them reads their history)
            return [], False
        # Per rule: the lines' values, plus what adds up to each product in
        # the rule's window (a split needs the approvals of the whole).
        value_by_rule = defaultdict(float)
        window_by_rule = defaultdict(dict)
        for line in self.line_ids.filtered('retail_over_rule'):
            rule = line.retail_rule_id
            value_by_rule[rule] += line.retail_value_diff
            window = window_by_rule[rule]
            window[line.product_id] = max(window.get(line.product_id, 0.0),
                                          line.retail_window_value)
        tiers = set()
        evidence = False
        for rule, value in value_by_rule.items():
            tiers.update(rule._get_required_tiers(
                value + sum(window_by_rule[rule].values())))
            evidence = evidence or rule.evidence_required
        order = self.env['retail.adjustment.rule']._get_tier_codes()
        return sorted(tiers, key=order.index), evidence

    @api.multi
    def _retail_requesters(self):
        """Users who may not approve: the requester, and whoever entered the
        counts that differ from the system."""
        self.ensure_one()
        counted = self.line_ids.filtered(lambda l: l._retail_has_difference())
        return self.retail_requested_by_id | counted.mapped('write_uid')

    @api.multi
    def _retail_next_review(self):
        self.ensure_one()
        return self.review_ids.filtered(
            lambda r: r.status != 'approved').sorted('sequence')[:1]

    @api.multi
    def _retail_approvable_reviews(self, reviews):
        """The one review the current user may approve now, among ``reviews``."""
        self.ensure_one()
        user = self.env.user
        next_review = self._retail_next_review()
        if (not next_review or next_review not in reviews
                or user not in next_review.reviewer_ids
                or user in self._retail_requesters()
                or self.review_ids.filtered(
                    lambda r: r.status == 'approved' and r.done_by == user)):
            return self.env['tier.review']
        return next_review

    @api.multi
    def _retail_check_can_approve(self):
        self.ensure_one()
        user = self.env.user
        next_review = self._retail_next_review()
        if not next_review:
            raise UserError(_("Adjustment %s waits for no approval.") % self.name)
        if user in self._retail_requesters():
            raise UserError(_(
                "You cannot approve adjustment %s: you requested it or entered "
                "its counts.")
                % self.name)
        if self.review_ids.filtered(
                lambda r: r.status == 'approved' and r.done_by == user):
            raise UserError(_(
                "You already approved a tier of adjustment %s: each tier needs "
                "another approver.") % self.name)
        if user not in next_review.reviewer_ids:
            raise UserError(_(
                "Adjustment %s waits for the approval '%s', which is not yours "
                "to give.") % (self.name, next_review.name))

    @api.multi
    def _retail_check_reasons(self):
        if is_loading_data(self.env):
            return
        for inventory in self:
            missing = inventory.line_ids.filtered(
                lambda l: l._retail_has_difference() and not l.retail_reason_id)
            if missing:
                raise UserError(_(
                    "Adjustment %s: give a reason code to every line with a "
                    "difference (%s).") % (
                        inventory.name,
                        ', '.join(missing[:5].mapped('product_id.display_name'))))

    @api.multi
    def _retail_check_evidence(self):
        if is_loading_data(self.env):
            return
        for inventory in self:
            if not inventory._retail_get_required_tiers()[1]:
                continue
            # sudo: count the attachments whoever attached them.
            count = self.env['ir.attachment'].sudo().search_count([
                ('res_model', '=', self._name), ('res_id', '=', inventory.id)])
            if not count:
                raise UserError(_(
                    "Adjustment %s needs evidence: attach a photo or a report "
                    "before requesting approval or validating.") % inventory.name)

    @api.multi
    def _retail_check_ready_to_validate(self):
        """Not validated yet; reasons, evidence and approvals, before anything
        is posted."""
        for inventory in self.filtered(lambda inv: inv.state in ('done', 'cancel')):
            # Odoo 11 would answer True and log the validation (and raise a
            # cycle count's variances) a second time.
            raise UserError(_(
                "Adjustment %s is already %s: an adjustment is validated once.") % (
                    inventory.name,
                    dict(inventory._fields['state'].selection)[inventory.state].lower()))
        self._retail_check_reasons()
        self._retail_check_evidence()
        for inventory in self:
            tiers = inventory._retail_get_required_tiers()[0]
            if tiers and not (inventory.review_ids and inventory.validated):
                raise UserError(_(
                    "Adjustment %s is beyond the tolerance of its adjustment rule: "
                    "request approval (%s) before validating it.") % (
                        inventory.name, inventory.retail_required_tiers))

    @api.multi
    def _retail_after_validation(self):
        # A fresh cache: after thousands of moves posted, Odoo's cache lookups
        # go through all of them at every field read.
        self.recompute()
        self.invalidate_cache()
        for inventory in self.filtered(lambda inv: inv.state == 'done'):
            rows = inventory._retail_counted_differences()
            inventory._retail_audit(
                'adjustment_validated',
                before={name: system_qty for name, system_qty, _qty, _reason in rows},
                after={name: qty for name, _system_qty, qty, _reason in rows},
                note=', '.join('%s: %s' % (name, reason) for name, _s, _q, reason in rows[:20]))
            if inventory.cycle_count_id:
                inventory._retail_raise_count_variances()

    @api.multi
    def _retail_counted_differences(self):
        """[(product, system quantity, counted quantity, reason)] of the lines
        that differ, in the lines' order, products named as name_get names
        them. One query: after thousands of moves posted, reading the lines
        and names through the ORM took 10 % of a 5,000-line validation.
        Reads the stored values: the caller recomputes first."""
        self.ensure_one()
        self.env.cr.execute("""
            SELECT CASE WHEN pp.default_code IS NOT NULL
                        THEN '[' || pp.default_code || '] ' ELSE '' END
                   || pt.name
                   || coalesce(' (' || (
                        SELECT string_agg(v.name, ', ' ORDER BY v.sequence, v.attribute_id, v.id)
                          FROM product_attribute_value_product_product_rel rel
                          JOIN product_attribute_value v
                            ON v.id = rel.product_attribute_value_id
                         WHERE rel.product_product_id = pp.id) || ')', ''),
                   l.theoretical_qty::float8, l.product_qty::float8, r.name
              FROM stock_inventory_line l
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN product_uom u ON u.id = l.product_uom_id
              LEFT JOIN retail_adjustment_reason r ON r.id = l.retail_reason_id
             WHERE l.inventory_id = %s
               AND round(((l.product_qty - l.theoretical_qty)
                          / coalesce(nullif(u.rounding, 0), 0.001))::numeric) != 0
             ORDER BY l.location_name, l.product_code, l.product_name, l.prodlot_name, l.id
        """, (self.id,))
        return self.env.cr.fetchall()

    @api.multi
    def _retail_raise_count_variances(self):
        self.ensure_one()
        self.env['retail.exception'].raise_exceptions([dict(
            exception_type='count_variance', location=line.location_id,
            product=line.product_id, quantity=line.product_qty - line.theoretical_qty,
            value=line.retail_value_diff, source=self,
            description=_('Cycle count %s: %s counted, %s expected.') % (
                self.cycle_count_id.name, line.product_qty, line.theoretical_qty))
            for line in self.line_ids.filtered('retail_over_rule')])

    @api.multi
    def action_view_retail_account_moves(self):
        self.ensure_one()
        action = self.env.ref('account.action_move_journal_line').read()[0]
        action['domain'] = [('id', 'in', self.retail_account_move_ids.ids)]
        action['context'] = {}
        return action

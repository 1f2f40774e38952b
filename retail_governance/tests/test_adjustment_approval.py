# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import GovernanceCase


class TestAdjustmentApproval(GovernanceCase):
    """Adjustments beyond their rule's tolerance need every tier, in order."""

    def _approve(self, inventory, *users):
        for user in users:
            inventory.sudo(user).validate_tier()

    def test_below_tolerance_validates_without_approval(self):
        """A difference within every tolerance validates as in standard Odoo."""
        inventory = self._count(self.clerk_a, {self.product: 95})
        self.assertFalse(inventory.retail_required_tiers)
        inventory.sudo(self.clerk_a).action_done()
        self.assertEqual(inventory.state, 'done')
        self.assertEqual(self._on_hand(self.product), 95)

    def test_above_quantity_tolerance_needs_approval(self):
        """A difference above the quantity tolerance cannot be validated unapproved."""
        inventory = self._count(self.clerk_a, {self.product: 85})
        with self.assertRaises(UserError):
            inventory.sudo(self.clerk_a).action_done()
        self.assertEqual(inventory.state, 'confirm')
        self.assertEqual(self._on_hand(self.product), 100)

    def test_above_value_tolerance_needs_approval(self):
        """A small quantity of an expensive product above the value tolerance needs approval."""
        inventory = self._count(self.clerk_a, {self.product_expensive: 47})
        self.assertEqual(inventory.retail_over_rule_line_count, 1)
        with self.assertRaises(UserError):
            inventory.sudo(self.clerk_a).action_done()

    def test_above_percentage_tolerance_needs_approval(self):
        """A cheap, small difference above the percentage tolerance needs approval."""
        inventory = self._count(self.clerk_a, {self.product_cheap: 15})
        self.assertEqual(inventory.retail_over_rule_line_count, 1)
        with self.assertRaises(UserError):
            inventory.sudo(self.clerk_a).action_done()

    def test_direct_state_write_is_refused(self):
        """Writing the done state directly does not skip the approval."""
        inventory = self._count(self.clerk_a, {self.product: 85})
        with self.assertRaises((UserError, ValidationError)):
            inventory.sudo(self.clerk_a).write({'state': 'done'})

    def test_force_validation_is_governed(self):
        """The discrepancy module's force validation does not skip the approval."""
        inventory = self._count(self.controller, {self.product: 85})
        with self.assertRaises((UserError, ValidationError)):
            inventory.sudo(self.retail_admin).action_force_done()
        self.assertEqual(self._on_hand(self.product), 100)

    def test_tiers_approved_in_order_then_validated(self):
        """Store manager, then inventory controller approve; then it validates."""
        inventory = self._count(self.clerk_a, {self.product: 85})
        inventory.sudo(self.clerk_a).request_validation()
        tiers = inventory.review_ids.sorted('sequence').mapped('definition_id.retail_tier')
        self.assertEqual(tiers, ['store_manager', 'inventory_controller'])
        with self.assertRaises(UserError):
            inventory.sudo(self.controller).validate_tier()
        self._approve(inventory, self.manager_a, self.controller)
        self.assertTrue(inventory.validated)
        inventory.sudo(self.clerk_a).action_done()
        self.assertEqual(inventory.state, 'done')
        self.assertEqual(self._on_hand(self.product), 85)

    def test_finance_required_above_value(self):
        """Finance approves only when the value beyond tolerance exceeds the finance value."""
        small = self._count(self.clerk_a, {self.product_expensive: 47})
        small.sudo(self.clerk_a).request_validation()
        self.assertNotIn('finance', small.review_ids.mapped('definition_id.retail_tier'))
        small.sudo(self.controller).action_cancel_draft()
        large = self._count(self.clerk_a2, {self.product_expensive: 44})
        large.sudo(self.clerk_a2).request_validation()
        self.assertEqual(large.review_ids.sorted('sequence').mapped('definition_id.retail_tier'),
                         ['store_manager', 'inventory_controller', 'finance'])
        self._approve(large, self.manager_a, self.controller)
        self.assertFalse(large.validated)
        self.assertIn(large, self.env['stock.inventory'].sudo(self.finance).search(
            [('retail_next_reviewer_ids', 'in', [self.finance.id])]))
        self._approve(large, self.finance)
        large.sudo(self.clerk_a2).action_done()
        self.assertEqual(self._on_hand(self.product_expensive), 44)

    def test_requester_cannot_approve_own_request(self):
        """The store manager who counted and requested cannot approve it."""
        inventory = self._count(self.manager_a, {self.product: 85})
        inventory.sudo(self.manager_a).request_validation()
        with self.assertRaises(UserError):
            inventory.sudo(self.manager_a).validate_tier()
        self.assertFalse(inventory.review_ids.filtered(lambda r: r.status == 'approved'))

    def test_validating_own_adjustment_does_not_auto_approve(self):
        """Unlike base_tier_validation, a reviewer's own validation does not approve it."""
        inventory = self._count(self.retail_admin, {self.product: 85})
        with self.assertRaises((UserError, ValidationError)):
            inventory.sudo(self.retail_admin).action_done()
        self.assertEqual(self._on_hand(self.product), 100)

    def test_one_approver_per_tier(self):
        """Someone holding every role approves one tier of a request, not two."""
        inventory = self._count(self.clerk_a, {self.product: 85})
        inventory.sudo(self.clerk_a).request_validation()
        self._approve(inventory, self.retail_admin)
        with self.assertRaises(UserError):
            inventory.sudo(self.retail_admin).validate_tier()

    def test_other_store_manager_is_no_reviewer(self):
        """The manager of another store does not approve this store's adjustments."""
        inventory = self._count(self.clerk_a, {self.product: 85})
        inventory.sudo(self.clerk_a).request_validation()
        first = inventory.review_ids.sorted('sequence')[0]
        self.assertIn(self.manager_a, first.reviewer_ids)
        self.assertNotIn(self.manager_b, first.reviewer_ids)

    def test_reviews_cannot_be_edited(self):
        """Approvals are given by the approve button only, not by writing the reviews."""
        inventory = self._count(self.clerk_a, {self.product: 85})
        inventory.sudo(self.clerk_a).request_validation()
        review = inventory.review_ids[0]
        with self.assertRaises(AccessError):
            review.sudo(self.clerk_a).write({'status': 'approved'})
        with self.assertRaises(AccessError):
            inventory.sudo(self.clerk_a).write(
                {'review_ids': [(1, review.id, {'status': 'approved'})]})
        with self.assertRaises(AccessError):
            self.env['tier.review'].sudo(self.clerk_a).create({
                'model': 'stock.inventory', 'res_id': inventory.id, 'status': 'approved'})

    def test_counts_locked_under_approval(self):
        """Counts cannot change once approval is requested."""
        inventory = self._count(self.clerk_a, {self.product: 85})
        inventory.sudo(self.clerk_a).request_validation()
        with self.assertRaises(UserError):
            inventory.line_ids.sudo(self.clerk_a).write({'product_qty': 80})

    def test_rejection_blocks_validation(self):
        """A rejected adjustment cannot be validated until approval restarts."""
        inventory = self._count(self.clerk_a, {self.product: 85})
        inventory.sudo(self.clerk_a).request_validation()
        inventory.sudo(self.manager_a).reject_tier()
        self.assertTrue(inventory.rejected)
        with self.assertRaises((UserError, ValidationError)):
            inventory.sudo(self.clerk_a).action_done()
        inventory.sudo(self.clerk_a).restart_validation()
        self.assertFalse(inventory.review_ids)

    def test_reason_code_required(self):
        """Every line with a difference needs a reason code."""
        inventory = self._count(self.clerk_a, {self.product: 95})
        inventory.line_ids.sudo(self.clerk_a).write({'retail_reason_id': False})
        with self.assertRaises(UserError):
            inventory.sudo(self.clerk_a).action_done()
        inventory.line_ids.sudo(self.clerk_a).write({'retail_reason_id': self.reason_count.id})
        inventory.sudo(self.clerk_a).action_done()
        self.assertEqual(inventory.state, 'done')

    def test_evidence_required(self):
        """Where the rule requires evidence, nothing proceeds without an attachment."""
        self.rule.evidence_required = True
        inventory = self._count(self.clerk_a, {self.product: 85})
        with self.assertRaises(UserError):
            inventory.sudo(self.clerk_a).request_validation()
        self._attach(self.clerk_a, inventory)
        inventory.sudo(self.clerk_a).request_validation()
        self._approve(inventory, self.manager_a, self.controller)
        inventory.sudo(self.clerk_a).action_done()
        self.assertEqual(inventory.state, 'done')

    def test_rule_scope_by_family(self):
        """A rule limited to another product family does not apply."""
        self.rule.product_categ_ids = self.env['product.category'].create({'name': 'Other'})
        inventory = self._count(self.clerk_a, {self.product: 85})
        self.assertFalse(inventory.retail_over_rule_line_count)
        inventory.sudo(self.clerk_a).action_done()
        self.assertEqual(inventory.state, 'done')

    def test_other_company_rules_invisible(self):
        """Rules of company A are neither visible to nor applied in company B."""
        self.assertFalse(self.env['retail.adjustment.rule'].sudo(self.clerk_c).search(
            [('id', '=', self.rule.id)]))
        rule_b = self.env['retail.adjustment.rule'].create(self._prepare_rule_vals(
            name='Company B', company_id=self.company_b.id,
            warehouse_ids=[(6, 0, self.store_c.ids)]))
        self.assertFalse(self.env['retail.adjustment.rule'].sudo(self.clerk_a).search(
            [('id', '=', rule_b.id)]))

    def test_valuation_entries_linked(self):
        """With real-time valuation the validated adjustment links its journal entries."""
        self.family.property_valuation = 'real_time'
        inventory = self._count(self.clerk_a, {self.product: 95})
        inventory.sudo(self.clerk_a).action_done()
        moves = inventory.sudo(self.finance).retail_account_move_ids
        self.assertEqual(len(moves), 1)
        self.assertAlmostEqual(sum(moves.mapped('amount')), 50.0)

    def test_posting_moves_directly_is_refused(self):
        """Generating and posting an adjustment's moves by their public methods skips nothing."""
        inventory = self._count(self.clerk_a, {self.product: 85})
        inventory.sudo(self.clerk_a).action_check()
        with self.assertRaises(UserError):
            inventory.sudo(self.clerk_a).post_inventory()
        self.assertEqual(self._on_hand(self.product), 100)
        self.assertEqual(inventory.state, 'confirm')

    def test_requester_cannot_be_rewritten(self):
        """Who requested an approval is the system's record: nobody rewrites it to approve."""
        inventory = self._count(self.clerk_a, {self.product: 85})
        inventory.sudo(self.manager_a).request_validation()
        with self.assertRaises(AccessError):
            inventory.sudo(self.manager_a).write({'retail_requested_by_id': self.clerk_a.id})
        self.assertEqual(inventory.retail_requested_by_id, self.manager_a)
        with self.assertRaises(UserError):
            inventory.sudo(self.manager_a).validate_tier()

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError

from .common import GovernanceCase


class TestCumulativeTolerance(GovernanceCase):
    """Adjustments, scraps and quantity changes of a product add up over the
    rule's window, per location and per counter: a split needs the approvals
    of the whole."""

    @classmethod
    def setUpClass(cls):
        super(TestCumulativeTolerance, cls).setUpClass()
        cls.rule.window_days = 7

    def _count_at(self, user, location, product, qty):
        inventory = self.env['stock.inventory'].sudo(user).create({
            'name': 'Count by %s' % user.login, 'filter': 'partial',
            'location_id': location.id})
        inventory.action_start()
        self.env['stock.inventory.line'].sudo(user).create({
            'inventory_id': inventory.id, 'product_id': product.id,
            'location_id': location.id, 'product_qty': qty,
            'retail_reason_id': self.reason_damage.id})
        return inventory

    def _approve_and_validate(self, inventory, requester):
        inventory.sudo(requester).request_validation()
        inventory.sudo(self.manager_a).validate_tier()
        inventory.sudo(self.controller).validate_tier()
        inventory.sudo(requester).action_done()
        self.assertEqual(inventory.state, 'done')

    def _scrap(self, user, qty):
        scrap = self.env['stock.scrap'].sudo(user).create({
            'product_id': self.product.id, 'product_uom_id': self.product.uom_id.id,
            'scrap_qty': qty, 'location_id': self.store_a.lot_stock_id.id,
            'retail_reason_id': self.reason_damage.id})
        scrap.do_scrap()
        return scrap

    def test_split_adjustments_need_approval(self):
        """Of six 9-unit adjustments under a 10-unit tolerance, the second needs approval."""
        first = self._count(self.clerk_a, {self.product: 91})
        self.assertFalse(first.line_ids.retail_over_rule)
        first.sudo(self.clerk_a).action_done()
        second = self._count(self.clerk_a, {self.product: 82})
        self.assertEqual(second.line_ids.retail_window_qty, 9)
        self.assertTrue(second.line_ids.retail_over_rule)
        with self.assertRaises(UserError):
            second.sudo(self.clerk_a).action_done()
        self.assertEqual(self._on_hand(self.product), 91)

    def test_split_needs_the_tiers_of_the_whole(self):
        """Three 2-unit counts of a 200 product need finance on the third, as 6 units at once do."""
        whole = self._count(self.clerk_a, {self.product_expensive: 44})
        self.assertEqual(whole._retail_get_required_tiers()[0],
                         ['store_manager', 'inventory_controller', 'finance'])
        whole.sudo(self.controller).action_cancel_draft()
        self._count(self.clerk_a, {self.product_expensive: 48}).sudo(self.clerk_a).action_done()
        second = self._count(self.clerk_a, {self.product_expensive: 46})
        self.assertEqual(second._retail_get_required_tiers()[0],
                         ['store_manager', 'inventory_controller'])
        self._approve_and_validate(second, self.clerk_a)
        third = self._count(self.clerk_a, {self.product_expensive: 44})
        self.assertEqual(third.line_ids.retail_window_qty, 4)
        self.assertEqual(third._retail_get_required_tiers()[0],
                         ['store_manager', 'inventory_controller', 'finance'])

    def test_scraps_count_in_the_window(self):
        """After an 8-unit scrap, a 3-unit count difference is beyond the 10-unit tolerance."""
        self._scrap(self.clerk_a, 8)
        inventory = self._count(self.clerk_a, {self.product: 89})
        self.assertEqual(inventory.line_ids.retail_window_qty, 8)
        self.assertTrue(inventory.line_ids.retail_over_rule)

    def test_split_scraps_refused(self):
        """Two 6-unit scraps: the second is beyond the tolerance and refused."""
        self._scrap(self.clerk_a, 6)
        with self.assertRaises(UserError):
            self._scrap(self.clerk_a, 6)
        self.assertEqual(self._on_hand(self.product), 94)

    def test_quantity_wizard_counts_in_the_window(self):
        """A quantity-wizard change counts: after it set 94, a 5-unit difference needs approval."""
        self.env['stock.change.product.qty'].sudo(self.controller).create({
            'product_id': self.product.id,
            'product_tmpl_id': self.product.product_tmpl_id.id,
            'new_quantity': 94, 'location_id': self.store_a.lot_stock_id.id,
            'retail_reason_id': self.reason_count.id}).change_product_qty()
        inventory = self._count(self.clerk_a, {self.product: 89})
        self.assertEqual(inventory.line_ids.retail_window_qty, 6)
        self.assertTrue(inventory.line_ids.retail_over_rule)

    def test_counter_adds_up_across_locations(self):
        """One counter's 6-unit finds on two shelves of a store add up; another counter's do not."""
        self.rule.percent_threshold = 0
        Location = self.env['stock.location']
        shelves = [Location.create({
            'name': name, 'usage': 'internal',
            'location_id': self.store_a.lot_stock_id.id}) for name in ('S1', 'S2', 'S3')]
        self._count_at(self.clerk_a, shelves[0], self.product, 6).sudo(
            self.clerk_a).action_done()
        mine = self._count_at(self.clerk_a, shelves[1], self.product, 6)
        self.assertEqual(mine.line_ids.retail_window_qty, 6)
        self.assertTrue(mine.line_ids.retail_over_rule)
        other = self._count_at(self.clerk_a2, shelves[2], self.product, 6)
        self.assertEqual(other.line_ids.retail_window_qty, 0)
        self.assertFalse(other.line_ids.retail_over_rule)

    def test_window_expires(self):
        """Adjustments older than the rule's window no longer count."""
        first = self._count(self.clerk_a, {self.product: 91})
        first.sudo(self.clerk_a).action_done()
        self.env.cr.execute(
            "UPDATE stock_move SET date = date - interval '8 days' WHERE inventory_id = %s",
            (first.id,))
        second = self._count(self.clerk_a, {self.product: 82})
        self.assertEqual(second.line_ids.retail_window_qty, 0)
        self.assertFalse(second.line_ids.retail_over_rule)
        second.sudo(self.clerk_a).action_done()
        self.assertEqual(self._on_hand(self.product), 82)

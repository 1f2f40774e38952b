# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import GovernanceCase


class TestCycleCount(GovernanceCase):
    """High-risk SKUs are scheduled for counting, and counts feed the rules."""

    @classmethod
    def setUpClass(cls):
        super(TestCycleCount, cls).setUpClass()
        cls.cc_rule = cls.env['stock.cycle.count.rule'].create({
            'name': 'High risk', 'rule_type': 'retail_risk',
            'retail_value_share': 60, 'retail_variance_days': 30,
            'retail_variance_percent': 5,
            'warehouse_ids': [(6, 0, cls.store_a.ids)]})
        cls.store_a.write({'cycle_count_planning_horizon': 10,
                           'cycle_count_rule_ids': [(6, 0, cls.cc_rule.ids)]})

    def _schedule(self):
        self.store_a.sudo(self.controller).action_compute_cycle_count_rules()
        return self.env['stock.cycle.count'].search([
            ('location_id', '=', self.store_a.lot_stock_id.id), ('state', '=', 'draft')])

    def test_value_class_a_scheduled(self):
        """The products making most of the location's value are scheduled, not the cheap ones."""
        count = self._schedule()
        self.assertEqual(len(count), 1)
        self.assertIn(self.product_expensive, count.retail_product_ids)
        self.assertNotIn(self.product_cheap, count.retail_product_ids)

    def test_recent_variance_scheduled(self):
        """A product with a recent count variance is scheduled however cheap."""
        inventory = self._count(self.clerk_a, {self.product_cheap: 18})
        inventory.sudo(self.clerk_a).action_done()
        count = self._schedule()
        self.assertIn(self.product_cheap, count.retail_product_ids)

    def test_count_document_and_variance_exception(self):
        """The count document lists the high-risk products; a variance beyond
        tolerance is an exception."""
        count = self._schedule()
        count.sudo(self.controller).action_create_inventory_adjustment()
        inventory = count.stock_adjustment_ids
        self.assertEqual(inventory.line_ids.mapped('product_id'), count.retail_product_ids)
        self.assertEqual(inventory.line_ids.filtered(
            lambda l: l.product_id == self.product_expensive).product_qty, 50)
        inventory.action_start()
        line = inventory.line_ids.filtered(lambda l: l.product_id == self.product_expensive)
        line.sudo(self.clerk_a).write({
            'product_qty': 46, 'retail_reason_id': self.reason_theft().id})
        inventory.sudo(self.clerk_a).request_validation()
        inventory.sudo(self.manager_a).validate_tier()
        inventory.sudo(self.controller).validate_tier()
        inventory.sudo(self.clerk_a).action_done()
        self.assertEqual(count.state, 'done')
        exception = self.env['retail.exception'].search([
            ('exception_type', '=', 'count_variance'),
            ('product_id', '=', self.product_expensive.id)])
        self.assertEqual(exception.quantity, -4)

    def reason_theft(self):
        return self.env.ref('retail_governance.reason_theft')

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

    def test_count_keeps_consigned_units_under_their_owner(self):
        """Validating an untouched count of a location holding consigned units changes nothing."""
        vendor = self.env['res.partner'].create({'name': 'GV Consignor'})
        self._set_stock(self.store_a, {self.product_expensive: 5}, owner=vendor)
        count = self._schedule()
        count.sudo(self.controller).action_create_inventory_adjustment()
        inventory = count.stock_adjustment_ids
        inventory.sudo(self.controller).action_start()
        lines = inventory.line_ids.filtered(lambda l: l.product_id == self.product_expensive)
        self.assertEqual(sorted((l.partner_id.id, l.product_qty, l.theoretical_qty)
                                for l in lines),
                         sorted([(False, 50, 50), (vendor.id, 5, 5)]))
        inventory.sudo(self.controller).action_done()
        self.assertEqual(inventory.state, 'done')
        self.assertFalse(inventory.move_ids)
        quants = self.env['stock.quant'].search([
            ('product_id', '=', self.product_expensive.id),
            ('location_id', '=', self.store_a.lot_stock_id.id)])
        self.assertEqual(sum(quants.filtered(lambda q: not q.owner_id).mapped('quantity')), 50)
        self.assertEqual(sum(quants.filtered(lambda q: q.owner_id == vendor).mapped('quantity')), 5)

    def test_consigned_units_are_not_our_value(self):
        """Consigned units do not make a product value class A."""
        vendor = self.env['res.partner'].create({'name': 'GV Consignor'})
        self._set_stock(self.store_a, {self.product_cheap: 100000}, owner=vendor)
        self.assertNotIn(self.product_cheap, self._schedule().retail_product_ids)

    def test_scheduling_answers_xmlrpc_values(self):
        """Computing and cancelling cycle counts answer True, which XML-RPC can carry."""
        self.assertIs(self.store_a.sudo(self.controller).action_compute_cycle_count_rules(), True)
        count = self.env['stock.cycle.count'].search([
            ('location_id', '=', self.store_a.lot_stock_id.id), ('state', '=', 'draft')])
        self.assertIs(count.sudo(self.controller).do_cancel(), True)
        self.assertEqual(count.state, 'cancelled')

    def reason_theft(self):
        return self.env.ref('retail_governance.reason_theft')


class TestZeroConfirmation(GovernanceCase):
    """stock_cycle_count's zero confirmation: a location emptied by a move is
    counted, where its warehouse has a zero-confirmation rule."""

    def _empty_store_b(self):
        """Store B's only product leaves its stock for a customer, all of it."""
        customers = self.env.ref('stock.stock_location_customers')
        move = self.env['stock.move'].create({
            'name': 'Sold out', 'product_id': self.product.id,
            'product_uom': self.product.uom_id.id, 'product_uom_qty': 100,
            'location_id': self.store_b.lot_stock_id.id, 'location_dest_id': customers.id})
        move._action_confirm()
        move._action_assign()
        move.move_line_ids.write({'qty_done': 100})
        move._action_done()

    def _zero_counts(self):
        return self.env['stock.cycle.count'].search([
            ('location_id', '=', self.store_b.lot_stock_id.id), ('state', '=', 'draft')])

    def test_emptied_location_counted_where_a_zero_rule_applies(self):
        self.env['stock.cycle.count.rule'].create({
            'name': 'Zero confirmation', 'rule_type': 'zero',
            'warehouse_ids': [(6, 0, self.store_b.ids)]})
        self._empty_store_b()
        self.assertEqual(len(self._zero_counts()), 1)

    def test_no_count_without_a_zero_rule(self):
        self._empty_store_b()
        self.assertFalse(self._zero_counts())

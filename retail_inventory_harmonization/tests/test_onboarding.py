# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.retail_governance.tests.common import (
    create_retail_user, receive_from_vendor)
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase


class TestStoreOnboarding(SavepointCase):
    """A DC with 100 units of a product, a cluster it supplies with a fixed
    min/max policy (5 / 20) for the product's family, a sales channel, an
    adjustment rule scoped to another warehouse, and a template of all that
    whose staff become store managers."""

    @classmethod
    def setUpClass(cls):
        super(TestStoreOnboarding, cls).setUpClass()
        cls.env = cls.env(context=dict(
            cls.env.context, tracking_disable=True,
            retail_replenishment_in_transaction=True))
        cls.company = cls.env.user.company_id
        Warehouse = cls.env['stock.warehouse']
        cls.dc = Warehouse.create({'name': 'Onboarding DC', 'code': 'OBDC'})
        cls.other_store = Warehouse.create({'name': 'Onboarding Other', 'code': 'OBOT'})
        cls.admin = create_retail_user(cls.env, 'ob_admin', 'group_retail_admin')
        cls.planner = create_retail_user(cls.env, 'ob_planner', 'group_planner')
        cls.clerk = create_retail_user(cls.env, 'ob_clerk', 'group_store_clerk',
                                       warehouses=cls.other_store)
        cls.staff = create_retail_user(cls.env, 'ob_staff')
        cls.family = cls.env['product.category'].create({'name': 'Onboarding family'})
        cls.product = cls.env['product.product'].create({
            'name': 'Onboarding Tee', 'type': 'product', 'categ_id': cls.family.id,
            'standard_price': 4.0, 'list_price': 10.0})
        receive_from_vendor(cls.env, cls.dc.lot_stock_id, {cls.product: 100})
        cls.cluster = cls.env['retail.store.cluster'].create({
            'name': 'Onboarding cluster', 'code': 'OBCL', 'supply_warehouse_id': cls.dc.id,
            'planner_id': cls.planner.id})
        cls.env['retail.replenishment.policy'].create({
            'name': 'Onboarding tees', 'cluster_id': cls.cluster.id,
            'categ_id': cls.family.id, 'method': 'fixed', 'min_qty': 5, 'max_qty': 20})
        cls.team = cls.env['crm.team'].create({'name': 'Onboarding walk-in'})
        cls.channel = cls.env['retail.sales.channel'].create({
            'name': 'Onboarding stores', 'code': 'OBCH', 'team_ids': [(6, 0, cls.team.ids)]})
        cls.rule = cls.env['retail.adjustment.rule'].create({
            'name': 'Onboarding rule', 'warehouse_ids': [(6, 0, cls.other_store.ids)],
            'qty_threshold': 10, 'require_store_manager': True})
        cls.template = cls.env['retail.store.template'].sudo(cls.admin).create({
            'name': 'Onboarding format', 'cluster_id': cls.cluster.id,
            'channel_line_ids': [(0, 0, {'channel_id': cls.channel.id, 'floor_qty': 2})],
            'adjustment_rule_ids': [(6, 0, cls.rule.ids)],
            'group_ids': [(6, 0, cls.env.ref('retail_governance.group_store_manager').ids)],
        })

    def _onboard(self, code='OB01', name='Onboarding Store 1', user=None):
        wizard = self.env['retail.store.onboarding'].sudo(user or self.admin).create({
            'template_id': self.template.id, 'code': code, 'name': name,
            'user_ids': [(6, 0, self.staff.ids)]})
        action = wizard.action_onboard()
        return self.env['stock.warehouse'].browse(action['res_id'])

    @staticmethod
    def _validate(pickings):
        for picking in pickings:
            picking.action_assign()
            for move in picking.move_lines:
                for line in move.move_line_ids:
                    line.qty_done = line.product_uom_qty
            picking.action_done()

    def _on_hand(self, warehouse):
        return self.product.with_context(location=warehouse.lot_stock_id.id).qty_available

    def test_onboarded_store_is_configured(self):
        """One step gives the store its locations, route, cluster rules, channel,
        adjustment rule and staff."""
        store = self._onboard()
        self.assertEqual(store.code, 'OB01')
        self.assertTrue(store.retail_damaged_location_id)
        self.assertTrue(store.retail_quarantine_location_id)
        self.assertTrue(store.retail_returns_location_id)
        self.assertEqual(store.resupply_wh_ids, self.dc)
        self.assertEqual(store.retail_cluster_id, self.cluster)
        orderpoint = self.env['stock.warehouse.orderpoint'].search([
            ('warehouse_id', '=', store.id), ('product_id', '=', self.product.id)])
        self.assertEqual((orderpoint.product_min_qty, orderpoint.product_max_qty), (5, 20))
        line = self.channel.warehouse_line_ids.filtered(lambda l: l.warehouse_id == store)
        self.assertEqual(line.floor_qty, 2)
        self.assertIn(store, self.rule.warehouse_ids)
        self.assertIn(store, self.staff.retail_warehouse_ids)
        self.assertTrue(self.staff.has_group('retail_governance.group_store_manager'))

    def test_onboarded_store_replenished_sells_and_counts(self):
        """End to end: a run supplies the new store, then it sells and counts."""
        store = self._onboard()
        Run = self.env['retail.replenishment.run'].sudo(self.planner)
        run = Run.browse(Run.action_run_clusters(self.cluster.ids)['res_id'])
        self.assertEqual(run.state, 'done')
        moves = self.env['stock.move'].search([
            ('group_id', 'in', run.procurement_group_ids.ids),
            ('product_id', '=', self.product.id)])
        to_store = moves.filtered(lambda m: m.location_dest_id == store.lot_stock_id)
        self.assertEqual(sum(to_store.mapped('product_uom_qty')), 20)
        # The DC ships, the store receives through the transit location.
        self._validate(moves.mapped('picking_id').filtered(
            lambda p: p.location_dest_id.usage == 'transit'))
        self._validate(to_store.mapped('picking_id'))
        self.assertEqual(self._on_hand(store), 20)
        # The channel sells what lies above the store's floor of 2.
        self.assertEqual(self.channel.available_to_sell(self.product.ids)[0]['qty'], 18)
        order = self.env['sale.order'].create({
            'partner_id': self.env['res.partner'].create({'name': 'Walk-in'}).id,
            'team_id': self.team.id, 'warehouse_id': store.id,
            'order_line': [(0, 0, {'product_id': self.product.id, 'product_uom_qty': 3})]})
        order.action_confirm()
        self._validate(order.picking_ids)
        self.assertEqual(self._on_hand(store), 17)
        # The staff count it: one unit less, within the rule's tolerance.
        manager = self.staff
        inventory = self.env['stock.inventory'].sudo(manager).create({
            'name': 'First count', 'filter': 'partial', 'location_id': store.lot_stock_id.id})
        inventory.action_start()
        self.env['stock.inventory.line'].sudo(manager).create({
            'inventory_id': inventory.id, 'product_id': self.product.id,
            'location_id': store.lot_stock_id.id, 'product_qty': 16,
            'retail_reason_id': self.env.ref('retail_governance.reason_damage').id})
        inventory.action_done()
        self.assertEqual(inventory.state, 'done')
        self.assertEqual(self._on_hand(store), 16)

    def test_code_already_used_refused(self):
        """A code already used is refused with a clear message; nothing is created."""
        Warehouse = self.env['stock.warehouse']
        before = Warehouse.search_count([])
        with self.assertRaisesRegex(UserError, 'code OBOT is already used'):
            self._onboard(code='OBOT')
        self.assertEqual(Warehouse.search_count([]), before)

    def test_name_already_used_refused(self):
        """A name already used (whatever its case) is refused."""
        with self.assertRaisesRegex(UserError, 'already used'):
            self._onboard(name='onboarding other')

    def test_running_twice_changes_nothing(self):
        """The same onboarding a second time is refused and changes nothing."""
        store = self._onboard()
        counts = self._counts()
        with self.assertRaises(UserError):
            self._onboard()
        self.assertEqual(self._counts(), counts)
        self.assertEqual(self.env['stock.warehouse'].search([('code', '=', 'OB01')]), store)

    def _counts(self):
        return (self.env['stock.warehouse'].search_count([]),
                self.env['stock.warehouse.orderpoint'].search_count([]),
                len(self.channel.warehouse_line_ids), len(self.rule.warehouse_ids),
                len(self.staff.retail_warehouse_ids))

    def test_store_clerk_cannot_onboard(self):
        """Only a retail administrator onboards stores."""
        with self.assertRaises(AccessError):
            self._onboard(user=self.clerk)
        self.assertFalse(self.env['stock.warehouse'].search([('code', '=', 'OB01')]))

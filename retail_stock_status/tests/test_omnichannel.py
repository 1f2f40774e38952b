# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import RetailStockCase


class OmnichannelCase(RetailStockCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store3 = cls._create_warehouse('Test Store 3', 'TS3', resupply_from=cls.dc)
        cls.store2.retail_transfer_lead_days = 3
        cls.online = cls._create_channel('Test web C&C', 'TCC', [
            (cls.dc, 1), (cls.store, 2, {'floor_qty': 1})])
        cls.team = cls.online.team_ids
        cls.clerk2 = cls._create_user('cc_clerk2', 'group_store_clerk', warehouses=cls.store2)
        cls.clerk3 = cls._create_user('cc_clerk3', 'group_store_clerk', warehouses=cls.store3)

    def _order(self, qty, team=None, warehouse=None, **vals):
        return self.env['sale.order'].create(dict({
            'partner_id': self.customer.id, 'team_id': (team or self.team).id,
            'warehouse_id': (warehouse or self.dc).id,
            'order_line': [(0, 0, {'product_id': self.product.id,
                                   'product_uom_qty': qty})]}, **vals))

    def _collect_order(self, qty, store=None):
        order = self._order(qty, retail_fulfilment_mode='collect',
                            retail_collect_warehouse_id=(store or self.store2).id)
        order.action_confirm()
        return order

    def _parts(self, order):
        """{(source warehouse code, destination usage): quantity} of the order's moves."""
        parts = {}
        for move in order.retail_sourcing_move_ids:
            key = (move.retail_source_warehouse_id.code, move.location_dest_id.usage)
            parts[key] = parts.get(key, 0) + move.product_uom_qty
        return parts

    def _reserved(self, warehouse):
        return sum(self.env['stock.quant'].search([
            ('product_id', '=', self.product.id),
            ('location_id', 'child_of', warehouse.view_location_id.id)]).mapped(
                'reserved_quantity'))


class TestClickAndCollect(OmnichannelCase):
    """The customer collects in a store: its stock is reserved there at once,
    or a transfer brings it by the promised date; the store hands it over."""

    def test_reserved_in_the_store_at_once(self):
        self._stock(self.product, 5, self.store2.lot_stock_id)
        before = fields.Datetime.now()
        order = self._collect_order(3)
        self.assertEqual(order.warehouse_id, self.store2)
        self.assertEqual(self._parts(order), {('TS2', 'customer'): 3})
        self.assertEqual(order.retail_collect_state, 'ready')
        self.assertEqual(self._reserved(self.store2), 3)
        self.assertLessEqual(order.retail_promised_date[:10], before[:10])
        self.assertIn('where the customer collects',
                      order.retail_sourcing_move_ids.retail_sourcing_note)

    def test_store_lacking_stock_gets_a_transfer(self):
        """The store has 1 of 3: the DC ships 2 to it, and the promise waits
        for the store's transfer lead time (3 days)."""
        self._stock(self.product, 1, self.store2.lot_stock_id)
        self._stock(self.product, 5, self.dc.lot_stock_id)
        order = self._collect_order(3)
        self.assertEqual(self._parts(order), {
            ('TS2', 'customer'): 1, ('TDC', 'customer'): 2,
            ('TDC', 'transit'): 2, ('TDC', 'internal'): 2})
        self.assertEqual(order.retail_collect_state, 'waiting')
        promised = fields.Datetime.from_string(order.retail_promised_date)
        self.assertAlmostEqual(
            (promised - fields.Datetime.from_string(fields.Datetime.now())).days, 2, delta=1)
        waiting = order.retail_sourcing_move_ids.filtered(
            lambda m: m.location_dest_id.usage == 'customer'
            and m.retail_source_warehouse_id == self.dc)
        self.assertEqual((waiting.state, waiting.location_id),
                         ('waiting', self.store2.lot_stock_id))
        self.assertIn('transferred from Test DC', waiting.retail_sourcing_note)
        self.assertEqual(self._reserved(self.dc), 2)
        # the DC ships, the store receives: the order is ready
        for leg in (self.dc, self.store2):
            picking = order.retail_sourcing_move_ids.filtered(
                lambda m: m.location_dest_id.usage != 'customer'
                and m.picking_id.picking_type_id.warehouse_id == leg).picking_id
            picking.move_line_ids.write({'qty_done': 2})
            picking.action_done()
        self.assertEqual(order.retail_collect_state, 'ready')
        # the customer collects: the store's clerk hands it over
        order.sudo(self.clerk2).action_retail_hand_over()
        self.assertEqual(order.retail_collect_state, 'collected')
        self.assertEqual(order.retail_collected_by_id, self.clerk2)
        self.assertEqual(order.order_line.qty_delivered, 3)

    def test_store_rejects_only_its_own_shelf(self):
        """The collection store, short at the shelf, rejects the part it was
        to take from its own stock; the part coming by transfer stays, and the
        rejected part is brought from the DC too."""
        self._stock(self.product, 1, self.store2.lot_stock_id)
        self._stock(self.product, 5, self.dc.lot_stock_id)
        order = self._collect_order(3)
        delivery = order.retail_sourcing_move_ids.filtered(
            lambda m: m.location_dest_id.usage == 'customer').mapped('picking_id')
        delivery.sudo(self.clerk2).action_retail_reject_short()
        self.assertEqual(self._parts(order), {
            ('TDC', 'customer'): 3, ('TDC', 'transit'): 3, ('TDC', 'internal'): 3})
        self.assertEqual(self._reserved(self.store2), 0)
        self.assertEqual(self._reserved(self.dc), 3)
        self.assertEqual(order.retail_collect_state, 'waiting')

    def test_hand_over_only_when_ready_and_by_the_store(self):
        self._stock(self.product, 5, self.dc.lot_stock_id)
        order = self._collect_order(2)
        with self.assertRaisesRegex(UserError, 'cannot be handed over'):
            order.sudo(self.clerk2).action_retail_hand_over()
        self._stock(self.product, 2, self.store3.lot_stock_id)
        ready = self._collect_order(2, store=self.store3)
        with self.assertRaises(AccessError):
            ready.sudo(self.clerk2).action_retail_hand_over()
        self.assertEqual(ready.retail_collect_state, 'ready')
        ready.sudo(self.clerk3).action_retail_hand_over()
        self.assertEqual(ready.retail_collect_state, 'collected')

    def test_promise_and_collection_are_the_systems(self):
        """A clerk cannot move the promise, fake a collection or change where
        a confirmed order is collected; the store's own hand-over records it."""
        self._stock(self.product, 5, self.store2.lot_stock_id)
        self._stock(self.product, 5, self.store3.lot_stock_id)
        order = self._collect_order(1)
        manager = self._create_user('cc_manager2', 'group_store_manager',
                                    warehouses=self.store2 | self.store3)
        manager.groups_id |= self.env.ref('sales_team.group_sale_salesman_all_leads')
        for vals in ({'retail_promised_date': '2020-01-01 00:00:00'},
                     {'retail_collected_date': fields.Datetime.now()},
                     {'retail_collect_reminded': True}):
            with self.assertRaisesRegex(AccessError, 'set by the system'):
                order.sudo(manager).write(vals)
        with self.assertRaisesRegex(UserError, 'cannot change'):
            order.sudo(manager).write({'retail_collect_warehouse_id': self.store3.id})
        self.assertEqual((order.retail_collect_warehouse_id, order.retail_collected_date),
                         (self.store2, False))
        order.sudo(manager).action_retail_hand_over()
        self.assertEqual(order.retail_collected_by_id, manager)

    def test_collection_store_is_required(self):
        order = self._order(1, retail_fulfilment_mode='collect')
        with self.assertRaisesRegex(UserError, 'choose the store'):
            order.action_confirm()
        self.assertEqual(order.state, 'draft')

    def test_uncollected_order_reminded_then_released(self):
        """Not collected 7 days after the promise: a reminder 2 days before,
        then the order is cancelled and the store's reservation released."""
        self.env.user.company_id.write({'retail_collect_days': 7,
                                        'retail_collect_reminder_days': 2})
        self._stock(self.product, 5, self.store2.lot_stock_id)
        order = self._collect_order(3)
        now = fields.Datetime.from_string(fields.Datetime.now())
        order.retail_promised_date = fields.Datetime.to_string(now - timedelta(days=4))
        self.env['sale.order']._cron_retail_collect_expiry()
        self.assertFalse(order.activity_ids)
        order.retail_promised_date = fields.Datetime.to_string(now - timedelta(days=6))
        self.env['sale.order']._cron_retail_collect_expiry()
        self.assertEqual(len(order.activity_ids), 1)
        self.assertIn('Remind the customer', order.activity_ids.summary)
        self.assertEqual(order.state, 'sale')
        self.assertEqual(self._reserved(self.store2), 3)
        order.retail_promised_date = fields.Datetime.to_string(now - timedelta(days=8))
        self.env['sale.order']._cron_retail_collect_expiry()
        self.assertEqual(order.state, 'cancel')
        self.assertEqual(self._reserved(self.store2), 0)
        self.assertFalse(order.activity_ids)
        self.assertIn('Not collected within 7 days', order.message_ids[0].body)

    def test_collected_order_is_never_cancelled(self):
        self._stock(self.product, 5, self.store2.lot_stock_id)
        order = self._collect_order(1)
        order.action_retail_hand_over()
        order.retail_promised_date = fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=30))
        self.env['sale.order']._cron_retail_collect_expiry()
        self.assertEqual((order.state, order.retail_collect_state), ('sale', 'collected'))

    def test_collect_days_must_be_sensible(self):
        with self.assertRaises(ValidationError):
            self.env.user.company_id.write({'retail_collect_days': 2,
                                            'retail_collect_reminder_days': 3})
        with self.assertRaisesRegex(ValidationError, 'must be a number'):
            self.env.user.company_id.write({'retail_collect_days': 'abc'})

    def test_fulfilment_board_counts_each_stage(self):
        self._stock(self.product, 4, self.store2.lot_stock_id)
        self._stock(self.product, 5, self.dc.lot_stock_id)
        self._collect_order(1)
        shipped = self._order(2)
        shipped.action_confirm()
        self._collect_order(5)   # 3 in TS2, 2 transferred from the DC
        board = self.env['retail.fulfilment.board']
        rows = {row.warehouse_id: row for row in board.search([
            ('warehouse_id', 'in', (self.dc | self.store2).ids)])}
        self.assertEqual((rows[self.store2].to_hand_over_count,
                          rows[self.store2].waiting_count), (1, 1))
        # the DC picks the online order and the transfer to the store
        self.assertEqual(rows[self.dc].to_pick_count, 2)
        to_hand_over = self.env['stock.picking'].search([
            ('retail_fulfilment_stage', '=', 'to_hand_over'),
            ('picking_type_id.warehouse_id', '=', self.store2.id)])
        self.assertEqual(len(to_hand_over), 1)
        # a store clerk sees the own store's row only
        self.assertEqual(board.sudo(self.clerk2).search([]).mapped('warehouse_id'), self.store2)


class TestRegionalPool(OmnichannelCase):
    """Stores of one pool serve each other's customers: a store lacking an
    item reserves it in a pooled store, and a transfer brings it over."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pool = cls.env['retail.store.pool'].create({
            'name': 'Test north', 'code': 'TNORTH',
            'warehouse_ids': [(6, 0, (cls.store | cls.store2).ids)]})
        cls.stores = cls._create_channel('Test stores', 'TSTORES', [
            (wh, 10) for wh in (cls.store, cls.store2, cls.store3)], fulfilment_scope='pool')
        cls.store_team = cls.stores.team_ids
        cls._stock(cls.product, 1, cls.store.lot_stock_id)
        cls._stock(cls.product, 4, cls.store2.lot_stock_id)
        cls._stock(cls.product, 9, cls.store3.lot_stock_id)  # outside the pool

    def test_available_over_the_pool(self):
        [row] = self.stores.available_to_sell(self.product.ids, warehouse_id=self.store.id)
        self.assertEqual(row['qty'], 5)
        [row] = self.stores.available_to_sell(self.product.ids, warehouse_id=self.store3.id)
        self.assertEqual(row['qty'], 9)
        with self.assertRaisesRegex(ValidationError, 'no warehouse'):
            self.stores.available_to_sell(self.product.ids, warehouse_id=999999)

    def test_pooled_order_reserves_in_the_other_store(self):
        order = self._order(3, team=self.store_team, warehouse=self.store)
        order.action_confirm()
        self.assertEqual(self._parts(order), {
            ('TS1', 'customer'): 1, ('TS2', 'customer'): 2,
            ('TS2', 'transit'): 2, ('TS2', 'internal'): 2})
        transfer_out = order.retail_sourcing_move_ids.filtered(
            lambda m: m.location_dest_id.usage == 'transit')
        self.assertEqual((transfer_out.state, transfer_out.picking_id.picking_type_id),
                         ('assigned', self.store2.out_type_id))
        self.assertEqual(self._reserved(self.store2), 2)
        self.assertEqual(self._reserved(self.store3), 0)

    def test_pool_cannot_oversell(self):
        order = self._order(6, team=self.store_team, warehouse=self.store)
        with self.assertRaisesRegex(UserError, 'only 5.0 available'):
            order.action_confirm()
        self.assertEqual(self._reserved(self.store2), 0)

    def test_pool_stays_in_its_company(self):
        other = self.env['res.company'].create({'name': 'Other retail co'})
        with self.assertRaises(ValidationError):
            self.env['retail.store.pool'].create({
                'name': 'Mixed', 'code': 'MIX', 'company_id': other.id,
                'warehouse_ids': [(6, 0, self.store3.ids)]})

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import RetailStockCase


class TestSalesChannel(RetailStockCase):
    """A channel sells what its warehouses have, by priority, above their floors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls._create_product('Test trousers')
        cls.online = cls._create_channel('Test online', 'TWEB', [
            (cls.dc, 1), (cls.store, 2, {'floor_qty': 2})])
        cls.team = cls.online.team_ids
        cls._stock(cls.product, 5, cls.dc.lot_stock_id)
        cls._stock(cls.product, 10, cls.store.lot_stock_id)
        cls._stock(cls.product, 50, cls.store2.lot_stock_id)  # does not serve online

    def _order(self, qty, product=None, team=None):
        return self.env['sale.order'].create({
            'partner_id': self.customer.id, 'team_id': (team or self.team).id,
            'warehouse_id': self.dc.id,
            'order_line': [(0, 0, {'product_id': (product or self.product).id,
                                   'product_uom_qty': qty})],
        })

    def _qty(self, channel, products):
        return [row['qty'] for row in channel.available_to_sell(products.ids)]

    def test_available_to_sell_sums_serving_warehouses_above_floors(self):
        """Online may sell the DC's 5 and the store's 10 minus its floor of 2."""
        self.assertEqual(self._qty(self.online, self.product), [13])

    def test_one_answer_per_product_asked(self):
        """Products without stock are answered with zero, in the order asked."""
        result = self.online.available_to_sell([self.other.id, self.product.id])
        self.assertEqual(result, [{'product_id': self.other.id, 'qty': 0.0},
                                  {'product_id': self.product.id, 'qty': 13.0}])

    def test_percentage_floor(self):
        """A 50% floor keeps half of the store's sellable stock back."""
        self.online.warehouse_line_ids.filtered(
            lambda l: l.warehouse_id == self.store).write({'floor_qty': 0, 'floor_percent': 50})
        self.assertEqual(self._qty(self.online, self.product), [10])

    def test_consigned_stock_not_sold_by_default(self):
        """Units a vendor owns in the DC are not available to a channel by default."""
        self._stock(self.product, 4, self.dc.lot_stock_id, owner=self.vendor)
        self.assertFalse(self.online.sell_consigned)
        self.assertEqual(self._qty(self.online, self.product), [13])
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self._order(14).action_confirm()

    def test_channel_may_sell_consigned_stock(self):
        """A channel set to sell consigned stock sells the vendor's units as well."""
        self._stock(self.product, 4, self.dc.lot_stock_id, owner=self.vendor)
        self.online.sell_consigned = True
        self.assertEqual(self._qty(self.online, self.product), [17])
        order = self._order(17)
        order.action_confirm()
        self.assertEqual(order.state, 'sale')

    def test_channel_reserves_own_stock_only(self):
        """A channel that does not sell consigned stock never reserves the
        vendor's units, even when they are the oldest in the location."""
        product = self._create_product('Test consigned jacket')
        self._stock(product, 3, self.dc.lot_stock_id, owner=self.vendor)
        self._stock(product, 4, self.dc.lot_stock_id)
        order = self._order(4, product=product)
        order.action_confirm()
        lines = order.order_line.move_ids.mapped('move_line_ids')
        self.assertEqual(sum(lines.mapped('product_qty')), 4)
        self.assertFalse(lines.mapped('owner_id'))

    def test_reserved_stock_is_not_available(self):
        """Stock reserved for a store customer is not available online."""
        self._deliver(self.product, 4, self.store)
        self.assertEqual(self._qty(self.online, self.product), [9])

    def test_confirmation_reserves_by_priority(self):
        """An order of 7 takes the DC's 5 first, then 2 from the store."""
        order = self._order(7)
        order.action_confirm()
        moves = order.order_line.move_ids
        by_warehouse = {m.warehouse_id: m.product_uom_qty for m in moves}
        self.assertEqual(by_warehouse, {self.dc: 5, self.store: 2})
        self.assertEqual(set(moves.mapped('state')), {'assigned'})
        self.assertEqual(self._qty(self.online, self.product), [6])

    def test_oversell_refused_and_nothing_changes(self):
        """Asking more than available to sell is refused with a clear error."""
        order = self._order(14)
        with self.assertRaises(UserError) as error, self.env.cr.savepoint():
            order.action_confirm()
        self.assertIn('only 13', str(error.exception.name))
        order.invalidate_cache()
        self.assertEqual(order.state, 'draft')
        self.assertFalse(order.picking_ids)
        self.assertEqual(self._qty(self.online, self.product), [13])

    def _locked_warehouses(self, product):
        self.env.cr.execute("""SELECT warehouse_id FROM retail_channel_allocation_lock
                                WHERE product_id = %s""", (product.id,))
        return {row[0] for row in self.env.cr.fetchall()}

    def test_allocations_wait_only_for_the_stock_they_may_take(self):
        """An online order waits for the product's other allocations at the DC
        and the store that serve online, not at the store that does not: the
        second store's own channel selling the product at the same moment does
        not wait for it (nor roll back and run again)."""
        self._order(3).action_confirm()
        self.assertEqual(self._locked_warehouses(self.product), {self.dc.id, self.store.id})
        self.assertFalse(self._locked_warehouses(self.other))
        store2_channel = self._create_channel('Test store 2', 'TST2', [(self.store2, 1)])
        order = self._order(1, team=store2_channel.team_ids)
        order.action_confirm()
        self.assertEqual(order.order_line.move_ids.warehouse_id, self.store2)
        self.assertEqual(self._locked_warehouses(self.product),
                         {self.dc.id, self.store.id, self.store2.id})

    def test_backorder_policy_accepts(self):
        """With the backorder policy the order confirms and waits for the rest."""
        self.online.oversell_policy = 'backorder'
        order = self._order(14)
        order.action_confirm()
        self.assertEqual(order.state, 'sale')
        self.assertEqual(sum(order.order_line.move_ids.mapped('product_uom_qty')), 14)
        self.assertEqual(sum(order.order_line.move_ids.mapped('reserved_availability')), 13)

    def _procured(self, order):
        return sum(order.order_line.mapped('move_ids').filtered(
            lambda m: m.state != 'cancel').mapped('product_uom_qty'))

    def test_raising_confirmed_line_beyond_available_refused(self):
        """Raising a confirmed line past what the channel may sell is refused."""
        order = self._order(10)
        order.action_confirm()
        with self.assertRaisesRegex(UserError, 'only 3'), self.env.cr.savepoint():
            order.order_line.product_uom_qty = 15
        order.invalidate_cache()
        self.assertEqual((order.order_line.product_uom_qty, self._procured(order)), (10, 10))
        self.assertEqual(self._qty(self.online, self.product), [3])

    def test_raising_confirmed_line_within_available(self):
        """Raising a confirmed line within what is left procures the difference."""
        order = self._order(10)
        order.action_confirm()
        order.order_line.product_uom_qty = 12
        self.assertEqual(self._procured(order), 12)
        self.assertEqual(self._qty(self.online, self.product), [1])

    def test_line_added_to_confirmed_order_refused(self):
        """A line added to a confirmed order cannot take more than is left."""
        order = self._order(10)
        order.action_confirm()
        with self.assertRaisesRegex(UserError, 'only 3'), self.env.cr.savepoint():
            order.write({'order_line': [(0, 0, {'product_id': self.product.id,
                                                'product_uom_qty': 4})]})
        order.invalidate_cache()
        self.assertEqual(self._procured(order), 10)

    def test_orders_confirmed_together_cannot_oversell(self):
        """Two orders confirmed in one call cannot both take the same units."""
        first, second = self._order(7), self._order(7)
        with self.assertRaisesRegex(UserError, 'only 6'), self.env.cr.savepoint():
            (first | second).action_confirm()
        (first | second).invalidate_cache()
        self.assertEqual((first | second).mapped('state'), ['draft', 'draft'])
        self.assertEqual(self._qty(self.online, self.product), [13])

    def test_lines_of_one_order_allocate_after_each_other(self):
        """Lines are procured together, but a product seen again is allocated
        after the line before it: 4 from the DC, then its last unit and 3
        from the store; the other product's line comes in between."""
        self._stock(self.other, 2, self.dc.lot_stock_id)
        order = self._order(4)
        order.write({'order_line': [
            (0, 0, {'product_id': self.other.id, 'product_uom_qty': 2}),
            (0, 0, {'product_id': self.product.id, 'product_uom_qty': 4})]})
        order.action_confirm()
        parts = {}
        for move in order.order_line.mapped('move_ids'):
            key = (move.product_id.name, move.warehouse_id.code)
            parts[key] = parts.get(key, 0) + move.product_uom_qty
        self.assertEqual(parts, {('Test shirt', 'TDC'): 5, ('Test shirt', 'TS1'): 3,
                                 ('Test trousers', 'TDC'): 2})
        self.assertEqual(self._qty(self.online, self.product), [5])
        # one more unit than left is refused for the whole order
        late = self._order(3)
        late.write({'order_line': [(0, 0, {'product_id': self.product.id,
                                           'product_uom_qty': 3})]})
        with self.assertRaisesRegex(UserError, 'only 2.0'):
            late.action_confirm()

    def test_backorder_policy_on_line_increase(self):
        """With the backorder policy a raised line is accepted; only what is
        available is reserved, the rest waits."""
        self.online.oversell_policy = 'backorder'
        order = self._order(10)
        order.action_confirm()
        order.order_line.product_uom_qty = 15
        moves = order.order_line.move_ids
        self.assertEqual(sum(moves.mapped('product_uom_qty')), 15)
        self.assertEqual(sum(moves.mapped('reserved_availability')), 13)

    def test_orders_outside_channels_unchanged(self):
        """Orders of teams without a channel confirm as in standard Odoo."""
        team = self.env['crm.team'].create({'name': 'Wholesale'})
        order = self._order(40, team=team)
        order.action_confirm()
        self.assertEqual(order.state, 'sale')

    def test_floor_must_be_valid(self):
        """A floor percentage above 100 or a negative floor is refused with a message."""
        from odoo.exceptions import ValidationError
        line = self.online.warehouse_line_ids[0]
        for vals in ({'floor_percent': 150}, {'floor_qty': -1}):
            with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
                line.write(vals)
            self.assertIn('cannot be negative', error.exception.name)

    def test_channel_cannot_use_other_company_warehouse(self):
        """A channel sells only from its own company's warehouses."""
        company_b = self.env['res.company'].create({'name': 'Channel Company B'})
        warehouse_b = self._create_warehouse('B shop', 'BSH', company=company_b)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.online.write({'warehouse_line_ids': [(0, 0, {'warehouse_id': warehouse_b.id})]})


class TestConsolidatedSourcing(RetailStockCase):
    """Among stores of the same priority, an order ships from as few as it can;
    a better priority still comes first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.online = cls._create_channel('Test online (consolidating)', 'TCON', [
            (cls.dc, 1), (cls.store, 5), (cls.store2, 5)], oversell_policy='refuse')
        cls.team = cls.online.team_ids
        cls.shirt, cls.socks = cls.product, cls._create_product('Test socks')
        cls.cap = cls._create_product('Test cap')
        cls._stock(cls.shirt, 1, cls.store.lot_stock_id)
        cls._stock(cls.shirt, 5, cls.store2.lot_stock_id)
        cls._stock(cls.socks, 3, cls.store.lot_stock_id)
        cls._stock(cls.socks, 3, cls.store2.lot_stock_id)
        cls._stock(cls.cap, 1, cls.dc.lot_stock_id)
        cls._stock(cls.cap, 9, cls.store.lot_stock_id)

    def _confirmed(self, lines):
        order = self.env['sale.order'].create({
            'partner_id': self.customer.id, 'team_id': self.team.id,
            'warehouse_id': self.dc.id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': qty})
                           for product, qty in lines]})
        order.action_confirm()
        return order

    def _sources(self, order):
        return {(m.product_id, m.warehouse_id.code): m.product_uom_qty
                for m in order.order_line.mapped('move_ids')}

    def test_one_store_ships_what_it_can(self):
        """Taking the stores in their order would split the shirt over both and
        ship from both: the second store has both lines whole, so it ships them."""
        order = self._confirmed([(self.shirt, 2), (self.socks, 2)])
        self.assertEqual(self._sources(order), {
            (self.shirt, 'TS2'): 2, (self.socks, 'TS2'): 2})
        self.assertEqual(order.picking_ids.mapped('picking_type_id.warehouse_id'),
                         self.store2)

    def test_priority_before_consolidation(self):
        """The DC's one cap goes first although a store could ship both."""
        order = self._confirmed([(self.cap, 2)])
        self.assertEqual(self._sources(order), {(self.cap, 'TDC'): 1, (self.cap, 'TS1'): 1})

    def test_split_when_no_store_has_it_whole(self):
        order = self._confirmed([(self.socks, 5)])
        self.assertEqual(self._sources(order), {(self.socks, 'TS1'): 3, (self.socks, 'TS2'): 2})

    def test_the_store_already_shipping_first(self):
        """The socks could come whole from either store: the one already
        shipping the shirt takes them."""
        order = self._confirmed([(self.shirt, 4), (self.socks, 1)])
        self.assertEqual(self._sources(order), {
            (self.shirt, 'TS2'): 4, (self.socks, 'TS2'): 1})


class TestShipFromStoreRejection(RetailStockCase):
    """A store short at the shelf rejects its part of an online order: the part
    is sourced again from the channel's other warehouses, the store's
    reservation is released, and the store is left out of that line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.online = cls._create_channel('Test online SFS', 'TSFS', [
            (cls.dc, 1), (cls.store, 2), (cls.store2, 3)])
        cls.team = cls.online.team_ids
        cls._stock(cls.product, 5, cls.dc.lot_stock_id)
        cls._stock(cls.product, 4, cls.store.lot_stock_id)
        cls._stock(cls.product, 10, cls.store2.lot_stock_id)
        cls.clerk = cls._create_user('sfs_clerk', 'group_store_clerk', warehouses=cls.store)
        cls.clerk2 = cls._create_user('sfs_clerk2', 'group_store_clerk',
                                      warehouses=cls.store2)

    def _confirmed_order(self, qty):
        order = self.env['sale.order'].create({
            'partner_id': self.customer.id, 'team_id': self.team.id,
            'warehouse_id': self.dc.id,
            'order_line': [(0, 0, {'product_id': self.product.id,
                                   'product_uom_qty': qty})]})
        order.action_confirm()
        return order

    def _open_by_warehouse(self, order):
        moves = order.order_line.move_ids.filtered(lambda m: m.state != 'cancel')
        return {m.warehouse_id.code: m.product_uom_qty for m in moves}

    def test_rejected_part_sourced_again(self):
        order = self._confirmed_order(8)
        self.assertEqual(self._open_by_warehouse(order), {'TDC': 5, 'TS1': 3})
        picking = order.picking_ids.filtered(
            lambda p: p.picking_type_id.warehouse_id == self.store)
        self.assertEqual(picking.retail_channel_id, self.online)
        picking.sudo(self.clerk).action_retail_reject_short()
        self.assertEqual(picking.state, 'cancel')
        self.assertEqual(self._open_by_warehouse(order), {'TDC': 5, 'TS2': 3})
        store2_move = order.order_line.move_ids.filtered(
            lambda m: m.warehouse_id == self.store2)
        self.assertEqual(store2_move.state, 'assigned')
        # the store's reservation is released
        self.assertEqual(sum(self.env['stock.quant'].search([
            ('product_id', '=', self.product.id),
            ('location_id', '=', self.store.lot_stock_id.id)]).mapped('reserved_quantity')), 0)
        rejection = self.env['retail.fulfilment.rejection'].search([
            ('order_id', '=', order.id)])
        self.assertEqual((rejection.warehouse_id, rejection.quantity, rejection.user_id),
                         (self.store, 3, self.clerk))
        # the rejection is the rejecting store's: another store's clerk does not see it
        Rejection = self.env['retail.fulfilment.rejection']
        self.assertEqual(Rejection.sudo(self.clerk).search([('order_id', '=', order.id)]),
                         rejection)
        self.assertFalse(Rejection.sudo(self.clerk2).search([('order_id', '=', order.id)]))

    def test_nothing_left_is_backordered(self):
        """When no other warehouse has it, the part waits at the first one and
        the order says so; nothing is refused after confirmation."""
        order = self._confirmed_order(19)
        self.assertEqual(self._open_by_warehouse(order), {'TDC': 5, 'TS1': 4, 'TS2': 10})
        picking = order.picking_ids.filtered(
            lambda p: p.picking_type_id.warehouse_id == self.store2)
        picking.sudo(self.clerk2).action_retail_reject_short()
        self.assertEqual(self._open_by_warehouse(order), {'TDC': 15, 'TS1': 4})
        self.assertIn('backordered', order.message_ids[0].body)

    def test_other_store_cannot_reject(self):
        order = self._confirmed_order(8)
        picking = order.picking_ids.filtered(
            lambda p: p.picking_type_id.warehouse_id == self.store)
        with self.assertRaises(AccessError):
            picking.sudo(self.clerk2).action_retail_reject_short()
        self.assertEqual(self._open_by_warehouse(order), {'TDC': 5, 'TS1': 3})

    def test_only_channel_deliveries(self):
        receipt = self.env['stock.picking'].create({
            'picking_type_id': self.store.in_type_id.id,
            'location_id': self.suppliers.id, 'location_dest_id': self.store.lot_stock_id.id})
        with self.assertRaisesRegex(UserError, 'nothing to reject'):
            receipt.action_retail_reject_short()


class TestChannelDeliveries(RetailStockCase):
    """A channel order's lines are confirmed together: one delivery per
    warehouse, as Odoo makes it, reserved at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.online = cls._create_channel('Test online (deliveries)', 'TDLV', [
            (cls.dc, 1), (cls.store, 2)])
        cls.socks = cls._create_product('Test socks')
        cls.cap = cls._create_product('Test cap')
        cls._stock(cls.product, 2, cls.dc.lot_stock_id)
        cls._stock(cls.product, 5, cls.store.lot_stock_id)
        cls._stock(cls.socks, 4, cls.dc.lot_stock_id)
        cls._stock(cls.cap, 3, cls.dc.lot_stock_id)

    def _origin_links(self, picking, order):
        """The picking's messages saying which order made it."""
        return picking.message_ids.filtered(
            lambda message: 'data-oe-model="sale.order"' in (message.body or '')
            and order.name in message.body)

    def test_one_reserved_delivery_per_warehouse(self):
        order = self.env['sale.order'].create({
            'partner_id': self.customer.id, 'team_id': self.online.team_ids.id,
            'warehouse_id': self.dc.id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': qty})
                           for product, qty in ((self.product, 4), (self.socks, 4),
                                                (self.cap, 2))]})
        order.action_confirm()
        pickings = order.picking_ids
        self.assertEqual(len(pickings), 2)
        by_warehouse = {p.picking_type_id.warehouse_id.code: p for p in pickings}
        self.assertEqual(
            sorted(by_warehouse['TDC'].move_lines.mapped(
                lambda m: (m.product_id.name, m.product_uom_qty))),
            [('Test cap', 2), ('Test shirt', 2), ('Test socks', 4)])
        self.assertEqual(by_warehouse['TS1'].move_lines.mapped('product_uom_qty'), [2])
        for picking in pickings:
            self.assertEqual(picking.state, 'assigned')
            self.assertEqual(picking.origin, order.name)
            self.assertEqual(picking.partner_id, self.customer)
            self.assertEqual(len(self._origin_links(picking, order)), 1)

    def _confirmed_together(self, *origins):
        """Moves of one group from the DC to customers, confirmed in one call."""
        group = self.env['procurement.group'].create({'name': 'Test group'})
        moves = self.env['stock.move']
        for product, origin in zip((self.product, self.socks, self.cap), origins):
            moves |= self.env['stock.move'].create({
                'name': 'test', 'product_id': product.id, 'product_uom_qty': 1,
                'product_uom': self.unit.id, 'origin': origin, 'group_id': group.id,
                'picking_type_id': self.dc.out_type_id.id,
                'partner_id': self.customer.id, 'location_id': self.dc.lot_stock_id.id,
                'location_dest_id': self.customers.id})
        return moves._action_confirm()

    def test_moves_confirmed_together_share_a_picking(self):
        moves = self._confirmed_together('SO1', 'SO1', 'SO1')
        picking = moves.mapped('picking_id')
        self.assertEqual(len(picking), 1)
        self.assertEqual((picking.origin, picking.partner_id), ('SO1', self.customer))
        self.assertEqual(picking.move_lines, moves)

    def test_picking_of_several_origins_names_none(self):
        """As Odoo does when a move joins a picking of another origin."""
        picking = self._confirmed_together('SO1', 'SO2').mapped('picking_id')
        self.assertEqual(len(picking), 1)
        self.assertFalse(picking.origin)
        self.assertFalse(picking.partner_id)

    def test_open_picking_of_the_group_is_joined(self):
        first = self._confirmed_together('SO1')
        group = first.group_id
        more = self.env['stock.move']
        for product in (self.socks, self.cap):
            more |= first.copy({'product_id': product.id, 'picking_id': False,
                                'group_id': group.id})
        more._action_confirm()
        self.assertEqual(more.mapped('picking_id'), first.picking_id)
        self.assertEqual(first.picking_id.origin, 'SO1')

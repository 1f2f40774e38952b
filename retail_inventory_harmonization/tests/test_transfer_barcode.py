# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError

from .test_transfer_common import TransferCase


class TestBarcodeApp(TransferCase):
    """Ship, receive and count by scanning (the server side of the Barcode app)."""

    def _session(self, user, operation):
        return self.env['retail.barcode.session'].sudo(user).create({'operation': operation})

    def _scan(self, session, *barcodes):
        for barcode in barcodes:
            result = session.action_scan(barcode)
        return result

    def _shipped_transfer(self):
        transfer = self._create_transfer({self.shirt: 2, self.shoes: 1, self.socks: 3})
        return self._ship(transfer)

    def test_receive_by_scanning_short(self):
        """Receiving by scanning, one product short, puts the transfer in discrepancy."""
        transfer = self._shipped_transfer()
        session = self._session(self.clerk_1, 'receive')
        self._scan(session, transfer.in_picking_ids.name)
        self.assertEqual(session.left_qty, 6.0)
        self._scan(session, *['2990000000015'] * 2 + ['2990000000022'] + ['2990000000039'] * 2)
        self.assertEqual(session.left_qty, 1.0)
        session.action_confirm()
        self.assertEqual(transfer.state, 'discrepancy')
        self.assertEqual(transfer.received_by_id, self.clerk_1)
        line = transfer.line_ids.filtered(lambda l: l.product_id == self.socks)
        self.assertEqual((line.received_qty, line.line_state), (2.0, 'short'))

    def test_receive_damaged_units_by_scanning(self):
        """Units scanned after the damaged card go to the store's damaged
        location and put the transfer in discrepancy; the card means nothing
        when shipping."""
        transfer = self._create_transfer({self.shirt: 2, self.shoes: 1})
        shipping = self._session(self.dc_operator, 'ship')
        self._scan(shipping, transfer.out_picking_ids.name)
        result = self._scan(shipping, 'O-CMD.DAMAGED')
        self.assertFalse(result['ok'])
        self.assertFalse(shipping.damaged_mode)
        self._ship(transfer)
        session = self._session(self.clerk_1, 'receive')
        self._scan(session, transfer.in_picking_ids.name, '2990000000015', 'O-CMD.DAMAGED')
        self.assertTrue(session.damaged_mode)
        self._scan(session, '2990000000015', 'O-CMD.DAMAGED', '2990000000022')
        self.assertFalse(session.damaged_mode)
        shirt_line = session.line_ids.filtered(lambda l: l.product_id == self.shirt)
        self.assertEqual((shirt_line.scanned_qty, shirt_line.damaged_qty), (2.0, 1.0))
        session.action_confirm()
        self.assertEqual(transfer.state, 'discrepancy')
        line = transfer.line_ids.filtered(lambda l: l.product_id == self.shirt)
        self.assertEqual((line.received_qty, line.damaged_qty, line.line_state),
                         (2.0, 1.0, 'damaged'))
        damaged = self.env['stock.quant'].search([
            ('product_id', '=', self.shirt.id),
            ('location_id', '=', self.store_1.retail_damaged_location_id.id)])
        self.assertEqual(damaged.mapped('quantity'), [1.0])

    def test_receive_by_transfer_reference(self):
        """Scanning the transfer's reference opens its receipt."""
        transfer = self._shipped_transfer()
        session = self._session(self.clerk_1, 'receive')
        result = self._scan(session, transfer.name)
        self.assertTrue(result['ok'])
        self.assertEqual(session.picking_id, transfer.in_picking_ids)

    def test_unknown_barcode_changes_nothing(self):
        """An unknown barcode gets a clear message and changes nothing."""
        transfer = self._shipped_transfer()
        session = self._session(self.clerk_1, 'receive')
        self._scan(session, transfer.in_picking_ids.name, '2990000000015')
        result = self._scan(session, '1234567890128')
        self.assertFalse(result['ok'])
        self.assertIn('Unknown barcode', result['message'])
        self.assertEqual(sum(session.line_ids.mapped('scanned_qty')), 1.0)

    def test_product_not_on_transfer_refused(self):
        """A product that is not on the transfer is refused."""
        transfer = self._shipped_transfer()
        session = self._session(self.clerk_1, 'receive')
        self._scan(session, transfer.in_picking_ids.name)
        result = self._scan(session, '2990000000046')
        self.assertFalse(result['ok'])
        self.assertIn('is not on', result['message'])
        self.assertNotIn(self.other, session.line_ids.mapped('product_id'))

    def test_other_store_operation_refused(self):
        """Another store's receipt cannot be scanned, nor confirmed over RPC."""
        transfer = self._shipped_transfer()
        session = self._session(self.clerk_2, 'receive')
        result = self._scan(session, transfer.in_picking_ids.name)
        self.assertFalse(result['ok'])
        self.assertIn('another store', result['message'])
        self.assertFalse(session.picking_id)
        forged = self._session(self.clerk_2, 'receive')
        with self.assertRaises(AccessError):
            forged.write({'picking_id': transfer.in_picking_ids.id})
            forged.action_confirm()
        self.assertEqual(transfer.state, 'shipped')

    def test_received_transfer_not_received_twice(self):
        """A received transfer cannot be scanned for receipt again."""
        transfer = self._shipped_transfer()
        self._validate(transfer.in_picking_ids, self.clerk_1,
                       {self.shirt: 2, self.shoes: 1, self.socks: 3})
        session = self._session(self.clerk_1, 'receive')
        result = self._scan(session, transfer.in_picking_ids.name)
        self.assertFalse(result['ok'])
        self.assertIn('already done', result['message'])

    def test_ship_by_scanning(self):
        """The DC operator ships by scanning: the transfer is in transit."""
        transfer = self._create_transfer({self.shirt: 2, self.shoes: 1})
        session = self._session(self.dc_operator, 'ship')
        self._scan(session, transfer.out_picking_ids.name,
                   '2990000000015', '2990000000015', '2990000000022')
        self.assertEqual(session.left_qty, 0.0)
        session.action_confirm()
        self.assertEqual(transfer.state, 'shipped')
        self.assertEqual(transfer.shipped_by_id, self.dc_operator)

    def _receive_lot(self, warehouse, product, lot, qty):
        """``qty`` units of ``lot`` received from a vendor into ``warehouse``."""
        move = self.env['stock.move'].create({
            'name': 'Vendor lot', 'product_id': product.id, 'product_uom': product.uom_id.id,
            'product_uom_qty': qty, 'location_id': self.env.ref(
                'stock.stock_location_suppliers').id,
            'location_dest_id': warehouse.lot_stock_id.id})
        move._action_confirm()
        move.write({'move_line_ids': [(0, 0, dict(
            move._prepare_move_line_vals(), qty_done=qty, lot_id=lot.id))]})
        move._action_done()

    def test_ship_and_receive_lots_by_scanning(self):
        """A product tracked by lot is scanned by its lots: its own barcode asks
        for the lot, a lot not reserved on the operation is refused, the lot
        shipped arrives at the store, one unit short is a discrepancy."""
        Lot = self.env['stock.production.lot']
        wine = self._create_product('TR Wine', '2990000000053', 8.0)
        wine.tracking = 'lot'
        lot_a = Lot.create({'name': 'TRLOT-A', 'product_id': wine.id})
        lot_b = Lot.create({'name': 'TRLOT-B', 'product_id': wine.id})
        self._receive_lot(self.dc, wine, lot_a, 3)
        self._receive_lot(self.dc, wine, lot_b, 5)
        transfer = self._create_transfer({wine: 3})
        session = self._session(self.dc_operator, 'ship')
        self._scan(session, transfer.out_picking_ids.name)
        for barcode, message in (('2990000000053', 'scan the lot'),
                                 ('TRLOT-B', 'is not on')):
            result = self._scan(session, barcode)
            self.assertFalse(result['ok'], barcode)
            self.assertIn(message, result['message'])
        self.assertEqual(sum(session.line_ids.mapped('scanned_qty')), 0.0)
        self._scan(session, *['TRLOT-A'] * 3)
        self.assertEqual(session.left_qty, 0.0)
        session.action_confirm()
        self.assertEqual(transfer.state, 'shipped')
        receipt = self._session(self.clerk_1, 'receive')
        self._scan(receipt, transfer.in_picking_ids.name, 'TRLOT-A', 'TRLOT-A')
        self.assertEqual((receipt.line_ids.lot_id, receipt.left_qty), (lot_a, 1.0))
        receipt.action_confirm()
        self.assertEqual(transfer.state, 'discrepancy')
        quants = self.env['stock.quant'].search([
            ('product_id', '=', wine.id), ('location_id', '=', self.store_1.lot_stock_id.id)])
        self.assertEqual([(q.lot_id, q.quantity) for q in quants], [(lot_a, 2.0)])

    def test_ship_more_than_reserved_refused(self):
        """Shipping more than was reserved is refused."""
        transfer = self._create_transfer({self.shirt: 1})
        session = self._session(self.dc_operator, 'ship')
        self._scan(session, transfer.out_picking_ids.name, '2990000000015', '2990000000015')
        with self.assertRaises(UserError):
            session.action_confirm()
        self.assertEqual(transfer.state, 'picked')

    def test_blind_count_goes_to_approval(self):
        """A blind count shows no system quantity and lands in an adjustment under approval."""
        session = self._session(self.clerk_1, 'count')
        self._scan(session, self.store_1.lot_stock_id.display_name)
        self._scan(session, *['2990000000015'] * 12)
        self.assertEqual(session.line_ids.expected_qty, 0.0)
        self.assertNotIn('20', session.message)
        session.action_confirm()
        inventory = session.inventory_id
        self.assertEqual(inventory.line_ids.product_qty, 12.0)
        self.assertEqual(inventory.line_ids.theoretical_qty, 20.0)
        self.assertTrue(inventory.review_ids)
        self.assertEqual(inventory.state, 'confirm')
        self.assertEqual(inventory.retail_requested_by_id, self.clerk_1)

    def test_count_other_store_location_refused(self):
        """A clerk cannot count another store's location."""
        session = self._session(self.clerk_2, 'count')
        result = self._scan(session, self.store_1.lot_stock_id.display_name)
        self.assertFalse(result['ok'])
        self.assertFalse(session.location_id)

    def test_session_is_its_users(self):
        """Another user cannot scan into or confirm someone's session."""
        session = self._session(self.clerk_1, 'count')
        with self.assertRaises(AccessError):
            session.sudo(self.clerk_2).action_scan('2990000000015')


class TestBarcodeHandOver(TransferCase):
    """Click and collect: the clerk scans the customer's order number, then
    the goods as they hand them over; confirming closes the order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env['crm.team'].create({'name': 'TR web team'})
        cls.env['retail.sales.channel'].create({
            'name': 'TR web', 'code': 'TRWEB', 'team_ids': [(6, 0, cls.team.ids)],
            'warehouse_line_ids': [(0, 0, {'warehouse_id': cls.dc.id, 'sequence': 1})]})
        cls.customer = cls.env['res.partner'].create({'name': 'TR collecting customer'})

    def _collect_order(self, quantities, store=None):
        order = self.env['sale.order'].create({
            'partner_id': self.customer.id, 'team_id': self.team.id,
            'retail_fulfilment_mode': 'collect',
            'retail_collect_warehouse_id': (store or self.store_1).id,
            'order_line': [(0, 0, {'product_id': product.id, 'product_uom_qty': qty})
                           for product, qty in quantities.items()]})
        order.action_confirm()
        return order

    def _session(self, user):
        return self.env['retail.barcode.session'].sudo(user).create({'operation': 'collect'})

    def test_hand_over_by_scanning(self):
        order = self._collect_order({self.shirt: 2, self.socks: 1})
        self.assertEqual(order.retail_collect_state, 'ready')
        session = self._session(self.clerk_1)
        result = session.action_scan(order.name)
        self.assertTrue(result['ok'], result['message'])
        self.assertEqual(session.left_qty, 3.0)
        for barcode in ('2990000000015', '2990000000015'):
            session.action_scan(barcode)
        with self.assertRaisesRegex(UserError, 'Scan every unit'):
            session.action_confirm()
        self.assertEqual(order.retail_collect_state, 'ready')
        session.action_scan('2990000000039')
        session.action_confirm()
        self.assertEqual(order.retail_collect_state, 'collected')
        self.assertEqual(order.retail_collected_by_id, self.clerk_1)
        self.assertEqual(order.order_line.mapped('qty_delivered'), [2.0, 1.0])

    def test_order_of_another_store_or_not_ready_refused(self):
        order = self._collect_order({self.shirt: 1})
        session = self._session(self.clerk_2)
        result = session.action_scan(order.name)
        self.assertFalse(result['ok'])
        self.assertIn('not in your store', result['message'])
        self.assertFalse(session.picking_id)
        # store 2 lacks shoes: they come by transfer from the DC first
        waiting = self._collect_order({self.shoes: 1}, store=self.store_2)
        result = session.action_scan(waiting.name)
        self.assertIn('waiting for a transfer', result['message'])
        self.assertFalse(session.action_scan('SO-NOPE')['ok'])

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import RetailStockCase


class TestOrderReturn(RetailStockCase):
    """Goods of an order come back in any warehouse of its company; the refund follows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.online = cls._create_channel('Test online returns', 'TRET', [(cls.dc, 1)])
        cls.web_team = cls.online.team_ids
        cls.store_team = cls.env['crm.team'].create({'name': 'Return store team'})
        cls.other = cls._create_product('Test trousers')
        cls._stock(cls.product, 10, cls.dc.lot_stock_id)
        cls._stock(cls.product, 10, cls.store.lot_stock_id)
        cls.clerk = cls.env['res.users'].browse(cls._create_user(
            'or_clerk', 'retail_governance.group_store_clerk', warehouses=cls.store).id)
        cls.clerk2 = cls.env['res.users'].browse(cls._create_user(
            'or_clerk2', 'retail_governance.group_store_clerk', warehouses=cls.store2).id)
        cls.dc_operator = cls.env['res.users'].browse(cls._create_user(
            'or_dc', 'retail_governance.group_dc_operator', warehouses=cls.dc).id)

    @classmethod
    def _create_order(cls, team, warehouse, qty, product=None):
        order = cls.env['sale.order'].create({
            'partner_id': cls.customer.id, 'team_id': team.id, 'warehouse_id': warehouse.id,
            'order_line': [(0, 0, {'product_id': (product or cls.product).id,
                                   'product_uom_qty': qty, 'price_unit': 25.0,
                                   'tax_id': [(5, 0, 0)]})]})
        order.action_confirm()
        return order

    def _deliver_order(self, order):
        for picking in order.picking_ids:
            self._validate(picking)

    def _invoice(self, order):
        invoice = self.env['account.invoice'].browse(order.action_invoice_create())
        invoice.action_invoice_open()
        return invoice

    def _wizard(self, order, warehouse, user=None, **quantities):
        """The wizard opened from the order, as ``user``; ``quantities`` by
        product field name on the lines (all of a line by default)."""
        Wizard = self.env['retail.order.return']
        if user:
            Wizard = Wizard.sudo(user)
        return Wizard.with_context(active_model='sale.order', active_id=order.id).create({
            'warehouse_id': warehouse.id, 'reason': 'Too small'})

    def _return(self, order, warehouse, qty, user=None, validate=True):
        wizard = self._wizard(order, warehouse, user=user)
        wizard.line_ids.write({'quantity': qty})
        picking = wizard.env['stock.picking'].browse(wizard.action_apply()['res_id'])
        if validate:
            self._validate(picking)
        return self.env['stock.picking'].browse(picking.id)

    def _returns_of(self, order):
        return self.env['stock.picking'].search([('retail_return_order_id', '=', order.id)])

    def _returns_qty(self, warehouse, product=None):
        return sum(self.env['stock.quant'].search([
            ('product_id', '=', (product or self.product).id),
            ('location_id', '=', warehouse.retail_returns_location_id.id)]).mapped('quantity'))

    def test_online_order_returned_in_store(self):
        """An invoiced online order shipped by the DC comes back in a store:
        the units wait in the store's returns, delivered and invoiced drop, a
        credit note for them is linked to the return and the order line."""
        order = self._create_order(self.web_team, self.dc, 3)
        self._deliver_order(order)
        self.assertEqual(order.picking_ids.picking_type_id.warehouse_id, self.dc)
        self._invoice(order)
        line = order.order_line
        picking = self._return(order, self.store, 1, user=self.clerk)
        self.assertEqual(picking.state, 'done')
        self.assertEqual(picking.picking_type_id.warehouse_id, self.store)
        self.assertEqual(self._returns_qty(self.store), 1)
        self.assertEqual(line.qty_delivered, 2)
        refund = picking.retail_refund_invoice_id
        self.assertEqual(refund.type, 'out_refund')
        self.assertEqual(refund.amount_total, 25.0)
        self.assertEqual(refund.invoice_line_ids.quantity, 1)
        self.assertEqual(refund.invoice_line_ids.sale_line_ids, line)
        self.assertIn(picking.name, refund.origin)
        self.assertIn(order.name, refund.origin)
        self.assertIn(refund, order.invoice_ids)
        self.assertEqual(line.qty_invoiced, 2)

    def test_clerk_takes_back_an_online_order_by_its_number(self):
        """The clerk cannot open the web shop's order, but scans its number:
        the wizard finds it and proposes what it delivered."""
        order = self._create_order(self.web_team, self.dc, 2)
        self._deliver_order(order)
        self.assertFalse(self.env['sale.order'].sudo(self.clerk).search([
            ('id', '=', order.id)]))
        wizard = self.env['retail.order.return'].sudo(self.clerk).create({
            'order_reference': order.name, 'warehouse_id': self.store.id,
            'reason': 'Wrong size'})
        self.assertEqual((wizard.order_id, wizard.line_ids.quantity), (order, 2))
        picking = self.env['stock.picking'].browse(wizard.action_apply()['res_id'])
        self.assertEqual(picking.picking_type_id.warehouse_id, self.store)
        with self.assertRaisesRegex(UserError, 'No order numbered'):
            self.env['retail.order.return'].sudo(self.clerk).create({
                'order_reference': 'SO-NONE', 'warehouse_id': self.store.id,
                'reason': 'x'})

    def test_receipt_cannot_name_an_order_by_hand(self):
        """A clerk's own receipt from the customers cannot claim to return an
        order (its validation would credit the customer)."""
        order = self._create_order(self.web_team, self.dc, 1)
        self._deliver_order(order)
        with self.assertRaisesRegex(AccessError, 'not by hand'):
            self.env['stock.picking'].sudo(self.clerk).create({
                'picking_type_id': self.store.in_type_id.id,
                'location_id': self.env.ref('stock.stock_location_customers').id,
                'location_dest_id': self.store.lot_stock_id.id,
                'retail_return_order_id': order.id})
        picking = self._return(order, self.store, 1, user=self.clerk, validate=False)
        with self.assertRaisesRegex(AccessError, 'not by hand'):
            picking.sudo(self.clerk).write({'retail_refund_invoice_id': 1})

    def test_store_sale_returned_at_dc(self):
        """A store sale comes back at the DC and waits in the DC's returns."""
        order = self._create_order(self.store_team, self.store, 2)
        self._deliver_order(order)
        self._invoice(order)
        picking = self._return(order, self.dc, 2, user=self.dc_operator)
        self.assertEqual(self._returns_qty(self.dc), 2)
        self.assertEqual(order.order_line.qty_delivered, 0)
        self.assertEqual(picking.retail_refund_invoice_id.amount_total, 50.0)
        self.assertEqual(order.order_line.qty_invoiced, 0)

    def test_not_invoiced_order_gets_no_credit_note(self):
        """A return of an order never invoiced lowers its delivered quantity only, and says so."""
        order = self._create_order(self.web_team, self.dc, 3)
        self._deliver_order(order)
        picking = self._return(order, self.store, 2, user=self.clerk)
        self.assertFalse(picking.retail_refund_invoice_id)
        self.assertFalse(order.invoice_ids)
        self.assertEqual(order.order_line.qty_delivered, 1)
        self.assertIn('no credit note', picking.message_ids[0].body)

    def test_returned_units_never_invoiced_get_no_credit(self):
        """Invoiced on delivery: a returned unit delivered after the invoice is not credited."""
        product = self._create_product('Test socks', invoice_policy='delivery')
        self._stock(product, 3, self.dc.lot_stock_id)
        order = self._create_order(self.web_team, self.dc, 3, product=product)
        first = order.picking_ids
        first.move_lines.move_line_ids.qty_done = 2
        first.action_done()
        self._invoice(order)
        self._validate(order.picking_ids - first)
        picking = self._return(order, self.store, 1, user=self.clerk)
        self.assertFalse(picking.retail_refund_invoice_id)
        line = order.order_line
        self.assertEqual((line.qty_delivered, line.qty_invoiced, line.qty_to_invoice),
                         (2, 2, 0))

    def test_wizard_proposes_what_is_left_to_return(self):
        """Returnable is delivered minus returned, returns waiting to be received included."""
        order = self._create_order(self.web_team, self.dc, 3)
        self._deliver_order(order)
        self._return(order, self.store, 1, user=self.clerk, validate=False)
        wizard = self._wizard(order, self.store, user=self.clerk)
        self.assertEqual(wizard.line_ids.returnable_qty, 2)
        self.assertEqual(wizard.line_ids.quantity, 2)
        self.assertEqual(wizard.warehouse_id, self.store)

    def _assert_refused(self, error, order, warehouse, user=None, **line_vals):
        wizard = self._wizard(order, warehouse, user=user)
        with self.assertRaises(error), self.env.cr.savepoint():
            if line_vals:
                wizard.line_ids.write(line_vals)
            wizard.action_apply()
        self.assertFalse(self._returns_of(order))
        self.assertEqual(order.order_line.qty_delivered, 3)

    def test_bad_quantities_are_refused(self):
        """More than returnable, nothing, or a negative quantity: refused, nothing created."""
        order = self._create_order(self.web_team, self.dc, 3)
        self._deliver_order(order)
        self._assert_refused(UserError, order, self.store, user=self.clerk, quantity=4)
        self._assert_refused(UserError, order, self.store, user=self.clerk, quantity=0)
        self._assert_refused(ValidationError, order, self.store, user=self.clerk, quantity=-1)

    def test_product_not_on_order_is_refused(self):
        """A product the order did not sell cannot be returned with it."""
        order = self._create_order(self.web_team, self.dc, 3)
        self._deliver_order(order)
        wizard = self._wizard(order, self.store, user=self.clerk)
        wizard.line_ids.unlink()
        wizard.write({'line_ids': [(0, 0, {'product_id': self.other.id, 'quantity': 1})]})
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertFalse(self._returns_of(order))

    def test_warehouse_of_another_company_is_refused(self):
        """Goods come back in a warehouse of the order's company only."""
        company = self.env['res.company'].create({'name': 'Return Company B'})
        foreign = self._create_warehouse('Foreign store', 'TFS', company=company)
        order = self._create_order(self.web_team, self.dc, 3)
        self._deliver_order(order)
        self._assert_refused(UserError, order, foreign)

    def test_clerk_cannot_return_into_another_store(self):
        """A clerk takes returns in the stores they work in only."""
        order = self._create_order(self.web_team, self.dc, 3)
        self._deliver_order(order)
        self._assert_refused(AccessError, order, self.store, user=self.clerk2)

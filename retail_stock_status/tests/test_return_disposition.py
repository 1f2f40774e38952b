# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError

from .common import RetailStockCase


class TestReturnDisposition(RetailStockCase):
    """Customer returns land in the receiving store's returns location, then move on."""

    def _return(self, warehouse, qty):
        picking = self.env['stock.picking'].create({
            'picking_type_id': warehouse.in_type_id.id, 'partner_id': self.customer.id,
            'location_id': self.customers.id, 'location_dest_id': warehouse.lot_stock_id.id,
            'move_lines': [(0, 0, {
                'name': 'return', 'product_id': self.product.id, 'product_uom_qty': qty,
                'product_uom': self.unit.id, 'location_id': self.customers.id,
                'location_dest_id': warehouse.lot_stock_id.id})]})
        picking.action_confirm()
        picking.action_assign()
        self._validate(picking)
        return picking

    def _dispose(self, disposition, qty, **vals):
        wizard = self.env['retail.return.disposition'].create(dict({
            'warehouse_id': self.store2.id, 'product_id': self.product.id,
            'quantity': qty, 'disposition': disposition, 'reason': 'Customer return'}, **vals))
        return wizard.action_apply()

    def test_return_lands_in_returns_location_of_any_store(self):
        """A return received at store 2 waits in store 2's returns location."""
        self._return(self.store2, 3)
        quant = self.env['stock.quant'].search([
            ('product_id', '=', self.product.id), ('location_id.usage', '=', 'internal')])
        self.assertEqual(quant.location_id, self.store2.retail_returns_location_id)
        balance = self._balance(self.store2, self.product)
        self.assertEqual((balance['quarantined_qty'], balance['sellable_qty']), (3, 0))

    def test_restock_damaged_and_vendor(self):
        """Restocked units become sellable, damaged ones damaged, vendor returns leave."""
        self._return(self.store2, 6)
        self._dispose('restock', 3)
        self._dispose('damaged', 2)
        self._dispose('vendor', 1, vendor_id=self.vendor.id)
        balance = self._balance(self.store2, self.product)
        self.assertEqual((balance['sellable_qty'], balance['damaged_qty'],
                          balance['quarantined_qty'], balance['on_hand_qty']), (3, 2, 0, 5))

    def test_vendor_return_needs_vendor(self):
        """Returning to a vendor without naming one is refused."""
        self._return(self.store2, 1)
        with self.assertRaises(UserError):
            self._dispose('vendor', 1)
        self.assertEqual(self._balance(self.store2, self.product)['quarantined_qty'], 1)

    def test_cannot_dispose_more_than_returned(self):
        """Disposing of more than waits in returns is refused."""
        self._return(self.store2, 1)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self._dispose('restock', 2)
        self.assertEqual(self._balance(self.store2, self.product)['quarantined_qty'], 1)

    def test_clerk_cannot_dispose_of_returns(self):
        """Deciding on a return is an inspection: a store clerk cannot restock it."""
        self._return(self.store2, 2)
        clerk = self.env['res.users'].browse(self._create_user(
            'rd_clerk', 'retail_governance.group_store_clerk', warehouses=self.store2).id)
        wizard = self.env['retail.return.disposition'].sudo(clerk).create({
            'warehouse_id': self.store2.id, 'product_id': self.product.id,
            'quantity': 2, 'disposition': 'restock', 'reason': 'looks new'})
        with self.assertRaises(AccessError):
            wizard.action_apply()
        self.assertEqual(self._balance(self.store2, self.product)['quarantined_qty'], 2)

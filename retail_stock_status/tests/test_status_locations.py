# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError

from .common import RetailStockCase


class TestStatusLocations(RetailStockCase):
    """Every location has a status; statuses change only by moves with a reason."""

    def test_new_warehouse_gets_status_locations(self):
        """A new store gets damaged, quarantine and returns locations beside its stock."""
        store = self.store
        expected = {'retail_damaged_location_id': 'damaged',
                    'retail_quarantine_location_id': 'quarantined',
                    'retail_returns_location_id': 'quarantined'}
        for field, code in expected.items():
            location = store[field]
            self.assertEqual(location.retail_effective_status_id.code, code, field)
            self.assertEqual(location.location_id, store.view_location_id)
            self.assertNotEqual(location.get_warehouse(), self.dc)
            # Outside the stock location: Odoo never reserves it for sales.
            self.assertFalse(location.parent_left > store.lot_stock_id.parent_left
                             and location.parent_right < store.lot_stock_id.parent_right)

    def test_action_creates_missing_status_locations_once(self):
        """The action fills in what an existing warehouse lacks and keeps the rest."""
        damaged = self.store.retail_damaged_location_id
        self.store.retail_quarantine_location_id = False
        self.store.action_create_status_locations()
        self.store.action_create_status_locations()
        self.assertEqual(self.store.retail_damaged_location_id, damaged)
        self.assertEqual(self.store.retail_quarantine_location_id.retail_effective_status_id.code,
                         'quarantined')
        self.assertEqual(self.env['stock.location'].search_count([
            ('location_id', '=', self.store.view_location_id.id), ('name', '=', 'Quarantine'),
            ('active', 'in', (True, False))]), 2)

    def test_effective_status_defaults_and_inheritance(self):
        """Internal locations are sellable, transit in transit, children inherit."""
        self.assertEqual(self.store.lot_stock_id.retail_effective_status_id.code, 'sellable')
        transit = self.env.user.company_id.internal_transit_location_id
        self.assertEqual(transit.retail_effective_status_id.code, 'in_transit')
        shelf = self.env['stock.location'].create({
            'name': 'Shelf', 'usage': 'internal',
            'location_id': self.store.retail_damaged_location_id.id})
        self.assertEqual(shelf.retail_effective_status_id.code, 'damaged')
        consigned = self.env.ref('retail_stock_status.status_consigned')
        self.store.retail_damaged_location_id.retail_status_id = consigned
        self.assertEqual(shelf.retail_effective_status_id, consigned)

    def test_status_change_needs_a_reason(self):
        """Moving sellable stock to damaged without a reason is refused and moves nothing."""
        self._stock(self.product, 10, self.store.lot_stock_id)
        with self.assertRaises(UserError):
            self._move(self.product, 2, self.store.lot_stock_id,
                       self.store.retail_damaged_location_id)
        self.assertEqual(self._balance(self.store, self.product)['damaged_qty'], 0)

    def test_status_change_wizard_moves_with_reason(self):
        """The wizard moves stock to damaged by a validated transfer carrying the reason."""
        self._stock(self.product, 10, self.store.lot_stock_id)
        wizard = self.env['retail.status.change'].create({
            'warehouse_id': self.store.id, 'product_id': self.product.id,
            'location_id': self.store.lot_stock_id.id,
            'location_dest_id': self.store.retail_damaged_location_id.id,
            'quantity': 3, 'reason': 'Crushed box'})
        result = wizard.action_apply()
        picking = self.env['stock.picking'].browse(result['res_id'])
        self.assertEqual(picking.state, 'done')
        self.assertEqual(picking.retail_status_reason, 'Crushed box')
        self.assertEqual(picking.move_lines.create_uid, self.env.user)
        balance = self._balance(self.store, self.product)
        self.assertEqual((balance['sellable_qty'], balance['damaged_qty']), (7, 3))
        entry = self.env['retail.audit.log'].search([
            ('event_type', '=', 'status_move'), ('res_model', '=', 'stock.move'),
            ('res_id', '=', picking.move_lines.id)])
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.note, 'Crushed box')
        self.assertEqual(entry.user_id, self.env.user)
        self.assertIn('Damaged', entry.after_values)

    def test_status_change_wizard_refuses_missing_stock(self):
        """Asking to move more than the location holds is refused."""
        self._stock(self.product, 1, self.store.lot_stock_id)
        wizard = self.env['retail.status.change'].create({
            'warehouse_id': self.store.id, 'product_id': self.product.id,
            'location_id': self.store.lot_stock_id.id,
            'location_dest_id': self.store.retail_damaged_location_id.id,
            'quantity': 5, 'reason': 'Water damage'})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            wizard.action_apply()
        self.assertEqual(self._balance(self.store, self.product)['damaged_qty'], 0)

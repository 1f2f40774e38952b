# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError

from .common import RetailStockCase


class TestQualityInspection(RetailStockCase):
    """Quality-sensitive receipts wait in quarantine until inspected."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.yogurt = cls._create_product('Test yogurt', family=cls.sensitive_family)
        cls.manager = cls._create_user('qi_manager', 'retail_governance.group_store_manager',
                                       warehouses=cls.store)
        cls.clerk = cls._create_user('qi_clerk', 'retail_governance.group_store_clerk',
                                     warehouses=cls.store)

    def _receive(self, product, qty):
        picking = self.env['stock.picking'].create({
            'picking_type_id': self.store.in_type_id.id, 'partner_id': self.vendor.id,
            'location_id': self.suppliers.id, 'location_dest_id': self.store.lot_stock_id.id,
            'move_lines': [(0, 0, {
                'name': product.name, 'product_id': product.id, 'product_uom_qty': qty,
                'product_uom': product.uom_id.id, 'location_id': self.suppliers.id,
                'location_dest_id': self.store.lot_stock_id.id})]})
        picking.action_confirm()
        picking.action_assign()
        self._validate(picking)
        return picking

    def _inspection(self, passed, failed, user=None):
        inspection = self.env['retail.quality.inspection'].sudo(user or self.manager).create({
            'warehouse_id': self.store.id,
            'location_id': self.store.retail_quarantine_location_id.id,
            'line_ids': [(0, 0, {'product_id': self.yogurt.id, 'passed_qty': passed,
                                 'failed_qty': failed})]})
        return inspection

    def test_sensitive_receipt_lands_in_quarantine(self):
        """A vendor receipt of a quality-sensitive family is quarantined, not sellable."""
        self._receive(self.yogurt, 10)
        balance = self._balance(self.store, self.yogurt)
        self.assertEqual((balance['quarantined_qty'], balance['sellable_qty']), (10, 0))

    def test_other_receipts_are_sellable(self):
        """Receipts of other families go to stock as in standard Odoo."""
        self._receive(self.product, 10)
        self.assertEqual(self._balance(self.store, self.product)['sellable_qty'], 10)

    def test_inspection_releases_passed_and_rejects_failed(self):
        """Passed quantity becomes sellable, failed quantity damaged, by stock moves."""
        self._receive(self.yogurt, 10)
        inspection = self._inspection(passed=7, failed=3)
        inspection.action_done()
        self.assertEqual(inspection.state, 'done')
        self.assertEqual(inspection.inspector_id, self.manager)
        self.assertEqual(set(inspection.picking_ids.mapped('state')), {'done'})
        balance = self._balance(self.store, self.yogurt)
        self.assertEqual((balance['sellable_qty'], balance['damaged_qty'],
                          balance['quarantined_qty']), (7, 3, 0))

    def test_clerk_cannot_inspect(self):
        """A store clerk cannot release quarantined stock; nothing moves."""
        self._receive(self.yogurt, 10)
        inspection = self._inspection(passed=10, failed=0, user=self.clerk)
        with self.assertRaises(AccessError):
            inspection.sudo(self.clerk).action_done()
        self.assertEqual(self._balance(self.store, self.yogurt)['quarantined_qty'], 10)

    def test_cannot_inspect_more_than_waiting(self):
        """Passing more than waits in quarantine is refused."""
        self._receive(self.yogurt, 4)
        inspection = self._inspection(passed=5, failed=0)
        with self.assertRaises(UserError):
            inspection.action_done()
        self.assertEqual(inspection.state, 'draft')

    def test_load_waiting_stock(self):
        """Loading proposes one line per product waiting in quarantine."""
        self._receive(self.yogurt, 4)
        inspection = self.env['retail.quality.inspection'].create({
            'warehouse_id': self.store.id,
            'location_id': self.store.retail_quarantine_location_id.id})
        inspection.action_load_quarantined()
        self.assertEqual(inspection.line_ids.mapped('product_id'), self.yogurt)
        self.assertEqual(inspection.line_ids.quarantined_qty, 4)

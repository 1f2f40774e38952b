# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from .common import RetailStockCase

RELEASE_ONLY = 'only a validated quality inspection'


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

    def _quarantine_picking(self, qty, user, dest=None):
        """A plain internal transfer out of quarantine, with a reason, ready to validate."""
        quarantine = self.store.retail_quarantine_location_id
        dest = dest or self.store.lot_stock_id
        picking = self.env['stock.picking'].sudo(user).create({
            'picking_type_id': self.store.int_type_id.id, 'location_id': quarantine.id,
            'location_dest_id': dest.id, 'retail_status_reason': 'looks fine',
            'move_lines': [(0, 0, {
                'name': 'release', 'product_id': self.yogurt.id, 'product_uom_qty': qty,
                'product_uom': self.yogurt.uom_id.id, 'location_id': quarantine.id,
                'location_dest_id': dest.id})]})
        picking.action_confirm()
        picking.action_assign()
        for line in picking.move_lines.mapped('move_line_ids'):
            line.qty_done = line.product_uom_qty
        return picking

    def assertStillQuarantined(self, qty):
        balance = self._balance(self.store, self.yogurt)
        self.assertEqual((balance['quarantined_qty'], balance['sellable_qty']), (qty, 0))

    def test_internal_transfer_cannot_release_quarantine(self):
        """A plain internal transfer from quarantine to stock is refused, whoever validates."""
        self._receive(self.yogurt, 10)
        for user in (self.clerk, self.manager):
            picking = self._quarantine_picking(4, user)
            with self.assertRaisesRegex(UserError, RELEASE_ONLY), self.env.cr.savepoint():
                picking.action_done()
        self.assertStillQuarantined(10)

    def test_status_change_wizard_cannot_release_quarantine(self):
        """The Change Stock Status wizard does not take stock out of quarantine."""
        self._receive(self.yogurt, 10)
        wizard = self.env['retail.status.change'].sudo(self.clerk).create({
            'warehouse_id': self.store.id, 'product_id': self.yogurt.id,
            'location_id': self.store.retail_quarantine_location_id.id,
            'location_dest_id': self.store.lot_stock_id.id, 'quantity': 4,
            'reason': 'looks fine'})
        with self.assertRaisesRegex(UserError, RELEASE_ONLY), self.env.cr.savepoint():
            wizard.action_apply()
        self.assertStillQuarantined(10)

    def test_scrap_from_quarantine_refused(self):
        """Quarantined stock is not scrapped directly: a failed inspection sends it
        to Damaged, from where it is written off."""
        self._receive(self.yogurt, 10)
        scrap = self.env['stock.scrap'].sudo(self.manager).create({
            'product_id': self.yogurt.id, 'product_uom_id': self.yogurt.uom_id.id,
            'scrap_qty': 2, 'location_id': self.store.retail_quarantine_location_id.id,
            'retail_reason_id': self.env.ref('retail_governance.reason_damage').id})
        with self.assertRaisesRegex(UserError, RELEASE_ONLY), self.env.cr.savepoint():
            scrap.action_validate()
        self.assertStillQuarantined(10)

    def test_done_receipt_cannot_be_rerouted_out_of_quarantine(self):
        """Editing a done receipt's line from quarantine to stock is refused."""
        picking = self._receive(self.yogurt, 10)
        line = picking.move_lines.move_line_ids
        with self.assertRaisesRegex(UserError, RELEASE_ONLY), self.env.cr.savepoint():
            line.sudo(self.manager).write({'location_dest_id': self.store.lot_stock_id.id})
        self.assertStillQuarantined(10)

    def test_inspection_state_cannot_be_written(self):
        """An inspection is done only through its button: writing its state is refused."""
        self._receive(self.yogurt, 10)
        inspection = self._inspection(passed=10, failed=0)
        for user in (self.clerk, self.manager):
            with self.assertRaises(AccessError), self.env.cr.savepoint(), \
                    mute_logger('odoo.models'):
                inspection.sudo(user).write({'state': 'done'})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env['retail.quality.inspection'].sudo(self.manager).create({
                'warehouse_id': self.store.id, 'state': 'done',
                'location_id': self.store.retail_quarantine_location_id.id})
        inspection.invalidate_cache()
        self.assertEqual(inspection.state, 'draft')
        self.assertStillQuarantined(10)

    def test_failed_quantity_goes_to_damaged_only_by_inspection(self):
        """Failed units of a validated inspection land in Damaged, passed ones in stock."""
        self._receive(self.yogurt, 5)
        self._inspection(passed=0, failed=5).action_done()
        balance = self._balance(self.store, self.yogurt)
        self.assertEqual((balance['damaged_qty'], balance['quarantined_qty']), (5, 0))

    def test_done_inspection_cannot_be_changed(self):
        """A validated inspection is a closed record: its lines and location stay."""
        self._receive(self.yogurt, 10)
        inspection = self._inspection(passed=10, failed=0)
        inspection.action_done()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            inspection.line_ids.sudo(self.manager).write({'passed_qty': 2, 'failed_qty': 8})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            inspection.sudo(self.manager).write({
                'location_id': self.store.retail_returns_location_id.id})
        inspection.sudo(self.manager).write({'notes': 'all fine'})
        inspection.invalidate_cache()
        self.assertEqual((inspection.line_ids.passed_qty, inspection.location_id),
                         (10, self.store.retail_quarantine_location_id))

    def test_count_of_quarantine_books_its_difference(self):
        """A count of the quarantine location still books a loss found there: an
        adjustment makes no stock usable, so it is not a way out of quarantine."""
        self._receive(self.yogurt, 10)
        quarantine = self.store.retail_quarantine_location_id
        inventory = self.env['stock.inventory'].sudo(self.manager).create({
            'name': 'Quarantine count', 'filter': 'partial', 'location_id': quarantine.id})
        inventory.action_start()
        self.env['stock.inventory.line'].sudo(self.manager).create({
            'inventory_id': inventory.id, 'product_id': self.yogurt.id,
            'location_id': quarantine.id, 'product_qty': 9,
            'retail_reason_id': self.env.ref('retail_governance.reason_damage').id})
        inventory.sudo(self.manager).action_done()
        self.assertEqual(inventory.state, 'done')
        self.assertStillQuarantined(9)

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

import xlsxwriter

from odoo.exceptions import AccessError, UserError

from odoo.addons.retail_governance.tests.common import create_retail_user, receive_from_vendor
from odoo.tests.common import SavepointCase

CLEAN = """site,product,lot,quantity,unit,unit_cost
OB1,OB-SHIRT,,10,Unit(s),12.50
OB1,OB-WINE,OBLOT-1,5,,8.00
OB2,OB-SHIRT,,4,,12.50
OB2,2990000000107,,2,Dozen(s),6.00
"""

WITH_ERRORS = """site;product;lot;quantity;unit;unit_cost
OB1;OB-SHIRT;;10;;12.50
OB9;OB-SHIRT;;1;;12.50
OB1;NOPE;;1;;1
OB1;OB-SOCKS;;-3;;0.5
OB1;OB-SOCKS;;abc;kg;0.5
OB1;OB-SHIRT;;2;;12.50
OB1;OB-SOCKS;LOT-X;1;;0.5
OB2;OB-WINE;;1;;8
OB2;OB-SHIRT;;1;;13
OB2;OB-SOCKS;;1e308;;0.5
"""


class TestOpeningBalance(SavepointCase):
    """Go-live: a site's opening stock from a file, checked whole, posted once,
    reconciled with the file and the accounting."""

    @classmethod
    def setUpClass(cls):
        super(TestOpeningBalance, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.admin = create_retail_user(cls.env, 'ob_admin', 'group_retail_admin')
        cls.controller = create_retail_user(cls.env, 'ob_controller',
                                            'group_inventory_controller')
        Warehouse = cls.env['stock.warehouse']
        cls.site_1 = Warehouse.create({'name': 'OB Site 1', 'code': 'OB1'})
        cls.site_2 = Warehouse.create({'name': 'OB Site 2', 'code': 'OB2'})
        cls.family = cls.env['product.category'].create({
            'name': 'OB Family', 'property_valuation': 'real_time'})
        Product = cls.env['product.product']
        cls.shirt = Product.create({'name': 'OB Shirt', 'default_code': 'OB-SHIRT',
                                    'type': 'product', 'categ_id': cls.family.id})
        cls.wine = Product.create({'name': 'OB Wine', 'default_code': 'OB-WINE',
                                   'type': 'product', 'categ_id': cls.family.id,
                                   'tracking': 'lot'})
        cls.socks = Product.create({'name': 'OB Socks', 'default_code': 'OB-SOCKS',
                                    'barcode': '2990000000107', 'type': 'product',
                                    'categ_id': cls.family.id})

    def _import(self, text, name='opening.csv', content=None):
        return self.env['retail.opening.balance'].sudo(self.admin).create({
            'name': 'OB go-live', 'file_name': name,
            'file': base64.b64encode(content or text.encode())})

    def _qty(self, product, site, lot=None):
        quants = self.env['stock.quant'].search([
            ('product_id', '=', product.id), ('location_id', '=', site.lot_stock_id.id)])
        if lot:
            quants = quants.filtered(lambda q: q.lot_id.name == lot)
        return sum(quants.mapped('quantity'))

    def _assert_posted(self, balances):
        self.assertEqual(balances.state, 'posted')
        self.assertEqual(set(balances.inventory_ids.mapped('state')), {'done'})
        self.assertEqual(self._qty(self.shirt, self.site_1), 10)
        self.assertEqual(self._qty(self.wine, self.site_1, 'OBLOT-1'), 5)
        self.assertEqual(self._qty(self.shirt, self.site_2), 4)
        self.assertEqual(self._qty(self.socks, self.site_2), 24)
        self.assertEqual(self.socks.standard_price, 0.5)
        by_site = {r.warehouse_id: r for r in balances.reconciliation_ids}
        for site, value in ((self.site_1, 165.0), (self.site_2, 62.0)):
            row = by_site[site]
            self.assertEqual((round(row.file_value, 2), round(row.posted_value, 2),
                              round(row.account_value, 2), row.difference_value),
                             (value, value, value, 0.0), site.code)
            self.assertEqual(row.file_qty, row.posted_qty)

    def test_clean_file_posts_and_reconciles(self):
        """A clean CSV is checked, posted as one adjustment per site, valued at its
        costs, and reconciles to the cent with the file and the journal entries."""
        balances = self._import(CLEAN)
        balances.action_check()
        self.assertEqual((balances.state, balances.error_count, balances.row_count),
                         ('checked', 0, 4))
        balances.action_post()
        self._assert_posted(balances)
        reason = self.env.ref('retail_inventory_harmonization.reason_opening_balance')
        self.assertEqual(balances.inventory_ids.mapped('line_ids.retail_reason_id'), reason)

    def test_xlsx_file(self):
        """The same rows in an XLSX file load the same way."""
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer)
        sheet = book.add_worksheet()
        for index, line in enumerate(CLEAN.strip().split('\n')):
            for column, value in enumerate(line.split(',')):
                number = value.replace('.', '', 1).isdigit() and column in (3, 5)
                sheet.write(index, column, float(value) if number else value)
        book.close()
        balances = self._import(None, name='opening.xlsx', content=buffer.getvalue())
        balances.action_check()
        balances.action_post()
        self._assert_posted(balances)

    def test_errors_listed_and_nothing_written(self):
        """Every error of the file is listed with its row; nothing is written."""
        balances = self._import(WITH_ERRORS)
        balances.action_check()
        self.assertEqual(balances.state, 'error')
        errors = {e.file_row: e.message for e in balances.error_ids}
        self.assertEqual(sorted(errors), [3, 4, 5, 6, 7, 8, 9, 10, 11])
        for row, text in ((3, 'unknown site OB9'), (4, 'unknown product NOPE'),
                          (5, 'negative quantity'), (6, 'not a number'),
                          (6, 'is not a unit of'), (7, 'same site, product and lot as row 2'),
                          (8, 'not tracked by lot'), (9, 'the lot is missing'),
                          (10, 'differs from row 2'), (11, 'quantity 1e308 is not a number')):
            self.assertIn(text, errors[row])
        with self.assertRaises(UserError):
            balances.action_post()
        self.assertFalse(balances.line_ids or balances.inventory_ids)
        self.assertEqual(self._qty(self.shirt, self.site_1), 0)
        self.assertEqual(self.shirt.standard_price, 0.0)

    def test_zero_cost_in_real_time_is_an_error(self):
        """Odoo refuses to value a real-time move at 0: the check says so."""
        balances = self._import("site,product,lot,quantity,unit,unit_cost\n"
                                "OB1,OB-SHIRT,,10,,0\n")
        balances.action_check()
        self.assertEqual(balances.state, 'error')
        self.assertIn('unit cost 0', balances.error_ids.message)

    def test_count_in_progress_is_an_error(self):
        """A site's product counted by an adjustment in progress is reported at
        the check (Odoo would refuse the second adjustment midway)."""
        count = self.env['stock.inventory'].create({
            'name': 'OB count in progress', 'filter': 'partial',
            'location_id': self.site_1.lot_stock_id.id})
        count.action_start()
        self.env['stock.inventory.line'].create({
            'inventory_id': count.id, 'product_id': self.shirt.id,
            'location_id': self.site_1.lot_stock_id.id, 'product_qty': 0})
        balances = self._import(CLEAN)
        balances.action_check()
        self.assertEqual(balances.state, 'error')
        self.assertEqual(balances.error_ids.mapped('file_row'), [2])
        self.assertIn('OB count in progress', balances.error_ids.message)

    def test_same_file_twice_refused(self):
        balances = self._import(CLEAN)
        balances.action_check()
        balances.action_post()
        again = self._import(CLEAN)
        again.action_check()
        with self.assertRaises(UserError):
            again.action_post()
        self.assertEqual(self._qty(self.shirt, self.site_1), 10)
        with self.assertRaises(UserError):
            balances.action_post()

    def test_adjustment_rules_apply(self):
        """A site under an adjustment rule gets its opening adjustment submitted
        for approval; approved and validated, it reconciles."""
        self.env['retail.adjustment.rule'].create({
            'name': 'OB site 2', 'warehouse_ids': [(6, 0, self.site_2.ids)],
            'qty_threshold': 1, 'require_store_manager': False,
            'require_inventory_controller': True, 'require_finance': False})
        balances = self._import(CLEAN)
        balances.action_check()
        balances.action_post()
        pending = balances.inventory_ids.filtered(lambda i: i.state != 'done')
        self.assertEqual(pending.location_id, self.site_2.lot_stock_id)
        self.assertEqual(self._qty(self.shirt, self.site_2), 0)
        pending.sudo(self.controller).validate_tier()
        pending.sudo(self.admin).action_done()
        balances.action_reconcile()
        self._assert_posted(balances)

    def test_site_with_stock_goes_through_odoo_validation(self):
        """Where a product already has stock, the site's adjustment is
        validated by Odoo's own path: the count sets the stock to the file's
        quantity (the difference is moved), one journal entry a move."""
        self.shirt.standard_price = 12.5
        receive_from_vendor(self.env, self.site_1.lot_stock_id, {self.shirt: 3})
        balances = self._import(CLEAN)
        balances.action_check()
        balances.action_post()
        self.assertEqual(self._qty(self.shirt, self.site_1), 10)
        site_1 = balances.inventory_ids.filtered(
            lambda i: i.location_id == self.site_1.lot_stock_id)
        self.assertEqual(len(self.env['account.move'].search([
            ('stock_move_id', 'in', site_1.move_ids.ids)])), 2)
        self.assertFalse(balances.entry_ids.filtered(lambda e: e.warehouse_id == self.site_1))
        self.assertEqual(balances.entry_ids.mapped('warehouse_id'), self.site_2)
        row = balances.reconciliation_ids.filtered(lambda r: r.warehouse_id == self.site_2)
        self.assertEqual((round(row.posted_value, 2), round(row.account_value, 2)), (62.0, 62.0))

    def test_stock_in_a_sub_location_goes_through_odoo_validation(self):
        """Stock under the site's stock location counts as stock there (as the
        lines' system quantity counts it): Odoo's validation sets the site to
        the file's quantity, nothing is added on top."""
        shelf = self.env['stock.location'].create({
            'name': 'Shelf', 'location_id': self.site_1.lot_stock_id.id, 'usage': 'internal'})
        self.shirt.standard_price = 12.5
        receive_from_vendor(self.env, shelf, {self.shirt: 3})
        balances = self._import(CLEAN)
        balances.action_check()
        balances.action_post()
        on_site = sum(self.env['stock.quant'].search([
            ('product_id', '=', self.shirt.id),
            ('location_id', 'child_of', self.site_1.lot_stock_id.id)]).mapped('quantity'))
        self.assertEqual(on_site, 10)
        self.assertFalse(balances.entry_ids.filtered(lambda e: e.warehouse_id == self.site_1))

    def test_set_based_posting_matches_odoo(self):
        """Posted set-based, a site holds what Odoo's validation would make:
        one done move a row from the inventory-loss location valued at the
        file's cost, its move line with the lot, the quants at the site and
        their negative in the inventory-loss location, one entry per family."""
        balances = self._import(CLEAN)
        balances.action_check()
        balances.action_post()
        site_1 = balances.inventory_ids.filtered(
            lambda i: i.location_id == self.site_1.lot_stock_id)
        moves = site_1.move_ids.sorted(lambda m: m.product_id.id)
        loss = self.shirt.property_stock_inventory
        self.assertEqual(set(moves.mapped('state')), {'done'})
        self.assertEqual(moves.mapped('location_id'), loss)
        wine = moves.filtered(lambda m: m.product_id == self.wine)
        self.assertEqual((wine.product_qty, wine.price_unit, wine.value, wine.remaining_qty,
                          wine.remaining_value), (5, 8.0, 40.0, 5, 40.0))
        self.assertEqual(wine.move_line_ids.lot_id.name, 'OBLOT-1')
        self.assertEqual(wine.move_line_ids.qty_done, 5)
        loss_quant = self.env['stock.quant'].search([
            ('product_id', '=', self.wine.id), ('location_id', '=', loss.id)])
        self.assertEqual((loss_quant.quantity, loss_quant.lot_id.name), (-5, 'OBLOT-1'))
        entry = balances.entry_ids.filtered(lambda e: e.warehouse_id == self.site_1)
        self.assertEqual(entry.account_move_id.state, 'posted')
        self.assertEqual(entry.account_move_id.amount, 165.0)
        self.assertEqual(self.wine.qty_available, 5)

    def test_only_retail_admin(self):
        with self.assertRaises(AccessError):
            self.env['retail.opening.balance'].sudo(self.controller).create({
                'name': 'not mine'})

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase

from ..generator import RetailNetworkGenerator, ean13


class TestGenerator(SavepointCase):
    """The generator gives the same network for the same seed, consistent with Odoo."""

    def _fingerprint(self, seed):
        """Builds a small network in a savepoint, returns its sales and balances."""
        self.env.cr.execute('SAVEPOINT fingerprint')
        generator = RetailNetworkGenerator(
            self.env, stores=3, skus=12, weeks=2, seed=seed, prefix='T', namespace=7)
        summary = generator.generate()
        self.env.cr.execute("""
            SELECT w.code, pp.default_code, m.date::date, m.product_qty
              FROM stock_move m
              JOIN product_product pp ON pp.id = m.product_id
              JOIN stock_warehouse w ON w.lot_stock_id = m.location_id
             WHERE pp.default_code LIKE '7-SKU%%'
             ORDER BY 1, 2, 3""")
        sales = self.env.cr.fetchall()
        self.env.cr.execute("""
            SELECT l.complete_name, pp.default_code, q.quantity
              FROM stock_quant q
              JOIN product_product pp ON pp.id = q.product_id
              JOIN stock_location l ON l.id = q.location_id
             WHERE pp.default_code LIKE '7-SKU%%' ORDER BY 1, 2""")
        balances = self.env.cr.fetchall()
        self.env.cr.execute('ROLLBACK TO SAVEPOINT fingerprint')
        self.env['product.product'].invalidate_cache()
        return summary, sales, balances

    def test_same_seed_same_network(self):
        """Two runs with one seed give identical sales and balances; another seed differs."""
        summary, sales, balances = self._fingerprint(seed=7)
        _summary, sales_again, balances_again = self._fingerprint(seed=7)
        _other, sales_other, _balances_other = self._fingerprint(seed=8)
        self.assertEqual(summary['stores'], 3)
        self.assertEqual(summary['products'], 12)
        self.assertTrue(sales)
        self.assertEqual(sales, sales_again)
        self.assertEqual(balances, balances_again)
        self.assertNotEqual(sales, sales_other)

    def test_generated_stock_matches_odoo_quantities(self):
        """Odoo's own qty_available agrees with the inserted quants and moves."""
        self.env.cr.execute('SAVEPOINT small_network')
        generator = RetailNetworkGenerator(
            self.env, stores=2, skus=6, weeks=2, seed=3, prefix='T', namespace=7)
        generator.generate()
        for store in generator.stores:
            location = store.lot_stock_id
            for product in generator.products:
                moves = self.env['stock.move'].search([
                    ('product_id', '=', product.id), ('state', '=', 'done'),
                    '|', ('location_id', '=', location.id),
                    ('location_dest_id', '=', location.id)])
                ledger = sum(m.product_qty if m.location_dest_id == location
                             else -m.product_qty for m in moves)
                self.assertEqual(
                    product.with_context(location=location.id).qty_available, ledger)
        self.env.cr.execute('ROLLBACK TO SAVEPOINT small_network')

    def test_ean13_check_digit(self):
        """Barcodes carry the EAN-13 check digit scanners verify."""
        self.assertEqual(ean13('400638133393'), '4006381333931')
        self.assertTrue(self.env['barcode.nomenclature'].check_ean(ean13('200000000001')))

"""The ledger invariants find what breaks them, and fail the test that broke them."""
import os
import subprocess
import sys
import textwrap

import odoo
from odoo.tests.common import SavepointCase

import invariants

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class TestLedgerInvariants(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cr.execute("""
            SELECT id, product_id, location_id FROM stock_quant
             WHERE quantity > 5 AND reserved_quantity = 0 ORDER BY id LIMIT 1""")
        cls.quant_id, cls.product_id, cls.location_id = cls.cr.fetchone()

    def _broken_after(self, sql, params=()):
        """Invariants broken by ``sql``, which is rolled back afterwards."""
        self.cr.execute('SAVEPOINT corrupt')
        try:
            self.cr.execute(sql, params)
            return invariants.broken_invariants(self.cr)
        finally:
            self.cr.execute('ROLLBACK TO SAVEPOINT corrupt')

    def test_demo_database_holds_every_invariant(self):
        """The demo network is consistent."""
        self.assertEqual(invariants.broken_invariants(self.cr), {})

    def test_quant_off_the_ledger_is_reported(self):
        """A quant changed behind the ledger's back is reported with its product and location."""
        broken = self._broken_after(
            'UPDATE stock_quant SET quantity = quantity + 3 WHERE id = %s', (self.quant_id,))
        columns, rows = broken['quants equal the done-move ledger per product x location']
        self.assertEqual(len(rows), 1)
        row = dict(zip(columns, rows[0]))
        self.assertEqual((row['product_id'], row['location_id']),
                         (self.product_id, self.location_id))
        self.assertEqual(row['quant_qty'] - row['ledger_qty'], 3)

    def test_reservation_without_move_line_is_reported(self):
        """Reserved quantity no open move line accounts for is reported."""
        broken = self._broken_after(
            'UPDATE stock_quant SET reserved_quantity = 2 WHERE id = %s', (self.quant_id,))
        self.assertIn('reserved quantity on quants equals the open move lines', broken)

    def test_duplicate_quant_is_reported(self):
        """Two quants for one product/location/lot/package/owner are reported."""
        broken = self._broken_after("""
            INSERT INTO stock_quant (product_id, location_id, company_id, quantity,
                                     reserved_quantity, in_date)
            SELECT product_id, location_id, company_id, 0, 0, in_date
              FROM stock_quant WHERE id = %s""", (self.quant_id,))
        columns, rows = broken[invariants.ONE_QUANT]
        self.assertEqual(dict(zip(columns, rows[0]))['quants'], 2)


def test_broken_invariant_fails_the_test_that_broke_it(tmp_path):
    """A test that leaves the ledger inconsistent fails, naming the invariant and rows."""
    case_dir = os.path.join(ROOT, '.run', 'invariant_probe')
    os.makedirs(case_dir, exist_ok=True)
    case = os.path.join(case_dir, 'test_breaks_ledger.py')
    with open(case, 'w') as handle:
        handle.write(textwrap.dedent('''
            from odoo.tests.common import SavepointCase

            class TestBreaksLedger(SavepointCase):
                def test_breaks(self):
                    self.cr.execute("UPDATE stock_quant SET quantity = quantity + 1"
                                    " WHERE id = (SELECT min(id) FROM stock_quant)")

                def test_keeps(self):
                    self.cr.execute("SELECT 1")
        '''))
    result = subprocess.run(
        [sys.executable, '-m', 'pytest', '-p', 'no:cacheprovider', '-q',
         '--rootdir', ROOT, '-c', os.path.join(ROOT, 'pytest.ini'),
         '--odoo-database', odoo.tests.common.get_db_name(),
         '--odoo-config', odoo.tools.config.rcfile, case],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=600)
    output = result.stdout
    assert result.returncode == 1, output
    assert '1 passed' in output and ('1 failed' in output or '1 error' in output), output
    assert 'test_breaks' in output
    assert 'quants equal the done-move ledger per product x location' in output

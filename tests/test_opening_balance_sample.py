# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo's sample opening-balance file (addons/retail_demo/data/
opening_balances_sample.csv, shown in the README's tour) has exactly its
deliberate errors on the demo network."""
import base64
import os

from odoo.tests.common import SavepointCase

SAMPLE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                      'addons', 'retail_demo', 'data', 'opening_balances_sample.csv')


class TestOpeningBalanceSample(SavepointCase):

    def test_sample_file_errors(self):
        admin = self.env.ref('retail_demo.user_retail_admin')
        with open(SAMPLE, 'rb') as sample:
            content = sample.read()
        balances = self.env['retail.opening.balance'].sudo(admin).create({
            'name': 'Sample', 'file_name': 'opening_balances_sample.csv',
            'file': base64.b64encode(content)})
        balances.action_check()
        errors = {error.file_row: error.message for error in balances.error_ids}
        self.assertEqual(balances.state, 'error')
        expected = {4: 'negative quantity', 5: 'unknown site S099',
                    6: 'unknown product SKU999999', 7: 'is not a unit of',
                    8: 'same site, product and lot as row 2', 9: 'not tracked by lot',
                    10: 'not a number'}
        self.assertEqual(sorted(errors), sorted(expected))
        for row, text in expected.items():
            self.assertIn(text, errors[row])
        self.assertFalse(balances.line_ids)

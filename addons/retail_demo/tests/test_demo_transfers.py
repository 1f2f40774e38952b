# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase


class TestDemoTransfers(SavepointCase):
    """The demo network comes with transfers in every state."""

    def test_every_state(self):
        """Transfers exist in every state, one overdue and one in discrepancy."""
        Transfer = self.env['retail.transfer']
        states = set(Transfer.search([]).mapped('state'))
        self.assertTrue({'requested', 'approved', 'picked', 'shipped', 'received',
                         'discrepancy', 'closed', 'cancelled'} <= states, states)
        self.assertTrue(Transfer.search([('is_late', '=', True)]))
        discrepancy = Transfer.search([('state', '=', 'discrepancy')])
        self.assertTrue(self.env['retail.exception'].search([
            ('source_model', '=', 'retail.transfer'), ('source_id', 'in', discrepancy.ids),
            ('exception_type', '=', 'transfer_discrepancy')]))

    def test_store_clerk_has_work(self):
        """The store clerk sees a shipment to receive and a discrepancy of S001."""
        clerk = self.env.ref('retail_demo.user_store_clerk')
        seen = self.env['retail.transfer'].sudo(clerk).search([])
        self.assertTrue(all('S001' in (t.source_warehouse_id.code, t.dest_warehouse_id.code)
                            for t in seen))
        self.assertIn('shipped', seen.mapped('state'))
        self.assertIn('discrepancy', seen.mapped('state'))

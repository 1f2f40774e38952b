# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.retail_replenishment.tests.common_run import ReplenishmentRunCase


class TestTransferFromReplenishment(ReplenishmentRunCase):
    """The replenishment run inserts its moves with SQL: its transfers follow."""

    def test_run_makes_one_transfer_per_store(self):
        """A run makes one transfer per store, linking the DC delivery and the store receipt."""
        run = self._run()
        receipts = self._store_moves(run).mapped('picking_id')
        transfers = receipts.mapped('retail_transfer_id')
        self.assertEqual(len(transfers), 3)
        self.assertEqual(transfers.mapped('dest_warehouse_id'), self.stores)
        self.assertEqual(set(transfers.mapped('source_warehouse_id')), {self.dc})
        self.assertEqual(set(transfers.mapped('state')), {'approved'})
        for transfer in transfers:
            self.assertEqual(len(transfer.out_picking_ids), 1)
            self.assertEqual(transfer.line_ids.mapped('product_id'),
                             transfer.in_picking_ids.mapped('move_lines.product_id'))
            self.assertEqual(transfer.dest_cluster_id, self.cluster)
        seen = self.env['retail.transfer'].sudo(self.clerk).search([('id', 'in', transfers.ids)])
        self.assertEqual(seen.mapped('dest_warehouse_id'), self.stores[:1])

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

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

    def test_run_transfer_lines_match_the_moves(self):
        """A run transfer has a line per product: asked what the delivery asks, none shipped."""
        run = self._run()
        transfers = self._store_moves(run).mapped('picking_id.retail_transfer_id')
        for transfer in transfers:
            asked = {}
            for move in transfer.out_picking_ids.mapped('move_lines'):
                asked[move.product_id] = asked.get(move.product_id, 0.0) + move.product_qty
            self.assertEqual({l.product_id: l.expected_qty for l in transfer.line_ids}, asked)
            self.assertEqual(set(transfer.line_ids.mapped('line_state')), {'ok'})
            self.assertFalse(any(transfer.line_ids.mapped('shipped_qty')))
            self.assertFalse(any(transfer.line_ids.mapped('received_qty')))
            self.assertEqual((transfer.shipped_qty, transfer.discrepancy_qty), (0.0, 0.0))

    def test_run_transfer_lines_inserted_at_once(self):
        """The run's transfer lines are inserted in one statement, not created one by one."""
        Line = type(self.env['retail.transfer.line'])
        with patch.object(Line, 'create', autospec=True, side_effect=Line.create) as create:
            run = self._run()
        transfers = self._store_moves(run).mapped('picking_id.retail_transfer_id')
        self.assertTrue(transfers.mapped('line_ids'))
        self.assertEqual(create.call_count, 0)

    def test_run_transfer_lines_follow_the_shipment(self):
        """After the run, validating the DC delivery ships the lines' quantities."""
        run = self._run()
        transfer = self._store_moves(run).mapped('picking_id.retail_transfer_id')[:1]
        delivery = transfer.out_picking_ids
        delivery.action_assign()
        for move in delivery.move_lines:
            move.quantity_done = move.product_uom_qty
        delivery.action_done()
        self.assertEqual(transfer.state, 'shipped')
        for line in transfer.line_ids:
            self.assertEqual(line.shipped_qty, line.expected_qty)
        self.assertEqual(transfer.shipped_qty, sum(transfer.line_ids.mapped('expected_qty')))

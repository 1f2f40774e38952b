# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.retail_replenishment.models.procurement_group import ALL_RULES_KEY
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from .common_run import ReplenishmentRunCase

MOVE_FIELDS = (
    'name', 'company_id', 'product_id', 'product_uom', 'product_uom_qty', 'product_qty',
    'ordered_qty', 'partner_id', 'location_id', 'location_dest_id', 'rule_id',
    'procure_method', 'origin', 'picking_type_id', 'warehouse_id', 'date',
    'date_expected', 'propagate', 'priority', 'sequence', 'state', 'scrapped',
    'additional', 'to_refund', 'route_ids', 'price_unit', 'restrict_partner_id',
    'push_rule_id', 'product_packaging', 'inventory_id', 'origin_returned_move_id',
    'purchase_line_id', 'created_purchase_line_id', 'value', 'remaining_qty',
)
PICKING_FIELDS = (
    'origin', 'company_id', 'move_type', 'partner_id', 'picking_type_id', 'location_id',
    'location_dest_id', 'state', 'scheduled_date', 'priority', 'printed', 'is_locked',
    'owner_id', 'backorder_id',
)


class TestReplenishmentRun(ReplenishmentRunCase):

    def _savepoint(self, name):
        self.env.cr.execute('SAVEPOINT %s' % name)

    def _rollback_to(self, name):
        self.env.cr.execute('ROLLBACK TO SAVEPOINT %s' % name)
        self.env['stock.move'].invalidate_cache()

    def test_quantities_equal_odoo_scheduler(self):
        """On the same rules, with a DC that has enough, a run orders per store
        and product exactly what Odoo's scheduler orders."""
        self._savepoint('ours')
        ours = self._quantities(self._store_moves(self._run()))
        self._rollback_to('ours')
        self.env['procurement.group'].sudo().with_context(
            **{ALL_RULES_KEY: True})._procure_orderpoint_confirm(company_id=self.company.id)
        odoo_moves = self.env['stock.move'].search([
            ('origin', 'in', self.orderpoints.mapped('name')),
            ('location_dest_id', 'in', self.stores.mapped('lot_stock_id').ids)])
        odoo = self._quantities(odoo_moves)
        self.assertEqual(len(odoo), len(self.orderpoints))
        self.assertEqual(ours, odoo)

    def test_documents_equal_odoo_procurement(self):
        """The moves and pickings of a run are field by field those Odoo's
        procurement makes for the same need, group and date."""
        run = self._run()
        store_move = self._store_moves(run).filtered(
            lambda m: m.product_id == self.products[0])[:1]
        self.assertEqual(len(store_move), 1)
        dc_move = store_move.move_orig_ids
        self.assertEqual(len(dc_move), 1)
        orderpoint = self.orderpoints.filtered(
            lambda op: op.product_id == store_move.product_id
            and op.location_id == store_move.location_dest_id)
        group = self.env['procurement.group'].create({
            'name': store_move.group_id.name, 'move_type': store_move.group_id.move_type})
        values = orderpoint._prepare_procurement_values(
            store_move.product_uom_qty, date=store_move.date_expected, group=group)
        self.env['procurement.group'].sudo().run(
            orderpoint.product_id, store_move.product_uom_qty, orderpoint.product_uom,
            orderpoint.location_id, orderpoint.name, orderpoint.name, values)
        odoo_store_move = self.env['stock.move'].search([('group_id', '=', group.id),
                                                         ('move_orig_ids', '!=', False)])
        odoo_dc_move = odoo_store_move.move_orig_ids
        self.assertEqual(len(odoo_store_move), 1)
        self.assertEqual(len(odoo_dc_move), 1)
        for ours, odoo in ((store_move, odoo_store_move), (dc_move, odoo_dc_move)):
            self.assertEqual(self._values(ours, MOVE_FIELDS), self._values(odoo, MOVE_FIELDS))
            self.assertEqual(ours.reference, ours.picking_id.name)
            self.assertEqual(ours.group_id, ours.picking_id.group_id)
        self.assertEqual(dc_move.move_dest_ids, store_move)
        odoo_picking = odoo_store_move.picking_id
        ours_picking = store_move.picking_id
        # Odoo's picking has one move, ours five: its origin is the first rule's.
        self.assertEqual(ours_picking.origin, ours_picking.move_lines[:1].origin)
        fields = [f for f in PICKING_FIELDS if f not in ('origin', 'scheduled_date')]
        self.assertEqual(self._values(ours_picking, fields),
                         self._values(odoo_picking, fields))
        self.assertEqual(self._values(dc_move.picking_id, PICKING_FIELDS),
                         self._values(odoo_dc_move.picking_id, PICKING_FIELDS))

    @staticmethod
    def _values(record, fields):
        values = record.read(list(fields), load='_classic_write')[0]
        del values['id']
        return values

    def test_one_transfer_per_store_per_run(self):
        """A run makes one DC delivery and one store receipt per store, and a
        second run orders nothing more: the first run's moves are incoming."""
        run = self._run()
        self.assertEqual(run.state, 'done')
        self.assertEqual(run.pair_count, 15)
        self.assertEqual(run.below_min_count, 15)
        self.assertEqual(run.picking_count, 6)
        self.assertEqual(run.move_count, 30)
        self.assertEqual(run.user_id, self.planner)
        receipts = self._store_moves(run).mapped('picking_id')
        self.assertEqual(receipts.mapped('location_dest_id'), self.stores.mapped('lot_stock_id'))
        self.assertEqual(set(receipts.mapped('state')), {'waiting'})
        deliveries = receipts.mapped('move_lines.move_orig_ids.picking_id')
        self.assertEqual(len(deliveries), 3)
        self.assertEqual(set(deliveries.mapped('state')), {'confirmed'})
        self.assertEqual(set(deliveries.mapped('location_id')), {self.dc.lot_stock_id})
        second = self._run()
        self.assertEqual(second.state, 'done')
        self.assertEqual(second.picking_count, 0)
        self.assertFalse(self.env['stock.move'].search_count([
            ('group_id', 'in', second.procurement_group_ids.ids)]))

    def test_quantities_up_to_max_in_packs(self):
        """Below min, a store gets max - forecast rounded up to the multiple."""
        run = self._run()
        orderpoint = self.orderpoints.filtered(
            lambda op: op.product_id == self.products[4])[:1]
        moves = self._store_moves(run).filtered(
            lambda m: m.product_id == orderpoint.product_id
            and m.location_dest_id == orderpoint.location_id)
        forecast = orderpoint.product_id.with_context(
            location=orderpoint.location_id.id).virtual_available - moves.product_uom_qty
        self.assertEqual(moves.product_uom_qty % 4, 0)
        self.assertGreaterEqual(forecast + moves.product_uom_qty, orderpoint.product_max_qty)
        self.assertLess(forecast + moves.product_uom_qty - 4, orderpoint.product_max_qty)

    def test_odoo_processes_the_documents(self):
        """Odoo reserves and validates the DC delivery, then the store receipt:
        the store's stock grows by what the run ordered."""
        run = self._run()
        receipt = self._store_moves(run).filtered(
            lambda m: m.location_dest_id == self.stores[0].lot_stock_id)[:1].picking_id
        delivery = receipt.move_lines.mapped('move_orig_ids.picking_id')
        before = {m.product_id: m.product_id.with_context(
            location=self.stores[0].lot_stock_id.id).qty_available for m in receipt.move_lines}
        delivery.action_assign()
        self.assertEqual(delivery.state, 'assigned')
        for move in delivery.move_lines:
            move.move_line_ids.write({'qty_done': move.product_uom_qty})
        delivery.action_done()
        self.assertEqual(delivery.state, 'done')
        self.assertEqual(receipt.state, 'assigned')
        for move in receipt.move_lines:
            move.move_line_ids.write({'qty_done': move.product_uom_qty})
        receipt.action_done()
        self.assertEqual(receipt.state, 'done')
        for move in receipt.move_lines:
            after = move.product_id.with_context(
                location=self.stores[0].lot_stock_id.id).qty_available
            self.assertEqual(float_compare(after, before[move.product_id] + move.product_uom_qty,
                                           precision_digits=3), 0)

    def test_store_clerk_cannot_start_a_run(self):
        """A store clerk can neither start a run nor create one."""
        with self.assertRaises(AccessError):
            self._run(user=self.clerk)
        with self.assertRaises(AccessError):
            self.env['retail.replenishment.run'].sudo(self.clerk).create({
                'cluster_ids': [(6, 0, self.cluster.ids)]})
        self.assertFalse(self.env['retail.replenishment.run'].search([
            ('cluster_ids', 'in', self.cluster.ids)]))

    def test_planner_cannot_forge_results(self):
        """A planner sets a run's scope only: results and states are the run's."""
        Run = self.env['retail.replenishment.run'].sudo(self.planner)
        with self.assertRaises(AccessError):
            Run.create({'cluster_ids': [(6, 0, self.cluster.ids)], 'state': 'done',
                        'picking_count': 99})
        run = self._run()
        with self.assertRaises(AccessError):
            run.sudo(self.planner).write({'picking_count': 0})
        self.assertEqual(run.picking_count, 6)

    def test_draft_run_started_by_planner(self):
        """A planner creates a run for a cluster and starts it; the run keeps
        the planner as the user who started it."""
        run = self.env['retail.replenishment.run'].sudo(self.planner).create({
            'cluster_ids': [(6, 0, self.cluster.ids)]})
        run.action_start()
        self.assertEqual(run.state, 'done')
        self.assertEqual(run.user_id, self.planner)
        self.assertEqual(run.picking_count, 6)
        with self.assertRaises(UserError):
            run.action_start()

    def test_overlapping_run_refused(self):
        """While a run holds its locks (its own and the scheduler's), a second run
        is refused as a run in progress, changing nothing."""
        with self.registry.cursor() as other_cr:
            other_cr.execute('SELECT pg_advisory_lock(%s, %s), pg_advisory_lock(%s)', (
                self._lock_key(), self.company.id, self._scheduler_key()))
            try:
                with self.assertRaises(UserError) as error:
                    self._run()
            finally:
                other_cr.execute('SELECT pg_advisory_unlock(%s, %s), pg_advisory_unlock(%s)', (
                    self._lock_key(), self.company.id, self._scheduler_key()))
        self.assertIn('already in progress', error.exception.name)
        self.assertFalse(self.env['retail.replenishment.run'].search([
            ('cluster_ids', 'in', self.cluster.ids)]))

    def test_run_refused_while_odoo_scheduler_runs(self):
        """While Odoo's scheduler runs, a replenishment run is refused: both
        order from the same rules."""
        waiting = [('location_dest_id', 'in', self.stores.mapped('lot_stock_id').ids),
                   ('state', '=', 'waiting')]
        # The demo network may have transfers on their way already.
        waiting_before = self.env['stock.move'].search_count(waiting)
        with self.registry.cursor() as other_cr:
            other_cr.execute('SELECT pg_advisory_xact_lock(%s)', (self._scheduler_key(),))
            with self.assertRaises(UserError) as error:
                self._run()
        self.assertIn("scheduler is running", error.exception.name)
        self.assertEqual(self.env['stock.move'].search_count(waiting), waiting_before)

    def test_odoo_scheduler_refused_while_run_holds_lock(self):
        """While a replenishment run holds its lock, Odoo's scheduler is refused."""
        self._run()
        with self.registry.cursor() as other_cr:
            other_cr.execute('SELECT pg_try_advisory_xact_lock(%s)', (self._scheduler_key(),))
            self.assertFalse(other_cr.fetchone()[0])

    @staticmethod
    def _scheduler_key():
        from odoo.addons.retail_replenishment.models.procurement_group import (
            SCHEDULER_LOCK_KEY)
        return SCHEDULER_LOCK_KEY

    @staticmethod
    def _lock_key():
        from odoo.addons.retail_replenishment.models.retail_replenishment_run import LOCK_KEY
        return LOCK_KEY

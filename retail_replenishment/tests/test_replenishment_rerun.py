# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A run killed halfway, then run again: on committed data, since the run
commits its chunks from its own cursor. The test opens its own cursors,
commits its set-up, and removes everything it made afterwards."""
import unittest
from unittest import mock

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests.common import get_db_name

STORES = ('S033', 'S034', 'S035')


class KilledRun(BaseException):
    """What a killed worker looks like to the run: nothing of it is caught."""


class TestRerunAfterKill(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.registry = odoo.registry(get_db_name())
        cls.made = {}
        with api.Environment.manage(), cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {'tracking_disable': True})
            stores = env['stock.warehouse'].search([('code', 'in', STORES)], order='code')
            dc = env['stock.warehouse'].search([('code', '=', 'DC')])
            cls.made['store_clusters'] = {s.id: s.retail_cluster_id.id for s in stores}
            planner = env['res.users'].search([('login', '=', 'planner')])
            cls.made['planner'] = planner.id
            cluster = env['retail.store.cluster'].create({
                'name': 'Rerun test cluster', 'code': 'RBKILL',
                'supply_warehouse_id': dc.id, 'lead_days': 1, 'planner_id': planner.id})
            cls.made['cluster'] = cluster.id
            stores.write({'retail_cluster_id': cluster.id})
            archived = env['stock.warehouse.orderpoint'].search(
                [('warehouse_id', 'in', stores.ids)])
            cls.made['archived_orderpoints'] = archived.ids
            archived.write({'active': False})
            cr.execute("""
                SELECT product_id FROM stock_quant WHERE location_id = %s
                 GROUP BY product_id HAVING sum(quantity) >= 200
                 ORDER BY product_id LIMIT 4""", (dc.lot_stock_id.id,))
            products = env['product.product'].browse([r[0] for r in cr.fetchall()])
            orderpoints = env['stock.warehouse.orderpoint']
            for store in stores:
                for product in products:
                    on_hand = product.with_context(
                        location=store.lot_stock_id.id).qty_available
                    orderpoints |= orderpoints.create({
                        'warehouse_id': store.id, 'location_id': store.lot_stock_id.id,
                        'product_id': product.id, 'product_min_qty': on_hand + 3,
                        'product_max_qty': on_hand + 10})
            cls.made['orderpoints'] = orderpoints.ids
            param = env['ir.config_parameter']
            cls.made['chunk'] = param.get_param('retail_replenishment.chunk_store_count')
            param.set_param('retail_replenishment.chunk_store_count', '1')

    @classmethod
    def tearDownClass(cls):
        with api.Environment.manage(), cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            runs = env['retail.replenishment.run'].search(
                [('cluster_ids', 'in', [cls.made['cluster']])])
            groups = runs.mapped('procurement_group_ids')
            if groups:
                cr.execute("DELETE FROM stock_move WHERE group_id IN %s", (tuple(groups.ids),))
                cr.execute("DELETE FROM stock_picking WHERE group_id IN %s",
                           (tuple(groups.ids),))
            if runs:
                cr.execute("DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
                           (runs._name, tuple(runs.ids)))
                cr.execute("DELETE FROM retail_replenishment_run WHERE id IN %s",
                           (tuple(runs.ids),))
            if groups:
                cr.execute("DELETE FROM procurement_group WHERE id IN %s", (tuple(groups.ids),))
            env['retail.exception'].search([
                ('source_model', '=', 'retail.store.cluster'),
                ('source_id', '=', cls.made['cluster'])]).action_cancel()
            env['stock.warehouse.orderpoint'].browse(cls.made['orderpoints']).unlink()
            env['stock.warehouse.orderpoint'].browse(
                cls.made['archived_orderpoints']).write({'active': True})
            for store_id, cluster_id in cls.made['store_clusters'].items():
                env['stock.warehouse'].browse(store_id).retail_cluster_id = cluster_id
            cr.execute("DELETE FROM mail_message WHERE model = %s AND res_id = %s",
                       ('retail.store.cluster', cls.made['cluster']))
            env['retail.store.cluster'].browse(cls.made['cluster']).unlink()
            env['ir.config_parameter'].set_param(
                'retail_replenishment.chunk_store_count', cls.made['chunk'] or False)

    def _start(self):
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cluster = env['retail.store.cluster'].browse(self.made['cluster'])
            return env['retail.replenishment.run']._start(cluster).id

    def _read(self, query, params):
        with self.registry.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall()

    def _ordered(self):
        """{(store location, product): quantity ordered by the test's runs}."""
        return dict(((loc, prod), qty) for loc, prod, qty in self._read("""
            SELECT m.location_dest_id, m.product_id, sum(m.product_uom_qty)
              FROM stock_move m
              JOIN procurement_group g ON g.id = m.group_id
              JOIN retail_replenishment_run_group_rel rel ON rel.group_id = g.id
              JOIN retail_replenishment_run_cluster_rel crel ON crel.run_id = rel.run_id
             WHERE crel.cluster_id = %s AND m.procure_method = 'make_to_order'
             GROUP BY 1, 2""", (self.made['cluster'],)))

    def _expected(self):
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            stores = env['stock.warehouse'].search(
                [('retail_cluster_id', '=', self.made['cluster'])])
            _pairs, needs = env['retail.replenishment.builder']._evaluate(stores)
            return {(n['location_id'], n['product_id']): n['order_qty'] for n in needs}

    def test_rerun_after_kill_orders_each_need_once(self):
        """A run killed after its first committed chunk leaves that store's
        transfers; the next run marks it failed and orders what is still
        missing: one transfer per store, every need once, nothing twice."""
        expected = self._expected()
        self.assertEqual(len(expected), 12)
        Run = self.registry['retail.replenishment.run']

        def kill_after_first_chunk(run, number):
            raise KilledRun()

        with mock.patch.object(Run, '_on_chunk_done', kill_after_first_chunk):
            with self.assertRaises(KilledRun):
                self._start()
        killed = self._read("""
            SELECT r.id, r.state, r.picking_count FROM retail_replenishment_run r
              JOIN retail_replenishment_run_cluster_rel c ON c.run_id = r.id
             WHERE c.cluster_id = %s""", (self.made['cluster'],))
        self.assertEqual([row[1:] for row in killed], [('running', 2)])
        self.assertEqual(len(self._ordered()), 4)

        rerun_id = self._start()
        states = dict(self._read(
            "SELECT id, state FROM retail_replenishment_run WHERE id IN %s",
            ((killed[0][0], rerun_id),)))
        self.assertEqual(states, {killed[0][0]: 'failed', rerun_id: 'done'})
        self.assertEqual(self._ordered(), expected)
        receipts = self._read("""
            SELECT p.location_dest_id, count(*) FROM stock_picking p
              JOIN retail_replenishment_run_group_rel rel ON rel.group_id = p.group_id
             WHERE rel.run_id IN %s
             GROUP BY 1""", ((killed[0][0], rerun_id),))
        # One receipt per store; the three DC deliveries go to the transit location.
        self.assertEqual(sorted(count for _loc, count in receipts), [1, 1, 1, 3])
        self.assertFalse([n for n in self._expected().values() if n > 0])
        # The interrupted run reached the cluster's planner as an exception.
        failures = self._read("""
            SELECT e.owner_id, count(a.id) FROM retail_exception e
              LEFT JOIN mail_activity a ON a.res_model = 'retail.exception'
                                       AND a.res_id = e.id AND a.user_id = e.owner_id
             WHERE e.exception_type = 'replenishment_failed'
               AND e.source_model = 'retail.store.cluster' AND e.source_id = %s
             GROUP BY 1""", (self.made['cluster'],))
        self.assertEqual(failures, [(self.made['planner'], 1)])

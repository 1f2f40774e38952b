"""Fault injection on the replenishment run (issue 11, item 4).

For each point (percent of the run's committed progress), on a database of its
own (a copy of the demo, it is changed):

1. the reference: the same run in one transaction, rolled back, gives the
   quantity every store x product should receive;
2. a server with workers starts the run over XML-RPC (the planner); when the
   run's committed progress reaches the point, the fault is injected: the
   Odoo server is killed (SIGKILL, master and workers), or the run's database
   connection is terminated (pg_terminate_backend), the server staying up;
3. the server is restarted and the planner runs again;
4. checks: the interrupted run is marked failed, the quantities ordered by
   the runs equal the reference (nothing lost, nothing twice), a third run
   orders nothing, the ledger invariants hold;
5. the runs' transfers and RFQs are cancelled and deleted (next point).

    .venv/bin/python tests/bench/faults.py --database retail_faults \\
        --cluster URB --points 10,50,90 --fault kill,connection

Prints one line per point and fault, and exits 1 if any check failed.
"""
import argparse
import os
import signal
import sys
import threading
import time
import xmlrpc.client
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'tests'))

import odoo  # noqa: E402
import psutil  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402

RUN_TABLE_QUERY = """
    SELECT m.location_dest_id, m.product_id, sum(m.product_uom_qty)
      FROM stock_move m
      JOIN retail_replenishment_run_group_rel rel ON rel.group_id = m.group_id
     WHERE rel.run_id = ANY(%s) AND m.state != 'cancel'
       AND m.location_dest_id IN %s
     GROUP BY 1, 2
"""


def env_cursor(database):
    registry = odoo.registry(database)
    return registry.cursor()


def store_locations(env, cluster_code):
    cluster = env['retail.store.cluster'].search([('code', '=', cluster_code)])
    stores = env['stock.warehouse'].search([('retail_cluster_id', '=', cluster.id)])
    return cluster, stores, tuple(stores.mapped('lot_stock_id').ids)


def reference(database, cluster_code):
    """{(location, product): qty} of an uninterrupted run, rolled back."""
    with api.Environment.manage(), env_cursor(database) as cr:
        env = api.Environment(cr, SUPERUSER_ID, {'retail_replenishment_in_transaction': True})
        cluster, _stores, locations = store_locations(env, cluster_code)
        run = env['retail.replenishment.run']._start(cluster)
        moves = env['stock.move'].search([
            ('group_id', 'in', run.procurement_group_ids.ids),
            ('location_dest_id', 'in', list(locations))])
        result = defaultdict(float)
        for move in moves:
            result[(move.location_dest_id.id, move.product_id.id)] += move.product_uom_qty
        cr.rollback()
    return dict(result), cluster.id, locations


def ordered(cr, run_ids, locations):
    cr.execute(RUN_TABLE_QUERY, (list(run_ids), locations))
    return {(loc, prod): float(qty) for loc, prod, qty in cr.fetchall()}


def kill_server(server):
    process = psutil.Process(server.process.pid)
    for child in process.children(recursive=True):
        child.send_signal(signal.SIGKILL)
    process.send_signal(signal.SIGKILL)
    server.process.wait(30)


def terminate_run_connection(database):
    """Ends the connection that holds the run's advisory lock."""
    with odoo.sql_db.db_connect('postgres').cursor() as cr:
        cr.execute("""SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                       WHERE l.locktype = 'advisory' AND a.datname = %s""", (database,))
        pids = {row[0] for row in cr.fetchall()}
        for pid in pids:
            cr.execute("SELECT pg_terminate_backend(%s)", (pid,))
    return pids


def cleanup(database, run_ids):
    with api.Environment.manage(), env_cursor(database) as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        runs = env['retail.replenishment.run'].browse(run_ids)
        pickings = env['stock.picking'].search(
            [('group_id', 'in', runs.mapped('procurement_group_ids').ids)])
        pickings.action_cancel()
        pickings.unlink()
        purchases = runs.mapped('purchase_ids')
        purchases.button_cancel()
        purchases.unlink()
        cr.commit()  # the script's own cursor: the next point starts clean


def one_point(args, point, fault, Client, OdooServer, invariants):
    ref, cluster_id, locations = reference(args.database, args.cluster)
    server = OdooServer(args.database, workers=2).start()
    planner = Client(server, 'planner')
    with odoo.sql_db.db_connect(args.database).cursor() as cr:
        cr.execute("SELECT coalesce(max(id), 0) FROM retail_replenishment_run")
        last_run = cr.fetchone()[0]
    outcome = {}

    def run():
        try:
            outcome['first'] = planner('retail.replenishment.run', 'action_run_clusters',
                                       [cluster_id])
        except (xmlrpc.client.Fault, xmlrpc.client.ProtocolError, OSError) as error:
            outcome['first'] = repr(error)[:200]
    thread = threading.Thread(target=run)
    started = time.time()
    thread.start()
    reached = None
    with odoo.sql_db.db_connect(args.database).cursor() as cr:
        while thread.is_alive() and time.time() - started < args.timeout:
            cr.execute("SELECT progress FROM retail_replenishment_run WHERE id > %s"
                       " ORDER BY id DESC LIMIT 1", (last_run,))
            row = cr.fetchone()
            cr.rollback()
            if row and (row[0] or 0) >= point:
                reached = row[0]
                break
            time.sleep(0.05)
    if fault == 'kill':
        kill_server(server)
        server = OdooServer(args.database, workers=2).start()
    else:
        terminate_run_connection(args.database)
    thread.join(args.timeout)
    planner = Client(server, 'planner')
    planner('retail.replenishment.run', 'action_run_clusters', [cluster_id])
    third = planner('retail.replenishment.run', 'action_run_clusters', [cluster_id])
    server.stop()
    with odoo.sql_db.db_connect(args.database).cursor() as cr:
        cr.execute("SELECT id, state, picking_count FROM retail_replenishment_run"
                   " WHERE id > %s ORDER BY id", (last_run,))
        runs = cr.fetchall()
        got = ordered(cr, [r[0] for r in runs], locations)
        broken = invariants.broken_invariants(cr)
    lost = {k: v - got.get(k, 0) for k, v in ref.items() if v - got.get(k, 0) > 1e-6}
    doubled = {k: got[k] - ref.get(k, 0) for k in got if got[k] - ref.get(k, 0) > 1e-6}
    third_id = third['res_id']
    third_pickings = [r[2] or 0 for r in runs if r[0] == third_id]
    ok = (not lost and not doubled and not broken and third_pickings == [0]
          and runs[0][1] in ('failed', 'done'))
    print('%-10s at %3d%% (progress seen %s): runs %s; reference %d pairs %.0f units; '
          'lost %d, doubled %d, third run pickings %s, invariants broken %s -> %s' % (
              fault, point, reached, [(r[0], r[1]) for r in runs], len(ref),
              sum(ref.values()), len(lost), len(doubled), third_pickings,
              list(broken) or 'none', 'OK' if ok else 'FAILED'))
    cleanup(args.database, [r[0] for r in runs])
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--database', required=True)
    parser.add_argument('--config', default=os.path.join(ROOT, '.run', 'odoo.conf'))
    parser.add_argument('--cluster', default='URB')
    parser.add_argument('--points', default='10,50,90')
    parser.add_argument('--fault', default='kill,connection')
    parser.add_argument('--chunk', type=int, default=1,
                        help='stores per committed chunk (more chunks, finer points)')
    parser.add_argument('--timeout', type=float, default=900)
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config, '-d', args.database])
    import invariants
    from conftest import OdooServer
    from test_governance_xmlrpc import Client
    with api.Environment.manage(), env_cursor(args.database) as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env['ir.config_parameter'].set_param(
            'retail_replenishment.chunk_store_count', str(args.chunk))
        cr.commit()  # the script's own cursor
    results = []
    for fault in args.fault.split(','):
        for point in [int(p) for p in args.points.split(',')]:
            results.append(one_point(args, point, fault, Client, OdooServer, invariants))
    print('%d of %d fault points survived' % (sum(results), len(results)))
    sys.exit(0 if all(results) else 1)


if __name__ == '__main__':
    main()

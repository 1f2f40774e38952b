"""Fault injection on the replenishment run and on a large adjustment's
validation (issue 11, item 4).

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

With ``--target adjustment`` (or ``run,adjustment``), for each point and fault:
an adjustment of ``--adjustment-lines`` lines of the first store of the
cluster, each counted one unit more, is counted, submitted and approved by the
reviewers its rule asks for (committed); its validation is timed once in a
transaction rolled back; then the administrator validates it over XML-RPC and
the fault comes at that share of the time (the validation is one transaction,
so its progress cannot be read from outside). After the restart: the
adjustment is still to validate, none of its moves is done and the quants
are those of before; validating again makes one done move per line and the
quants equal the counts; a third validation is refused; the invariants hold.

Prints one line per point and fault, and exits 1 if any check failed.
"""
import argparse
import base64
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


# ----------------------------------------------------------------------
# A large adjustment's validation
# ----------------------------------------------------------------------
def prepare_adjustment(database, cluster_code, lines):
    """A count of ``lines`` products of the cluster's first store, each one unit
    more, submitted and approved (committed); returns (id, {product: qty before})."""
    with api.Environment.manage(), env_cursor(database) as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        _cluster, stores, _locations = store_locations(env, cluster_code)
        location = stores[:1].lot_stock_id
        # Untracked products whose stock here is plain (no lot, package or
        # owner) and that no count in progress holds (Odoo refuses a second).
        cr.execute("""SELECT q.product_id, sum(q.quantity) FROM stock_quant q
                        JOIN product_product pp ON pp.id = q.product_id
                        JOIN product_template pt ON pt.id = pp.product_tmpl_id
                       WHERE q.location_id = %(loc)s AND pt.tracking = 'none'
                         AND NOT EXISTS (
                             SELECT 1 FROM stock_inventory_line l
                               JOIN stock_inventory i ON i.id = l.inventory_id
                              WHERE i.state = 'confirm' AND l.location_id = %(loc)s
                                AND l.product_id = q.product_id)
                       GROUP BY q.product_id
                      HAVING sum(q.quantity) > 0 AND bool_and(
                             q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL)
                       ORDER BY q.product_id LIMIT %(lines)s""",
                   {'loc': location.id, 'lines': lines})
        before = {product_id: float(qty) for product_id, qty in cr.fetchall()}
        reason = env.ref('retail_governance.reason_count_correction')
        inventory = env['stock.inventory'].create({
            'name': 'Fault count', 'location_id': location.id, 'filter': 'partial'})
        inventory.action_start()
        inventory.write({'line_ids': [(0, 0, {
            'product_id': product_id, 'location_id': location.id,
            'product_qty': qty + 1, 'retail_reason_id': reason.id})
            for product_id, qty in before.items()]})
        # Evidence, for rules that ask for it.
        env['ir.attachment'].create({
            'name': 'count.txt', 'datas_fname': 'count.txt', 'res_model': 'stock.inventory',
            'res_id': inventory.id, 'datas': base64.b64encode(b'fault script count')})
        if inventory.need_validation:
            inventory.action_request_approval()
        for _tier in range(10):
            pending = inventory.review_ids.filtered(lambda review: review.status == 'pending')
            if inventory.validated or not pending:
                break
            # Each tier by someone who approved none before (segregation of duties).
            approvers = inventory.review_ids.filtered(
                lambda review: review.status == 'approved').mapped('done_by')
            reviewer = pending[:1].reviewer_ids - env.user - approvers
            inventory.sudo(reviewer[:1]).validate_tier()
            inventory.invalidate_cache()
        cr.commit()  # the script's own cursor: the server validates it
        return inventory.id, before


def time_validation(database, inventory_id):
    """Seconds the validation takes, in a transaction rolled back."""
    with api.Environment.manage(), env_cursor(database) as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.time()
        env['stock.inventory'].browse(inventory_id).action_done()
        seconds = time.time() - started
        cr.rollback()
    return seconds


def terminate_writing_connections(database):
    """Ends the connections of the database in a transaction that wrote."""
    with odoo.sql_db.db_connect('postgres').cursor() as cr:
        cr.execute("""SELECT pid FROM pg_stat_activity
                       WHERE datname = %s AND backend_xid IS NOT NULL
                         AND pid != pg_backend_pid()""", (database,))
        pids = {row[0] for row in cr.fetchall()}
        for pid in pids:
            cr.execute("SELECT pg_terminate_backend(%s)", (pid,))
    return pids


def adjustment_state(database, inventory_id, products):
    with odoo.sql_db.db_connect(database).cursor() as cr:
        cr.execute("SELECT state, location_id FROM stock_inventory WHERE id = %s",
                   (inventory_id,))
        state, location_id = cr.fetchone()
        cr.execute("""SELECT count(*) FROM stock_move
                       WHERE inventory_id = %s AND state = 'done'""", (inventory_id,))
        done_moves = cr.fetchone()[0]
        cr.execute("""SELECT product_id, sum(quantity) FROM stock_quant
                       WHERE location_id = %s AND product_id = ANY(%s)
                       GROUP BY product_id""", (location_id, list(products)))
        quants = {product_id: float(qty) for product_id, qty in cr.fetchall()}
    return state, done_moves, quants


def one_adjustment_point(args, point, fault, Client, OdooServer, invariants, seconds=None):
    """True or False; or, when the validation ended before the fault came (the
    server validated faster than the timing run), the seconds it took, for the
    caller to try the point again with them."""
    inventory_id, before = prepare_adjustment(args.database, args.cluster,
                                              args.adjustment_lines)
    seconds = seconds or time_validation(args.database, inventory_id)
    server = OdooServer(args.database, workers=2).start()
    admin = Client(server, 'admin', 'admin')
    outcome = {}

    def validate():
        started = time.time()
        try:
            outcome['first'] = admin('stock.inventory', 'action_done', [inventory_id])
        except (xmlrpc.client.Fault, xmlrpc.client.ProtocolError, OSError) as error:
            outcome['first'] = repr(error)[:120]
        outcome['seconds'] = time.time() - started
    thread = threading.Thread(target=validate)
    thread.start()
    time.sleep(seconds * point / 100.0)
    alive = thread.is_alive()
    if fault == 'kill':
        kill_server(server)
        server = OdooServer(args.database, workers=2).start()
    else:
        terminate_writing_connections(args.database)
    thread.join(args.timeout)
    after_fault = adjustment_state(args.database, inventory_id, before)
    admin = Client(server, 'admin', 'admin')
    if after_fault[0] != 'done':
        admin('stock.inventory', 'action_done', [inventory_id])
    try:
        admin('stock.inventory', 'action_done', [inventory_id])
        third = 'accepted'
    except xmlrpc.client.Fault as error:
        third = 'refused' if error.faultCode == 2 else 'error: %s' % error.faultString[-80:]
    server.stop()
    state, done_moves, quants = adjustment_state(args.database, inventory_id, before)
    with odoo.sql_db.db_connect(args.database).cursor() as cr:
        broken = invariants.broken_invariants(cr)
    # The validation may have committed before the fault came (late points):
    # then it must be whole, and validating again is refused below.
    untouched = (after_fault[0] == 'confirm' and after_fault[1] == 0
                 and after_fault[2] == before) or (
                     after_fault[0] == 'done' and after_fault[1] == len(before))
    counted = {product_id: qty + 1 for product_id, qty in before.items()}
    ok = (alive and untouched and state == 'done' and done_moves == len(before)
          and quants == counted and third == 'refused' and not broken)
    print('adjustment %-10s at %3d%% of %.0f s (%s): after the fault %s, %d done moves, '
          'quants %s; validated again: %s, %d done moves for %d lines, quants %s; '
          'third validation %s; invariants broken %s -> %s' % (
              fault, point, seconds, 'validating' if alive else 'already finished',
              after_fault[0], after_fault[1],
              'as before' if after_fault[2] == before else 'CHANGED', state, done_moves,
              len(before), 'as counted' if quants == counted else 'WRONG', third,
              list(broken) or 'none', 'OK' if ok else 'FAILED'), flush=True)
    if not alive and untouched and not broken and outcome.get('seconds'):
        print('  the validation ended before the fault (%.1f s): the point is tried '
              'again with that time' % outcome['seconds'], flush=True)
        return outcome['seconds']
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
    parser.add_argument('--target', default='run',
                        help='run, adjustment, or both (run,adjustment)')
    parser.add_argument('--adjustment-lines', type=int, default=500)
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
    targets = {'run': one_point, 'adjustment': one_adjustment_point}
    for target in args.target.split(','):
        for fault in args.fault.split(','):
            for point in [int(p) for p in args.points.split(',')]:
                result = targets[target](args, point, fault, Client, OdooServer, invariants)
                if result not in (True, False):
                    result = targets[target](args, point, fault, Client, OdooServer,
                                             invariants, seconds=result) is True
                results.append(result)
    print('%d of %d fault points survived' % (sum(results), len(results)))
    sys.exit(0 if all(results) else 1)


if __name__ == '__main__':
    main()

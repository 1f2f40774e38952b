"""Benchmark: the stock-balance fast path against the view it replaces, on the
same data in one run, reads and writes.

    bin/bench-fast-path [--db retail_scale_100x10000] [--repeat 3]

Reads, each through the ORM as the web client or an integration calls it, first
on the fast path, then on the live view (``retail_stock_balance_live``, the
balances computed from the quants and moves at every read: what the model read
before the fast path). The two views swap names inside the transaction, so the
same ORM code reads either:
- the Stock Balances pivot, warehouse x family and cluster x family (the four
  read_group calls the pivot makes), and the list grouped by warehouse (the
  menu's default, also what the graph reads);
- a store's list page (80 rows and the count);
- ``available_to_sell`` of 1,000 products on a channel of every warehouse.

Writes, each run twice from the same savepoint, with the fast path's triggers
and with them disabled (``ALTER TABLE ... DISABLE TRIGGER``, rolled back):
validating a delivery of 50 lines, an inventory adjustment of 5,000 lines, and
a replenishment run of one cluster of 5 stores. The governance checks of the
adjustment (reasons, approvals) are skipped in both modes: they are not what is
measured. Nothing is committed.
"""
import argparse
import os
import statistics
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api

# The fast path's triggers on Odoo's tables (the location ones fire on
# configuration changes only).
FAST_PATH_TRIGGERS = [
    (table, '%s_%s' % (prefix, event))
    for table, prefix in (('stock_quant', 'retail_balance_quant'),
                          ('stock_move', 'retail_balance_move'),
                          ('stock_move_line', 'retail_balance_move_line'))
    for event in ('insert', 'update', 'delete')]
MEASURES = ['on_hand_qty', 'sellable_qty', 'available_to_sell_qty']
LIST_FIELDS = ['warehouse_id', 'product_id', 'categ_id', 'on_hand_qty', 'reserved_qty',
               'sellable_qty', 'damaged_qty', 'quarantined_qty', 'in_transit_qty',
               'consigned_qty', 'available_to_sell_qty', 'uom_id', 'company_id']


def median_time(function, repeat):
    times = []
    for _i in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def swap_views(env):
    """The model reads the live view instead of the fast path, or back."""
    env.cr.execute("""
        ALTER VIEW retail_stock_balance RENAME TO retail_stock_balance_swap;
        ALTER VIEW retail_stock_balance_live RENAME TO retail_stock_balance;
        ALTER VIEW retail_stock_balance_swap RENAME TO retail_stock_balance_live""")
    Balance = type(env['retail.stock.balance'])
    if '_read_table' in Balance.__dict__:
        del Balance._read_table
    else:
        Balance._read_table = lambda self: self._table


def pivot(Balance, rows, cols):
    """The read_group calls of a pivot with one row and one column groupby."""
    def read():
        for groupby in ([], [rows], [cols], [rows, cols]):
            Balance.read_group([], MEASURES + groupby, groupby, lazy=False)
    return read


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('-c', dest='config', required=True)
    parser.add_argument('-d', dest='database', required=True)
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--skip-writes', action='store_true')
    parser.add_argument('--skip-reads', action='store_true')
    parser.add_argument('--adjustment-lines', type=int, default=5000)
    parser.add_argument('--without-first', action='store_true',
                        help='start each write with the triggers off (the second '
                             'operation from a savepoint reads the dead rows the '
                             'first left: with --repeat 1, run both orders)')
    parser.add_argument('--writes', default='delivery,adjustment,run',
                        help='which writes to time (comma-separated)')
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config, '-d', args.database,
                                    '--log-level', 'warn'])
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {'tracking_disable': True})
        try:
            if not args.skip_reads:
                check_invariants(cr)
                reads(env, args)
            if not args.skip_writes:
                writes(env, args)
        finally:
            cr.rollback()


def check_invariants(cr):
    """The ledger invariants of the suite's tests, over the whole database."""
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir))
    import invariants
    for name, query in invariants.INVARIANTS.items():
        start = time.perf_counter()
        cr.execute(query)
        rows = cr.fetchall()
        print('  invariant %-70s %s (%.1f s)' % (
            name, 'holds' if not rows else 'BROKEN: %s' % rows[:3],
            time.perf_counter() - start), flush=True)


def reads(env, args):
    cr = env.cr
    warehouses = env['stock.warehouse'].search([])
    products = env['product.product'].search([('type', '=', 'product')], limit=1000)
    store = env['stock.warehouse'].search([('retail_cluster_id', '!=', False)], limit=1)
    cr.execute("SELECT count(*) FROM retail_balance_base")
    base_rows = cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM stock_quant")
    print('Database %s: %d warehouses, %d quants, %d fast-path rows' % (
        args.database, len(warehouses), cr.fetchone()[0], base_rows), flush=True)
    channel = env['retail.sales.channel'].create({
        'name': 'Bench all warehouses', 'code': 'BENCHFP%d' % time.time(),
        'warehouse_line_ids': [(0, 0, {'warehouse_id': wh.id, 'sequence': i, 'floor_qty': 1})
                               for i, wh in enumerate(warehouses)]})
    # A planner sees every store: read as one when the network has one.
    planner_group = env.ref('retail_governance.group_retail_planner', False)
    planner = planner_group and planner_group.users.filtered(
        lambda u: u.id != SUPERUSER_ID)[:1]
    user = planner or env.user
    Balance = env['retail.stock.balance'].sudo(user.id)
    print('reads as %s (median of %d)' % (user.login, args.repeat))
    cases = [
        ('pivot warehouse x family (4 read_group)',
         pivot(Balance, 'warehouse_id', 'categ_id')),
        ('pivot cluster x family (4 read_group)',
         pivot(Balance, 'retail_cluster_id', 'categ_id')),
        ('list grouped by warehouse / graph',
         lambda: Balance.read_group([], MEASURES + ['warehouse_id'], ['warehouse_id'])),
        ("a store's list page (80 rows + count)",
         lambda: (Balance.search_read([('warehouse_id', '=', store.id)], LIST_FIELDS,
                                      limit=80),
                  Balance.search_count([('warehouse_id', '=', store.id)]))),
        ('available_to_sell, 1,000 products x %d warehouses' % len(warehouses),
         lambda: channel.available_to_sell(products.ids)),
    ]
    print('  %-50s %10s %10s %8s' % ('read', 'fast', 'live view', 'ratio'))
    for label, function in cases:
        function()  # warm the caches of both paths alike
        fast = median_time(function, args.repeat)
        swap_views(env)
        function()
        live = median_time(function, args.repeat)
        swap_views(env)
        print('  %-50s %9.3fs %9.3fs %7.1fx' % (label, fast, live, live / fast), flush=True)


def set_triggers(cr, enabled):
    for table, name in FAST_PATH_TRIGGERS:
        cr.execute('ALTER TABLE {} {} TRIGGER {}'.format(
            table, 'ENABLE' if enabled else 'DISABLE', name))


def compare(env, label, prepare, operation, repeat, without_first=False):
    """Times ``operation(prepared)`` from the same savepoint with the triggers
    on and off, alternating; prints the medians and their ratio."""
    cr = env.cr
    prepared = prepare()
    times = {True: [], False: []}
    for index in range(repeat):
        for enabled in ((True, False) if (index + without_first) % 2 == 0 else (False, True)):
            cr.execute('SAVEPOINT bench_write')
            set_triggers(cr, enabled)
            env.clear()
            start = time.perf_counter()
            operation(prepared)
            times[enabled].append(time.perf_counter() - start)
            cr.execute('ROLLBACK TO SAVEPOINT bench_write')
            env.clear()
    with_path, without = statistics.median(times[True]), statistics.median(times[False])
    print('  %-50s %9.2fs %9.2fs %7.2fx' % (label, with_path, without, with_path / without),
          flush=True)


def writes(env, args):
    print('writes (median of %d, same savepoint)' % args.repeat)
    print('  %-50s %10s %10s %8s' % ('write', 'fast path', 'without', 'ratio'))
    customers = env.ref('stock.stock_location_customers')
    dc = env['stock.warehouse'].search([('code', '=', 'DC')], limit=1) or \
        env['stock.warehouse'].search([], limit=1)

    def delivery():
        env.cr.execute("""
            SELECT product_id FROM stock_quant
             WHERE location_id = %s AND quantity - reserved_quantity >= 5
             ORDER BY product_id LIMIT 50""", (dc.lot_stock_id.id,))
        products = env['product.product'].browse([r[0] for r in env.cr.fetchall()])
        picking = env['stock.picking'].create({
            'picking_type_id': dc.out_type_id.id, 'location_id': dc.lot_stock_id.id,
            'location_dest_id': customers.id,
            'move_lines': [(0, 0, {
                'name': p.name, 'product_id': p.id, 'product_uom_qty': 5,
                'product_uom': p.uom_id.id, 'location_id': dc.lot_stock_id.id,
                'location_dest_id': customers.id}) for p in products]})
        picking.action_confirm()
        picking.action_assign()
        for line in picking.move_line_ids:
            line.qty_done = line.product_uom_qty
        return picking.id

    parts = args.writes.split(',')
    if 'delivery' in parts:
        compare(env, 'validate a delivery of 50 lines', delivery,
                lambda picking_id: env['stock.picking'].browse(picking_id).action_done(),
                args.repeat, args.without_first)

    store = env['stock.warehouse'].search([('retail_cluster_id', '!=', False)], limit=1)
    reason = env.ref('retail_governance.reason_count_correction')

    def adjustment():
        """--adjustment-lines counted lines (one more unit each) of the store's stock: one line
        made by the ORM, the others copied from it by SQL (Odoo's action_start
        takes about ten minutes to make 10,000 lines at this size)."""
        location = store.lot_stock_id
        inventory = env['stock.inventory'].create({
            'name': 'Bench 5,000 lines', 'location_id': location.id, 'filter': 'partial'})
        inventory.action_start()
        env.cr.execute("""
            SELECT product_id FROM stock_quant WHERE location_id = %s AND quantity > 0
             ORDER BY product_id LIMIT %s""", (location.id, args.adjustment_lines))
        product_ids = [row[0] for row in env.cr.fetchall()]
        first = env['stock.inventory.line'].create({
            'inventory_id': inventory.id, 'product_id': product_ids[0],
            'location_id': location.id, 'retail_reason_id': reason.id})
        first.product_qty = first.theoretical_qty + 1
        env.cr.execute("""
            INSERT INTO stock_inventory_line (
                inventory_id, product_id, product_uom_id, product_qty, theoretical_qty,
                location_id, company_id, retail_reason_id, product_name, product_code,
                location_name, create_uid, create_date, write_uid, write_date)
            SELECT l.inventory_id, q.product_id, pt.uom_id, q.quantity + 1, q.quantity,
                   l.location_id, l.company_id, l.retail_reason_id, pt.name,
                   pp.default_code, l.location_name, l.create_uid, l.create_date,
                   l.write_uid, l.write_date
              FROM stock_inventory_line l
              JOIN stock_quant q ON q.location_id = l.location_id
              JOIN product_product pp ON pp.id = q.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE l.id = %s AND q.product_id = ANY(%s)""", (first.id, product_ids[1:]))
        env.clear()
        return inventory.id

    Inventory = type(env['stock.inventory'])
    Inventory._retail_check_ready_to_validate = lambda self: None
    if 'adjustment' in parts:
        compare(env, 'validate an inventory adjustment of %d lines' % args.adjustment_lines,
                adjustment,
                lambda inventory_id: env['stock.inventory'].browse(inventory_id).action_done(),
                max(1, args.repeat - 1), args.without_first)

    def small_cluster():
        cluster = env['retail.store.cluster'].search([], order='id', limit=1)
        stores = env['stock.warehouse'].search([('retail_cluster_id', '=', cluster.id)])
        others = env['retail.store.cluster'].search([('id', '!=', cluster.id)], limit=1)
        (stores - stores[:5]).write({'retail_cluster_id': others.id})
        cluster.apply_policies()
        env.cr.execute('ANALYZE stock_warehouse_orderpoint')
        return cluster.id

    if 'run' in parts:
        compare(env, 'replenishment run of a cluster of 5 stores', small_cluster,
                lambda cluster_id: env['retail.replenishment.run'].with_context(
                    retail_replenishment_in_transaction=True)._start(
                        env['retail.store.cluster'].browse(cluster_id)),
                max(1, args.repeat - 1), args.without_first)


if __name__ == '__main__':
    main()

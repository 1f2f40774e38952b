"""Benchmark: the replenishment run against Odoo 11's own scheduler, on the
same data and the same reordering rules, in one transaction rolled back.

    bin/bench-replenishment [--db retail_scale_5x100] [--odoo] [--dc-rules]

Steps, each timed: compute + apply the policies (the stores' reordering rules),
the set-based evaluation alone (pairs per second), then our run (evaluation,
fair share, one DC delivery and one store receipt per store, the DC's RFQs,
exceptions). With ``--odoo``, the database is put back as it was before our run
(savepoint) and Odoo's ``procurement.group.run_scheduler`` runs on the same
rules; the quantities ordered per store and product are compared and the ratio
printed. ``--dc-rules`` gives the DC a reordering rule per product (min = 10 %
of its stock, max = 30 %) and the Buy route, so the DC's RFQs are part of it.
Nothing is committed.
"""
import argparse
import time
from collections import defaultdict

import odoo
from odoo import SUPERUSER_ID, api
from psycopg2.extras import execute_values


class Timer(object):
    def __init__(self):
        self.steps = []

    def __call__(self, label, function):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        self.steps.append((label, elapsed))
        print('  %-52s %9.2f s' % (label, elapsed), flush=True)
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('-c', dest='config', required=True)
    parser.add_argument('-d', dest='database', required=True)
    parser.add_argument('--odoo', action='store_true',
                        help="also run Odoo's scheduler on the same rules and compare")
    parser.add_argument('--dc-rules', action='store_true',
                        help='give the DC a buy rule per product (its RFQs are timed too)')
    parser.add_argument('--no-transfer-sync', action='store_true',
                        help="time the run without retail_inventory_harmonization's "
                             "transfer records (retail.transfer._sync_pickings)")
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config, '-d', args.database,
                                    '--log-level', 'warn'])
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {
            'tracking_disable': True, 'retail_replenishment_in_transaction': True})
        try:
            run(env, args)
        finally:
            cr.rollback()


def store_quantities(env, stores, domain):
    """{(store code, product id): quantity} of the moves into the stores' stock."""
    moves = env['stock.move'].search_read(domain + [
        ('location_dest_id', 'in', stores.mapped('lot_stock_id').ids)],
        ['location_dest_id', 'product_id', 'product_uom_qty'])
    codes = {s.lot_stock_id.id: s.code for s in stores}
    result = defaultdict(float)
    for move in moves:
        result[(codes[move['location_dest_id'][0]], move['product_id'][0])] += \
            move['product_uom_qty']
    return dict(result)


def purchase_quantities(env, line_domain):
    result = defaultdict(float)
    for line in env['purchase.order.line'].search_read(
            line_domain, ['product_id', 'product_qty']):
        result[line['product_id'][0]] += line['product_qty']
    return dict(result)


def add_dc_rules(env, dc):
    """A reordering rule per product at the DC and the Buy route on products
    (the generator inserts products without Odoo's default route)."""
    buy = env.ref('purchase.route_warehouse0_buy')
    env.cr.execute("""
        INSERT INTO stock_route_product (route_id, product_id)
        SELECT %s, pp.product_tmpl_id FROM product_product pp
         WHERE NOT EXISTS (SELECT 1 FROM stock_route_product r
                            WHERE r.route_id = %s AND r.product_id = pp.product_tmpl_id)
    """, (buy.id, buy.id))
    env.cr.execute("""
        SELECT q.product_id, sum(q.quantity) FROM stock_quant q
         WHERE q.location_id = %s GROUP BY 1
    """, (dc.lot_stock_id.id,))
    stock = env.cr.fetchall()
    existing = set(env['stock.warehouse.orderpoint'].search(
        [('warehouse_id', '=', dc.id)]).mapped('product_id').ids)
    rows = [(dc.id, dc.lot_stock_id.id, product_id, round(float(qty) * 0.1),
             round(float(qty) * 0.3), dc.company_id.id, 'OP/BENCH/DC/%d' % product_id)
            for product_id, qty in stock if product_id not in existing]
    # Set-based: the ORM's create checks duplicates rule by rule (slow at 70,000 rules).
    execute_values(env.cr, """
        INSERT INTO stock_warehouse_orderpoint (
            warehouse_id, location_id, product_id, product_min_qty, product_max_qty,
            company_id, name, qty_multiple, active, lead_days, lead_type,
            create_uid, write_uid, create_date, write_date)
        SELECT v.wh, v.loc, v.prod, v.mn, v.mx, v.company, v.name, 1, true, 1, 'supplier',
               1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM (VALUES %s) AS v(wh, loc, prod, mn, mx, company, name)
    """, rows)
    count = len(rows)
    env['product.template'].invalidate_cache()
    return count


def run(env, args):
    timer = Timer()
    if args.no_transfer_sync and 'retail.transfer' in env:
        # Measured apart: the transfer records are another module's work.
        type(env['retail.transfer'])._sync_pickings = lambda self, pickings: self.browse()
        print('  (retail.transfer records of the run not made: --no-transfer-sync)')
    Run = env['retail.replenishment.run']
    clusters = env['retail.store.cluster'].search([])
    stores = env['stock.warehouse'].search([('retail_cluster_id', 'in', clusters.ids)])
    dc = clusters.mapped('supply_warehouse_id')[:1] or \
        env['stock.warehouse'].search([('code', '=', 'DC')])
    products = env['product.product'].search_count([('type', '=', 'product')])
    print('Database %s: %d stores in %d clusters, DC %s, %d stockable products' % (
        args.database, len(stores), len(clusters), dc.code, products), flush=True)

    counts = timer('compute + apply policies (reordering rules)',
                   lambda: clusters.apply_policies())
    print('    rules: %s' % counts)
    if args.dc_rules:
        added = timer('DC reordering rules (set-up, not ours)', lambda: add_dc_rules(env, dc))
        print('    DC rules added: %d' % added)
    # As the nightly run does after applying (the rules are new to the planner).
    env.cr.execute('ANALYZE stock_warehouse_orderpoint')
    rules = env['stock.warehouse.orderpoint'].search_count([])
    pairs, needs = timer('evaluation alone (every store x product)',
                         lambda: env['retail.replenishment.builder']._evaluate(stores))
    evaluation = timer.steps[-1][1]
    print('    %d pairs, %d at or below min: %.0f pairs/s' % (
        pairs, len(needs), pairs / evaluation if evaluation else 0))

    env.cr.execute('SAVEPOINT bench_ours')
    result = timer('our run (evaluate, allocate, documents, RFQs, exceptions)',
                   lambda: Run._start(clusters))
    ours_time = timer.steps[-1][1]
    print('    %s: %s, %d pairs, %d below min, %d pickings, %d moves, %d RFQs, '
          '%d exceptions%s' % (
              result.name, result.state, result.pair_count, result.below_min_count,
              result.picking_count, result.move_count, result.purchase_count,
              result.exception_count,
              (', errors: %s' % result.errors[:300]) if result.errors else ''))
    apply_time = timer.steps[0][1]
    print('  %-52s %9.2f s' % ('TOTAL compute + apply + run', apply_time + ours_time))
    if not args.odoo:
        return
    ours = store_quantities(env, stores, [('group_id', 'in', result.procurement_group_ids.ids)])
    ours_po = purchase_quantities(env, [('order_id', 'in', result.purchase_ids.ids)])
    env.cr.execute('ROLLBACK TO SAVEPOINT bench_ours')
    env['stock.move'].invalidate_cache()

    env.cr.execute('SELECT max(id) FROM stock_move')
    last_move = env.cr.fetchone()[0] or 0
    env.cr.execute('SELECT coalesce(max(id), 0) FROM purchase_order_line')
    last_line = env.cr.fetchone()[0]
    timer("Odoo's procurement.group.run_scheduler (%d rules)" % rules,
          lambda: env['procurement.group'].with_context(
              retail_scheduler_all_rules=True).run_scheduler(
              use_new_cursor=False, company_id=dc.company_id.id))
    odoo_time = timer.steps[-1][1]
    theirs = store_quantities(env, stores, [('id', '>', last_move)])
    theirs_po = purchase_quantities(env, [('id', '>', last_line)])
    same = ours == theirs
    print('  store quantities: ours %d lines (%.0f units), Odoo %d lines (%.0f units): %s' % (
        len(ours), sum(ours.values()), len(theirs), sum(theirs.values()),
        'SAME' if same else 'DIFFERENT'))
    if not same:
        keys = sorted(set(ours) | set(theirs))
        diff = [(k, ours.get(k), theirs.get(k)) for k in keys if ours.get(k) != theirs.get(k)]
        print('    first differences (store, product, ours, Odoo): %s' % diff[:10])
    print('  DC purchases: ours %d products (%.0f units), Odoo %d products (%.0f units)%s' % (
        len(ours_po), sum(ours_po.values()), len(theirs_po), sum(theirs_po.values()),
        '' if ours_po == theirs_po else
        " - ours evaluates the DC after the stores' transfers (it buys for "
        "them), Odoo in location order"))
    print('  ratio Odoo / ours (run):                             %8.1f x' % (
        odoo_time / ours_time))


if __name__ == '__main__':
    main()

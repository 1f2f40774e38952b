"""Benchmark: stock balances from our SQL view against Odoo's own per-location
quantities, on the same data in one run, and available_to_sell per channel.

    bin/bench-balances [--db retail_scale_100x10000] [--odoo-warehouses N]

Prints the time of each path and their ratio. Odoo's path computes, for every
warehouse, qty_available and virtual_available of every product with
``with_context(warehouse=...)`` (what a script or report would do with the ORM);
our path reads every balance row (all statuses) from ``retail.stock.balance``.
With --odoo-warehouses N, Odoo's path runs on N warehouses and is extrapolated to
all of them (said so in the output). Nothing is committed.
"""
import argparse
import statistics
import time

import odoo
from odoo import SUPERUSER_ID, api

FIELDS = ['warehouse_id', 'product_id', 'on_hand_qty', 'reserved_qty', 'sellable_qty',
          'damaged_qty', 'quarantined_qty', 'in_transit_qty', 'consigned_qty',
          'available_to_sell_qty']


def timed(function, repeat=1):
    times = []
    for _i in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('-c', dest='config', required=True)
    parser.add_argument('-d', dest='database', required=True)
    parser.add_argument('--odoo-warehouses', type=int, default=0,
                        help="run Odoo's path on this many warehouses and extrapolate")
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config, '-d', args.database,
                                    '--log-level', 'warn'])
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        run(env, args)
        cr.rollback()


def run(env, args):
    Balance = env['retail.stock.balance']
    warehouses = env['stock.warehouse'].search([])
    products = env['product.product'].search([('type', '=', 'product')])
    print('Database %s: %d warehouses x %d stockable products, %d quants, %d moves' % (
        args.database, len(warehouses), len(products),
        env['stock.quant'].search_count([]), env['stock.move'].search_count([])))

    sql_time, rows = timed(lambda: (env.cr.execute(
        'SELECT warehouse_id, product_id, on_hand_qty, available_to_sell_qty '
        'FROM retail_stock_balance'), env.cr.fetchall())[1])
    print('ours, SQL view, all balances:          %8.2f s  (%d rows)' % (sql_time, len(rows)))
    Balance.invalidate_cache()
    orm_time, records = timed(lambda: Balance.search_read([], FIELDS))
    print('ours, search_read (ORM/RPC path):      %8.2f s  (%d rows)' % (orm_time, len(records)))

    sample = warehouses[:args.odoo_warehouses] if args.odoo_warehouses else warehouses
    start = time.perf_counter()
    odoo_rows = 0
    for warehouse in sample:
        products.invalidate_cache()
        quantities = products.with_context(warehouse=warehouse.id).read(
            ['qty_available', 'virtual_available'])
        odoo_rows += sum(1 for q in quantities if q['qty_available'] or q['virtual_available'])
    odoo_time = time.perf_counter() - start
    if len(sample) < len(warehouses):
        odoo_time = odoo_time * len(warehouses) / len(sample)
        note = '(measured on %d warehouses, extrapolated to %d)' % (len(sample), len(warehouses))
    else:
        note = '(%d non-zero rows)' % odoo_rows
    print("odoo, qty_available/virtual_available: %8.2f s  %s" % (odoo_time, note))
    print('ratio odoo / ours (SQL view):          %8.1f x' % (odoo_time / sql_time))
    print('ratio odoo / ours (search_read):       %8.1f x' % (odoo_time / orm_time))

    # available_to_sell over a channel served by every warehouse (rolled back).
    channel = env['retail.sales.channel'].create({
        'name': 'Bench all stores', 'code': 'BENCH%d' % time.time(),
        'warehouse_line_ids': [(0, 0, {'warehouse_id': wh.id, 'sequence': i, 'floor_qty': 1})
                               for i, wh in enumerate(warehouses)]})
    one, _r = timed(lambda: channel.available_to_sell(products[:1].ids), repeat=5)
    thousand, result = timed(lambda: channel.available_to_sell(products[:1000].ids), repeat=3)
    print('available_to_sell, 1 product, %d warehouses:      %8.3f s' % (len(warehouses), one))
    print('available_to_sell, %d products, %d warehouses: %8.3f s' % (
        len(result), len(warehouses), thousand))


if __name__ == '__main__':
    main()

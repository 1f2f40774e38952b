"""Benchmark: the weekly KPI snapshots (retail.kpi.snapshot) of every
warehouse, computed by the snapshot job's one set-based statement.

    .venv/bin/python tests/bench/bench_kpi.py -c .run/odoo.conf -d retail_scale_100x10000 \
        [--weeks 8] [--date 2026-11-27]

Times the backfill of ``--weeks`` weeks up to the week of ``--date`` (default:
the last week of the database's sales), then a rerun over the same weeks (it
must give the same rows: idempotent), and prints the rows written and a few
network figures. The scale databases have no reordering rules: unless
``--no-rules``, every store x product gets one, dated from the first move (SQL,
in the transaction), so that the stockout rate has its full work. Nothing is
committed.
"""
import argparse
import time

import odoo
from odoo import SUPERUSER_ID, api


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('-c', dest='config', required=True)
    parser.add_argument('-d', dest='database', required=True)
    parser.add_argument('--weeks', type=int, default=8)
    parser.add_argument('--date', help='a day of the last week (default: last sale)')
    parser.add_argument('--no-rules', action='store_true',
                        help='do not add a reordering rule per store x product')
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config, '-d', args.database,
                                    '--log-level', 'warn'])
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Snapshot = env['retail.kpi.snapshot']
        cr.execute("SELECT max(date)::date FROM stock_move WHERE state = 'done'")
        date = args.date or str(cr.fetchone()[0])
        if not args.no_rules:
            start = time.perf_counter()
            cr.execute("""
                INSERT INTO stock_warehouse_orderpoint (
                    name, warehouse_id, location_id, product_id, product_min_qty,
                    product_max_qty, qty_multiple, company_id, lead_type, lead_days,
                    active, create_date, write_date, create_uid, write_uid)
                SELECT 'BENCH', w.id, w.lot_stock_id, p.id, 5, 20, 1, w.company_id,
                       'supplier', 1, true,
                       (SELECT min(date) FROM stock_move), now(), 1, 1
                  FROM stock_warehouse w
                  CROSS JOIN product_product p
                  JOIN product_template t ON t.id = p.product_tmpl_id AND t.type = 'product'
                 WHERE w.retail_cluster_id IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM stock_warehouse_orderpoint op
                                    WHERE op.warehouse_id = w.id AND op.product_id = p.id
                                      AND op.active)""")
            added = cr.rowcount
            cr.execute("ANALYZE stock_warehouse_orderpoint")
            print('  %d reordering rules added in %.1f s (rolled back at the end)' % (
                added, time.perf_counter() - start), flush=True)
        cr.execute("""SELECT (SELECT count(*) FROM stock_warehouse),
                             (SELECT count(*) FROM stock_move),
                             (SELECT count(*) FROM stock_quant),
                             (SELECT count(*) FROM stock_warehouse_orderpoint WHERE active),
                             (SELECT count(*) FROM stock_inventory_line)""")
        warehouses, moves, quants, rules, lines = cr.fetchone()
        print('database %s: %s warehouses, %s moves, %s quants, %s active reordering '
              'rules, %s counted lines' % (
                  args.database, warehouses, moves, quants, rules, lines))
        companies = env['res.company'].search([])
        timings = []
        for label in ('backfill', 'rerun (idempotent)'):
            start = time.perf_counter()
            rows = Snapshot.compute_snapshots(weeks=args.weeks, date=date,
                                              companies=companies)
            elapsed = time.perf_counter() - start
            timings.append(elapsed)
            cr.execute("SELECT count(*) FROM retail_kpi_snapshot")
            print('  %-22s %2d weeks up to %s: %6d rows written, %6d in the table, '
                  '%7.2f s' % (label, args.weeks, date, rows, cr.fetchone()[0], elapsed),
                  flush=True)
        cr.execute("""
            SELECT round(avg(accuracy_line_pct)::numeric, 1),
                   round(avg(fill_rate_cust_pct)::numeric, 1),
                   round(avg(fill_rate_repl_pct)::numeric, 1),
                   round(avg(stockout_rate_pct)::numeric, 2),
                   sum(stockout_pair_days),
                   sum(coalesce(aging_qty_0_30, 0) + coalesce(aging_qty_31_60, 0)
                       + coalesce(aging_qty_61_90, 0) + coalesce(aging_qty_91, 0))
              FROM retail_kpi_snapshot""")
        print('  network: accuracy %s %%, fill customers %s %%, fill replenishment %s %%, '
              'stockout %s %% of %s SKU-days, aged stock %s units' % cr.fetchone())
        print('snapshot computation: %.1f s (target: under 120 s)' % timings[0])
        cr.rollback()


if __name__ == '__main__':
    main()

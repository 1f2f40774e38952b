"""Benchmark: opening balances of a network (issue 13, item 3).

    .venv/bin/python tests/bench/bench_opening_balance.py -c .run/odoo.conf \\
        -d retail_scale_100x10000 [--rows 100000] [--post-rows 1000]

Writes a CSV of ``--rows`` rows (every store x the first products, quantities and
costs at random), then, as a retail administrator in one transaction rolled
back: checks it (``action_check``: every row read, looked up and validated, the
rows kept), and posts the first ``--post-rows`` of them (one site) to time the
posting per row (``action_post``: costs, adjustments, validation,
reconciliation; the adjustment rules are switched off in the transaction, so
that the adjustments validate at once: approvals are people's steps). Prints the
times. Nothing is committed.
"""
import argparse
import base64
import random
import time

import odoo
from odoo import SUPERUSER_ID, api


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--rows', type=int, default=100000)
    parser.add_argument('--post-rows', type=int, default=1000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config])
    rng = random.Random(11)
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        admin = env['res.users'].browse(SUPERUSER_ID)
        admin.write({'groups_id': [(4, env.ref('retail_governance.group_retail_admin').id)]})
        stores = env['stock.warehouse'].search([('retail_cluster_id', '!=', False)],
                                               order='code')
        per_store = -(-args.rows // len(stores))
        cr.execute("""SELECT pp.default_code FROM product_product pp
                        JOIN product_template pt ON pt.id = pp.product_tmpl_id
                       WHERE pp.default_code IS NOT NULL AND pt.tracking = 'none'
                       ORDER BY pp.id LIMIT %s""", (per_store,))
        codes = [row[0] for row in cr.fetchall()]
        costs = {code: round(rng.uniform(1, 50), 2) for code in codes}
        # Products counted by an adjustment in progress are an error of the check.
        cr.execute("""SELECT w.code, pp.default_code FROM stock_inventory_line l
                        JOIN stock_inventory i ON i.id = l.inventory_id AND i.state = 'confirm'
                        JOIN stock_warehouse w ON w.lot_stock_id = l.location_id
                        JOIN product_product pp ON pp.id = l.product_id""")
        busy = set(cr.fetchall())

        def csv_of(count):
            lines = ['site,product,lot,quantity,unit,unit_cost']
            for store in stores:
                for code in codes:
                    if len(lines) > count:
                        break
                    if (store.code, code) in busy:
                        continue
                    lines.append('%s,%s,,%d,,%.2f' % (store.code, code, rng.randint(1, 40),
                                                      costs[code]))
            return '\n'.join(lines).encode()

        Balance = env['retail.opening.balance'].sudo(admin)
        content = csv_of(args.rows)
        balances = Balance.create({'name': 'Bench', 'file_name': 'bench.csv',
                                   'file': base64.b64encode(content)})
        started = time.perf_counter()
        balances.action_check()
        checked = time.perf_counter() - started
        print('check %d rows (%d stores x %d products): %.1f s, %d errors, state %s' % (
            args.rows, len(stores), len(codes), checked, balances.error_count,
            balances.state), flush=True)
        # The adjustments validate at once (approvals are people's steps, not timed).
        env['retail.adjustment.rule'].search([]).write({'active': False})
        small = Balance.create({'name': 'Bench post', 'file_name': 'post.csv',
                                'file': base64.b64encode(csv_of(args.post_rows))})
        small.action_check()
        started = time.perf_counter()
        small.action_post()
        posted = time.perf_counter() - started
        print('post %d rows (%d site(s)): %.1f s, %.1f ms a row; adjustments %s' % (
            small.row_count, len(small.inventory_ids), posted,
            posted * 1000.0 / max(small.row_count, 1),
            sorted(set(small.inventory_ids.mapped('state')))), flush=True)
        cr.rollback()


if __name__ == '__main__':
    main()

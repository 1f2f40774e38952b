"""Benchmark: a go-live import of opening balances on a network (issue 13).

    .venv/bin/python tests/bench/bench_opening_balance.py -c .run/odoo.conf \\
        -d retail_scale_100x10000 [--rows 100000] [--compare-rows 1000]

Go-live loads the products first, then each site's opening stock. In one
transaction rolled back at the end, as a retail administrator:

1. creates ``--rows / stores`` new products (not timed: master data);
2. imports a CSV of every store x those products, quantities and costs at
   random: the check (``action_check``: every row read, looked up, validated,
   kept) and the posting (``action_post``: costs, one adjustment per site,
   validation, journal entries, reconciliation), each timed; the import is the
   two together (target: under 2 minutes for 100,000 rows);
3. checks the ledger invariants (tests/invariants.py) after it;
4. posts ``--compare-rows`` more rows (other new products) through Odoo's own
   validation (the adjustments' moves generated and posted by the ORM, one
   journal entry a move), and prints the time a row of each path and their ratio.

The adjustment rules are switched off in the transaction, so that the
adjustments validate at once (approvals are people's steps, not timed).
Nothing is committed.
"""
import argparse
import base64
import os
import random
import sys
import time
from unittest import mock

import odoo
from odoo import SUPERUSER_ID, api

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from invariants import broken_invariants, format_broken  # noqa: E402


def _new_products(env, count, prefix, family):
    Product = env['product.product']
    return [Product.create({
        'name': '%s %05d' % (prefix, number), 'default_code': '%s-%05d' % (prefix, number),
        'type': 'product', 'categ_id': family.id}).default_code
        for number in range(count)]


def _csv(stores, codes, rng):
    lines = ['site,product,lot,quantity,unit,unit_cost']
    costs = {code: round(rng.uniform(1, 50), 2) for code in codes}
    for store in stores:
        for code in codes:
            lines.append('%s,%s,,%d,,%.2f' % (store.code, code, rng.randint(1, 40), costs[code]))
    return '\n'.join(lines).encode()


def _import(Balance, name, content):
    """(check seconds, post seconds, the import) of ``content``."""
    balances = Balance.create({'name': name, 'file_name': '%s.csv' % name,
                               'file': base64.b64encode(content)})
    started = time.perf_counter()
    balances.action_check()
    checked = time.perf_counter() - started
    assert balances.state == 'checked', balances.error_ids.mapped('message')[:5]
    started = time.perf_counter()
    balances.action_post()
    return checked, time.perf_counter() - started, balances


def _summary(balances):
    rows = balances.reconciliation_ids
    return '%d adjustments %s, file %.2f, posted %.2f, accounting %.2f' % (
        len(balances.inventory_ids), sorted(set(balances.inventory_ids.mapped('state'))),
        sum(rows.mapped('file_value')), sum(rows.mapped('posted_value')),
        sum(rows.mapped('account_value')))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--rows', type=int, default=100000)
    parser.add_argument('--compare-rows', type=int, default=1000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config])
    rng = random.Random(11)
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {'tracking_disable': True})
        admin = env['res.users'].browse(SUPERUSER_ID)
        admin.write({'groups_id': [(4, env.ref('retail_governance.group_retail_admin').id)]})
        env['retail.adjustment.rule'].search([]).write({'active': False})
        stores = env['stock.warehouse'].search([('retail_cluster_id', '!=', False)],
                                               order='code')
        family = env['product.category'].search([('property_valuation', '=', 'real_time')],
                                                limit=1) or env.ref('product.product_category_all')
        started = time.perf_counter()
        codes = _new_products(env, -(-args.rows // len(stores)), 'GOLIVE', family)
        compare = _new_products(env, -(-args.compare_rows // len(stores)), 'GOLIVE-ORM', family)
        print('%d new products (family %s, valuation %s): %.1f s, not timed in the import'
              % (len(codes) + len(compare), family.display_name,
                 family.property_valuation, time.perf_counter() - started), flush=True)
        Balance = env['retail.opening.balance'].sudo(admin)

        checked, posted, balances = _import(Balance, 'golive', _csv(stores, codes, rng))
        rows = balances.row_count
        print('import %d rows (%d stores x %d products): check %.1f s + post %.1f s = '
              '%.1f s (target 120 s); %.2f ms a row posted; %s' % (
                  rows, len(stores), len(codes), checked, posted, checked + posted,
                  posted * 1000.0 / rows, _summary(balances)), flush=True)
        broken = broken_invariants(cr)
        print('invariants after the import: %s' % (format_broken(broken) if broken else 'hold'),
              flush=True)

        Poster = type(env['retail.opening.balance.poster'])
        with mock.patch.object(Poster, '_can_post', lambda self, inventory: False):
            _checked, orm_posted, orm = _import(Balance, 'golive-orm',
                                                _csv(stores, compare, rng))
        print("Odoo's own validation, %d rows: post %.1f s, %.2f ms a row; %s" % (
            orm.row_count, orm_posted, orm_posted * 1000.0 / orm.row_count, _summary(orm)),
            flush=True)
        print('ratio a row posted, set-based / Odoo: %.4f (%.0fx faster)' % (
            (posted / rows) / (orm_posted / orm.row_count),
            (orm_posted / orm.row_count) / (posted / rows)), flush=True)
        cr.rollback()


if __name__ == '__main__':
    main()

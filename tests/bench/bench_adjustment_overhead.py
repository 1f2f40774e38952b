"""Benchmark: the governed inventory adjustment against plain Odoo 11 (issue 11, item 6).

    bin/bench-adjustment-overhead [--lines 5000] [--repeat 1] [--reuse] [--keep]

Builds two databases with the same data, as tests/bench/load.py does:

- ``<prefix>_std``: Odoo's own modules only (those the suite depends on), one
  store (an Odoo warehouse) with ``--lines`` products in stock (10 units each,
  put in the quants as Odoo's own inventory posts them, without a count), and a
  stock user (Inventory / Manager);
- ``<prefix>_ours``: a copy of it with the suite installed and configured: an
  adjustment rule on the store with a tolerance of 1 unit that needs the
  inventory controller's approval, a store clerk of the store and an
  inventory controller.

Then, in one run, the same adjustment on each database, each through the ORM
as its users' clicks call it, each step timed:

- plain Odoo, as the stock user: start a full count of the store (Odoo makes
  one line per product in stock), enter every counted quantity (two more
  than the system's, one write as the form saves it), validate;
- ours, as the clerk: the same start and count, with the reason of each line,
  request approval; the controller approves; the clerk validates. The rule,
  the reasons, the approval, the audit trail, the stock balances' fast path and
  the transfer and exception hooks all run.

Each flow runs in its own transaction, rolled back at the end, so that
``--repeat`` runs start from the same data (the order of the two flows
alternates). Prints the medians per step, the totals and their ratio; the
issue's target is at most 1.3x. The databases are dropped at the end unless
``--keep``; ``--reuse`` keeps databases left by an earlier ``--keep``.

Valuation is Odoo's default (periodic): real-time valuation adds the same
journal entries to both flows (about 80 ms a move) and would hide our share.
"""
import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402

from load import (PASSWORD, STANDARD_MODULES, SUITE, copy_db, db_exists,  # noqa: E402
                  drop_db, environment, install)

STORE_CODE = 'OVH'
OPENING_QTY = 10.0
COUNTED_MORE = 2.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-c', '--config', default=os.path.join(
        os.path.dirname(os.path.dirname(HERE)), '.run', 'odoo.conf'))
    parser.add_argument('--prefix', default='retail_overhead')
    parser.add_argument('--lines', type=int, default=5000)
    parser.add_argument('--repeat', type=int, default=1)
    parser.add_argument('--reuse', action='store_true',
                        help='use the databases of an earlier --keep run')
    parser.add_argument('--keep', action='store_true', help='keep the databases')
    return parser.parse_args()


# ----------------------------------------------------------------------
# The data
# ----------------------------------------------------------------------
def build_store(env, args):
    """The store, its products and their stock, the plain stock user."""
    store = env['stock.warehouse'].create({'name': 'Overhead store', 'code': STORE_CODE})
    category = env['product.category'].create({'name': 'Overhead'})
    Product = env['product.product']
    Quant = env['stock.quant']
    for number in range(1, args.lines + 1):
        product = Product.create({
            'name': 'Overhead item %05d' % number, 'default_code': 'OVH%05d' % number,
            'type': 'product', 'categ_id': category.id, 'standard_price': 5.0})
        Quant._update_available_quantity(product, store.lot_stock_id, OPENING_QTY)
        if number % 500 == 0:
            Product.invalidate_cache()
    env['res.users'].with_context(no_reset_password=True).create({
        'name': 'Overhead stock user', 'login': 'overhead_stock', 'password': PASSWORD,
        'email': 'overhead_stock@example.com',
        'groups_id': [(6, 0, [env.ref('base.group_user').id,
                              env.ref('stock.group_stock_manager').id])]})


def configure_ours(env):
    """The rule, the clerk and the controller."""
    store = env['stock.warehouse'].search([('code', '=', STORE_CODE)])
    Users = env['res.users'].with_context(no_reset_password=True)
    for login, group, warehouses in (
            ('overhead_clerk', 'retail_governance.group_store_clerk', store),
            ('overhead_controller', 'retail_governance.group_inventory_controller', None)):
        Users.create({
            'name': login, 'login': login, 'password': PASSWORD,
            'email': '%s@example.com' % login,
            'groups_id': [(6, 0, [env.ref('base.group_user').id, env.ref(group).id])],
            'retail_warehouse_ids': [(6, 0, warehouses.ids if warehouses else [])]})
    env['retail.adjustment.rule'].create({
        'name': 'Overhead store', 'warehouse_ids': [(6, 0, store.ids)],
        'qty_threshold': 1, 'require_store_manager': False,
        'require_inventory_controller': True, 'require_finance': False})


def build(args):
    std, ours = args.prefix + '_std', args.prefix + '_ours'
    if args.reuse and db_exists(std) and db_exists(ours):
        print('reusing %s and %s' % (std, ours), flush=True)
        return std, ours
    drop_db(ours)
    drop_db(std)
    started = time.time()
    install(std, STANDARD_MODULES, args.config)
    environment(std, build_store, args)
    copy_db(std, ours)
    install(ours, SUITE, args.config)
    environment(ours, lambda env: configure_ours(env))
    print('built %s and %s (%d products in stock) in %.0f s' % (
        std, ours, args.lines, time.time() - started), flush=True)
    return std, ours


# ----------------------------------------------------------------------
# The two flows
# ----------------------------------------------------------------------
def user_env(env, login):
    env.cr.execute("SELECT id FROM res_users WHERE login = %s", (login,))
    return env(user=env.cr.fetchone()[0])


def start_and_count(env, with_reason):
    """A full count of the store, every line counted two units more; returns it."""
    store = env['stock.warehouse'].sudo().search([('code', '=', STORE_CODE)])
    inventory = env['stock.inventory'].create({
        'name': 'Full count %s' % STORE_CODE, 'filter': 'none',
        'location_id': store.lot_stock_id.id})
    yield 'start (lines made)', inventory.action_start
    reason = env.ref('retail_governance.reason_count_correction') if with_reason else None

    def count():
        values = {'product_qty': 0.0}
        if reason:
            values['retail_reason_id'] = reason.id
        inventory.write({'line_ids': [
            (1, line.id, dict(values, product_qty=line.theoretical_qty + COUNTED_MORE))
            for line in inventory.line_ids]})
    yield 'count entered', count
    return inventory


def plain_flow(env):
    env = user_env(env, 'overhead_stock')
    inventory = yield from start_and_count(env, with_reason=False)
    yield 'validate', inventory.action_done
    yield 'check', lambda: check_done(inventory)


def ours_flow(env):
    clerk = user_env(env, 'overhead_clerk')
    inventory = yield from start_and_count(clerk, with_reason=True)
    yield 'request approval', inventory.action_request_approval
    controller = user_env(env, 'overhead_controller')
    yield 'approve (controller)', lambda: inventory.sudo(controller.uid).validate_tier()
    yield 'validate', inventory.action_done
    yield 'check', lambda: check_done(inventory)


def check_done(inventory):
    inventory = inventory.sudo()
    moves = inventory.move_ids.filtered(lambda move: move.state == 'done')
    if inventory.state != 'done' or len(moves) != len(inventory.line_ids):
        raise AssertionError('%s: state %s, %d done moves for %d lines' % (
            inventory.name, inventory.state, len(moves), len(inventory.line_ids)))


def run_flow(database, flow):
    """Runs the flow's steps in one transaction, rolled back; {step: seconds}."""
    registry = odoo.registry(database)
    times = {}
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        for label, step in flow(env):
            if label == 'check':
                step()
                continue
            start = time.perf_counter()
            step()
            env['stock.inventory'].recompute()
            times[label] = time.perf_counter() - start
            # Each step is its own request for the user: a fresh cache.
            env['stock.inventory'].invalidate_cache()
        cr.rollback()
    return times


def main():
    args = parse_args()
    odoo.tools.config.parse_config(['-c', args.config])
    std, ours = build(args)
    runs = {'plain': [], 'ours': []}
    try:
        for index in range(args.repeat):
            order = (('plain', std, plain_flow), ('ours', ours, ours_flow))
            for name, database, flow in (order if index % 2 == 0 else order[::-1]):
                times = run_flow(database, flow)
                runs[name].append(times)
                print('  run %d %-5s %s  total %.1f s' % (
                    index + 1, name, ', '.join('%s %.1f s' % item for item in times.items()),
                    sum(times.values())), flush=True)
    finally:
        if not args.keep:
            drop_db(ours)
            drop_db(std)
    report(args, runs)


def report(args, runs):
    def medians(name):
        steps = runs[name][0].keys()
        return {step: statistics.median(run[step] for run in runs[name]) for step in steps}
    plain, ours = medians('plain'), medians('ours')
    print('\nadjustment of %d lines, median of %d run(s)' % (args.lines, args.repeat))
    print('  %-24s %10s %10s' % ('step', 'plain Odoo', 'ours'))
    for step in list(plain) + [step for step in ours if step not in plain]:
        print('  %-24s %10s %10s' % (
            step, '%.1f s' % plain[step] if step in plain else '-',
            '%.1f s' % ours[step] if step in ours else '-'))
    total_plain, total_ours = sum(plain.values()), sum(ours.values())
    print('  %-24s %8.1f s %8.1f s' % ('total', total_plain, total_ours))
    print('  ratio ours / plain Odoo: %.2fx (target at most 1.3x)' % (total_ours / total_plain))


if __name__ == '__main__':
    main()

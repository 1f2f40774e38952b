"""Paired in-process transfers (or orders): the load's operation on both flows,
alternating, in one process (issue 11, item 3: where the time goes).

The load (``load.py``) measures throughput through workers, where the
machine's drift and a few transfers more or less move a window's ratio by
10 %. This script takes the noise out to look at the cost itself: on the
databases a ``bin/bench-load --keep`` run left, it runs the same inter-store
transfer (``load.do_transfer``: both legs created, confirmed, reserved,
validated) as the standard flow's client and as ours's, one after the other,
``-n`` times each, each call in its own transaction and committed as Odoo's
RPC service does (``odoo.service.model.execute_kw``). It prints the median
time per transfer of each flow and their ratio (standard / ours: 1.0 is
parity, above is ours faster), as the load prints throughput ratios.
``--operation order`` does the same with the load's sales order.

``--profile std|ours`` writes a cProfile of that flow's transfers;
``--sql`` prints the statements whose total time differs most between the
flows (grouped with their literals blanked out).

    .venv/bin/python tests/bench/paired_operations.py -c .run/odoo.conf -n 16 \\
        --standard-login load_stock --ours-login load_manager_01
"""
import argparse
import cProfile
import json
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import load  # noqa: E402  (puts the repository's tests/ on the path, imports odoo)

import odoo  # noqa: E402
from odoo import api  # noqa: E402

LITERALS = re.compile(r"'[^']*'|\b\d+(\.\d+)?\b")
# The ORM's reads list the model's columns, which differ between the flows
# (ours adds fields): the same read is one shape on both.
READ_COLUMNS = re.compile(r'^SELECT "\w+"\."id" as "id",.*? FROM ')
INSERT_COLUMNS = re.compile(r'^INSERT INTO ("\w+") \(.*')


def statement_shape(query):
    shape = ' '.join(str(query).split())
    shape = READ_COLUMNS.sub('SELECT <columns> FROM ', shape)
    shape = INSERT_COLUMNS.sub(r'INSERT INTO \1 ...', shape)
    return LITERALS.sub('?', shape)[:300]


class SqlTimes(object):
    """Time per statement shape, measured around ``odoo.sql_db.Cursor.execute``."""

    def __init__(self):
        self.flow = None
        self.times = {'std': defaultdict(float), 'ours': defaultdict(float)}
        self.counts = {'std': defaultdict(int), 'ours': defaultdict(int)}

    def install(self):
        execute = odoo.sql_db.Cursor.execute
        tally = self

        def timed(cursor, query, params=None, log_exceptions=None):
            started = time.perf_counter()
            try:
                return execute(cursor, query, params, log_exceptions)
            finally:
                if tally.flow:
                    shape = statement_shape(query)
                    tally.times[tally.flow][shape] += time.perf_counter() - started
                    tally.counts[tally.flow][shape] += 1
        odoo.sql_db.Cursor.execute = timed

    def report(self, operations, out, top=25):
        shapes = set(self.times['std']) | set(self.times['ours'])
        rows = sorted(shapes, key=lambda s: -abs(self.times['ours'][s] - self.times['std'][s]))
        for flow in ('std', 'ours'):
            out('%s: %.0f queries, %.1f ms in SQL per operation' % (
                flow, sum(self.counts[flow].values()) / operations,
                1000 * sum(self.times[flow].values()) / operations))
        out('ms per operation (std / ours), count per operation (std / ours), statement:')
        for shape in rows[:top]:
            out('%7.2f %7.2f  %5.1f %5.1f  %s' % (
                1000 * self.times['std'][shape] / operations,
                1000 * self.times['ours'][shape] / operations,
                self.counts['std'][shape] / operations, self.counts['ours'][shape] / operations,
                shape[:160]))


class InProcessClient(object):
    """Calls a model method as an XML-RPC request would, in this process: a new
    cursor, the user's environment, a commit at the end, retries on
    serialization failures (``odoo.service.model.execute_kw``)."""

    def __init__(self, database, login, password):
        threading.current_thread().dbname = database
        self.database = database
        # {(model, method): [seconds]} of the calls made while ``counting``.
        self.calls = defaultdict(list)
        self.counting = False
        registry = odoo.registry(database)
        with api.Environment.manage():
            self.uid = registry['res.users'].authenticate(database, login, password, {})
        assert self.uid, login

    def __call__(self, model, method, *args, **kwargs):
        started = time.perf_counter()
        with api.Environment.manage():
            result = odoo.service.model.execute_kw(self.database, self.uid, model, method,
                                                   list(args), kwargs)
        if self.counting:
            self.calls[model, method].append(time.perf_counter() - started)
        return result


def report_calls(clients, out):
    """Each call's median time on both flows, the calls ours takes longer for
    first (the load's table at one client, without the network and the
    machine's drift between windows)."""
    std, ours = clients['std'].calls, clients['ours'].calls
    rows = sorted(((statistics.median(ours[key]) - statistics.median(std[key]), key)
                   for key in set(std) & set(ours)), reverse=True)
    out('call: median ms std / ours (calls per flow), ours - standard')
    for diff, key in rows:
        out('  %s.%s: %.1f / %.1f (%d / %d), %+.1f' % (
            key + (1000 * statistics.median(std[key]), 1000 * statistics.median(ours[key]),
                   len(std[key]), len(ours[key]), 1000 * diff)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-c', dest='config', default=os.path.join(load.RUN_DIR, 'odoo.conf'))
    parser.add_argument('--prefix', default='retail_load')
    parser.add_argument('-n', type=int, default=16, help='transfers per flow')
    parser.add_argument('--warmup', type=int, default=3, help='transfers per flow, not counted')
    parser.add_argument('--standard-login', default='load_stock')
    parser.add_argument('--ours-login', default='load_manager_01')
    parser.add_argument('--profile', choices=['std', 'ours'])
    parser.add_argument('--profile-file', default='/tmp/paired_operations.prof')
    parser.add_argument('--sql', action='store_true')
    parser.add_argument('--sql-top', type=int, default=25,
                        help='statements listed by --sql')
    parser.add_argument('--operation', choices=['transfer', 'order'], default='transfer',
                        help="the load's inter-store transfer or its sales order")
    parser.add_argument('--seed', type=int, default=11)
    args = parser.parse_args()
    operation = load.do_transfer if args.operation == 'transfer' else load.do_order
    odoo.tools.config.parse_config(['-c', args.config, '--log-level', 'warn'])
    with open(os.path.join(load.RUN_DIR, '%s.json' % args.prefix)) as meta_file:
        net = json.load(meta_file)['net']
    load_args = argparse.Namespace(lines=2, hot_share=0.5, max_qty=3)
    clients = {
        'std': InProcessClient(args.prefix + '_std', args.standard_login,
                               load.login_password(args.standard_login)),
        'ours': InProcessClient(args.prefix + '_ours', args.ours_login,
                                load.login_password(args.ours_login)),
    }
    sql = SqlTimes()
    if args.sql:
        sql.install()
    profile = cProfile.Profile() if args.profile else None
    times = {'std': [], 'ours': []}
    unavailable = 0
    for index in range(args.warmup + args.n):
        seed = args.seed + index
        # Both flows make the same choices; which one goes first alternates.
        for flow in (('std', 'ours') if index % 2 == 0 else ('ours', 'std')):
            threading.current_thread().dbname = clients[flow].database
            counted = index >= args.warmup
            sql.flow = flow if counted else None
            clients[flow].counting = counted
            if counted and profile and flow == args.profile:
                profile.enable()
            started = time.perf_counter()
            try:
                operation(clients[flow], net, random.Random(seed), load_args, load.Ledger(), {})
            except load.Unavailable:
                unavailable += 1
            seconds = time.perf_counter() - started
            if profile:
                profile.disable()
            if counted:
                times[flow].append(seconds)
    print('Paired in-process %ss, %s UTC: %d per flow (%s against %s)' % (
        args.operation, time.strftime('%Y-%m-%d %H:%M', time.gmtime()), args.n,
        args.standard_login, args.ours_login))
    std, ours = statistics.median(times['std']), statistics.median(times['ours'])
    print('median per operation: standard %.3f s, ours %.3f s; ratio %.2fx'
          ' (mean %.3f s against %.3f s); %d unavailable' % (
              std, ours, std / ours, statistics.mean(times['std']),
              statistics.mean(times['ours']), unavailable))
    report_calls(clients, print)
    if args.sql:
        sql.report(args.n, print, top=args.sql_top)
    if profile:
        profile.dump_stats(args.profile_file)
        print('profile of %s: %s' % (args.profile, args.profile_file))


if __name__ == '__main__':
    main()

"""Load: XML-RPC clients against a server with workers (issue 11, item 3).

Builds two databases with the same data, then puts the same load on each:

- ``<prefix>_std``: Odoo's own modules only (those the suite depends on:
  sale_stock, purchase, stock_account, l10n_generic_coa, document) and a
  network made through the ORM: a DC and N stores (Odoo warehouses, each
  resupplied from the DC through Odoo's resupply route), SKUs (a few hot ones,
  contended, the rest cold), opening stock by inventory adjustments, reordering
  rules on some stores, one sales team per store, a customer;
- ``<prefix>_ours``: a copy of it (``CREATE DATABASE ... TEMPLATE``) on which the
  suite (``retail_inventory_harmonization``) is installed, then configured as a
  retailer would: the stores in a cluster supplied by the DC, one sales channel
  per store (the store's team), an adjustment rule needing an inventory
  controller's approval, and the people (store managers of every store with
  the salesman right, a store clerk, an inventory controller, a planner).

For each database a server with workers (``--workers``, 5 = 2 x 2 cores + 1 as
in the README's production set-up) serves, for each client count (1, 4, 8,
16), C threads, each an XML-RPC client, for ``--duration`` seconds. Both
servers run at once and the flows take turns, in ``--windows`` windows each
(4: A B B A A B B A) at each client count (see ``load_flows``): a machine
whose speed drifts during the run (a shared virtual machine does, by a third
within minutes) weighs on both flows alike. With ``--together`` both flows
are under load at the same time instead, window by window (see ``together``).
Each client repeats one of:

- an inter-store transfer through Odoo's pickings: store A ships to the transit
  location, store B receives from it (create both legs, chained, confirm,
  reserve, done quantities, validate one then the other), of hot or cold SKUs;
- a sales order at a store, on its channel (the store's team), created and
  confirmed.

Meanwhile, in the background: on ours a planner's replenishment run of the
cluster (``retail.replenishment.run.action_run_clusters``) and an adjustment
counted by a store clerk, approved by the inventory controller and validated;
on the standard flow Odoo's scheduler (``procurement.group.run_scheduler`` with
its own cursor, as its cron) and a plain inventory adjustment validated by the
administrator. The clients are the store managers on ours (``--ours-login``
names one user for all, ``admin`` the superuser), the administrator
(``--standard-login``, ``load_stock`` a stock and sales user) on the standard
flow.

Throughput: the work done while every client was busy, i.e. the operations
done between a window's start and its deadline, each counted for the share of
its time that falls before the deadline, over the windows' time. The clients
start no operation after the deadline and the next window waits for them; the
time they take to finish (the drain, with fewer and fewer clients busy) is left
out: at 16 clients one transfer takes 12-15 s, and how the last few of a 15 s
window ended moved its ratio by a tenth. The earlier measure (the operations
started before the deadline, over the time until the last one finished) is
printed beside it. Beside throughput, the servers' CPU time per operation
(user and system time of the Odoo processes and of the PostgreSQL backends
of the flow's database, from /proc, in the windows without background work;
see ``cpu_seconds``): what an operation costs, whatever the machine's speed
meanwhile. At the lowest client count, each XML-RPC call's mean time on both
flows (``report_calls``). Before each client count
but the first, every reordering rule is raised by 60 units on both flows, so
that each replenishment has as much to order as the first.

After the load of a database, the quants Odoo 11 split under lock contention
(a second quant of a product and location, see ``merge_split_quants``) are
counted and merged as its scheduler merges them; then the checks: every quantity of every product in
every internal, transit and customer location equals its quantity before the
load plus what the clients saw validated plus the background adjustments'
moves (nothing lost, nothing doubled), no done move that nobody asked for,
each product's total equals its total before plus the adjustments, each
confirmed order procured exactly once, and the ledger invariants
(``tests/invariants.py``: all on ours, those of Odoo's own tables on the
standard flow, shown for comparison). Errors are counted per kind:
serialization conflicts shown to a client (the server gave up retrying, or
its retry failed), business refusals (UserError), others; the server's
retries are counted from its log.

The script checks the ledger invariants on ours after the install, before any
load (installing on a database with several warehouses failed until the fast
path's location map took one row per location; the script found it).

    .venv/bin/python tests/bench/load.py -c .run/odoo.conf \\
        --stores 10 --skus 200 --clients 1,4,8,16 --duration 60

Prints a table per client count and the checks; exits 1 if a check of ours
failed or a serialization conflict reached one of its clients.
The databases are dropped at the end unless ``--keep``.
"""
import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
import xmlrpc.client
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN_DIR = os.path.join(ROOT, '.run')
sys.path.insert(0, os.path.join(ROOT, 'tests'))

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402

from invariants import ONE_QUANT  # noqa: E402

# Odoo's own modules the suite depends on (bin/_lib.sh suite_dependencies,
# without the OCA ones, which come with the suite).
STANDARD_MODULES = 'sale_stock,purchase,stock_account,l10n_generic_coa,document'
SUITE = 'retail_inventory_harmonization'
PASSWORD = 'retail'
# What a PostgreSQL concurrency failure looks like in a fault's text.
CONFLICT_MARKERS = ('could not serialize access', 'concurrent update', 'deadlock detected',
                    'could not obtain lock', 'TransactionRollbackError',
                    'LockNotAvailable', 'SerializationFailure')
# Odoo 11 retrying a request after a serialization failure can reuse the failed
# attempt's pending recomputations, bound to its closed cursor.
RETRY_BROKEN = 'Unable to use a closed cursor'
# What a client may get instead of an answer.
TRANSPORT_ERRORS = (xmlrpc.client.Fault, xmlrpc.client.ProtocolError, OSError,
                    http.client.HTTPException)
# Odoo 11's XML-RPC fault code of a UserError / ValidationError (a refusal).
FAULT_WARNING = 2
# What the clients do; throughput counts these.
OPERATIONS = ('transfer', 'order')
RETRY_LINE = re.compile(r'(\w+), retry \d+/\d+ in')
GAVE_UP_LINE = re.compile(r'(\w+), maximum number of tries reached')
# Invariants that read Odoo's own tables only (run on the standard flow, for comparison).
CORE_INVARIANTS = (
    'quants equal the done-move ledger per product x location',
    'reserved quantity on quants equals the open move lines',
    ONE_QUANT,
    'no transfer received twice',
)


# ----------------------------------------------------------------------
# Databases
# ----------------------------------------------------------------------
def pg_cursor(database='postgres'):
    return odoo.sql_db.db_connect(database).cursor()


def db_exists(name):
    with pg_cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return bool(cr.fetchone())


def drop_db(name):
    if db_exists(name):
        odoo.service.db.exp_drop(name)


def copy_db(source, target):
    """``target`` as a copy of ``source`` (template, filestore, its own uuid)."""
    odoo.sql_db.close_db(source)
    with pg_cursor() as cr:
        cr.autocommit(True)
        cr.execute('CREATE DATABASE "%s" ENCODING \'unicode\' TEMPLATE "%s"' % (target, source))
    with pg_cursor(target) as cr:
        cr.execute("UPDATE ir_config_parameter SET value = %s WHERE key = 'database.uuid'",
                   (str(uuid.uuid1()),))
    from_fs = odoo.tools.config.filestore(source)
    to_fs = odoo.tools.config.filestore(target)
    if os.path.exists(from_fs) and not os.path.exists(to_fs):
        shutil.copytree(from_fs, to_fs)


def install(database, modules, config):
    """odoo-bin -i ``modules`` --stop-after-init (creates the database if
    needed); fails with the log's errors, as bin/_lib.sh install_modules.
    Returns the seconds it took."""
    os.makedirs(RUN_DIR, exist_ok=True)
    logfile = os.path.join(RUN_DIR, 'install-%s.log' % database)
    if os.path.exists(logfile):
        os.remove(logfile)
    started = time.time()
    rc = subprocess.call([
        sys.executable, os.path.join(ROOT, 'bin', 'odoo-bin'), '-c', config, '-d', database,
        '-i', modules, '--stop-after-init', '--logfile', logfile,
        '--log-handler=py.warnings:ERROR', '--max-cron-threads', '0'], cwd=ROOT)
    with open(logfile) as log:
        text = log.read()
    errors = [line for line in text.splitlines() if ' ERROR ' in line or ' CRITICAL ' in line
              or line.startswith('Traceback')]
    if rc or errors:
        raise RuntimeError('installing %s into %s failed (exit %s), see %s:\n%s' % (
            modules, database, rc, logfile, '\n'.join(errors[-10:])))
    return time.time() - started


def check_invariants(env):
    import invariants
    return invariants.broken_invariants(env.cr)


def environment(database, function, *args):
    """Calls function(env, *args) as the superuser in a new transaction, committed."""
    registry = odoo.registry(database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {'tracking_disable': True,
                                                 'mail_create_nolog': True})
        result = function(env, *args)
        cr.commit()  # the script's own cursor
    return result


# ----------------------------------------------------------------------
# The data (standard modules only, identical in both databases)
# ----------------------------------------------------------------------
def build_network(env, args):
    """DC, stores, products, opening stock, reordering rules, teams, customer.
    Returns the ids the clients need (JSON-able)."""
    rng = random.Random(args.seed)
    Warehouse = env['stock.warehouse']
    dc = Warehouse.create({'name': 'Load DC', 'code': 'LDC'})
    stores = Warehouse.browse()
    for number in range(1, args.stores + 1):
        stores |= Warehouse.create({
            'name': 'Load Store %03d' % number, 'code': 'L%03d' % number,
            'resupply_wh_ids': [(6, 0, dc.ids)], 'default_resupply_wh_id': dc.id,
            'buy_to_resupply': False,
        })
    category = env['product.category'].create({'name': 'Load'})
    Product = env['product.product']
    products = Product.browse()
    for number in range(1, args.skus + 1):
        products |= Product.create({
            'name': 'Load item %05d' % number, 'default_code': 'LOAD%05d' % number,
            'type': 'product', 'categ_id': category.id,
            'standard_price': round(rng.uniform(2.0, 40.0), 2),
            'list_price': round(rng.uniform(45.0, 90.0), 2),
        })
    hot, cold = products[:args.hot], products[args.hot:]
    for warehouse in dc | stores:
        lines = []
        for product in products:
            if warehouse == dc:
                qty = args.dc_qty
            else:
                qty = args.hot_qty if product in hot else args.cold_qty
            lines.append((0, 0, {'product_id': product.id, 'product_qty': qty,
                                 'location_id': warehouse.lot_stock_id.id}))
        inventory = env['stock.inventory'].create({
            'name': 'Opening %s' % warehouse.code, 'filter': 'partial',
            'location_id': warehouse.lot_stock_id.id, 'line_ids': lines})
        inventory.action_start()
        inventory.action_done()
    # Perpetual valuation from here on, as the demo network (journal entries per move).
    if args.valuation != 'manual_periodic':
        category.write({'property_valuation': args.valuation})
    # Reordering rules: cold SKUs of the first stores, below their minimum.
    rule_stores = stores[:args.rule_stores]
    for store in rule_stores:
        for product in cold[:args.rule_skus]:
            env['stock.warehouse.orderpoint'].create({
                'warehouse_id': store.id, 'location_id': store.lot_stock_id.id,
                'product_id': product.id, 'product_min_qty': args.cold_qty + 10,
                'product_max_qty': args.cold_qty + 40})
    teams = {}
    for store in stores:
        teams[store.id] = env['crm.team'].create({'name': 'Walk-in %s' % store.code}).id
    customer = env['res.partner'].create({'name': 'Load customer', 'customer': True})
    # A plain stock and sales user, for --standard-login load_stock.
    env['res.users'].with_context(no_reset_password=True).create({
        'name': 'Load stock user', 'login': 'load_stock', 'password': PASSWORD,
        'email': 'load_stock@example.com',
        'groups_id': [(6, 0, [env.ref('base.group_user').id,
                              env.ref('stock.group_stock_manager').id,
                              env.ref('sales_team.group_sale_salesman_all_leads').id])]})
    company = env.user.company_id
    return {
        'dc': dc.id,
        'stores': [{'id': s.id, 'code': s.code, 'stock': s.lot_stock_id.id,
                    'out_type': s.out_type_id.id, 'in_type': s.in_type_id.id,
                    'team': teams[s.id]} for s in stores],
        'rule_stores': rule_stores.ids,
        'hot': hot.ids, 'cold': cold.ids,
        'uom': {p.id: p.uom_id.id for p in products},
        'transit': company.internal_transit_location_id.id,
        'customer': customer.id,
    }


def configure_ours(env, net, args):
    """What a retailer sets up once the suite is installed on its warehouses."""
    Warehouse = env['stock.warehouse']
    stores = Warehouse.browse([s['id'] for s in net['stores']])
    dc = Warehouse.browse(net['dc'])
    Users = env['res.users'].with_context(no_reset_password=True)

    def user(login, groups, warehouses=None):
        return Users.create({
            'name': login, 'login': login, 'password': PASSWORD,
            'email': '%s@example.com' % login,
            'groups_id': [(6, 0, [env.ref('base.group_user').id]
                           + [env.ref(group).id for group in groups])],
            'retail_warehouse_ids': [(6, 0, warehouses.ids if warehouses else [])]})
    planner = user('load_planner', ['retail_governance.group_planner'])
    user('load_controller', ['retail_governance.group_inventory_controller'])
    user('load_clerk', ['retail_governance.group_store_clerk'], stores[:1])
    managers = [user('load_manager_%02d' % number,
                     ['retail_governance.group_store_manager',
                      'sales_team.group_sale_salesman'], stores)
                for number in range(1, max(args.client_counts) + 1)]
    cluster = env['retail.store.cluster'].create({
        'name': 'Load stores', 'code': 'LOAD', 'supply_warehouse_id': dc.id,
        'planner_id': planner.id, 'lead_days': 1.0, 'review_days': 7.0})
    stores.write({'retail_cluster_id': cluster.id})
    for store in net['stores']:
        env['retail.sales.channel'].create({
            'code': 'WALKIN-%s' % store['code'], 'name': 'Walk-in %s' % store['code'],
            'oversell_policy': 'refuse', 'team_ids': [(6, 0, [store['team']])],
            'warehouse_line_ids': [(0, 0, {'warehouse_id': store['id'], 'sequence': 10})]})
    env['retail.adjustment.rule'].create({
        'name': 'Load stores', 'warehouse_ids': [(6, 0, stores.ids)],
        'qty_threshold': 1, 'require_store_manager': False,
        'require_inventory_controller': True, 'require_finance': False})
    reason = env['retail.adjustment.reason'].search([('code', '=', 'FOUND')], limit=1) or \
        env.ref('retail_governance.reason_count_correction')
    return {'cluster': cluster.id, 'reason': reason.id,
            'logins': [m.login for m in managers]}


# ----------------------------------------------------------------------
# Clients
# ----------------------------------------------------------------------
class Tally(object):
    """Operations and errors of one database and client count (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ops = Counter()
        self.seconds = Counter()
        self.errors = Counter()
        self.examples = {}
        self.full = []
        self.spans = []  # (start, end) of each operation done
        self.calls = defaultdict(lambda: [0, 0.0])  # (model, method): [count, seconds]

    def op(self, kind, started, ended):
        with self.lock:
            self.ops[kind] += 1
            self.seconds[kind] += ended - started
            if kind in OPERATIONS:
                self.spans.append((started, ended))

    def work_within(self, start, end):
        """The operations done between ``start`` and ``end``: each counts
        for the share of its time that falls in between."""
        with self.lock:
            return sum((min(e, end) - max(s, start)) / (e - s)
                       for s, e in self.spans if e > start and s < end and e > s)

    def operations(self):
        """How many operations were done (transfers and orders)."""
        return sum(self.ops[k] for k in OPERATIONS)

    def call(self, model, method, seconds):
        with self.lock:
            entry = self.calls[model, method]
            entry[0] += 1
            entry[1] += seconds

    def latency(self, kind):
        return self.seconds[kind] / self.ops[kind] if self.ops[kind] else 0.0

    def error(self, kind, step, text):
        with self.lock:
            self.errors[kind] += 1
            key = (kind, step)
            if key not in self.examples:
                self.examples[key] = last_line(text)
            self.full.append('%s in %s:\n%s' % (kind, step, text))


class Ledger(object):
    """What the clients saw done: quantity deltas per (location, product),
    pickings validated, orders confirmed or refused (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.deltas = defaultdict(float)
        self.done_pickings = set()
        self.uncertain_pickings = set()
        self.orders = {}          # order id -> (product, qty, confirmed?)
        self.inventories = set()  # background adjustments validated

    def move(self, picking_id, lines, source, dest):
        with self.lock:
            self.done_pickings.add(picking_id)
            for product_id, qty in lines:
                self.deltas[(source, product_id)] -= qty
                self.deltas[(dest, product_id)] += qty


def last_line(text):
    lines = [line for line in str(text).strip().splitlines() if line.strip()]
    return (lines[-1] if lines else str(text))[:300]


def classify(error):
    """'conflict' (a serialization failure the server gave up retrying),
    'retry_failed' (its retry failed), 'refused', 'error' or 'transport'
    (outcome unknown)."""
    if isinstance(error, xmlrpc.client.Fault):
        text = error.faultString or ''
        if any(marker in text for marker in CONFLICT_MARKERS):
            return 'conflict'
        if RETRY_BROKEN in text:
            return 'retry_failed'
        if error.faultCode == FAULT_WARNING:
            return 'refused'
        return 'error'
    return 'transport'


class Unavailable(Exception):
    """The shipping store could not reserve the whole transfer (not an error)."""


class Anomaly(Exception):
    """The server answered, but not what Odoo's flow gives (an error)."""


def choose_lines(rng, net, args):
    count = rng.randint(1, args.lines)
    chosen = []
    while len(chosen) < count:
        pool = net['hot'] if rng.random() < args.hot_share else net['cold']
        product_id = rng.choice(pool)
        if product_id not in [p for p, _q in chosen]:
            chosen.append((product_id, float(rng.randint(1, args.max_qty))))
    return chosen


def move_vals(net, product_id, qty, source, dest):
    return {'name': 'Load transfer', 'product_id': product_id, 'product_uom_qty': qty,
            'product_uom': net['uom'][str(product_id)], 'location_id': source,
            'location_dest_id': dest}


def set_done_and_validate(rpc, picking_id, state):
    """Done quantities = reserved ones on every line, then validate; returns
    [(product, qty)] validated. ``state`` tracks the step for error reports."""
    lines = rpc('stock.move.line', 'search_read', [('picking_id', '=', picking_id)],
                fields=['product_id', 'product_uom_qty'])
    state['step'] = 'write done quantities'
    rpc('stock.picking', 'write', [picking_id], {'move_line_ids': [
        (1, line['id'], {'qty_done': line['product_uom_qty']}) for line in lines]})
    state['step'] = 'validate'
    state['validating'] = picking_id
    rpc('stock.picking', 'action_done', [picking_id])
    state['validating'] = None
    return [(line['product_id'][0], line['product_uom_qty']) for line in lines]


def do_transfer(rpc, net, rng, args, ledger, state):
    source, dest = rng.sample(net['stores'], 2)
    lines = choose_lines(rng, net, args)
    transit = net['transit']
    state['step'] = 'create shipment'
    out_id = rpc('stock.picking', 'create', {
        'picking_type_id': source['out_type'], 'location_id': source['stock'],
        'location_dest_id': transit, 'origin': 'Load %s>%s' % (source['code'], dest['code']),
        'move_lines': [(0, 0, move_vals(net, p, q, source['stock'], transit))
                       for p, q in lines]})
    out_moves = rpc('stock.move', 'search_read', [('picking_id', '=', out_id)],
                    fields=['product_id', 'product_uom_qty'])
    state['step'] = 'create receipt'
    in_id = rpc('stock.picking', 'create', {
        'picking_type_id': dest['in_type'], 'location_id': transit,
        'location_dest_id': dest['stock'],
        'origin': 'Load %s>%s' % (source['code'], dest['code']),
        'move_lines': [(0, 0, dict(
            move_vals(net, m['product_id'][0], m['product_uom_qty'], transit, dest['stock']),
            move_orig_ids=[(6, 0, [m['id']])])) for m in out_moves]})
    state['step'] = 'confirm'
    rpc('stock.picking', 'action_confirm', [out_id, in_id])
    state['step'] = 'reserve'
    rpc('stock.picking', 'action_assign', [out_id])
    moves = rpc('stock.move', 'read', [m['id'] for m in out_moves],
                ['product_uom_qty', 'reserved_availability'])
    if any(m['reserved_availability'] < m['product_uom_qty'] for m in moves):
        state['step'] = 'cancel'
        rpc('stock.picking', 'action_cancel', [out_id, in_id])
        raise Unavailable()
    state['step'] = 'ship'
    shipped = set_done_and_validate(rpc, out_id, state)
    ledger.move(out_id, shipped, source['stock'], transit)
    state['step'] = 'receive'
    received = set_done_and_validate(rpc, in_id, state)
    ledger.move(in_id, received, transit, dest['stock'])
    if by_product(received) != by_product(shipped):
        raise Anomaly('receipt %s validated %s of shipment %s (%s)' % (
            in_id, received, out_id, shipped))


def by_product(lines):
    totals = defaultdict(float)
    for product_id, qty in lines:
        totals[product_id] += qty
    return {product_id: round(qty, 4) for product_id, qty in totals.items()}


def do_order(rpc, net, rng, args, ledger, state):
    store = rng.choice(net['stores'])
    product_id, qty = choose_lines(rng, net, argparse.Namespace(
        lines=1, hot_share=args.hot_share, max_qty=args.max_qty))[0]
    state['step'] = 'create order'
    order_id = rpc('sale.order', 'create', {
        'partner_id': net['customer'], 'team_id': store['team'], 'warehouse_id': store['id'],
        'order_line': [(0, 0, {'product_id': product_id, 'product_uom_qty': qty})]})
    with ledger.lock:
        ledger.orders[order_id] = (product_id, qty, None)
    state['step'] = 'confirm order'
    rpc('sale.order', 'action_confirm', [order_id])
    with ledger.lock:
        ledger.orders[order_id] = (product_id, qty, True)


def client_loop(server, login, password, net, args, seed, deadline, tally, ledger, counted):
    from test_governance_xmlrpc import Client
    client = Client(server, login, password)

    def rpc(model, method, *call_args, **kwargs):
        started = time.time()
        result = client(model, method, *call_args, **kwargs)
        if counted:
            tally.call(model, method, time.time() - started)
        return result
    rng = random.Random(seed)
    while time.time() < deadline:
        transfer = rng.random() >= args.order_share
        kind = 'transfer' if transfer else 'order'
        state = {'step': 'start', 'validating': None}
        started = time.time()
        try:
            (do_transfer if transfer else do_order)(rpc, net, rng, args, ledger, state)
        except Unavailable:
            kind = 'unavailable'
        except Anomaly as anomaly:
            if counted:
                tally.error('error', '%s: %s' % (kind, state['step']), str(anomaly))
            continue
        except TRANSPORT_ERRORS as error:
            category = classify(error)
            if category == 'transport' and state['validating']:
                with ledger.lock:
                    ledger.uncertain_pickings.add(state['validating'])
            text = error.faultString if isinstance(error, xmlrpc.client.Fault) else repr(error)
            if counted:
                tally.error(category, '%s: %s' % (kind, state['step']), text)
            continue
        if counted:
            tally.op(kind, started, time.time())


# ----------------------------------------------------------------------
# Background work
# ----------------------------------------------------------------------
def count_five_more(client, net, level, line_values):
    """A count (stock.inventory, not validated) by ``client`` finding 5 more
    units of a hot SKU than the first store's stock holds; returns its id."""
    store = net['stores'][0]
    product_id = net['hot'][level % len(net['hot'])]
    inventory_id = client('stock.inventory', 'create', {
        'name': 'Load count %d' % level, 'filter': 'partial',
        'location_id': store['stock']})
    client('stock.inventory', 'action_start', [inventory_id])
    line_id = client('stock.inventory.line', 'create', dict(
        line_values, inventory_id=inventory_id, product_id=product_id,
        location_id=store['stock'], product_qty=0))
    theoretical = client('stock.inventory.line', 'read', [line_id],
                         ['theoretical_qty'])[0]['theoretical_qty']
    client('stock.inventory.line', 'write', [line_id], {'product_qty': theoretical + 5})
    return inventory_id


def background_standard(server, net, extra, args, level, ledger, report):
    from test_governance_xmlrpc import Client

    def scheduler():
        admin = Client(server, 'admin', 'admin')
        started = time.time()
        admin('procurement.group', 'run_scheduler', use_new_cursor=True)
        return 'scheduler %.1f s' % (time.time() - started)

    def adjustment():
        admin = Client(server, 'admin', 'admin')
        inventory_id = count_five_more(admin, net, level, {})
        admin('stock.inventory', 'action_done', [inventory_id])
        with ledger.lock:
            ledger.inventories.add(inventory_id)
        return 'adjustment validated'
    return [scheduler, adjustment]


def background_ours(server, net, extra, args, level, ledger, report):
    from test_governance_xmlrpc import Client

    def replenishment():
        planner = Client(server, 'load_planner', PASSWORD)
        started = time.time()
        action = planner('retail.replenishment.run', 'action_run_clusters',
                         [extra['cluster']])
        seconds = time.time() - started
        run = planner('retail.replenishment.run', 'read', [action['res_id']],
                      ['state', 'below_min_count', 'picking_count'])[0]
        return 'replenishment run %.1f s (%s, %s rules below min, %s pickings)' % (
            seconds, run['state'], run['below_min_count'], run['picking_count'])

    def adjustment():
        clerk = Client(server, 'load_clerk', PASSWORD)
        controller = Client(server, 'load_controller', PASSWORD)
        inventory_id = count_five_more(clerk, net, level,
                                       {'retail_reason_id': extra['reason']})
        clerk('stock.inventory', 'action_request_approval', [inventory_id])
        controller('stock.inventory', 'validate_tier', [inventory_id])
        controller('stock.inventory', 'action_done', [inventory_id])
        with ledger.lock:
            ledger.inventories.add(inventory_id)
        return 'adjustment approved and validated'
    return [replenishment, adjustment]


def raise_rules(database):
    """Every reordering rule 60 units higher (same on both flows), so that each
    client count's replenishment has as much to order as the first one's."""
    with pg_cursor(database) as cr:
        cr.execute("UPDATE stock_warehouse_orderpoint SET product_min_qty = product_min_qty"
                   " + 60, product_max_qty = product_max_qty + 60 WHERE active")
        cr.commit()  # the script's own cursor, between two client counts


def run_background(tasks, delay, report):
    def runner(task):
        time.sleep(delay)
        try:
            report.append(task())
        except TRANSPORT_ERRORS as error:
            text = error.faultString if isinstance(error, xmlrpc.client.Fault) else repr(error)
            report.append('%s FAILED (%s): %s' % (task.__name__, classify(error),
                                                  last_line(text)))
    threads = [threading.Thread(target=runner, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    return threads


# ----------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------
STOCK_QUERY = """
    SELECT q.location_id, q.product_id, sum(q.quantity)
      FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
     WHERE l.usage IN ('internal', 'transit', 'customer')
     GROUP BY 1, 2
"""


def snapshot(database):
    with pg_cursor(database) as cr:
        cr.execute(STOCK_QUERY)
        stock = {(loc, prod): qty for loc, prod, qty in cr.fetchall()}
        cr.execute("SELECT coalesce(max(id), 0) FROM stock_move")
        last_move = cr.fetchone()[0]
    return {'stock': stock, 'last_move': last_move}


def check(database, before, ledger, ours):
    """Conservation, orders and invariants after the load: {name: problems}."""
    import invariants
    problems = {}
    with pg_cursor(database) as cr:
        cr.execute(STOCK_QUERY)
        after = {(loc, prod): qty for loc, prod, qty in cr.fetchall()}
        # Done moves of the load: the clients' pickings, the background adjustments.
        cr.execute("""
            SELECT m.id, m.picking_id, m.inventory_id, m.location_id, m.location_dest_id,
                   m.product_id, m.product_qty, sl.usage, dl.usage
              FROM stock_move m
              JOIN stock_location sl ON sl.id = m.location_id
              JOIN stock_location dl ON dl.id = m.location_dest_id
             WHERE m.id > %s AND m.state = 'done'""", (before['last_move'],))
        done = cr.fetchall()
        uncertain = set()
        if ledger.uncertain_pickings:
            cr.execute("SELECT id FROM stock_picking WHERE id IN %s AND state = 'done'",
                       (tuple(ledger.uncertain_pickings),))
            uncertain = {row[0] for row in cr.fetchall()}
        expected = defaultdict(float, before['stock'])
        for key, qty in ledger.deltas.items():
            expected[key] += qty
        adjusted = defaultdict(float)
        unexplained = []
        tracked = ('internal', 'transit', 'customer')
        for (_id, picking_id, inventory_id, source, dest, product_id, qty,
             source_usage, dest_usage) in done:
            if inventory_id in ledger.inventories or picking_id in uncertain:
                if source_usage in tracked:
                    expected[(source, product_id)] -= qty
                if dest_usage in tracked:
                    expected[(dest, product_id)] += qty
                if inventory_id in ledger.inventories:
                    adjusted[product_id] += qty if dest_usage in tracked else -qty
            elif picking_id not in ledger.done_pickings:
                unexplained.append((_id, picking_id, inventory_id, product_id, qty))
        mismatched = sorted(
            (key, round(expected.get(key, 0.0), 4), round(after.get(key, 0.0), 4))
            for key in set(expected) | set(after)
            if abs(expected.get(key, 0.0) - after.get(key, 0.0)) > 1e-4)
        if mismatched:
            problems['quantity per location x product differs from what the clients '
                     'saw done (lost or doubled)'] = mismatched[:20]
        if unexplained:
            problems['done moves nobody validated'] = unexplained[:20]
        totals_before, totals_after = defaultdict(float), defaultdict(float)
        for (_loc, prod), qty in before['stock'].items():
            totals_before[prod] += qty
        for (_loc, prod), qty in after.items():
            totals_after[prod] += qty
        wrong_totals = [(prod, totals_before[prod], adjusted[prod], totals_after[prod])
                        for prod in set(totals_before) | set(totals_after)
                        if abs(totals_before[prod] + adjusted[prod] - totals_after[prod]) > 1e-4]
        if wrong_totals:
            problems['product totals (internal + transit + customers) differ from the '
                     'initial total plus the adjustments'] = sorted(wrong_totals)[:20]
        # Each confirmed order procured exactly once; an order that failed, not at all.
        if ledger.orders:
            cr.execute("""
                SELECT so.id, so.state, coalesce(sum(m.product_uom_qty), 0)
                  FROM sale_order so
                  LEFT JOIN sale_order_line sol ON sol.order_id = so.id
                  LEFT JOIN stock_move m ON m.sale_line_id = sol.id AND m.state != 'cancel'
                 WHERE so.id IN %s GROUP BY so.id, so.state""", (tuple(ledger.orders),))
            wrong_orders = []
            for order_id, state, procured in cr.fetchall():
                _product, qty, confirmed = ledger.orders[order_id]
                if confirmed and (state != 'sale' or abs(procured - qty) > 1e-4):
                    wrong_orders.append((order_id, state, qty, procured, 'confirmed'))
                elif confirmed is None and (state != 'draft' or procured):
                    wrong_orders.append((order_id, state, qty, procured,
                                         'the client saw its confirmation fail'))
            if wrong_orders:
                problems['orders procured other than once'] = wrong_orders[:20]
        if ours:
            broken = invariants.broken_invariants(cr)
        else:
            broken = {}
            for name in CORE_INVARIANTS:
                cr.execute(invariants.INVARIANTS[name])
                rows = cr.fetchall()
                if rows:
                    broken[name] = ([d[0] for d in cr.description], rows)
        for name, (_columns, rows) in broken.items():
            problems['ledger invariant: %s' % name] = rows[:10]
        cr.rollback()
    return problems


def server_retries(server, since):
    retries, gave_up = Counter(), Counter()
    with open(server.logfile) as log:
        log.seek(since)
        for line in log:
            match = RETRY_LINE.search(line)
            if match:
                retries[match.group(1)] += 1
            match = GAVE_UP_LINE.search(line)
            if match:
                gave_up[match.group(1)] += 1
    return retries, gave_up


# ----------------------------------------------------------------------
# Server CPU time
# ----------------------------------------------------------------------
CLOCK_TICKS = os.sysconf('SC_CLK_TCK')


def cpu_seconds(server_pid, database):
    """CPU time (user + system) used so far by an Odoo server and by the
    PostgreSQL backends of its database, as ``(odoo, postgresql)`` seconds.
    Odoo's: its master process, its live children (workers, longpolling) and
    the children it has reaped (a recycled worker's time moves to its master's
    ``cutime``). PostgreSQL's: the backends connected to ``database`` now
    (Odoo keeps its connections open; autovacuum is left out)."""
    odoo_ticks = pg_ticks = 0
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % name) as stat_file:
                stat = stat_file.read()
            # Fields 3 on, after the command's name in parentheses.
            fields = stat[stat.rindex(')') + 2:].split()
            ppid = int(fields[1])
            utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
            if int(name) == server_pid:
                odoo_ticks += utime + stime + cutime + cstime
            elif ppid == server_pid:
                odoo_ticks += utime + stime
            elif stat[stat.index('(') + 1:stat.rindex(')')] == 'postgres':
                with open('/proc/%s/cmdline' % name) as cmdline:
                    title = cmdline.read().replace('\0', ' ').split()
                # "postgres: 15/main: <user> <database> <host>(<port>) <state>"
                if database in title[2:4] and 'autovacuum' not in title:
                    pg_ticks += utime + stime
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile
    return odoo_ticks / CLOCK_TICKS, pg_ticks / CLOCK_TICKS


# ----------------------------------------------------------------------
# The load of one database
# ----------------------------------------------------------------------
def cpu_per_op(result):
    return (result['cpu_odoo'] + result['cpu_pg']) / result['cpu_ops'] \
        if result and result['cpu_ops'] else None


def start_and_join(threads):
    """Runs the threads at once and waits for all of them."""
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def login_password(login):
    return 'admin' if login == 'admin' else PASSWORD


class FlowLoad(object):
    """The load of one database (flow ``std`` or ``ours``): its server, its
    clients' logins, ledger and background, and its results per client count,
    summed over the windows it ran in."""

    def __init__(self, database, flow, net, extra, args, out):
        self.database, self.flow, self.net, self.extra = database, flow, net, extra
        self.args, self.out = args, out
        self.ours = flow == 'ours'
        self.ledger = Ledger()
        self.results = {}
        self.server = self.before = None
        # One login for every client (the standard flow's, --ours-login), or
        # ours's store managers, one per client.
        login = args.ours_login if self.ours else args.standard_login
        if login:
            self.logins = [(login, login_password(login))] * max(args.client_counts)
        else:
            self.logins = [(manager, PASSWORD) for manager in extra['logins']]

    def start(self):
        from conftest import OdooServer
        self.before = snapshot(self.database)
        self.server = OdooServer(self.database, workers=self.args.workers).start()
        if self.args.warmup:
            # Every worker warm for every client's login (Odoo caches per
            # process and per user), as on a server up for a while: the first
            # client counts would pay for it, more on the flow with more users.
            deadline = time.time() + self.args.warmup
            start_and_join([threading.Thread(target=client_loop, args=(
                self.server, login, password, self.net, self.args, self.args.seed + i,
                deadline, Tally(), self.ledger, False))
                for i, (login, password) in enumerate(self.logins)])

    def window(self, level, part, clients, duration, background):
        """``clients`` clients for ``duration`` seconds (and the background
        work if ``background``), counted in the client count's results. The
        clients' choices depend on the count and ``part`` (which window of the
        flow's at this count), the same on both flows."""
        args = self.args
        result = self.results.setdefault(clients, {
            'seconds': 0.0, 'tally': Tally(), 'retries': Counter(), 'gave_up': Counter(),
            'background': [], 'window_seconds': 0.0, 'window_ops': 0.0,
            'cpu_odoo': 0.0, 'cpu_pg': 0.0, 'cpu_ops': 0})
        tally = result['tally']
        offset = self.server.log_offset()
        ops_before = tally.operations()
        cpu_before = cpu_seconds(self.server.process.pid, self.database)
        report = []
        started = time.time()
        deadline = started + duration
        work = background_ours if self.ours else background_standard
        bg_threads = run_background(
            work(self.server, self.net, self.extra, args, level, self.ledger, report),
            duration * 0.2, report) if background else []
        threads = [threading.Thread(target=client_loop, args=(
            self.server, self.logins[i % len(self.logins)][0],
            self.logins[i % len(self.logins)][1], self.net, args,
            args.seed * 10000 + level * 1000 + part * 100 + i, deadline, tally,
            self.ledger, True)) for i in range(clients)]
        start_and_join(threads)
        if not bg_threads:
            # The servers' CPU time per operation, in the windows without the
            # background work: what an operation costs, whatever the speed of
            # the machine meanwhile.
            cpu_after = cpu_seconds(self.server.process.pid, self.database)
            result['cpu_odoo'] += cpu_after[0] - cpu_before[0]
            result['cpu_pg'] += cpu_after[1] - cpu_before[1]
            result['cpu_ops'] += tally.operations() - ops_before
        # The operations started before the deadline, over the time they took;
        # and the work done until the deadline, while every client was busy.
        seconds = time.time() - started
        result['window_seconds'] += duration
        result['window_ops'] += tally.work_within(started, deadline)
        for thread in bg_threads:
            thread.join(args.background_timeout)
        retries, gave_up = server_retries(self.server, offset)
        result['seconds'] += seconds
        result['drained_ops_s'] = tally.operations() / result['seconds']
        result['ops_s'] = result['window_ops'] / result['window_seconds']
        result['retries'].update(retries)
        result['gave_up'].update(gave_up)
        result['background'] += report
        result['load'] = os.getloadavg()[0]

    def print_level(self, clients):
        result, tally = self.results[clients], self.results[clients]['tally']
        if result['cpu_ops']:
            self.out('  %-5s %2d clients: server CPU %.3f s per operation (Odoo %.3f, '
                     'PostgreSQL %.3f) over the %d operations of the windows without '
                     'background work' % (
                         self.flow, clients, cpu_per_op(result),
                         result['cpu_odoo'] / result['cpu_ops'],
                         result['cpu_pg'] / result['cpu_ops'], result['cpu_ops']))
        self.out('  %-5s %2d clients: %5.2f ops/s in %.0f s (%.2f ops/s until the last ended, '
                 '%.0f s) (%d transfers %.2f s each, '
                 '%d orders %.2f s each, %d unavailable), errors %s, server retries %s, '
                 'gave up %s; background: %s; load average %.1f' % (
                     self.flow, clients, result['ops_s'], result['window_seconds'],
                     result['drained_ops_s'], result['seconds'],
                     tally.ops['transfer'], tally.latency('transfer'), tally.ops['order'],
                     tally.latency('order'), tally.ops['unavailable'],
                     dict(tally.errors) or 'none', dict(result['retries']) or 'none',
                     dict(result['gave_up']) or 'none',
                     '; '.join(result['background']) or 'none', result['load']))
        for (kind, step), text in sorted(tally.examples.items()):
            self.out('        %s in %s: %s' % (kind, step, text))
        if tally.full:
            path = os.path.join(RUN_DIR, 'bench-load-%s-%d.errors.log' % (
                self.database, clients))
            with open(path, 'w') as log:
                log.write('\n\n'.join(tally.full))
            self.out('        (full faults in %s)' % os.path.relpath(path, ROOT))

    def finish(self):
        """Stops the server; the split quants merged, then the checks."""
        if self.server:
            self.server.stop()
        if self.before is None:  # not started: nothing was loaded
            return self.results, {}, self.ledger
        split = environment(self.database, merge_split_quants)
        self.out('  %-5s split quants (a product x location on two quants or more): %s' % (
            self.flow, '%d, merged by Odoo\'s quant merge (%s)' % (len(split), split[:5])
            if split else 'none'))
        problems = check(self.database, self.before, self.ledger, self.ours)
        return self.results, problems, self.ledger


def load_flows(loads, args):
    """Every client count on every flow, the flows interleaved: at each client
    count, ``--windows`` windows per flow, sharing the duration, in the order
    A B B A A B B A ... (A the standard flow at even counts, ours at odd ones),
    so that a machine slowing down or speeding up during the run weighs on both
    flows alike. Each flow's background work runs in its first window of the
    client count."""
    for load in loads:
        load.start()
    for level, clients in enumerate(args.client_counts):
        if level and args.background:
            for load in loads:
                raise_rules(load.database)
        if args.together:
            together(loads, level, clients, args)
        else:
            first = loads if level % 2 == 0 else loads[::-1]
            parts = Counter()
            for load in (first + first[::-1]) * (args.windows // 2):
                load.window(level, parts[load.flow], clients, args.duration / args.windows,
                            args.background and not parts[load.flow])
                parts[load.flow] += 1
        for load in loads:
            load.print_level(clients)


def together(loads, level, clients, args):
    """``--together``: both flows under load at the same time, each with
    ``clients`` clients on its own server, in ``--windows`` windows that start
    together (a flow whose window ends first waits for the other's, and its
    background work): the machine's speed at any moment weighs on both alike.
    They share the cores, each server as many as its busy workers take."""
    barrier = threading.Barrier(len(loads))
    failures = []

    def run(load):
        try:
            for part in range(args.windows):
                barrier.wait()
                load.window(level, part, clients, args.duration / args.windows,
                            args.background and not part)
        except BaseException as error:  # the other flow must not wait forever
            failures.append(error)
            barrier.abort()
    start_and_join([threading.Thread(target=run, args=(load,)) for load in loads])
    errors = [e for e in failures if not isinstance(e, threading.BrokenBarrierError)]
    if errors:
        raise errors[0]


def merge_split_quants(env):
    """Odoo 11 adds to a quant another transaction holds locked (``FOR
    UPDATE NOWAIT``) by creating a second quant of the same product and
    location, and merges them at the end of its scheduler's run
    (``procurement.group.run_scheduler``, daily). Merges them as the next
    scheduler would (``invariants.merge_split_quants``) and returns the groups
    it found split: the rows of the ledger invariant on them (product,
    location, lot, package, owner, quants, quant ids; 20 at most); the
    invariants then check what is left."""
    import invariants
    return invariants.merge_split_quants(env)


# ----------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------
def build(args, out):
    """Both databases (``--reuse``: those an earlier ``--keep`` run left)."""
    std, ours = args.prefix + '_std', args.prefix + '_ours'
    meta_path = os.path.join(RUN_DIR, '%s.json' % args.prefix)
    meta = {}
    if args.reuse and os.path.exists(meta_path):
        with open(meta_path) as meta_file:
            meta = json.load(meta_file)
    started = time.time()
    if args.reuse and db_exists(std) and 'net' in meta:
        out('Reusing %s' % std)
        net = meta['net']
    else:
        meta = {}
        for name in (std, ours):
            drop_db(name)
        seconds = install(std, args.standard_modules, args.config)
        out('%s: Odoo modules %s installed in %.0f s' % (std, args.standard_modules, seconds))
        start = time.time()
        net = environment(std, build_network, args)
        net = json.loads(json.dumps(net))  # the clients' view: string keys, as JSON
        out('%s: DC + %d stores x %d SKUs (%d hot), opening stock, %d reordering rules, '
            'in %.0f s' % (std, args.stores, args.skus, args.hot,
                           args.rule_stores * args.rule_skus, time.time() - start))
        odoo.modules.registry.Registry.delete(std)
        with open(meta_path, 'w') as meta_file:
            json.dump({'net': net}, meta_file)
    if args.reuse and db_exists(ours) and 'extra' in meta:
        out('Reusing %s' % ours)
        return std, ours, net, meta['extra']
    drop_db(ours)
    copy_db(std, ours)
    seconds = install(ours, SUITE, args.config)
    out('%s: copy of %s, suite installed in %.0f s' % (ours, std, seconds))
    broken = environment(ours, check_invariants)
    if broken:
        import invariants
        raise RuntimeError('%s: invariants broken before the load:\n%s' % (
            ours, invariants.format_broken(broken)))
    extra = environment(ours, configure_ours, net, args)
    out('Databases built in %.0f s' % (time.time() - started))
    with open(meta_path, 'w') as meta_file:
        json.dump({'net': net, 'extra': extra}, meta_file)
    return std, ours, net, extra


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-c', dest='config', default=os.path.join(RUN_DIR, 'odoo.conf'))
    parser.add_argument('--prefix', default='retail_load',
                        help='database names: PREFIX_std and PREFIX_ours')
    parser.add_argument('--clients', default='1,4,8,16')
    parser.add_argument('--duration', type=float, default=60.0,
                        help='seconds per client count and flow, shared by its windows')
    parser.add_argument('--windows', type=int, default=4,
                        help='windows per client count and flow (even), the flows '
                             'taking turns: A B B A A B B A')
    parser.add_argument('--together', action='store_true',
                        help='load both flows at the same time (see together())')
    parser.add_argument('--warmup', type=float, default=20.0,
                        help='seconds of a client per login before the measures (not '
                             'counted)')
    parser.add_argument('--workers', type=int, default=5,
                        help='Odoo workers (README production set-up: 2 x cores + 1)')
    parser.add_argument('--stores', type=int, default=10)
    parser.add_argument('--skus', type=int, default=200)
    parser.add_argument('--hot', type=int, default=5, help='hot (contended) SKUs')
    parser.add_argument('--hot-share', type=float, default=0.5,
                        help='share of the lines on a hot SKU')
    parser.add_argument('--order-share', type=float, default=0.5,
                        help='share of the operations that are sales orders')
    parser.add_argument('--lines', type=int, default=2, help='lines per transfer, at most')
    parser.add_argument('--max-qty', type=int, default=3, help='units per line, at most')
    parser.add_argument('--hot-qty', type=float, default=2000.0)
    parser.add_argument('--cold-qty', type=float, default=50.0)
    parser.add_argument('--dc-qty', type=float, default=1000.0)
    parser.add_argument('--rule-stores', type=int, default=3)
    parser.add_argument('--rule-skus', type=int, default=20)
    parser.add_argument('--valuation', default='real_time',
                        choices=['real_time', 'manual_periodic'])
    parser.add_argument('--standard-modules', default=STANDARD_MODULES)
    parser.add_argument('--standard-login', default='admin',
                        help='client of the standard flow: admin or load_stock '
                             '(stock manager and salesman, not the superuser)')
    parser.add_argument('--ours-login',
                        help='one client login for every client on ours (admin: the '
                             'superuser, to compare the same user on both flows); '
                             'default: the store managers')
    parser.add_argument('--no-background', dest='background', action='store_false')
    parser.add_argument('--background-timeout', type=float, default=600.0)
    parser.add_argument('--request-timeout', type=float, default=900.0,
                        help='seconds a client waits for an answer')
    parser.add_argument('--only', choices=['std', 'ours'], help='load one database only')
    parser.add_argument('--seed', type=int, default=11)
    parser.add_argument('--keep', action='store_true', help='keep the databases')
    parser.add_argument('--reuse', action='store_true',
                        help='reuse the databases of an earlier --keep run')
    args = parser.parse_args()
    args.client_counts = [int(c) for c in args.clients.split(',')]
    if args.windows < 2 or args.windows % 2:
        parser.error('--windows: an even number, at least 2')
    if not args.prefix.startswith('retail_load'):
        parser.error('the databases of this script are named retail_load*')
    odoo.tools.config.parse_config(['-c', args.config, '--log-level', 'warn'])
    # No client waits forever on a server that stopped answering.
    socket.setdefaulttimeout(args.request_timeout)

    def out(line):
        print(line, flush=True)
    out('Load test, %s UTC, load average %s' % (
        time.strftime('%Y-%m-%d %H:%M', time.gmtime()),
        ' '.join('%.2f' % x for x in os.getloadavg())))
    std, ours, net, extra = build(args, out)
    flows = [('std', std), ('ours', ours)]
    if args.only:
        flows = [f for f in flows if f[0] == args.only]
    outcome = {}
    loads = [FlowLoad(database, flow, net, extra, args, out) for flow, database in flows]
    out('Load on %s, %s (%d workers each, %s s per client count and flow)' % (
        ', '.join(load.database for load in loads),
        'at the same time' if args.together else 'interleaved', args.workers, args.duration))
    try:
        try:
            load_flows(loads, args)
        finally:
            for load in loads:
                outcome[load.flow] = load.finish()
    finally:
        if not args.keep:
            odoo.sql_db.close_all()
            for name in (std, ours):
                drop_db(name)
    failed = report(args, outcome, out)
    out('Load average at the end: %s' % ' '.join('%.2f' % x for x in os.getloadavg()))
    sys.exit(1 if failed else 0)


def report_calls(args, outcome, out):
    """Each XML-RPC call's mean time on both flows at the lowest client count
    (one client: the server's time for it, with no one to wait for), the calls
    ours takes longer for first."""
    clients = min(args.client_counts)
    results = [outcome[flow][0].get(clients) if flow in outcome else None
               for flow in ('std', 'ours')]
    if not all(results):
        return
    std_calls, ours_calls = (result['tally'].calls for result in results)
    rows = []
    for key in set(std_calls) & set(ours_calls):
        (std_n, std_s), (ours_n, ours_s) = std_calls[key], ours_calls[key]
        rows.append((ours_s / ours_n - std_s / std_n, key, std_n, std_s / std_n,
                     ours_n, ours_s / ours_n))
    out('')
    out('Calls at %d client(s), mean time each (the calls ours takes longer for first):' % clients)
    out('| call | standard: calls, ms each | ours: calls, ms each | ours - standard, ms |')
    out('|---|---|---|---|')
    for diff, (model, method), std_n, std_mean, ours_n, ours_mean in sorted(rows, reverse=True):
        out('| %s.%s | %d, %.0f | %d, %.0f | %+.0f |' % (
            model, method, std_n, std_mean * 1000, ours_n, ours_mean * 1000, diff * 1000))


def report(args, outcome, out):
    out('')
    out('| clients | standard ops/s | ours ops/s | ratio | ratio until the last ended '
        '| server CPU s per operation std / ours (ratio) '
        '| errors std / ours (conflict shown, refused, other) | server retries std / ours |')
    out('|---|---|---|---|---|---|---|---|')
    ratios, cpu_ratios = [], []
    conflicts_shown = 0
    for clients in args.client_counts:
        cells = []
        for flow in ('std', 'ours'):
            cells.append(outcome[flow][0].get(clients) if flow in outcome else None)
        std_r, ours_r = cells

        def ops(result):
            return '%.2f' % result['ops_s'] if result else '-'

        def errors(result):
            if not result:
                return '-'
            e = result['tally'].errors
            return '%d, %d, %d' % (e['conflict'] + e['retry_failed'], e['refused'],
                                   e['error'] + e['transport'])

        def retries(result):
            return str(sum(result['retries'].values())) if result else '-'
        ratio = drained_ratio = '-'
        cpu = [cpu_per_op(std_r), cpu_per_op(ours_r)]
        cpu_cell = '%s / %s' % tuple('%.3f' % c if c else '-' for c in cpu)
        if all(cpu):
            # Above 1: an operation of ours costs the servers less CPU.
            cpu_ratios.append(cpu[0] / cpu[1])
            cpu_cell += ' (%.2fx)' % cpu_ratios[-1]
        if std_r and ours_r and std_r['ops_s']:
            ratios.append(ours_r['ops_s'] / std_r['ops_s'])
            ratio = '%.2fx' % ratios[-1]
            drained_ratio = '%.2fx' % (ours_r['drained_ops_s'] / std_r['drained_ops_s'])
        if ours_r:
            conflicts_shown += ours_r['tally'].errors['conflict'] + \
                ours_r['tally'].errors['retry_failed']
        out('| %d | %s | %s | %s | %s | %s | %s / %s | %s / %s |' % (
            clients, ops(std_r), ops(ours_r), ratio, drained_ratio, cpu_cell, errors(std_r),
            errors(ours_r), retries(std_r), retries(ours_r)))
    report_calls(args, outcome, out)
    out('')
    failed = False
    for flow, (_results, problems, ledger) in outcome.items():
        label = 'standard' if flow == 'std' else 'ours'
        out('%s: %d pickings validated, %d orders confirmed, %d adjustments; checks: %s' % (
            label, len(ledger.done_pickings),
            sum(1 for o in ledger.orders.values() if o[2]), len(ledger.inventories),
            'all hold' if not problems else '%d FAILED' % len(problems)))
        for name, rows in problems.items():
            # The suite is judged; the standard flow's checks are shown beside.
            failed = failed or flow == 'ours'
            out('  FAILED %s:' % name)
            for row in rows:
                out('    %s' % (row,))
    goal_throughput = bool(ratios) and min(ratios) >= 0.9
    ours_problems = outcome['ours'][1] if 'ours' in outcome else {}
    lost = [name for name in ours_problems if not name.startswith('ledger invariant')]
    broken = len(ours_problems) - len(lost)
    out('Goals (ours): throughput >= 0.9x standard at every client count: %s; no lost or '
        'doubled quantity: %s; conflicts retried by the server, none shown to users: %s; '
        'ledger invariants: %s' % (
            ('met' if goal_throughput else 'NOT met (min %.2fx)' % min(ratios))
            if ratios else 'not measured',
            ('NOT met' if lost else 'met') if 'ours' in outcome else 'not measured',
            'met' if not conflicts_shown else 'NOT met (%d shown)' % conflicts_shown,
            '%d broken' % broken if broken else 'hold'))
    if cpu_ratios:
        out('Cost (server CPU per operation, standard / ours): %.2fx to %.2fx over the client '
            'counts' % (min(cpu_ratios), max(cpu_ratios)))
    return failed or bool(conflicts_shown)


if __name__ == '__main__':
    main()

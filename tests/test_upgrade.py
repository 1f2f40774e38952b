"""Upgrading in place keeps the data (issue 11, item 7).

The suite is installed at the previous release (commit aa31e99, tagged
v11.0.1.0.0) from ``git archive`` into a temporary folder, with a small demo
network (3 stores x 20 SKUs: the release's own generator, scaled down to keep
this test short) and work in progress: an adjustment awaiting approval (with
its audit entries), a custom adjustment rule, a renamed cluster, a channel
floor. The same database is then upgraded with the current code by the
scripts' ``upgrade_suite``, and what was there must still be there, with what
this release adds to existing databases (cluster settings, policies and
reordering rules of the demo network, channels).
"""
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

import odoo
import psycopg2
import pytest
from odoo import SUPERUSER_ID, api

import invariants

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PREVIOUS_RELEASE = 'aa31e99'
SMALL_DEMO = "DEMO_SIZE = {'stores': 3, 'skus': 20, 'weeks': 2, 'seed': 42}"

# Work in progress at the previous release, created with its code (run as a script).
LOAD_OLD_DATA = r'''
import sys
import odoo
from odoo import SUPERUSER_ID, api
config, database, addons = sys.argv[1:4]
odoo.tools.config.parse_config(['-c', config, '--addons-path', addons, '-d', database])
with api.Environment.manage(), odoo.registry(database).cursor() as cr:
    env = api.Environment(cr, SUPERUSER_ID, {})
    Users = env['res.users']
    controller = Users.search([('login', '=', 'inventory_controller')])
    s002 = env['stock.warehouse'].search([('code', '=', 'S002')])
    location = s002.lot_stock_id
    env['retail.adjustment.rule'].sudo(controller).create({
        'name': 'Upgrade probe rule', 'warehouse_ids': [(6, 0, s002.ids)],
        'qty_threshold': 1, 'require_store_manager': True})
    product = env['product.product'].search([('default_code', '=', 'SKU000001')])
    reason = env['retail.adjustment.reason'].search([('code', '=', 'DAMAGE')])
    inventory = env['stock.inventory'].sudo(controller).create({
        'name': 'Upgrade probe count', 'filter': 'partial', 'location_id': location.id})
    inventory.action_start()
    line = env['stock.inventory.line'].sudo(controller).create({
        'inventory_id': inventory.id, 'product_id': product.id,
        'location_id': location.id, 'product_qty': 0, 'retail_reason_id': reason.id})
    line.write({'product_qty': line.theoretical_qty + 7})
    inventory.action_request_approval()
    env['retail.store.cluster'].search([('code', '=', 'OUT')]).write(
        {'name': 'Outlet (named before the upgrade)'})
    env['retail.sales.channel'].search([('code', '=', 'MKT')]).warehouse_line_ids.write(
        {'floor_qty': 4})
    cr.commit()
    print('inventory', inventory.id)
'''

SNAPSHOTS = {
    'balances': """SELECT product_id, location_id, round(sum(quantity)::numeric, 4)
                     FROM stock_quant GROUP BY 1, 2 ORDER BY 1, 2""",
    'channels': """SELECT c.code, c.name, c.oversell_policy, w.code, cw.sequence,
                          cw.floor_qty, cw.floor_percent
                     FROM retail_sales_channel c
                     JOIN retail_sales_channel_warehouse cw ON cw.channel_id = c.id
                     JOIN stock_warehouse w ON w.id = cw.warehouse_id ORDER BY 1, 4""",
    'clusters': """SELECT c.code, c.name, array_agg(w.code ORDER BY w.code)
                     FROM retail_store_cluster c
                     LEFT JOIN stock_warehouse w ON w.retail_cluster_id = c.id
                    GROUP BY c.id ORDER BY 1""",
    'adjustment rules': """SELECT name, qty_threshold, value_threshold, percent_threshold,
                                  require_store_manager, require_inventory_controller,
                                  require_finance, active
                             FROM retail_adjustment_rule ORDER BY id""",
    'approvals': """SELECT i.name, i.state, i.retail_requested_by_id, r.sequence, r.status,
                           r.done_by
                      FROM stock_inventory i
                      JOIN tier_review r ON r.model = 'stock.inventory' AND r.res_id = i.id
                     ORDER BY i.id, r.sequence""",
    # (the entries of the master data requests the upgrade adds to the demo aside)
    'audit entries': """SELECT id, event_type, date, user_id, res_model, res_id, res_name,
                               before_values, after_values, note
                          FROM retail_audit_log
                         WHERE event_type NOT LIKE 'master\\_data\\_%%' ORDER BY id""",
}


def _run(command, log, env=None, timeout=900):
    started = time.time()
    with open(log, 'w') as out:
        result = subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env=env, timeout=timeout, universal_newlines=True)
    with open(log) as out:
        text = out.read()
    return result.returncode, text, time.time() - started


def _snapshot(database):
    with psycopg2.connect(dbname=database, **_pg_params()) as conn:
        with conn.cursor() as cr:
            result = {}
            for name, query in SNAPSHOTS.items():
                cr.execute(query)
                result[name] = cr.fetchall()
    conn.close()
    return result


def _pg_params():
    config = odoo.tools.config
    return {'host': config['db_host'] or None, 'port': config['db_port'] or None,
            'user': config['db_user'], 'password': config['db_password']}


def _dropdb(database):
    odoo.sql_db.close_db(database)
    with psycopg2.connect(dbname='postgres', **_pg_params()) as conn:
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute('DROP DATABASE IF EXISTS "%s"' % database)
    conn.close()


def _previous_release(tmp_path):
    """The addons of the previous release, from the git history (required)."""
    check = subprocess.run(['git', 'cat-file', '-e', PREVIOUS_RELEASE + '^{commit}'],
                           cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if check.returncode:
        pytest.fail('The upgrade test needs the git history with the previous release %s '
                    '(a full clone, not a shallow one or an export): %s'
                    % (PREVIOUS_RELEASE, check.stdout.decode().strip()))
    archive = tmp_path / 'release.tar'
    with open(str(archive), 'wb') as out:
        subprocess.run(['git', 'archive', '--format=tar', PREVIOUS_RELEASE],
                       cwd=ROOT, stdout=out, check=True)
    release = tmp_path / 'release'
    with tarfile.open(str(archive)) as tar:
        tar.extractall(str(release))
    hooks = release / 'addons' / 'retail_demo' / 'hooks.py'
    text = hooks.read_text()
    assert "DEMO_SIZE = {'stores': 35" in text, 'the release builds its demo differently'
    hooks.write_text(text.replace("DEMO_SIZE = {'stores': 35, 'skus': 300, 'weeks': 8, "
                                  "'seed': 42}", SMALL_DEMO))
    return release


@pytest.fixture(scope='module')
def upgraded():
    """A database installed at the previous release with work in progress,
    then upgraded with the current code; yields (name, before, after, timings)."""
    tmp_path = __import__('pathlib').Path(tempfile.mkdtemp(prefix='retail-upgrade-'))
    database = 'retail_upgrade_%d' % os.getpid()
    config = odoo.tools.config.rcfile
    timings = {}
    try:
        release = _previous_release(tmp_path)
        addons = '%s,%s' % (release, release / 'addons')
        _dropdb(database)
        rc, log, timings['install at the previous release'] = _run([
            sys.executable, os.path.join(ROOT, 'bin', 'odoo-bin'), '-c', config,
            '--addons-path', addons, '-d', database, '--stop-after-init',
            '-i', 'retail_inventory_harmonization,retail_demo',
            '--log-handler=py.warnings:ERROR'], str(tmp_path / 'install.log'))
        assert rc == 0 and ' ERROR ' not in log, log[-3000:]
        rc, log, timings['work in progress'] = _run(
            [sys.executable, '-c', LOAD_OLD_DATA, config, database, addons],
            str(tmp_path / 'load.log'))
        assert rc == 0, log[-3000:]
        before = _snapshot(database)
        run_dir = tmp_path / 'run'
        run_dir.mkdir()
        shutil.copy(config, str(run_dir / 'odoo.conf'))
        rc, log, timings['upgrade to the current code'] = _run(
            ['bash', '-c', 'source bin/_lib.sh; RUN_DIR="%s"; upgrade_suite "%s"'
             % (run_dir, database)], str(tmp_path / 'upgrade.log'))
        odoo_log = (run_dir / ('upgrade-%s.log' % database)).read_text()
        assert rc == 0, '\n'.join([log[-3000:]] + [
            line for line in odoo_log.splitlines() if ' ERROR ' in line or ' CRITICAL ' in line])
        yield database, before, _snapshot(database), timings
    finally:
        print('upgrade test timings (s): %s' % {k: round(v) for k, v in timings.items()})
        _dropdb(database)
        shutil.rmtree(str(tmp_path), ignore_errors=True)


@pytest.mark.parametrize('what', sorted(SNAPSHOTS))
def test_upgrade_keeps(upgraded, what):
    """Configuration, balances, approvals in flight and audit entries survive the upgrade."""
    _database, before, after, _timings = upgraded
    assert before[what], 'nothing to compare: %s is empty before the upgrade' % what
    assert after[what] == before[what]


def test_upgrade_brings_the_release_data(upgraded):
    """What this release adds to the demo reaches the upgraded database: cluster
    settings and supplying DC, policies, one reordering rule per store x product."""
    database = upgraded[0]
    with psycopg2.connect(dbname=database, **_pg_params()) as conn:
        with conn.cursor() as cr:
            cr.execute("""SELECT count(*) FROM retail_store_cluster
                           WHERE supply_warehouse_id IS NULL OR lead_days <= 0""")
            assert cr.fetchone()[0] == 0
            cr.execute("SELECT count(*) FROM retail_replenishment_policy")
            assert cr.fetchone()[0] == 3 * 6
            cr.execute("""SELECT count(*) FROM stock_warehouse_orderpoint op
                            JOIN stock_warehouse w ON w.id = op.warehouse_id
                           WHERE op.active AND w.retail_cluster_id IS NOT NULL""")
            assert cr.fetchone()[0] == 3 * 20
            cr.execute("SELECT name, latest_version FROM ir_module_module"
                       " WHERE name = 'retail_demo'")
            assert cr.fetchone()[1] == '11.0.1.3.0'
            # 11.0.1.3.0 of the demo: stores pooled by cluster, the Stores channel
            # serving from the pool.
            cr.execute("""SELECT count(*) FROM stock_warehouse
                           WHERE code LIKE 'S%%' AND retail_pool_id IS NULL""")
            assert cr.fetchone()[0] == 0
            cr.execute("""SELECT fulfilment_scope FROM retail_sales_channel
                           WHERE code = 'STORES'""")
            assert cr.fetchone()[0] == 'pool'
            # 11.0.1.2.0 of the demo: a product and a lead time wait for the steward.
            cr.execute("""SELECT res_model, change_type, state FROM retail_master_data_change
                           ORDER BY id""")
            assert cr.fetchall() == [('product.template', 'create', 'pending'),
                                     ('retail.store.cluster', 'write', 'pending')]
            cr.execute("SELECT count(*) FROM res_users WHERE login = 'data_steward'")
            assert cr.fetchone()[0] == 1
            # 11.0.1.3.0 and 11.0.1.8.0 of the governance rewrote the store
            # rules of the noupdate file: the quants' tests the list of the
            # stores' locations, the moves' their locations' warehouses.
            cr.execute("""SELECT d.name, r.domain_force FROM ir_rule r
                            JOIN ir_model_data d ON d.model = 'ir.rule' AND d.res_id = r.id
                           WHERE d.module = 'retail_governance'
                             AND d.name IN ('stock_quant_rule_store', 'stock_move_rule_store')""")
            domains = dict(cr.fetchall())
            assert len(domains) == 2 and 'child_of' not in ''.join(domains.values()), domains
            assert 'retail_location_ids' in domains['stock_quant_rule_store'], domains
            assert 'retail_from_warehouse_id' in domains['stock_move_rule_store'], domains
            # and filled the warehouses of the locations and moves they test.
            cr.execute("""SELECT count(*) FROM stock_move m
                             JOIN stock_location l ON l.id = m.location_dest_id
                            WHERE l.retail_warehouse_id IS NOT NULL
                              AND m.retail_to_warehouse_id
                                  IS DISTINCT FROM l.retail_warehouse_id""")
            assert cr.fetchone()[0] == 0
            cr.execute("""SELECT count(*) FROM stock_location l
                             JOIN stock_warehouse w ON w.lot_stock_id = l.id
                            WHERE l.retail_warehouse_id IS DISTINCT FROM w.id""")
            assert cr.fetchone()[0] == 0
    conn.close()


def test_upgraded_database_holds_the_invariants_and_approves(upgraded):
    """After the upgrade the ledger invariants hold and the store manager gives the
    approval that was waiting, with the current code."""
    database = upgraded[0]
    registry = odoo.registry(database)
    with api.Environment.manage(), registry.cursor() as cr:
        try:
            assert invariants.broken_invariants(cr) == {}
            env = api.Environment(cr, SUPERUSER_ID, {})
            manager = env['res.users'].search([('login', '=', 'store_manager')])
            inventory = env['stock.inventory'].search([('name', '=', 'Upgrade probe count')])
            assert inventory.review_ids.mapped('status') == ['pending']
            inventory.sudo(manager).validate_tier()
            inventory.invalidate_cache()
            assert inventory.review_ids.mapped('status') == ['approved']
        finally:
            cr.rollback()
    odoo.modules.registry.Registry.delete(database)

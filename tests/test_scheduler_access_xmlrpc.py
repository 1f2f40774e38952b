"""Odoo's scheduler over XML-RPC: a store clerk cannot start it (neither the
model method nor the Run Scheduler wizard), a planner can, and never while
another run holds the lock. The planner's run is scoped to no reordering rule
(the demo network's rules would take Odoo's scheduler an hour)."""
import time
import xmlrpc.client

import odoo
import pytest

from test_governance_xmlrpc import Client

pytestmark = pytest.mark.xmlrpc

# Mirrors odoo.addons.retail_replenishment.models.procurement_group.
SCHEDULER_LOCK_KEY = 7220110701
SCOPE_KEY = 'retail_scheduler_warehouse_ids'


def test_clerk_cannot_run_scheduler(odoo_server):
    """The store clerk's run_scheduler is refused, also with a made-up context."""
    clerk = Client(odoo_server, 'store_clerk')
    for context in ({}, {'retail_cron': True, 'cron': True}):
        with pytest.raises(xmlrpc.client.Fault) as error:
            clerk('procurement.group', 'run_scheduler', context=context)
        assert 'Only planners and retail administrators' in error.value.faultString


def test_clerk_cannot_start_wizard(odoo_server):
    """The store clerk's Run Scheduler wizard is refused in the request."""
    clerk = Client(odoo_server, 'store_clerk')
    wizard_id = clerk('stock.scheduler.compute', 'create', {})
    with pytest.raises(xmlrpc.client.Fault) as error:
        clerk('stock.scheduler.compute', 'procure_calculation', [wizard_id])
    assert 'Only planners and retail administrators' in error.value.faultString


def test_planner_runs_scheduler(odoo_server):
    """The planner's run_scheduler runs and answers (scoped to no reordering rule)."""
    planner = Client(odoo_server, 'planner')
    started = time.time()
    assert planner('procurement.group', 'run_scheduler', context={SCOPE_KEY: []}) == {}
    print('planner run_scheduler, empty scope: %.2f s' % (time.time() - started))


def test_second_run_refused(odoo_server):
    """While another run holds the lock, the planner's run is refused with a clear message."""
    planner = Client(odoo_server, 'planner')
    with odoo.sql_db.db_connect(odoo_server.database).cursor() as cr:
        cr.execute("SELECT pg_advisory_lock(%s)", (SCHEDULER_LOCK_KEY,))
        try:
            with pytest.raises(xmlrpc.client.Fault) as error:
                planner('procurement.group', 'run_scheduler', context={SCOPE_KEY: []})
        finally:
            cr.execute("SELECT pg_advisory_unlock(%s)", (SCHEDULER_LOCK_KEY,))
    assert 'already running' in error.value.faultString


@pytest.mark.parametrize('cron_xmlid', [
    'stock.ir_cron_scheduler_action',
    'stock_cycle_count.ir_cron_compute_cycle_count_action',
    'retail_governance.ir_cron_escalate_exceptions',
])
def test_clerk_cannot_run_scheduled_job_action(odoo_server, cron_xmlid):
    """Any user reads server actions: the clerk's run() of a scheduled job's action is refused."""
    admin = Client(odoo_server, 'admin', 'admin')
    cron_id = admin('ir.model.data', 'xmlid_to_res_id', cron_xmlid)
    action_id = admin('ir.cron', 'read', [cron_id], ['ir_actions_server_id'])[0][
        'ir_actions_server_id'][0]
    clerk = Client(odoo_server, 'store_clerk')
    with pytest.raises(xmlrpc.client.Fault) as error:
        clerk('ir.actions.server', 'run', [action_id])
    assert 'runs on its schedule' in error.value.faultString

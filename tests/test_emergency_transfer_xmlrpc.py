"""Emergency transfers over XML-RPC: nobody approves their own request, store
staff do not approve, and the state moves through the buttons only. The
request is cancelled and deleted afterwards."""
import xmlrpc.client

import pytest

from test_governance_xmlrpc import Client

pytestmark = pytest.mark.xmlrpc


@pytest.fixture(scope='module')
def request_to_approve(odoo_server):
    """60 units (above the default threshold of 50) for S001 from the DC,
    requested and submitted by the planner."""
    planner = Client(odoo_server, 'planner')
    dc, s001 = (planner('stock.warehouse', 'search', [('code', '=', code)])[0]
                for code in ('DC', 'S001'))
    balance = planner('retail.stock.balance', 'search_read',
                      [('warehouse_id', '=', dc), ('available_to_sell_qty', '>=', 60)],
                      fields=['product_id'], limit=1)[0]
    transfer_id = planner('retail.emergency.transfer', 'create', {
        'source_warehouse_id': dc, 'dest_warehouse_id': s001,
        'line_ids': [(0, 0, {'product_id': balance['product_id'][0], 'product_qty': 60})]})
    planner('retail.emergency.transfer', 'action_submit', [transfer_id])
    yield transfer_id
    admin = Client(odoo_server, 'retail_admin')
    admin('retail.emergency.transfer', 'action_cancel', [transfer_id])
    admin('retail.emergency.transfer', 'unlink', [transfer_id])


def _state(client, transfer_id):
    return client('retail.emergency.transfer', 'read', [transfer_id], ['state'])[0]['state']


def test_requester_cannot_approve(odoo_server, request_to_approve):
    """The planner who requested cannot approve their own request."""
    planner = Client(odoo_server, 'planner')
    assert _state(planner, request_to_approve) == 'to_approve'
    with pytest.raises(xmlrpc.client.Fault) as error:
        planner('retail.emergency.transfer', 'action_approve', [request_to_approve])
    assert 'cannot approve or refuse their own' in error.value.faultString
    assert _state(planner, request_to_approve) == 'to_approve'


def test_store_manager_cannot_approve(odoo_server, request_to_approve):
    """The store manager of the destination cannot approve."""
    manager = Client(odoo_server, 'store_manager')
    with pytest.raises(xmlrpc.client.Fault):
        manager('retail.emergency.transfer', 'action_approve', [request_to_approve])
    assert _state(manager, request_to_approve) == 'to_approve'


def test_state_cannot_be_written(odoo_server, request_to_approve):
    """Writing the state or the approver over XML-RPC is refused, even by the superuser."""
    for login, password in (('store_manager', 'retail'), ('admin', 'admin')):
        client = Client(odoo_server, login, password)
        for vals in ({'state': 'approved'}, {'approved_by_id': client.uid}):
            with pytest.raises(xmlrpc.client.Fault):
                client('retail.emergency.transfer', 'write', [request_to_approve], vals)
    assert _state(Client(odoo_server, 'planner'), request_to_approve) == 'to_approve'

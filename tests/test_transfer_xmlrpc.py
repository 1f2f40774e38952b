"""The whole life of a DC-to-store transfer over XML-RPC, as real clients do it:
a need (an emergency request), shipment by scanning, the goods in transit at the
destination, a short receipt by scanning, the discrepancy exception, its
resolution by an approved write-off, the transfer closed with its cycle times;
an overdue transfer flagged; no second receipt; no receipt of another store.
The data is committed: the transfers end received or closed, the rule made
for the write-off is deleted, the cluster's lead time restored."""
import time
import xmlrpc.client

import pytest

from test_governance_xmlrpc import Client

pytestmark = pytest.mark.xmlrpc


def _code(client, code):
    return client('stock.warehouse', 'search', [('code', '=', code)])[0]


def _transfer(client, emergency_id):
    name = client('retail.emergency.transfer', 'read', [emergency_id], ['name'])[0]['name']
    found = client('retail.transfer', 'search_read', [('origin', '=', name)], fields=[
        'state', 'name', 'out_picking_ids', 'in_picking_ids', 'route_name',
        'requested_to_shipped_hours', 'shipped_to_received_hours',
        'requested_to_received_hours', 'date_shipped', 'date_received', 'date_closed',
        'is_late', 'resolution', 'write_off_inventory_id', 'line_ids', 'requested_by_id',
        'approved_by_id'])
    assert len(found) == 1, found
    return found[0]


def _request(manager, dc, store, product_id, qty):
    emergency_id = manager('retail.emergency.transfer', 'create', {
        'source_warehouse_id': dc, 'dest_warehouse_id': store,
        'note': 'XML-RPC transfer test',
        'line_ids': [(0, 0, {'product_id': product_id, 'product_qty': qty})]})
    manager('retail.emergency.transfer', 'action_submit', [emergency_id])
    return emergency_id


def _scan(client, operation, *barcodes):
    session_id = client('retail.barcode.session', 'create', {'operation': operation})
    results = [client('retail.barcode.session', 'action_scan', [session_id], barcode)
               for barcode in barcodes]
    return session_id, results


@pytest.fixture(scope='module')
def network(odoo_server):
    controller = Client(odoo_server, 'inventory_controller')
    dc, s003 = _code(controller, 'DC'), _code(controller, 'S003')
    balance = controller('retail.stock.balance', 'search_read', [
        ('warehouse_id', '=', dc), ('available_to_sell_qty', '>=', 20)],
        fields=['product_id'], limit=1, order='product_id desc')[0]
    product = controller('product.product', 'read', [balance['product_id'][0]],
                         ['barcode', 'categ_id'])[0]
    # The write-off needs finance's approval: a rule for the product's family
    # (the transit location belongs to no store).
    rule_id = controller('retail.adjustment.rule', 'create', {
        'name': 'XML-RPC transfer write-off', 'sequence': 0,
        'product_categ_ids': [(6, 0, [product['categ_id'][0]])],
        'qty_threshold': 0.5, 'value_threshold': 0.01, 'percent_threshold': 0.01,
        'require_store_manager': False, 'require_inventory_controller': False,
        'require_finance': True, 'finance_value_threshold': 0})
    yield {'dc': dc, 's003': s003, 'product_id': product['id'],
           'barcode': product['barcode']}
    Client(odoo_server, 'retail_admin')('retail.adjustment.rule', 'unlink', [rule_id])


def test_transfer_path(odoo_server, network):
    """Need, shipment, in transit, short receipt, exception, approved write-off, closed."""
    manager = Client(odoo_server, 'store_manager')
    dc_operator = Client(odoo_server, 'dc_operator')
    clerk = Client(odoo_server, 'store_clerk')
    controller = Client(odoo_server, 'inventory_controller')
    finance = Client(odoo_server, 'finance_approver')
    product_id, barcode = network['product_id'], network['barcode']

    emergency_id = _request(manager, network['dc'], network['s003'], product_id, 3)
    transfer = _transfer(manager, emergency_id)
    assert transfer['state'] in ('approved', 'picked')
    assert transfer['route_name'] == 'DC → S003'
    # Below the thresholds the request is approved as submitted: by its requester.
    assert transfer['requested_by_id'][0] == transfer['approved_by_id'][0] == manager.uid
    before = manager('retail.stock.balance', 'search_read', [
        ('warehouse_id', '=', network['s003']), ('product_id', '=', product_id)],
        fields=['in_transit_qty'])
    before = before[0]['in_transit_qty'] if before else 0.0

    # The DC ships by scanning: the transfer is in transit at S003.
    session_id, results = _scan(dc_operator, 'ship', transfer['name'], barcode, barcode, barcode)
    assert all(r['ok'] for r in results), results
    dc_operator('retail.barcode.session', 'action_confirm', [session_id])
    assert _transfer(manager, emergency_id)['state'] == 'shipped'
    after = manager('retail.stock.balance', 'search_read', [
        ('warehouse_id', '=', network['s003']), ('product_id', '=', product_id)],
        fields=['in_transit_qty'])[0]['in_transit_qty']
    assert after == before + 3

    # A clerk of S001 cannot validate S003's receipt.
    receipt_id = manager('stock.picking', 'search', [('retail_transfer_id', '=', transfer['id'])])
    assert len(receipt_id) == 1
    receipt_id = receipt_id[0]
    with pytest.raises(xmlrpc.client.Fault):
        clerk('stock.picking', 'button_validate', [receipt_id])
    session_id, results = _scan(clerk, 'receive', transfer['name'])
    assert not results[0]['ok'] and 'another store' in results[0]['message']

    # S003 receives 2 of 3 by scanning: discrepancy and its exception.
    session_id, results = _scan(manager, 'receive', transfer['name'], barcode, barcode)
    assert results[-1]['left_qty'] == 1.0
    manager('retail.barcode.session', 'action_confirm', [session_id])
    transfer = _transfer(manager, emergency_id)
    assert transfer['state'] == 'discrepancy'
    exceptions = manager('retail.exception', 'search_read', [
        ('source_model', '=', 'retail.transfer'), ('source_id', '=', transfer['id']),
        ('exception_type', '=', 'transfer_discrepancy')],
        fields=['state', 'quantity', 'description', 'owner_id'])
    assert len(exceptions) == 1 and exceptions[0]['quantity'] == -1.0
    assert 'shipped 3.0, received 2.0' in exceptions[0]['description']

    # The same goods cannot be received twice.
    with pytest.raises(xmlrpc.client.Fault) as error:
        manager('stock.picking', 'button_validate', [receipt_id])
    assert 'twice' in error.value.faultString

    # Write-off: asked by the inventory controller, approved by finance.
    controller('retail.transfer', 'action_resolve_write_off', [transfer['id']])
    inventory_id = _transfer(controller, emergency_id)['write_off_inventory_id'][0]
    with pytest.raises(xmlrpc.client.Fault):
        controller('stock.inventory', 'action_done', [inventory_id])
    controller('stock.inventory', 'action_request_approval', [inventory_id])
    assert _transfer(manager, emergency_id)['state'] == 'discrepancy'
    finance('stock.inventory', 'validate_tier', [inventory_id])
    controller('stock.inventory', 'action_done', [inventory_id])
    transfer = _transfer(manager, emergency_id)
    assert transfer['state'] == 'closed' and transfer['resolution'] == 'write_off'
    assert transfer['date_shipped'] and transfer['date_received'] and transfer['date_closed']
    assert transfer['requested_to_received_hours'] > 0
    assert transfer['requested_to_received_hours'] >= transfer['shipped_to_received_hours']
    state = manager('retail.exception', 'read', [exceptions[0]['id']], ['state'])[0]['state']
    assert state == 'resolved'


def test_overdue_transfer_flagged(odoo_server, network):
    """A transfer in transit past its expected arrival is flagged with an overdue exception."""
    manager = Client(odoo_server, 'store_manager')
    planner = Client(odoo_server, 'planner')
    dc_operator = Client(odoo_server, 'dc_operator')
    admin = Client(odoo_server, 'admin', 'admin')
    cluster = planner('stock.warehouse', 'read', [network['s003']],
                      ['retail_cluster_id'])[0]['retail_cluster_id'][0]
    lead_days = planner('retail.store.cluster', 'read', [cluster], ['lead_days'])[0]['lead_days']
    emergency_id = _request(manager, network['dc'], network['s003'], network['product_id'], 1)
    transfer = _transfer(manager, emergency_id)
    try:
        # Expected two seconds after it was shipped: overdue once they passed.
        planner('retail.store.cluster', 'write', [cluster], {'lead_days': 2.0 / 86400})
        session_id, _results = _scan(dc_operator, 'ship', transfer['name'], network['barcode'])
        dc_operator('retail.barcode.session', 'action_confirm', [session_id])
    finally:
        planner('retail.store.cluster', 'write', [cluster], {'lead_days': lead_days})
    time.sleep(3)
    cron_id = admin('ir.model.data', 'xmlid_to_res_id',
                    'retail_inventory_harmonization.ir_cron_retail_transfer_overdue')
    admin('ir.cron', 'method_direct_trigger', [cron_id])
    transfer = _transfer(manager, emergency_id)
    assert transfer['is_late'] and transfer['state'] == 'shipped'
    late = manager('retail.transfer', 'search', [('is_late', '=', True)])
    assert transfer['id'] in late
    exceptions = manager('retail.exception', 'search_read', [
        ('source_model', '=', 'retail.transfer'), ('source_id', '=', transfer['id']),
        ('exception_type', '=', 'overdue_in_transit')], fields=['owner_id'])
    assert len(exceptions) == 1
    assert exceptions[0]['owner_id'][0] == manager.uid
    # Received in full: nothing left in transit for the other tests.
    session_id, _results = _scan(manager, 'receive', transfer['name'], network['barcode'])
    manager('retail.barcode.session', 'action_confirm', [session_id])
    assert _transfer(manager, emergency_id)['state'] == 'received'

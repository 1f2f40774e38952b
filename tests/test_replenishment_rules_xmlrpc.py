"""Reordering rules over XML-RPC: one active rule per product and location,
policies applied by planners only. A real server; the data is committed, so
what a test creates is removed after it."""
import xmlrpc.client

import pytest

from test_governance_xmlrpc import Client

pytestmark = pytest.mark.xmlrpc


@pytest.fixture
def store_rule(odoo_server):
    """The active rule of SKU000001 in store S001 (the demo's, or one made for
    the test and deleted after)."""
    planner = Client(odoo_server, 'planner')
    store = planner('stock.warehouse', 'search_read', [('code', '=', 'S001')],
                    fields=['lot_stock_id'])[0]
    product_id = planner('product.product', 'search', [('default_code', '=', 'SKU000001')])[0]
    location_id = store['lot_stock_id'][0]
    rule_ids = planner('stock.warehouse.orderpoint', 'search', [
        ('location_id', '=', location_id), ('product_id', '=', product_id)])
    made = []
    if not rule_ids:
        made = rule_ids = [planner('stock.warehouse.orderpoint', 'create', {
            'warehouse_id': store['id'], 'location_id': location_id,
            'product_id': product_id, 'product_min_qty': 1, 'product_max_qty': 3})]
    yield {'id': rule_ids[0], 'warehouse_id': store['id'], 'location_id': location_id,
           'product_id': product_id}
    admin = Client(odoo_server, 'admin', 'admin')
    leftovers = admin('stock.warehouse.orderpoint', 'search', [
        ('location_id', '=', location_id), ('product_id', '=', product_id),
        ('id', 'not in', rule_ids), '|', ('active', '=', True), ('active', '=', False)])
    if leftovers or made:
        admin('stock.warehouse.orderpoint', 'unlink', leftovers + made)


def test_duplicate_rule_refused(odoo_server, store_rule):
    """A second active rule for the product in the same location is refused with the reason."""
    planner = Client(odoo_server, 'planner')
    with pytest.raises(xmlrpc.client.Fault) as error:
        planner('stock.warehouse.orderpoint', 'create', {
            'warehouse_id': store_rule['warehouse_id'],
            'location_id': store_rule['location_id'],
            'product_id': store_rule['product_id'],
            'product_min_qty': 5, 'product_max_qty': 10})
    assert 'only one active reordering rule' in error.value.faultString
    assert planner('stock.warehouse.orderpoint', 'search_count', [
        ('location_id', '=', store_rule['location_id']),
        ('product_id', '=', store_rule['product_id'])]) == 1


def test_reactivating_a_duplicate_refused(odoo_server, store_rule):
    """An archived second rule cannot be made active beside the first."""
    planner = Client(odoo_server, 'planner')
    archived_id = planner('stock.warehouse.orderpoint', 'create', {
        'warehouse_id': store_rule['warehouse_id'], 'location_id': store_rule['location_id'],
        'product_id': store_rule['product_id'], 'product_min_qty': 5,
        'product_max_qty': 10, 'active': False})
    with pytest.raises(xmlrpc.client.Fault) as error:
        planner('stock.warehouse.orderpoint', 'write', [archived_id], {'active': True})
    assert 'only one active reordering rule' in error.value.faultString


def test_store_clerk_cannot_apply_policies(odoo_server):
    """A store clerk cannot apply the policies of a cluster."""
    clerk = Client(odoo_server, 'store_clerk')
    cluster_ids = clerk('retail.store.cluster', 'search', [('code', '=', 'URB')])
    assert cluster_ids
    with pytest.raises(xmlrpc.client.Fault) as error:
        clerk('retail.store.cluster', 'apply_policies', cluster_ids)
    assert 'AccessError' in error.value.faultString or 'not allowed' in error.value.faultString

"""A replenishment run over XML-RPC: the planner runs one cluster, the store
clerk is refused. A real server; the run commits, so the test cancels and
deletes the transfers it made and restores the store and rules it changed."""
import xmlrpc.client

import pytest

from test_governance_xmlrpc import Client

pytestmark = pytest.mark.xmlrpc

STORE = 'S035'


@pytest.fixture(scope='module')
def one_store_cluster(odoo_server):
    """Store S035 alone in a cluster planned by the demo planner, with two
    reordering rules below their minimum (its other rules archived)."""
    admin = Client(odoo_server, 'admin', 'admin')
    planner_uid = Client(odoo_server, 'planner').uid
    store = admin('stock.warehouse', 'search_read', [('code', '=', STORE)],
                  fields=['lot_stock_id', 'retail_cluster_id'])[0]
    dc_id = admin('stock.warehouse', 'search', [('code', '=', 'DC')])[0]
    cluster_id = admin('retail.store.cluster', 'create', {
        'name': 'XML-RPC run cluster', 'code': 'XRUN', 'supply_warehouse_id': dc_id,
        'lead_days': 1, 'planner_id': planner_uid})
    admin('stock.warehouse', 'write', [store['id']], {'retail_cluster_id': cluster_id})
    archived = admin('stock.warehouse.orderpoint', 'search',
                     [('warehouse_id', '=', store['id'])])
    admin('stock.warehouse.orderpoint', 'write', archived, {'active': False})
    dc_stock = admin('stock.warehouse', 'read', [dc_id], ['lot_stock_id'])[0]['lot_stock_id'][0]
    quants = admin('stock.quant', 'search_read', [('location_id', '=', dc_stock),
                                                  ('quantity', '>=', 200)],
                   fields=['product_id'], limit=2, order='product_id')
    location_id = store['lot_stock_id'][0]
    orderpoint_ids = []
    for quant in quants:
        product_id = quant['product_id'][0]
        on_hand = admin('product.product', 'read', [product_id], ['qty_available'],
                        context={'location': location_id})[0]['qty_available']
        orderpoint_ids.append(admin('stock.warehouse.orderpoint', 'create', {
            'warehouse_id': store['id'], 'location_id': location_id,
            'product_id': product_id, 'product_min_qty': on_hand + 2,
            'product_max_qty': on_hand + 6}))
    yield {'cluster_id': cluster_id, 'location_id': location_id}
    run_ids = admin('retail.replenishment.run', 'search', [('cluster_ids', 'in', [cluster_id])])
    group_ids = sum((r['procurement_group_ids'] for r in admin(
        'retail.replenishment.run', 'read', run_ids, ['procurement_group_ids'])), [])
    picking_ids = admin('stock.picking', 'search', [('group_id', 'in', group_ids)])
    if picking_ids:
        admin('stock.picking', 'action_cancel', picking_ids)
        admin('stock.picking', 'unlink', picking_ids)
    admin('stock.warehouse.orderpoint', 'unlink', orderpoint_ids)
    admin('stock.warehouse.orderpoint', 'write', archived, {'active': True})
    admin('stock.warehouse', 'write', [store['id']],
          {'retail_cluster_id': store['retail_cluster_id'][0]})
    admin('retail.store.cluster', 'unlink', [cluster_id])


def test_planner_runs_one_cluster(odoo_server, one_store_cluster):
    """The planner runs the cluster: one DC delivery and one store receipt
    with a move per rule below its minimum; the run says who started it."""
    planner = Client(odoo_server, 'planner')
    action = planner('retail.replenishment.run', 'action_run_clusters',
                     [one_store_cluster['cluster_id']])
    run = planner('retail.replenishment.run', 'read', [action['res_id']],
                  ['state', 'user_id', 'pair_count', 'below_min_count', 'picking_count',
                   'move_count', 'errors', 'procurement_group_ids'])[0]
    assert run['state'] == 'done', run['errors']
    assert run['user_id'][0] == planner.uid
    assert (run['pair_count'], run['below_min_count']) == (2, 2)
    assert (run['picking_count'], run['move_count']) == (2, 4)
    receipts = planner('stock.picking', 'search_read', [
        ('location_dest_id', '=', one_store_cluster['location_id']),
        ('group_id', 'in', run['procurement_group_ids'])], fields=['state', 'move_lines'])
    assert [(r['state'], len(r['move_lines'])) for r in receipts] == [('waiting', 2)]


def test_clerk_cannot_run(odoo_server, one_store_cluster):
    """The store clerk is refused over XML-RPC, and no run is recorded."""
    clerk = Client(odoo_server, 'store_clerk')
    admin = Client(odoo_server, 'admin', 'admin')
    before = admin('retail.replenishment.run', 'search_count', [])
    with pytest.raises(xmlrpc.client.Fault) as error:
        clerk('retail.replenishment.run', 'action_run_clusters',
              [one_store_cluster['cluster_id']])
    assert 'Only planners and retail administrators' in error.value.faultString
    with pytest.raises(xmlrpc.client.Fault):
        clerk('retail.replenishment.run', 'create',
              {'cluster_ids': [(6, 0, [one_store_cluster['cluster_id']])]})
    assert admin('retail.replenishment.run', 'search_count', []) == before

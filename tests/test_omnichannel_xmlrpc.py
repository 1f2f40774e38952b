"""Omnichannel flows over XML-RPC, as the web shop and the stores' staff run
them on the demo network: a click-and-collect order reserved at S001, handed
over by the S001 clerk with the Barcode app and closed; an uncollected order
cancelled by the expiry job, its reservation released; an order placed at
S001 for an item only another store of its regional pool has, reserved there
and brought by a store-to-store transfer. Each test uses a product of its own."""
import uuid
import xmlrpc.client

import pytest
from test_governance_xmlrpc import Client
from test_reliability_xmlrpc import _picking, _warehouse

pytestmark = pytest.mark.xmlrpc

RUN = uuid.uuid4().hex[:6]


@pytest.fixture(scope='module')
def admin(odoo_server):
    return Client(odoo_server, 'admin', 'admin')


def _product(admin, name, stock):
    """A product with ``stock`` ({warehouse code: qty}) received from a vendor."""
    tag = '%s-%s' % (name, RUN)
    product_id = admin('product.product', 'create', {
        'name': 'Omnichannel %s' % tag, 'type': 'product', 'default_code': tag,
        'barcode': 'OMNI%s%s' % (name.upper(), RUN), 'list_price': 10})
    suppliers = admin('ir.model.data', 'xmlid_to_res_id', 'stock.stock_location_suppliers')
    for code, qty in stock.items():
        warehouse = _warehouse(admin, code)
        receipt = _picking(admin, warehouse['in_type_id'][0], suppliers,
                           warehouse['lot_stock_id'][0], product_id, qty)
        admin('stock.picking', 'action_done', [receipt])
    return product_id


def _team(admin, code):
    [channel] = admin('retail.sales.channel', 'search_read', [('code', '=', code)],
                      fields=['team_ids'])
    return channel['id'], channel['team_ids'][0]


def _order(admin, channel_code, product_id, qty, **vals):
    _channel, team_id = _team(admin, channel_code)
    customer_id = admin('res.partner', 'create', {'name': 'Omnichannel customer %s' % RUN})
    order_id = admin('sale.order', 'create', dict({
        'partner_id': customer_id, 'team_id': team_id,
        'order_line': [(0, 0, {'product_id': product_id, 'product_uom_qty': qty})]}, **vals))
    admin('sale.order', 'action_confirm', [order_id])
    return order_id


def _collect_order(admin, product_id, qty, store='S001'):
    store_id = _warehouse(admin, store)['id']
    return _order(admin, 'WEB', product_id, qty, retail_fulfilment_mode='collect',
                  retail_collect_warehouse_id=store_id)


def _reserved(admin, product_id, store):
    location_id = _warehouse(admin, store)['lot_stock_id'][0]
    quants = admin('stock.quant', 'search_read', [
        ('product_id', '=', product_id), ('location_id', 'child_of', location_id)],
        fields=['reserved_quantity'])
    return sum(quant['reserved_quantity'] for quant in quants)


def _read(admin, order_id, *fields):
    return admin('sale.order', 'read', [order_id], list(fields))[0]


def test_click_and_collect_reserved_handed_over_and_closed(odoo_server, admin):
    clerk = Client(odoo_server, 'store_clerk')      # works in S001
    product_id = _product(admin, 'cc', {'S001': 6})
    order_id = _collect_order(admin, product_id, 2)
    order = _read(admin, order_id, 'name', 'retail_collect_state', 'warehouse_id')
    assert (order['retail_collect_state'], order['warehouse_id'][1].startswith('Store S001')) \
        == ('ready', True), order
    assert _reserved(admin, product_id, 'S001') == 2
    # the clerk's fulfilment board shows it to hand over
    [row] = clerk('retail.fulfilment.board', 'search_read', [], fields=[
        'warehouse_id', 'to_hand_over_count'])
    assert row['to_hand_over_count'] >= 1
    # the customer shows the order; the clerk scans it, then the goods
    session_id = clerk('retail.barcode.session', 'create', {'operation': 'collect'})
    scan = clerk('retail.barcode.session', 'action_scan', [session_id], order['name'])
    assert scan['ok'], scan
    barcode = admin('product.product', 'read', [product_id], ['barcode'])[0]['barcode']
    clerk('retail.barcode.session', 'action_scan', [session_id], barcode)
    with pytest.raises(xmlrpc.client.Fault) as error:
        clerk('retail.barcode.session', 'action_confirm', [session_id])
    assert 'Scan every unit' in error.value.faultString
    clerk('retail.barcode.session', 'action_scan', [session_id], barcode)
    clerk('retail.barcode.session', 'action_confirm', [session_id])
    closed = _read(admin, order_id, 'retail_collect_state', 'retail_collected_by_id',
                   'retail_collected_date')
    assert closed['retail_collect_state'] == 'collected'
    assert closed['retail_collected_by_id'][0] == clerk.uid and closed['retail_collected_date']
    [line] = admin('sale.order.line', 'search_read', [('order_id', '=', order_id)],
                   fields=['qty_delivered'])
    assert line['qty_delivered'] == 2
    assert _reserved(admin, product_id, 'S001') == 0


def test_uncollected_order_cancelled_and_released(admin):
    product_id = _product(admin, 'late', {'S001': 4})
    order_id = _collect_order(admin, product_id, 3)
    assert _reserved(admin, product_id, 'S001') == 3
    days = admin('res.company', 'read', [1], ['retail_collect_days'])[0]['retail_collect_days']
    admin('sale.order', 'write', [order_id], {'retail_promised_date': '2020-01-01 10:00:00'})
    cron_id = admin('ir.model.data', 'xmlid_to_res_id',
                    'retail_stock_status.ir_cron_retail_collect_expiry')
    admin('ir.cron', 'method_direct_trigger', [cron_id])
    order = _read(admin, order_id, 'state', 'retail_collect_state')
    assert (order['state'], order['retail_collect_state']) == ('cancel', 'cancelled')
    assert _reserved(admin, product_id, 'S001') == 0
    [message] = admin('mail.message', 'search_read', [
        ('model', '=', 'sale.order'), ('res_id', '=', order_id),
        ('body', 'ilike', 'Not collected within')], fields=['body'])
    assert str(days) in message['body']


def test_pooled_order_reserved_in_another_store_with_transfer(admin):
    s001 = admin('stock.warehouse', 'search_read', [('code', '=', 'S001')],
                 fields=['retail_pool_id'])[0]
    pool_stores = admin('stock.warehouse', 'search_read', [
        ('retail_pool_id', '=', s001['retail_pool_id'][0]), ('code', '!=', 'S001')],
        fields=['code'], order='code')
    outside = admin('stock.warehouse', 'search_read', [
        ('retail_pool_id', '!=', s001['retail_pool_id'][0]), ('code', '=like', 'S___')],
        fields=['code'], limit=1, order='code')
    member, stranger = pool_stores[-1]['code'], outside[0]['code']
    product_id = _product(admin, 'pool', {member: 3, stranger: 50})
    channel_id, _team_id = _team(admin, 'STORES')
    s001_id = s001['id']
    [ats] = admin('retail.sales.channel', 'available_to_sell', [channel_id], [product_id],
                  s001_id)
    assert ats['qty'] == 3, ats      # the pool's, not the other region's 50
    order_id = _order(admin, 'STORES', product_id, 2, warehouse_id=s001_id)
    moves = admin('stock.move', 'search_read', [
        ('group_id.sale_id', '=', order_id)], fields=[
            'retail_source_warehouse_id', 'location_dest_id', 'state', 'picking_type_id'])
    legs = sorted((m['retail_source_warehouse_id'][1][:10], m['state']) for m in moves)
    member_name = admin('stock.warehouse', 'search_read', [('code', '=', member)],
                        fields=['name'])[0]['name'][:10]
    # out of the pooled store (reserved), into S001, then to the customer
    assert legs == sorted([(member_name, 'assigned'), (member_name, 'waiting'),
                           (member_name, 'waiting')]), legs
    assert _reserved(admin, product_id, member) == 2
    assert _reserved(admin, product_id, stranger) == 0
    [ats] = admin('retail.sales.channel', 'available_to_sell', [channel_id], [product_id],
                  s001_id)
    assert ats['qty'] == 1
    # bad input: a warehouse that is not an id
    with pytest.raises(xmlrpc.client.Fault) as error:
        admin('retail.sales.channel', 'available_to_sell', [channel_id], [product_id], 'S001')
    assert 'expected a list of record ids' in error.value.faultString
    admin('sale.order', 'action_cancel', [order_id])
    assert _reserved(admin, product_id, member) == 0

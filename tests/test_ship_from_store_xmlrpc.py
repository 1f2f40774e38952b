"""Ship-from-store over XML-RPC: an online order takes the DC's unit and the rest
from the first two urban stores (one delivery each); the first store's clerk,
short at the shelf, rejects the store's part, and the order is sourced again
from the next urban stores. A store clerk of another store cannot reject it.
Cleans up: the order is cancelled, the other store's clerk archived (the
product stays, named by the run)."""
import uuid
import xmlrpc.client

import pytest
from test_governance_xmlrpc import Client
from test_reliability_xmlrpc import _picking, _warehouse

pytestmark = pytest.mark.xmlrpc

RUN = uuid.uuid4().hex[:6]


def _open_parts(admin, order_id):
    moves = admin('stock.move', 'search_read', [
        ('sale_line_id.order_id', '=', order_id), ('state', 'not in', ('cancel',))],
        fields=['warehouse_id', 'product_uom_qty'])
    parts = {}
    for move in moves:
        code = move['warehouse_id'][1].split()[1] if move['warehouse_id'][1].startswith(
            'Store') else 'DC'
        parts[code] = parts.get(code, 0) + move['product_uom_qty']
    return parts


def test_store_rejection_is_sourced_again(odoo_server):
    admin = Client(odoo_server, 'admin', 'admin')
    clerk = Client(odoo_server, 'store_clerk')          # works in S001
    manager = Client(odoo_server, 'store_manager')      # S001 to S003
    suppliers = admin('ir.model.data', 'xmlid_to_res_id', 'stock.stock_location_suppliers')
    product_id = admin('product.product', 'create', {
        'name': 'Ship-from-store %s' % RUN, 'type': 'product',
        'default_code': 'SFS-%s' % RUN, 'list_price': 10})
    # DC 1 unit; S001 to S003 5 each (the online floor keeps 2 back in stores)
    for code, qty in (('DC', 1), ('S001', 5), ('S002', 5), ('S003', 5)):
        warehouse = _warehouse(admin, code)
        receipt = _picking(admin, warehouse['in_type_id'][0], suppliers,
                           warehouse['lot_stock_id'][0], product_id, qty)
        admin('stock.picking', 'action_done', [receipt])
    [web] = admin('retail.sales.channel', 'search_read', [('code', '=', 'WEB')],
                  fields=['team_ids'])
    customer_id = admin('res.partner', 'create', {'name': 'Online customer %s' % RUN})
    order_id = admin('sale.order', 'create', {
        'partner_id': customer_id, 'team_id': web['team_ids'][0],
        'order_line': [(0, 0, {'product_id': product_id, 'product_uom_qty': 6})]})
    admin('sale.order', 'action_confirm', [order_id])
    try:
        parts = _open_parts(admin, order_id)
        assert parts == {'DC': 1, 'S001': 3, 'S002': 2}, parts
        pickings = admin('stock.picking', 'search_read', [('sale_id', '=', order_id)],
                         fields=['picking_type_id'])
        assert len(pickings) == 3, pickings
        [s001_picking] = admin('stock.picking', 'search', [
            ('sale_id', '=', order_id), ('picking_type_id.warehouse_id.code', '=', 'S001')])
        # a clerk of another store cannot see (nor reject) it
        other_clerk = admin('res.users', 'create', {
            'name': 'S010 clerk %s' % RUN, 'login': 'sfs_%s' % RUN, 'password': 'retail',
            'groups_id': [(6, 0, [admin('ir.model.data', 'xmlid_to_res_id', xmlid) for xmlid in (
                'base.group_user', 'retail_governance.group_store_clerk')])],
            'retail_warehouse_ids': [(6, 0, [_warehouse(admin, 'S010')['id']])]})
        with pytest.raises(xmlrpc.client.Fault):
            Client(odoo_server, 'sfs_%s' % RUN)(
                'stock.picking', 'action_retail_reject_short', [s001_picking])
        assert _open_parts(admin, order_id) == parts
        admin('res.users', 'write', [other_clerk], {'active': False})
        clerk('stock.picking', 'action_retail_reject_short', [s001_picking])
        state = admin('stock.picking', 'read', [s001_picking], ['state'])[0]['state']
        assert state == 'cancel'
        # S002 (shipping 2 already) had one more above its floor, S003 all
        # three: S003 ships them, the order still leaves from two stores
        assert _open_parts(admin, order_id) == {'DC': 1, 'S002': 2, 'S003': 3}
        [rejection] = manager('retail.fulfilment.rejection', 'search_read', [
            ('order_id', '=', order_id)], fields=['warehouse_id', 'quantity', 'user_id'])
        assert (rejection['quantity'], rejection['user_id'][0]) == (3, clerk.uid)
        # nothing left to reject on a cancelled delivery
        with pytest.raises(xmlrpc.client.Fault) as error:
            clerk('stock.picking', 'action_retail_reject_short', [s001_picking])
        assert 'nothing to reject' in error.value.faultString
    finally:
        admin('sale.order', 'action_cancel', [order_id])

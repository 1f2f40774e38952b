"""Returns to any location over XML-RPC: an online order shipped by the DC and
invoiced comes back at store S001; its clerk takes it back with the wizard and
validates the return. The unit waits in S001's returns location, the order's
delivered quantity drops, a credit note for it is linked to the return and the
order line. Cleans up: the store manager restocks the returned unit (the order,
its invoice and credit note stay, named by the run)."""
import uuid

import pytest
from test_governance_xmlrpc import Client
from test_reliability_xmlrpc import _picking, _warehouse

pytestmark = pytest.mark.xmlrpc

RUN = uuid.uuid4().hex[:6]


def _validate(client, picking_id):
    for line in client('stock.move.line', 'search_read', [('picking_id', '=', picking_id)],
                       fields=['product_uom_qty']):
        client('stock.move.line', 'write', [line['id']], {'qty_done': line['product_uom_qty']})
    client('stock.picking', 'action_done', [picking_id])


def test_online_order_returned_in_store(odoo_server):
    admin = Client(odoo_server, 'admin', 'admin')
    clerk = Client(odoo_server, 'store_clerk')          # works in S001
    suppliers = admin('ir.model.data', 'xmlid_to_res_id', 'stock.stock_location_suppliers')
    product_id = admin('product.product', 'create', {
        'name': 'Order return %s' % RUN, 'type': 'product',
        'default_code': 'ORR-%s' % RUN, 'list_price': 10})
    dc = _warehouse(admin, 'DC')
    receipt = _picking(admin, dc['in_type_id'][0], suppliers, dc['lot_stock_id'][0],
                       product_id, 3)
    admin('stock.picking', 'action_done', [receipt])
    [web] = admin('retail.sales.channel', 'search_read', [('code', '=', 'WEB')],
                  fields=['team_ids'])
    customer_id = admin('res.partner', 'create', {'name': 'Returning customer %s' % RUN})
    order_id = admin('sale.order', 'create', {
        'partner_id': customer_id, 'team_id': web['team_ids'][0],
        'order_line': [(0, 0, {'product_id': product_id, 'product_uom_qty': 2,
                               'price_unit': 10, 'tax_id': [(5, 0, 0)]})]})
    admin('sale.order', 'action_confirm', [order_id])
    [delivery] = admin('stock.picking', 'search_read', [('sale_id', '=', order_id)],
                       fields=['picking_type_id'])
    assert admin('stock.picking.type', 'read', [delivery['picking_type_id'][0]],
                 ['warehouse_id'])[0]['warehouse_id'][0] == dc['id']
    _validate(admin, delivery['id'])
    invoice_ids = admin('sale.order', 'action_invoice_create', [order_id])
    admin('account.invoice', 'action_invoice_open', invoice_ids)

    # the clerk of S001 takes one unit back with the wizard
    s001 = clerk('stock.warehouse', 'search_read', [('code', '=', 'S001')],
                 fields=['retail_returns_location_id'])[0]
    wizard_id = clerk('retail.order.return', 'create', {
        'warehouse_id': s001['id'], 'reason': 'Too small %s' % RUN},
        context={'active_model': 'sale.order', 'active_id': order_id})
    [line] = clerk('retail.order.return.line', 'search_read', [('wizard_id', '=', wizard_id)],
                   fields=['product_id', 'returnable_qty', 'sale_line_id'])
    assert (line['product_id'][0], line['returnable_qty']) == (product_id, 2)
    clerk('retail.order.return.line', 'write', [line['id']], {'quantity': 1})
    action = clerk('retail.order.return', 'action_apply', [wizard_id])
    return_id = action['res_id']
    _validate(clerk, return_id)

    picking = admin('stock.picking', 'read', [return_id], [
        'state', 'retail_refund_invoice_id', 'retail_return_order_id', 'name'])[0]
    assert picking['state'] == 'done'
    assert picking['retail_return_order_id'][0] == order_id
    refund = admin('account.invoice', 'read', [picking['retail_refund_invoice_id'][0]], [
        'type', 'amount_total', 'origin', 'invoice_line_ids', 'state'])[0]
    assert (refund['type'], refund['amount_total']) == ('out_refund', 10)
    assert picking['name'] in refund['origin']
    [refund_line] = admin('account.invoice.line', 'read', refund['invoice_line_ids'],
                          ['quantity', 'sale_line_ids'])
    assert (refund_line['quantity'], refund_line['sale_line_ids']) == (
        1, [line['sale_line_id'][0]])
    sale_line = admin('sale.order.line', 'read', [line['sale_line_id'][0]],
                      ['qty_delivered', 'qty_invoiced'])[0]
    assert (sale_line['qty_delivered'], sale_line['qty_invoiced']) == (1, 1)
    returns_location = s001['retail_returns_location_id'][0]
    quants = admin('stock.quant', 'search_read', [
        ('product_id', '=', product_id), ('location_id', '=', returns_location)],
        fields=['quantity'])
    assert sum(quant['quantity'] for quant in quants) == 1

    # clean up: the store manager restocks the returned unit
    manager = Client(odoo_server, 'store_manager')
    disposition_id = manager('retail.return.disposition', 'create', {
        'warehouse_id': s001['id'], 'product_id': product_id, 'quantity': 1,
        'disposition': 'restock', 'reason': 'Order return test %s' % RUN})
    manager('retail.return.disposition', 'action_apply', [disposition_id])

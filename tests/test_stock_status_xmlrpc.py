"""Available to sell and the oversell rule, through a real XML-RPC client."""
import xmlrpc.client

import pytest

pytestmark = pytest.mark.xmlrpc


@pytest.fixture
def admin(odoo_server):
    common = xmlrpc.client.ServerProxy(odoo_server.url + '/xmlrpc/2/common')
    uid = common.authenticate(odoo_server.database, 'admin', 'admin', {})
    models = xmlrpc.client.ServerProxy(odoo_server.url + '/xmlrpc/2/object', allow_none=True)

    def call(model, method, *args, **kwargs):
        return models.execute_kw(odoo_server.database, uid, 'admin', model, method,
                                 list(args), kwargs)
    return call


def test_marketplace_availability_and_oversell_refused(admin):
    """The Marketplace sells the DC's stock above its floor of 5; an order for more
    is refused over XML-RPC and stays a quotation, an order within it confirms."""
    channel_id = admin('retail.sales.channel', 'search', [('code', '=', 'MKT')])[0]
    team_id = admin('crm.team', 'search', [('retail_channel_id', '=', channel_id)])[0]
    dc_id = admin('stock.warehouse', 'search', [('code', '=', 'DC')])[0]
    product_ids = [row['product_id'][0] for row in admin(
        'retail.stock.balance', 'search_read', [('warehouse_id', '=', dc_id)],
        fields=['product_id'], order='available_to_sell_qty desc', limit=2)]
    answer = admin('retail.sales.channel', 'available_to_sell', [channel_id], product_ids)
    assert [row['product_id'] for row in answer] == product_ids
    available = answer[0]['qty']
    assert available > 1
    balance = admin('retail.stock.balance', 'search_read',
                    [('warehouse_id', '=', dc_id), ('product_id', '=', product_ids[0])],
                    fields=['available_to_sell_qty'])[0]
    assert available == balance['available_to_sell_qty'] - 5
    partner_id = admin('res.partner', 'create', {'name': 'Marketplace buyer'})

    def order(qty):
        return admin('sale.order', 'create', {
            'partner_id': partner_id, 'team_id': team_id, 'warehouse_id': dc_id,
            'order_line': [(0, 0, {'product_id': product_ids[0], 'product_uom_qty': qty})]})

    too_much = order(available + 1)
    with pytest.raises(xmlrpc.client.Fault) as error:
        admin('sale.order', 'action_confirm', [too_much])
    assert 'available to sell' in error.value.faultString
    assert admin('sale.order', 'read', [too_much], fields=['state'])[0]['state'] == 'draft'
    assert admin('stock.picking', 'search_count', [('sale_id', '=', too_much)]) == 0

    within = order(1)
    admin('sale.order', 'action_confirm', [within])
    assert admin('sale.order', 'read', [within], fields=['state'])[0]['state'] == 'sale'
    after = admin('retail.sales.channel', 'available_to_sell', [channel_id], product_ids[:1])
    assert after[0]['qty'] == available - 1

"""Master data approval holds over XML-RPC: with the company's setting on, a
new product cannot be bought, sold or counted until a data steward other than
its creator approves it, changes of its unit wait, replenishment parameters
wait, and nobody approves by writing. Cleans up: the setting goes back off."""
import xmlrpc.client

import pytest
from test_governance_xmlrpc import Client

pytestmark = pytest.mark.xmlrpc


@pytest.fixture(scope='module')
def approval_on(odoo_server):
    admin = Client(odoo_server, 'admin', 'admin')
    company_id = admin('res.users', 'read', [admin.uid], ['company_id'])[0]['company_id'][0]
    admin('res.company', 'write', [company_id], {'retail_master_data_approval': True})
    try:
        yield admin
    finally:
        admin('res.company', 'write', [company_id], {'retail_master_data_approval': False})


def _fault(call, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as error:
        call(*args, **kwargs)
    return error.value.faultString


def _request(client, model, res_id):
    return client('retail.master.data.change', 'search_read', [
        ('res_model', '=', model), ('res_id', '=', res_id), ('state', '=', 'pending')],
        fields=['name', 'requested_by_id', 'description', 'change_type'])


def test_new_product_waits_for_steward(odoo_server, approval_on):
    admin = approval_on
    retail_admin = Client(odoo_server, 'retail_admin')
    steward = Client(odoo_server, 'data_steward')
    planner = Client(odoo_server, 'planner')
    family_id = admin('product.category', 'search', [('name', '=', 'Fresh Food')])[0]
    template_id = retail_admin('product.template', 'create', {
        'name': 'XML-RPC Kombucha', 'type': 'product', 'categ_id': family_id,
        'default_code': 'XMLRPC-KOMBUCHA', 'standard_price': 1.0})
    product_id = admin('product.product', 'search', [('product_tmpl_id', '=', template_id)])[0]
    state = admin('product.template', 'read', [template_id], ['retail_approval_state'])
    assert state[0]['retail_approval_state'] == 'pending'
    [request] = _request(admin, 'product.template', template_id)
    assert request['change_type'] == 'create'
    assert request['requested_by_id'][0] == retail_admin.uid

    vendor_id = admin('res.partner', 'create', {'name': 'XML-RPC Kombucha Vendor',
                                                'supplier': True})
    customer_id = admin('res.partner', 'create', {'name': 'XML-RPC Kombucha Customer'})
    uom_id = admin('product.template', 'read', [template_id], ['uom_id'])[0]['uom_id'][0]
    po_line = {'product_id': product_id, 'name': 'Kombucha', 'product_qty': 10,
               'price_unit': 1.0, 'product_uom': uom_id, 'date_planned': '2026-12-01 00:00:00'}
    purchases = admin('purchase.order', 'search_count', [])
    assert 'cannot be bought' in _fault(admin, 'purchase.order', 'create', {
        'partner_id': vendor_id, 'order_line': [(0, 0, po_line)]})
    assert admin('purchase.order', 'search_count', []) == purchases
    assert 'cannot be sold' in _fault(admin, 'sale.order', 'create', {
        'partner_id': customer_id, 'order_line': [(0, 0, {
            'product_id': product_id, 'product_uom_qty': 1})]})

    # the creator (a steward too) and a planner cannot approve
    assert 'you requested it' in _fault(
        retail_admin, 'retail.master.data.change', 'action_approve', [request['id']])
    assert 'not yours' in _fault(
        planner, 'retail.master.data.change', 'action_approve', [request['id']])
    # nor does anybody approve by writing
    _fault(steward, 'retail.master.data.change', 'write', [request['id']], {'state': 'approved'})
    _fault(admin, 'product.template', 'write', [template_id], {'retail_approval_state': 'approved'})
    _fault(steward, 'retail.master.data.change', 'validate_tier', [request['id']])
    review_ids = admin('tier.review', 'search', [
        ('model', '=', 'retail.master.data.change'), ('res_id', '=', request['id'])])
    _fault(steward, 'tier.review', 'write', review_ids, {'status': 'approved'})
    state = admin('product.template', 'read', [template_id], ['retail_approval_state'])
    assert state[0]['retail_approval_state'] == 'pending'

    steward('retail.master.data.change', 'action_approve', [request['id']])
    state = admin('product.template', 'read', [template_id], ['retail_approval_state'])
    assert state[0]['retail_approval_state'] == 'approved'
    order_id = admin('purchase.order', 'create', {
        'partner_id': vendor_id, 'order_line': [(0, 0, po_line)]})
    assert order_id
    events = admin('retail.audit.log', 'search_read', [
        ('res_model', '=', 'retail.master.data.change'), ('res_id', '=', request['id'])],
        fields=['event_type', 'user_id'])
    assert {(e['event_type'], e['user_id'][0]) for e in events} == {
        ('master_data_requested', retail_admin.uid), ('master_data_approved', steward.uid)}
    admin('purchase.order', 'write', [order_id], {'state': 'cancel'})
    admin('purchase.order', 'unlink', [order_id])

    # a unit change now waits too; a unit of another category is refused at once
    dozen_id = admin('product.uom', 'search', [('name', '=', 'Dozen(s)')])[0]
    kg_id = admin('product.uom', 'search', [('name', '=', 'kg')])[0]
    _fault(retail_admin, 'product.template', 'write', [template_id], {'uom_id': kg_id})
    assert not _request(admin, 'product.template', template_id)
    retail_admin('product.template', 'write', [template_id],
                 {'uom_id': dozen_id, 'uom_po_id': dozen_id})
    assert admin('product.template', 'read', [template_id], ['uom_id'])[0]['uom_id'][0] == uom_id
    [change] = _request(admin, 'product.template', template_id)
    steward('retail.master.data.change', 'action_reject', [change['id']])
    assert admin('product.template', 'read', [template_id], ['uom_id'])[0]['uom_id'][0] == uom_id
    admin('product.template', 'write', [template_id], {'active': False})


def test_parameter_change_waits_for_steward(odoo_server, approval_on):
    admin = approval_on
    planner = Client(odoo_server, 'planner')
    steward = Client(odoo_server, 'data_steward')
    [cluster] = planner('retail.store.cluster', 'search_read', [('code', '=', 'SUB')],
                        fields=['lead_days', 'review_days'])
    planner('retail.store.cluster', 'write', [cluster['id']],
            {'review_days': cluster['review_days'] + 7})
    [after] = planner('retail.store.cluster', 'read', [cluster['id']], ['review_days'])
    assert after['review_days'] == cluster['review_days']
    [change] = _request(admin, 'retail.store.cluster', cluster['id'])
    assert change['requested_by_id'][0] == planner.uid
    assert 'you requested it' in _fault(
        planner, 'retail.master.data.change', 'action_reject', [change['id']])
    steward('retail.master.data.change', 'action_reject', [change['id']])
    [after] = planner('retail.store.cluster', 'read', [cluster['id']], ['review_days'])
    assert after['review_days'] == cluster['review_days']

"""Governance holds over XML-RPC: segregation of duties, per-store visibility,
the append-only audit trail. A real server; the data is committed, so each
test cleans up what it leaves in a state that could change other tests."""
import xmlrpc.client

import pytest

pytestmark = pytest.mark.xmlrpc

PASSWORD = 'retail'


class Client(object):
    def __init__(self, server, login, password=PASSWORD):
        common = xmlrpc.client.ServerProxy(server.url + '/xmlrpc/2/common', allow_none=True)
        self.db, self.password = server.database, password
        self.uid = common.authenticate(self.db, login, password, {})
        assert self.uid, login
        self.models = xmlrpc.client.ServerProxy(server.url + '/xmlrpc/2/object', allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method,
                                      list(args), kwargs)


def _warehouse(client, code):
    return client('stock.warehouse', 'search_read', [('code', '=', code)],
                  fields=['lot_stock_id'])[0]


@pytest.fixture(scope='module')
def adjustment_under_approval(odoo_server):
    """An adjustment of store S002 counted and submitted by the store manager,
    beyond a rule (1 unit) set by the inventory controller; withdrawn after."""
    controller = Client(odoo_server, 'inventory_controller')
    manager = Client(odoo_server, 'store_manager')
    s002 = _warehouse(controller, 'S002')
    location_id = s002['lot_stock_id'][0]
    rule_id = controller('retail.adjustment.rule', 'create', {
        'name': 'XML-RPC test S002', 'warehouse_ids': [(6, 0, [s002['id']])],
        'qty_threshold': 1, 'require_store_manager': True,
        'require_inventory_controller': True})
    product_id = controller('product.product', 'search', [('default_code', '=', 'SKU000001')])[0]
    reason_id = controller('retail.adjustment.reason', 'search', [('code', '=', 'DAMAGE')])[0]
    inventory_id = manager('stock.inventory', 'create', {
        'name': 'XML-RPC count S002', 'filter': 'partial', 'location_id': location_id})
    manager('stock.inventory', 'action_start', [inventory_id])
    line_id = manager('stock.inventory.line', 'create', {
        'inventory_id': inventory_id, 'product_id': product_id, 'location_id': location_id,
        'product_qty': 0, 'retail_reason_id': reason_id})
    theoretical = manager('stock.inventory.line', 'read', [line_id], ['theoretical_qty'])[0]
    manager('stock.inventory.line', 'write', [line_id], {
        'product_qty': theoretical['theoretical_qty'] + 50})
    manager('stock.inventory', 'action_request_approval', [inventory_id])
    yield {'inventory_id': inventory_id, 'location_id': location_id, 's002': s002['id']}
    # What action_cancel_draft does (it returns None, which XML-RPC cannot
    # marshal): back to draft without lines; the approvals are withdrawn.
    controller('stock.inventory', 'write', [inventory_id],
               {'line_ids': [(5,)], 'state': 'draft'})
    Client(odoo_server, 'retail_admin')('retail.adjustment.rule', 'unlink', [rule_id])


def test_self_approval_refused(odoo_server, adjustment_under_approval):
    """The store manager who counted and requested cannot approve over XML-RPC."""
    manager = Client(odoo_server, 'store_manager')
    inventory_id = adjustment_under_approval['inventory_id']
    with pytest.raises(xmlrpc.client.Fault) as error:
        manager('stock.inventory', 'validate_tier', [inventory_id])
    assert 'cannot approve' in error.value.faultString
    reviews = manager('tier.review', 'search_read',
                      [('model', '=', 'stock.inventory'), ('res_id', '=', inventory_id)],
                      fields=['status'])
    assert reviews and all(r['status'] == 'pending' for r in reviews)


def test_reviews_cannot_be_written(odoo_server, adjustment_under_approval):
    """Nobody approves by writing the review record over XML-RPC."""
    manager = Client(odoo_server, 'store_manager')
    review_ids = manager('tier.review', 'search', [
        ('model', '=', 'stock.inventory'),
        ('res_id', '=', adjustment_under_approval['inventory_id'])])
    with pytest.raises(xmlrpc.client.Fault):
        manager('tier.review', 'write', review_ids, {'status': 'approved'})


def test_unapproved_adjustment_not_validated(odoo_server, adjustment_under_approval):
    """Validating before the approvals is refused and posts nothing."""
    manager = Client(odoo_server, 'store_manager')
    inventory_id = adjustment_under_approval['inventory_id']
    with pytest.raises(xmlrpc.client.Fault):
        manager('stock.inventory', 'action_done', [inventory_id])
    assert manager('stock.inventory', 'read', [inventory_id], ['state'])[0]['state'] == 'confirm'


def test_clerk_cannot_reach_other_store(odoo_server, adjustment_under_approval):
    """The clerk of S001 reads and acts on nothing of S002: adjustments, quants, balances."""
    clerk = Client(odoo_server, 'store_clerk')
    inventory_id = adjustment_under_approval['inventory_id']
    location_id = adjustment_under_approval['location_id']
    assert clerk('stock.inventory', 'search', [('id', '=', inventory_id)]) == []
    with pytest.raises(xmlrpc.client.Fault) as error:
        clerk('stock.inventory', 'read', [inventory_id], ['name'])
    assert 'AccessError' in error.value.faultString or 'security' in error.value.faultString
    with pytest.raises(xmlrpc.client.Fault):
        clerk('stock.inventory', 'action_done', [inventory_id])
    assert clerk('stock.quant', 'search', [('location_id', '=', location_id)]) == []
    assert clerk('retail.stock.balance', 'search',
                 [('warehouse_id', '=', adjustment_under_approval['s002'])]) == []
    own = _warehouse(Client(odoo_server, 'inventory_controller'), 'S001')
    assert clerk('stock.quant', 'search', [('location_id', '=', own['lot_stock_id'][0])])


def test_audit_entries_immutable_for_admin(odoo_server, adjustment_under_approval):
    """The superuser can neither change nor delete audit entries over XML-RPC."""
    admin = Client(odoo_server, 'admin', 'admin')
    entry_ids = admin('retail.audit.log', 'search', [
        ('res_model', '=', 'stock.inventory'),
        ('res_id', '=', adjustment_under_approval['inventory_id'])])
    assert entry_ids
    with pytest.raises(xmlrpc.client.Fault):
        admin('retail.audit.log', 'write', entry_ids, {'note': 'rewritten'})
    with pytest.raises(xmlrpc.client.Fault):
        admin('retail.audit.log', 'unlink', entry_ids)
    with pytest.raises(xmlrpc.client.Fault):
        admin('retail.audit.log', 'create', {'event_type': 'scrap', 'user_id': 1,
                                             'company_id': 1})
    assert admin('retail.audit.log', 'search_count', [('id', 'in', entry_ids)]) == len(entry_ids)


def test_approvers_approve_in_order(odoo_server, adjustment_under_approval):
    """Other approvers approve over XML-RPC, the controller only after the store tier."""
    inventory_id = adjustment_under_approval['inventory_id']
    controller = Client(odoo_server, 'inventory_controller')
    with pytest.raises(xmlrpc.client.Fault):
        controller('stock.inventory', 'validate_tier', [inventory_id])
    assert Client(odoo_server, 'retail_admin')('stock.inventory', 'validate_tier',
                                               [inventory_id]) is True
    assert controller('stock.inventory', 'validate_tier', [inventory_id]) is True
    reviews = controller('tier.review', 'search_read',
                         [('model', '=', 'stock.inventory'), ('res_id', '=', inventory_id)],
                         fields=['status', 'done_by'], order='sequence')
    assert [r['status'] for r in reviews] == ['approved', 'approved']
    assert controller('stock.inventory', 'read', [inventory_id], ['validated'])[0]['validated']

"""Each role reaches the menus of its duties, and approvers approve, not create.

Over XML-RPC, as each demo role: the menus the web client would show
(``ir.ui.menu.load_menus``), the approval queue's views, and the create right
behind them. Finance approves adjustments from the Accounting app: it has no
Inventory app and no create right on adjustments, counts or scraps.
"""
import xmlrpc.client

import pytest
from test_governance_xmlrpc import Client

pytestmark = pytest.mark.xmlrpc

ROLES = ('store_clerk', 'store_manager', 'dc_operator', 'planner',
         'inventory_controller', 'finance_approver')

# menu: the roles that reach it (the other roles of ROLES do not).
MENUS = {
    'stock.menu_stock_root': {'store_clerk', 'store_manager', 'dc_operator', 'planner',
                              'inventory_controller'},
    'stock.menu_stock_config_settings': {'inventory_controller'},
    'retail_governance.menu_adjustments_to_approve': {'store_manager',
                                                      'inventory_controller'},
    'retail_governance.menu_finance_adjustments_to_approve': {'finance_approver'},
    'retail_governance.menu_finance_audit_log': {'finance_approver'},
    # Invoicing: finance; the controller through Odoo's own stock manager rights.
    'account.menu_finance': {'finance_approver', 'inventory_controller'},
    'purchase.menu_purchase_root': {'planner'},
}

QUEUE = 'retail_governance.stock_inventory_to_approve_action'


def _menu_ids(tree):
    ids = set()
    for child in tree.get('children', []):
        ids.add(child['id'])
        ids |= _menu_ids(child)
    return ids


@pytest.fixture(scope='module')
def admin(odoo_server):
    return Client(odoo_server, 'admin', 'admin')


def _ref(admin, xmlid):
    return admin('ir.model.data', 'xmlid_to_res_id', xmlid, True)


@pytest.mark.parametrize('role', ROLES)
def test_menus_follow_duties(odoo_server, admin, role):
    """A role reaches the menus of its duties and none of the others'."""
    shown = _menu_ids(Client(odoo_server, role)('ir.ui.menu', 'load_menus', False))
    reached = {xmlid for xmlid in MENUS if _ref(admin, xmlid) in shown}
    expected = {xmlid for xmlid, roles in MENUS.items() if role in roles}
    assert reached == expected


@pytest.mark.parametrize('role', ('store_manager', 'inventory_controller', 'finance_approver'))
def test_approval_queue_has_no_create_button(odoo_server, admin, role):
    """The views of the approval queue offer no Create (nor Delete) to its approvers."""
    user = Client(odoo_server, role)
    action = admin('ir.actions.act_window', 'read', [_ref(admin, QUEUE)], ['views'])[0]
    assert [mode for _view, mode in action['views']] == ['tree', 'form']
    for view_id, mode in action['views']:
        arch = user('stock.inventory', 'fields_view_get', view_id, mode)['arch']
        root = arch[:arch.index('>')]
        assert 'create="false"' in root and 'delete="false"' in root, (mode, root)


def test_finance_cannot_create_stock_documents(odoo_server, admin):
    """Finance approves adjustments but creates none, nor counts or scraps."""
    finance = Client(odoo_server, 'finance_approver')
    location_id = admin('stock.warehouse', 'search_read', [('code', '=', 'S001')],
                        fields=['lot_stock_id'])[0]['lot_stock_id'][0]
    with pytest.raises(xmlrpc.client.Fault) as error:
        finance('stock.inventory', 'create', {'name': 'Finance count', 'filter': 'none',
                                              'location_id': location_id})
    assert 'not allowed to create' in error.value.faultString
    for model in ('stock.inventory', 'stock.inventory.line', 'stock.scrap'):
        assert finance(model, 'check_access_rights', 'create', False) is False, model
    assert finance('stock.inventory', 'check_access_rights', 'read', False) is True
    assert finance('stock.inventory', 'search_count', [('location_id', '=', location_id)])


@pytest.mark.parametrize('role', ('store_clerk', 'store_manager', 'dc_operator', 'planner'))
def test_routing_rules_changed_by_stock_managers_only(odoo_server, admin, role):
    """Pull and push rules route the whole network: stock users cannot change them."""
    user = Client(odoo_server, role)
    controller = Client(odoo_server, 'inventory_controller')
    company_id = controller('res.users', 'read', [controller.uid], ['company_id'])[0][
        'company_id'][0]
    for model in ('procurement.rule', 'stock.location.path'):
        # A rule of the controller's company (other tests may leave other companies).
        record = admin(model, 'search_read', [('company_id', 'in', [False, company_id])],
                       fields=['name'], limit=1)
        if not record:
            continue
        with pytest.raises(xmlrpc.client.Fault) as error:
            user(model, 'write', [record[0]['id']], {'name': record[0]['name']})
        assert 'security restrictions' in error.value.faultString, model
        assert controller(model, 'write', [record[0]['id']], {'name': record[0]['name']})

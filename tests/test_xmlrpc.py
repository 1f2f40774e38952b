"""A real XML-RPC client against a real Odoo server on the test database."""
import xmlrpc.client

import pytest

pytestmark = pytest.mark.xmlrpc

PASSWORD = 'retail'


def _connect(server, login, password=PASSWORD):
    common = xmlrpc.client.ServerProxy(server.url + '/xmlrpc/2/common', allow_none=True)
    uid = common.authenticate(server.database, login, password, {})
    models = xmlrpc.client.ServerProxy(server.url + '/xmlrpc/2/object', allow_none=True)
    return uid, models


def test_server_reports_odoo_11(odoo_server):
    """The server speaks XML-RPC and is Odoo 11.0."""
    common = xmlrpc.client.ServerProxy(odoo_server.url + '/xmlrpc/2/common')
    assert common.version()['server_version_info'][:2] == [11, 0]


def test_dc_operator_reads_demo_warehouses(odoo_server):
    """The DC operator logs in over XML-RPC and reads the DC and the 35 stores."""
    uid, models = _connect(odoo_server, 'dc_operator')
    assert uid
    warehouses = models.execute_kw(
        odoo_server.database, uid, PASSWORD, 'stock.warehouse', 'search_read',
        [[]], {'fields': ['code', 'name', 'retail_cluster_id'], 'order': 'code'})
    codes = [w['code'] for w in warehouses]
    assert 'DC' in codes
    assert ['S%03d' % n for n in range(1, 36)] == [c for c in codes if c.startswith('S')]
    clusters = {w['retail_cluster_id'][1] for w in warehouses if w['retail_cluster_id']}
    assert clusters == {'Urban small format', 'Suburban large format', 'Outlet'}


def test_wrong_password_is_refused(odoo_server):
    """A wrong password gets no session, and calls with it are refused."""
    uid, models = _connect(odoo_server, 'dc_operator', 'not-the-password')
    assert uid is False
    with pytest.raises(xmlrpc.client.Fault) as error:
        models.execute_kw(odoo_server.database, 2, 'not-the-password',
                          'stock.warehouse', 'search_read', [[]], {'fields': ['code']})
    assert 'AccessDenied' in error.value.faultString or 'Access denied' in error.value.faultString


def test_store_clerk_cannot_create_warehouse(odoo_server):
    """Rights hold on the server: a store clerk's XML-RPC create is refused and nothing is made."""
    uid, models = _connect(odoo_server, 'store_clerk')
    with pytest.raises(xmlrpc.client.Fault) as error:
        models.execute_kw(odoo_server.database, uid, PASSWORD, 'stock.warehouse',
                          'create', [{'name': 'Rogue store', 'code': 'RGS'}])
    assert 'AccessError' in error.value.faultString or 'access' in error.value.faultString.lower()
    admin_uid, admin_models = _connect(odoo_server, 'admin', 'admin')
    assert admin_models.execute_kw(odoo_server.database, admin_uid, 'admin',
                                   'stock.warehouse', 'search_count',
                                   [[('code', '=', 'RGS')]]) == 0

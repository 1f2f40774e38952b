"""Two channels selling the same last units at the same moment (issue 14, item 5).

Two refusing channels of this run, each with its own sales team, both served by
the DC alone with no floor. A new product has exactly N units at the DC; each
channel has an order for all N. Two clients confirm the two orders at the same
moment on a server with worker processes (the requests really run at once, each
in its own transaction): one order is confirmed, the other refused with the
channel's oversell message, never both; the DC reserves N, not 2N; no
serialization failure reaches a client (the server retries the request). A few
rounds, each with a fresh product.

Twice: with the units in the DC's stock, and in a sellable zone of the DC
beside (not inside) its stock. In the DC's stock the two deliveries reserve the
same quant, which alone would make the second transaction fail to serialise;
in the zone beside it the deliveries reserve nothing, so only the channels'
allocation lock (``retail.sales.channel._lock_allocations``) keeps them apart: the
orders' demand is N, not 2N.

Cleans up: the orders are cancelled, the channels and teams archived (the
products and the zone stay, named by the run)."""
import os
import uuid
import xmlrpc.client

import pytest

from conftest import run_at_once
from test_governance_xmlrpc import Client
from test_reliability_xmlrpc import _picking, _warehouse

pytestmark = pytest.mark.xmlrpc

RUN = uuid.uuid4().hex[:6]
UNITS = 3
ROUNDS = 3
SERIALIZATION_TEXTS = ('could not serialize', 'serializ', 'concurrent update', 'deadlock')


@pytest.fixture(scope='module')
def admin(workers_server):
    return Client(workers_server, 'admin', 'admin')


@pytest.fixture(scope='module')
def dc(admin):
    return _warehouse(admin, 'DC')


@pytest.fixture(scope='module')
def channels(admin, dc):
    """Two refusing channels served by the DC only, no floor: [(id, name, team id)]."""
    created = []
    try:
        for tag in ('A', 'B'):
            name = 'Concurrency %s %s' % (tag, RUN)
            team_id = admin('crm.team', 'create', {'name': name})
            channel_id = admin('retail.sales.channel', 'create', {
                'name': name, 'code': 'CC%s-%s' % (tag, RUN), 'oversell_policy': 'refuse',
                'team_ids': [(6, 0, [team_id])],
                'warehouse_line_ids': [(0, 0, {
                    'warehouse_id': dc['id'], 'sequence': 1, 'floor_qty': 0,
                    'floor_percent': 0})]})
            created.append((channel_id, name, team_id))
        yield created
    finally:
        for channel_id, _name, team_id in created:
            admin('retail.sales.channel', 'write', [channel_id], {'active': False})
            admin('crm.team', 'write', [team_id], {'active': False})


@pytest.fixture
def orders(admin):
    """Orders a test made, cancelled after it (their reservations freed)."""
    order_ids = []
    yield order_ids
    if order_ids:
        admin('sale.order', 'action_cancel', order_ids)


@pytest.fixture(scope='module')
def overflow(admin, dc):
    """A sellable zone of the DC beside (not inside) its stock location."""
    view_id = admin('stock.warehouse', 'read', [dc['id']], ['view_location_id'])[0][
        'view_location_id'][0]
    return admin('stock.location', 'create', {
        'name': 'Concurrency overflow %s' % RUN, 'usage': 'internal', 'location_id': view_id})


def _product_at_dc(admin, dc, location_id, tag):
    """A new product with exactly UNITS units at the DC, in ``location_id`` (a
    validated receipt)."""
    product_id = admin('product.product', 'create', {
        'name': 'Concurrency %s %s' % (tag, RUN), 'default_code': 'CC-%s-%s' % (tag, RUN),
        'type': 'product', 'list_price': 10})
    suppliers = admin('ir.model.data', 'xmlid_to_res_id', 'stock.stock_location_suppliers')
    receipt = _picking(admin, dc['in_type_id'][0], suppliers, location_id, product_id,
                       UNITS)
    admin('stock.picking', 'action_done', [receipt])
    return product_id


def _order(admin, team_id, dc, product_id):
    partner_id = admin('res.partner', 'create', {'name': 'Concurrency buyer %s' % RUN})
    return admin('sale.order', 'create', {
        'partner_id': partner_id, 'team_id': team_id, 'warehouse_id': dc['id'],
        'order_line': [(0, 0, {'product_id': product_id, 'product_uom_qty': UNITS})]})


def _available(admin, channel_id, product_id):
    return admin('retail.sales.channel', 'available_to_sell', [channel_id],
                 [product_id])[0]['qty']


def _procured(admin, order_id):
    """(demand, reserved) of the order's open moves."""
    moves = admin('stock.move', 'search_read', [
        ('sale_line_id.order_id', '=', order_id), ('state', '!=', 'cancel')],
        fields=['product_uom_qty', 'reserved_availability'])
    return (sum(m['product_uom_qty'] for m in moves),
            sum(m['reserved_availability'] for m in moves))


def _reserved_at(admin, warehouse, product_id):
    [balance] = admin('retail.stock.balance', 'search_read', [
        ('warehouse_id', '=', warehouse['id']), ('product_id', '=', product_id)],
        fields=['reserved_qty'])
    return balance['reserved_qty']


def _confirm_at_once(server, order_ids):
    """Each order confirmed by its own client from its own thread, released together."""
    clients = [Client(server, 'admin', 'admin') for _order_id in order_ids]
    return run_at_once([
        lambda client=client, order_id=order_id: client(
            'sale.order', 'action_confirm', [order_id])
        for client, order_id in zip(clients, order_ids)], timeout=120)


@pytest.mark.parametrize('place', ['stock', 'beside_stock'])
def test_two_channels_never_both_take_the_last_units(admin, workers_server, dc, overflow,
                                                     channels, orders, place):
    """Orders of two channels for the same last N units, confirmed at the same
    moment: exactly one is confirmed, the other refused clearly; N procured
    (and reserved, from the DC's stock), not 2N."""
    location_id = dc['lot_stock_id'][0] if place == 'stock' else overflow
    reserved = UNITS if place == 'stock' else 0
    overlapped = 0
    for round_no in range(ROUNDS):
        product_id = _product_at_dc(admin, dc, location_id, '%s %s' % (place, round_no))
        for channel_id, _name, _team in channels:
            assert _available(admin, channel_id, product_id) == UNITS
        # Who goes first changes with the round.
        pair = channels if round_no % 2 == 0 else channels[::-1]
        round_orders = [_order(admin, team_id, dc, product_id) for _c, _n, team_id in pair]
        orders.extend(round_orders)
        log_offset = os.path.getsize(workers_server.logfile)
        results = _confirm_at_once(workers_server, round_orders)
        with open(workers_server.logfile) as log:
            log.seek(log_offset)
            overlapped += 'SERIALIZATION_FAILURE, retry' in log.read()
        faults = [r.faultString for r in results if isinstance(r, xmlrpc.client.Fault)]
        assert not any(text in fault.lower() for fault in faults
                       for text in SERIALIZATION_TEXTS), faults
        states = [o['state'] for o in admin('sale.order', 'read', round_orders, ['state'])]
        procured = [_procured(admin, order_id) for order_id in round_orders]
        assert sorted(states) == ['draft', 'sale'], (round_no, results, states, procured)
        won, lost = states.index('sale'), states.index('draft')
        assert results[won] is True, results
        assert isinstance(results[lost], xmlrpc.client.Fault), results
        order_name = admin('sale.order', 'read', [round_orders[lost]], ['name'])[0]['name']
        assert 'Cannot confirm %s: it asks for %s' % (order_name, float(UNITS)) in \
            results[lost].faultString, results[lost].faultString
        assert 'but channel %s has only 0.0 available to sell' % pair[lost][1] in \
            results[lost].faultString, results[lost].faultString
        assert procured[won] == (UNITS, reserved), procured
        assert procured[lost] == (0, 0), procured
        assert _reserved_at(admin, dc, product_id) == reserved
        for channel_id, _name, _team in channels:
            assert _available(admin, channel_id, product_id) == 0
    # At least one round's two transactions overlapped (the second failed to
    # serialise and the server retried it): else the test proved nothing.
    assert overlapped, 'no round overlapped'

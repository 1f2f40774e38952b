"""Governance hardening over XML-RPC (issue 10, defects 4, 5, 6 and 12): split
adjustments add up, exceptions keep the system's facts, the admin login gives
reasons too, cycle counts keep vendor stock under its owner and answer what
XML-RPC can carry. A real server; every test puts back what it changed."""
import xmlrpc.client
from datetime import datetime, timedelta

import pytest

from test_governance_xmlrpc import Client

pytestmark = pytest.mark.xmlrpc


def _warehouse(client, code):
    return client('stock.warehouse', 'search_read', [('code', '=', code)],
                  fields=['lot_stock_id', 'cycle_count_planning_horizon',
                          'cycle_count_rule_ids'])[0]


def _reason(client, code='DAMAGE'):
    return client('retail.adjustment.reason', 'search', [('code', '=', code)])[0]


def _stocked_product(client, location_id, min_qty, fresh=False):
    """A product with at least ``min_qty`` company-owned units at the location
    and no count in progress there; ``fresh``: nor any adjustment or scrap
    there within a rule's window (the 7 days of the test rule)."""
    busy = {line['product_id'][0] for line in client(
        'stock.inventory.line', 'search_read',
        [('location_id', '=', location_id), ('inventory_id.state', '=', 'confirm')],
        fields=['product_id'])}
    if fresh:
        since = (datetime.utcnow() - timedelta(days=8)).strftime('%Y-%m-%d %H:%M:%S')
        busy |= {move['product_id'][0] for move in client('stock.move', 'search_read', [
            ('date', '>=', since), '|', ('inventory_id', '!=', False),
            ('scrapped', '=', True), '|', ('location_id', '=', location_id),
            ('location_dest_id', '=', location_id)], fields=['product_id'])}
    quants = client('stock.quant', 'search_read', [
        ('location_id', '=', location_id), ('owner_id', '=', False),
        ('lot_id', '=', False), ('package_id', '=', False),
        ('quantity', '>=', min_qty)], fields=['product_id', 'quantity'],
        order='product_id desc')
    quant = next(q for q in quants if q['product_id'][0] not in busy)
    return quant['product_id'][0], quant['quantity']


def _count(client, location_id, product_id, qty, reason_id=False, name='XML-RPC count'):
    """An adjustment in progress counting ``qty`` of the product; its id."""
    inventory_id = client('stock.inventory', 'create', {
        'name': name, 'filter': 'partial', 'location_id': location_id})
    client('stock.inventory', 'action_start', [inventory_id])
    client('stock.inventory.line', 'create', {
        'inventory_id': inventory_id, 'product_id': product_id,
        'location_id': location_id, 'product_qty': qty, 'retail_reason_id': reason_id})
    return inventory_id


def _state(client, model, record_id):
    return client(model, 'read', [record_id], ['state'])[0]['state']


@pytest.fixture
def window_rule(odoo_server):
    """A 10-unit tolerance (only) on S003 with a 7-day window, set by the controller."""
    controller = Client(odoo_server, 'inventory_controller')
    s003 = _warehouse(controller, 'S003')
    rule_id = controller('retail.adjustment.rule', 'create', {
        'name': 'XML-RPC window S003', 'warehouse_ids': [(6, 0, [s003['id']])],
        'qty_threshold': 10, 'value_threshold': 0, 'percent_threshold': 0,
        'window_days': 7, 'require_store_manager': True,
        'require_inventory_controller': True})
    # Only this rule judges S003 meanwhile: the demo's own store rules are set aside.
    others = controller('retail.adjustment.rule', 'search', [('id', '!=', rule_id)])
    controller('retail.adjustment.rule', 'write', others, {'active': False})
    yield {'rule_id': rule_id, 'location_id': s003['lot_stock_id'][0]}
    controller('retail.adjustment.rule', 'write', others, {'active': True})
    Client(odoo_server, 'retail_admin')('retail.adjustment.rule', 'unlink', [rule_id])


def test_split_adjustments_add_up(odoo_server, window_rule):
    """Two 9-unit adjustments under a 10-unit tolerance: the second needs approval."""
    manager = Client(odoo_server, 'store_manager')
    admin = Client(odoo_server, 'admin', 'admin')
    location_id = window_rule['location_id']
    reason_id = _reason(manager)
    product_id, on_hand = _stocked_product(manager, location_id, 20, fresh=True)
    first = _count(manager, location_id, product_id, on_hand - 9, reason_id)
    assert manager('stock.inventory', 'action_done', [first]) is True
    second = _count(manager, location_id, product_id, on_hand - 18, reason_id)
    try:
        line = manager('stock.inventory.line', 'search_read', [('inventory_id', '=', second)],
                       fields=['retail_window_qty', 'retail_over_rule'])[0]
        assert line['retail_window_qty'] == 9
        assert line['retail_over_rule'] is True
        with pytest.raises(xmlrpc.client.Fault) as error:
            manager('stock.inventory', 'action_done', [second])
        assert 'tolerance' in error.value.faultString
        assert _state(manager, 'stock.inventory', second) == 'confirm'
    finally:
        # What was counted is withdrawn (a controller deletes count lines),
        # and the 9 units are put back without the window (the fixture
        # removes the rule after this).
        controller = Client(odoo_server, 'inventory_controller')
        assert controller('stock.inventory', 'action_cancel_draft', [second]) is True
        controller('stock.inventory', 'unlink', [second])
        Client(odoo_server, 'retail_admin')('retail.adjustment.rule', 'write',
                                            [window_rule['rule_id']], {'window_days': 0})
        back = _count(admin, location_id, product_id, on_hand,
                      _reason(admin, 'COUNT'), 'XML-RPC count back')
        assert admin('stock.inventory', 'action_done', [back]) is True


def test_moves_not_posted_before_validation(odoo_server, window_rule):
    """Generating and posting an unapproved adjustment's moves over XML-RPC moves no stock."""
    manager = Client(odoo_server, 'store_manager')
    location_id = window_rule['location_id']
    product_id, on_hand = _stocked_product(manager, location_id, 20)
    inventory_id = _count(manager, location_id, product_id, on_hand - 15, _reason(manager))
    try:
        assert manager('stock.inventory', 'action_check', [inventory_id]) is True
        with pytest.raises(xmlrpc.client.Fault) as error:
            manager('stock.inventory', 'post_inventory', [inventory_id])
        assert 'not validated' in error.value.faultString
        assert sum(q['quantity'] for q in manager('stock.quant', 'search_read', [
            ('location_id', '=', location_id), ('product_id', '=', product_id),
            ('owner_id', '=', False)], fields=['quantity'])) == on_hand
    finally:
        controller = Client(odoo_server, 'inventory_controller')
        assert controller('stock.inventory', 'action_cancel_draft', [inventory_id]) is True
        controller('stock.inventory', 'unlink', [inventory_id])


def test_requester_not_rewritten(odoo_server, window_rule):
    """Who requested an approval cannot be rewritten over XML-RPC to approve one's own request."""
    manager = Client(odoo_server, 'store_manager')
    location_id = window_rule['location_id']
    product_id, on_hand = _stocked_product(manager, location_id, 20)
    inventory_id = _count(manager, location_id, product_id, on_hand - 15, _reason(manager))
    try:
        assert manager('stock.inventory', 'action_request_approval', [inventory_id]) is True
        with pytest.raises(xmlrpc.client.Fault):
            manager('stock.inventory', 'write', [inventory_id],
                    {'retail_requested_by_id': False})
        requested = manager('stock.inventory', 'read', [inventory_id],
                            ['retail_requested_by_id'])[0]['retail_requested_by_id']
        assert requested and requested[0] == manager.uid
    finally:
        controller = Client(odoo_server, 'inventory_controller')
        assert controller('stock.inventory', 'action_cancel_draft', [inventory_id]) is True
        controller('stock.inventory', 'unlink', [inventory_id])


def test_admin_login_gives_reasons(odoo_server):
    """The admin login validates no difference and scraps nothing without a reason code."""
    admin = Client(odoo_server, 'admin', 'admin')
    location_id = _warehouse(admin, 'S003')['lot_stock_id'][0]
    product_id, on_hand = _stocked_product(admin, location_id, 5)
    inventory_id = _count(admin, location_id, product_id, on_hand - 1)
    try:
        with pytest.raises(xmlrpc.client.Fault) as error:
            admin('stock.inventory', 'action_done', [inventory_id])
        assert 'reason' in error.value.faultString
        with pytest.raises(xmlrpc.client.Fault):
            admin('stock.inventory', 'action_done', [inventory_id],
                  context={'install_mode': True, 'module': 'retail_demo'})
        assert _state(admin, 'stock.inventory', inventory_id) == 'confirm'
    finally:
        assert admin('stock.inventory', 'action_cancel_draft', [inventory_id]) is True
        admin('stock.inventory', 'unlink', [inventory_id])
    scrap_id = admin('stock.scrap', 'create', {
        'product_id': product_id, 'scrap_qty': 1, 'location_id': location_id,
        'product_uom_id': admin('product.product', 'read', [product_id],
                                ['uom_id'])[0]['uom_id'][0]})
    with pytest.raises(xmlrpc.client.Fault) as error:
        admin('stock.scrap', 'do_scrap', [scrap_id])
    assert 'reason' in error.value.faultString
    assert _state(admin, 'stock.scrap', scrap_id) == 'draft'
    admin('stock.scrap', 'unlink', [scrap_id])


def test_exception_facts_and_states_locked(odoo_server):
    """A clerk neither creates system exceptions nor zeroes a value while resolving."""
    clerk = Client(odoo_server, 'store_clerk')
    location_id = _warehouse(Client(odoo_server, 'inventory_controller'),
                             'S001')['lot_stock_id'][0]
    with pytest.raises(xmlrpc.client.Fault) as error:
        clerk('retail.exception', 'create', {
            'exception_type': 'receipt_discrepancy', 'location_id': location_id,
            'value': 0})
    assert 'system' in error.value.faultString
    exception_id = clerk('retail.exception', 'create', {
        'exception_type': 'staff_report', 'location_id': location_id, 'value': 900,
        'description': 'XML-RPC: pallet of jackets missing from the back room'})
    try:
        with pytest.raises(xmlrpc.client.Fault):
            clerk('retail.exception', 'write', [exception_id],
                  {'value': 0, 'state': 'resolved', 'resolution_note': 'found'})
        with pytest.raises(xmlrpc.client.Fault):
            clerk('retail.exception', 'write', [exception_id], {'state': 'resolved'})
        clerk('retail.exception', 'write', [exception_id], {'resolution_note': 'found'})
        with pytest.raises(xmlrpc.client.Fault) as error:
            clerk('retail.exception', 'action_resolve', [exception_id])
        assert 'evidence' in error.value.faultString
        exception = clerk('retail.exception', 'read', [exception_id], ['state', 'value'])[0]
        assert (exception['state'], exception['value']) == ('open', 900)
    finally:
        assert clerk('retail.exception', 'action_cancel', [exception_id]) is True


@pytest.fixture
def consigned_count(odoo_server):
    """S035 set to count its high-risk SKUs, with 5 units of one of them
    consigned by a vendor; the settings and the vendor stock are put back."""
    admin = Client(odoo_server, 'admin', 'admin')
    s035 = _warehouse(admin, 'S035')
    location_id = s035['lot_stock_id'][0]
    rule_id = admin('stock.cycle.count.rule', 'create', {
        'name': 'XML-RPC high risk S035', 'rule_type': 'retail_risk',
        'retail_max_products': 3, 'warehouse_ids': [(6, 0, [s035['id']])]})
    admin('stock.warehouse', 'write', [s035['id']], {
        'cycle_count_planning_horizon': 10, 'cycle_count_rule_ids': [(4, rule_id)]})
    vendor_id = admin('res.partner', 'create', {'name': 'XML-RPC Consignor'})
    data = {'s035': s035, 'location_id': location_id, 'vendor_id': vendor_id,
            'rule_id': rule_id, 'admin': admin}
    yield data
    counts = admin('stock.cycle.count', 'search', [
        ('cycle_count_rule_id', '=', rule_id), ('state', '=', 'draft')])
    admin('stock.cycle.count', 'do_cancel', counts)
    admin('stock.warehouse', 'write', [s035['id']], {
        'cycle_count_planning_horizon': s035['cycle_count_planning_horizon'],
        'cycle_count_rule_ids': [(6, 0, s035['cycle_count_rule_ids'])]})
    if data.get('product_id'):
        _move_consigned(admin, s035, data['product_id'], vendor_id, out=True)
    admin('stock.cycle.count.rule', 'write', [rule_id], {'active': False})


def _move_consigned(admin, warehouse, product_id, vendor_id, out=False):
    """5 units owned by the vendor received at (or sent back from) the store:
    a transfer done at once, with the owner on its line."""
    supplier_id = admin('stock.location', 'search', [('usage', '=', 'supplier')], limit=1)[0]
    stock_id = warehouse['lot_stock_id'][0]
    source, dest = (stock_id, supplier_id) if out else (supplier_id, stock_id)
    type_field = 'out_type_id' if out else 'in_type_id'
    picking_type_id = admin('stock.warehouse', 'read', [warehouse['id']],
                            [type_field])[0][type_field][0]
    uom_id = admin('product.product', 'read', [product_id], ['uom_id'])[0]['uom_id'][0]
    picking_id = admin('stock.picking', 'create', {
        'picking_type_id': picking_type_id, 'location_id': source,
        'location_dest_id': dest, 'owner_id': vendor_id, 'partner_id': vendor_id,
        'move_lines': [(0, 0, {
            'name': 'XML-RPC consignment', 'product_id': product_id,
            'product_uom': uom_id, 'product_uom_qty': 5, 'location_id': source,
            'location_dest_id': dest, 'restrict_partner_id': vendor_id})]})
    admin('stock.picking', 'action_confirm', [picking_id])
    move_id = admin('stock.move', 'search', [('picking_id', '=', picking_id)])[0]
    admin('stock.move.line', 'create', {
        'move_id': move_id, 'picking_id': picking_id, 'product_id': product_id,
        'product_uom_id': uom_id, 'location_id': source, 'location_dest_id': dest,
        'qty_done': 5, 'owner_id': vendor_id})
    assert admin('stock.picking', 'action_done', [picking_id]) is True


def _on_hand_by_owner(client, location_id, product_id):
    quants = client('stock.quant', 'search_read', [
        ('location_id', '=', location_id), ('product_id', '=', product_id)],
        fields=['owner_id', 'quantity'])
    totals = {}
    for quant in quants:
        owner = quant['owner_id'] and quant['owner_id'][0]
        totals[owner] = totals.get(owner, 0) + quant['quantity']
    return totals


def test_cycle_count_keeps_vendor_stock(odoo_server, consigned_count):
    """Computing counts answers True; an untouched count of consigned units changes nothing."""
    controller = Client(odoo_server, 'inventory_controller')
    admin = consigned_count['admin']
    location_id = consigned_count['location_id']
    assert controller('stock.warehouse', 'action_compute_cycle_count_rules',
                      [consigned_count['s035']['id']]) is True
    count = controller('stock.cycle.count', 'search_read', [
        ('cycle_count_rule_id', '=', consigned_count['rule_id']),
        ('location_id', '=', location_id), ('state', '=', 'draft')],
        fields=['retail_product_ids'])
    assert len(count) == 1 and count[0]['retail_product_ids']
    product_id = count[0]['retail_product_ids'][0]
    _move_consigned(admin, consigned_count['s035'], product_id, consigned_count['vendor_id'])
    consigned_count['product_id'] = product_id
    before = _on_hand_by_owner(controller, location_id, product_id)
    assert before[consigned_count['vendor_id']] == 5
    assert controller('stock.cycle.count', 'action_create_inventory_adjustment',
                      [count[0]['id']]) is True
    inventory_id = controller('stock.inventory', 'search', [
        ('cycle_count_id', '=', count[0]['id'])])[0]
    controller('stock.inventory', 'action_start', [inventory_id])
    lines = controller('stock.inventory.line', 'search_read', [
        ('inventory_id', '=', inventory_id), ('product_id', '=', product_id)],
        fields=['partner_id', 'product_qty', 'theoretical_qty'])
    assert sorted((l['partner_id'] and l['partner_id'][0], l['product_qty'], l['theoretical_qty'])
                  for l in lines) == sorted(
        [(False, before[False], before[False]), (consigned_count['vendor_id'], 5, 5)])
    assert controller('stock.inventory', 'action_done', [inventory_id]) is True
    assert _on_hand_by_owner(controller, location_id, product_id) == before


def test_admin_login_cannot_forge_a_run(odoo_server):
    """The admin login sets a replenishment run's scope only, like everyone."""
    admin = Client(odoo_server, 'admin', 'admin')
    with pytest.raises(xmlrpc.client.Fault) as error:
        admin('retail.replenishment.run', 'create', {'state': 'done', 'picking_count': 99})
    assert 'scope' in error.value.faultString
    assert not admin('retail.replenishment.run', 'search', [('picking_count', '=', 99)])


def test_done_moves_not_rewritten(odoo_server):
    """A clerk cannot change stock by rewriting a done move line of the store over XML-RPC."""
    clerk = Client(odoo_server, 'store_clerk')
    location_id = _warehouse(Client(odoo_server, 'inventory_controller'),
                             'S001')['lot_stock_id'][0]
    line = clerk('stock.move.line', 'search_read', [
        ('state', '=', 'done'), ('location_dest_id', '=', location_id),
        ('owner_id', '=', False), ('lot_id', '=', False)],
        fields=['product_id', 'qty_done'], limit=1)[0]
    on_hand = _on_hand_by_owner(clerk, location_id, line['product_id'][0])
    with pytest.raises(xmlrpc.client.Fault) as error:
        clerk('stock.move.line', 'write', [line['id']], {'qty_done': line['qty_done'] + 50})
    assert 'moved already' in error.value.faultString
    assert _on_hand_by_owner(clerk, location_id, line['product_id'][0]) == on_hand

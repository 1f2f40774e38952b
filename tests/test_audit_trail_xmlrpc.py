"""The audit trail over XML-RPC names who acted and belongs to their store.

A store clerk of S001 moves a few units into quarantine with the Change Stock
Status wizard, and the store manager (S001-S003, a quality inspector) releases
them with an inspection, which runs its transfer under sudo(). Every entry of
both names the real user, not the superuser, and carries the warehouse S001,
so the store's people read them and nobody of another store does. The stock
ends where it started; the entries stay (the trail is append-only).
A short receipt of a DC shipment leaves one transfer discrepancy of S001 (its
missing unit received later), as a real one would.
"""
import pytest
from test_governance_xmlrpc import Client

pytestmark = pytest.mark.xmlrpc

QTY = 2


def _entries(client, model, ids):
    return client('retail.audit.log', 'search_read',
                  [('res_model', '=', model), ('res_id', 'in', ids)],
                  fields=['event_type', 'user_id', 'warehouse_id'])


@pytest.fixture(scope='module')
def quarantine_round_trip(odoo_server):
    admin = Client(odoo_server, 'admin', 'admin')
    clerk, manager = Client(odoo_server, 'store_clerk'), Client(odoo_server, 'store_manager')
    wh = admin('stock.warehouse', 'search_read', [('code', '=', 'S001')], fields=[
        'lot_stock_id', 'retail_quarantine_location_id'])[0]
    stock_id = wh['lot_stock_id'][0]
    quarantine_id = wh['retail_quarantine_location_id'][0]
    quant = admin('stock.quant', 'search_read', [
        ('location_id', '=', stock_id), ('quantity', '>=', QTY + 2),
        ('reserved_quantity', '=', 0)], fields=['product_id'], order='product_id desc',
        limit=1)[0]
    product_id = quant['product_id'][0]
    wizard_id = clerk('retail.status.change', 'create', {
        'warehouse_id': wh['id'], 'product_id': product_id, 'location_id': stock_id,
        'location_dest_id': quarantine_id, 'quantity': QTY,
        'reason': 'Audit trail test: packaging suspect'})
    hold_picking_id = clerk('retail.status.change', 'action_apply', [wizard_id])['res_id']
    inspection_id = manager('retail.quality.inspection', 'create', {
        'warehouse_id': wh['id'], 'location_id': quarantine_id,
        'line_ids': [(0, 0, {'product_id': product_id, 'passed_qty': QTY})]})
    manager('retail.quality.inspection', 'action_done', [inspection_id])
    release_picking_ids = admin('retail.quality.inspection', 'read', [inspection_id],
                                ['picking_ids'])[0]['picking_ids']
    return {
        'admin': admin, 'clerk': clerk, 'manager': manager, 'warehouse_id': wh['id'],
        'hold_picking_id': hold_picking_id, 'release_picking_ids': release_picking_ids,
    }


def _moves(admin, picking_ids):
    return admin('stock.move', 'search', [('picking_id', 'in', picking_ids)])


def test_inspection_entries_name_the_inspector(quarantine_round_trip):
    """The entries of an inspection's release (run under sudo) name the inspector."""
    trip = quarantine_round_trip
    admin, pickings = trip['admin'], trip['release_picking_ids']
    assert pickings
    entries = (_entries(admin, 'stock.picking', pickings)
               + _entries(admin, 'stock.move', _moves(admin, pickings)))
    assert {e['event_type'] for e in entries} == {'transfer_validated', 'status_move'}
    assert {e['user_id'][0] for e in entries} == {trip['manager'].uid}


def test_status_change_entries_name_the_clerk(quarantine_round_trip):
    """The entries of a status change name the clerk who made it."""
    trip = quarantine_round_trip
    admin, pickings = trip['admin'], [trip['hold_picking_id']]
    entries = (_entries(admin, 'stock.picking', pickings)
               + _entries(admin, 'stock.move', _moves(admin, pickings)))
    assert {e['event_type'] for e in entries} == {'transfer_validated', 'status_move'}
    assert {e['user_id'][0] for e in entries} == {trip['clerk'].uid}


def test_status_move_entries_carry_the_warehouse(quarantine_round_trip):
    """Every entry of the status moves and their transfers carries the store's warehouse."""
    trip = quarantine_round_trip
    admin = trip['admin']
    pickings = [trip['hold_picking_id']] + trip['release_picking_ids']
    entries = (_entries(admin, 'stock.picking', pickings)
               + _entries(admin, 'stock.move', _moves(admin, pickings)))
    assert len(entries) >= 4
    assert {e['warehouse_id'] and e['warehouse_id'][0] for e in entries} == {
        trip['warehouse_id']}


def test_store_people_read_their_status_moves(quarantine_round_trip):
    """The store manager and the clerk of the store read its status-move entries."""
    trip = quarantine_round_trip
    moves = _moves(trip['admin'], [trip['hold_picking_id']] + trip['release_picking_ids'])
    expected = sorted(e['id'] for e in trip['admin']('retail.audit.log', 'search_read', [
        ('res_model', '=', 'stock.move'), ('res_id', 'in', moves),
        ('event_type', '=', 'status_move')], fields=['id']))
    assert len(expected) == len(moves)
    for user in (trip['manager'], trip['clerk']):
        found = user('retail.audit.log', 'search', [
            ('res_model', '=', 'stock.move'), ('res_id', 'in', moves),
            ('event_type', '=', 'status_move')])
        assert sorted(found) == expected


def _in_transit(admin, transit_id, product_id):
    return sum(q['quantity'] for q in admin('stock.quant', 'search_read', [
        ('location_id', '=', transit_id), ('product_id', '=', product_id)],
        fields=['quantity']))


def test_discrepancy_exception_names_the_receiver(odoo_server):
    """The discrepancy a short receipt raises (under sudo) is audited in the clerk's name."""
    admin = Client(odoo_server, 'admin', 'admin')
    clerk, dc_operator = Client(odoo_server, 'store_clerk'), Client(odoo_server, 'dc_operator')
    store, dc = (admin('stock.warehouse', 'search_read', [('code', '=', code)], fields=[
        'lot_stock_id', 'in_type_id', 'out_type_id', 'company_id'])[0] for code in ('S001', 'DC'))
    transit_id = admin('res.company', 'read', [dc['company_id'][0]],
                       ['internal_transit_location_id'])[0]['internal_transit_location_id'][0]
    product_id = admin('stock.quant', 'search_read', [
        ('location_id', '=', dc['lot_stock_id'][0]), ('quantity', '>=', 10),
        ('reserved_quantity', '=', 0)], fields=['product_id'], order='product_id desc',
        limit=1)[0]['product_id'][0]
    uom_id = admin('product.product', 'read', [product_id], ['uom_id'])[0]['uom_id'][0]

    def picking(type_id, location_id, dest_id, **move):
        return admin('stock.picking', 'create', {
            'picking_type_id': type_id, 'location_id': location_id, 'location_dest_id': dest_id,
            'move_lines': [(0, 0, dict(
                name='Audit trail test', product_id=product_id, product_uom=uom_id,
                product_uom_qty=3, location_id=location_id, location_dest_id=dest_id,
                **move))]})

    in_transit = _in_transit(admin, transit_id, product_id)
    receipt_id = picking(store['in_type_id'][0], transit_id, store['lot_stock_id'][0])
    receipt_move = admin('stock.move', 'search', [('picking_id', '=', receipt_id)])
    shipment_id = picking(dc['out_type_id'][0], dc['lot_stock_id'][0], transit_id,
                          move_dest_ids=[(6, 0, receipt_move)])
    admin('stock.picking', 'action_confirm', [receipt_id, shipment_id])
    for user, picking_id, qty in ((dc_operator, shipment_id, 3), (clerk, receipt_id, 2)):
        user('stock.picking', 'action_assign', [picking_id])
        line_ids = user('stock.move.line', 'search', [('picking_id', '=', picking_id)])
        user('stock.move.line', 'write', line_ids, {'qty_done': qty})
        user('stock.picking', 'action_done', [picking_id])
    exceptions = admin('retail.exception', 'search', [
        ('exception_type', '=', 'transfer_discrepancy'), ('warehouse_id', '=', store['id']),
        ('source_model', '=', 'retail.transfer')], order='id desc', limit=1)
    entries = _entries(admin, 'retail.exception', exceptions)
    raised = [e for e in entries if e['event_type'] == 'exception_raised']
    assert raised and {e['user_id'][0] for e in raised} == {clerk.uid}
    # The missing unit turns up: the clerk receives the backorder, nothing stays in transit.
    for backorder_id in admin('stock.picking', 'search', [('backorder_id', '=', receipt_id)]):
        clerk('stock.picking', 'action_assign', [backorder_id])
        line_ids = clerk('stock.move.line', 'search', [('picking_id', '=', backorder_id)])
        clerk('stock.move.line', 'write', line_ids, {'qty_done': 1})
        clerk('stock.picking', 'action_done', [backorder_id])
    assert _in_transit(admin, transit_id, product_id) == in_transit

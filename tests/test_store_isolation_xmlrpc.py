"""No store sees another over XML-RPC.

As each demo role that works in stores only (the clerk of S001, the manager of
S001-S003), a real XML-RPC client reads store S010's records of every model a
store role can reach through search, read (ids the administrator found),
read_group, name_search and export_data, and finds nothing; the same calls find
the role's own store's records (so the test can fail). Product quantities in
S010's context are the other way in: they reveal nothing either. The records
the fixture adds (draft documents, reordering rules) are removed after; the
audit entries they leave belong to S010 and S001 and change no balance.
"""
import xmlrpc.client

import pytest
from test_governance_xmlrpc import Client

pytestmark = pytest.mark.xmlrpc

# Demo roles limited to their stores, with one store they work in.
STORE_ROLES = {'store_clerk': 'S001', 'store_manager': 'S002'}
OTHER_STORE = 'S010'
SKU = 'SKU000297'   # far from the SKUs other suite tests use
LIMIT = 40


def _locations(admin, wh):
    return admin('stock.location', 'search', [('id', 'child_of', wh['view_location_id'][0]),
                                              ('usage', '=', 'internal')])


def _stocked_products(admin, wh):
    quants = admin('stock.quant', 'search_read', [
        ('location_id', '=', wh['lot_stock_id'][0]), ('quantity', '>', 0)],
        fields=['product_id'])
    return {quant['product_id'][0] for quant in quants}


# Per model: (domain of a warehouse's records as the administrator finds them,
# field to group by). ``wh`` is the warehouse read by the admin, ``locs`` the
# ids of its internal locations.
MODELS = {
    'stock.move': (lambda wh, locs: ['|', ('location_id', 'in', locs),
                                     ('location_dest_id', 'in', locs)], 'location_id'),
    'stock.move.line': (lambda wh, locs: ['|', ('location_id', 'in', locs),
                                          ('location_dest_id', 'in', locs)], 'location_id'),
    'stock.quant': (lambda wh, locs: [('location_id', 'in', locs)], 'location_id'),
    'stock.picking': (lambda wh, locs: [('picking_type_id.warehouse_id', '=', wh['id'])],
                      'picking_type_id'),
    'stock.inventory': (lambda wh, locs: [('location_id', 'in', locs)], 'location_id'),
    'stock.inventory.line': (lambda wh, locs: [('location_id', 'in', locs)], 'location_id'),
    'stock.scrap': (lambda wh, locs: [('location_id', 'in', locs)], 'location_id'),
    'stock.cycle.count': (lambda wh, locs: [('location_id', 'in', locs)], 'location_id'),
    'stock.location': (lambda wh, locs: [('id', 'in', locs)], 'location_id'),
    'stock.picking.type': (lambda wh, locs: [('warehouse_id', '=', wh['id'])], 'warehouse_id'),
    'stock.warehouse.orderpoint': (lambda wh, locs: [('warehouse_id', '=', wh['id'])],
                                   'warehouse_id'),
    'sale.order': (lambda wh, locs: [('warehouse_id', '=', wh['id'])], 'warehouse_id'),
    'sale.order.line': (lambda wh, locs: [('order_id.warehouse_id', '=', wh['id'])],
                        'order_id'),
    'purchase.order': (lambda wh, locs: [('picking_type_id.warehouse_id', '=', wh['id'])],
                       'picking_type_id'),
    'purchase.order.line': (lambda wh, locs: [
        ('order_id.picking_type_id.warehouse_id', '=', wh['id'])], 'order_id'),
    'retail.stock.balance': (lambda wh, locs: [('warehouse_id', '=', wh['id'])],
                             'warehouse_id'),
    'retail.stock.balance.location': (lambda wh, locs: [('warehouse_id', '=', wh['id'])],
                                      'location_id'),
    'retail.quality.inspection': (lambda wh, locs: [('warehouse_id', '=', wh['id'])],
                                  'warehouse_id'),
    'retail.audit.log': (lambda wh, locs: [('warehouse_id', '=', wh['id'])], 'warehouse_id'),
    'retail.exception': (lambda wh, locs: [('warehouse_id', '=', wh['id'])], 'warehouse_id'),
    # DC-to-store transfers (a store's transfer with another store is both's).
    'retail.transfer': (lambda wh, locs: [('dest_warehouse_id', '=', wh['id']),
                                          ('source_warehouse_id.code', '=', 'DC')],
                        'dest_warehouse_id'),
    'retail.transfer.line': (lambda wh, locs: [
        ('transfer_id.dest_warehouse_id', '=', wh['id']),
        ('transfer_id.source_warehouse_id.code', '=', 'DC')], 'transfer_id'),
    # One row per warehouse: its open channel deliveries by stage.
    'retail.fulfilment.board': (lambda wh, locs: [('warehouse_id', '=', wh['id'])],
                                'warehouse_id'),
    # The demo's KPI snapshots (backfilled at install).
    'retail.kpi.snapshot': (lambda wh, locs: [('warehouse_id', '=', wh['id'])],
                            'warehouse_id'),
}


def _add_store_documents(admin, wh, product_id, partner_id, count_rule_id, dc):
    """Draft documents of ``wh`` that the demo data does not have; returns
    [(model, id)] to remove."""
    created = []
    stock_id = wh['lot_stock_id'][0]

    def make(model, vals):
        created.append((model, admin(model, 'create', vals)))
        return created[-1][1]

    scrap_location = admin('stock.location', 'search', [('scrap_location', '=', True)],
                           limit=1)[0]
    make('stock.scrap', {'product_id': product_id, 'scrap_qty': 1, 'location_id': stock_id,
                         'scrap_location_id': scrap_location,
                         'product_uom_id': admin('product.product', 'read', [product_id],
                                                 ['uom_id'])[0]['uom_id'][0]})
    # The demo network may have its reordering rules already (one per product).
    if not admin('stock.warehouse.orderpoint', 'search', [('warehouse_id', '=', wh['id'])],
                 limit=1):
        make('stock.warehouse.orderpoint', {
            'warehouse_id': wh['id'], 'location_id': stock_id, 'product_id': product_id,
            'product_min_qty': 1, 'product_max_qty': 5})
    make('sale.order', {'partner_id': partner_id, 'warehouse_id': wh['id'], 'order_line': [
        (0, 0, {'product_id': product_id, 'product_uom_qty': 1})]})
    make('purchase.order', {'partner_id': partner_id, 'picking_type_id': wh['in_type_id'][0],
                            'order_line': [(0, 0, {
                                'product_id': product_id, 'product_qty': 1, 'name': SKU,
                                'price_unit': 1, 'product_uom': admin(
                                    'product.product', 'read', [product_id],
                                    ['uom_id'])[0]['uom_id'][0],
                                'date_planned': '2026-01-01 00:00:00'})]})
    make('retail.quality.inspection', {'warehouse_id': wh['id'],
                                       'location_id': wh['retail_quarantine_location_id'][0]})
    make('stock.cycle.count', {'location_id': stock_id, 'cycle_count_rule_id': count_rule_id})
    # Its audit entry belongs to the warehouse.
    make('retail.exception', {'exception_type': 'staff_report', 'location_id': stock_id,
                              'product_id': product_id, 'description': 'Isolation test'})
    # A DC-to-store transfer requested, not shipped (withdrawn after).
    uom_id = admin('product.product', 'read', [product_id], ['uom_id'])[0]['uom_id'][0]

    def leg(type_id, location_id, dest_id, **move):
        return make('stock.picking', {
            'picking_type_id': type_id, 'location_id': location_id, 'location_dest_id': dest_id,
            'move_lines': [(0, 0, dict(
                name='Isolation test resupply', product_id=product_id, product_uom=uom_id,
                product_uom_qty=1, location_id=location_id, location_dest_id=dest_id,
                **move))]})

    receipt_id = leg(wh['in_type_id'][0], dc['transit_id'], stock_id)
    receipt_moves = admin('stock.move', 'search', [('picking_id', '=', receipt_id)])
    shipment_id = leg(dc['out_type_id'][0], dc['lot_stock_id'][0], dc['transit_id'],
                      move_dest_ids=[(6, 0, receipt_moves)])
    admin('stock.picking', 'action_confirm', [receipt_id, shipment_id])
    return created


@pytest.fixture(scope='module')
def stores(odoo_server):
    admin = Client(odoo_server, 'admin', 'admin')
    fields = ['view_location_id', 'lot_stock_id', 'in_type_id',
              'retail_quarantine_location_id', 'code']
    warehouses = {wh['code']: wh for wh in admin(
        'stock.warehouse', 'search_read',
        [('code', 'in', [OTHER_STORE] + list(STORE_ROLES.values()))], fields=fields)}
    product_id = admin('product.product', 'search', [('default_code', '=', SKU)])[0]
    # The quantity tests read a product each store used has in stock.
    stocked = set.intersection(*[_stocked_products(admin, wh) for wh in warehouses.values()])
    stocked_id = min(stocked)
    partner_id = admin('res.partner', 'search', [('supplier', '=', True)], limit=1)[0]
    created = []
    try:
        count_rule_id = admin('stock.cycle.count.rule', 'create', {
            'name': 'Isolation test', 'rule_type': 'periodic', 'periodic_qty_per_period': 1,
            'periodic_count_period': 30})
        created.append(('stock.cycle.count.rule', count_rule_id))
        dc = admin('stock.warehouse', 'search_read', [('code', '=', 'DC')],
                   fields=['lot_stock_id', 'out_type_id', 'company_id'])[0]
        dc['transit_id'] = admin('res.company', 'read', [dc['company_id'][0]], [
            'internal_transit_location_id'])[0]['internal_transit_location_id'][0]
        for code in warehouses:
            created += _add_store_documents(admin, warehouses[code], product_id, partner_id,
                                            count_rule_id, dc)
        records = {}
        for code, wh in warehouses.items():
            locs = _locations(admin, wh)
            records[code] = {model: admin(model, 'search', domain(wh, locs), limit=LIMIT)
                             for model, (domain, _groupby) in MODELS.items()}
        yield {'admin': admin, 'warehouses': warehouses, 'records': records,
               'product_id': product_id, 'stocked_id': stocked_id}
    finally:
        _remove(admin, created)


def _remove(admin, created):
    """Removes what the fixture made, each on its own (one failure stops no other)."""
    errors = []
    for model, record_id in reversed(created):
        try:
            if model == 'stock.picking':
                # Cancelled, kept: their transfer keeps its history.
                admin(model, 'action_cancel', [record_id])
                continue
            if model in CANCEL:
                admin(model, 'write', [record_id], {'state': 'cancel'})
            admin(model, 'unlink', [record_id])
        except xmlrpc.client.Fault as error:
            errors.append((model, record_id, error.faultString[-300:]))
    assert not errors, errors


# Drafts that Odoo deletes only once cancelled (nothing was confirmed).
CANCEL = ('sale.order', 'purchase.order')


CASES = [(role, model) for role in sorted(STORE_ROLES) for model in sorted(MODELS)]


def _is_refused(fault):
    return 'AccessError' in fault.faultString or 'security restrictions' in fault.faultString


@pytest.mark.parametrize('role,model', CASES)
def test_other_store_records_hidden(odoo_server, stores, role, model):
    """A store role finds none of another store's records by any read path."""
    ids = stores['records'][OTHER_STORE][model]
    assert ids, 'the administrator finds %s records of %s' % (model, OTHER_STORE)
    user = Client(odoo_server, role)
    domain = [('id', 'in', ids)]
    assert user(model, 'search', domain) == []
    assert user(model, 'search_count', domain) == 0
    with pytest.raises(xmlrpc.client.Fault) as error:
        user(model, 'read', ids, ['display_name'])
    assert _is_refused(error.value), error.value.faultString
    groupby = MODELS[model][1]
    groups = user(model, 'read_group', domain, [groupby], [groupby], lazy=False)
    assert sum(group['__count'] for group in groups) == 0
    assert user(model, 'name_search', '', args=domain, limit=LIMIT) == []
    with pytest.raises(xmlrpc.client.Fault) as error:
        user(model, 'export_data', ids, [groupby])
    assert _is_refused(error.value), error.value.faultString


@pytest.mark.parametrize('role,model', CASES)
def test_own_store_records_visible(odoo_server, stores, role, model):
    """The same read paths find the role's own store's records."""
    ids = stores['records'][STORE_ROLES[role]][model]
    assert ids, 'the administrator finds %s records of %s' % (model, STORE_ROLES[role])
    user = Client(odoo_server, role)
    domain = [('id', 'in', ids)]
    assert sorted(user(model, 'search', domain)) == sorted(ids)
    assert len(user(model, 'read', ids, ['display_name'])) == len(ids)
    groupby = MODELS[model][1]
    groups = user(model, 'read_group', domain, [groupby], [groupby], lazy=False)
    assert sum(group['__count'] for group in groups) == len(ids)
    assert user(model, 'name_search', '', args=domain, limit=LIMIT)
    assert len(user(model, 'export_data', ids, [groupby])['datas']) == len(ids)


@pytest.mark.parametrize('role', sorted(STORE_ROLES))
def test_unfiltered_read_group_shows_no_other_store(odoo_server, stores, role):
    """Grouping moves by location over everything shows only the role's own stores."""
    user = Client(odoo_server, role)
    other = set(_locations(stores['admin'], stores['warehouses'][OTHER_STORE]))
    for model in ('stock.move', 'stock.move.line'):
        for field in ('location_id', 'location_dest_id'):
            groups = user(model, 'read_group', [], [field], [field], lazy=False)
            seen = {group[field][0] for group in groups if group[field]}
            assert not seen & other, (model, field)


@pytest.mark.parametrize('role', sorted(STORE_ROLES))
def test_forecast_report_hidden(odoo_server, stores, role):
    """The network-wide forecast report (no location to filter on) is closed to store roles."""
    product_id = stores['product_id']
    domain = [('product_id', '=', product_id)]
    assert stores['admin']('report.stock.forecast', 'search', domain)
    assert Client(odoo_server, role)('report.stock.forecast', 'search', domain) == []


QTY_FIELDS = ['qty_available', 'virtual_available', 'incoming_qty', 'outgoing_qty']


@pytest.mark.parametrize('role', sorted(STORE_ROLES))
def test_product_quantities_of_other_store_hidden(odoo_server, stores, role):
    """Product quantities read in another store's context reveal nothing of it."""
    admin, user = stores['admin'], Client(odoo_server, role)
    other = stores['warehouses'][OTHER_STORE]
    product_id = stores['stocked_id']
    # Four weeks ago: Odoo rebuilds the quantity from the done moves since then.
    contexts = [{'warehouse': other['id']},
                {'warehouse': other['id'], 'to_date': '2026-10-30 00:00:00'}]
    for context in contexts:
        seen = admin('product.product', 'read', [product_id], QTY_FIELDS, context=context)[0]
        assert any(seen[name] for name in QTY_FIELDS), context
        mine = user('product.product', 'read', [product_id], QTY_FIELDS, context=context)[0]
        assert [mine[name] for name in QTY_FIELDS] == [0.0] * 4, (context, mine)
    with pytest.raises(xmlrpc.client.Fault) as error:
        user('product.product', 'read', [product_id], QTY_FIELDS,
             context={'location': other['lot_stock_id'][0]})
    assert _is_refused(error.value), error.value.faultString


@pytest.mark.parametrize('role', sorted(STORE_ROLES))
def test_product_quantities_of_own_store_shown(odoo_server, stores, role):
    """Product quantities in the role's own store's context are its stock."""
    own = stores['warehouses'][STORE_ROLES[role]]
    product_id = stores['stocked_id']
    context = {'warehouse': own['id']}
    expected = stores['admin']('product.product', 'read', [product_id], QTY_FIELDS,
                               context=context)[0]
    assert expected['qty_available']
    mine = Client(odoo_server, role)('product.product', 'read', [product_id], QTY_FIELDS,
                                     context=context)[0]
    assert [mine[name] for name in QTY_FIELDS] == [expected[name] for name in QTY_FIELDS]


def _validate(client, picking_id):
    """Reserves, sets every line's done quantity to its reservation and validates."""
    client('stock.picking', 'action_assign', [picking_id])
    lines = client('stock.move.line', 'search_read', [('picking_id', '=', picking_id)],
                   fields=['product_uom_qty'])
    assert lines
    for line in lines:
        client('stock.move.line', 'write', [line['id']], {'qty_done': line['product_uom_qty']})
    client('stock.picking', 'action_done', [picking_id])
    return client('stock.picking', 'read', [picking_id], ['state'])[0]['state']


def test_clerk_receives_transfer_from_dc(odoo_server, stores):
    """The clerk receives, from transit, what the DC shipped to the store, and sees
    the receipt's moves; the DC's own shipment stays out of sight."""
    admin = stores['admin']
    clerk = Client(odoo_server, 'store_clerk')
    store = stores['warehouses'][STORE_ROLES['store_clerk']]
    dc = admin('stock.warehouse', 'search_read', [('code', '=', 'DC')],
               fields=['lot_stock_id', 'out_type_id', 'company_id'])[0]
    transit_id = admin('res.company', 'read', [dc['company_id'][0]],
                       ['internal_transit_location_id'])[0]['internal_transit_location_id'][0]
    product_id = min(_stocked_products(admin, dc))
    uom_id = admin('product.product', 'read', [product_id], ['uom_id'])[0]['uom_id'][0]

    def move(location_id, dest_id, **extra):
        return dict(name='Isolation test resupply', product_id=product_id, product_uom=uom_id,
                    product_uom_qty=1, location_id=location_id, location_dest_id=dest_id,
                    **extra)

    receipt_id = admin('stock.picking', 'create', {
        'picking_type_id': store['in_type_id'][0], 'location_id': transit_id,
        'location_dest_id': store['lot_stock_id'][0],
        'move_lines': [(0, 0, move(transit_id, store['lot_stock_id'][0]))]})
    receipt_move_id = admin('stock.move', 'search', [('picking_id', '=', receipt_id)])[0]
    shipment_id = admin('stock.picking', 'create', {
        'picking_type_id': dc['out_type_id'][0], 'location_id': dc['lot_stock_id'][0],
        'location_dest_id': transit_id, 'move_lines': [(0, 0, move(
            dc['lot_stock_id'][0], transit_id, move_dest_ids=[(4, receipt_move_id)]))]})
    admin('stock.picking', 'action_confirm', [receipt_id, shipment_id])
    assert _validate(Client(odoo_server, 'dc_operator'), shipment_id) == 'done'

    assert clerk('stock.move', 'search', [('picking_id', '=', receipt_id)]) == [receipt_move_id]
    assert clerk('stock.move', 'search', [('picking_id', '=', shipment_id)]) == []
    assert _validate(clerk, receipt_id) == 'done'


def test_clerk_returns_customer_delivery(odoo_server, stores):
    """The clerk takes back what a customer returns from one of the store's sales."""
    clerk = Client(odoo_server, 'store_clerk')
    store = stores['warehouses'][STORE_ROLES['store_clerk']]
    delivery_id = clerk('stock.picking', 'search', [
        ('picking_type_id.warehouse_id', '=', store['id']), ('state', '=', 'done'),
        ('location_dest_id.usage', '=', 'customer')], limit=1)[0]
    context = {'active_id': delivery_id, 'active_ids': [delivery_id],
               'active_model': 'stock.picking'}
    defaults = clerk('stock.return.picking', 'default_get',
                     ['product_return_moves', 'location_id'], context=context)
    lines = [(0, 0, dict(line[2], quantity=1)) for line in defaults['product_return_moves'][:1]]
    wizard_id = clerk('stock.return.picking', 'create', {
        'product_return_moves': lines, 'location_id': defaults['location_id']},
        context=context)
    return_id = clerk('stock.return.picking', 'create_returns', [wizard_id],
                      context=context)['res_id']
    assert _validate(clerk, return_id) == 'done'


def test_clerk_ships_to_another_store(odoo_server, stores):
    """The clerk's shipment to another store reserves that store's receipt, which
    the clerk does not see: the receiving store finds it ready to receive."""
    admin = stores['admin']
    clerk = Client(odoo_server, 'store_clerk')
    own = stores['warehouses'][STORE_ROLES['store_clerk']]
    other = stores['warehouses'][OTHER_STORE]
    out_type_id = admin('stock.warehouse', 'read', [own['id']], ['out_type_id'])[0][
        'out_type_id'][0]
    company_id = admin('stock.warehouse', 'read', [own['id']], ['company_id'])[0][
        'company_id'][0]
    transit_id = admin('res.company', 'read', [company_id],
                       ['internal_transit_location_id'])[0]['internal_transit_location_id'][0]
    product_id = stores['stocked_id']
    uom_id = admin('product.product', 'read', [product_id], ['uom_id'])[0]['uom_id'][0]

    def picking(type_id, location_id, dest_id, **move):
        return admin('stock.picking', 'create', {
            'picking_type_id': type_id, 'location_id': location_id, 'location_dest_id': dest_id,
            'move_lines': [(0, 0, dict(
                name='Isolation test store to store', product_id=product_id,
                product_uom=uom_id, product_uom_qty=1, location_id=location_id,
                location_dest_id=dest_id, **move))]})

    receipt_id = picking(other['in_type_id'][0], transit_id, other['lot_stock_id'][0])
    receipt_moves = admin('stock.move', 'search', [('picking_id', '=', receipt_id)])
    shipment_id = picking(out_type_id, own['lot_stock_id'][0], transit_id,
                          move_dest_ids=[(6, 0, receipt_moves)])
    admin('stock.picking', 'action_confirm', [receipt_id, shipment_id])
    assert admin('stock.picking', 'read', [receipt_id], ['state'])[0]['state'] != 'assigned'
    assert _validate(clerk, shipment_id) == 'done'
    assert admin('stock.picking', 'read', [receipt_id], ['state'])[0]['state'] == 'assigned'
    assert _validate(admin, receipt_id) == 'done'

"""Bad input on the public methods and wizards of the suite, through XML-RPC
(issue 11, item 5): negative, zero, huge (1e308), NaN and non-numeric
quantities, min above max, wrong-company and archived records, unknown ids,
a unit of another category, very long names. (A control character cannot
even travel in an XML-RPC request: Odoo's XML parser answers 500 before any
code of ours runs; the web client's path is in test_reliability_xmlrpc.py.)
A pack multiple of 0 is no pack (as Odoo's qty_multiple), not bad input.

Each case must get a clear user error (UserError, ValidationError,
AccessError or MissingError with its message, not a Python traceback such as
``ValueError: could not convert string to float``) and change nothing: the
records of the models it could create are counted before and after (archived
ones included), and the record it writes is read back.

Data: a second company, an archived product, reasons, a customer and a
confirmed sales order of one unit at S001 of this run are committed (the
company and product stay, archived; nothing else changes).
"""
import uuid
import xmlrpc.client

import pytest

from test_governance_xmlrpc import PASSWORD, Client

pytestmark = pytest.mark.xmlrpc

RUN = uuid.uuid4().hex[:6]
NAN = float('nan')
HUGE = 1e308
UNKNOWN = 999999999
LONG = 'L' * 5000
USER_ERRORS = ('odoo.exceptions.UserError', 'odoo.exceptions.ValidationError',
               'odoo.exceptions.AccessError', 'odoo.exceptions.MissingError',
               'odoo.exceptions.except_orm')


@pytest.fixture(scope='module')
def refs(odoo_server):
    admin = Client(odoo_server, 'admin', 'admin')

    def one(model, domain, **kwargs):
        return admin(model, 'search', domain, limit=1, **kwargs)[0]

    s001 = admin('stock.warehouse', 'search_read', [('code', '=', 'S001')],
                 fields=['lot_stock_id', 'retail_damaged_location_id'])[0]
    dc = admin('stock.warehouse', 'search_read', [('code', '=', 'DC')],
               fields=['lot_stock_id'])[0]
    product = admin('product.product', 'search_read', [('default_code', '=', 'SKU000001')],
                    fields=['categ_id'])[0]
    archived = admin('product.product', 'create', {
        'name': 'Bad input archived %s' % RUN, 'type': 'product'})
    # No reordering rule anywhere yet: a rule's bad values are refused for
    # themselves, not as a second active rule of the product at S001.
    rule_product = admin('product.product', 'create', {
        'name': 'Bad input rule product %s' % RUN, 'type': 'product'})
    admin('product.product', 'write', [archived], {'active': False})
    other_company = admin('res.company', 'search', [('name', '=', 'Bad input other company')])
    other_company = other_company[0] if other_company else admin(
        'res.company', 'create', {'name': 'Bad input other company'})
    customer = admin('res.partner', 'create', {'name': 'Bad input customer %s' % RUN,
                                               'customer': True})
    in_stock = [q['product_id'][0] for q in admin(
        'stock.quant', 'search_read', [('location_id', '=', s001['lot_stock_id'][0]),
                                       ('quantity', '>=', 2)],
        fields=['product_id', 'quantity', 'reserved_quantity'], limit=50)
        if q['quantity'] - q['reserved_quantity'] >= 1]
    order_id = admin('sale.order', 'create', {
        'partner_id': customer, 'warehouse_id': s001['id'],
        'order_line': [(0, 0, {'product_id': in_stock[0], 'product_uom_qty': 1})]})
    admin('sale.order', 'action_confirm', [order_id])
    move = admin('stock.move', 'search_read', [('sale_line_id.order_id', '=', order_id)],
                 fields=['move_line_ids', 'state'])[0]
    assert move['state'] == 'assigned', move
    return {
        's001': s001['id'], 's001_stock': s001['lot_stock_id'][0],
        's001_damaged': s001['retail_damaged_location_id'][0],
        'dc': dc['id'], 'dc_stock': dc['lot_stock_id'][0],
        'product': product['id'], 'categ': product['categ_id'][0], 'archived': archived,
        'rule_product': rule_product,
        'kg': admin('ir.model.data', 'xmlid_to_res_id', 'product.product_uom_kgm'),
        'unit': admin('ir.model.data', 'xmlid_to_res_id', 'product.product_uom_unit'),
        'cluster': one('retail.store.cluster', []),
        'channel': one('retail.sales.channel', []),
        'channel_line': one('retail.sales.channel.warehouse', []),
        'reason': one('retail.adjustment.reason', []),
        'other_company': other_company,
        'customer': customer,
        # The confirmed order's line and its reserved delivery, by model.
        'sale.order.line': admin('sale.order', 'read', [order_id], ['order_line'])[0][
            'order_line'][0],
        'stock.move': move['id'], 'stock.move.line': move['move_line_ids'][0],
    }


def _resolve(r, vals):
    """Values given as '@key' are taken from the refs."""
    return {key: r[value[1:]] if isinstance(value, str) and value.startswith('@') else value
            for key, value in vals.items()}


BUILDERS = {
    'retail.replenishment.policy': lambda r: {
        'name': 'Bad input policy %s' % RUN, 'cluster_id': r['cluster'],
        'categ_id': r['categ'], 'method': 'fixed', 'min_qty': 2, 'max_qty': 4,
        'sequence': 99},
    'stock.warehouse.orderpoint': lambda r: {
        'warehouse_id': r['s001'], 'location_id': r['s001_stock'],
        'product_id': r['rule_product'], 'product_min_qty': 1, 'product_max_qty': 5},
    'retail.status.change': lambda r: {
        'warehouse_id': r['s001'], 'product_id': r['product'],
        'location_id': r['s001_stock'], 'location_dest_id': r['s001_damaged'],
        'quantity': 1, 'reason': 'Bad input test'},
    'retail.emergency.transfer.line': lambda r: {
        'product_id': r['product'], 'product_qty': 1, 'product_uom_id': r['unit']},
    'retail.adjustment.rule': lambda r: {
        'name': 'Bad input rule %s' % RUN, 'warehouse_ids': [(6, 0, [r['s001']])],
        'qty_threshold': 1},
    'retail.store.cluster': lambda r: {
        'name': 'Bad input cluster %s' % RUN, 'code': 'BI%s' % RUN[:4],
        'supply_warehouse_id': r['dc'], 'lead_days': 1, 'service_level': 0.9},
    'product.product': lambda r: {'name': 'Bad input product %s' % RUN, 'type': 'product'},
}

COUNTED = {
    'retail.replenishment.policy': ['retail.replenishment.policy'],
    'stock.warehouse.orderpoint': ['stock.warehouse.orderpoint'],
    # The wizard's own (transient) record is created; its button changes nothing.
    'retail.status.change': ['stock.picking', 'stock.move'],
    'retail.emergency.transfer': ['retail.emergency.transfer',
                                  'retail.emergency.transfer.line'],
    'retail.adjustment.rule': ['retail.adjustment.rule'],
    'retail.store.cluster': ['retail.store.cluster'],
    'product.product': ['product.product'],
}


def create(model, **vals):
    """A create of ``model`` with the builder's values changed by ``vals``."""
    def call(r):
        return model, 'create', [dict(BUILDERS[model](r), **_resolve(r, vals))], {}
    call.creates = model
    return call, COUNTED[model]


def apply(model, **vals):
    """A wizard's create then its button (either refuses)."""
    def call(r):
        return model, 'create+action_apply', [dict(BUILDERS[model](r), **_resolve(r, vals))], {}
    return call, COUNTED[model]


def emergency(header=None, **line):
    def call(r):
        vals = {'dest_warehouse_id': r['s001'], 'source_warehouse_id': r['dc'],
                'line_ids': [(0, 0, dict(BUILDERS['retail.emergency.transfer.line'](r),
                                         **_resolve(r, line)))]}
        vals.update(_resolve(r, header or {}))
        return 'retail.emergency.transfer', 'create', [vals], {}
    return call, COUNTED['retail.emergency.transfer']


def method(model, name, *args, counted=(), **kwargs):
    def call(r):
        return model, name, [r[a[1:]] if isinstance(a, str) and a.startswith('@') else a
                             for a in args], kwargs
    return call, list(counted)


def write_line(**vals):
    """A write on the demo's first channel line (read back afterwards)."""
    def call(r):
        return 'retail.sales.channel.warehouse', 'write', [[r['channel_line']], vals], {}
    return call, []


def order(**line):
    """A sales order at S001 with one line of the given values."""
    def call(r):
        return 'sale.order', 'create', [{
            'partner_id': r['customer'], 'warehouse_id': r['s001'],
            'order_line': [(0, 0, dict({'product_id': r['product'], 'product_uom_qty': 1},
                                       **_resolve(r, line)))]}], {}
    return call, ['sale.order', 'sale.order.line']


def write_quantity(model, qty):
    """A write of the quantity of the confirmed order's line, or of its reserved
    move or move line (read back afterwards)."""
    def call(r):
        return model, 'write', [[r[model]], {'product_uom_qty': qty}], {}
    return call, []


POLICY = 'retail.replenishment.policy'
OP = 'stock.warehouse.orderpoint'
WIZ = 'retail.status.change'
RULE = 'retail.adjustment.rule'
CLUSTER = 'retail.store.cluster'
KPI = 'retail.kpi.snapshot'

# case id: (login, (call(refs) -> (model, method, args, kwargs), models counted))
CASES = {
    # Replenishment policies (the planner's configuration).
    'policy min negative': ('planner', create(POLICY, min_qty=-1)),
    'policy min above max': ('planner', create(POLICY, min_qty=9, max_qty=2)),
    'policy min NaN': ('planner', create(POLICY, min_qty=NAN)),
    'policy max huge': ('planner', create(POLICY, max_qty=HUGE)),
    'policy min not a number': ('planner', create(POLICY, min_qty='abc')),
    'policy pack negative': ('planner', create(POLICY, pack_multiple=-6)),
    'policy service level above 1': ('planner', create(POLICY, method='demand',
                                                       service_level=1.5)),
    'policy lookback not a number': ('planner', create(POLICY, lookback_weeks='four')),
    'policy name very long': ('planner', create(POLICY, name=LONG)),
    'policy unknown cluster': ('planner', create(POLICY, cluster_id=UNKNOWN)),
    'policy cluster not an id': ('planner', create(POLICY, cluster_id='URB')),
    # Reordering rules.
    'orderpoint archived product': ('planner', create(OP, product_id='@archived')),
    'orderpoint min above max': ('planner', create(OP, product_min_qty=9, product_max_qty=2)),
    'orderpoint min negative': ('planner', create(OP, product_min_qty=-3)),
    'orderpoint max NaN': ('planner', create(OP, product_max_qty=NAN)),
    'orderpoint max huge': ('planner', create(OP, product_max_qty=HUGE)),
    'orderpoint min not a number': ('planner', create(OP, product_min_qty='abc')),
    'orderpoint unknown product': ('planner', create(OP, product_id=UNKNOWN)),
    'orderpoint location of another warehouse': ('planner', create(
        OP, location_id='@dc_stock')),
    'orderpoint other company': ('planner', create(OP, company_id='@other_company')),
    # Status change wizard (store manager of S001).
    'status change negative': ('store_manager', apply(WIZ, quantity=-1)),
    'status change zero': ('store_manager', apply(WIZ, quantity=0)),
    'status change NaN': ('store_manager', apply(WIZ, quantity=NAN)),
    'status change huge': ('store_manager', apply(WIZ, quantity=HUGE)),
    'status change not a number': ('store_manager', apply(WIZ, quantity='two')),
    'status change archived product': ('store_manager', apply(WIZ, product_id='@archived')),
    'status change unknown product': ('store_manager', apply(WIZ, product_id=UNKNOWN)),
    'status change other store': ('store_manager', apply(WIZ, warehouse_id='@dc')),
    # Emergency transfers (the store manager asks the DC).
    'emergency negative': ('store_manager', emergency(product_qty=-2)),
    'emergency zero': ('store_manager', emergency(product_qty=0)),
    'emergency NaN': ('store_manager', emergency(product_qty=NAN)),
    'emergency huge': ('store_manager', emergency(product_qty=HUGE)),
    'emergency not a number': ('store_manager', emergency(product_qty='lots')),
    'emergency unit of another category': ('store_manager', emergency(product_uom_id='@kg')),
    'emergency archived product': ('store_manager', emergency(product_id='@archived')),
    'emergency unknown warehouse': ('store_manager', emergency(
        header={'source_warehouse_id': UNKNOWN})),
    # Adjustment rules (inventory controller).
    'rule threshold negative': ('inventory_controller', create(RULE, qty_threshold=-1)),
    'rule threshold NaN': ('inventory_controller', create(RULE, qty_threshold=NAN)),
    'rule threshold not a number': ('inventory_controller', create(
        RULE, value_threshold='high')),
    'rule store of another company': ('inventory_controller', create(
        RULE, company_id='@other_company')),
    # Store clusters (retail administrator).
    'cluster service level above 1': ('retail_admin', create(CLUSTER, service_level=1.5)),
    'cluster lead time negative': ('retail_admin', create(CLUSTER, lead_days=-1)),
    'cluster lead time NaN': ('retail_admin', create(CLUSTER, lead_days=NAN)),
    'cluster DC of another company': ('retail_admin', create(
        CLUSTER, company_id='@other_company')),
    # Channel floors (retail administrator, the demo's first channel line).
    'channel floor negative': ('retail_admin', write_line(floor_qty=-1)),
    'channel floor percent above 100': ('retail_admin', write_line(floor_percent=150)),
    'channel floor NaN': ('retail_admin', write_line(floor_qty=NAN)),
    # Public methods.
    'available to sell unknown product': ('planner', method(
        'retail.sales.channel', 'available_to_sell', ['@channel'], [UNKNOWN])),
    'available to sell not ids': ('planner', method(
        'retail.sales.channel', 'available_to_sell', ['@channel'], 'SKU000001')),
    'run unknown cluster': ('planner', method(
        'retail.replenishment.run', 'action_run_clusters', [UNKNOWN],
        counted=['retail.replenishment.run'])),
    'run cluster not an id': ('planner', method(
        'retail.replenishment.run', 'action_run_clusters', ['URB'],
        counted=['retail.replenishment.run'])),
    'KPI weeks not a number': ('retail_admin', method(
        KPI, 'compute_snapshots', weeks='many', counted=[KPI])),
    'KPI weeks huge': ('retail_admin', method(KPI, 'compute_snapshots', weeks=HUGE,
                                              counted=[KPI])),
    'KPI weeks negative': ('retail_admin', method(KPI, 'compute_snapshots', weeks=-3,
                                                  counted=[KPI])),
    'KPI date not a date': ('retail_admin', method(KPI, 'compute_snapshots', date='yesterday',
                                                   counted=[KPI])),
    'audit entry forged by a clerk': ('store_clerk', method(
        'retail.audit.log', 'log_event', 'adjustment_approved', '@product',
        counted=['retail.audit.log'])),
    'exception of unknown type': ('store_clerk', method(
        'retail.exception', 'raise_exception', 'no_such_type',
        counted=['retail.exception'])),
    'write-off of an unknown transfer': ('inventory_controller', method(
        'retail.transfer', 'action_resolve_write_off', [UNKNOWN], counted=['stock.inventory'])),
    # Products (retail administrator).
    'product name very long': ('retail_admin', create('product.product', name=LONG)),
    # Sales orders at a store (the administrator: the demo's only salesperson).
    'order line not a number': ('admin', order(product_uom_qty='abc')),
    'order line NaN': ('admin', order(product_uom_qty=NAN)),
    'order line huge': ('admin', order(product_uom_qty=HUGE)),
    'order line unknown product': ('admin', order(product_id=UNKNOWN)),
    'confirmed order line raised to NaN': ('admin', write_quantity('sale.order.line', NAN)),
    'confirmed order line raised to not a number': ('admin', write_quantity(
        'sale.order.line', 'more')),
    # The confirmed order's reserved delivery (its move and move line).
    'reserved move quantity not a number': ('admin', write_quantity('stock.move', 'abc')),
    'reserved move quantity NaN': ('admin', write_quantity('stock.move', NAN)),
    'reserved move line quantity not a number': ('admin', write_quantity(
        'stock.move.line', 'abc')),
    'reserved move line quantity NaN': ('admin', write_quantity('stock.move.line', NAN)),
}


def _client(odoo_server, login):
    return Client(odoo_server, login, 'admin' if login == 'admin' else PASSWORD)


def _counts(admin, models):
    return {model: admin(model, 'search_count', [], context={'active_test': False})
            for model in models}


def _call(client, model, method, args, kwargs):
    if method == 'create+action_apply':
        wizard_id = client(model, 'create', *args, **kwargs)
        return client(model, 'action_apply', [wizard_id])
    return client(model, method, *args, **kwargs)


def _is_user_error(fault):
    """A UserError, ValidationError, AccessError or MissingError: Odoo 11 sends
    the first (code 2) and the access errors (3, 4) as messages, the others as a
    traceback whose last line names the exception."""
    if fault.faultCode in (2, 3, 4):
        return True
    last = fault.faultString.strip().splitlines()[-1]
    return last.startswith(USER_ERRORS)


@pytest.mark.parametrize('case', sorted(CASES))
def test_bad_input_refused_and_changes_nothing(odoo_server, refs, case):
    """Each bad input gets a clear user error over XML-RPC and changes nothing."""
    login, (call, counted) = CASES[case]
    admin = Client(odoo_server, 'admin', 'admin')
    client = _client(odoo_server, login)
    model, method, args, kwargs = call(refs)
    before = _counts(admin, counted)
    written = None
    if method == 'write':
        written = admin(model, 'read', args[0], list(args[1]))
    with pytest.raises(xmlrpc.client.Fault) as error:
        _call(client, model, method, args, kwargs)
    assert _is_user_error(error.value), error.value.faultString[-1500:]
    assert _counts(admin, counted) == before
    if written is not None:
        assert admin(model, 'read', args[0], list(args[1])) == written


# The logins of the cases that create each model (``create``): the builder's
# own values must be accepted as them, or a case could pass on an error of the
# builder (a second active reordering rule hid a minimum above the maximum).
BUILDER_LOGINS = {call.creates: login for _case, (login, (call, _counted)) in sorted(CASES.items())
                  if hasattr(call, 'creates')}


@pytest.mark.parametrize('model', sorted(BUILDER_LOGINS))
def test_builder_values_accepted(odoo_server, refs, model):
    """Each builder's values, unchanged, are accepted (then removed again)."""
    login = BUILDER_LOGINS[model]
    admin = Client(odoo_server, 'admin', 'admin')
    client = _client(odoo_server, login)
    record_id = client(model, 'create', BUILDERS[model](refs))
    assert admin(model, 'search_count', [('id', '=', record_id)],
                 context={'active_test': False}) == 1
    admin(model, 'unlink', [record_id])

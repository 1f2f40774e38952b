"""The access matrix: every retail role x every model of the suite x CRUD.

``MATRIX`` is the decision: for each model, what each role may do, as letters
of ``crwu`` (create, read, write, unlink; '' = nothing). It is checked against
the access rights the server really grants (ir.model.access, with the groups
each role implies) for the demo user of the role. Every model of the registry
whose name starts with ``retail.`` must have a row, so that nobody adds a
model without deciding its rights; abstract mixins (no records) are exempt.
``STOCK_MATRIX`` does the same for the standard models a store role reaches.
Record rules (per store, per company) are tested in the modules and, for every
model a store role reaches, in tests/test_store_isolation_xmlrpc.py.
"""
from odoo.tests.common import SavepointCase

ROLES = ('store_clerk', 'store_manager', 'dc_operator', 'planner',
         'inventory_controller', 'finance_approver', 'retail_admin')

OPERATIONS = (('c', 'create'), ('r', 'read'), ('w', 'write'), ('u', 'unlink'))


def _row(default, **overrides):
    row = dict.fromkeys(ROLES, default)
    row.update(overrides)
    return row


MATRIX = {
    # retail_replenishment
    # Finance approvers are no stock users: replenishment is none of their business.
    'retail.store.cluster': _row('r', planner='crw', retail_admin='crwu',
                                 finance_approver=''),
    'retail.replenishment.policy': _row('r', planner='crwu', retail_admin='crwu',
                                        finance_approver=''),
    # Planners create runs (their scope) and start them; the run writes its results.
    'retail.replenishment.run': _row('r', planner='cr', retail_admin='crwu',
                                     finance_approver=''),
    # Store roles request for their own stores (record rules); state only by actions.
    'retail.emergency.transfer': _row('r', store_clerk='crw', store_manager='crw',
                                      planner='crw', retail_admin='crwu',
                                      finance_approver=''),
    'retail.emergency.transfer.line': _row('r', store_clerk='crwu', store_manager='crwu',
                                           planner='crwu', retail_admin='crwu',
                                           finance_approver=''),
    # retail_governance
    'retail.adjustment.reason': _row('r', inventory_controller='crw', retail_admin='crwu'),
    'retail.adjustment.rule': _row('r', inventory_controller='crw', retail_admin='crwu'),
    # Entries are written by the system only; write/unlink are refused in code too.
    'retail.audit.log': _row('r'),
    # Finance reads the exceptions (valuation); owners handle them.
    'retail.exception': _row('crw', retail_admin='crwu', finance_approver='r'),
    # Requests are made by the governed models and decided with the buttons
    # (create and write refused in code without them); stewards write.
    'retail.master.data.change': _row('r', retail_admin='rw'),
    # retail_stock_status
    'retail.stock.status': _row('r', retail_admin='crwu'),
    'retail.stock.balance': _row('r'),
    'retail.stock.balance.location': _row('r'),
    'retail.sales.channel': _row('r', planner='crw', retail_admin='crwu'),
    'retail.sales.channel.warehouse': _row('r', planner='crwu', retail_admin='crwu'),
    'retail.quality.inspection': _row('crw', retail_admin='crwu', finance_approver=''),
    # Written by the Cannot Pick: Short button only (as the system).
    'retail.fulfilment.rejection': _row('r', finance_approver=''),
    'retail.quality.inspection.line': _row('crwu', finance_approver=''),
    # A view of the open channel deliveries; store roles see their own stores.
    'retail.fulfilment.board': _row('r', finance_approver=''),
    # Network set-up, as warehouses: stock managers keep the pools.
    'retail.store.pool': _row('r', inventory_controller='crwu', retail_admin='crwu'),
    # Wizards (transient models): every user works on their own records.
    'retail.return.disposition': _row('crwu'),
    'retail.status.change': _row('crwu'),
    'retail.order.return': _row('crwu'),
    'retail.order.return.line': _row('crwu'),
    # retail_inventory_harmonization: transfers follow their pickings (the
    # system writes them; users act on pickings or resolve with buttons);
    # scanning sessions are their user's (record rule).
    'retail.transfer': _row('r', finance_approver=''),
    'retail.transfer.line': _row('r', finance_approver=''),
    'retail.barcode.session': _row('crw', finance_approver=''),
    'retail.barcode.session.line': _row('crwu', finance_approver=''),
    # The data-quality report is transient (Odoo 11 lets every user make such
    # records, each seeing only their own); its checks refuse the store and
    # finance roles (test_data_quality.test_store_roles_refused).
    'retail.data.quality.report': _row('crwu'),
    'retail.data.quality.finding': _row('crwu'),
    # Go-live opening balances are loaded by the retail administrator only.
    'retail.opening.balance': _row('', retail_admin='crwu'),
    'retail.opening.balance.error': _row('', retail_admin='crwu'),
    'retail.opening.balance.line': _row('', retail_admin='crwu'),
    'retail.opening.balance.reconciliation': _row('', retail_admin='crwu'),
    # Written by the set-based posting only (as the system).
    'retail.opening.balance.entry': _row('', retail_admin='r'),
    # KPI snapshots are written by the snapshot job only; store templates are
    # the retail administrator's; onboarding (a wizard) checks the role itself.
    'retail.kpi.snapshot': _row('r'),
    'retail.store.template': _row('r', retail_admin='crwu', finance_approver=''),
    'retail.store.template.channel': _row('r', retail_admin='crwu', finance_approver=''),
    'retail.store.onboarding': _row('crwu'),
}

# The standard models a store role reaches, with the rights the roles hold
# (Odoo's own rows for stock users, and the suite's). Which records of them a
# store role reads (its own stores only) is tested by
# tests/test_store_isolation_xmlrpc.py. Finance approvers read stock and
# approve adjustments; Odoo's stock_account still lets every invoicing user
# create transfers, moves and move lines (its rows; no Inventory menu leads there).
STOCK = 'crw'
STOCK_MATRIX = {
    'stock.move': _row(STOCK, inventory_controller='crwu', retail_admin='crwu'),
    'stock.move.line': _row('crwu'),
    'stock.quant': _row('r'),
    'stock.picking': _row('crwu', finance_approver='crw'),
    'stock.picking.type': _row('r', inventory_controller='crwu', retail_admin='crwu'),
    'stock.inventory': _row(STOCK, inventory_controller='crwu', retail_admin='crwu',
                            finance_approver='rw'),
    'stock.inventory.line': _row(STOCK, inventory_controller='crwu', retail_admin='crwu',
                                 finance_approver='r'),
    'stock.scrap': _row(STOCK, finance_approver='r'),
    'stock.location': _row('r', inventory_controller='crwu', retail_admin='crwu'),
    'stock.warehouse': _row('r', inventory_controller='crwu', retail_admin='crwu'),
    'stock.production.lot': _row('crwu', finance_approver='r'),
    'stock.quant.package': _row('crwu', finance_approver='r'),
    'stock.warehouse.orderpoint': _row('r', planner='crw', inventory_controller='crwu',
                                       retail_admin='crwu', finance_approver=''),
    'stock.cycle.count': _row(STOCK, inventory_controller='crwu', retail_admin='crwu',
                              finance_approver=''),
    'report.stock.forecast': _row('r', inventory_controller='crwu', retail_admin='crwu',
                                  finance_approver=''),
    'product.product': _row('r', inventory_controller='crwu', retail_admin='crwu'),
    'sale.order': _row('rw'),
    'purchase.order': _row('r', planner='crwu', inventory_controller='rw',
                           finance_approver='rw', retail_admin='crwu'),
}


class TestAccessMatrix(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {role: cls.env.ref('retail_demo.user_%s' % role) for role in ROLES}

    def _suite_models(self):
        return sorted(name for name, model in self.env.registry.items()
                      if name.startswith('retail.')
                      and not (model._abstract and not model._transient))

    def _granted(self, role, model):
        Model = self.env[model].sudo(self.users[role])
        return ''.join(letter for letter, operation in OPERATIONS
                       if Model.check_access_rights(operation, raise_exception=False))

    def _assert_role(self, role):
        expected = {model: MATRIX[model][role] for model in self._suite_models()
                    if model in MATRIX}
        expected.update((model, row[role]) for model, row in STOCK_MATRIX.items())
        granted = {model: self._granted(role, model) for model in expected}
        self.assertEqual(granted, expected, 'rights of %s' % role)

    def test_every_suite_model_has_a_row(self):
        """Every retail model of the registry has its rights decided in the matrix."""
        models_ = self._suite_models()
        self.assertEqual([m for m in models_ if m not in MATRIX], [],
                         'models without a row in MATRIX')
        self.assertEqual([m for m in MATRIX if m not in models_], [],
                         'rows of MATRIX for models that do not exist')

    def test_every_row_covers_every_role(self):
        """Each row of the matrix decides for all seven roles."""
        for model, row in list(MATRIX.items()) + list(STOCK_MATRIX.items()):
            self.assertEqual(sorted(row), sorted(ROLES), model)

    def test_store_clerk(self):
        """Store clerks have the rights of the matrix."""
        self._assert_role('store_clerk')

    def test_store_manager(self):
        """Store managers have the rights of the matrix."""
        self._assert_role('store_manager')

    def test_dc_operator(self):
        """DC operators have the rights of the matrix."""
        self._assert_role('dc_operator')

    def test_planner(self):
        """Planners have the rights of the matrix."""
        self._assert_role('planner')

    def test_inventory_controller(self):
        """Inventory controllers have the rights of the matrix."""
        self._assert_role('inventory_controller')

    def test_finance_approver(self):
        """Finance approvers have the rights of the matrix."""
        self._assert_role('finance_approver')

    def test_retail_admin(self):
        """Retail administrators have the rights of the matrix."""
        self._assert_role('retail_admin')

"""The access matrix: every retail role x every model of the suite x CRUD.

``MATRIX`` is the decision: for each model, what each role may do, as letters
of ``crwu`` (create, read, write, unlink; '' = nothing). It is checked against
the access rights the server really grants (ir.model.access, with the groups
each role implies) for the demo user of the role. Every model of the registry
whose name starts with ``retail.`` must have a row, so that nobody adds a
model without deciding its rights; abstract mixins (no records) are exempt.
Record rules (per store, per company) are tested in the modules.
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
    'retail.store.cluster': _row('r', planner='crw', retail_admin='crwu'),
    'retail.replenishment.policy': _row('r', planner='crwu', retail_admin='crwu'),
    # Store roles request for their own stores (record rules); state only by actions.
    'retail.emergency.transfer': _row('r', store_clerk='crw', store_manager='crw',
                                      planner='crw', retail_admin='crwu'),
    'retail.emergency.transfer.line': _row('r', store_clerk='crwu', store_manager='crwu',
                                           planner='crwu', retail_admin='crwu'),
    # retail_governance
    'retail.adjustment.reason': _row('r', inventory_controller='crw', retail_admin='crwu'),
    'retail.adjustment.rule': _row('r', inventory_controller='crw', retail_admin='crwu'),
    # Entries are written by the system only; write/unlink are refused in code too.
    'retail.audit.log': _row('r'),
    'retail.exception': _row('crw', retail_admin='crwu'),
    # retail_stock_status
    'retail.stock.status': _row('r', retail_admin='crwu'),
    'retail.stock.balance': _row('r'),
    'retail.stock.balance.location': _row('r'),
    'retail.sales.channel': _row('r', planner='crw', retail_admin='crwu'),
    'retail.sales.channel.warehouse': _row('r', planner='crwu', retail_admin='crwu'),
    'retail.quality.inspection': _row('crw', retail_admin='crwu'),
    'retail.quality.inspection.line': _row('crwu'),
    # Wizards (transient models): every user works on their own records.
    'retail.return.disposition': _row('crwu'),
    'retail.status.change': _row('crwu'),
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
        for model, row in MATRIX.items():
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

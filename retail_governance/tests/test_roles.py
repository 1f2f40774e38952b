# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import SavepointCase

from .common import create_retail_user


class TestRoles(SavepointCase):
    """Retail roles carry the Odoo rights their work needs, and no more."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env['res.company'].create({'name': 'Retail Company B'})
        cls.warehouse_b = cls.env['stock.warehouse'].create({
            'name': 'Company B Store', 'code': 'CBS', 'company_id': cls.company_b.id})
        cls.warehouse_a = cls.env['stock.warehouse'].create({
            'name': 'Company A Store', 'code': 'CAS'})

    @classmethod
    def _create_user(cls, login, role):
        return create_retail_user(cls.env, login, role)

    def test_store_clerk_is_inventory_user_not_manager(self):
        """A store clerk uses the Inventory app but cannot configure it."""
        clerk = self._create_user('t_clerk', 'group_store_clerk')
        self.assertTrue(clerk.has_group('stock.group_stock_user'))
        self.assertFalse(clerk.has_group('stock.group_stock_manager'))
        with self.assertRaises(AccessError):
            self.env['stock.warehouse'].sudo(clerk).create({'name': 'Rogue', 'code': 'RG'})

    def test_store_manager_includes_store_clerk(self):
        """A store manager can do everything a store clerk can."""
        manager = self._create_user('t_manager', 'group_store_manager')
        self.assertTrue(manager.has_group('retail_governance.group_store_clerk'))
        self.assertFalse(manager.has_group('retail_governance.group_inventory_controller'))

    def test_inventory_controller_manages_inventory(self):
        """The inventory controller configures Inventory (warehouses, routes)."""
        controller = self._create_user('t_controller', 'group_inventory_controller')
        self.assertTrue(controller.has_group('stock.group_stock_manager'))

    def test_finance_approver_reaches_accounting(self):
        """Finance approvers work in Accounting, read stock and create no stock document."""
        finance = self._create_user('t_finance', 'group_finance_approver')
        self.assertTrue(finance.has_group('account.group_account_invoice'))
        self.assertFalse(finance.has_group('stock.group_stock_user'))
        for model in ('stock.inventory', 'stock.quant', 'stock.move', 'stock.picking'):
            self.assertTrue(self.env[model].sudo(finance).check_access_rights(
                'read', raise_exception=False), model)
        # (stock_account lets every invoicing user create transfers and moves:
        # Odoo's own rows.)
        for model in ('stock.inventory', 'stock.inventory.line', 'stock.scrap',
                      'stock.quant', 'retail.exception'):
            self.assertFalse(self.env[model].sudo(finance).check_access_rights(
                'create', raise_exception=False), model)

    def test_planner_buys(self):
        """Planners create purchase orders for the DC."""
        planner = self._create_user('t_planner', 'group_planner')
        self.assertTrue(planner.has_group('purchase.group_purchase_user'))

    def test_retail_admin_holds_every_role(self):
        """The retail administrator holds every retail role."""
        admin = self._create_user('t_admin', 'group_retail_admin')
        for role in ('group_store_manager', 'group_dc_operator', 'group_planner',
                     'group_inventory_controller', 'group_finance_approver'):
            self.assertTrue(admin.has_group('retail_governance.%s' % role), role)

    def test_user_warehouses_of_own_companies_only(self):
        """A user cannot be given a warehouse of a company they do not belong to."""
        clerk = self._create_user('t_clerk_b', 'group_store_clerk')
        clerk.retail_warehouse_ids = self.warehouse_a
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            clerk.retail_warehouse_ids = self.warehouse_b
        clerk.invalidate_cache()
        self.assertEqual(clerk.retail_warehouse_ids, self.warehouse_a)
        clerk.write({'company_ids': [(4, self.company_b.id)],
                     'retail_warehouse_ids': [(4, self.warehouse_b.id)]})
        self.assertEqual(clerk.retail_warehouse_ids, self.warehouse_a | self.warehouse_b)

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase


class TestOneInstall(SavepointCase):
    """Installing the harmonization module brings the whole operating model."""

    def test_whole_model_installed(self):
        """The three feature modules are installed with it."""
        modules = self.env['ir.module.module'].search([('name', 'in', (
            'retail_stock_status', 'retail_replenishment', 'retail_governance',
            'retail_inventory_harmonization'))])
        self.assertEqual(set(modules.mapped('state')), {'installed'})
        self.assertEqual(len(modules), 4)

    def test_store_clerk_sees_retail_menu(self):
        """Store staff find the Retail menu in the Inventory app; non-stock users do not."""
        Users = self.env['res.users'].with_context(no_reset_password=True)
        clerk = Users.create({
            'name': 'Menu clerk', 'login': 'menu_clerk',
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id,
                                  self.env.ref('retail_governance.group_store_clerk').id])]})
        employee = Users.create({
            'name': 'Menu employee', 'login': 'menu_employee',
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id])]})
        retail_menu = self.env.ref('retail_inventory_harmonization.menu_retail_root')
        Menu = self.env['ir.ui.menu']
        self.assertNotIn(retail_menu.id, Menu.sudo(employee)._visible_menu_ids())
        self.assertIn(retail_menu.id, Menu.sudo(clerk)._visible_menu_ids())

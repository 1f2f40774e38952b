# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.retail_governance.tests.common import create_retail_user
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
        clerk = create_retail_user(self.env, 'menu_clerk', 'group_store_clerk')
        employee = create_retail_user(self.env, 'menu_employee')
        retail_menu = self.env.ref('retail_inventory_harmonization.menu_retail_root')
        Menu = self.env['ir.ui.menu']
        self.assertNotIn(retail_menu.id, Menu.sudo(employee)._visible_menu_ids())
        self.assertIn(retail_menu.id, Menu.sudo(clerk)._visible_menu_ids())

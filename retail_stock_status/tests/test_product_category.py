# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.addons.retail_governance.tests.common import create_retail_user
from odoo.tests.common import SavepointCase


class TestQualitySensitiveFamily(SavepointCase):
    """Which families go through quarantine is a controller's decision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.family = cls.env['product.category'].create({
            'name': 'Infant formula', 'retail_quality_sensitive': True})
        cls.clerk = create_retail_user(cls.env, 'qs_clerk', 'group_store_clerk')
        cls.controller = create_retail_user(cls.env, 'qs_controller',
                                            'group_inventory_controller')

    def test_store_clerk_cannot_lift_quality_flag(self):
        """A store clerk cannot take a family out of quarantine handling."""
        with self.assertRaises(AccessError):
            self.family.sudo(self.clerk).write({'retail_quality_sensitive': False})
        self.assertTrue(self.family.retail_quality_sensitive)

    def test_inventory_controller_sets_quality_flag(self):
        """The inventory controller marks a family quality sensitive."""
        family = self.env['product.category'].sudo(self.controller).create({
            'name': 'Batteries'})
        family.retail_quality_sensitive = True
        self.assertTrue(family.retail_quality_sensitive)

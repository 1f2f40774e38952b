# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase


class TestQualitySensitiveFamily(SavepointCase):
    """Which families go through quarantine is a controller's decision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.family = cls.env['product.category'].create({
            'name': 'Infant formula', 'retail_quality_sensitive': True})
        cls.clerk = cls._create_user('qs_clerk', 'group_store_clerk')
        cls.controller = cls._create_user('qs_controller', 'group_inventory_controller')

    @classmethod
    def _create_user(cls, login, role):
        return cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': login, 'login': login,
            'groups_id': [(6, 0, [cls.env.ref('base.group_user').id,
                                  cls.env.ref('retail_governance.%s' % role).id])],
        })

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

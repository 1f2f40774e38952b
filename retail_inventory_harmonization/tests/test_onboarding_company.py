# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.retail_governance.tests.common import create_retail_user
from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase


class TestCompanySetup(SavepointCase):
    """Two companies in one database, each with its retail administrator:
    company A set up (DC, cluster, rule) with a 0.90 service level and a
    tolerance of 4 units, company B new, with 0.98 and 25 units."""

    @classmethod
    def setUpClass(cls):
        super(TestCompanySetup, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Company = cls.env['res.company']
        cls.company_a = Company.create({'name': 'Setup Company A'})
        cls.company_b = Company.create({'name': 'Setup Company B'})
        cls.admin_a = create_retail_user(cls.env, 'setup_admin_a', 'group_retail_admin',
                                         company=cls.company_a)
        cls.admin_b = create_retail_user(cls.env, 'setup_admin_b', 'group_retail_admin',
                                         company=cls.company_b)
        Warehouse = cls.env['stock.warehouse']
        # Odoo gives each new company a warehouse: company A makes it its DC.
        cls.dc_a = Warehouse.search([('company_id', '=', cls.company_a.id)], limit=1)
        cls.company_a.sudo(cls.admin_a).write({
            'retail_dc_id': cls.dc_a.id, 'retail_service_level': 0.90,
            'retail_qty_tolerance': 4.0, 'retail_finance_threshold': 2000.0})
        cls.company_b.sudo(cls.admin_b).write({
            'retail_service_level': 0.98, 'retail_qty_tolerance': 25.0})
        cls.env['retail.store.cluster'].sudo(cls.admin_a).create(
            {'name': 'A cluster', 'code': 'ACL'})
        cls.env['retail.adjustment.rule'].sudo(cls.admin_a).create({'name': 'A rule'})

    def test_defaults_per_company(self):
        """New clusters and rules start from their own company's defaults."""
        Cluster = self.env['retail.store.cluster']
        Rule = self.env['retail.adjustment.rule']
        cluster_a = Cluster.sudo(self.admin_a).create({'name': 'A2', 'code': 'A2'})
        cluster_b = Cluster.sudo(self.admin_b).create({'name': 'B1', 'code': 'B1'})
        self.assertEqual((cluster_a.service_level, cluster_a.supply_warehouse_id),
                         (0.90, self.dc_a))
        self.assertEqual((cluster_b.service_level, cluster_b.supply_warehouse_id.id),
                         (0.98, False))
        rule_a = Rule.sudo(self.admin_a).create({'name': 'A2 rule'})
        rule_b = Rule.sudo(self.admin_b).create({'name': 'B rule'})
        self.assertEqual((rule_a.qty_threshold, rule_a.finance_value_threshold),
                         (4.0, 2000.0))
        self.assertEqual((rule_b.qty_threshold, rule_b.finance_value_threshold),
                         (25.0, 1000.0))

    def test_checklist_of_new_company(self):
        """A new company's checklist names what it lacks: DC, cluster, rule."""
        issues = self.company_b.sudo(self.admin_b).retail_setup_issues
        self.assertIn('No distribution centre', issues)
        self.assertIn('No store cluster', issues)
        self.assertIn('No adjustment approval rule', issues)
        self.assertFalse(self.company_b.retail_setup_done)

    def test_checklist_names_stores_without_cluster(self):
        """A store without a cluster shows on its company's checklist only."""
        self.assertTrue(self.company_a.sudo(self.admin_a).retail_setup_done)
        store = self.env['stock.warehouse'].create({
            'name': 'A loose store', 'code': 'ALS', 'company_id': self.company_a.id})
        self.env['res.company'].invalidate_cache()  # a new request reads it again
        self.assertIn('ALS', self.company_a.sudo(self.admin_a).retail_setup_issues)
        self.assertNotIn(store.code, self.company_b.sudo(self.admin_b).retail_setup_issues)

    def test_settings_page_writes_current_company(self):
        """The settings page changes the administrator's company, not the other."""
        settings = self.env['res.config.settings'].create({})
        self.assertEqual(settings.company_id, self.env.user.company_id)
        company = self.env.user.company_id
        settings.write({'retail_service_level': 0.93})
        settings.execute()
        self.assertEqual(company.retail_service_level, 0.93)
        self.assertEqual(self.company_b.retail_service_level, 0.98)

    def test_dc_of_other_company_refused(self):
        """A company cannot take another company's warehouse as its DC."""
        with self.assertRaises(ValidationError):
            self.company_b.sudo(self.admin_b).retail_dc_id = self.dc_a

    def test_service_level_must_be_a_probability(self):
        """A default service level outside 0..1 is refused."""
        with self.assertRaises(ValidationError):
            self.company_b.sudo(self.admin_b).retail_service_level = 95

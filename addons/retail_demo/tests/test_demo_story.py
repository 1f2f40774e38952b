# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase


class TestDemoStory(SavepointCase):
    """Each demo user finds the operating model configured and work of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = {role: cls.env.ref('retail_demo.user_%s' % role) for role in (
            'store_clerk', 'store_manager', 'dc_operator', 'planner',
            'inventory_controller', 'finance_approver', 'retail_admin')}
        cls.company = cls.env.ref('base.main_company')

    def _waiting_for(self, role):
        user = self.user[role]
        return self.env['stock.inventory'].sudo(user).search([
            ('retail_next_reviewer_ids', 'in', [user.id])])

    def test_company_configured(self):
        """The company's DC and defaults are set; its checklist lacks no DC, cluster
        or rule, and names no store of the network."""
        self.assertEqual(self.company.retail_dc_id.code, 'DC')
        self.assertEqual(self.company.retail_finance_threshold, 1000.0)
        issues = self.company.retail_setup_issues
        for missing in ('No distribution centre', 'No store cluster', 'No adjustment'):
            self.assertNotIn(missing, issues)
        self.assertNotIn('S001', issues)

    def test_adjustment_rules_with_finance_threshold(self):
        """Store and DC approval rules exist with tolerances and a finance threshold."""
        rules = self.env['retail.adjustment.rule'].search([])
        self.assertGreaterEqual(len(rules), 2)
        self.assertTrue(all(rule.require_finance and rule.finance_value_threshold
                            for rule in rules))

    def test_one_adjustment_waits_for_each_tier(self):
        """The store manager, the inventory controller and finance each have one to approve."""
        for role in ('store_manager', 'inventory_controller', 'finance_approver'):
            self.assertEqual(len(self._waiting_for(role)), 1, role)

    def test_each_owner_has_an_open_exception_with_deadline(self):
        """Open exceptions of four types, one per owner, each with a deadline."""
        Exception_ = self.env['retail.exception']
        for role in ('store_manager', 'planner', 'inventory_controller', 'dc_operator'):
            mine = Exception_.sudo(self.user[role]).search([
                ('owner_id', '=', self.user[role].id),
                ('state', 'in', ('open', 'in_progress', 'escalated'))])
            self.assertTrue(mine, role)
            self.assertTrue(all(mine.mapped('deadline')), role)
        types = Exception_.search([('state', '=', 'open')]).mapped('exception_type')
        self.assertGreaterEqual(len(set(types)), 4)

    def test_inspection_pending_in_store(self):
        """A quality inspection waits in S001's quarantine, seen by the store manager."""
        inspections = self.env['retail.quality.inspection'].sudo(
            self.user['store_manager']).search([('state', '=', 'draft')])
        self.assertIn('S001', inspections.mapped('warehouse_id.code'))
        self.assertTrue(inspections.mapped('line_ids'))

    def test_store_clerk_sees_own_requests(self):
        """The store clerk finds the adjustments they submitted waiting for approval."""
        requested = self.env['stock.inventory'].sudo(self.user['store_clerk']).search([
            ('retail_requested_by_id', '=', self.user['store_clerk'].id),
            ('state', '!=', 'done')])
        self.assertEqual(len(requested), 3)

    def test_templates_per_format(self):
        """A store template per cluster format, supplied by the DC."""
        templates = self.env['retail.store.template'].search([])
        self.assertEqual(set(templates.mapped('cluster_id.code')), {'URB', 'SUB', 'OUT'})
        self.assertEqual(templates.mapped('supply_warehouse_id.code'), ['DC'])

    def test_kpis_differ_between_stores_and_weeks(self):
        """The backfilled snapshots hold different figures per store and per week."""
        self.env.cr.execute("""
            SELECT count(DISTINCT round(accuracy_line_pct::numeric, 1)),
                   count(DISTINCT week_start), count(DISTINCT warehouse_id)
              FROM retail_kpi_snapshot WHERE accuracy_line_pct IS NOT NULL""")
        values, weeks, stores = self.env.cr.fetchone()
        self.assertGreater(values, 1)
        self.assertGreaterEqual(weeks, 3)
        self.assertGreaterEqual(stores, 35)

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase


class TestAdjustmentRuleCluster(SavepointCase):
    """Adjustment rules can be scoped by store cluster."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Warehouse = cls.env['stock.warehouse']
        cls.cluster = cls.env['retail.store.cluster'].create({'name': 'Kiosks', 'code': 'KSK'})
        cls.kiosk = Warehouse.create({'name': 'Kiosk 1', 'code': 'KS1',
                                      'retail_cluster_id': cls.cluster.id})
        cls.mall = Warehouse.create({'name': 'Mall store', 'code': 'MLS'})
        cls.product = cls.env['product.product'].create({'name': 'Rule item', 'type': 'product'})
        cls.Rule = cls.env['retail.adjustment.rule']
        cls.rule = cls.Rule.create({
            'name': 'Kiosks: tight', 'sequence': 1, 'cluster_ids': [(6, 0, cls.cluster.ids)],
            'qty_threshold': 1, 'require_store_manager': True})

    def _rule_for(self, warehouse):
        rules = self.Rule.search([('id', '=', self.rule.id)])
        return self.Rule._find_rule(self.env.user.company_id, warehouse, self.product,
                                    rules=rules)

    def test_rule_applies_to_cluster_stores_only(self):
        """A cluster rule applies to the cluster's stores, not to other stores."""
        self.assertEqual(self._rule_for(self.kiosk), self.rule)
        self.assertFalse(self._rule_for(self.mall))

    def test_warehouses_and_clusters_add_up(self):
        """A rule with clusters and warehouses applies to both."""
        self.rule.warehouse_ids = self.mall
        self.assertEqual(self._rule_for(self.mall), self.rule)
        self.assertEqual(self._rule_for(self.kiosk), self.rule)

    def test_cluster_change_is_audited(self):
        """Changing a rule's clusters writes an audit entry."""
        other = self.env['retail.store.cluster'].create({'name': 'Airports', 'code': 'APT'})
        self.rule.cluster_ids = [(4, other.id)]
        entry = self.env['retail.audit.log'].search([
            ('event_type', '=', 'rule_changed'), ('res_model', '=', 'retail.adjustment.rule'),
            ('res_id', '=', self.rule.id)], limit=1)
        self.assertIn('Airports', entry.after_values)

    def test_cluster_of_other_company_refused(self):
        """A rule cannot use another company's clusters."""
        company_b = self.env['res.company'].create({'name': 'Rule Company B'})
        cluster_b = self.env['retail.store.cluster'].create({
            'name': 'B kiosks', 'code': 'KSK', 'company_id': company_b.id})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.rule.cluster_ids = [(4, cluster_b.id)]

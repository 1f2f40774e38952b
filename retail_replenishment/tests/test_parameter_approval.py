# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.retail_governance.tests.common import create_retail_user
from odoo.exceptions import UserError

from .test_replenishment_policy import ReplenishmentCase


class TestParameterApproval(ReplenishmentCase):
    """With the company's master data approval on, a planner's change of the
    replenishment parameters does not reach the next run until a data steward
    approves it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.retail_master_data_approval = True
        cls.steward = create_retail_user(cls.env, 'rp_steward', 'group_data_steward')
        cls.Change = cls.env['retail.master.data.change']

    def _request(self, record):
        return self.Change.search([('res_model', '=', record._name),
                                   ('res_id', '=', record.id), ('state', '=', 'pending')])

    def test_policy_change_waits_for_steward(self):
        self._apply()
        rule = self._rule(self.store_1, self.sub_item)
        self.fixed_policy.sudo(self.planner).write({'max_qty': 12})
        self.assertEqual(self.fixed_policy.max_qty, 9)
        self._apply()
        self.assertEqual(rule.product_max_qty, 9)
        request = self._request(self.fixed_policy)
        with self.assertRaises(UserError):
            request.sudo(self.planner).action_approve()
        request.sudo(self.steward).action_approve()
        self.assertEqual(self.fixed_policy.max_qty, 12)
        self._apply()
        self.assertEqual(rule.product_max_qty, 12)

    def test_new_policy_ignored_until_approved(self):
        policy = self.Policy.sudo(self.planner).create({
            'name': 'Other fixed', 'cluster_id': self.cluster.id,
            'categ_id': self.other.id, 'method': 'fixed', 'min_qty': 1, 'max_qty': 4})
        self.assertEqual(policy.retail_approval_state, 'pending')
        self._apply()
        self.assertFalse(self._rule(self.store_1, self.other_item))
        self._request(policy).sudo(self.steward).action_approve()
        self._apply()
        self.assertEqual(self._rule(self.store_1, self.other_item).product_max_qty, 4)

    def test_cluster_lead_time_waits_for_steward(self):
        self.cluster.sudo(self.planner).write({'lead_days': 5.0, 'planner_id': self.planner.id})
        self.assertEqual(self.cluster.lead_days, 2.0)
        self.assertEqual(self.cluster.planner_id, self.planner)
        request = self._request(self.cluster)
        self.assertIn('5', request.description)
        request.sudo(self.steward).action_reject()
        self.assertEqual(self.cluster.lead_days, 2.0)

    def test_locking_a_rule_waits_for_steward(self):
        self._apply()
        rule = self._rule(self.store_1, self.sub_item)
        rule.sudo(self.planner).write({'product_min_qty': 5, 'product_max_qty': 20,
                                       'retail_locked': True})
        self.assertFalse(rule.retail_locked)
        self.assertEqual((rule.product_min_qty, rule.product_max_qty), (3, 9))
        # an unlocked rule's min/max stay the planner's business
        other = self._rule(self.store_2, self.sub_item)
        other.sudo(self.planner).write({'product_max_qty': 15})
        self.assertEqual(other.product_max_qty, 15)
        self._request(rule).sudo(self.steward).action_approve()
        self.assertTrue(rule.retail_locked)
        self.assertEqual((rule.product_min_qty, rule.product_max_qty), (5, 20))
        self.assertEqual(self._apply()['locked'], 1)
        self.assertEqual(rule.product_max_qty, 20)

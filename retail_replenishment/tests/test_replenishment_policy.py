# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta
from unittest import mock

from odoo import fields
from odoo.addons.retail_governance.tests.common import create_retail_user
from odoo.addons.retail_replenishment.models import retail_replenishment_policy as policy_module
from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import SavepointCase


class ReplenishmentCase(SavepointCase):
    """A cluster (lead time 2 days, review 7 days, 95 %) of two stores; a
    family tree Root > Family > Sub; a demand-driven policy on Family (2-week
    lookback) and a fixed one on Sub (min 3, max 9, pack 3); hand-made sales."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.today = fields.Date.from_string(fields.Date.context_today(cls.env.user))
        cls.Policy = cls.env['retail.replenishment.policy']
        cls.Orderpoint = cls.env['stock.warehouse.orderpoint']
        cls.company = cls.env.user.company_id
        cls.cluster = cls.env['retail.store.cluster'].create({
            'name': 'Test format', 'code': 'TRP', 'lead_days': 2.0, 'review_days': 7.0,
            'service_level': 0.95})
        cls.store_1 = cls._create_store('Replenished 1', 'RP1', cls.cluster)
        cls.store_2 = cls._create_store('Replenished 2', 'RP2', cls.cluster)
        Category = cls.env['product.category']
        cls.root = Category.create({'name': 'RP Root'})
        cls.family = Category.create({'name': 'RP Family', 'parent_id': cls.root.id})
        cls.sub = Category.create({'name': 'RP Sub', 'parent_id': cls.family.id})
        cls.other = Category.create({'name': 'RP Other'})
        cls.item = cls._create_product('RP item', cls.family)
        cls.sub_item = cls._create_product('RP sub item', cls.sub)
        cls.other_item = cls._create_product('RP other item', cls.other)
        cls.demand_policy = cls.Policy.create({
            'name': 'Family by demand', 'cluster_id': cls.cluster.id,
            'categ_id': cls.family.id, 'method': 'demand', 'lookback_weeks': 2})
        cls.fixed_policy = cls.Policy.create({
            'name': 'Sub fixed', 'cluster_id': cls.cluster.id, 'categ_id': cls.sub.id,
            'method': 'fixed', 'min_qty': 3, 'max_qty': 9, 'pack_multiple': 3,
            'sequence': 50})
        cls.planner = create_retail_user(cls.env, 'rp_planner', 'group_planner')
        cls.clerk = create_retail_user(cls.env, 'rp_clerk', 'group_store_clerk',
                                       warehouses=cls.store_1)
        cls.controller = create_retail_user(cls.env, 'rp_controller',
                                            'group_inventory_controller')
        cls.customers = cls.env.ref('stock.stock_location_customers')
        # Store 1 sells the item 7 units 3 and 10 days ago, 2 come back 3 days
        # ago; a sale 20 days ago is outside the 2-week lookback, today's is
        # not over yet.
        cls._receive(cls.store_1, cls.item, 200)
        cls._sell(cls.store_1, cls.item, 7, 3)
        cls._sell(cls.store_1, cls.item, 2, 3, returned=True)
        cls._sell(cls.store_1, cls.item, 7, 10)
        cls._sell(cls.store_1, cls.item, 100, 20)
        cls._sell(cls.store_1, cls.item, 50, 0)

    @classmethod
    def _create_store(cls, name, code, cluster, company=None):
        return cls.env['stock.warehouse'].create({
            'name': name, 'code': code, 'retail_cluster_id': cluster.id,
            'company_id': (company or cls.env.user.company_id).id})

    @classmethod
    def _create_product(cls, name, categ, company=None):
        return cls.env['product.product'].create({
            'name': name, 'type': 'product', 'categ_id': categ.id,
            'company_id': company.id if company else False})

    @classmethod
    def _done_move(cls, product, source, dest, qty, date=None):
        move = cls.env['stock.move'].create({
            'name': product.name, 'product_id': product.id, 'product_uom_qty': qty,
            'product_uom': product.uom_id.id, 'location_id': source.id,
            'location_dest_id': dest.id})
        move._action_confirm()
        move._action_assign()
        move.move_line_ids.qty_done = qty
        move._action_done()
        if date:
            cls.env.cr.execute("UPDATE stock_move SET date = %s WHERE id = %s",
                               (date, move.id))
            cls.env.cr.execute("UPDATE stock_move_line SET date = %s WHERE move_id = %s",
                               (date, move.id))
            move.invalidate_cache()
        return move

    @classmethod
    def _receive(cls, store, product, qty):
        cls._done_move(product, cls.env.ref('stock.location_inventory'),
                       store.lot_stock_id, qty)

    @classmethod
    def _sell(cls, store, product, qty, days_ago, returned=False):
        """A sale (or a customer return) ``days_ago`` days ago at noon UTC."""
        date = datetime.combine(cls.today - timedelta(days=days_ago), time(12))
        source, dest = store.lot_stock_id, cls.customers
        if returned:
            source, dest = dest, source
        return cls._done_move(product, source, dest, qty, fields.Datetime.to_string(date))

    def _rule(self, store, product):
        return self.Orderpoint.search([
            ('location_id', '=', store.lot_stock_id.id), ('product_id', '=', product.id)])

    def _apply(self, user=None):
        return self.cluster.sudo(user or self.planner).apply_policies()


class TestReplenishmentPolicy(ReplenishmentCase):
    """Precedence of policies and the demand they read."""

    def _match(self, product):
        matches = self.Policy._get_policy_matches(self.cluster, self.today, product)
        return self.Policy.browse(matches.get((self.cluster.id, product.id)))

    def test_specific_family_beats_parent(self):
        """The policy of the product's own family wins over its parent's, whatever the sequence."""
        self.assertEqual(self._match(self.sub_item), self.fixed_policy)
        self.assertEqual(self._match(self.item), self.demand_policy)

    def test_precedence_without_nested_sets(self):
        """Precedence holds for categories whose nested-set columns are not computed yet.

        Odoo 11 computes parent_left/parent_right only at the end of a module
        installation: the demo's install hook creates families without them."""
        self.env.cr.execute(
            "UPDATE product_category SET parent_left = NULL, parent_right = NULL "
            "WHERE id IN %s", (tuple((self.root | self.family | self.sub).ids),))
        self.assertEqual(self._match(self.sub_item), self.fixed_policy)
        self.assertEqual(self._match(self.item), self.demand_policy)

    def test_sequence_breaks_a_tie(self):
        """Between two policies of the same family the lower sequence wins."""
        first = self.Policy.create({'name': 'Sub first', 'cluster_id': self.cluster.id,
                                    'categ_id': self.sub.id, 'sequence': 5})
        self.assertEqual(self._match(self.sub_item), first)

    def test_policy_outside_its_dates_does_not_apply(self):
        """A policy applies only between its dates; the parent family's covers meanwhile."""
        self.fixed_policy.date_to = fields.Date.to_string(self.today - timedelta(days=1))
        self.assertEqual(self._match(self.sub_item), self.demand_policy)
        self.fixed_policy.write({
            'date_to': False,
            'date_from': fields.Date.to_string(self.today + timedelta(days=1))})
        self.assertEqual(self._match(self.sub_item), self.demand_policy)
        self.fixed_policy.date_from = fields.Date.to_string(self.today)
        self.assertEqual(self._match(self.sub_item), self.fixed_policy)

    def test_policy_without_family_covers_the_rest(self):
        """A policy without a family covers every product but loses to any family's."""
        catch_all = self.Policy.create({'name': 'All', 'cluster_id': self.cluster.id,
                                        'sequence': 1})
        self.assertEqual(self._match(self.other_item), catch_all)
        self.assertEqual(self._match(self.item), self.demand_policy)

    def test_demand_counts_days_without_sales_as_zero(self):
        """Net daily demand 5 and 7 on 2 of 14 days: d = 12/14, population s, last week 5.

        mean = 12 / 14 = 0.857143; variance = (25 + 49) / 14 - 0.857143^2 =
        4.551020; s = 2.133312. The sale 20 days ago is outside the lookback,
        today's is not over, the return of 2 nets the day to 5."""
        stats = self.Policy._get_demand_stats(self.store_1 | self.store_2, self.item,
                                              date=fields.Date.to_string(self.today))
        self.assertEqual(list(stats), [(self.store_1.id, self.item.id)])
        daily, stddev, last_week = stats[(self.store_1.id, self.item.id)]
        self.assertAlmostEqual(daily, 12 / 14, places=6)
        self.assertAlmostEqual(stddev, 2.133312, places=6)
        self.assertEqual(last_week, 5)

    def test_demand_without_nested_sets(self):
        """The stores' locations are found also before Odoo computes their nested sets."""
        self.env.cr.execute(
            "UPDATE stock_location SET parent_left = NULL, parent_right = NULL "
            "WHERE id IN %s", (tuple((self.store_1.view_location_id
                                     | self.store_1.lot_stock_id).ids),))
        stats = self.Policy._get_demand_stats(self.store_1, self.item,
                                              date=fields.Date.to_string(self.today))
        self.assertAlmostEqual(stats[(self.store_1.id, self.item.id)][0], 12 / 14, places=6)

    def test_demand_ignores_transfers(self):
        """Stock leaving for another warehouse is not demand."""
        self._done_move(self.item, self.store_1.lot_stock_id, self.store_2.lot_stock_id, 30,
                        fields.Datetime.to_string(datetime.combine(
                            self.today - timedelta(days=2), time(9))))
        stats = self.Policy._get_demand_stats(self.store_1 | self.store_2, self.item,
                                              date=fields.Date.to_string(self.today))
        self.assertAlmostEqual(stats[(self.store_1.id, self.item.id)][0], 12 / 14, places=6)
        self.assertNotIn((self.store_2.id, self.item.id), stats)

    def test_min_not_above_max(self):
        """A fixed policy cannot have a minimum above its maximum."""
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.fixed_policy.sudo(self.planner).write({'min_qty': 10})
        self.assertEqual(self.fixed_policy.min_qty, 3)

    def test_cluster_settings_checked(self):
        """A service level outside (0, 1) or a negative lead time is refused."""
        for vals in ({'service_level': 1.0}, {'service_level': 0.0}, {'lead_days': -1}):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.cluster.sudo(self.planner).write(vals)

    def test_clerk_cannot_change_policies(self):
        """Store staff read policies; only planners change them."""
        self.assertEqual(self.demand_policy.sudo(self.clerk).method, 'demand')
        with self.assertRaises(AccessError):
            self.demand_policy.sudo(self.clerk).write({'lookback_weeks': 4})


class TestApplyPolicies(ReplenishmentCase):
    """Applying the policies to Odoo's reordering rules."""

    def test_apply_creates_one_rule_per_store_and_product(self):
        """Every store x covered product gets one rule; uncovered products none."""
        counts = self._apply()
        self.assertEqual(counts, {'created': 4, 'updated': 0, 'archived': 0,
                                  'unchanged': 0, 'locked': 0})
        for store in self.store_1 | self.store_2:
            for product in self.item | self.sub_item:
                self.assertEqual(len(self._rule(store, product)), 1)
            self.assertFalse(self._rule(store, self.other_item))
        rule = self._rule(self.store_1, self.sub_item)
        self.assertEqual(rule.company_id, self.company)
        self.assertEqual(rule.warehouse_id, self.store_1)
        self.assertTrue(rule.name)
        self.assertEqual(rule.retail_cluster_id, self.cluster)
        self.assertEqual(rule.retail_categ_id, self.sub)

    def test_demand_rule_shows_its_inputs(self):
        """The rule holds d, s, safety stock and min/max from the store's own sales.

        d = 0.857143, s = 2.133312 (see the demand test); ss = 1.644854 x
        2.133312 x sqrt(2) = 4.962477; min = 2 x 0.857143 + 4.962477 = 6.676763
        -> 7; max = 6.676763 + 7 x 0.857143 = 12.676763 -> 13."""
        self._apply()
        rule = self._rule(self.store_1, self.item)
        self.assertAlmostEqual(rule.retail_daily_demand, 0.857, places=3)
        self.assertAlmostEqual(rule.retail_demand_stddev, 2.133, places=3)
        self.assertAlmostEqual(rule.retail_safety_stock, 4.962, places=3)
        self.assertEqual((rule.product_min_qty, rule.product_max_qty), (7, 13))
        self.assertEqual((rule.retail_proposed_min_qty, rule.retail_proposed_max_qty),
                         (7, 13))
        self.assertEqual(rule.retail_policy_id, self.demand_policy)
        self.assertEqual(rule.retail_set_by, 'policy')
        self.assertEqual(rule.retail_set_by_user_id, self.planner)
        self.assertTrue(rule.retail_computed_date)
        self.assertEqual((rule.lead_days, rule.lead_type), (2, 'net'))
        # no sales in store 2: nothing to hold
        other = self._rule(self.store_2, self.item)
        self.assertEqual((other.product_min_qty, other.product_max_qty), (0, 0))

    def test_fixed_rule_takes_the_policy_values(self):
        """A fixed policy's min/max and pack multiple are applied as given."""
        self._apply()
        rule = self._rule(self.store_2, self.sub_item)
        self.assertEqual((rule.product_min_qty, rule.product_max_qty, rule.qty_multiple),
                         (3, 9, 3))
        self.assertEqual(rule.retail_policy_id, self.fixed_policy)

    def test_second_apply_writes_nothing(self):
        """Applying again with the same inputs changes no rule, not even its write date."""
        self._apply()
        rules = self.Orderpoint.search([('retail_cluster_id', '=', self.cluster.id)])
        self.env.cr.execute(
            "UPDATE stock_warehouse_orderpoint SET write_date = '2000-01-01 00:00:00' "
            "WHERE id = ANY(%s)", (rules.ids,))
        counts = self._apply()
        self.assertEqual(counts, {'created': 0, 'updated': 0, 'archived': 0,
                                  'unchanged': 4, 'locked': 0})
        self.env.cr.execute(
            "SELECT DISTINCT write_date::text FROM stock_warehouse_orderpoint "
            "WHERE id = ANY(%s)", (rules.ids,))
        self.assertEqual(self.env.cr.fetchall(), [('2000-01-01 00:00:00',)])

    def test_store_batches_give_the_same_rules(self):
        """Applying store by store (small batches) gives the rules of one pass."""
        with mock.patch.object(policy_module, 'BATCH_PAIRS', 1):
            self.assertEqual(self._apply()['created'], 4)
        self.assertEqual(self._apply()['unchanged'], 4)

    def test_changed_input_updates_only_that_rule(self):
        """A new sale in one store changes that store's rule and no other."""
        self._apply()
        before = {rule.id: rule.product_max_qty for rule in self.Orderpoint.search([
            ('retail_cluster_id', '=', self.cluster.id)])}
        self._receive(self.store_2, self.item, 50)
        self._sell(self.store_2, self.item, 40, 1)
        counts = self._apply()
        self.assertEqual((counts['updated'], counts['unchanged']), (1, 3))
        changed = self._rule(self.store_2, self.item)
        self.assertGreater(changed.product_max_qty, before[changed.id])

    def test_policy_change_updates_its_rules(self):
        """Changing a fixed policy's maximum changes the max of its rules."""
        self._apply()
        self.fixed_policy.sudo(self.planner).max_qty = 12
        counts = self._apply()
        self.assertEqual((counts['updated'], counts['unchanged']), (2, 2))
        self.assertEqual(self._rule(self.store_1, self.sub_item).product_max_qty, 12)

    def test_rules_leaving_the_scope_are_archived(self):
        """Rules of products out of the policies' families or of an archived policy are archived."""
        self._apply()
        manual = self.Orderpoint.create({
            'warehouse_id': self.store_1.id, 'location_id': self.store_1.lot_stock_id.id,
            'product_id': self.other_item.id, 'product_min_qty': 1, 'product_max_qty': 2})
        self.sub_item.categ_id = self.other
        counts = self._apply()
        self.assertEqual(counts['archived'], 2)
        self.assertFalse(self._rule(self.store_1, self.sub_item))
        self.demand_policy.active = False
        self.assertEqual(self._apply()['archived'], 2)
        self.assertFalse(self.Orderpoint.search([
            ('retail_cluster_id', '=', self.cluster.id), ('retail_policy_id', '!=', False)]))
        self.assertTrue(manual.active, "a rule no policy made is not the policies' to archive")

    def test_store_leaving_the_cluster_loses_its_rules(self):
        """A store moved out of the cluster has its policy rules archived at the next apply."""
        self._apply()
        self.store_2.retail_cluster_id = self.env['retail.store.cluster'].create(
            {'name': 'Elsewhere', 'code': 'TRX'})
        counts = self._apply()
        self.assertEqual(counts['archived'], 2)
        self.assertFalse(self._rule(self.store_2, self.item))
        self.assertTrue(self._rule(self.store_1, self.item))

    def test_rule_back_in_scope_is_reactivated(self):
        """A product back in scope gets its archived rule back, not a second one."""
        self._apply()
        rule = self._rule(self.store_1, self.sub_item)
        self.sub_item.categ_id = self.other
        self._apply()
        self.sub_item.categ_id = self.sub
        counts = self._apply()
        self.assertEqual((counts['created'], counts['updated']), (0, 2))
        self.assertEqual(self._rule(self.store_1, self.sub_item), rule)

    def test_locked_rule_keeps_its_min_max(self):
        """A rule the planner locked keeps its min/max; only the proposed values move."""
        self._apply()
        rule = self._rule(self.store_1, self.sub_item)
        rule.sudo(self.planner).write({'product_min_qty': 5, 'product_max_qty': 20,
                                       'retail_locked': True})
        self.fixed_policy.max_qty = 12
        counts = self._apply()
        self.assertEqual(counts['locked'], 1)
        self.assertEqual((rule.product_min_qty, rule.product_max_qty), (5, 20))
        self.assertEqual(rule.retail_proposed_max_qty, 12)
        self.assertEqual((rule.retail_set_by, rule.retail_set_by_user_id),
                         ('planner', self.planner))
        lock_log = self.env['retail.audit.log'].search([
            ('res_model', '=', rule._name), ('res_id', '=', rule.id),
            ('after_values', 'like', 'retail_locked')])
        self.assertEqual(lock_log.user_id, self.planner)

    def test_planner_override_is_recorded(self):
        """A planner's hand-set min/max says who set it and enters the audit trail."""
        self._apply()
        rule = self._rule(self.store_1, self.item)
        rule.sudo(self.planner).write({'product_max_qty': 40})
        self.assertEqual((rule.retail_set_by, rule.retail_set_by_user_id),
                         ('planner', self.planner))
        log = self.env['retail.audit.log'].search([
            ('res_model', '=', rule._name), ('res_id', '=', rule.id)])
        self.assertEqual(log.mapped('event_type'), ['orderpoint_overridden'])
        self.assertEqual(log.user_id, self.planner)
        # unlocked: the next apply puts the policy's values back
        self.assertEqual(self._apply()['updated'], 1)
        self.assertEqual((rule.product_max_qty, rule.retail_set_by), (13, 'policy'))

    def test_only_planners_lock_rules(self):
        """An inventory controller may edit rules but not lock them."""
        self._apply()
        rule = self._rule(self.store_1, self.item)
        with self.assertRaises(AccessError):
            rule.sudo(self.controller).write({'retail_locked': True})
        rule.sudo(self.controller).write({'product_min_qty': 8})
        self.assertEqual(rule.retail_set_by, 'manual')

    def test_store_clerk_cannot_apply(self):
        """Applying policies is for planners and retail administrators."""
        with self.assertRaises(AccessError):
            self._apply(self.clerk)
        self.assertFalse(self._rule(self.store_1, self.item))


class TestOneActiveRule(ReplenishmentCase):
    """At most one active reordering rule per product and location."""

    def _vals(self, store=None, **kwargs):
        store = store or self.store_1
        return dict({'warehouse_id': store.id, 'location_id': store.lot_stock_id.id,
                     'product_id': self.other_item.id, 'product_min_qty': 1,
                     'product_max_qty': 5}, **kwargs)

    def test_duplicate_rule_refused(self):
        """A planner cannot add a second active rule for a product in one location."""
        Orderpoint = self.Orderpoint.sudo(self.planner)
        Orderpoint.create(self._vals())
        with self.assertRaises(ValidationError) as error:
            Orderpoint.create(self._vals(product_min_qty=2))
        self.assertIn('only one active reordering rule', str(error.exception))
        self.assertEqual(len(self._rule(self.store_1, self.other_item)), 1)

    def test_duplicate_refused_with_default_location(self):
        """A rule whose warehouse and location come from the defaults is checked too."""
        Orderpoint = self.Orderpoint.sudo(self.planner)
        vals = {'product_id': self.other_item.id, 'product_min_qty': 1, 'product_max_qty': 5}
        first = Orderpoint.create(vals)
        self.assertTrue(first.location_id)
        with self.assertRaises(ValidationError):
            Orderpoint.create(vals)

    def test_other_location_or_archived_rule_allowed(self):
        """Another location, or an archived rule, is no duplicate; reactivating one is."""
        Orderpoint = self.Orderpoint.sudo(self.planner)
        first = Orderpoint.create(self._vals())
        Orderpoint.create(self._vals(self.store_2))
        archived = Orderpoint.create(self._vals(active=False))
        with self.assertRaises(ValidationError):
            archived.write({'active': True})
        first.active = False
        archived.write({'active': True})
        self.assertTrue(archived.active)

    def test_moving_a_rule_onto_another_refused(self):
        """Changing a rule's product or location onto an existing rule is refused."""
        Orderpoint = self.Orderpoint.sudo(self.planner)
        Orderpoint.create(self._vals())
        second = Orderpoint.create(self._vals(product_id=self.item.id))
        with self.assertRaises(ValidationError):
            second.write({'product_id': self.other_item.id})
        with self.assertRaises(ValidationError):
            second.copy()

    def test_database_refuses_duplicates_behind_the_orm(self):
        """The partial unique index holds even for SQL that bypasses the ORM."""
        from psycopg2 import IntegrityError
        from odoo.tools import mute_logger
        rule = self.Orderpoint.create(self._vals())
        with self.assertRaises(IntegrityError), mute_logger('odoo.sql_db'), \
                self.env.cr.savepoint():
            self.env.cr.execute("""
                INSERT INTO stock_warehouse_orderpoint
                    (name, active, warehouse_id, location_id, product_id, product_min_qty,
                     product_max_qty, qty_multiple, company_id, lead_type)
                SELECT name || '-2', true, warehouse_id, location_id, product_id, 0, 0, 1,
                       company_id, lead_type
                  FROM stock_warehouse_orderpoint WHERE id = %s""", (rule.id,))


class TestTwoCompanies(ReplenishmentCase):
    """Clusters, policies and rules stay within their company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env['res.company'].create({'name': 'Replenishment Company B'})
        cls.cluster_b = cls.env['retail.store.cluster'].create({
            'name': 'B format', 'code': 'TRB', 'company_id': cls.company_b.id})
        cls.store_b = cls._create_store('B store', 'RPB', cls.cluster_b, cls.company_b)
        cls.item_b = cls._create_product('RP item of B', cls.family, cls.company_b)
        cls.policy_b = cls.Policy.create({
            'name': 'B family', 'cluster_id': cls.cluster_b.id, 'categ_id': cls.family.id,
            'method': 'fixed', 'min_qty': 1, 'max_qty': 2})
        cls.planner_b = create_retail_user(cls.env, 'rp_planner_b', 'group_planner',
                                           company=cls.company_b)

    def test_policy_takes_its_cluster_company(self):
        """A policy belongs to its cluster's company and is hidden from the other's users."""
        self.assertEqual(self.policy_b.company_id, self.company_b)
        self.assertFalse(self.Policy.sudo(self.planner).search([('id', '=', self.policy_b.id)]))
        self.assertEqual(self.Policy.sudo(self.planner_b).search([
            ('cluster_id', '=', self.cluster_b.id)]), self.policy_b)

    def test_rules_in_the_cluster_company_only(self):
        """B's rules are of company B and cover B's and shared products, not A's own."""
        self.item.company_id = self.company
        counts = self.cluster_b.sudo(self.planner_b).apply_policies()
        self.assertEqual(counts['created'], 2)  # item_b and the shared sub_item
        rules = self.Orderpoint.search([('warehouse_id', '=', self.store_b.id)])
        self.assertEqual(rules.mapped('company_id'), self.company_b)
        self.assertEqual(rules.mapped('product_id'), self.item_b | self.sub_item)

    def test_other_company_cluster_cannot_be_applied(self):
        """A planner of company A cannot apply company B's cluster."""
        with self.assertRaises(AccessError):
            self.cluster_b.sudo(self.planner).apply_policies()

    def test_supplying_dc_of_the_same_company(self):
        """A cluster cannot be supplied by another company's warehouse."""
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.cluster.supply_warehouse_id = self.store_b

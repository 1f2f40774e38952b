# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.retail_governance.tests.common import create_retail_user
from odoo.addons.retail_replenishment.models.procurement_group import (
    ALL_RULES_KEY, SCHEDULER_LOCK_KEY, SCOPE_KEY)
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase


class TestSchedulerAccess(SavepointCase):
    """Odoo's scheduler (procurement.group.run_scheduler and the Run Scheduler
    wizard) replenishes the whole network: planners, retail administrators and
    the cron only, one run at a time. A store resupplied from a DC holds one
    reordering rule below its minimum; runs are scoped to that store."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Warehouse = cls.env['stock.warehouse']
        cls.dc = Warehouse.create({'name': 'Scheduler DC', 'code': 'SCDC'})
        cls.store = Warehouse.create({
            'name': 'Scheduler Store', 'code': 'SCS1',
            'resupply_wh_ids': [(6, 0, cls.dc.ids)]})
        cls.clerk = create_retail_user(cls.env, 'sched_clerk', 'group_store_clerk',
                                       warehouses=cls.store)
        cls.manager = create_retail_user(cls.env, 'sched_manager', 'group_store_manager',
                                         warehouses=cls.store)
        cls.dc_operator = create_retail_user(cls.env, 'sched_dc', 'group_dc_operator')
        cls.controller = create_retail_user(cls.env, 'sched_ctrl',
                                            'group_inventory_controller')
        cls.planner = create_retail_user(cls.env, 'sched_planner', 'group_planner')
        cls.retail_admin = create_retail_user(cls.env, 'sched_admin', 'group_retail_admin')
        cls.company_b = cls.env['res.company'].create({'name': 'Scheduler Company B'})
        cls.product = cls.env['product.product'].create({
            'name': 'Scheduler Shirt', 'type': 'product',
            'route_ids': [(6, 0, cls.store.resupply_route_ids.ids)]})
        cls.orderpoint = cls.env['stock.warehouse.orderpoint'].create({
            'warehouse_id': cls.store.id, 'location_id': cls.store.lot_stock_id.id,
            'product_id': cls.product.id, 'product_min_qty': 5, 'product_max_qty': 12})
        cls.ProcurementGroup = cls.env['procurement.group'].with_context(
            **{SCOPE_KEY: cls.store.ids})

    def _store_demand(self):
        """Quantity the scheduler has ordered into the store."""
        return sum(self.env['stock.move'].search([
            ('product_id', '=', self.product.id),
            ('location_dest_id', '=', self.store.lot_stock_id.id),
            ('state', 'not in', ('draft', 'cancel'))]).mapped('product_uom_qty'))

    def _hold_lock(self):
        """Another transaction holds the scheduler's lock (a run in progress)."""
        cr = self.registry.cursor()
        cr.execute("SELECT pg_advisory_lock(%s)", (SCHEDULER_LOCK_KEY,))
        self.addCleanup(cr.close)
        self.addCleanup(cr.execute, "SELECT pg_advisory_unlock(%s)", (SCHEDULER_LOCK_KEY,))

    def test_store_roles_cannot_run_scheduler(self):
        """Store clerks and managers, DC operators and controllers are refused, order nothing."""
        for user in (self.clerk, self.manager, self.dc_operator, self.controller):
            with self.assertRaises(AccessError):
                self.ProcurementGroup.sudo(user).run_scheduler()
        self.assertEqual(self._store_demand(), 0)

    def test_clerk_cannot_start_wizard(self):
        """The Run Scheduler wizard refuses a store clerk in the request, before its thread."""
        wizard = self.env['stock.scheduler.compute'].sudo(self.clerk).create({})
        with self.assertRaises(AccessError):
            wizard.procure_calculation()

    def test_planner_runs_scheduler(self):
        """A planner runs the scheduler: the store below its minimum is resupplied up to max."""
        self.ProcurementGroup.sudo(self.planner).run_scheduler()
        self.assertEqual(self._store_demand(), 12)

    def test_retail_admin_runs_scheduler(self):
        """A retail administrator runs the scheduler too."""
        self.ProcurementGroup.sudo(self.retail_admin).run_scheduler(
            company_id=self.env.user.company_id.id)
        self.assertEqual(self._store_demand(), 12)

    def test_cron_user_runs_scheduler(self):
        """The scheduler's cron runs as a user who holds the right."""
        cron = self.env.ref('stock.ir_cron_scheduler_action')
        self.ProcurementGroup.sudo(cron.user_id).run_scheduler()
        self.assertEqual(self._store_demand(), 12)

    def test_cluster_store_left_to_the_run(self):
        """Once the store is in a cluster, its rules are the replenishment run's:
        Odoo's scheduler orders nothing for it (it would serve the stores first
        come first served before the run shares the DC out), unless asked for
        every rule as Odoo alone would."""
        cluster = self.env['retail.store.cluster'].create({
            'name': 'Scheduler cluster', 'code': 'SCHC', 'supply_warehouse_id': self.dc.id})
        self.store.retail_cluster_id = cluster
        self.ProcurementGroup.sudo(self.planner).run_scheduler()
        self.assertEqual(self._store_demand(), 0)
        self.ProcurementGroup.with_context(**{ALL_RULES_KEY: True}).sudo(
            self.planner).run_scheduler()
        self.assertEqual(self._store_demand(), 12)

    def test_other_company_refused(self):
        """A planner cannot run the scheduler for a company they do not belong to."""
        with self.assertRaises(AccessError):
            self.ProcurementGroup.sudo(self.planner).run_scheduler(
                company_id=self.company_b.id)

    def test_second_run_refused_while_running(self):
        """While a run holds the lock, a second run is refused with a clear message."""
        self._hold_lock()
        with self.assertRaisesRegex(UserError, 'already running'):
            self.ProcurementGroup.sudo(self.planner).run_scheduler()
        self.assertEqual(self._store_demand(), 0)

    def test_wizard_refused_while_running(self):
        """The wizard says the scheduler is running instead of starting a second one."""
        self._hold_lock()
        wizard = self.env['stock.scheduler.compute'].sudo(self.planner).create({})
        with self.assertRaisesRegex(UserError, 'already running'):
            wizard.procure_calculation()

    def test_menu_for_planners_only(self):
        """The Run Scheduler menu shows for planners, not for store clerks."""
        menu = self.env.ref('stock.menu_procurement_compute')
        Menu = self.env['ir.ui.menu']
        self.assertFalse(Menu.sudo(self.clerk).search([('id', '=', menu.id)]))
        self.assertTrue(Menu.sudo(self.planner).search([('id', '=', menu.id)]))

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

from .common import create_retail_user


class TestScheduledActions(SavepointCase):
    """Any user can read server actions and call run() on them: the actions
    behind scheduled jobs run on their schedule or by an administrator only.
    A test job sets a parameter; its user is a planner (no administrator)."""

    KEY = 'retail_governance.test_scheduled_action'

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = create_retail_user(cls.env, 'sa_clerk', 'group_store_clerk')
        cls.planner = create_retail_user(cls.env, 'sa_planner', 'group_planner')
        code = "env['ir.config_parameter'].sudo().set_param(%r, env.user.login)" % cls.KEY
        cls.cron = cls.env['ir.cron'].create({
            'name': 'Retail test job', 'model_id': cls.env.ref('base.model_res_partner').id,
            'state': 'code', 'code': code, 'user_id': cls.planner.id,
            'interval_number': 1, 'interval_type': 'days', 'numbercall': -1,
            'active': False})
        cls.action = cls.cron.ir_actions_server_id
        cls.plain_action = cls.env['ir.actions.server'].create({
            'name': 'Retail test action', 'model_id': cls.env.ref('base.model_res_partner').id,
            'state': 'code', 'code': code})

    def _ran_as(self):
        return self.env['ir.config_parameter'].get_param(self.KEY)

    def test_user_cannot_run_scheduled_action(self):
        """A store clerk calling run() on a scheduled job's action is refused; nothing runs."""
        with self.assertRaises(AccessError):
            self.action.sudo(self.clerk).run()
        self.assertFalse(self._ran_as())

    def test_cycle_count_job_refused(self):
        """The clerk cannot start the network-wide cycle-count job either."""
        cron = self.env.ref('stock_cycle_count.ir_cron_compute_cycle_count_action')
        with self.assertRaises(AccessError):
            cron.ir_actions_server_id.sudo(self.clerk).run()

    def test_job_runs_on_schedule(self):
        """The scheduler's call runs the job as its user."""
        self.env['ir.cron'].sudo(self.planner)._callback(
            self.cron.name, self.action.id, self.cron.id)
        self.assertEqual(self._ran_as(), 'sa_planner')

    def test_administrator_runs_job_by_hand(self):
        """An administrator's Run Manually runs a job whose user is an administrator."""
        self.cron.user_id = self.env.ref('base.user_root')
        self.cron.method_direct_trigger()
        self.assertEqual(self._ran_as(), 'admin')

    def test_other_server_actions_unchanged(self):
        """Server actions that are no scheduled job still run for any user."""
        self.plain_action.sudo(self.clerk).run()
        self.assertEqual(self._ran_as(), 'sa_clerk')

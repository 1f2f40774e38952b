# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from .ir_actions_server import CRON_TOKEN


class IrCron(models.Model):
    _inherit = 'ir.cron'

    @api.model
    def _callback(self, cron_name, server_action_id, job_id):
        """The scheduler's own call of a job: its server action may run, as
        the job's user. (Run Manually runs it as the job's user too, which
        must then read scheduled jobs: an administrator.)"""
        return super(IrCron, self.with_context(retail_cron_token=CRON_TOKEN))._callback(
            cron_name, server_action_id, job_id)

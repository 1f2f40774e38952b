# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import AccessError

# ir.cron passes this object in the context when it runs a job (see ir_cron.py);
# no XML-RPC or JSON-RPC client can send a Python object.
CRON_TOKEN = object()


class IrActionsServer(models.Model):
    _inherit = 'ir.actions.server'

    @api.multi
    def run(self):
        """Every user may read server actions, and ``run`` executes one as its
        caller, also over XML-RPC. The actions behind scheduled jobs do
        network-wide work (Odoo's scheduler, cycle counts, the nightly
        replenishment, escalations): they run on their schedule, or by hand
        by an administrator (Run Manually), never at a user's call."""
        self._check_scheduled_action_run()
        return super(IrActionsServer, self).run()

    @api.multi
    def _check_scheduled_action_run(self):
        if self.env.context.get('retail_cron_token') is CRON_TOKEN \
                or self.env.user.has_group('base.group_system'):
            return
        # sudo: only administrators read scheduled jobs.
        crons = self.env['ir.cron'].sudo().with_context(active_test=False).search(
            [('ir_actions_server_id', 'in', self.ids)])
        if crons:
            raise AccessError(_(
                "Scheduled action %s runs on its schedule; only an administrator "
                "may run it by hand.") % ', '.join(crons.mapped('name')))

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

# Who may start Odoo's network-wide scheduler. Its cron runs as uid 1, which
# retail_governance makes a retail administrator.
SCHEDULER_GROUPS = (
    'retail_governance.group_planner',
    'retail_governance.group_retail_admin',
)

# Key of the PostgreSQL advisory lock held while Odoo's scheduler runs: a
# constant, so that every worker process agrees on it.
SCHEDULER_LOCK_KEY = 7220110701

# Context key (a list of warehouse ids) narrowing the reordering rules a
# scheduler run handles; it can only narrow, so a client may well send it.
SCOPE_KEY = 'retail_scheduler_warehouse_ids'
# Context key: the scheduler handles the rules of the clusters' stores and DCs
# too (left to the replenishment run otherwise), as Odoo alone would; for
# comparisons with Odoo's own path. Runs are for planners and administrators
# whatever the context, so a client may send it.
ALL_RULES_KEY = 'retail_scheduler_all_rules'


class ProcurementGroup(models.Model):
    _inherit = 'procurement.group'

    @api.model
    def run_scheduler(self, use_new_cursor=False, company_id=False):
        """Odoo's scheduler replenishes the whole network: only planners,
        retail administrators and the cron (uid 1, a retail administrator) may
        start it, for their own companies, and never twice at once. The rights
        come from the user, not from the context, which any client can send.

        The lock comes first: Odoo runs a request in one REPEATABLE READ
        snapshot taken at its first query, so a run that reads anything before
        it may not see what the run before it committed. A run from the cron or
        the wizard works in cursors it opens after the lock."""
        self._retail_lock_scheduler()
        self._retail_check_scheduler_access(company_id)
        return super(ProcurementGroup, self).run_scheduler(
            use_new_cursor=use_new_cursor, company_id=company_id)

    @api.model
    def _get_orderpoint_domain(self, company_id=False):
        domain = super(ProcurementGroup, self)._get_orderpoint_domain(
            company_id=company_id)
        if SCOPE_KEY in self.env.context:
            domain += [('warehouse_id', 'in', list(self.env.context[SCOPE_KEY] or []))]
        if not self.env.context.get(ALL_RULES_KEY):
            domain += [('warehouse_id', 'not in', self._retail_run_warehouse_ids())]
        return domain

    @api.model
    def _retail_run_warehouse_ids(self):
        """The warehouses whose reordering rules the replenishment run handles
        (the stores of the active clusters and the DCs supplying them): Odoo's
        scheduler leaves them alone. It would take the rules one at a time,
        first come first served, before the run shares a short DC out fairly,
        and on a network it does not finish in a night."""
        clusters = self.env['retail.store.cluster'].sudo().search([])
        return (clusters.mapped('warehouse_ids') | clusters.mapped('supply_warehouse_id')).ids

    @api.model
    def _retail_check_scheduler_access(self, company_id=False):
        user = self.env.user
        if not any(user.has_group(group) for group in SCHEDULER_GROUPS):
            raise AccessError(_(
                "Only planners and retail administrators may run the scheduler "
                "(%s may not).") % user.name)
        if company_id and company_id not in user.company_ids.ids:
            raise AccessError(_(
                "%s may not run the scheduler for a company they do not "
                "belong to.") % user.name)

    @api.model
    def _retail_lock_scheduler(self):
        """Takes the scheduler's lock until the end of this transaction, or
        refuses."""
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s)", (SCHEDULER_LOCK_KEY,))
        if not self.env.cr.fetchone()[0]:
            raise UserError(_(
                "The scheduler is already running; try again when it has finished."))

    @api.model
    def _retail_scheduler_is_running(self):
        """Whether another transaction holds the scheduler's lock (a check
        only: the lock is released at once)."""
        self.env.cr.execute("SELECT pg_try_advisory_lock(%s)", (SCHEDULER_LOCK_KEY,))
        if not self.env.cr.fetchone()[0]:
            return True
        self.env.cr.execute("SELECT pg_advisory_unlock(%s)", (SCHEDULER_LOCK_KEY,))
        return False

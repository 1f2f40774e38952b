# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models
from odoo.exceptions import UserError


class StockSchedulerCompute(models.TransientModel):
    _inherit = 'stock.scheduler.compute'

    def procure_calculation(self):
        """Odoo starts the scheduler in a thread, where a refusal would reach
        nobody: check the rights and the lock here, in the user's request."""
        ProcurementGroup = self.env['procurement.group']
        for company in self.env.user.company_ids:
            ProcurementGroup._retail_check_scheduler_access(company.id)
        if ProcurementGroup._retail_scheduler_is_running():
            raise UserError(_(
                "The scheduler is already running; try again when it has finished."))
        return super(StockSchedulerCompute, self).procure_calculation()

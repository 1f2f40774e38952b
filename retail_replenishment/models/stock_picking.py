# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockPicking(models.Model):
    _inherit = 'stock.picking'

    @api.multi
    def action_done(self):
        result = super(StockPicking, self).action_done()
        self._retail_sync_emergency_transfers()
        return result

    @api.multi
    def action_cancel(self):
        result = super(StockPicking, self).action_cancel()
        self._retail_sync_emergency_transfers()
        return result

    @api.multi
    def _retail_sync_emergency_transfers(self):
        groups = self.mapped('group_id')
        if not groups:
            return
        # sudo: the pickings' end changes the request's state whoever
        # validated them (the receiving store, the DC).
        self.env['retail.emergency.transfer'].sudo().search([
            ('procurement_group_id', 'in', groups.ids),
            ('state', '=', 'approved')])._sync_with_pickings()

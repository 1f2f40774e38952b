# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockPicking(models.Model):
    _name = 'stock.picking'
    _inherit = ['stock.picking', 'retail.audit.mixin']

    # Odoo's transfer buttons below answer None, which XML-RPC cannot carry
    # (the client gets a fault although the work is done): they answer True.
    @api.multi
    def action_confirm(self):
        res = super(StockPicking, self).action_confirm()
        return True if res is None else res

    @api.multi
    def do_unreserve(self):
        res = super(StockPicking, self).do_unreserve()
        return True if res is None else res

    @api.multi
    def button_validate(self):
        res = super(StockPicking, self).button_validate()
        return True if res is None else res

    @api.multi
    def action_done(self):
        before = {picking.id: picking.state for picking in self}
        res = super(StockPicking, self).action_done()
        for picking in self.filtered(lambda p: p.state == 'done'):
            picking._retail_audit(
                'transfer_validated',
                before={'state': before.get(picking.id)},
                after={
                    'state': picking.state,
                    'from': picking.location_id,
                    'to': picking.location_dest_id,
                    'quantity': sum(picking.move_lines.mapped('quantity_done')),
                })
        return res

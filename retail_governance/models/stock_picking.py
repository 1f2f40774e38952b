# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockPicking(models.Model):
    _name = 'stock.picking'
    _inherit = ['stock.picking', 'retail.audit.mixin']

    # The store roles' record rule tests this column (a short list of
    # warehouses, not every operation type of the user's stores).
    retail_warehouse_id = fields.Many2one(
        'stock.warehouse', string="Operation Type's Warehouse", readonly=True, index=True,
        related='picking_type_id.warehouse_id', store=True)

    @api.model
    def _create(self, vals):
        """The warehouse in the row as it is inserted: the moves written with
        the transfer read it before Odoo computes the related field (see
        retail.store.scope.mixin)."""
        if isinstance(vals.get('picking_type_id'), int):
            vals = dict(vals, retail_warehouse_id=self.env['stock.picking.type'].sudo().browse(
                vals['picking_type_id']).warehouse_id.id)
        return super(StockPicking, self)._create(vals)

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

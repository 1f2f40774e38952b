# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .loading import is_loading_data

# What a done move line moved: Odoo 11 moves the quants again when one of them
# is rewritten on a done line (its "unlock and edit"), a change of stock that
# no adjustment rule, reason or approval sees.
DONE_FIELDS = ('product_id', 'qty_done', 'product_uom_id', 'location_id',
               'location_dest_id', 'lot_id', 'lot_name', 'package_id',
               'result_package_id', 'owner_id')


class StockMoveLine(models.Model):
    _name = 'stock.move.line'
    _inherit = ['stock.move.line', 'retail.store.scope.mixin']

    # See stock.move's: what the store roles' record rule tests.
    retail_picking_warehouse_id = fields.Many2one(
        'stock.warehouse', string="Transfer's Warehouse", readonly=True, index=True,
        related='picking_id.picking_type_id.warehouse_id', store=True)
    retail_from_warehouse_id = fields.Many2one(
        'stock.warehouse', string="Source Location's Warehouse", readonly=True, index=True,
        related='location_id.retail_warehouse_id', store=True)
    retail_to_warehouse_id = fields.Many2one(
        'stock.warehouse', string="Destination Location's Warehouse", readonly=True,
        index=True, related='location_dest_id.retail_warehouse_id', store=True)

    @api.model
    def create(self, vals):
        move = self.env['stock.move'].browse(vals.get('move_id'))
        if move.state == 'done' and not is_loading_data(self.env):
            raise UserError(_(
                "%s was moved already: record a difference as an inventory "
                "adjustment (or a return), not by adding to the done move.")
                % (move.reference or move.product_id.display_name))
        return super(StockMoveLine, self).create(vals)

    @api.multi
    def write(self, vals):
        # Before Odoo's write, which computes with a reserved line's new quantity.
        self._retail_check_input(vals)
        if set(vals) & set(DONE_FIELDS) and not is_loading_data(self.env):
            self.filtered(lambda line: line.state == 'done')._retail_refuse_done_change()
        return super(StockMoveLine, self).write(vals)

    @api.multi
    def _retail_refuse_done_change(self):
        if self:
            raise UserError(_(
                "%s was moved already: record a difference as an inventory "
                "adjustment (or a return), not by editing the done move.")
                % (self[0].reference or self[0].product_id.display_name))

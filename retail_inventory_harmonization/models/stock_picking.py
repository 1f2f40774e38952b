# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .retail_transfer import deferred_transfer_sync


class StockPicking(models.Model):
    _inherit = 'stock.picking'

    retail_transfer_id = fields.Many2one(
        'retail.transfer', string='Retail Transfer', readonly=True, copy=False,
        index=True, ondelete='set null')
    retail_transfer_leg = fields.Selection(
        [('out', 'Shipment'), ('in', 'Receipt')], string='Transfer Leg',
        readonly=True, copy=False)
    retail_transfer_state = fields.Selection(
        related='retail_transfer_id.state', string='Transfer Status', readonly=True)

    @api.model
    def create(self, vals):
        with deferred_transfer_sync(self.env):
            picking = super(StockPicking, self).create(vals)
            if picking.move_lines:
                self.env['retail.transfer']._sync_pickings(picking)
        return picking

    @api.multi
    def action_confirm(self):
        """Odoo confirms the draft moves and reserves those that bypass
        reservation: the moves' hooks (stock.move) sync what that changed,
        once, when this block ends. Pickings already confirmed (Odoo confirms
        a picking created with its moves) change nothing and are not synced."""
        with deferred_transfer_sync(self.env):
            return super(StockPicking, self).action_confirm()

    @api.multi
    def action_assign(self):
        """As action_confirm: the moves' hooks sync what reserving changed."""
        with deferred_transfer_sync(self.env):
            return super(StockPicking, self).action_assign()

    @api.multi
    def button_validate(self):
        self._retail_check_not_received()
        return super(StockPicking, self).button_validate()

    @api.multi
    def action_done(self):
        self._retail_check_not_received()
        with deferred_transfer_sync(self.env):
            res = super(StockPicking, self).action_done()
            # The backorders Odoo made for the rest join the same transfer.
            backorders = self.search([('backorder_id', 'in', self.ids)])
            self.env['retail.transfer']._sync_pickings(self | backorders)
        return res

    @api.multi
    def action_cancel(self):
        with deferred_transfer_sync(self.env):
            res = super(StockPicking, self).action_cancel()
            self.env['retail.transfer']._sync_pickings(self)
        return res

    @api.multi
    def action_view_retail_transfer(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window', 'res_model': 'retail.transfer',
            'res_id': self.retail_transfer_id.id, 'view_mode': 'form',
            'views': [(False, 'form')],
        }

    @api.multi
    def _retail_check_not_received(self):
        """Nothing is shipped or received twice: a done or cancelled picking
        is not validated again (Odoo 11 would answer True and do nothing)."""
        for picking in self:
            if picking.state in ('done', 'cancel'):
                raise UserError(_(
                    "%s is already %s: the same goods cannot be received or "
                    "shipped twice.") % (picking.name, dict(
                        picking._fields['state'].selection)[picking.state].lower()))

    @api.multi
    def _retail_is_leg(self, leg):
        """Whether this picking ships (``out``) or receives (``in``)."""
        self.ensure_one()
        if leg == 'out':
            return self.location_dest_id.usage == 'transit' or \
                self.picking_type_id.code == 'outgoing'
        return self.location_id.usage == 'transit' or self.picking_type_id.code == 'incoming'

    @api.multi
    def _retail_set_quantities_done(self, quantities):
        """Done quantities per product ({product_id: qty}) on the picking's
        move lines: reserved lines first, what is beyond on the last one;
        products not given are done at zero (left for a backorder)."""
        self.ensure_one()
        for product_id in set(self.move_lines.mapped('product_id').ids):
            moves = self.move_lines.filtered(
                lambda m: m.product_id.id == product_id and m.state not in ('done', 'cancel'))
            left = quantities.get(product_id, 0.0)
            for move in moves:
                lines = move.move_line_ids
                if not lines and left:
                    lines = self.env['stock.move.line'].create(dict(
                        move._prepare_move_line_vals(), qty_done=0.0))
                for index, line in enumerate(lines):
                    last = move == moves[-1] and index == len(lines) - 1
                    qty = left if last else min(left, line.product_uom_qty)
                    line.qty_done = qty
                    left -= qty
        return True

    @api.multi
    def _retail_set_lot_quantities_done(self, quantities):
        """Done quantities per product and lot ({(product_id, lot_id): qty}) on
        the move lines of that lot: reserved quantities first, what is beyond
        on the last line."""
        self.ensure_one()
        for (product_id, lot_id), qty in quantities.items():
            lines = self.move_line_ids.filtered(
                lambda ml: ml.product_id.id == product_id and ml.lot_id.id == lot_id
                and ml.move_id.state not in ('done', 'cancel'))
            left = qty
            for index, line in enumerate(lines):
                done = left if index == len(lines) - 1 else min(left, line.product_uom_qty)
                line.qty_done = done
                left -= done
        return True

    @api.multi
    def _retail_transit_pickings(self):
        """Those of the pickings into or out of a transit location, in one
        query (not every field of the pickings and their locations)."""
        if not self.ids:
            return self.browse()
        self.env.cr.execute("""
            SELECT p.id
              FROM stock_picking p
              JOIN stock_location src ON src.id = p.location_id
              JOIN stock_location dest ON dest.id = p.location_dest_id
             WHERE p.id IN %s AND 'transit' IN (src.usage, dest.usage)
        """, (tuple(self.ids),))
        transit = {row[0] for row in self.env.cr.fetchall()}
        return self.filtered(lambda picking: picking.id in transit)

    @api.multi
    def _retail_transit_leg(self):
        self.ensure_one()
        return 'out' if self.location_dest_id.usage == 'transit' else 'in'

    @api.multi
    def _retail_transit_partner(self):
        """The other leg of this transit picking: the pickings its moves feed
        (a delivery) or are fed by (a receipt), else the group's other leg."""
        self.ensure_one()
        leg = self._retail_transit_leg()
        # One query over the move links (a run's picking has thousands of moves).
        self.env.cr.execute("""
            SELECT DISTINCT linked.picking_id
              FROM stock_move m
              JOIN stock_move_move_rel rel ON rel.{mine} = m.id
              JOIN stock_move linked ON linked.id = rel.{other}
             WHERE m.picking_id = %s AND linked.picking_id IS NOT NULL
        """.format(mine='move_orig_id' if leg == 'out' else 'move_dest_id',
                   other='move_dest_id' if leg == 'out' else 'move_orig_id'), (self.id,))
        partner = self.browse([row[0] for row in self.env.cr.fetchall()]).filtered(
            lambda p: p != self and p._retail_transit_leg() != leg)
        if not partner and self.group_id:
            other = self.search([
                ('group_id', '=', self.group_id.id), ('id', '!=', self.id),
                ('retail_transfer_id', '=', False)])
            partner = other.filtered(
                lambda p: (p.location_id.usage == 'transit'
                           or p.location_dest_id.usage == 'transit')
                and p._retail_transit_leg() != leg)[:1]
        if self.backorder_id and self.backorder_id.retail_transfer_id:
            partner |= self.backorder_id
        return partner

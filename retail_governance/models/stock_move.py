# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.tools import split_every

from . import stock_inventory_line
from .loading import is_loading_data

# States of a move that a reservation can still move forward.
RESERVABLE_STATES = ('waiting', 'confirmed', 'partially_available')
# Context key: post these moves by chunks (an adjustment's, see post_inventory).
CHUNKED_DONE_KEY = 'retail_chunked_done'


class StockMove(models.Model):
    _name = 'stock.move'
    _inherit = ['stock.move', 'retail.store.scope.mixin']

    # Indexed: an adjustment reads its moves by it (move_ids) at every
    # validation; without it that is a scan of the whole ledger.
    inventory_id = fields.Many2one(index=True)
    # The store roles' record rule tests this column: a rule on
    # picking_id.picking_type_id.warehouse_id made Odoo 11 search every
    # picking of the user's stores and inline their ids at each check.
    retail_picking_warehouse_id = fields.Many2one(
        'stock.warehouse', string="Transfer's Warehouse", readonly=True, index=True,
        related='picking_id.picking_type_id.warehouse_id', store=True)
    # And these: a short list of warehouses where the locations of the user's
    # stores made PostgreSQL plan two lists of hundreds of ids at each check.
    retail_from_warehouse_id = fields.Many2one(
        'stock.warehouse', string="Source Location's Warehouse", readonly=True, index=True,
        related='location_id.retail_warehouse_id', store=True)
    retail_to_warehouse_id = fields.Many2one(
        'stock.warehouse', string="Destination Location's Warehouse", readonly=True,
        index=True, related='location_dest_id.retail_warehouse_id', store=True)

    @api.model
    def create(self, vals):
        move = super(StockMove, self).create(vals)
        if not is_loading_data(self.env):
            move.product_id._retail_check_approved(_("moved, bought or sold"))
        return move

    @api.multi
    def write(self, vals):
        # Before Odoo's write, which compares the reserved quantity with the
        # new one ('abc' or NaN gave a Python traceback).
        self._retail_check_input(vals)
        return super(StockMove, self).write(vals)

    def _action_done(self):
        """Refuses to move stock into locations not approved by the data
        steward.

        By chunks with a fresh cache in between when asked (an adjustment's
        moves, independent of each other): as for their generation, Odoo's
        single pass grows with the square of the moves (2,000 moves: 83 ms a
        move, 5,000: more than 200).

        After Odoo's own validation, reserves the next moves of the chain that
        the validating user may not see.

        Store users read the moves of their own stores only (record rules), and
        Odoo reserves the next moves (``move_dest_ids``) as that user: a store
        clerk shipping to another store, or to the DC, would leave the receiving
        end unreserved, as if nothing had been shipped.
        """
        if not is_loading_data(self.env):
            self.env['stock.location']._retail_check_can_receive(set(
                self.mapped('location_dest_id').ids
                + self.mapped('move_line_ids.location_dest_id').ids))
        chunk = stock_inventory_line.MOVE_CHUNK
        if self.env.context.get(CHUNKED_DONE_KEY) and len(self) > chunk:
            done = self.browse()
            for ids in split_every(chunk, self.ids):
                done |= super(StockMove, self.browse(ids).with_context(
                    **{CHUNKED_DONE_KEY: False}))._action_done()
                self.recompute()
                self.invalidate_cache()
            moves = self.browse(done.ids)
        else:
            moves = super(StockMove, self)._action_done()
        # sudo: the chain is the system's; reserving changes no quantity and
        # is what Odoo does for the users who see both ends.
        pending = moves.sudo().mapped('move_dest_ids').filtered(
            lambda move: move.state in RESERVABLE_STATES)
        if pending:
            pending._action_assign()
        return moves

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

# States of a move that a reservation can still move forward.
RESERVABLE_STATES = ('waiting', 'confirmed', 'partially_available')


class StockMove(models.Model):
    _inherit = 'stock.move'

    def _action_done(self):
        """After Odoo's own validation, reserves the next moves of the chain that
        the validating user may not see.

        Store users read the moves of their own stores only (record rules), and
        Odoo reserves the next moves (``move_dest_ids``) as that user: a store
        clerk shipping to another store, or to the DC, would leave the receiving
        end unreserved, as if nothing had been shipped.
        """
        moves = super(StockMove, self)._action_done()
        # sudo: the chain is the system's; reserving changes no quantity and
        # is what Odoo does for the users who see both ends.
        pending = moves.sudo().mapped('move_dest_ids').filtered(
            lambda move: move.state in RESERVABLE_STATES)
        if pending:
            pending._action_assign()
        return moves

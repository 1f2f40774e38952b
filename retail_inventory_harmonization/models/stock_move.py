# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from .retail_transfer import deferred_transfer_sync


class StockMove(models.Model):
    _inherit = 'stock.move'

    def _action_confirm(self, merge=True, merge_into=False):
        """Pickings made by procurements (emergency transfers, Odoo's resupply
        rules) get their moves here: their transfer follows."""
        with deferred_transfer_sync(self.env):
            moves = super(StockMove, self)._action_confirm(merge=merge, merge_into=merge_into)
            self.env['retail.transfer']._sync_pickings(moves.mapped('picking_id'))
        return moves

    def _action_assign(self):
        with deferred_transfer_sync(self.env):
            res = super(StockMove, self)._action_assign()
            self.env['retail.transfer']._sync_pickings(self.mapped('picking_id'))
        return res

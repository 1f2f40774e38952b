# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockMoveLine(models.Model):
    _inherit = 'stock.move.line'

    # Odoo 11 does not index the move of a move line: the balances (in transit,
    # unreserved demand) and Odoo's own ``move.move_line_ids`` read it.
    move_id = fields.Many2one(index=True)

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = 'stock.picking'

    retail_status_reason = fields.Char(
        string='Status Change Reason',
        help="Reason for the moves of this transfer that change the stock status.")

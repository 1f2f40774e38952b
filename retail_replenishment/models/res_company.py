# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = 'res.company'

    retail_emergency_qty_threshold = fields.Float(
        string='Emergency Transfer Quantity Threshold', default=50.0,
        help="Emergency transfers of more units than this (all lines together) "
             "need a planner's approval.")
    retail_emergency_value_threshold = fields.Float(
        string='Emergency Transfer Value Threshold', default=1000.0,
        help="Emergency transfers worth more than this at cost need a "
             "planner's approval.")

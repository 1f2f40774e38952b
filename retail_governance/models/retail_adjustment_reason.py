# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RetailAdjustmentReason(models.Model):
    """Why a counted quantity differs from the system (damage, theft, ...)."""
    _name = 'retail.adjustment.reason'
    _description = 'Adjustment Reason'
    _order = 'sequence, name'

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', index=True,
        help="Leave empty to share the reason between all companies.")
    description = fields.Text(translate=True)

    _sql_constraints = [
        ('code_company_uniq', 'unique (code, company_id)',
         'The code of an adjustment reason must be unique per company.'),
    ]

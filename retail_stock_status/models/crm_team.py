# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = 'crm.team'

    retail_channel_id = fields.Many2one(
        'retail.sales.channel', string='Retail Sales Channel', ondelete='restrict',
        help="Orders of this team take stock as this channel allows.")

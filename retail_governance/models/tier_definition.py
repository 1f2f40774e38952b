# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class TierDefinition(models.Model):
    _inherit = 'tier.definition'

    retail_tier = fields.Selection(
        selection=[
            ('store_manager', 'Store Manager'),
            ('inventory_controller', 'Inventory Controller'),
            ('finance', 'Finance'),
        ],
        string='Retail Approval Tier',
        help="Tier of the retail adjustment rules: the tier applies when the "
             "rules of an adjustment's lines require it, not by domain.")

    @api.model
    def _get_tier_validation_model_names(self):
        res = super(TierDefinition, self)._get_tier_validation_model_names()
        res.append('stock.inventory')
        return res

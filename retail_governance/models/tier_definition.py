# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class TierDefinition(models.Model):
    _inherit = 'tier.definition'

    @api.model
    def _selection_retail_tier(self):
        return self.env['retail.adjustment.rule']._selection_tiers()

    retail_tier = fields.Selection(
        selection='_selection_retail_tier',
        string='Retail Approval Tier',
        help="Tier of the retail adjustment rules: the tier applies when the "
             "rules of an adjustment's lines require it, not by domain.")

    @api.model
    def _get_tier_validation_model_names(self):
        res = super(TierDefinition, self)._get_tier_validation_model_names()
        res += ['stock.inventory', 'retail.master.data.change']
        return res

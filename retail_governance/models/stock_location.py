# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockLocation(models.Model):
    _inherit = 'stock.location'

    @api.model
    def create(self, vals):
        location = super(StockLocation, self).create(vals)
        self.env['res.users']._retail_clear_rule_cache()
        return location

    @api.multi
    def write(self, vals):
        result = super(StockLocation, self).write(vals)
        if 'location_id' in vals:
            self.env['res.users']._retail_clear_rule_cache()
        return result

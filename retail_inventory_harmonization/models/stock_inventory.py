# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockInventory(models.Model):
    _inherit = 'stock.inventory'

    @api.multi
    def action_done(self):
        res = super(StockInventory, self).action_done()
        self.env['retail.transfer']._on_inventory_done(self)
        return res

    @api.multi
    def action_force_done(self):
        res = super(StockInventory, self).action_force_done()
        self.env['retail.transfer']._on_inventory_done(self)
        return res

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from odoo.addons.retail_governance.models.retail_adjustment_rule import (
    TIER_INVENTORY_CONTROLLER)


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

    @api.multi
    def _retail_get_required_tiers(self):
        """A write-off of goods lost in transit is always approved: by the
        tiers of the adjustment rules, or by an inventory controller when no
        rule asks for one (rules are mostly set per store, and the transit
        location is no store)."""
        tiers, evidence = super(StockInventory, self)._retail_get_required_tiers()
        if not tiers and self._retail_is_transit_write_off():
            tiers = [TIER_INVENTORY_CONTROLLER]
        return tiers, evidence

    @api.multi
    def _retail_is_transit_write_off(self):
        self.ensure_one()
        # sudo: the transfer spans warehouses the user may not see.
        return isinstance(self.id, int) and bool(self.env['retail.transfer'].sudo().search_count(
            [('write_off_inventory_id', '=', self.id)]))

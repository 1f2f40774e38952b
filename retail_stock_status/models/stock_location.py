# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .retail_stock_status import IN_TRANSIT, SELLABLE


class StockLocation(models.Model):
    _inherit = 'stock.location'

    retail_status_id = fields.Many2one(
        'retail.stock.status', string='Stock Status', ondelete='restrict',
        help="Status of the stock kept here. Empty: the parent location's status; "
             "internal locations without any are sellable, transit locations in transit.")
    retail_effective_status_id = fields.Many2one(
        'retail.stock.status', string='Effective Stock Status',
        compute='_compute_retail_effective_status_id', store=True, index=True)

    @api.depends('retail_status_id', 'usage',
                 'location_id.retail_effective_status_id')
    def _compute_retail_effective_status_id(self):
        Status = self.env['retail.stock.status']
        defaults = {'internal': Status._get_by_code(SELLABLE),
                    'transit': Status._get_by_code(IN_TRANSIT)}
        for location in self:
            parent_status = location.location_id.retail_effective_status_id \
                if location.location_id.usage in ('internal', 'transit') else Status
            location.retail_effective_status_id = (
                location.retail_status_id or parent_status
                or defaults.get(location.usage, Status))

    @api.model
    def _retail_recompute_status(self):
        """Recomputes every location's status (after the statuses are loaded)."""
        locations = self.with_context(active_test=False).search([])
        self.env.add_todo(self._fields['retail_effective_status_id'], locations)
        locations.recompute()
        return True

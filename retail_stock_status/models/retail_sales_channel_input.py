# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError

from odoo.addons.retail_governance.models.input_guard import parse_ids


class RetailSalesChannel(models.Model):
    _inherit = 'retail.sales.channel'

    @api.multi
    def available_to_sell(self, product_ids, warehouse_id=False):
        """Refuses what is not a list of existing products, or a warehouse that
        is not an id, with a clear message (over XML-RPC 'SKU' or an unknown
        id gave a ValueError or a KeyError)."""
        product_ids = parse_ids(product_ids or [], _('Available to sell'))
        known = self.env['product.product'].with_context(active_test=False).search(
            [('id', 'in', product_ids)]).ids
        unknown = sorted(set(product_ids) - set(known))
        if unknown:
            raise UserError(_("Available to sell: no product with id %s.") % ', '.join(
                str(product_id) for product_id in unknown))
        if warehouse_id:
            [warehouse_id] = parse_ids([warehouse_id], _('Available to sell'))
        return super(RetailSalesChannel, self).available_to_sell(product_ids, warehouse_id)

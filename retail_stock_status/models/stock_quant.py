# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockQuant(models.Model):
    _inherit = 'stock.quant'

    def _gather(self, product_id, location_id, lot_id=None, package_id=None, owner_id=None,
                strict=False):
        """Under ``retail_own_stock_only`` (moves of channels that do not sell
        consigned stock), quants owned by a partner are left out, so that such
        moves neither count nor reserve them. The key only narrows what is
        reserved, so a client sending it gains nothing."""
        quants = super()._gather(product_id, location_id, lot_id=lot_id,
                                 package_id=package_id, owner_id=owner_id, strict=strict)
        if self.env.context.get('retail_own_stock_only') and not owner_id:
            quants = quants.filtered(
                lambda quant: not quant.owner_id
                or quant.owner_id == quant.company_id.partner_id)
        return quants

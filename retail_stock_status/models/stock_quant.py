# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockQuant(models.Model):
    _inherit = 'stock.quant'

    @api.model_cr
    def init(self):
        """Odoo 11 indexes no column of stock_quant but its id, so every
        ``_gather`` (each move line done, each reservation) reads all quants:
        about 0.1 s per line at 100 stores x 10,000 SKUs (684,000 quants)."""
        super().init()
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS retail_stock_quant_product_location
                ON stock_quant (product_id, location_id)""")

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

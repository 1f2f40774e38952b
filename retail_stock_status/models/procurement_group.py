# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from .retail_sales_channel import ChannelAllocation


class ProcurementGroup(models.Model):
    _inherit = 'procurement.group'

    @api.model
    def run(self, product_id, product_qty, product_uom, location_id, name, origin, values):
        """Sale lines of a retail channel are procured from the warehouses their
        order allocated them to, by priority: one procurement per warehouse."""
        parts = self._retail_channel_parts(product_id, values)
        if not parts:
            return super().run(product_id, product_qty, product_uom, location_id,
                               name, origin, values)
        total = sum(qty for _wh, qty in parts)
        for warehouse_id, qty in parts:
            # The allocation is in the product's unit; the procurement may not be.
            part_qty = product_qty * qty / total if total else 0.0
            part_values = dict(values, warehouse_id=self.env['stock.warehouse'].browse(
                warehouse_id))
            super().run(product_id, part_qty, product_uom, location_id, name, origin,
                        part_values)
        return True

    def _retail_channel_parts(self, product, values):
        line = values.get('sale_line_id')
        allocation = self.env.context.get('retail_channel_allocation')
        if not line or not isinstance(allocation, ChannelAllocation):
            return []
        parts = allocation.get(line if isinstance(line, int) else line.id, [])
        return [(wh, qty) for wh, qty in parts if qty > 0]

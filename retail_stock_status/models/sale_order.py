# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import _, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    def _retail_channel_demand(self):
        """{product_id: quantity in the product's unit} of the stockable lines."""
        self.ensure_one()
        demand = defaultdict(float)
        for line in self.order_line.filtered(lambda l: l.product_id.type == 'product'):
            demand[line.product_id.id] += line.product_uom._compute_quantity(
                line.product_uom_qty, line.product_id.uom_id)
        return dict(demand)

    def action_confirm(self):
        allocation = {}
        for order in self.filtered(lambda o: o.team_id.retail_channel_id):
            channel = order.team_id.retail_channel_id
            demand = order._retail_channel_demand()
            channel._lock_products(demand)
            by_product, shortage = channel._allocate(demand)
            if shortage and channel.oversell_policy == 'refuse':
                product = self.env['product.product'].browse(next(iter(shortage)))
                raise UserError(_(
                    "Cannot confirm %s: it asks for %s %s of %s, but channel %s has "
                    "only %s available to sell.") % (
                        order.name, demand[product.id], product.uom_id.name,
                        product.display_name, channel.name,
                        demand[product.id] - shortage[product.id]))
            allocation[order.id] = {pid: [(wh.id, qty) for wh, qty in parts]
                                    for pid, parts in by_product.items()}
        return super(SaleOrder, self.with_context(
            retail_channel_allocation=allocation)).action_confirm()

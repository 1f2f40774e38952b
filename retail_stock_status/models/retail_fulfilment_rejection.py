# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RetailFulfilmentRejection(models.Model):
    """A store could not pick its part of a channel order (short at the shelf):
    the part was sourced again from the channel's other warehouses, and this
    line's allocations leave the store out from then on."""
    _name = 'retail.fulfilment.rejection'
    _description = 'Ship-from-Store Rejection'
    _order = 'id desc'

    sale_line_id = fields.Many2one('sale.order.line', required=True, readonly=True,
                                   index=True, ondelete='cascade')
    order_id = fields.Many2one(related='sale_line_id.order_id', store=True, readonly=True)
    product_id = fields.Many2one(related='sale_line_id.product_id', store=True,
                                 readonly=True)
    warehouse_id = fields.Many2one('stock.warehouse', string='Rejecting Store',
                                   required=True, readonly=True, index=True)
    quantity = fields.Float(readonly=True, help="In the product's unit.")
    user_id = fields.Many2one('res.users', string='Rejected By', readonly=True,
                              default=lambda self: self.env.uid)
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    company_id = fields.Many2one(related='warehouse_id.company_id', store=True,
                                 readonly=True)

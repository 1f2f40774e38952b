# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


class SaleOrder(models.Model):
    """Returns of the order in any warehouse (``retail.order.return``)."""
    _inherit = 'sale.order'

    retail_has_delivered = fields.Boolean(
        compute='_compute_retail_has_delivered',
        help="Something of the order reached the customer: it can be returned.")

    @api.depends('order_line.qty_delivered')
    def _compute_retail_has_delivered(self):
        for order in self:
            order.retail_has_delivered = order.state in ('sale', 'done') and any(
                line.qty_delivered > 0 for line in order.order_line)

    @api.multi
    def action_retail_order_return(self):
        self.ensure_one()
        action = self.env.ref('retail_stock_status.retail_order_return_action').read()[0]
        action['context'] = {'default_order_id': self.id}
        return action

    @api.multi
    def _retail_prepare_return_refund_vals(self, picking, refund_qty):
        """The credit note of a return: the order's invoice values (Odoo's own,
        in the order's company) as a refund of ``refund_qty`` ({sale line:
        quantity}) at the lines' prices."""
        self.ensure_one()
        order = self.with_context(force_company=self.company_id.id,
                                  company_id=self.company_id.id, type='out_refund')
        vals = order._prepare_invoice()
        invoices = self.invoice_ids.filtered(
            lambda inv: inv.type == 'out_invoice' and inv.state != 'cancel')
        vals.update({
            'type': 'out_refund',
            'origin': _('%s (return of %s)') % (picking.name, self.name),
            'refund_invoice_id': invoices.sorted('id')[-1:].id,
            'invoice_line_ids': [
                (0, 0, line.with_context(force_company=self.company_id.id)
                 ._retail_prepare_return_refund_line_vals(qty))
                for line, qty in refund_qty.items()],
        })
        return vals


class SaleOrderLine(models.Model):
    _inherit = 'sale.order.line'

    @api.multi
    def _retail_return_refund_qty(self, returned_qty):
        """What of ``returned_qty`` (just returned, already off the delivered
        quantity) is credited: the returned units the customer was invoiced,
        i.e. what is invoiced beyond what stays delivered. A line invoiced on
        delivery whose returned units were never invoiced gets nothing back."""
        self.ensure_one()
        return min(returned_qty, max(0.0, self.qty_invoiced - self.qty_delivered))

    @api.multi
    def _retail_prepare_return_refund_line_vals(self, qty):
        """Odoo's invoice line of the sale line, linked to it so that the
        line's invoiced quantity drops with the refund."""
        self.ensure_one()
        vals = self._prepare_invoice_line(qty)
        vals['sale_line_ids'] = [(6, 0, self.ids)]
        return vals

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.addons.retail_governance.models.retail_audit_log import keep_actor
from odoo.exceptions import AccessError
from odoo.tools import float_compare


class StockPicking(models.Model):
    """Returns of an order taken back in any warehouse (``retail.order.return``)
    and the credit note that follows them."""
    _inherit = 'stock.picking'

    retail_return_order_id = fields.Many2one(
        'sale.order', string='Returned Order', readonly=True, index=True,
        help="The order whose goods this receipt takes back from the customer, "
             "in whichever warehouse they were brought.")
    retail_refund_invoice_id = fields.Many2one(
        'account.invoice', string='Credit Note', readonly=True, copy=False,
        help="Credit note made for the returned quantities when the return was "
             "validated (none when the order was not invoiced).")

    @api.model
    def create(self, vals):
        self._retail_check_return_links(vals)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self._retail_check_return_links(vals)
        return super().write(vals)

    @api.model
    def _retail_check_return_links(self, vals):
        """Which order a receipt returns, and its credit note, are set by the
        return wizard and the validation only: a receipt made by hand that
        named an order would get a credit note made by the system."""
        if self.env.uid != SUPERUSER_ID and (
                vals.get('retail_return_order_id') or vals.get('retail_refund_invoice_id')):
            raise AccessError(_("The returned order and the credit note of a receipt are "
                                "set by Return to Any Location, not by hand."))

    @api.multi
    def action_done(self):
        result = super().action_done()
        for picking in self._retail_returns_to_refund():
            # store staff take returns back but hold no accounting rights: once
            # their own access to the return is checked, the system writes the
            # credit note (the audit trail keeps their name)
            picking.check_access_rights('write')
            picking.check_access_rule('write')
            keep_actor(picking).sudo()._retail_refund_return()
        return result

    @api.multi
    def _retail_returns_to_refund(self):
        return self.filtered(lambda picking: picking.state == 'done'
                             and picking.retail_return_order_id
                             and not picking.retail_refund_invoice_id)

    @api.multi
    def _retail_returned_qty_by_sale_line(self):
        """{sale line: quantity returned by this picking, in the line's unit}."""
        self.ensure_one()
        quantities = {}
        for move in self.move_lines.filtered(
                lambda m: m.state == 'done' and m.to_refund and m.sale_line_id):
            line = move.sale_line_id
            quantities[line] = quantities.get(line, 0.0) + move.product_uom._compute_quantity(
                move.quantity_done, line.product_uom)
        return quantities

    @api.multi
    def _retail_refund_return(self):
        """A credit note for what the customer was invoiced and brought back;
        none (and the order's history says so) when nothing of it was invoiced:
        its delivered quantity simply drops."""
        self.ensure_one()
        order = self.retail_return_order_id
        refund_qty = {}
        for line, returned in self._retail_returned_qty_by_sale_line().items():
            qty = line._retail_return_refund_qty(returned)
            if float_compare(qty, 0.0, precision_rounding=line.product_uom.rounding) > 0:
                refund_qty[line] = qty
        if not refund_qty:
            message = _("%s was not invoiced for the returned goods: no credit note is "
                        "made, its delivered quantity is lowered.") % order.name
            self.message_post(body=message)
            order.message_post(body=message)
            return self.env['account.invoice']
        invoice = self.env['account.invoice'].create(
            order._retail_prepare_return_refund_vals(self, refund_qty))
        invoice.compute_taxes()
        self.retail_refund_invoice_id = invoice
        invoice.message_post_with_view(
            'mail.message_origin_link', values={'self': invoice, 'origin': self},
            subtype_id=self.env.ref('mail.mt_note').id)
        message = _("A draft credit note of %s %s is made for the goods returned "
                    "with %s.") % (invoice.amount_total, invoice.currency_id.name, self.name)
        self.message_post(body=message)
        order.message_post(body=message)
        return invoice

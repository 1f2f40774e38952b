# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons.retail_governance.models.retail_audit_log import keep_actor
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = 'stock.picking'

    retail_status_reason = fields.Char(
        string='Status Change Reason',
        help="Reason for the moves of this transfer that change the stock status.")
    retail_channel_id = fields.Many2one(
        'retail.sales.channel', string='Sales Channel',
        related='sale_id.team_id.retail_channel_id', readonly=True,
        help="The channel of the order this delivery ships (ship-from-store when "
             "the delivery leaves a store).")

    @api.multi
    def action_retail_reject_short(self):
        """The store cannot pick its part of a channel order (short at the
        shelf): the delivery's open moves are cancelled, which releases their
        reservation, and the order's lines are sourced again from the channel's
        other warehouses; this store is left out of their allocations."""
        for picking in self:
            # the store's own staff (record rules) reject; the system re-sources
            # to warehouses they cannot see, under the same allocation rules
            picking.check_access_rights('write')
            picking.check_access_rule('write')
            keep_actor(picking).sudo()._retail_reject_short(self.env.user)
        return True

    @api.multi
    def _retail_reject_short(self, user):
        self.ensure_one()
        moves = self._retail_rejectable_moves()
        if not moves:
            raise UserError(_(
                "%s is no open delivery of a channel order: there is nothing to "
                "reject.") % self.name)
        warehouse = self.picking_type_id.warehouse_id
        for move in moves:
            self.env['retail.fulfilment.rejection'].create({
                'sale_line_id': move.sale_line_id.id, 'warehouse_id': warehouse.id,
                'quantity': move.product_qty, 'user_id': user.id})
        lines = moves.mapped('sale_line_id')
        moves._action_cancel()
        lines._retail_allocate_and_procure(resourcing=True)
        self.message_post(body=_(
            "%s could not pick this delivery (%s): its part of %s is sourced again "
            "from the channel's other warehouses.") % (
                warehouse.name, user.name, ', '.join(lines.mapped('order_id.name'))))

    @api.multi
    def _retail_rejectable_moves(self):
        self.ensure_one()
        if self.picking_type_code != 'outgoing':
            return self.env['stock.move']
        return self.move_lines.filtered(
            lambda move: move.state not in ('done', 'cancel') and move.sale_line_id
            and move.sale_line_id._retail_channel())

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons.retail_governance.models.retail_audit_log import keep_actor
from odoo.exceptions import UserError

FULFILMENT_STAGES = [
    ('waiting', 'Waiting for Stock'),
    ('to_pick', 'To Pick'),
    ('to_ship', 'To Ship'),
    ('to_hand_over', 'To Hand Over'),
]


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

    retail_fulfilment_stage = fields.Selection(
        FULFILMENT_STAGES, string='Fulfilment Stage', compute='_compute_retail_fulfilment_stage',
        search='_search_retail_fulfilment_stage',
        help="Where an open delivery of a channel order stands: waiting for stock, "
             "to pick, picked and to ship, or reserved for a customer who collects it.")

    def _compute_retail_fulfilment_stage(self):
        stages = dict(self._retail_fulfilment_stages(self.ids)) if self.ids else {}
        for picking in self:
            picking.retail_fulfilment_stage = stages.get(picking.id, False)

    def _search_retail_fulfilment_stage(self, operator, value):
        if operator not in ('=', '!=', 'in', 'not in'):
            raise UserError(_("Search fulfilment stages by value."))
        values = [value] if isinstance(value, str) or not value else list(value)
        matching = [pid for pid, stage in self._retail_fulfilment_stages() if stage in values]
        return [('id', 'in' if operator in ('=', 'in') else 'not in', matching)]

    @api.model
    def _retail_fulfilment_stages(self, ids=None):
        """[(picking id, stage)] of the open deliveries of channel orders."""
        query, params = self._retail_fulfilment_stage_query(ids)
        self.env.cr.execute(query, params)
        return self.env.cr.fetchall()

    @api.model
    def _retail_fulfilment_stage_query(self, ids=None, columns='picking.id, stage.code'):
        """One definition of the stages, for the pickings and for the board."""
        return """
            SELECT {}
              FROM stock_picking picking
              JOIN stock_picking_type picking_type ON picking_type.id = picking.picking_type_id
              JOIN stock_location dest ON dest.id = picking.location_dest_id
              JOIN sale_order sale ON sale.id = picking.sale_id
              JOIN crm_team team ON team.id = sale.team_id
              CROSS JOIN LATERAL (SELECT CASE
                    WHEN picking.state IN ('confirmed', 'waiting') THEN 'waiting'
                    WHEN sale.retail_fulfilment_mode = 'collect' AND dest.usage = 'customer'
                        THEN 'to_hand_over'
                    WHEN EXISTS (SELECT 1 FROM stock_move_line line
                                  WHERE line.picking_id = picking.id AND line.qty_done > 0)
                        THEN 'to_ship'
                    ELSE 'to_pick' END AS code) stage
             WHERE picking_type.code = 'outgoing'
               AND picking.state IN ('confirmed', 'waiting', 'assigned')
               AND team.retail_channel_id IS NOT NULL
               AND (%(ids)s::int[] IS NULL OR picking.id = ANY(%(ids)s::int[]))
        """.format(columns), {'ids': list(ids) if ids else None}

    @api.multi
    def action_done(self):
        res = super().action_done()
        self.mapped('sale_id')._retail_mark_collected()
        return res

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
        # a part waiting for a transfer into the store is not on its shelf:
        # it is not the store's to reject
        return self.move_lines.filtered(
            lambda move: move.state not in ('done', 'cancel') and move.sale_line_id
            and not move.move_orig_ids and move.sale_line_id._retail_channel())

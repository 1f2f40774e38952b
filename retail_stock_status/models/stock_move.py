# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import _, fields, models
from odoo.exceptions import UserError


class StockMove(models.Model):
    _inherit = 'stock.move'

    # Indexed: confirming a sale line reads its moves by it (the procured
    # quantity, twice for a channel's line); without it each read scans the
    # whole ledger (6.2 million moves: 0.5 s a line).
    sale_line_id = fields.Many2one(index=True)
    retail_status_reason = fields.Char(
        string='Status Change Reason',
        help="Why stock changes status (e.g. sellable to damaged). Required when "
             "a move takes stock between internal locations of different status.")
    retail_source_warehouse_id = fields.Many2one(
        'stock.warehouse', string='Sourced From', readonly=True,
        help="The warehouse whose stock a channel order's move takes: the one it "
             "leaves, or the one a transfer brings it from.")
    retail_sourcing_note = fields.Char(
        string='Why Sourced There', readonly=True,
        help="Why the channel's allocation chose this warehouse.")

    def _action_confirm(self, merge=True, merge_into=False):
        """A move made by a channel's procurement is confirmed later, with the
        other moves of the call (see ``ProcurementRule._run_move``)."""
        if self.env.context.get('retail_defer_confirm'):
            self.env.context['retail_deferred_moves'].extend(self.ids)
            return self
        return super()._action_confirm(merge=merge, merge_into=merge_into)

    def _assign_picking(self):
        """Odoo looks for a picking, writes it and recomputes once per move.
        Moves confirmed together that share a picking's keys (a channel order's
        lines, a replenishment's) are put in it with one search and one write:
        the same picking, origin and partner, the same creation message."""
        groups = defaultdict(list)
        for move in self:
            groups[move._retail_picking_key()].append(move.id)
        for ids in groups.values():
            moves = self.browse(ids)
            if len(moves) == 1:
                super(StockMove, moves)._assign_picking()
            else:
                moves._retail_assign_picking_together()
        return True

    def _retail_picking_key(self):
        return (self.group_id.id, self.location_id.id, self.location_dest_id.id,
                self.picking_type_id.id)

    def _retail_assign_picking_together(self):
        first = self[0]
        Picking = self.env['stock.picking']
        picking = Picking.search([
            ('group_id', '=', first.group_id.id),
            ('location_id', '=', first.location_id.id),
            ('location_dest_id', '=', first.location_dest_id.id),
            ('picking_type_id', '=', first.picking_type_id.id),
            ('printed', '=', False),
            ('state', 'in', ['draft', 'confirmed', 'waiting', 'partially_available',
                             'assigned'])], limit=1)
        new = not picking
        if new:
            picking = Picking.create(first._get_new_picking_values())
        joining = self[1:] if new else self
        if (picking.partner_id or picking.origin) and any(
                move.partner_id != picking.partner_id or move.origin != picking.origin
                for move in joining):
            # moves of several partners or origins: the picking names none
            picking.write({'partner_id': False, 'origin': False})
        self.write({'picking_id': picking.id})
        first._assign_picking_post_process(new=new)
        for move in self[1:]:
            move._assign_picking_post_process(new=False)
        if new:
            self.recompute()

    def _prepare_merge_moves_distinct_fields(self):
        # parts of one line from two warehouses stay two moves
        return super()._prepare_merge_moves_distinct_fields() + ['retail_source_warehouse_id']

    def _retail_status_changing_lines(self):
        """Done quantities that go from one internal status to another."""
        return self.mapped('move_line_ids').filtered(
            lambda line: line.qty_done
            and line.location_id.usage == 'internal'
            and line.location_dest_id.usage == 'internal'
            and line.location_id.retail_effective_status_id
            != line.location_dest_id.retail_effective_status_id)

    def _retail_status_reason(self):
        self.ensure_one()
        return self.retail_status_reason or self.picking_id.retail_status_reason

    def _action_done(self):
        self.mapped('move_line_ids').filtered('qty_done')._retail_check_quarantine_exit()
        status_lines = self._retail_status_changing_lines()
        unexplained = status_lines.filtered(lambda line: not line.move_id._retail_status_reason())
        if unexplained:
            line = unexplained[0]
            raise UserError(_(
                "Moving %s from %s (%s) to %s (%s) changes its stock status: "
                "give a reason for the change.") % (
                    line.product_id.display_name, line.location_id.display_name,
                    line.location_id.retail_effective_status_id.name,
                    line.location_dest_id.display_name,
                    line.location_dest_id.retail_effective_status_id.name))
        moves = super()._action_done()
        self._retail_log_status_change(status_lines)
        return moves

    def _retail_log_status_change(self, lines):
        """Records each status-changing move line in the audit trail: from which
        location and status to which, how much, and why."""
        AuditLog = self.env['retail.audit.log']
        for line in lines:
            AuditLog.log_event('status_move', line.move_id, before={
                'location': line.location_id.display_name,
                'status': line.location_id.retail_effective_status_id.name,
            }, after={
                'location': line.location_dest_id.display_name,
                'status': line.location_dest_id.retail_effective_status_id.name,
                'quantity': line.qty_done,
            }, note=line.move_id._retail_status_reason())
        return True

    def _action_assign(self):
        own_only = self.filtered(lambda move: move._retail_own_stock_only())
        if own_only:
            super(StockMove, own_only.with_context(retail_own_stock_only=True))._action_assign()
        return super(StockMove, self - own_only)._action_assign()

    def _retail_own_stock_only(self):
        """Whether this move sells for a channel that does not sell consigned
        stock (and names no owner itself): it then reserves the company's own
        units only."""
        self.ensure_one()
        channel = self.group_id.sale_id.team_id.retail_channel_id
        return bool(channel) and not channel.sell_consigned and not self.restrict_partner_id

    def _retail_receipt_location(self):
        """Where received stock really lands: customer returns in the returns
        location of the receiving warehouse, vendor receipts of quality-sensitive
        families in its quarantine. None: where Odoo would put it."""
        self.ensure_one()
        if self.location_dest_id.usage != 'internal' \
                or self.location_id.usage not in ('supplier', 'customer'):
            return None
        warehouse = self.location_dest_id.get_warehouse()
        if not warehouse:
            return None
        if self.location_id.usage == 'customer':
            return warehouse.retail_returns_location_id or None
        if self.product_id.categ_id._retail_is_quality_sensitive():
            return warehouse.retail_quarantine_location_id or None
        return None

    def _prepare_move_line_vals(self, quantity=None, reserved_quant=None):
        vals = super()._prepare_move_line_vals(quantity=quantity, reserved_quant=reserved_quant)
        location = self._retail_receipt_location()
        if location:
            vals['location_dest_id'] = location.id
        return vals

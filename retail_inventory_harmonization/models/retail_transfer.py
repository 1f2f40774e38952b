# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero, float_round

from odoo.addons.retail_governance.models.retail_audit_log import keep_actor

from .retail_transfer_math import cycle_hours, line_difference

STATES = [
    ('requested', 'Requested'),
    ('approved', 'Approved'),
    ('picked', 'Picked'),
    ('shipped', 'Shipped'),
    ('received', 'Received'),
    ('discrepancy', 'Discrepancy'),
    ('closed', 'Closed'),
    ('cancelled', 'Cancelled'),
]
# States in which the pickings still decide the state.
OPEN_STATES = ('requested', 'approved', 'picked', 'shipped')
# Event date and user per state reached.
EVENT_FIELDS = {
    'approved': ('date_approved', 'approved_by_id'),
    'picked': ('date_picked', 'picked_by_id'),
    'shipped': ('date_shipped', 'shipped_by_id'),
    'received': ('date_received', 'received_by_id'),
    'discrepancy': ('date_received', 'received_by_id'),
    'closed': ('date_closed', 'closed_by_id'),
    'cancelled': ('date_closed', 'closed_by_id'),
}
# Figures of a transfer line synced from the moves, and their precision.
LINE_QTY_FIELDS = ('expected_qty', 'shipped_qty', 'received_qty', 'damaged_qty')
LINE_DIGITS = 3
# Only the system (the pickings, the resolutions) changes a transfer.
SYSTEM_KEY = 'retail_transfer_system'
SYSTEM_TOKEN = object()
# The cursor's attribute listing the pickings whose transfers the outermost
# deferred_transfer_sync block brings in step when it ends.
PENDING_SYNC = '_retail_transfer_pending_sync'


@contextmanager
def deferred_transfer_sync(env):
    """Transfer syncs asked inside the block (``_sync_pickings``) run once,
    when the outermost block of the transaction ends. Validating a shipment
    validates its moves, which reserve the receipt's moves, each step asking
    for a sync of the same transfer: a two-leg transfer was synced 24 times."""
    cr = env.cr
    if getattr(cr, PENDING_SYNC, None) is not None:
        yield
        return
    pending = []
    setattr(cr, PENDING_SYNC, pending)
    try:
        yield
    finally:
        setattr(cr, PENDING_SYNC, None)
    if pending:
        env['retail.transfer']._sync_pickings(
            env['stock.picking'].browse(list(dict.fromkeys(pending))).exists())


def as_system(records):
    """``records`` for the system's own writes (server code only)."""
    return records.with_context(**{SYSTEM_KEY: SYSTEM_TOKEN})


class RetailTransfer(models.Model):
    """One inter-location transfer (DC to store, store to store, store to DC)
    as one record: the delivery into transit and the receipt out of it, kept
    in step with Odoo's own pickings (no second way to ship or receive)."""
    _name = 'retail.transfer'
    _description = 'Retail Transfer'
    _inherit = ['mail.thread']
    _order = 'date_requested desc, id desc'

    name = fields.Char(required=True, readonly=True, copy=False, default='/')
    company_id = fields.Many2one('res.company', required=True, readonly=True, index=True)
    # Not tracked in the chatter: the form's timeline (the event dates and
    # users below) says who moved it when; the chatter keeps the notes,
    # discrepancies and resolutions.
    state = fields.Selection(
        STATES, default='requested', required=True, readonly=True, index=True)
    route_type = fields.Selection([
        ('dc_store', 'DC to store'),
        ('store_store', 'Store to store'),
        ('store_dc', 'Store to DC'),
        ('other', 'Other'),
    ], readonly=True, index=True)
    route_name = fields.Char(string='Route', readonly=True, index=True)
    source_warehouse_id = fields.Many2one(
        'stock.warehouse', string='From', readonly=True, index=True)
    dest_warehouse_id = fields.Many2one(
        'stock.warehouse', string='To', readonly=True, index=True)
    dest_cluster_id = fields.Many2one(
        'retail.store.cluster', string='Cluster', readonly=True, index=True,
        help="Cluster of the destination store (of the source when it goes to the DC).")
    out_picking_ids = fields.One2many(
        'stock.picking', 'retail_transfer_id', string='Deliveries',
        domain=[('retail_transfer_leg', '=', 'out')], readonly=True)
    in_picking_ids = fields.One2many(
        'stock.picking', 'retail_transfer_id', string='Receipts',
        domain=[('retail_transfer_leg', '=', 'in')], readonly=True)
    line_ids = fields.One2many('retail.transfer.line', 'transfer_id', readonly=True)
    procurement_group_id = fields.Many2one('procurement.group', readonly=True, index=True)
    origin = fields.Char(readonly=True)

    date_requested = fields.Datetime(readonly=True, index=True)
    requested_by_id = fields.Many2one('res.users', readonly=True)
    date_approved = fields.Datetime(readonly=True)
    approved_by_id = fields.Many2one('res.users', readonly=True)
    date_picked = fields.Datetime(readonly=True)
    picked_by_id = fields.Many2one('res.users', readonly=True)
    date_shipped = fields.Datetime(readonly=True)
    shipped_by_id = fields.Many2one('res.users', readonly=True)
    date_received = fields.Datetime(readonly=True)
    received_by_id = fields.Many2one('res.users', readonly=True)
    date_closed = fields.Datetime(readonly=True)
    closed_by_id = fields.Many2one('res.users', readonly=True)
    date_expected = fields.Datetime(
        string='Expected Arrival', readonly=True, index=True,
        help="Shipment (or request) date plus the lead time of the destination's cluster.")
    is_late = fields.Boolean(
        string='Overdue', readonly=True, index=True,
        help="In transit past its expected arrival (set by the overdue check).")

    requested_to_shipped_hours = fields.Float(
        string='Requested to Shipped (h)', readonly=True, group_operator='avg')
    shipped_to_received_hours = fields.Float(
        string='Shipped to Received (h)', readonly=True, group_operator='avg')
    requested_to_received_hours = fields.Float(
        string='Requested to Received (h)', readonly=True, group_operator='avg')

    resolution = fields.Selection([
        ('found', 'Found'),
        ('reship', 'Re-shipped'),
        ('write_off', 'Written off'),
    ], readonly=True, track_visibility='onchange')
    write_off_inventory_id = fields.Many2one('stock.inventory', readonly=True)
    reship_transfer_id = fields.Many2one('retail.transfer', string='Re-shipment', readonly=True)
    exception_ids = fields.One2many(
        'retail.exception', compute='_compute_exception_ids', string='Exceptions')
    exception_count = fields.Integer(compute='_compute_exception_ids')
    shipped_qty = fields.Float(compute='_compute_totals', store=True)
    received_qty = fields.Float(compute='_compute_totals', store=True)
    discrepancy_qty = fields.Float(compute='_compute_totals', store=True)

    @api.depends('line_ids.shipped_qty', 'line_ids.received_qty', 'line_ids.difference_qty')
    def _compute_totals(self):
        for transfer in self:
            transfer.shipped_qty = sum(transfer.line_ids.mapped('shipped_qty'))
            transfer.received_qty = sum(transfer.line_ids.mapped('received_qty'))
            transfer.discrepancy_qty = sum(abs(q) for q in transfer.line_ids.mapped(
                'difference_qty')) + sum(transfer.line_ids.mapped('damaged_qty'))

    @api.multi
    def _compute_exception_ids(self):
        Exception_ = self.env['retail.exception']
        by_transfer = defaultdict(list)
        for exc in Exception_.search([('source_model', '=', self._name),
                                      ('source_id', 'in', self.ids)]):
            by_transfer[exc.source_id].append(exc.id)
        for transfer in self:
            transfer.exception_ids = by_transfer.get(transfer.id, [])
            transfer.exception_count = len(by_transfer.get(transfer.id, []))

    # ------------------------------------------------------------------
    # CRUD: the system's only
    # ------------------------------------------------------------------
    @api.model
    def _is_system_call(self):
        return self.env.context.get(SYSTEM_KEY) is SYSTEM_TOKEN

    @api.model
    def create(self, vals):
        if not self._is_system_call():
            raise AccessError(_(
                "Transfers are created from their pickings (replenishment, "
                "emergency requests, or a delivery to the transit location)."))
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('retail.transfer') or '/'
        return super(RetailTransfer, self).create(vals)

    @api.multi
    def write(self, vals):
        if not self._is_system_call() and set(vals) - {
                'message_follower_ids', 'message_ids', 'activity_ids'}:
            raise AccessError(_(
                "A transfer follows its pickings: ship and receive by validating "
                "them (or with the Barcode app)."))
        return super(RetailTransfer, self).write(vals)

    @api.multi
    def unlink(self):
        if not self._is_system_call():
            raise AccessError(_("Transfers cannot be deleted; cancel their pickings."))
        return super(RetailTransfer, self).unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.multi
    def action_view_pickings(self):
        self.ensure_one()
        action = self.env.ref('stock.action_picking_tree_all').read()[0]
        action['domain'] = [('retail_transfer_id', '=', self.id)]
        action['context'] = {}
        return action

    @api.multi
    def action_view_exceptions(self):
        self.ensure_one()
        action = self.env.ref('retail_governance.retail_exception_action').read()[0]
        action['domain'] = [('source_model', '=', self._name), ('source_id', '=', self.id)]
        action['context'] = {}
        return action

    @api.multi
    def action_close(self):
        """Closes received transfers (nothing left to settle), and those
        whose only discrepancy is damaged units: they are in the destination's
        damaged location, where the damaged-stock process takes them."""
        for transfer in self:
            damaged_only = transfer.state == 'discrepancy' and not transfer.line_ids.filtered(
                lambda l: l.line_state in ('short', 'over'))
            if transfer.state != 'received' and not damaged_only:
                raise UserError(_(
                    "Transfer %s is %s: only received transfers are closed by "
                    "hand; a discrepancy closes with its resolution.") % (
                        transfer.name, dict(STATES)[transfer.state]))
            transfer._check_can_resolve()
        self._close()
        return True

    @api.multi
    def action_resolve_found(self):
        """The missing goods turned up: the destination receives them with the
        open receipt of the rest (the backorder), which closes the transfer."""
        self.ensure_one()
        self._check_discrepancy()
        self._check_can_resolve()
        if not self._get_open_receipts():
            raise UserError(_(
                "Transfer %s has no quantity left to receive: write the "
                "difference off.") % self.name)
        as_system(self.sudo()).write({'resolution': 'found'})
        self._post_note(_("Resolution: the missing goods were found; receive them "
                          "with %s.") % ', '.join(self._get_open_receipts().mapped('name')))
        return True

    @api.multi
    def action_resolve_write_off(self, reason_id=False):
        """Writes the difference off the transit location with an inventory
        adjustment under the adjustment rules (reason, tiers, approvals); the
        transfer closes when the adjustment is validated."""
        self.ensure_one()
        self._check_discrepancy()
        self._check_can_resolve()
        if self.env.user._retail_is_store_scoped():
            raise AccessError(_(
                "Transfer %s: the write-off of goods lost in transit is asked by "
                "an inventory controller or a planner.") % self.name)
        if self.write_off_inventory_id and self.write_off_inventory_id.state != 'cancel':
            raise UserError(_("Transfer %s already has the write-off %s.") % (
                self.name, self.write_off_inventory_id.name))
        reason = self.env['retail.adjustment.reason'].browse(reason_id) if reason_id \
            else self.env.ref('retail_inventory_harmonization.reason_transfer_write_off')
        # sudo: the backorders belong to the destination store; the user was
        # checked above.
        self.sudo()._get_open_receipts().action_cancel()
        inventory = self.env['stock.inventory'].create(
            self._prepare_write_off_inventory_vals())
        inventory.action_start()
        Line = self.env['stock.inventory.line']
        transit = self._get_transit_location()
        lines = self.line_ids.filtered(lambda l: not float_is_zero(
            l.difference_qty, precision_rounding=l.product_uom_id.rounding))
        if not lines:
            raise UserError(_(
                "Transfer %s has nothing short or over to write off: close it (the "
                "damaged units are in the damaged location).") % self.name)
        for line in lines:
            theoretical = self._get_transit_qty(line.product_id, transit)
            Line.create({
                'inventory_id': inventory.id,
                'product_id': line.product_id.id,
                'product_uom_id': line.product_id.uom_id.id,
                'location_id': transit.id,
                'product_qty': max(theoretical + line.difference_qty, 0.0),
                'retail_reason_id': reason.id,
            })
        as_system(self.sudo()).write({
            'resolution': 'write_off', 'write_off_inventory_id': inventory.id})
        self._post_note(_("Resolution: write-off %s, under the adjustment rules.")
                        % inventory.name)
        return {
            'type': 'ir.actions.act_window', 'res_model': 'stock.inventory',
            'res_id': inventory.id, 'view_mode': 'form', 'views': [(False, 'form')],
        }

    @api.multi
    def action_resolve_reship(self):
        """The source sends the missing quantity again: a new transfer from the
        same source; the shortfall still in transit is written off as well."""
        self.ensure_one()
        self._check_discrepancy()
        self._check_can_resolve()
        short = self.line_ids.filtered(lambda l: float_compare(
            l.difference_qty, 0.0, precision_rounding=l.product_uom_id.rounding) < 0)
        if not short:
            raise UserError(_("Transfer %s has no short line to re-ship.") % self.name)
        action = self.action_resolve_write_off()
        # sudo: the re-shipment's pickings span both warehouses.
        reship = self.sudo()._create_reship_pickings(short)
        as_system(self.sudo()).write({'resolution': 'reship', 'reship_transfer_id': reship.id})
        return action

    # ------------------------------------------------------------------
    # Sync with the pickings
    # ------------------------------------------------------------------
    @api.model
    def _sync_pickings(self, pickings):
        """Links transit pickings to their transfer (creating it) and brings
        the transfers in step with them. Called whenever pickings are created,
        confirmed, reserved, validated or cancelled, whoever did it. Inside a
        deferred_transfer_sync block, when that block ends."""
        pending = getattr(self.env.cr, PENDING_SYNC, None)
        if pending is not None:
            pending.extend(pickings.ids)
            return self.browse()
        # sudo: the transfer spans two warehouses whatever the acting user
        # sees; the acting user is kept in the events (actor below).
        actor = self.env.user
        pickings = pickings.sudo()._retail_transit_pickings()
        if not pickings:
            return self.browse()
        # keep_actor: exceptions raised on the way name the acting user.
        System = as_system(keep_actor(self).sudo())
        transfers = pickings.mapped('retail_transfer_id')
        for picking in pickings.filtered(lambda p: not p.retail_transfer_id):
            if picking.retail_transfer_id:
                continue
            partner = picking._retail_transit_partner()
            transfer = System.browse(partner.mapped('retail_transfer_id')[:1].ids)
            if not transfer:
                # tracking_disable: no creation message, no follower (the
                # timeline says who asked when).
                transfer = System.with_context(tracking_disable=True).create(
                    self._prepare_transfer_vals(picking, partner, actor))
                transfer = System.browse(transfer.id)
            transfer._link_legs((picking | partner).filtered(lambda p: not p.retail_transfer_id))
            transfer._complete_from_legs()
            transfers |= transfer
        System.browse(transfers.ids)._sync_state(actor)
        return transfers

    @api.model
    def _prepare_transfer_vals(self, picking, partner, actor):
        out = (picking | partner).filtered(lambda p: p.location_dest_id.usage == 'transit')[:1]
        incoming = (picking | partner).filtered(lambda p: p.location_id.usage == 'transit')[:1]
        source = out.picking_type_id.warehouse_id or out.location_id.get_warehouse()
        dest = incoming.picking_type_id.warehouse_id or incoming.location_dest_id.get_warehouse()
        if not dest and out.partner_id:
            dest = self.env['stock.warehouse'].search(
                [('partner_id', '=', out.partner_id.id)], limit=1)
        if not source and incoming.partner_id:
            source = self.env['stock.warehouse'].search(
                [('partner_id', '=', incoming.partner_id.id)], limit=1)
        first = out or incoming
        requester = first.create_uid if first.create_uid.id != 1 else actor
        vals = dict(self._get_route_vals(source, dest), **{
            'company_id': first.company_id.id,
            'source_warehouse_id': source.id,
            'dest_warehouse_id': dest.id,
            'procurement_group_id': first.group_id.id,
            'origin': first.origin or first.name,
            'date_requested': first.create_date or fields.Datetime.now(),
            'requested_by_id': requester.id,
        })
        vals.update(self._get_request_events(first.group_id))
        return vals

    @api.model
    def _get_request_events(self, group):
        """Who asked and who approved, when the pickings answer a request
        (an emergency transfer): its events, not the pickings' creation."""
        if not group or 'retail.emergency.transfer' not in self.env:
            return {}
        request = self.env['retail.emergency.transfer'].sudo().search(
            [('procurement_group_id', '=', group.id)], limit=1)
        if not request:
            return {}
        vals = {'requested_by_id': request.requested_by_id.id,
                'date_requested': request.request_date or request.create_date}
        if request.approved_by_id:
            vals.update(approved_by_id=request.approved_by_id.id,
                        date_approved=request.approval_date)
        elif request.state in ('approved', 'done') and not request.approval_required:
            # Below the thresholds a request is approved as it is submitted.
            vals.update(approved_by_id=request.requested_by_id.id,
                        date_approved=request.request_date)
        return vals

    @api.multi
    def _link_legs(self, legs):
        """Links the transit pickings ``legs`` to this transfer, as its
        deliveries (into transit) or receipts, in one UPDATE: nothing stored
        depends on the link, and a picking's write (its tracking, its moves'
        updates) has nothing to do for it."""
        self.ensure_one()
        if not legs:
            return
        by_leg = defaultdict(list)
        for picking in legs:
            by_leg[picking._retail_transit_leg()].append(picking.id)
        for leg, ids in by_leg.items():
            self.env.cr.execute("""
                UPDATE stock_picking SET retail_transfer_id = %s, retail_transfer_leg = %s
                 WHERE id IN %s
            """, (self.id, leg, tuple(ids)))
        legs.invalidate_cache(['retail_transfer_id', 'retail_transfer_leg'], legs.ids)
        self.invalidate_cache(['out_picking_ids', 'in_picking_ids'], self.ids)

    @api.model
    def _get_route_vals(self, source, dest):
        """Route and cluster of a transfer from ``source`` to ``dest``."""
        # prefetch_fields: their cluster and code, not every field of theirs.
        source = source.with_context(prefetch_fields=False)
        dest = dest.with_context(prefetch_fields=False)
        route = self._get_route_type(source, dest)
        cluster = dest.retail_cluster_id if route != 'store_dc' else source.retail_cluster_id
        return {
            'route_type': route,
            'route_name': '%s → %s' % (source.code or '?', dest.code or '?'),
            'dest_cluster_id': cluster.id,
        }

    @api.multi
    def _complete_from_legs(self):
        """Warehouses, route and cluster once both legs are known (one write,
        of what changed: a receipt joining its delivery's transfer changes
        nothing)."""
        for transfer in self:
            vals = {}
            out = transfer.out_picking_ids[:1]
            incoming = transfer.in_picking_ids[:1]
            source, dest = transfer.source_warehouse_id, transfer.dest_warehouse_id
            if not source and out:
                source = out.picking_type_id.warehouse_id or out.location_id.get_warehouse()
                vals['source_warehouse_id'] = source.id
            if not dest and incoming:
                dest = incoming.picking_type_id.warehouse_id \
                    or incoming.location_dest_id.get_warehouse()
                vals['dest_warehouse_id'] = dest.id
            if not transfer.procurement_group_id and (out or incoming).group_id:
                vals['procurement_group_id'] = (out or incoming).group_id.id
            vals.update(transfer._get_route_vals(source, dest))
            changed = {name: value for name, value in vals.items()
                       if transfer._fields[name].convert_to_write(
                           transfer[name], transfer) != value}
            if changed:
                transfer._write_synced(changed)

    @api.multi
    def _write_synced(self, vals):
        """The sync's writes. None of their fields is tracked or names a
        follower, so the chatter's write (which reads the user's language and
        the record again, then looks for followers to add) is skipped."""
        return self.with_context(tracking_disable=True).write(vals)

    @api.model
    def _get_route_type(self, source, dest):
        def is_store(warehouse):
            return bool(warehouse.retail_cluster_id)
        if not source or not dest:
            return 'other'
        if is_store(source) and is_store(dest):
            return 'store_store'
        if is_store(dest):
            return 'dc_store'
        if is_store(source):
            return 'store_dc'
        return 'other'

    @api.multi
    def _sync_state(self, actor):
        """State, event dates and users, lines and cycle times from the
        pickings: their states read once for all the transfers, and one write
        per transfer whose state moved."""
        now = fields.Datetime.now()
        legs = self._read_legs()
        self._sync_lines(legs)
        for transfer in self:
            if transfer.state in ('closed', 'cancelled'):
                continue
            new_state = transfer._compute_state_from_pickings(legs[transfer.id])
            vals = {}
            if new_state != transfer.state:
                vals['state'] = new_state
                order = [code for code, _label in STATES]
                # Every event up to the new state, once (a transfer may skip
                # states: a delivery validated at once was approved and picked).
                reached = order[:order.index(new_state) + 1] if new_state in order[:5] \
                    else [new_state] if new_state == 'cancelled' else order[:4] + [new_state]
                for state in reached:
                    if state not in EVENT_FIELDS:
                        continue
                    date_field, user_field = EVENT_FIELDS[state]
                    if not transfer[date_field]:
                        vals[date_field] = now
                        vals[user_field] = actor.id
            if new_state in ('shipped', 'received', 'discrepancy'):
                shipped = vals.get('date_shipped') or transfer.date_shipped
                expected = transfer._compute_date_expected(shipped)
                if expected != transfer.date_expected:
                    vals['date_expected'] = expected
            if vals:
                vals.update(transfer._get_cycle_times(vals))
                transfer._write_synced(vals)
            if vals.get('state') in ('received', 'discrepancy'):
                transfer._settle_overdue()
            if vals.get('state') == 'discrepancy':
                transfer._raise_discrepancy()
            if vals.get('state') == 'received' and transfer.resolution == 'found':
                transfer._close()

    @api.multi
    def _read_legs(self):
        """{transfer id: {'out': {picking id: state}, 'in': {...}}}: the
        states of the transfers' deliveries and receipts, in one search."""
        legs = {transfer_id: {'out': {}, 'in': {}} for transfer_id in self.ids}
        if not self.ids:
            return legs
        # The ORM rather than SQL: a picking's state is computed from its
        # moves, and may be waiting for its recomputation.
        pickings = self.env['stock.picking'].sudo().search([
            ('retail_transfer_id', 'in', self.ids), ('retail_transfer_leg', 'in', ('out', 'in'))])
        for row in pickings.read(['retail_transfer_id', 'retail_transfer_leg', 'state'],
                                 load='_classic_write'):
            legs[row['retail_transfer_id']][row['retail_transfer_leg']][row['id']] = row['state']
        return legs

    @api.multi
    def _compute_state_from_pickings(self, legs=None):
        self.ensure_one()
        legs = legs or self._read_legs()[self.id]
        out_states = set(legs['out'].values())
        in_states = set(legs['in'].values())
        if (out_states or in_states) and (out_states | in_states) <= {'cancel'}:
            return 'cancelled'
        if 'done' in in_states:
            if self.state == 'discrepancy' and self.resolution != 'found':
                return 'discrepancy'
            return 'discrepancy' if self._has_discrepancy() else 'received'
        if 'done' in out_states:
            return 'shipped'
        if out_states & {'assigned'} or self._any_picked(
                self.env['stock.picking'].browse(list(legs['out']))):
            return 'picked'
        if out_states & {'confirmed', 'waiting', 'partially_available'}:
            return 'approved'
        if not legs['out'] and in_states - {'draft'}:
            return 'approved'
        return 'requested'

    @api.model
    def _any_picked(self, pickings):
        """Some quantity done on a move of ``pickings`` (its move lines')."""
        if not pickings.ids:
            return False
        self.env.cr.execute("""
            SELECT 1 FROM stock_move_line ml JOIN stock_move m ON m.id = ml.move_id
             WHERE m.picking_id IN %s AND ml.qty_done != 0 LIMIT 1
        """, (tuple(pickings.ids),))
        return bool(self.env.cr.fetchone())

    @api.multi
    def _has_discrepancy(self):
        self.ensure_one()
        return any(line.line_state != 'ok' for line in self.line_ids)

    @api.multi
    def _sync_lines(self, legs=None):
        """One line per product: shipped (done deliveries), received (done
        receipts), expected (what was asked), and once a receipt is done their
        difference and status. Transfers without lines yet whose moves are not
        done (a run's, a new request's) get them in one INSERT; the others'
        lines that moved are written in one UPDATE (a run's transfer has
        thousands), then the transfers' totals are recomputed."""
        legs = legs or self._read_legs()
        fresh = self._get_fresh_transfers()
        fresh._insert_lines_from_moves()
        rest = self - fresh
        if not rest:
            return
        totals = rest._read_line_totals(legs)
        lines = rest._read_lines()
        Line = self.env['retail.transfer.line']
        with self.env.norecompute():
            for key in set(totals) - set(lines):
                Line.create(dict(totals[key], transfer_id=key[0], product_id=key[1]))
            # A validated receipt makes the differences count, also on the
            # lines whose figures did not move (a product not received at all).
            receipt_done = {transfer.id: 'done' in legs[transfer.id]['in'].values()
                            for transfer in rest}
            received = {transfer.id for transfer in rest if receipt_done[transfer.id]
                        and transfer.state not in ('closed', 'cancelled')}
            rest._write_lines([
                line for line in (
                    self._get_line_update(line, totals.get(key, {}), receipt_done[key[0]],
                                          key[0] in received)
                    for key, line in lines.items())
                if line])
        self.recompute()

    @api.model
    def _get_line_update(self, line, figures, receipt_done, check_difference):
        """``line`` (a row of _read_lines) with the ``figures`` of its moves
        and its difference, or None when nothing of it moved."""
        moved = any(float_compare(line[name], value, precision_digits=LINE_DIGITS)
                    for name, value in figures.items())
        if not moved and not check_difference:
            return None
        new = dict(line, **figures)
        new['difference_qty'], new['line_state'] = line_difference(
            new['shipped_qty'], new['received_qty'], new['damaged_qty'], receipt_done,
            line['rounding'])
        if moved or new['line_state'] != line['line_state'] or float_compare(
                new['difference_qty'], line['difference_qty'], precision_digits=LINE_DIGITS):
            return new
        return None

    @api.multi
    def _read_lines(self):
        """{(transfer id, product id): row} of the transfers' lines, with the
        rounding of the product's unit."""
        self.env.cr.execute("""
            SELECT l.id, l.transfer_id, l.product_id, COALESCE(l.expected_qty, 0),
                   COALESCE(l.shipped_qty, 0), COALESCE(l.received_qty, 0),
                   COALESCE(l.damaged_qty, 0), COALESCE(l.difference_qty, 0),
                   l.line_state, u.rounding
              FROM retail_transfer_line l
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN product_uom u ON u.id = pt.uom_id
             WHERE l.transfer_id IN %s
             ORDER BY l.id
        """, (tuple(self.ids),))
        names = ('id', 'transfer_id', 'product_id') + LINE_QTY_FIELDS + (
            'difference_qty', 'line_state', 'rounding')
        return {(row[1], row[2]): dict(zip(names, row)) for row in self.env.cr.fetchall()}

    @api.multi
    def _write_lines(self, rows):
        """Writes the figures, differences and statuses of ``rows`` (from
        _get_line_update) in one UPDATE, and has their transfers' totals
        recomputed. No ORM write: only the sync writes lines, and the
        difference it would recompute is in the rows."""
        if not rows:
            return
        columns = LINE_QTY_FIELDS + ('difference_qty', 'line_state')
        self.env.cr.execute("""
            UPDATE retail_transfer_line l
               SET expected_qty = v.expected_qty, shipped_qty = v.shipped_qty,
                   received_qty = v.received_qty, damaged_qty = v.damaged_qty,
                   difference_qty = v.difference_qty, line_state = v.line_state,
                   write_uid = %s, write_date = (now() at time zone 'UTC')
              FROM unnest(%s::int[], %s::float8[], %s::float8[], %s::float8[],
                          %s::float8[], %s::float8[], %s::varchar[])
                   AS v(id, expected_qty, shipped_qty, received_qty, damaged_qty,
                        difference_qty, line_state)
             WHERE l.id = v.id
        """, [self.env.uid, [row['id'] for row in rows]]
            + [[row[name] for row in rows] for name in columns])
        Line = self.env['retail.transfer.line']
        Line.invalidate_cache(list(columns), [row['id'] for row in rows])
        self.browse({row['transfer_id'] for row in rows})._mark_totals_to_recompute()

    @api.multi
    def _mark_totals_to_recompute(self):
        """After lines changed in SQL: the totals are recomputed at the next
        recompute (from the database, not from the cache)."""
        names = ['shipped_qty', 'received_qty', 'discrepancy_qty']
        self.invalidate_cache(names, self.ids)
        for name in names:
            self.env.add_todo(self._fields[name], self)

    @api.multi
    def _read_line_totals(self, legs):
        """{(transfer id, product id): {expected_qty, shipped_qty,
        received_qty, damaged_qty}} from the legs' moves and, for done moves,
        their move lines, in one query; quantities in the product's unit."""
        self.env.cr.execute("""
            SELECT p.retail_transfer_id, p.retail_transfer_leg, m.id, m.product_id, m.state,
                   m.product_qty, m.product_uom, pt.uom_id, ml.qty_done, ml.product_uom_id,
                   COALESCE(st.code = 'damaged', FALSE)
              FROM stock_picking p
              JOIN stock_move m ON m.picking_id = p.id
              JOIN product_product pp ON pp.id = m.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN stock_move_line ml ON ml.move_id = m.id AND m.state = 'done'
              LEFT JOIN stock_location dest ON dest.id = ml.location_dest_id
              LEFT JOIN retail_stock_status st ON st.id = dest.retail_effective_status_id
             WHERE p.retail_transfer_id IN %s AND p.retail_transfer_leg IN ('out', 'in')
             ORDER BY m.id, ml.id
        """, (tuple(self.ids),))
        UoM = self.env['product.uom']
        moves = {}
        for (transfer_id, leg, move_id, product_id, state, product_qty, move_uom, product_uom,
             qty_done, line_uom, damaged) in self.env.cr.fetchall():
            move = moves.setdefault(move_id, {
                'key': (transfer_id, product_id), 'leg': leg, 'state': state,
                'product_qty': product_qty, 'move_uom': UoM.browse(move_uom),
                'product_uom': UoM.browse(product_uom), 'done': 0.0, 'damaged': 0.0})
            if qty_done:
                line_uom = UoM.browse(line_uom)
                move['done'] += line_uom._compute_quantity(
                    qty_done, move['move_uom'], round=False)
                if damaged:
                    move['damaged'] += line_uom._compute_quantity(qty_done, move['product_uom'])
        totals = defaultdict(lambda: dict.fromkeys(LINE_QTY_FIELDS, 0.0))
        for move in moves.values():
            has_out = bool(legs[move['key'][0]]['out'])
            done = move['move_uom']._compute_quantity(
                float_round(move['done'], precision_digits=LINE_DIGITS), move['product_uom']) \
                if move['state'] == 'done' else 0.0
            row = totals[move['key']]
            if move['leg'] == 'out':
                if move['state'] != 'cancel':
                    row['expected_qty'] += move['product_qty']
                row['shipped_qty'] += done
            else:
                if not has_out and move['state'] != 'cancel':
                    row['expected_qty'] += move['product_qty']
                row['received_qty'] += done
                row['damaged_qty'] += move['damaged']
        for (transfer_id, _product_id), row in totals.items():
            if not legs[transfer_id]['out']:
                row['shipped_qty'] = row['expected_qty']
        return totals

    @api.multi
    def _get_fresh_transfers(self):
        """Those of the transfers with no line and no done move yet."""
        if not self.ids:
            return self.browse()
        self.env.cr.execute("""
            SELECT t.id FROM retail_transfer t
             WHERE t.id IN %s
               AND NOT EXISTS (SELECT 1 FROM retail_transfer_line l
                                WHERE l.transfer_id = t.id)
               AND NOT EXISTS (SELECT 1 FROM stock_picking p
                                 JOIN stock_move m ON m.picking_id = p.id
                                WHERE p.retail_transfer_id = t.id
                                  AND p.retail_transfer_leg IN ('out', 'in')
                                  AND m.state = 'done')
        """, (tuple(self.ids),))
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.multi
    def _insert_lines_from_moves(self):
        """_sync_lines for transfers with no line and nothing done: one line
        per product of their legs' moves, asked = the deliveries' moves not
        cancelled (the receipts' when there is no delivery), nothing shipped
        (asked, without a delivery) or received, no difference."""
        if not self.ids:
            return
        self.env.cr.execute("""
            WITH transfer AS (
                SELECT rt.id, EXISTS (
                           SELECT 1 FROM stock_picking o
                            WHERE o.retail_transfer_id = rt.id
                              AND o.retail_transfer_leg = 'out') AS has_out
                  FROM retail_transfer rt WHERE rt.id IN %s
            ), total AS (
                SELECT t.id AS transfer_id, m.product_id, t.has_out,
                       ROUND(SUM(CASE WHEN m.state != 'cancel' AND (
                                     p.retail_transfer_leg = 'out' OR NOT t.has_out)
                                 THEN m.product_qty ELSE 0 END)::numeric, 3) AS expected
                  FROM stock_move m
                  JOIN stock_picking p ON p.id = m.picking_id
                  JOIN transfer t ON t.id = p.retail_transfer_id
                 WHERE p.retail_transfer_leg IN ('out', 'in')
                 GROUP BY t.id, m.product_id, t.has_out
            )
            INSERT INTO retail_transfer_line (
                transfer_id, product_id, expected_qty, shipped_qty, received_qty,
                damaged_qty, difference_qty, line_state,
                create_uid, create_date, write_uid, write_date)
            SELECT transfer_id, product_id, expected,
                   CASE WHEN has_out THEN 0 ELSE expected END, 0, 0, 0, 'ok',
                   %s, (now() at time zone 'UTC'), %s, (now() at time zone 'UTC')
              FROM total
        """, (tuple(self.ids), self.env.uid, self.env.uid))
        self.invalidate_cache(['line_ids'])
        self._mark_totals_to_recompute()
        self.recompute()

    @api.multi
    def _compute_date_expected(self, start):
        self.ensure_one()
        # prefetch_fields: the cluster alone, not every field of the warehouses.
        days = self.dest_warehouse_id.with_context(
            prefetch_fields=False).retail_cluster_id.lead_days or \
            self.source_warehouse_id.with_context(
                prefetch_fields=False).retail_cluster_id.lead_days or 1.0
        start = fields.Datetime.from_string(start or self.date_requested or fields.Datetime.now())
        return fields.Datetime.to_string(start + timedelta(days=days))

    @api.multi
    def _get_cycle_times(self, vals):
        """Cycle times with the event dates of ``vals`` (about to be written)."""
        self.ensure_one()

        def date(name):
            return vals[name] if name in vals else self[name]
        return {
            'requested_to_shipped_hours': cycle_hours(
                date('date_requested'), date('date_shipped')),
            'shipped_to_received_hours': cycle_hours(
                date('date_shipped'), date('date_received')),
            'requested_to_received_hours': cycle_hours(
                date('date_requested'), date('date_received')),
        }

    # ------------------------------------------------------------------
    # Discrepancies
    # ------------------------------------------------------------------
    @api.multi
    def _raise_discrepancy(self):
        Exception_ = self.env['retail.exception']
        for transfer in self:
            lines = transfer.line_ids.filtered(lambda l: l.line_state != 'ok')
            value = sum(abs(l.difference_qty) * l.product_id.standard_price
                        + l.damaged_qty * l.product_id.standard_price for l in lines)
            details = '\n'.join(
                _('%s: shipped %s, received %s, damaged %s (%s)') % (
                    l.product_id.display_name, l.shipped_qty, l.received_qty,
                    l.damaged_qty, dict(l._fields['line_state'].selection)[l.line_state])
                for l in lines)
            Exception_.raise_exception(
                'transfer_discrepancy',
                location=transfer.dest_warehouse_id.lot_stock_id or None,
                warehouse=transfer.dest_warehouse_id or None,
                product=lines.mapped('product_id')[:1] if len(lines) == 1 else None,
                quantity=sum(l.difference_qty for l in lines),
                value=value, source=transfer, company=transfer.company_id,
                description=_('Transfer %s (%s):\n%s') % (
                    transfer.name, transfer.route_name, details))
            transfer._post_note(_("Discrepancy at receipt:<br/>%s") % details.replace(
                '\n', '<br/>'))

    @api.multi
    def _post_note(self, body):
        """A note in the transfer's history under the acting user's name
        (sudo: users read transfers, the system writes them)."""
        for transfer in self:
            transfer.sudo().message_post(body=body, author_id=self.env.user.partner_id.id)

    @api.multi
    def _settle_overdue(self):
        """The goods arrived: the transfer is no longer late, and its overdue
        exception is settled by the receipt."""
        for transfer in self:
            if transfer.is_late:
                transfer.write({'is_late': False})
            overdue = transfer.sudo().exception_ids.filtered(
                lambda e: e.exception_type == 'overdue_in_transit'
                and e.state in ('open', 'in_progress', 'escalated'))
            if overdue:
                overdue._retail_transfer_resolve(
                    _('Received on %s.') % transfer.date_received)

    @api.multi
    def _check_discrepancy(self):
        for transfer in self:
            if transfer.state != 'discrepancy':
                raise UserError(_("Transfer %s is not in discrepancy.") % transfer.name)

    @api.multi
    def _check_can_resolve(self):
        """Who may resolve: whoever may act for the destination (or the
        source), as the store rules say."""
        user = self.env.user
        for transfer in self:
            if not (user._retail_works_in(transfer.dest_warehouse_id)
                    or user._retail_works_in(transfer.source_warehouse_id)):
                raise AccessError(_("Transfer %s is not one of your stores'.") % transfer.name)

    @api.multi
    def _get_open_receipts(self):
        self.ensure_one()
        return self.in_picking_ids.filtered(lambda p: p.state not in ('done', 'cancel'))

    @api.model
    def _get_transit_location(self):
        return self.company_id.internal_transit_location_id or self.env.ref(
            'stock.stock_location_inter_wh')

    @api.model
    def _get_transit_qty(self, product, location):
        # sudo: the transit location's quants, whatever the user's store rules.
        quants = self.env['stock.quant'].sudo().search([
            ('product_id', '=', product.id), ('location_id', '=', location.id)])
        return sum(quants.mapped('quantity'))

    @api.multi
    def _prepare_write_off_inventory_vals(self):
        self.ensure_one()
        return {
            'name': _('Write-off %s') % self.name,
            'location_id': self._get_transit_location().id,
            'filter': 'partial',
            'company_id': self.company_id.id,
        }

    @api.multi
    def _create_reship_pickings(self, lines):
        """A delivery from the source into transit and a receipt at the
        destination for the short quantities, linked as Odoo links them."""
        self.ensure_one()
        source, dest = self.source_warehouse_id, self.dest_warehouse_id
        transit = self._get_transit_location()
        Picking, Move = self.env['stock.picking'], self.env['stock.move']
        common = {'origin': _('Re-ship %s') % self.name, 'company_id': self.company_id.id,
                  'partner_id': dest.partner_id.id, 'move_type': 'direct'}
        delivery = Picking.create(dict(common, picking_type_id=source.out_type_id.id,
                                       location_id=source.lot_stock_id.id,
                                       location_dest_id=transit.id))
        receipt = Picking.create(dict(common, picking_type_id=dest.in_type_id.id,
                                      location_id=transit.id,
                                      location_dest_id=dest.lot_stock_id.id))
        for line in lines:
            qty = -line.difference_qty
            move_vals = {'name': line.product_id.display_name,
                         'product_id': line.product_id.id,
                         'product_uom': line.product_id.uom_id.id,
                         'product_uom_qty': qty, 'company_id': self.company_id.id}
            incoming = Move.create(dict(move_vals, picking_id=receipt.id,
                                        location_id=transit.id,
                                        location_dest_id=dest.lot_stock_id.id))
            Move.create(dict(move_vals, picking_id=delivery.id,
                             location_id=source.lot_stock_id.id,
                             location_dest_id=transit.id,
                             move_dest_ids=[(4, incoming.id)]))
        (delivery | receipt).action_confirm()
        delivery.action_assign()
        return delivery.retail_transfer_id

    @api.multi
    def _close(self, note=None):
        self._set_state('closed')
        for transfer in self:
            open_exceptions = transfer.sudo().exception_ids.filtered(
                lambda e: e.state in ('open', 'in_progress', 'escalated'))
            if open_exceptions:
                open_exceptions._retail_transfer_resolve(
                    note or _('Transfer %s closed (%s).') % (
                        transfer.name, transfer.resolution or _('received')))

    @api.multi
    def _set_state(self, state):
        date_field, user_field = EVENT_FIELDS[state]
        as_system(self.sudo()).write({
            'state': state, date_field: fields.Datetime.now(), user_field: self.env.uid})

    @api.model
    def _on_inventory_done(self, inventories):
        """A write-off adjustment validated (after its approvals) closes its transfer."""
        transfers = self.sudo().search([
            ('write_off_inventory_id', 'in', inventories.filtered(
                lambda i: i.state == 'done').ids),
            ('state', '=', 'discrepancy')])
        transfers._close(note=_('Written off by the approved adjustment.'))

    # ------------------------------------------------------------------
    # Overdue
    # ------------------------------------------------------------------
    @api.model
    def _get_overdue_domain(self):
        return [('state', '=', 'shipped'), ('date_expected', '<', fields.Datetime.now())]

    @api.model
    def _cron_flag_overdue(self):
        """Flags transfers in transit past their expected arrival and raises an
        overdue exception owned by the destination's manager."""
        # sudo: the job runs for every store of every company.
        overdue = as_system(self.sudo()).search(self._get_overdue_domain())
        overdue.filtered(lambda t: not t.is_late).write({'is_late': True})
        self.env['retail.exception'].raise_exceptions([dict(
            exception_type='overdue_in_transit',
            location=transfer.dest_warehouse_id.lot_stock_id or None,
            warehouse=transfer.dest_warehouse_id or None,
            quantity=transfer.shipped_qty - transfer.received_qty,
            source=transfer, company=transfer.company_id,
            description=_('Transfer %s (%s) was expected on %s and is still '
                          'in transit.') % (transfer.name, transfer.route_name,
                                            transfer.date_expected))
            for transfer in overdue])
        # No longer in transit: no longer late.
        as_system(self.sudo()).search([
            ('is_late', '=', True), ('state', '!=', 'shipped')]).write({'is_late': False})
        return overdue


class RetailTransferLine(models.Model):
    """Per product: asked, shipped and received."""
    _name = 'retail.transfer.line'
    _description = 'Retail Transfer Line'
    _order = 'transfer_id, product_id'

    # auto_join: the store roles' rule on transfer_id.*_warehouse_id joins the
    # transfers; without it Odoo 11 searches every transfer of the user's
    # stores and lists their ids at each check (growing with the history).
    transfer_id = fields.Many2one('retail.transfer', required=True, ondelete='cascade',
                                  index=True, auto_join=True)
    product_id = fields.Many2one('product.product', required=True, index=True)
    product_uom_id = fields.Many2one(related='product_id.uom_id', readonly=True)
    expected_qty = fields.Float(string='Requested', digits=(16, 3))
    shipped_qty = fields.Float(string='Shipped', digits=(16, 3))
    received_qty = fields.Float(string='Received', digits=(16, 3))
    damaged_qty = fields.Float(string='Damaged', digits=(16, 3))
    difference_qty = fields.Float(
        string='Difference', compute='_compute_difference', store=True, digits=(16, 3),
        help="Received minus shipped, once received: negative short, positive over.")
    line_state = fields.Selection([
        ('ok', 'OK'),
        ('short', 'Short'),
        ('over', 'Over-receipt'),
        ('damaged', 'Damaged'),
    ], compute='_compute_difference', store=True, string='Status')

    # Not on transfer_id.in_picking_ids.state: every picking's state change
    # would search the lines; the transfer's sync recomputes them when its
    # receipt is validated (_sync_lines).
    @api.depends('shipped_qty', 'received_qty', 'damaged_qty')
    def _compute_difference(self):
        for line in self:
            line.difference_qty, line.line_state = line_difference(
                line.shipped_qty, line.received_qty, line.damaged_qty,
                'done' in line.transfer_id.in_picking_ids.mapped('state'),
                line.product_id.uom_id.rounding)

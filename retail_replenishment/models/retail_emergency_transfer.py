# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

# Only the action methods pass this object in the context to change the fields
# below; no XML-RPC or JSON-RPC client can send a Python object.
_SYSTEM_TOKEN = object()

# Fields that only the action methods change.
SYSTEM_FIELDS = (
    'state', 'requested_by_id', 'request_date', 'approved_by_id', 'approval_date',
    'approval_required', 'procurement_group_id',
)

# Fields of the request itself, frozen once it is submitted.
REQUEST_FIELDS = ('company_id', 'source_warehouse_id', 'dest_warehouse_id', 'line_ids')

APPROVER_GROUP = 'retail_governance.group_planner'


class RetailEmergencyTransfer(models.Model):
    """Stock a store needs now, outside the replenishment run: from the DC or
    from another store. Above the company's thresholds a planner approves it
    (never the requester); then it follows the transfer path of replenishment."""
    _name = 'retail.emergency.transfer'
    _description = 'Emergency Transfer'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'id desc'

    name = fields.Char(required=True, readonly=True, copy=False, default='/')
    company_id = fields.Many2one(
        'res.company', required=True, index=True, readonly=True,
        states={'draft': [('readonly', False)]},
        default=lambda self: self.env['res.company']._company_default_get(
            'retail.emergency.transfer'))
    currency_id = fields.Many2one(related='company_id.currency_id', readonly=True)
    dest_warehouse_id = fields.Many2one(
        'stock.warehouse', string='Destination Store', required=True, index=True,
        readonly=True, states={'draft': [('readonly', False)]},
        track_visibility='onchange')
    source_warehouse_id = fields.Many2one(
        'stock.warehouse', string='Source', required=True, index=True,
        readonly=True, states={'draft': [('readonly', False)]},
        track_visibility='onchange',
        help="The distribution centre or the store the stock comes from.")
    line_ids = fields.One2many(
        'retail.emergency.transfer.line', 'transfer_id', string='Lines', copy=True,
        readonly=True, states={'draft': [('readonly', False)]})
    note = fields.Text(string='Reason')
    state = fields.Selection(
        selection=[
            ('draft', 'Draft'),
            ('to_approve', 'To Approve'),
            ('approved', 'Approved'),
            ('done', 'Transferred'),
            ('refused', 'Refused'),
            ('cancelled', 'Cancelled'),
        ], default='draft', required=True, readonly=True, copy=False, index=True,
        track_visibility='onchange')
    requested_by_id = fields.Many2one(
        'res.users', string='Requested by', readonly=True, copy=False, index=True,
        default=lambda self: self.env.uid, track_visibility='onchange')
    request_date = fields.Datetime(readonly=True, copy=False)
    approval_required = fields.Boolean(
        readonly=True, copy=False,
        help="The request was above the company's quantity or value threshold.")
    approved_by_id = fields.Many2one(
        'res.users', string='Approved by', readonly=True, copy=False,
        track_visibility='onchange')
    approval_date = fields.Datetime(readonly=True, copy=False)
    procurement_group_id = fields.Many2one(
        'procurement.group', readonly=True, copy=False,
        help="Groups the pickings of this transfer.")
    total_qty = fields.Float(
        string='Total Quantity', compute='_compute_totals',
        help="All lines in their products' units.")
    total_value = fields.Monetary(
        compute='_compute_totals', currency_field='currency_id')
    picking_ids = fields.Many2many(
        'stock.picking', string='Transfers', compute='_compute_picking_ids')
    picking_count = fields.Integer(compute='_compute_picking_ids')

    @api.depends('line_ids.product_uom_qty', 'line_ids.value')
    def _compute_totals(self):
        for transfer in self:
            transfer.total_qty = sum(transfer.line_ids.mapped('product_uom_qty'))
            transfer.total_value = sum(transfer.line_ids.mapped('value'))

    @api.multi
    def _compute_picking_ids(self):
        groups = self.mapped('procurement_group_id')
        # sudo: the transfer shows both ends, also the one a store user
        # cannot open (the source store or the DC).
        pickings = self.env['stock.picking'].sudo().search(
            [('group_id', 'in', groups.ids)]) if groups else self.env['stock.picking']
        by_group = defaultdict(list)
        for picking in pickings:
            by_group[picking.group_id.id].append(picking.id)
        for transfer in self:
            ids = by_group.get(transfer.procurement_group_id.id, [])
            transfer.picking_ids = [(6, 0, ids)]
            transfer.picking_count = len(ids)

    @api.constrains('company_id', 'source_warehouse_id', 'dest_warehouse_id')
    def _check_warehouses(self):
        for transfer in self:
            transfer._check_warehouse_values()

    @api.multi
    def _check_warehouse_values(self):
        self.ensure_one()
        # sudo: a warehouse of another company is unreadable; say so clearly.
        transfer = self.sudo()
        if transfer.source_warehouse_id == transfer.dest_warehouse_id:
            raise ValidationError(_(
                "Source and destination of an emergency transfer must differ "
                "(%s).") % transfer.dest_warehouse_id.name)
        for warehouse in (transfer.source_warehouse_id, transfer.dest_warehouse_id):
            if warehouse.company_id != transfer.company_id:
                raise ValidationError(_(
                    "Warehouse %s belongs to another company than the emergency "
                    "transfer (%s).") % (warehouse.name, transfer.company_id.name))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        # The web client sends a new record's defaults back: let those pass.
        harmless = {'state': 'draft', 'requested_by_id': self.env.uid}
        vals = {name: value for name, value in vals.items()
                if name not in SYSTEM_FIELDS or value != harmless.get(name, False)}
        self._check_system_fields(vals)
        # Context defaults (default_state...) come from the client too.
        system_defaults = {'default_%s' % name for name in SYSTEM_FIELDS}
        context = {key: value for key, value in self.env.context.items()
                   if key not in system_defaults}
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code(
                'retail.emergency.transfer') or '/'
        return super(RetailEmergencyTransfer, self.with_context(context)).create(vals)

    @api.multi
    def write(self, vals):
        self._check_system_fields(vals)
        if set(vals) & set(REQUEST_FIELDS):
            self._check_editable()
        return super(RetailEmergencyTransfer, self).write(vals)

    @api.multi
    def unlink(self):
        if self.filtered(lambda t: t.state not in ('draft', 'cancelled', 'refused')):
            raise UserError(_(
                "Only draft, refused or cancelled emergency transfers can be deleted."))
        return super(RetailEmergencyTransfer, self).unlink()

    @api.multi
    def _check_system_fields(self, vals):
        if self.env.context.get('retail_emergency_token') is _SYSTEM_TOKEN:
            return
        forbidden = sorted(set(vals) & set(SYSTEM_FIELDS))
        if forbidden:
            raise UserError(_(
                "Emergency transfers change %s through their buttons only.") % (
                    ', '.join(forbidden)))

    @api.multi
    def _check_editable(self):
        if self.filtered(lambda t: t.state != 'draft'):
            raise UserError(_("Only draft emergency transfers can be changed."))

    @api.multi
    def _write_system(self, vals):
        result = self.with_context(retail_emergency_token=_SYSTEM_TOKEN).write(vals)
        # The cache keeps values per user: the sudo() parts must see these.
        self.invalidate_cache(list(vals), self.ids)
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.multi
    def action_submit(self):
        """Submits the request: above the thresholds it waits for a planner,
        below them the transfer starts at once."""
        for transfer in self:
            if transfer.state != 'draft':
                raise UserError(_("Only draft emergency transfers can be submitted."))
            with self.env.cr.savepoint():
                transfer._check_request()
                needs_approval = transfer._needs_approval()
                transfer._write_system({
                    'state': 'to_approve' if needs_approval else 'approved',
                    'approval_required': needs_approval,
                    'request_date': fields.Datetime.now(),
                })
                if needs_approval:
                    transfer._schedule_approval_activity()
                else:
                    transfer._start_transfer()
        return True

    @api.multi
    def action_approve(self):
        """A planner other than the requester approves; the transfer starts."""
        self._check_approver()
        for transfer in self:
            if transfer.state != 'to_approve':
                raise UserError(_(
                    "Emergency transfer %s is not waiting for approval.") % transfer.name)
            with self.env.cr.savepoint():
                transfer._check_request()
                transfer._write_system({
                    'state': 'approved',
                    'approved_by_id': self.env.uid,
                    'approval_date': fields.Datetime.now(),
                })
                transfer._close_approval_activities()
                transfer._start_transfer()
        return True

    @api.multi
    def action_refuse(self):
        """A planner refuses the request; nothing moves."""
        self._check_approver()
        for transfer in self:
            if transfer.state != 'to_approve':
                raise UserError(_(
                    "Emergency transfer %s is not waiting for approval.") % transfer.name)
            transfer._write_system({'state': 'refused'})
            transfer._close_approval_activities()
        return True

    @api.multi
    def action_cancel(self):
        """Withdraws the request, and its pickings while nothing has shipped."""
        for transfer in self:
            if transfer.state not in ('draft', 'to_approve', 'approved'):
                raise UserError(_(
                    "Emergency transfer %s can no longer be cancelled.") % transfer.name)
            # sudo: the pickings span both warehouses (see _start_transfer).
            pickings = transfer.sudo().picking_ids
            if pickings.filtered(lambda p: p.state == 'done'):
                raise UserError(_(
                    "Emergency transfer %s has already shipped: receive it or "
                    "return it instead.") % transfer.name)
            pickings.action_cancel()
            transfer._write_system({'state': 'cancelled'})
            transfer._close_approval_activities()
        return True

    @api.multi
    def action_draft(self):
        """Reopens a refused or cancelled request as a draft. The requester
        stays who asked first: reopening does not make it someone else's
        request that the first requester could then approve."""
        for transfer in self:
            if transfer.state not in ('refused', 'cancelled'):
                raise UserError(_(
                    "Only refused or cancelled emergency transfers can be reset "
                    "to draft."))
            transfer._write_system({
                'state': 'draft', 'approval_required': False, 'approved_by_id': False,
                'approval_date': False, 'procurement_group_id': False,
            })
        return True

    @api.multi
    def action_view_pickings(self):
        self.ensure_one()
        action = self.env.ref('stock.action_picking_tree_all').read()[0]
        action['domain'] = [('id', 'in', self.picking_ids.ids)]
        action['context'] = {}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.multi
    def _check_request(self):
        """Everything a request must satisfy to move stock, checked again on
        approval (products may have been archived, stock sold meanwhile)."""
        self.ensure_one()
        if not self.line_ids:
            raise UserError(_("Emergency transfer %s has no lines.") % self.name)
        self._check_warehouse_values()
        for line in self.line_ids:
            line._check_line_values()
        self._check_source_availability()

    @api.multi
    def _needs_approval(self):
        self.ensure_one()
        company = self.company_id
        return (float_compare(self.total_qty, company.retail_emergency_qty_threshold,
                              precision_digits=6) > 0
                or float_compare(self.total_value, company.retail_emergency_value_threshold,
                                 precision_digits=6) > 0)

    @api.multi
    def _get_available_quantities(self):
        """{product id: quantity the source can give}: its available to sell
        (sellable stock minus what is promised and not reserved yet)."""
        self.ensure_one()
        # sudo: the requester may not see the source's balances (another store).
        rows = self.env['retail.stock.balance'].sudo().search_read(
            [('warehouse_id', '=', self.source_warehouse_id.id),
             ('product_id', 'in', self.line_ids.mapped('product_id').ids)],
            ['product_id', 'available_to_sell_qty'])
        return {row['product_id'][0]: row['available_to_sell_qty'] for row in rows}

    @api.multi
    def _check_source_availability(self):
        self.ensure_one()
        requested = defaultdict(float)
        for line in self.line_ids:
            requested[line.product_id] += line.product_uom_qty
        available = self._get_available_quantities()
        short = [
            _("%s: %s requested, %s available") % (
                product.display_name, qty, available.get(product.id, 0.0))
            for product, qty in requested.items()
            if float_compare(qty, available.get(product.id, 0.0),
                             precision_rounding=product.uom_id.rounding) > 0]
        if short:
            raise UserError(_(
                "%s cannot give that much:\n%s") % (
                    self.source_warehouse_id.name, '\n'.join(short)))

    @api.multi
    def _check_approver(self):
        user = self.env.user
        if not user.has_group(APPROVER_GROUP):
            raise AccessError(_("Only planners approve emergency transfers."))
        own = self.filtered(lambda t: t.requested_by_id == user)
        if own:
            raise UserError(_(
                "%s cannot approve or refuse their own emergency transfer %s.") % (
                    user.name, ', '.join(own.mapped('name'))))

    @api.multi
    def _get_approvers(self):
        """Who is asked to approve: the planner of the destination's cluster,
        else the company's planners, people before the superuser (never the
        requester)."""
        self.ensure_one()
        planners = self.env.ref(APPROVER_GROUP).users.filtered(
            lambda u: self.company_id in u.company_ids).sorted(
                lambda u: (u.id == SUPERUSER_ID, u.id))
        candidates = self.dest_warehouse_id.retail_cluster_id.planner_id + planners
        return candidates.filtered(lambda u: u.active and u != self.requested_by_id)

    @api.multi
    def _schedule_approval_activity(self):
        self.ensure_one()
        activity_type = self.env.ref('mail.mail_activity_data_todo')
        model = self.env['ir.model']._get(self._name)
        for approver in self._get_approvers()[:1]:
            # sudo: the system asks the approver, whom the requester cannot assign.
            self.env['mail.activity'].sudo().create({
                'activity_type_id': activity_type.id,
                'res_model_id': model.id,
                'res_id': self.id,
                'user_id': approver.id,
                'summary': _('Approve emergency transfer %s') % self.name,
            })

    @api.multi
    def _close_approval_activities(self):
        """The approval request is answered (the state change is tracked
        under the name of who answered)."""
        # sudo: the activity belongs to the approver, not to whoever closes it.
        self.sudo().mapped('activity_ids').unlink()

    @api.multi
    def _start_transfer(self):
        """Creates the documents that move the stock, and reserves it at the
        source. Through the resupply route of the destination from the source
        when there is one (the DC), else a delivery from the source to transit
        and a receipt from transit, linked like Odoo links them."""
        self.ensure_one()
        # sudo: the request was checked (store rules, availability, approval)
        # and names its requester and approver; its documents span two
        # warehouses, of which a store user sees one.
        group = self.env['procurement.group'].sudo().create(
            self._prepare_procurement_group_vals())
        self._write_system({'procurement_group_id': group.id})
        transfer = self.sudo()
        route = transfer._get_resupply_route()
        if route:
            transfer._run_procurements(route)
        else:
            transfer._create_transfer_pickings()
        moves = transfer._get_source_moves()
        moves._action_assign()
        short = moves.filtered(lambda move: move.state != 'assigned')
        if short:
            raise UserError(_(
                "%s cannot reserve %s now: the stock is taken.") % (
                    transfer.source_warehouse_id.name,
                    ', '.join(short.mapped('product_id.display_name'))))
        self.invalidate_cache(['picking_ids', 'picking_count'], self.ids)
        self.message_post(body=_("Transfers created: %s") % ', '.join(
            transfer.picking_ids.mapped('name')))

    @api.multi
    def _prepare_procurement_group_vals(self):
        self.ensure_one()
        return {'name': self.name, 'move_type': 'direct',
                'partner_id': self.dest_warehouse_id.partner_id.id}

    @api.multi
    def _get_resupply_route(self):
        self.ensure_one()
        return self.env['stock.location.route'].search([
            ('supplied_wh_id', '=', self.dest_warehouse_id.id),
            ('supplier_wh_id', '=', self.source_warehouse_id.id)], limit=1)

    @api.multi
    def _prepare_procurement_values(self, route):
        self.ensure_one()
        return {
            'group_id': self.procurement_group_id,
            'route_ids': route,
            'warehouse_id': self.dest_warehouse_id,
            'company_id': self.company_id,
            'date_planned': fields.Datetime.now(),
            'priority': '2',
        }

    @api.multi
    def _run_procurements(self, route):
        self.ensure_one()
        destination = self.dest_warehouse_id.lot_stock_id
        for line in self.line_ids:
            self.env['procurement.group'].run(
                line.product_id, line.product_qty, line.product_uom_id, destination,
                self.name, self.name, self._prepare_procurement_values(route))

    @api.multi
    def _prepare_picking_vals(self, picking_type, location, location_dest):
        self.ensure_one()
        return {
            'picking_type_id': picking_type.id,
            'location_id': location.id,
            'location_dest_id': location_dest.id,
            'origin': self.name,
            'partner_id': self.dest_warehouse_id.partner_id.id,
            'company_id': self.company_id.id,
            'move_type': 'direct',
            'priority': '2',
        }

    @api.multi
    def _create_transfer_pickings(self):
        self.ensure_one()
        source, dest = self.source_warehouse_id, self.dest_warehouse_id
        transit = self.company_id.internal_transit_location_id
        if not transit:
            raise UserError(_(
                "Company %s has no transit location.") % self.company_id.name)
        Picking = self.env['stock.picking']
        delivery = Picking.create(self._prepare_picking_vals(
            source.out_type_id,
            source.out_type_id.default_location_src_id or source.lot_stock_id, transit))
        receipt = Picking.create(self._prepare_picking_vals(
            dest.in_type_id, transit,
            dest.in_type_id.default_location_dest_id or dest.lot_stock_id))
        Move = self.env['stock.move']
        for line in self.line_ids:
            incoming = Move.create(line._prepare_move_vals(receipt, 'make_to_order'))
            Move.create(line._prepare_move_vals(delivery, 'make_to_stock', incoming))
        delivery.action_confirm()
        receipt.action_confirm()

    @api.multi
    def _get_source_moves(self):
        """The group's first moves out of the source warehouse."""
        self.ensure_one()
        return self.env['stock.move'].search([
            ('group_id', '=', self.procurement_group_id.id),
            ('location_id', 'child_of', self.source_warehouse_id.view_location_id.id),
            ('move_orig_ids', '=', False),
            ('state', 'not in', ('done', 'cancel'))])

    @api.multi
    def _sync_with_pickings(self):
        """Transferred once every picking is done (or cancelled with some
        done); cancelled when all were cancelled. Called when pickings end."""
        self.invalidate_cache(['picking_ids', 'picking_count'], self.ids)
        for transfer in self.filtered(lambda t: t.state == 'approved'):
            states = set(transfer.picking_ids.mapped('state'))
            if states == {'cancel'}:
                transfer._write_system({'state': 'cancelled'})
            elif 'done' in states and states <= {'done', 'cancel'}:
                transfer._write_system({'state': 'done'})

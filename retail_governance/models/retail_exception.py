# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .company_check import check_same_company
from .retail_audit_log import keep_actor

OPEN_STATES = ('open', 'in_progress', 'escalated')

# Hours to handle an exception, per type (see _get_deadline_hours).
DEADLINE_HOURS = {
    'receipt_discrepancy': 48,
    'transfer_discrepancy': 48,
    'adjustment_over_tolerance': 24,
    'supply_shortage': 24,
    'demand_spike': 24,
    'overdue_in_transit': 24,
    'count_variance': 72,
    'staff_report': 48,
}

# The facts an exception records and its life: set by the system (creation,
# raise_exception, the action buttons, the escalation), read-only for users.
SYSTEM_FIELDS = (
    'name', 'exception_type', 'company_id', 'location_id', 'warehouse_id', 'product_id',
    'quantity', 'value', 'source_model', 'source_id', 'source_name', 'state',
    'escalation_level', 'deadline', 'resolved_by_id', 'resolved_date',
)
# What a user creating an exception may not set (beyond the defaults).
CREATE_SYSTEM_FIELDS = (
    'state', 'escalation_level', 'deadline', 'resolved_by_id', 'resolved_date',
    'source_model', 'source_id', 'source_name',
)

# The system's own paths pass this object in the context; no XML-RPC or
# JSON-RPC client can send a Python object.
SYSTEM_KEY = 'retail_exception_system'
SYSTEM_TOKEN = object()


def as_system(records):
    """``records`` for the system's own writes (server code only)."""
    return records.with_context(**{SYSTEM_KEY: SYSTEM_TOKEN})


# Owners an overdue exception escalates to, in order.
ESCALATION_CHAIN = (
    'retail_governance.group_store_manager',
    'retail_governance.group_inventory_controller',
)


class RetailException(models.Model):
    """One register for every stock exception, with an owner and a deadline."""
    _name = 'retail.exception'
    _description = 'Retail Exception'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'retail.audit.mixin']
    _order = 'deadline, id desc'

    @api.model
    def _selection_exception_type(self):
        return [
            ('receipt_discrepancy', _('Receipt discrepancy')),
            ('transfer_discrepancy', _('Transfer discrepancy')),
            ('adjustment_over_tolerance', _('Adjustment over tolerance')),
            ('supply_shortage', _('Supply shortage')),
            ('demand_spike', _('Demand spike')),
            ('overdue_in_transit', _('Overdue in transit')),
            ('count_variance', _('Count variance')),
            ('staff_report', _('Reported by staff')),
        ]

    @api.model
    def _get_system_exception_types(self):
        """Types only the system raises (through raise_exception); users
        report the others."""
        return [code for code, _label in self._selection_exception_type()
                if code != 'staff_report']

    name = fields.Char(required=True, readonly=True, copy=False, default='/')
    exception_type = fields.Selection(
        selection='_selection_exception_type', string='Type', required=True,
        index=True, track_visibility='onchange')
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'retail.exception'))
    currency_id = fields.Many2one(related='company_id.currency_id', readonly=True)
    location_id = fields.Many2one('stock.location', index=True)
    warehouse_id = fields.Many2one(
        'stock.warehouse', index=True,
        help="Store or DC of the exception; by default the location's.")
    product_id = fields.Many2one('product.product', index=True)
    quantity = fields.Float(digits=(16, 3))
    value = fields.Monetary(currency_field='currency_id')
    owner_id = fields.Many2one(
        'res.users', string='Owner', index=True, track_visibility='onchange')
    escalation_level = fields.Integer(readonly=True, default=0, copy=False)
    deadline = fields.Datetime(index=True, track_visibility='onchange')
    state = fields.Selection(
        selection=[
            ('open', 'Open'),
            ('in_progress', 'In Progress'),
            ('escalated', 'Escalated'),
            ('resolved', 'Resolved'),
            ('cancelled', 'Cancelled'),
        ], default='open', required=True, index=True, track_visibility='onchange')
    description = fields.Text()
    resolution_note = fields.Text(track_visibility='onchange')
    resolved_by_id = fields.Many2one('res.users', readonly=True, copy=False)
    resolved_date = fields.Datetime(readonly=True, copy=False)
    source_model = fields.Char(string='Source Model', readonly=True)
    source_id = fields.Integer(string='Source ID', readonly=True)
    source_name = fields.Char(string='Source', readonly=True)
    is_overdue = fields.Boolean(compute='_compute_is_overdue')
    evidence_count = fields.Integer(compute='_compute_evidence_count')

    @api.multi
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for exc in self:
            exc.is_overdue = exc.state in OPEN_STATES and bool(exc.deadline) \
                and exc.deadline < now

    @api.multi
    def _compute_evidence_count(self):
        counts = dict.fromkeys(self.ids, 0)
        # sudo: evidence counts whoever attached it.
        for attachment in self.env['ir.attachment'].sudo().search([
                ('res_model', '=', self._name), ('res_id', 'in', self.ids)]):
            counts[attachment.res_id] += 1
        for exc in self:
            exc.evidence_count = counts.get(exc.id, 0)

    @api.constrains('company_id', 'warehouse_id', 'location_id')
    def _check_company(self):
        for path in ('warehouse_id', 'location_id'):
            check_same_company(self, path, _(
                "Exception %s and %s belong to different companies."))

    @api.model
    def _is_system_call(self):
        return self.env.context.get(SYSTEM_KEY) is SYSTEM_TOKEN

    @api.model
    def _check_user_create(self, vals):
        """Users report exceptions of their own types, open, with no system
        facts; the rest is raised by the system (raise_exception)."""
        if self._is_system_call():
            return
        if vals.get('exception_type') in self._get_system_exception_types():
            raise AccessError(_(
                "Exceptions of type %s are raised by the system only.")
                % dict(self._selection_exception_type())[vals['exception_type']])
        set_by_user = [name for name in CREATE_SYSTEM_FIELDS if vals.get(name)
                       and not (name == 'state' and vals[name] == 'open')]
        if set_by_user or vals.get('name', '/') != '/':
            raise AccessError(_(
                "The state, deadline, escalation, resolution and source of an "
                "exception are set by the system: %s") % ', '.join(set_by_user or ['name']))

    @api.multi
    def _check_user_write(self, vals):
        if self._is_system_call():
            return
        locked = [name for name in SYSTEM_FIELDS if name in vals]
        if locked:
            raise AccessError(_(
                "Exceptions: %s can only be changed by the system (use the "
                "Start, Resolve, Cancel and Escalate buttons).") % ', '.join(
                    self._fields[name].string for name in locked))

    @api.model
    def create(self, vals):
        self._check_user_create(vals)
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('retail.exception') or '/'
        if vals.get('location_id') and not vals.get('warehouse_id'):
            location = self.env['stock.location'].browse(vals['location_id'])
            vals['warehouse_id'] = location.get_warehouse().id
        if not vals.get('deadline') and vals.get('exception_type'):
            vals['deadline'] = self._compute_deadline(vals['exception_type'])
        exc = super(RetailException, self).create(vals)
        if not exc.owner_id:
            owner, step = exc._get_escalation_owner(0)
            if owner:
                as_system(exc).write({'owner_id': owner.id, 'escalation_level': step + 1})
        exc._schedule_owner_activity()
        exc._retail_audit('exception_raised', after={
            'type': exc.exception_type, 'owner': exc.owner_id,
            'quantity': exc.quantity, 'value': exc.value})
        return exc

    @api.multi
    def write(self, vals):
        self._check_user_write(vals)
        if vals.get('state') == 'resolved':
            self._check_resolution(vals)
            vals.setdefault('resolved_by_id', self.env.uid)
            vals.setdefault('resolved_date', fields.Datetime.now())
        res = super(RetailException, self).write(vals)
        if vals.get('state') == 'resolved':
            for exc in self:
                exc._retail_audit('exception_resolved', after={
                    'note': exc.resolution_note, 'value': exc.value})
            self.mapped('activity_ids').action_feedback(_('Resolved'))
        elif vals.get('state') == 'cancelled':
            self.mapped('activity_ids').sudo().unlink()
        return res

    @api.multi
    def _check_resolution(self, vals):
        """Above the company's evidence value, resolving needs a note and an
        attachment; checked before anything is written, on the stored value
        (the system's, which no user changes)."""
        for exc in self:
            threshold = exc.company_id.retail_exception_evidence_value
            if abs(exc.value) <= threshold:
                continue
            note = vals.get('resolution_note', exc.resolution_note) or ''
            if not note.strip() or not exc.evidence_count:
                raise UserError(_(
                    "Exception %s is worth more than %s: resolve it with a "
                    "resolution note and an attached evidence.") % (exc.name, threshold))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.multi
    def action_start(self):
        as_system(self.filtered(lambda e: e.state in ('open', 'escalated'))).write(
            {'state': 'in_progress'})
        return True

    @api.multi
    def action_resolve(self):
        if self.filtered(lambda e: e.state not in OPEN_STATES):
            raise UserError(_("Only open exceptions can be resolved."))
        as_system(self).write({'state': 'resolved'})
        return True

    @api.multi
    def action_cancel(self):
        if self.filtered(lambda e: e.state == 'resolved'):
            raise UserError(_("Resolved exceptions cannot be cancelled."))
        as_system(self).write({'state': 'cancelled'})
        return True

    @api.multi
    def action_escalate(self):
        for exc in self.filtered(lambda e: e.state in OPEN_STATES):
            exc._escalate()
        return True

    @api.multi
    def action_view_source(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window', 'res_model': self.source_model,
            'res_id': self.source_id, 'view_mode': 'form',
        }

    # ------------------------------------------------------------------
    # Public API and business methods
    # ------------------------------------------------------------------
    @api.model
    def raise_exception(self, exception_type, location=None, product=None,
                        quantity=0.0, value=0.0, owner=None, source=None,
                        description=None, warehouse=None, company=None):
        """Registers an exception and returns it (a ``retail.exception`` record).

        The entry point for the other modules (receipt and transfer
        discrepancies, supply shortages, demand spikes, overdue transit, count
        variances). Arguments are recordsets (server code only): ``location``,
        ``product``, ``owner`` (default: the escalation chain's first owner of
        the warehouse), ``source`` (the document that raised it), ``warehouse``
        (default: the location's), ``company`` (default: the location's or
        the user's). An open exception of the same type, location, product and
        source is updated instead of duplicated.
        """
        for arg in (location, product, owner, source, warehouse, company):
            if arg is not None and not isinstance(arg, models.BaseModel):
                raise UserError(_("Exceptions are raised by the system only."))
        vals = self._prepare_exception_vals(
            exception_type, location, product, quantity, value, owner, source,
            description, warehouse, company)
        # sudo: the system records the exception whoever triggered it (a store
        # clerk's receipt may raise an exception owned by the DC); the audit
        # trail names that user (keep_actor), not the superuser.
        Exception_ = as_system(keep_actor(self).sudo())
        duplicate = Exception_.search(self._get_duplicate_domain(vals), limit=1)
        if duplicate:
            duplicate.write({'quantity': vals['quantity'], 'value': vals['value']})
            return self.browse(duplicate.id)
        return self.browse(Exception_.create(vals).id)

    @api.model
    def _prepare_exception_vals(self, exception_type, location, product, quantity,
                                value, owner, source, description, warehouse, company):
        if exception_type not in dict(self._selection_exception_type()):
            raise UserError(_("Unknown exception type: %s") % exception_type)
        warehouse = warehouse or (location and location.get_warehouse()) or None
        company = company or (warehouse and warehouse.company_id) or (
            location and location.company_id) or self.env.user.company_id
        return {
            'exception_type': exception_type,
            'company_id': company.id,
            'location_id': location.id if location else False,
            'warehouse_id': warehouse.id if warehouse else False,
            'product_id': product.id if product else False,
            'quantity': quantity,
            'value': value,
            'owner_id': owner.id if owner else False,
            'source_model': source._name if source else False,
            'source_id': source.id if source else 0,
            'source_name': source.display_name if source else False,
            'description': description,
        }

    @api.model
    def _get_duplicate_domain(self, vals):
        return [(name, '=', vals[name]) for name in (
            'exception_type', 'company_id', 'location_id', 'product_id',
            'source_model', 'source_id')] + [('state', 'in', list(OPEN_STATES))]

    @api.model
    def _get_deadline_hours(self, exception_type):
        return DEADLINE_HOURS.get(exception_type, 48)

    @api.model
    def _compute_deadline(self, exception_type, start=None):
        start = fields.Datetime.from_string(start or fields.Datetime.now())
        return fields.Datetime.to_string(
            start + timedelta(hours=self._get_deadline_hours(exception_type)))

    @api.multi
    def _get_escalation_owner(self, level):
        """(owner, step) of the first escalation step from ``level`` on that
        has someone for this exception other than its current owner: store
        managers of its warehouse, then inventory controllers of its company
        (those working in the warehouse first). (empty, None) when none."""
        self.ensure_one()
        for step in range(level, len(ESCALATION_CHAIN)):
            users = self.env.ref(ESCALATION_CHAIN[step]).users.filtered(
                lambda u: u.active and u.id != SUPERUSER_ID and u != self.owner_id
                and self.company_id in u.company_ids)
            local = users.filtered(
                lambda u: self.warehouse_id and self.warehouse_id in u.retail_warehouse_ids)
            if step == 0:
                users = local
            candidates = (local or users).sorted('id')
            if candidates:
                return candidates[:1], step
        return self.env['res.users'], None

    @api.multi
    def _schedule_owner_activity(self):
        activity_type = self.env.ref('mail.mail_activity_data_todo')
        model = self.env['ir.model']._get(self._name)
        for exc in self.filtered('owner_id'):
            # sudo: the activity is assigned by the system to the owner.
            self.env['mail.activity'].sudo().create({
                'activity_type_id': activity_type.id,
                'res_model_id': model.id,
                'res_id': exc.id,
                'user_id': exc.owner_id.id,
                'summary': _('Handle exception %s') % exc.name,
                'date_deadline': (exc.deadline or fields.Datetime.now())[:10],
            })

    @api.multi
    def _escalate(self):
        self.ensure_one()
        previous = self.owner_id
        owner, step = self._get_escalation_owner(self.escalation_level)
        vals = {
            'state': 'escalated',
            'deadline': self._compute_deadline(self.exception_type),
        }
        if owner:
            vals.update(owner_id=owner.id, escalation_level=step + 1)
        as_system(self).write(vals)
        # sudo: the previous owner's activity is withdrawn by the system.
        self.activity_ids.sudo().unlink()
        self._schedule_owner_activity()
        self.message_post(body=_(
            "Overdue: escalated from %s to %s.") % (
                previous.name or _('nobody'), self.owner_id.name or _('nobody')))
        self._retail_audit('exception_escalated', before={'owner': previous},
                           after={'owner': self.owner_id})

    @api.model
    def _cron_escalate_overdue(self):
        overdue = self.search(self._get_overdue_domain())
        for exc in overdue:
            exc._escalate()
        return overdue

    @api.model
    def _get_overdue_domain(self):
        return [('state', 'in', list(OPEN_STATES)),
                ('deadline', '<', fields.Datetime.now())]

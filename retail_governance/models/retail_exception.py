# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from psycopg2.extras import execute_values

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
        return self.raise_exceptions([dict(
            exception_type=exception_type, location=location, product=product,
            quantity=quantity, value=value, owner=owner, source=source,
            description=description, warehouse=warehouse, company=company)])

    @api.model
    def raise_exceptions(self, requests):
        """raise_exception for many at once: ``requests`` is a list of dicts
        of raise_exception's arguments (``exception_type`` included); returns
        the exceptions, one per request, in order (a request repeating an
        earlier one's type, location, product and source gets the same one).

        Set-based: one search for the open duplicates (updated with SQL), the
        new ones inserted with SQL together with their owner's activity, the
        owner following them and the audit entries naming the acting user.
        """
        keys = ('location', 'product', 'owner', 'source', 'warehouse', 'company')
        vals_list = []
        warehouses = {}
        known_types = dict(self._selection_exception_type())
        for request in requests:
            args = {k: request.get(k) for k in keys}
            for arg in args.values():
                if arg is not None and not isinstance(arg, models.BaseModel):
                    raise UserError(_("Exceptions are raised by the system only."))
            location = args['location']
            if not args['warehouse'] and location:
                if location.id not in warehouses:
                    warehouses[location.id] = location.get_warehouse() or None
                args['warehouse'] = warehouses[location.id]
            vals_list.append(self._prepare_exception_vals(
                request.get('exception_type'), args['location'], args['product'],
                request.get('quantity', 0.0), request.get('value', 0.0), args['owner'],
                args['source'], request.get('description'), args['warehouse'],
                args['company'], known_types=known_types))
        if not vals_list:
            return self.browse()
        # sudo: the system records the exception whoever triggered it (a store
        # clerk's receipt may raise an exception owned by the DC); the audit
        # trail names that user (keep_actor), not the superuser.
        Exception_ = as_system(keep_actor(self).sudo())
        found = Exception_._find_open_duplicates(vals_list)
        ids, updates, new_vals = [], {}, []
        for vals in vals_list:
            key = self._get_duplicate_key(vals)
            if key not in found:
                found[key] = ('new', len(new_vals))
                new_vals.append(vals)
            target = found[key]
            if isinstance(target, tuple):
                new_vals[target[1]].update(quantity=vals['quantity'], value=vals['value'])
            else:
                updates[target] = (vals['quantity'], vals['value'])
            ids.append(target)
        Exception_._update_duplicates(updates)
        created = Exception_._insert_exceptions(new_vals)
        ids = [created[target[1]] if isinstance(target, tuple) else target for target in ids]
        return self.browse(ids)

    @api.model
    def _get_duplicate_key(self, vals):
        return tuple(vals[name] or False for name in (
            'exception_type', 'company_id', 'location_id', 'product_id',
            'source_model', 'source_id'))

    @api.model
    def _find_open_duplicates(self, vals_list):
        """{duplicate key: id} of the open exceptions the requests repeat (the
        first in the order raise_exception's search had)."""
        self.env.cr.execute("""
            SELECT id, exception_type, company_id, location_id, product_id,
                   source_model, source_id
              FROM retail_exception
             WHERE state IN %s AND exception_type IN %s AND company_id IN %s
             ORDER BY deadline, id DESC
        """, (OPEN_STATES, tuple({v['exception_type'] for v in vals_list}),
              tuple({v['company_id'] for v in vals_list})))
        found = {}
        for row in self.env.cr.fetchall():
            found.setdefault(tuple(value or False for value in row[1:]), row[0])
        return found

    @api.model
    def _update_duplicates(self, updates):
        """{id: (quantity, value)}: the open duplicates take the new figures."""
        if not updates:
            return
        execute_values(self.env.cr, """
            UPDATE retail_exception e
               SET quantity = v.quantity, value = v.value,
                   write_uid = %s, write_date = (now() at time zone 'UTC')
              FROM (VALUES %%s) AS v(id, quantity, value)
             WHERE e.id = v.id
        """ % int(self.env.uid), [(id_, q or 0.0, v or 0.0) for id_, (q, v) in updates.items()])
        self.browse(list(updates)).invalidate_cache(['quantity', 'value'])

    @api.model
    def _insert_exceptions(self, vals_list):
        """Inserts the new exceptions as create() would make them (name,
        warehouse, deadline, owner from the escalation chain) and returns
        their ids in order; then their activities, followers and audit."""
        if not vals_list:
            return []
        self._check_user_create(vals_list[0])
        # next_by_code's search, once.
        sequence = self.env['ir.sequence'].search([
            ('code', '=', 'retail.exception'),
            ('company_id', 'in', [self.env.context.get('force_company')
                                  or self.env.user.company_id.id, False])],
            order='company_id', limit=1)
        owners = {}
        rows = []
        for vals in vals_list:
            vals = dict(vals, state='open', escalation_level=0)
            vals['name'] = sequence._next() if sequence else '/'
            vals['deadline'] = self._compute_deadline(vals['exception_type'])
            if not vals['owner_id']:
                key = (vals['company_id'], vals['warehouse_id'])
                if key not in owners:
                    owners[key] = self._find_escalation_owner(
                        self.env['res.company'].browse(key[0]),
                        self.env['stock.warehouse'].browse(key[1]),
                        self.env['res.users'], 0)
                owner, step = owners[key]
                if owner:
                    vals.update(owner_id=owner.id, escalation_level=step + 1)
            rows.append(vals)
        columns = ('name', 'exception_type', 'company_id', 'location_id', 'warehouse_id',
                   'product_id', 'quantity', 'value', 'owner_id', 'escalation_level',
                   'deadline', 'state', 'description', 'source_model', 'source_id',
                   'source_name')
        uid = int(self.env.uid)
        ids = [row[0] for row in execute_values(self.env.cr, """
            INSERT INTO retail_exception (%s, create_uid, create_date, write_uid, write_date)
            VALUES %%s RETURNING id
        """ % ', '.join(columns), [
            tuple(vals[c] or None if c not in ('quantity', 'value', 'source_id',
                                               'escalation_level') else vals[c] or 0
                  for c in columns) for vals in rows],
            template="(%s, %s, (now() at time zone 'UTC'), %s, (now() at time zone 'UTC'))"
            % (', '.join(['%s'] * len(columns)), uid, uid), fetch=True, page_size=1000)]
        exceptions = self.browse(ids)
        exceptions._check_company()
        exceptions._schedule_owner_activity()
        self.env['retail.audit.log']._log_events_bulk('exception_raised', [
            (exc, None, {'type': exc.exception_type, 'owner': exc.owner_id,
                         'quantity': exc.quantity, 'value': exc.value})
            for exc in exceptions])
        return ids

    @api.model
    def _prepare_exception_vals(self, exception_type, location, product, quantity,
                                value, owner, source, description, warehouse, company,
                                known_types=None):
        if exception_type not in (known_types or dict(self._selection_exception_type())):
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
        return self._find_escalation_owner(
            self.company_id, self.warehouse_id, self.owner_id, level)

    @api.model
    def _find_escalation_owner(self, company, warehouse, current_owner, level):
        """_get_escalation_owner for an exception of ``company`` and
        ``warehouse`` owned by ``current_owner`` (also before it exists)."""
        for step in range(level, len(ESCALATION_CHAIN)):
            users = self.env.ref(ESCALATION_CHAIN[step]).users.filtered(
                lambda u: u.active and u.id != SUPERUSER_ID and u != current_owner
                and company in u.company_ids)
            local = users.filtered(
                lambda u: warehouse and warehouse in u.retail_warehouse_ids)
            if step == 0:
                users = local
            candidates = (local or users).sorted('id')
            if candidates:
                return candidates[:1], step
        return self.env['res.users'], None

    @api.multi
    def _schedule_owner_activity(self):
        """A to-do for the owner of each exception (the owner follows it),
        inserted at once as mail.activity.create would make them."""
        todo = self.sudo().filtered('owner_id')
        if not todo:
            return
        activity_type = self.env.ref('mail.mail_activity_data_todo')
        model = self.env['ir.model']._get(self._name)
        uid = int(self.env.uid)
        execute_values(self.env.cr, """
            INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                activity_type_id, user_id, summary, date_deadline,
                create_uid, create_date, write_uid, write_date)
            VALUES %s
        """, [(model.id, self._name, exc.id, exc.display_name, activity_type.id,
               exc.owner_id.id, _('Handle exception %s') % exc.name,
               (exc.deadline or fields.Datetime.now())[:10], uid, uid) for exc in todo],
            template="(%s, %s, %s, %s, %s, %s, %s, %s, %s, (now() at time zone 'UTC'), "
                     "%s, (now() at time zone 'UTC'))", page_size=1000)
        todo.invalidate_cache(['activity_ids'])
        self.env['mail.activity'].invalidate_cache()
        self._subscribe_owners(todo)

    @api.model
    def _subscribe_owners(self, exceptions):
        """The owners follow their exceptions (as an activity's user does),
        with the default subtypes; existing followers stay as they are."""
        subtypes = self.env['mail.message.subtype'].default_subtypes(self._name)[0]
        self.env.cr.execute("""
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT %s, e.id, u.partner_id
              FROM retail_exception e JOIN res_users u ON u.id = e.owner_id
             WHERE e.id IN %s AND NOT EXISTS (
                   SELECT 1 FROM mail_followers f WHERE f.res_model = %s
                      AND f.res_id = e.id AND f.partner_id = u.partner_id)
            RETURNING id
        """, (self._name, tuple(exceptions.ids), self._name))
        follower_ids = [row[0] for row in self.env.cr.fetchall()]
        if follower_ids and subtypes:
            execute_values(self.env.cr, """
                INSERT INTO mail_followers_mail_message_subtype_rel
                    (mail_followers_id, mail_message_subtype_id) VALUES %s
            """, [(f, s) for f in follower_ids for s in subtypes.ids], page_size=5000)
        exceptions.invalidate_cache(['message_follower_ids', 'message_partner_ids'])
        self.env['mail.followers'].invalidate_cache()

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

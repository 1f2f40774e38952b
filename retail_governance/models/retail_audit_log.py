# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from psycopg2.extras import execute_values

# Only log_event() creates entries: it passes this object in the context, and no
# XML-RPC or JSON-RPC client can send a Python object, so a create() from outside
# the server code is refused.
_LOG_EVENT_TOKEN = object()
# The columns an entry fills (see _prepare_log_vals).
LOG_COLUMNS = ('event_type', 'user_id', 'company_id', 'warehouse_id', 'res_model', 'res_id',
               'res_name', 'before_values', 'after_values', 'note')

# The user who acts, kept in the context when a business method goes on under
# sudo() (where env.user is the superuser). Its own type: no RPC client can
# send one, so nobody signs entries in another user's name.
ACTOR_KEY = 'retail_audit_actor'


class _Actor(int):
    """Id of the user who acts (see ``keep_actor``)."""


def keep_actor(records):
    """``records`` remembering their current user as the one who acts, so that
    the audit entries written after a ``sudo()`` name that user, not the
    superuser. Call it before ``sudo()``: ``keep_actor(records).sudo()``. An
    actor already kept (by an outer business method) stays."""
    if isinstance(records.env.context.get(ACTOR_KEY), _Actor):
        return records
    return records.with_context(**{ACTOR_KEY: _Actor(records.env.uid)})


class RetailAuditLog(models.Model):
    """Append-only trail of the events that change stock or its rules."""
    _name = 'retail.audit.log'
    _description = 'Retail Audit Log'
    _order = 'date desc, id desc'
    _rec_name = 'event_type'

    @api.model
    def _selection_event_type(self):
        return [
            ('adjustment_requested', _('Adjustment approval requested')),
            ('adjustment_approved', _('Adjustment approved')),
            ('adjustment_rejected', _('Adjustment rejected')),
            ('adjustment_validated', _('Adjustment validated')),
            ('scrap', _('Scrap / write-off')),
            ('transfer_validated', _('Transfer validated')),
            ('status_move', _('Stock status move')),
            ('orderpoint_overridden', _('Reordering rule overridden')),
            ('rule_changed', _('Adjustment rule changed')),
            ('exception_raised', _('Exception raised')),
            ('exception_escalated', _('Exception escalated')),
            ('exception_resolved', _('Exception resolved')),
            ('master_data_requested', _('Master data approval requested')),
            ('master_data_approved', _('Master data approved')),
            ('master_data_rejected', _('Master data rejected')),
        ]

    event_type = fields.Selection(
        selection='_selection_event_type', required=True, readonly=True, index=True)
    date = fields.Datetime(
        required=True, readonly=True, index=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        'res.users', string='User', required=True, readonly=True, index=True,
        ondelete='restrict')
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True, index=True, ondelete='restrict')
    warehouse_id = fields.Many2one(
        'stock.warehouse', readonly=True, index=True, ondelete='restrict')
    res_model = fields.Char(string='Document Model', readonly=True, index=True)
    res_id = fields.Integer(string='Document ID', readonly=True, index=True)
    res_name = fields.Char(string='Document', readonly=True)
    before_values = fields.Text(string='Before', readonly=True)
    after_values = fields.Text(string='After', readonly=True)
    note = fields.Text(readonly=True)

    @api.model
    def create(self, vals):
        if self.env.context.get('retail_audit_token') is not _LOG_EVENT_TOKEN:
            raise UserError(_(
                "Audit log entries are written by the system only."))
        return super(RetailAuditLog, self).create(vals)

    @api.multi
    def write(self, vals):
        raise UserError(_("Audit log entries cannot be changed."))

    @api.multi
    def unlink(self):
        raise UserError(_("Audit log entries cannot be deleted."))

    @api.model
    def log_event(self, event_type, record, before=None, after=None, note=None,
                  user=None):
        """Appends one entry per record of ``record`` and returns them.

        The public entry point for every module of the suite (e.g. status moves
        in retail_stock_status, overridden orderpoints in retail_replenishment).
        ``record`` must be a recordset: server code only, XML-RPC clients cannot
        call it with one. ``before``/``after`` are dicts of values (stored as
        JSON; records become their display names), ``note`` a free text.
        Entries name ``user`` (a ``res.users`` record), by default the user
        who acts (see ``_get_actor``), whatever the rights.
        """
        if not isinstance(record, models.BaseModel):
            raise UserError(_("Audit events need a document to refer to."))
        if event_type not in dict(self._selection_event_type()):
            raise UserError(_("Unknown audit event type: %s") % event_type)
        user = (user or self._get_actor()).sudo()
        # sudo: nobody holds the create right on the log; the entry is the
        # system's record of what the current user did.
        log = self.sudo().with_context(retail_audit_token=_LOG_EVENT_TOKEN)
        entries = self.browse()
        for rec in record:
            entries |= log.create(self._prepare_log_vals(
                event_type, rec.sudo(), user, before, after, note))
        return entries.sudo(self.env.uid)

    @api.model
    def _log_events_bulk(self, event_type, entries, note=None):
        """log_event for many records at once (server code only): ``entries``
        is a list of (record, before, after); the entries are inserted with
        one SQL statement, naming the user who acts."""
        if not entries:
            return
        if event_type not in dict(self._selection_event_type()):
            raise UserError(_("Unknown audit event type: %s") % event_type)
        user = self._get_actor().sudo()
        rows = []
        for record, before, after in entries:
            vals = self._prepare_log_vals(event_type, record.sudo(), user, before, after, note)
            rows.append(tuple(vals[c] or None for c in LOG_COLUMNS))
        now = "(now() at time zone 'UTC')"
        template = '(%s, %s, %d, %s, %d, %s)' % (
            ', '.join(['%s'] * len(LOG_COLUMNS)), now, self.env.uid, now, self.env.uid, now)
        execute_values(self.env.cr, """
            INSERT INTO retail_audit_log (%s, date, create_uid, create_date,
                                          write_uid, write_date)
            VALUES %%s
        """ % ', '.join(LOG_COLUMNS), rows, template=template, page_size=1000)

    @api.model
    def _get_actor(self):
        """The user who acts: the one a business method kept with
        ``keep_actor`` before going on under sudo(), else the current user."""
        actor = self.env.context.get(ACTOR_KEY)
        if isinstance(actor, _Actor):
            return self.env['res.users'].browse(int(actor))
        return self.env.user

    @api.model
    def _prepare_log_vals(self, event_type, record, user, before, after, note):
        company = 'company_id' in record._fields and record.company_id
        return {
            'event_type': event_type,
            'user_id': user.id,
            'company_id': (company or user.company_id).id,
            'warehouse_id': self._get_record_warehouse(record).id,
            'res_model': record._name,
            'res_id': record.id,
            'res_name': record.display_name,
            'before_values': self._serialize(before),
            'after_values': self._serialize(after),
            'note': note,
        }

    @api.model
    def _get_record_warehouse(self, record):
        """The warehouse an entry belongs to, for the per-store record rules:
        the first that is set of its operation type's (or its transfer's), its
        own warehouse, its location's and its destination's. (A stock move's
        own warehouse_id is a routing hint, empty on most internal moves.)"""
        for candidate in self._get_record_warehouse_candidates(record):
            if candidate:
                return candidate[:1]
        return self.env['stock.warehouse']

    @api.model
    def _get_record_warehouse_candidates(self, record):
        """Yields the warehouses ``record`` may belong to, most specific first."""
        fields_ = record._fields

        def _is(name, comodel):
            return name in fields_ and fields_[name].comodel_name == comodel

        if _is('picking_type_id', 'stock.picking.type'):
            yield record.picking_type_id.warehouse_id
        if _is('picking_id', 'stock.picking'):
            yield record.picking_id.picking_type_id.warehouse_id
        if _is('warehouse_id', 'stock.warehouse'):
            yield record.warehouse_id
        for name in ('location_id', 'location_dest_id'):
            if _is(name, 'stock.location') and record[name]:
                yield record[name].get_warehouse()

    @api.model
    def _serialize(self, values):
        if values is None:
            return False

        def _plain(value):
            if isinstance(value, models.BaseModel):
                return ', '.join(value.mapped('display_name'))
            return str(value)
        return json.dumps(values, default=_plain, sort_keys=True, ensure_ascii=False)

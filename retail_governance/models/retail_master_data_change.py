# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .retail_audit_log import keep_actor
from .retail_master_data_mixin import applying
from .tier_review import REVIEW_GUARD, REVIEW_GUARD_KEY, with_review_guard


class _TrialDone(Exception):
    """Rolls back the trial of a change (see _retail_try_change)."""


class RetailMasterDataChange(models.Model):
    """A creation or a change of master data waiting for the data steward.

    Requests are made by the governed models themselves (see
    retail.master.data.mixin), never created or edited by hand or over RPC.
    The data steward approves or rejects through base_tier_validation's
    reviews, with the adjustments' guarantees: nobody decides on their own
    request, and every decision lands in the audit trail.
    """
    _name = 'retail.master.data.change'
    _description = 'Master Data Change Request'
    _inherit = ['mail.thread', 'tier.validation', 'retail.audit.mixin']
    _order = 'id desc'
    _state_from = ['pending']
    _state_to = ['approved']
    _cancel_state = 'rejected'

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False)
    res_model = fields.Char(string='Model', required=True, readonly=True, index=True)
    res_id = fields.Integer(string='Record ID', required=True, readonly=True, index=True)
    res_name = fields.Char(string='Record', readonly=True)
    model_name = fields.Char(string='Kind of Data', readonly=True)
    change_type = fields.Selection(
        [('create', 'New record'), ('write', 'Change')], string='Request',
        required=True, readonly=True)
    new_values = fields.Text(
        readonly=True, help="The values written when approved (JSON).")
    description = fields.Text(string='Change', readonly=True)
    requested_by_id = fields.Many2one(
        'res.users', string='Requested By', required=True, readonly=True,
        index=True, ondelete='restrict')
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True, index=True, ondelete='restrict')
    state = fields.Selection(
        [('pending', 'Waiting for Approval'), ('approved', 'Approved'),
         ('rejected', 'Rejected')],
        required=True, readonly=True, default='pending', index=True,
        track_visibility='onchange')
    decided_by_id = fields.Many2one('res.users', string='Decided By', readonly=True)
    date_decided = fields.Datetime(string='Decided On', readonly=True)

    # ------------------------------------------------------------------
    # Guards: requests come from the governed models, decisions from the
    # buttons below.
    # ------------------------------------------------------------------
    @api.model
    def _retail_check_guard(self):
        if self.env.context.get(REVIEW_GUARD_KEY) is not REVIEW_GUARD:
            raise AccessError(_(
                "Master data change requests are made by changing the data and "
                "decided with the Approve and Reject buttons, not edited."))

    @api.model
    def create(self, vals):
        self._retail_check_guard()
        return super(RetailMasterDataChange, self).create(vals)

    @api.multi
    def write(self, vals):
        if set(vals) - {'message_follower_ids', 'message_main_attachment_id'}:
            self._retail_check_guard()
        return super(RetailMasterDataChange, self).write(vals)

    @api.multi
    def unlink(self):
        raise AccessError(_("Master data change requests are kept: reject one instead."))

    @api.model
    def _get_under_validation_exceptions(self):
        res = super(RetailMasterDataChange, self)._get_under_validation_exceptions()
        return res + ['message_ids', 'activity_ids']

    # ------------------------------------------------------------------
    # Requests
    # ------------------------------------------------------------------
    @api.model
    def _retail_request_creation(self, records):
        """New ``records`` wait for the steward, one request each."""
        changes = self.browse()
        for record in records:
            record._retail_set_approval_state('pending')
            changes |= self._retail_create_request(
                record, 'create', {}, _("New %s: %s") % (
                    record._retail_master_data_label(), record.display_name))
        return changes

    @api.model
    def _retail_request_changes(self, records, values):
        """The changes ``values`` of ``records`` wait for the steward, one
        request per record whose values they change. Each change is tried
        first (and undone), so that a change that cannot be made is refused
        now rather than when approved."""
        changes = self.browse()
        for record in records:
            diff = self._retail_changed_values(record, values)
            if not diff:
                continue
            self._retail_try_change(record, diff)
            changes |= self._retail_create_request(
                record, 'write', diff, self._retail_describe(record, diff))
        return changes

    @api.model
    def _retail_changed_values(self, record, values):
        diff = {}
        for name, value in values.items():
            field = record._fields[name]
            old = field.convert_to_cache(record[name], record)
            try:
                new = field.convert_to_cache(value, record)
            except (TypeError, ValueError):
                raise UserError(_("%s: %r is not a valid value.") % (
                    field.get_description(self.env)['string'], value))
            if new != old:
                diff[name] = value
        return diff

    @api.model
    def _retail_try_change(self, record, values):
        try:
            with self.env.cr.savepoint():
                applying(record).write(values)
                record.recompute()
                raise _TrialDone()
        except _TrialDone:
            pass
        finally:
            self.env.cache.invalidate()

    @api.model
    def _retail_display(self, record, name, value):
        field = record._fields[name]
        shown = field.convert_to_record(field.convert_to_cache(value, record), record)
        if field.type == 'selection':
            return dict(field._description_selection(self.env)).get(shown, shown or '')
        if field.type in ('many2one', 'many2many', 'one2many'):
            return ', '.join(shown.mapped('display_name'))
        return '%s' % (shown if shown not in (False, None) else '')

    @api.model
    def _retail_describe(self, record, values):
        lines = []
        for name, value in sorted(values.items()):
            lines.append(_("%s: %s → %s") % (
                record._fields[name].get_description(self.env)['string'],
                self._retail_display(record, name, record[name]),
                self._retail_display(record, name, value)))
        return '\n'.join(lines)

    @api.model
    def _retail_create_request(self, record, change_type, values, description):
        try:
            new_values = json.dumps(values)
        except (TypeError, ValueError):
            raise UserError(_("These values cannot be held for approval: %s") % values)
        user = self.env.user
        company = ('company_id' in record._fields and record.sudo().company_id) \
            or user.company_id
        # sudo: requests are the system's record of what the user changed;
        # nobody creates them by hand.
        change = with_review_guard(keep_actor(self).sudo()).create({
            'name': self.env['ir.sequence'].sudo().next_by_code(
                'retail.master.data.change') or '/',
            'res_model': record._name,
            'res_id': record.id,
            'res_name': record.sudo().display_name,
            'model_name': record._retail_master_data_label(),
            'change_type': change_type,
            'new_values': new_values,
            'description': description,
            'requested_by_id': user.id,
            'company_id': company.id,
        })
        change.request_validation()
        change._retail_audit('master_data_requested', after=values or None,
                             note=description)
        return change.sudo(user.id)

    # ------------------------------------------------------------------
    # Decisions
    # ------------------------------------------------------------------
    @api.multi
    def _retail_record(self):
        self.ensure_one()
        return self.env[self.res_model].sudo().with_context(
            active_test=False).browse(self.res_id).exists()

    @api.multi
    def _retail_check_can_decide(self):
        self.ensure_one()
        user = self.env.user
        if self.state != 'pending':
            raise UserError(_("Change request %s is already decided.") % self.name)
        if user == self.requested_by_id:
            raise UserError(_(
                "You cannot decide on change request %s: you requested it.") % self.name)
        pending = self.review_ids.filtered(lambda r: r.status == 'pending')
        if not pending.filtered(lambda r: user in r.reviewer_ids):
            raise UserError(_(
                "Change request %s waits for a data steward's approval, which is "
                "not yours to give.") % self.name)

    @api.multi
    def action_approve(self):
        for change in self:
            change._retail_check_can_decide()
            record = change._retail_record()
            if not record:
                raise UserError(_(
                    "The record of change request %s no longer exists: reject it.")
                    % change.name)
            with_review_guard(change).validate_tier()
            guarded = with_review_guard(keep_actor(change).sudo())
            guarded.invalidate_cache()
            if not guarded.validated:
                continue
            change._retail_apply(record)
            guarded.write({'state': 'approved', 'decided_by_id': self.env.uid,
                           'date_decided': fields.Datetime.now()})
            guarded._retail_audit('master_data_approved', note=change.description)
        return True

    @api.multi
    def action_reject(self):
        for change in self:
            change._retail_check_can_decide()
            with_review_guard(change).reject_tier()
            record = change._retail_record()
            if record and change.change_type == 'create':
                record._retail_set_approval_state('rejected')
                if 'active' in record._fields:
                    applying(record).write({'active': False})
            guarded = with_review_guard(keep_actor(change).sudo())
            guarded.write({'state': 'rejected', 'decided_by_id': self.env.uid,
                           'date_decided': fields.Datetime.now()})
            guarded._retail_audit('master_data_rejected', note=change.description)
        return True

    @api.multi
    def _retail_apply(self, record):
        """Makes the approved creation or change effective on ``record``
        (under sudo: the steward approves data they may not edit)."""
        self.ensure_one()
        if self.change_type == 'create':
            record._retail_set_approval_state('approved')
        else:
            # in the requester's company (company-dependent fields: costing method)
            applying(record.with_context(force_company=self.company_id.id)).write(
                json.loads(self.new_values))

    @api.multi
    def action_open_record(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'res_model': self.res_model,
            'res_id': self.res_id,
            'view_mode': 'form',
            'target': 'current',
        }

    def _notify_requested_review_body(self):
        return _('%s asks the data steward to approve: %s') % (
            self.requested_by_id.name, self.description)

    # base_tier_validation's entry points go through the buttons above.
    @api.multi
    def validate_tier(self):
        self._retail_check_guard()
        return super(RetailMasterDataChange, self).validate_tier()

    @api.multi
    def reject_tier(self):
        self._retail_check_guard()
        return super(RetailMasterDataChange, self).reject_tier()

    @api.multi
    def restart_validation(self):
        raise UserError(_(
            "A master data change request is decided once: change the data again "
            "to make a new request."))

    @api.multi
    def request_validation(self):
        self._retail_check_guard()
        return super(RetailMasterDataChange, with_review_guard(self)).request_validation()

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .loading import is_loading_data

# Context key under which an approved change is applied and the approval
# state written (see retail.master.data.change): an RPC client cannot send
# this object, so nobody approves master data by writing it.
APPLY_KEY = 'retail_master_data_apply'
APPLY_TOKEN = object()

APPROVAL_STATES = [
    ('pending', 'Waiting for Approval'),
    ('approved', 'Approved'),
    ('rejected', 'Rejected'),
]


def applying(records):
    """``records`` in the context where changes pass without approval."""
    return records.with_context(**{APPLY_KEY: APPLY_TOKEN})


def is_applying(env):
    return env.context.get(APPLY_KEY) is APPLY_TOKEN


class RetailMasterDataMixin(models.AbstractModel):
    """Master data whose creation and sensitive fields wait for the data
    steward's approval, when the user's company asks for it.

    A new record waits as 'pending' (``_retail_governed_create``): what it
    may do until approved is each model's business (a product cannot be
    bought, sold or counted, a location cannot receive stock). A change of a
    governed field (``_retail_governed_fields``) of an approved record is not
    written: it becomes a change request, applied when approved. A record
    still waiting for its creation's approval is edited freely: the steward
    approves what it is. Only module loading steps aside.
    """
    _name = 'retail.master.data.mixin'
    _description = 'Master Data under the Data Steward'

    # Fields whose change waits for the data steward's approval.
    _retail_governed_fields = ()
    # Whether a new record waits for the data steward's approval.
    _retail_governed_create = True

    retail_change_count = fields.Integer(
        string='Changes Waiting', compute='_compute_retail_change_count')

    @api.multi
    def _compute_retail_change_count(self):
        groups = self.env['retail.master.data.change'].read_group(
            self._retail_change_domain() + [('state', '=', 'pending')],
            ['res_id'], ['res_id'])
        counts = {group['res_id']: group['res_id_count'] for group in groups}
        for record in self:
            record.retail_change_count = counts.get(record.id, 0)

    @api.multi
    def _retail_change_domain(self):
        return [('res_model', '=', self._name), ('res_id', 'in', self.ids)]

    @api.model
    def _retail_master_data_governed(self):
        """Whether changes wait for the data steward now."""
        return (not is_loading_data(self.env) and not is_applying(self.env)
                and self.env.user.company_id.retail_master_data_approval)

    @api.model
    def _retail_master_data_label(self):
        """What the data is called in the requests (e.g. "Product")."""
        return self.env['ir.model']._get(self._name).name

    @api.multi
    def _retail_needs_creation_approval(self):
        return self._retail_governed_create and self._retail_master_data_governed()

    @api.multi
    def _retail_is_approved(self):
        self.ensure_one()
        return ('retail_approval_state' not in self._fields
                or self.retail_approval_state == 'approved')

    @api.multi
    def _retail_set_approval_state(self, state):
        applying(self.sudo()).write({'retail_approval_state': state})

    @api.model
    def _retail_check_state_not_written(self, vals):
        if 'retail_approval_state' in vals and not is_applying(self.env):
            raise AccessError(_(
                "Master data is approved with the data steward's Approve button "
                "of its change request, not by writing its approval state."))

    @api.model
    def create(self, vals):
        if not is_applying(self.env):
            # (defaults come in vals, e.g. from a variant to its template)
            vals = {k: v for k, v in vals.items() if k != 'retail_approval_state'}
        record = super(RetailMasterDataMixin, self).create(vals)
        if record._retail_needs_creation_approval():
            self.env['retail.master.data.change']._retail_request_creation(record)
        return record

    @api.multi
    def write(self, vals):
        self._retail_check_state_not_written(vals)
        held = self._retail_held_records(vals)
        if not held:
            return super(RetailMasterDataMixin, self).write(vals)
        governed = set(self._retail_governed_fields)
        changes = {name: value for name, value in vals.items() if name in governed}
        kept = {name: value for name, value in vals.items() if name not in governed}
        self.env['retail.master.data.change']._retail_request_changes(held, changes)
        others = self - held
        if others:
            super(RetailMasterDataMixin, others).write(vals)
        if kept:
            super(RetailMasterDataMixin, held).write(kept)
        return True

    @api.multi
    def _retail_held_records(self, vals):
        """The records whose change of ``vals`` waits for the data steward."""
        if (not set(vals) & set(self._retail_governed_fields)
                or not self._retail_master_data_governed()):
            return self.browse()
        return self.filtered(lambda record: record._retail_is_approved())

    @api.multi
    def action_view_retail_changes(self):
        action = self.env.ref(
            'retail_governance.retail_master_data_change_action').read()[0]
        action['domain'] = self._retail_change_domain()
        action['context'] = {}
        return action


class RetailMasterDataStateMixin(models.AbstractModel):
    """Governed master data that holds its own approval state (a product
    variant holds its template's)."""
    _name = 'retail.master.data.state.mixin'
    _inherit = 'retail.master.data.mixin'
    _description = 'Master Data with an Approval State'

    retail_approval_state = fields.Selection(
        APPROVAL_STATES, string='Master Data Approval', default='approved',
        required=True, readonly=True, copy=False, index=True,
        help="New master data waits for the data steward's approval: until "
             "approved it cannot be used.")

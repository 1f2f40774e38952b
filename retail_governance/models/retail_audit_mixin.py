# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


class RetailAuditMixin(models.AbstractModel):
    """Documents with an audit trail: a smart button and a logging helper."""
    _name = 'retail.audit.mixin'
    _description = 'Retail Audited Document'

    retail_audit_log_count = fields.Integer(
        string='Audit Entries', compute='_compute_retail_audit_log_count')

    @api.multi
    def _compute_retail_audit_log_count(self):
        groups = self.env['retail.audit.log'].read_group(
            self._get_retail_audit_log_domain(), ['res_id'], ['res_id'])
        counts = {group['res_id']: group['res_id_count'] for group in groups}
        for rec in self:
            rec.retail_audit_log_count = counts.get(rec.id, 0)

    @api.multi
    def _get_retail_audit_log_domain(self):
        return [('res_model', '=', self._name), ('res_id', 'in', self.ids)]

    @api.multi
    def _retail_audit(self, event_type, before=None, after=None, note=None):
        return self.env['retail.audit.log'].log_event(
            event_type, self, before=before, after=after, note=note)

    @api.multi
    def action_view_retail_audit_log(self):
        action = self.env.ref('retail_governance.retail_audit_log_action').read()[0]
        action['domain'] = self._get_retail_audit_log_domain()
        action['context'] = {}
        action['name'] = _('Audit Trail')
        return action

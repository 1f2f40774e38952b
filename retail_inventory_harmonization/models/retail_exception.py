# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from odoo.addons.retail_governance.models.retail_exception import as_system

# The transfer's own resolution (an approved write-off, the found goods
# received) settles its exceptions: only server code passes this object.
TRANSFER_KEY = 'retail_transfer_settled'
TRANSFER_TOKEN = object()


class RetailException(models.Model):
    _inherit = 'retail.exception'

    @api.model
    def _selection_exception_type(self):
        types = super(RetailException, self)._selection_exception_type()
        codes = [code for code, _label in types]
        for code, label in (('transfer_discrepancy', 'Transfer discrepancy'),
                            ('overdue_in_transit', 'Overdue in transit')):
            if code not in codes:
                types.append((code, label))
        return types

    @api.multi
    def _check_resolution(self, vals):
        """A transfer's exceptions settled by the transfer's resolution have
        their evidence there (the approved adjustment, the validated receipt)."""
        if self.env.context.get(TRANSFER_KEY) is TRANSFER_TOKEN:
            return
        return super(RetailException, self)._check_resolution(vals)

    @api.multi
    def _retail_transfer_resolve(self, note):
        as_system(self.with_context(**{TRANSFER_KEY: TRANSFER_TOKEN})).write({
            'state': 'resolved', 'resolution_note': note})
        return True

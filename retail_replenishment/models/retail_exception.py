# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models


class RetailException(models.Model):
    _inherit = 'retail.exception'

    @api.model
    def _selection_exception_type(self):
        return super(RetailException, self)._selection_exception_type() + [
            ('replenishment_failed', _('Replenishment run failed')),
        ]

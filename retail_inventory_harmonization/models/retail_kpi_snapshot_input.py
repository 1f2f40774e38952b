# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models

from odoo.addons.retail_governance.models.input_guard import parse_date, parse_int

# Ten years of ISO weeks: more is no KPI history, and 1e308 overflowed.
MAX_WEEKS = 520


class RetailKpiSnapshot(models.Model):
    _inherit = 'retail.kpi.snapshot'

    @api.model
    def compute_snapshots(self, weeks=2, date=None, companies=None):
        """Checks the arguments first: over XML-RPC, 'many' weeks or the date
        'yesterday' gave a ValueError traceback, 1e308 weeks an OverflowError."""
        weeks = parse_int(weeks, _('Weeks of KPI snapshots'), 1, MAX_WEEKS)
        date = parse_date(date, _('Date of the KPI snapshots'))
        return super(RetailKpiSnapshot, self).compute_snapshots(
            weeks=weeks, date=date, companies=companies)

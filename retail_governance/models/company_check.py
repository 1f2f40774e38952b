# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The multi-company rule of the suite's configuration records, in one place."""
from odoo.exceptions import ValidationError


def check_same_company(records, path, message):
    """Raises ``ValidationError(message % (record name, foreign names))`` when the
    records reached through ``path`` (e.g. ``'warehouse_ids'``) of a record belong
    to another company than the record itself; those without a company (e.g.
    partner locations) are shared. ``message`` comes translated."""
    for record in records:
        foreign = record.mapped(path).filtered(
            lambda other: other.company_id and other.company_id != record.company_id)
        if foreign:
            raise ValidationError(message % (
                record.display_name, ', '.join(foreign.mapped('display_name'))))

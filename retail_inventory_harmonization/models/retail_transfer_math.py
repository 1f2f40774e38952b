# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Transfer cycle times and line differences: plain functions, no database."""
from datetime import datetime

from odoo.tools import float_compare

DATETIME_FORMAT = '%Y-%m-%d %H:%M:%S'


def _to_datetime(value):
    if not value or isinstance(value, datetime):
        return value
    return datetime.strptime(value[:19], DATETIME_FORMAT)


def cycle_hours(start, end):
    """Hours from ``start`` to ``end`` (datetimes or Odoo strings), rounded to
    a second; 0.0 while either is missing, never negative."""
    start, end = _to_datetime(start), _to_datetime(end)
    if not start or not end:
        return 0.0
    return max(round((end - start).total_seconds() / 3600.0, 4), 0.0)


def line_difference(shipped, received, damaged, receipt_done, rounding):
    """(difference, status) of a transfer line: received minus shipped once
    a receipt is done (negative short, positive over), else nothing yet;
    damaged when it balances but some came in damaged."""
    rounding = rounding or 0.001
    diff = received - shipped if receipt_done else 0.0
    cmp = float_compare(diff, 0.0, precision_rounding=rounding)
    if cmp < 0:
        return diff, 'short'
    if cmp > 0:
        return diff, 'over'
    if float_compare(damaged, 0.0, precision_rounding=rounding) > 0:
        return diff, 'damaged'
    return diff, 'ok'

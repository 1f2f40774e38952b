# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Transfer cycle times: plain functions, no database."""
from datetime import datetime

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

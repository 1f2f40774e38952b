# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The KPI formulas of the operating model as plain functions.

The snapshot job computes them in SQL over whole weeks and networks; these
are the same formulas on one store's figures, for tests and for later
versions of the suite. See ../shared/PRODUCT.md, "KPIs"."""
from datetime import date, timedelta

AGE_BUCKETS = ((0, 30), (31, 60), (61, 90), (91, None))


def week_start(day):
    """Monday of the ISO week of ``day`` (a date)."""
    return day - timedelta(days=day.weekday())


def iso_week_label(day):
    year, week, _weekday = day.isocalendar()
    return '%d-W%02d' % (year, week)


def ratio_pct(numerator, denominator):
    """100 x numerator / denominator; None when nothing was measured."""
    if not denominator:
        return None
    return 100.0 * numerator / denominator


def within_tolerance(counted, system, tolerance_pct):
    """A counted line is accurate when |counted - system| <= tolerance % of system."""
    return abs(counted - system) <= tolerance_pct / 100.0 * abs(system) + 1e-9


def accuracy_line_pct(lines, tolerance_pct):
    """Share of counted lines within tolerance, in %: ``lines`` = [(counted, system)]."""
    ok = sum(1 for counted, system in lines if within_tolerance(counted, system,
                                                                tolerance_pct))
    return ratio_pct(ok, len(lines))


def accuracy_qty_pct(lines):
    """100 x (1 - sum|counted - system| / sum system), never below 0."""
    system = sum(abs(s) for _c, s in lines)
    if not system:
        return None
    return max(0.0, 100.0 * (1 - sum(abs(c - s) for c, s in lines) / system))


def age_bucket(age_days):
    """Index in AGE_BUCKETS of a quant ``age_days`` old."""
    for index, (low, high) in enumerate(AGE_BUCKETS):
        if age_days >= low and (high is None or age_days <= high):
            return index
    return 0


def health_score(values):
    """Mean of the measured KPIs where 100 is best (None: not measured)."""
    measured = [v for v in values if v is not None]
    return sum(measured) / len(measured) if measured else None


def parse_date(value):
    return value if isinstance(value, date) else date(*map(int, value[:10].split('-')))

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure replenishment formulas: no Odoo import, testable without a database.

Demand-driven min/max (the textbook reorder-point model, periodic review):

- z = inverse standard normal CDF of the service level;
- safety stock = z x s x sqrt(lead time), never negative;
- min = d x lead time + safety stock;
- max = min + d x review period;
- both rounded up to the pack multiple; an item that sold in the lookback
  keeps min >= 1 (rounded to the pack); max >= min.

d and s are the mean and standard deviation of the daily demand; lead time and
review period are in days.
"""
import math
from functools import lru_cache

# Coefficients of Peter J. Acklam's rational approximation of the inverse
# normal CDF (relative error below 1.15e-9 over the whole open interval).
_A = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00)
_B = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
      3.754408661907416e+00)
_P_LOW = 0.02425

# Relative tolerance when rounding up: 2.0000000001 packs are 2 packs, not 3.
_EPSILON = 1e-9


@lru_cache(maxsize=1024)
def norm_ppf(p):
    """z such that P(Z <= z) = p for a standard normal Z, for 0 < p < 1."""
    if not 0.0 < p < 1.0:
        raise ValueError("the probability must lie strictly between 0 and 1")
    if p < _P_LOW:
        q = math.sqrt(-2.0 * math.log(p))
        return (((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]) / \
            ((((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1.0)
    if p > 1.0 - _P_LOW:
        return -norm_ppf(1.0 - p)
    q = p - 0.5
    r = q * q
    return (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5]) * q / \
        (((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1.0)


def round_up(qty, multiple):
    """``qty`` rounded up to a multiple of ``multiple`` (no rounding if it is 0)."""
    if multiple <= 0:
        return qty
    packs = qty / multiple
    return math.ceil(packs - _EPSILON * max(1.0, abs(packs))) * multiple


def safety_stock(z, stddev, lead_days):
    """z x s x sqrt(lead time), never negative (a service level below 50% holds
    no safety stock rather than a negative one)."""
    return max(0.0, z * stddev * math.sqrt(max(lead_days, 0.0)))


def demand_min_max(daily_demand, stddev, lead_days, review_days, service_level,
                   pack_multiple=1.0):
    """(safety stock, min, max) of the demand-driven policy.

    An item with positive demand over the lookback keeps a min of at least one
    unit (then rounded to the pack), so that a slow mover is not delisted by
    rounding; max is never below min.
    """
    z = norm_ppf(service_level)
    safety = safety_stock(z, stddev, lead_days)
    min_qty = daily_demand * lead_days + safety
    max_qty = min_qty + daily_demand * max(review_days, 0.0)
    if daily_demand > 0:
        min_qty = max(min_qty, 1.0)
    min_qty = round_up(min_qty, pack_multiple)
    max_qty = max(round_up(max_qty, pack_multiple), min_qty)
    return safety, min_qty, max_qty


def daily_stats(total, total_squares, days):
    """(mean, population standard deviation) of a daily series of ``days``
    values, from their sum and sum of squares (days without sales count as
    zeros). Population, not sample: the lookback is the whole series the
    policy looks at, not a sample of a larger one."""
    if days <= 0:
        return 0.0, 0.0
    mean = total / days
    variance = total_squares / days - mean * mean
    return mean, math.sqrt(variance) if variance > 0 else 0.0

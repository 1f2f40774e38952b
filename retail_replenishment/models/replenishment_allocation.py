# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fair share of a short supply between stores: plain functions, no database.

When the DC cannot cover every store's need for a product, each store gets a
share proportional to its need, rounded down to its pack multiple; the units
left over go one pack at a time to the stores in priority order (lower
priority number first, then store code) while they still need some.
"""
import math

EPSILON = 1e-9


def floor_to_multiple(qty, multiple):
    """``qty`` rounded down to a multiple of ``multiple`` (unchanged when none)."""
    if not multiple or multiple <= 0:
        return qty
    return math.floor(qty / multiple + EPSILON) * multiple


def fair_share(available, needs):
    """Allocates ``available`` units between needs.

    ``needs``: iterable of ``(key, need_qty, pack_multiple, rank)``; ``rank`` is
    any sortable value, lower served first on leftovers (e.g. ``(priority,
    store_code)``). Returns ``{key: allocated_qty}``; nobody gets more than its
    need, everybody gets whole packs (except a need that is not a whole number
    of packs, which is served in full when there is enough for everybody).
    """
    needs = [(key, max(need, 0.0), pack if pack and pack > 0 else 0.0, rank)
             for key, need, pack, rank in needs]
    total = sum(need for _key, need, _pack, _rank in needs)
    available = max(available or 0.0, 0.0)
    if total <= available + EPSILON:
        return {key: need for key, need, _pack, _rank in needs}
    allocation = {}
    for key, need, pack, _rank in needs:
        share = available * need / total if total else 0.0
        allocation[key] = min(floor_to_multiple(share, pack or 1.0), need)
    leftover = available - sum(allocation.values())
    ordered = sorted(needs, key=lambda n: n[3])
    while leftover > EPSILON:
        served = False
        for key, need, pack, _rank in ordered:
            step = min(pack or 1.0, need - allocation[key])
            if step <= EPSILON or (pack and step < pack - EPSILON):
                continue
            if step > leftover + EPSILON:
                continue
            allocation[key] += step
            leftover -= step
            served = True
        if not served:
            break
    return allocation

# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The formulas on inputs whose results are worked out by hand below."""
import unittest

from ..models.replenishment_math import (
    daily_stats, demand_min_max, norm_ppf, round_up, safety_stock)


class TestReplenishmentMath(unittest.TestCase):

    def test_z_of_usual_service_levels(self):
        """z matches the standard normal table (1.6449 at 95 %, 1.9600 at 97.5 %)."""
        self.assertAlmostEqual(norm_ppf(0.5), 0.0, places=9)
        self.assertAlmostEqual(norm_ppf(0.95), 1.644854, places=6)
        self.assertAlmostEqual(norm_ppf(0.975), 1.959964, places=6)
        self.assertAlmostEqual(norm_ppf(0.99), 2.326348, places=6)
        # lower tail, beyond Acklam's breakpoint 0.02425, and symmetry
        self.assertAlmostEqual(norm_ppf(0.01), -2.326348, places=6)
        self.assertAlmostEqual(norm_ppf(0.001), -3.090232, places=6)
        self.assertAlmostEqual(norm_ppf(0.9), -norm_ppf(0.1), places=12)

    def test_z_needs_a_probability(self):
        """A service level of 0 or 1 (or beyond) has no z."""
        for level in (0.0, 1.0, 1.5, -0.1):
            with self.assertRaises(ValueError):
                norm_ppf(level)

    def test_demand_min_max_rounded_up_to_pack(self):
        """d=2, s=1.5, lead 4 d, review 7 d, 95 %, pack 6: ss 4.93, min 18, max 30.

        ss = 1.644854 x 1.5 x sqrt(4) = 4.934561; min = 2 x 4 + 4.934561 =
        12.934561 -> 18 (3 packs); max = 12.934561 + 2 x 7 = 26.934561 -> 30."""
        safety, min_qty, max_qty = demand_min_max(2.0, 1.5, 4.0, 7.0, 0.95, 6.0)
        self.assertAlmostEqual(safety, 4.934561, places=6)
        self.assertEqual((min_qty, max_qty), (18, 30))

    def test_demand_min_max_unit_pack(self):
        """d=0.5, s=1, lead 2 d, review 3 d, 90 %, pack 1: ss 1.81, min 3, max 5.

        ss = 1.281552 x 1 x 1.414214 = 1.812388; min = 1 + 1.812388 = 2.812388
        -> 3; max = 2.812388 + 1.5 = 4.312388 -> 5."""
        safety, min_qty, max_qty = demand_min_max(0.5, 1.0, 2.0, 3.0, 0.90, 1.0)
        self.assertAlmostEqual(safety, 1.812388, places=6)
        self.assertEqual((min_qty, max_qty), (3, 5))

    def test_slow_mover_keeps_one_unit(self):
        """An item that sold keeps min >= 1: d=0.05, s=0.3, lead 1, review 3, 90 % -> 1/1.

        ss = 1.281552 x 0.3 = 0.384465; min = 0.05 + 0.384465 = 0.434 -> 1 (the
        floor), max = 0.434 + 0.15 = 0.584 -> 1, not below min."""
        _safety, min_qty, max_qty = demand_min_max(0.05, 0.3, 1.0, 3.0, 0.90, 1.0)
        self.assertEqual((min_qty, max_qty), (1, 1))

    def test_one_unit_floor_rounded_to_pack(self):
        """The one-unit floor of a slow mover is itself rounded up to the pack (4)."""
        _safety, min_qty, max_qty = demand_min_max(0.01, 0.0, 1.0, 7.0, 0.95, 4.0)
        self.assertEqual((min_qty, max_qty), (4, 4))

    def test_no_demand_no_stock(self):
        """Without demand, min and max are 0."""
        self.assertEqual(demand_min_max(0.0, 0.0, 3.0, 7.0, 0.95, 6.0), (0.0, 0, 0))

    def test_low_service_level_holds_no_safety_stock(self):
        """Below 50 % z is negative; the safety stock is 0, not negative."""
        self.assertEqual(safety_stock(norm_ppf(0.3), 2.0, 4.0), 0.0)
        _safety, min_qty, _max = demand_min_max(1.0, 2.0, 4.0, 0.0, 0.3, 1.0)
        self.assertEqual(min_qty, 4)

    def test_exact_multiples_stay(self):
        """An exact multiple is not rounded up, also with floating-point noise."""
        self.assertEqual(round_up(12.0, 6.0), 12)
        self.assertEqual(round_up(0.1 * 3, 0.1), round_up(0.3, 0.1))
        self.assertAlmostEqual(round_up(0.1 * 3, 0.1), 0.3)
        self.assertEqual(round_up(12.01, 6.0), 18)
        self.assertEqual(round_up(2.5, 0.0), 2.5)

    def test_days_without_sales_count_as_zero(self):
        """7 units sold on one day of a 7-day window: d = 1, population s = sqrt(6).

        mean = 7 / 7 = 1; variance = 7^2 / 7 - 1^2 = 6."""
        mean, stddev = daily_stats(7.0, 49.0, 7)
        self.assertEqual(mean, 1.0)
        self.assertAlmostEqual(stddev, 6 ** 0.5, places=12)
        self.assertEqual(daily_stats(5.0, 5.0, 0), (0.0, 0.0))

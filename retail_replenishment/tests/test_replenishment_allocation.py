# Copyright 2026 Retail Inventory Harmonization contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import unittest

from odoo.addons.retail_replenishment.models.replenishment_allocation import (
    fair_share, floor_to_multiple)


class TestFairShare(unittest.TestCase):
    """Fair share of a short DC: a pure function, no database."""

    def test_enough_for_everybody(self):
        """With enough supply every store gets its full need."""
        self.assertEqual(fair_share(100, [('a', 30, 4, (1, 'A')), ('b', 7, 1, (1, 'B'))]),
                         {'a': 30, 'b': 7})

    def test_proportional_to_need(self):
        """Short supply is shared in proportion to the needs."""
        self.assertEqual(fair_share(30, [('a', 40, 1, (1, 'A')), ('b', 20, 1, (1, 'B'))]),
                         {'a': 20, 'b': 10})

    def test_rounded_down_to_packs_leftover_by_priority(self):
        """Shares are whole packs; the units left go to the highest priority
        (lower number), then the lower store code."""
        needs = [('s1', 8, 2, (5, 'S001')), ('s2', 8, 2, (5, 'S002')),
                 ('s3', 8, 2, (1, 'S003'))]
        self.assertEqual(fair_share(10, needs), {'s1': 4, 's2': 2, 's3': 4})

    def test_never_more_than_available_nor_need(self):
        """The allocation never exceeds what the DC has nor a store's need."""
        needs = [('a', 7, 3, (1, 'A')), ('b', 1, 3, (2, 'B')), ('c', 50, 5, (3, 'C'))]
        result = fair_share(20, needs)
        self.assertLessEqual(sum(result.values()), 20)
        for key, need, _pack, _rank in needs:
            self.assertLessEqual(result[key], need)
            self.assertGreaterEqual(result[key], 0)

    def test_nothing_available(self):
        """Without stock (or with a negative balance) nobody gets anything."""
        self.assertEqual(fair_share(-5, [('a', 3, 1, (1, 'A'))]), {'a': 0})

    def test_floor_to_multiple(self):
        """Rounding down to a pack multiple; no multiple leaves the quantity."""
        self.assertEqual(floor_to_multiple(11, 4), 8)
        self.assertEqual(floor_to_multiple(12, 4), 12)
        self.assertEqual(floor_to_multiple(2.5, 0), 2.5)

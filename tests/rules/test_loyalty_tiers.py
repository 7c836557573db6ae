# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tier thresholds (crm_loyalty.rules.tiers), without a database."""
import unittest

from odoo.addons.crm_loyalty.rules.tiers import threshold_errors, tier_for_score


class TestTierRules(unittest.TestCase):
    def test_threshold_errors(self):
        self.assertEqual(threshold_errors([]), ["no_tier"])
        self.assertEqual(threshold_errors([("B", 0), ("S", 10)]), [])
        self.assertEqual(threshold_errors([("B", 0), ("S", 0)]), [("not_increasing", "S", "B")])
        self.assertEqual(threshold_errors([("B", -1)]), [("negative", "B")])

    def test_tier_for_score(self):
        tiers = [("B", 0), ("S", 25), ("G", 50)]
        self.assertEqual(tier_for_score(tiers, 24.9), 0)
        self.assertEqual(tier_for_score(tiers, 25), 1)
        self.assertEqual(tier_for_score(tiers, 99), 2)
        self.assertIsNone(tier_for_score([("S", 10)], 5))

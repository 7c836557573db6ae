# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tier progress rules (crm_loyalty.rules.progress), without a database."""
import unittest

from odoo.addons.crm_loyalty.rules import progress

THRESHOLDS = [("Bronze", 0), ("Silver", 25), ("Gold", 50), ("Platinum", 75)]
REVENUE_ONLY = {"revenue": 1, "orders": 0, "recency": 0, "tenure": 0, "referrals": 0}


class TestProgressRules(unittest.TestCase):
    def test_tier_progress(self):
        self.assertEqual(
            progress.tier_progress(THRESHOLDS, 1, 40),
            {"next": 2, "missing": 10, "keep": 25, "margin": 15},
        )
        # Below the current tier: negative margin (grace period).
        self.assertEqual(progress.tier_progress(THRESHOLDS, 2, 45)["margin"], -5)
        # Top tier: no next tier.
        top = progress.tier_progress(THRESHOLDS, 3, 90)
        self.assertIsNone(top["next"])
        self.assertIsNone(top["missing"])
        self.assertEqual(top["keep"], 75)
        # No tier yet: the first tier is next.
        self.assertEqual(
            progress.tier_progress(THRESHOLDS, None, 0),
            {"next": 0, "missing": 0, "keep": None, "margin": None},
        )
        # Already enough for the next tier (upgrade at the next assessment).
        self.assertEqual(progress.tier_progress(THRESHOLDS, 1, 60)["missing"], 0)

    def test_revenue_percentile(self):
        revenues = [50, 100, 500, 1200]
        self.assertEqual(progress.revenue_percentile(revenues, 100), 50)
        self.assertEqual(progress.revenue_percentile(revenues, 1200), 100)
        self.assertEqual(progress.revenue_percentile(revenues, 0), 0)

    def test_revenue_to_gain(self):
        revenues = [50, 100, 500, 1200]
        # 100 is at the 50th percentile; +25 points with revenue-only weights
        # needs the 75th: 3 of 4 customers at or below, i.e. reach 500.
        self.assertEqual(progress.revenue_to_gain(revenues, 100, 25, REVENUE_ONLY), 400)
        # 50 (25th) to the 50th percentile: reach 100, the next customer up.
        self.assertEqual(progress.revenue_to_gain(revenues, 50, 25, REVENUE_ONLY), 50)
        # Revenue weighs 40 of 100: 10 points are 25 percentile points.
        weights = {"revenue": 40, "orders": 20, "recency": 20, "tenure": 10, "referrals": 10}
        self.assertEqual(progress.revenue_to_gain(revenues, 100, 10, weights), 400)
        # Scores are rounded: 43.33 of an exact 43.333 (6 customers, the 50th
        # percentile at weight 40 of 100) needs 66.667, i.e. passing 1650.
        six = [90, 150, 700, 1650, 2900, 6300]
        self.assertEqual(progress.revenue_to_gain(six, 700, 6.67, weights), 950)
        # More than the top percentile, or no revenue weight: not by revenue alone.
        self.assertIsNone(progress.revenue_to_gain(revenues, 100, 60, REVENUE_ONLY))
        self.assertIsNone(
            progress.revenue_to_gain(revenues, 100, 5, dict(REVENUE_ONLY, revenue=0, orders=1))
        )
        self.assertEqual(progress.revenue_to_gain(revenues, 100, 0, REVENUE_ONLY), 0)
        # A customer without revenue who is not in the population: joining it
        # (5 customers) at 100 gives 3/5 = 60 >= 50.
        self.assertEqual(progress.revenue_to_gain(revenues + [0], 0, 50, REVENUE_ONLY), 100)

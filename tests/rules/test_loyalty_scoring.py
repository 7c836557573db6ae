# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import unittest

from odoo.addons.crm_loyalty.rules import scoring
from odoo.addons.crm_loyalty.rules.tiers import NO_TIER, assess_tier

D = datetime.date(2026, 3, 1)


def day(n):
    return D + datetime.timedelta(days=n)


class TestScoringFunctions(unittest.TestCase):
    def test_weighted_score(self):
        weights = {"revenue": 2, "orders": 1, "recency": 1, "tenure": 0, "referrals": 0}
        normalised = {"revenue": 100, "orders": 50, "recency": 0, "tenure": 80, "referrals": 0}
        self.assertEqual(scoring.weighted_score(normalised, weights), 62.5)
        with self.assertRaises(ValueError):
            scoring.weighted_score(normalised, dict.fromkeys(scoring.METRICS, 0))

    def test_weight_errors(self):
        self.assertEqual(scoring.weight_errors({"revenue": 1, "orders": 0}), [])
        self.assertEqual(scoring.weight_errors({"revenue": 0, "orders": 0}), [("zero_sum",)])
        self.assertIn(("negative", "orders"), scoring.weight_errors({"revenue": 3, "orders": -1}))

    def test_percentile_scores(self):
        self.assertEqual(scoring.percentile_scores([50, 100, 0, 100]), [50.0, 100.0, 0.0, 100.0])
        # Recency: fewer days is better.
        self.assertEqual(
            scoring.percentile_scores([3, 30, 300], lower_is_better=True), [100.0, 200 / 3, 100 / 3]
        )

    def test_segments(self):
        self.assertEqual(scoring.rfm_segment(5, 5), "champions")
        self.assertEqual(scoring.rfm_segment(4, 4), "loyal")
        self.assertEqual(scoring.rfm_segment(5, 3), "potential")
        self.assertEqual(scoring.rfm_segment(5, 1), "new")
        self.assertEqual(scoring.rfm_segment(2, 4), "at_risk")
        self.assertEqual(scoring.rfm_segment(1, 5), "cannot_lose")
        self.assertEqual(scoring.rfm_segment(2, 1), "hibernating")
        self.assertEqual(scoring.rfm_segment(1, 1), "lost")
        self.assertFalse(scoring.rfm_segment(0, 3))
        every = {scoring.rfm_segment(r, f) for r in range(1, 6) for f in range(1, 6)}
        self.assertEqual(every, set(scoring.SEGMENTS))


class TestAssessTier(unittest.TestCase):
    def test_upgrade_at_once(self):
        self.assertEqual(assess_tier(0, 2, None, None, D, 30, 1), (2, None, "computed", False))
        self.assertEqual(assess_tier(NO_TIER, 0, None, None, D, 30, 1), (0, None, "computed", False))
        self.assertEqual(assess_tier(1, 1, day(-3), None, D, 30, 1), (1, None, None, False))

    def test_grace_then_one_step(self):
        # First day below: the grace clock starts, the tier stays.
        self.assertEqual(assess_tier(3, 0, None, day(-90), D, 30, 1), (3, D, None, False))
        self.assertEqual(assess_tier(3, 0, day(-29), day(-90), D, 30, 1), (3, day(-29), None, False))
        # Grace over: one step down, clock restarts because still below.
        self.assertEqual(
            assess_tier(3, 0, day(-30), day(-90), D, 30, 1), (2, D, "grace_expired", False)
        )
        # Two steps allowed: down to the computed tier at most.
        self.assertEqual(
            assess_tier(3, 2, day(-30), day(-90), D, 30, 2), (2, None, "grace_expired", False)
        )
        # Never two downgrades on the same day (recompute twice changes nothing).
        self.assertEqual(assess_tier(2, 0, D, D, D, 0, 1), (2, D, None, False))
        self.assertEqual(assess_tier(2, 0, None, day(-1), D, 0, 1), (1, D, "grace_expired", False))

    def test_override(self):
        self.assertEqual(assess_tier(0, 3, None, D, D, 30, 1, 0, None), (0, None, None, False))
        self.assertEqual(
            assess_tier(3, 3, None, D, D, 30, 1, 0, day(1)), (0, None, "override", False)
        )
        self.assertEqual(
            assess_tier(0, 3, None, D, day(2), 30, 1, 0, day(1)),
            (3, None, "override_expired", True),
        )
        self.assertEqual(assess_tier(3, 3, None, D, day(2), 30, 1, 3, day(1)), (3, None, None, True))

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Churn risk rules (crm_loyalty.rules.churn), without a database."""
import datetime
import unittest

from odoo.addons.crm_loyalty.rules import churn

D = datetime.date(2026, 3, 1)


def days(*offsets):
    return [D + datetime.timedelta(days=n) for n in offsets]


class TestChurnRules(unittest.TestCase):
    def test_median_and_interval(self):
        self.assertEqual(churn.median([30, 10, 20]), 20)
        self.assertEqual(churn.median([10, 30]), 20)
        self.assertIsNone(churn.median([]))
        # Gaps 10, 20, 30 -> 20; the repeated day counts once.
        self.assertEqual(churn.typical_interval(days(0, 10, 30, 60, 60), 3), 20)
        # Two distinct days are not enough with a minimum of 3 purchases.
        self.assertIsNone(churn.typical_interval(days(0, 10, 10), 3))
        self.assertEqual(churn.typical_interval(days(0, 10), 2), 10)

    def test_at_risk_and_activity(self):
        self.assertTrue(churn.is_at_risk(41, 20, 2))
        self.assertFalse(churn.is_at_risk(40, 20, 2))  # exceed, not reach
        self.assertFalse(churn.is_at_risk(500, None, 2))
        self.assertFalse(churn.is_at_risk(500, 0, 2))
        self.assertEqual(churn.factor_error(1), "factor")
        self.assertIsNone(churn.factor_error(1.5))
        # Newly at risk, crossed 20 days ago: activity; already at risk: none.
        self.assertTrue(churn.needs_activity(False, 60, 20, 2))
        self.assertFalse(churn.needs_activity(True, 60, 20, 2))
        # Crossed long ago (a customer lost for years): flagged, no activity.
        self.assertFalse(churn.needs_activity(False, 980, 10, 2))
        # Nothing bought within the window (lost_after days): lost, not at risk.
        self.assertTrue(churn.is_at_risk(300, 10, 2, 60, 365, lost_after=365))
        self.assertTrue(churn.is_at_risk(365, 10, 2, 60, 365, lost_after=365))
        self.assertFalse(churn.is_at_risk(366, 10, 2, 60, 365, lost_after=365))
        self.assertFalse(churn.is_at_risk(980, 10, 2, lost_after=365))
        self.assertFalse(churn.needs_activity(False, 400, 10, 2, lost_after=365))

    def test_calibrated_threshold(self):
        # At least the minimum gap, whatever the typical interval.
        self.assertEqual(churn.threshold(10, 2, min_gap=60), 60)
        self.assertEqual(churn.threshold(45, 2, min_gap=60), 90)
        self.assertFalse(churn.is_at_risk(59, 10, 2, min_gap=60))
        self.assertTrue(churn.is_at_risk(61, 10, 2, min_gap=60))
        # Too few purchases: the fixed threshold, or never.
        self.assertEqual(churn.threshold(None, 2, 60, 365), 365)
        self.assertIsNone(churn.threshold(None, 2, 60, 0))
        self.assertFalse(churn.is_at_risk(5000, None, 2, 60, 0))
        # "Since" is the crossing day, from the purchases only.
        last = datetime.date(2026, 1, 1)
        self.assertEqual(churn.risk_since(last, 10, 2, min_gap=60),
                         datetime.date(2026, 3, 3))
        self.assertEqual(churn.risk_since(last, 40, 2, min_gap=60),
                         datetime.date(2026, 3, 23))

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Value x loyalty matrix rules (crm_loyalty.rules.value_matrix), without a database."""
import unittest

from odoo.addons.crm_loyalty.rules import value_matrix


class TestValueMatrixRules(unittest.TestCase):
    def test_plain_rules(self):
        self.assertEqual(value_matrix.median([3, 1, 2]), 2)
        self.assertEqual(value_matrix.median([4, 1, 2, 3]), 2.5)
        self.assertIsNone(value_matrix.median([]))
        self.assertEqual(value_matrix.quadrant(True, True), "reward_keep")
        self.assertEqual(value_matrix.quadrant(False, True), "sell_more")
        self.assertEqual(value_matrix.quadrant(True, False), "win_loyalty")
        self.assertEqual(value_matrix.quadrant(False, False), "low_cost")
        self.assertEqual(value_matrix.profit(1000, 600, 2, 50), 300)
        shares = value_matrix.pareto_shares([(100, 10), (300, 90), (600, -50)], 34)
        self.assertAlmostEqual(shares["revenue_share"], 60.0)
        self.assertAlmostEqual(shares["margin_share"], -100.0)

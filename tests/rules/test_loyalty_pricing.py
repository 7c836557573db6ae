# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Usual discount of a tier and segment (crm_loyalty.rules.pricing)."""
import unittest

from odoo.addons.crm_loyalty.rules.pricing import median, usual_discount


class TestPricingRules(unittest.TestCase):
    def test_median(self):
        self.assertIsNone(median([]))
        self.assertEqual(median([5]), 5.0)
        self.assertEqual(median([10, 0, 5]), 5.0)
        self.assertEqual(median([0, 10, 5, 20]), 7.5)

    def test_usual_discount(self):
        lines = [{"discount": 10.0, "categ_id": 1, "state": "sale"},
                 {"discount": 0.0, "categ_id": 1, "state": "done"},
                 {"discount": None, "categ_id": 2, "state": "sale"},
                 {"discount": 50.0, "categ_id": 1, "state": "draft"}]
        self.assertEqual(usual_discount(lines, 1), (5.0, 2, 0.0, 3))
        self.assertEqual(usual_discount(lines, 3), (None, 0, 0.0, 3))
        self.assertEqual(usual_discount([], 1), (None, 0, None, 0))

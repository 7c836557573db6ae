# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Price popover rules (crm_customer360.rules.line_price), without a database."""
import unittest

from odoo.addons.crm_customer360.rules.line_price import (
    HISTORY_SQL,
    input_error,
    margin,
    net_price,
    split_history,
)


class TestLinePriceRules(unittest.TestCase):
    def test_net_price_and_margin(self):
        self.assertEqual(net_price(90.0, 10.0), 81.0)
        self.assertEqual(net_price(None, None), 0.0)
        self.assertEqual(net_price(10.0, 33.333, 3), 6.667)
        self.assertEqual(margin(80.0, 60.0, 3),
                         {"cost": 60.0, "unit_margin": 20.0, "margin": 60.0,
                          "margin_percent": 25.0})
        self.assertIsNone(margin(0.0, 5.0)["margin_percent"])
        self.assertEqual(margin(50.0, 70.0)["unit_margin"], -20.0)

    def test_split_history(self):
        rows = [(True, "order", 1, "SO1", "2026-03-02", 7, 81, 10, 1, 3),
                (False, "invoice", 2, "INV/1", "2026-01-02", 8, 35, 0, 2, 4)]
        product, category = split_history(rows, 3)
        self.assertEqual(product, [{"doc_kind": "order", "doc_id": 1, "doc_name": "SO1",
                                    "date": "2026-03-02", "product_id": 7, "net": 81.0,
                                    "discount": 10.0, "qty": 1.0, "currency_id": 3,
                                    "other_currency": False}])
        self.assertTrue(category[0]["other_currency"])

    def test_input_error(self):
        self.assertIsNone(input_error(5, None))
        self.assertIsNone(input_error(False, {"partner_id": 3, "product_id": 4,
                                              "price_unit": 1, "discount": 5.5}))
        self.assertEqual(input_error("5", None), "bad_line")
        self.assertEqual(input_error(True, None), "bad_line")
        self.assertEqual(input_error(0, None), "bad_line")
        self.assertEqual(input_error(5, []), "bad_values")
        self.assertEqual(input_error(5, {"order_id": 1.5}), "bad_values")
        self.assertEqual(input_error(5, {"price_unit": "1"}), "bad_values")
        self.assertEqual(input_error(5, {"discount": -1}), "bad_discount")
        self.assertEqual(input_error(False, {"product_id": 4}), "no_customer")

    def test_history_counts_a_purchase_once(self):
        # Invoice lines made from an order line are the order's purchase.
        self.assertIn("sale_order_line_invoice_rel", HISTORY_SQL)
        self.assertIn("so.company_id = %(company_id)s", HISTORY_SQL)
        self.assertIn("inv.company_id = %(company_id)s", HISTORY_SQL)

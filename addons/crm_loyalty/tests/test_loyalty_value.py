# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase

from ..rules import value_matrix
from .common import empty_population


class TestLoyaltyValue(SavepointCase):
    """Five customers with product costs, a refund and a line without product:

    ======== ======= ====== ====== ===================
    customer revenue cost   margin score (revenue only)
    ======== ======= ====== ====== ===================
    A         900     540    360   100
    B         500     300    200    80
    C         200     300   -100    60
    D         100      60     40    40
    E          50       0     50    20
    ======== ======= ====== ====== ===================
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.ref("base.main_company")
        empty_population(cls.env, cls.company)
        cls.program = cls.env.ref("crm_loyalty.crm_loyalty_program_default")
        cls.program.write(
            {"weight_revenue": 1, "weight_orders": 0, "weight_recency": 0,
             "weight_tenure": 0, "weight_referrals": 0, "window_days": 365,
             "service_hourly_cost": 50.0, "matrix_rule": "median",
             "capital_cost_rate": 0.0}
        )
        cls.today = datetime.date.today()
        cls.account = cls.env["account.account"].search(
            [("company_id", "=", cls.company.id),
             ("user_type_id", "=", cls.env.ref("account.data_account_type_revenue").id)],
            limit=1,
        )
        Product = cls.env["product.product"]
        cls.cheap = Product.create({"name": "Cheap", "type": "consu", "standard_price": 60})
        cls.dear = Product.create({"name": "Dear", "type": "consu", "standard_price": 150})
        Partner = cls.env["res.partner"]
        cls.partners = Partner
        for name in "ABCDE":
            cls.partners |= Partner.create({"name": "Value %s" % name, "is_company": True})
        cls.a, cls.b, cls.c, cls.d, cls.e = cls.partners
        cls._invoice(cls.a, cls.cheap, 10, 100, -10)
        cls._invoice(cls.a, cls.cheap, 1, 100, -5, refund=True)
        cls._invoice(cls.b, cls.cheap, 5, 100, -20)
        cls._invoice(cls.c, cls.dear, 2, 100, -30)
        cls._invoice(cls.d, cls.cheap, 1, 100, -40)
        cls._invoice(cls.e, None, 1, 50, -50)
        cls.program._recompute(today=fields.Date.to_string(cls.today))

    @classmethod
    def _invoice(cls, partner, product, quantity, price, offset, refund=False):
        day = cls.today + datetime.timedelta(days=offset)
        invoice = cls.env["account.invoice"].create(
            {
                "partner_id": partner.id,
                "type": "out_refund" if refund else "out_invoice",
                "date_invoice": fields.Date.to_string(day),
                "invoice_line_ids": [
                    (0, 0, {"name": "Goods", "product_id": product and product.id,
                            "quantity": quantity, "price_unit": price,
                            "account_id": cls.account.id, "invoice_line_tax_ids": [(5,)]})
                ],
            }
        )
        invoice.action_invoice_open()
        return invoice

    def test_profit_per_customer(self):
        expected = {
            self.a: (900, 540, 360), self.b: (500, 300, 200), self.c: (200, 300, -100),
            self.d: (100, 60, 40), self.e: (50, 0, 50),
        }
        for partner, (revenue, cost, margin) in expected.items():
            self.assertAlmostEqual(partner.loyalty_revenue, revenue)
            self.assertAlmostEqual(partner.loyalty_cost, cost)
            self.assertAlmostEqual(partner.loyalty_margin, margin)
            # No ticket model with service hours here: no cost to serve.
            self.assertEqual(partner.loyalty_service_hours, 0)
            self.assertAlmostEqual(partner.loyalty_profit, margin)
            self.assertEqual(partner.loyalty_company_id, self.company)

    def test_negative_profit_filter(self):
        action = self.env.ref("crm_loyalty.res_partner_view_search_loyalty")
        self.assertIn('name="negative_profit"', action.arch)
        negative = self.env["res.partner"].search(
            [("loyalty_profit", "<", 0), ("id", "in", self.partners.ids)]
        )
        self.assertEqual(negative, self.c)
        ordered = self.env["res.partner"].search(
            [("id", "in", self.partners.ids)], order="loyalty_profit desc"
        )
        self.assertEqual(ordered, self.a | self.b | self.e | self.d | self.c)

    def test_pareto_shares(self):
        # Ranked by revenue: A 900, B 500, C 200, D 100, E 50; total 1750,
        # margins total 360 + 200 - 100 + 40 + 50 = 550.
        shares = self.program.pareto_shares(20)  # top 1 customer: A
        self.assertAlmostEqual(shares["revenue_share"], 100 * 900 / 1750)
        self.assertAlmostEqual(shares["margin_share"], 100 * 360 / 550)
        shares = self.program.pareto_shares(40)  # A and B
        self.assertAlmostEqual(shares["revenue_share"], 80.0)
        self.assertAlmostEqual(shares["margin_share"], 100 * 560 / 550)  # over 100%
        shares = self.program.pareto_shares(100)
        self.assertAlmostEqual(shares["revenue_share"], 100.0)
        self.assertAlmostEqual(shares["margin_share"], 100.0)
        # The SQL of rules.value_matrix and its plain function agree.
        report = self.env["crm.loyalty.pareto.report"].search(
            [("company_id", "=", self.program.company_id.id)])
        pairs = [(row.revenue, row.margin) for row in report]
        for top in (10, 20, 40, 60, 99, 100):
            expected = value_matrix.pareto_shares(pairs, top)
            shares = self.program.pareto_shares(top)
            for key in ("revenue_share", "margin_share"):
                if expected[key] is None:
                    self.assertFalse(shares[key])
                else:
                    self.assertAlmostEqual(shares[key], expected[key])
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.program.pareto_shares(0)
        rows = self.env["crm.loyalty.pareto.report"].search(
            [("partner_id", "in", self.partners.ids)], order="revenue_rank"
        )
        self.assertEqual(rows.mapped("partner_id"), self.a | self.b | self.c | self.d | self.e)
        self.assertEqual(rows.mapped("percentile"), [20, 40, 60, 80, 100])
        self.assertAlmostEqual(rows[2].cum_revenue_share, 100 * 1600 / 1750)
        self.assertAlmostEqual(rows[2].cum_margin_share, 100 * 460 / 550)
        groups = self.env["crm.loyalty.pareto.report"].read_group(
            [("partner_id", "in", self.partners.ids)], ["percentile", "cum_revenue_share"],
            ["percentile"],
        )
        self.assertEqual(len(groups), 5)

    def test_quadrants_median(self):
        # Margin median 50 (A, B, E high), score median 60 (A, B, C high).
        self.assertEqual(
            self.partners.mapped("loyalty_quadrant"),
            ["reward_keep", "reward_keep", "sell_more", "low_cost", "win_loyalty"],
        )
        self.assertEqual(self.e.loyalty_value_level, "high")
        self.assertEqual(self.e.loyalty_loyalty_level, "low")
        groups = self.env["crm.loyalty.membership"].read_group(
            [("partner_id", "in", self.partners.ids)], ["quadrant"], ["quadrant"]
        )
        self.assertEqual(
            {g["quadrant"]: g["quadrant_count"] for g in groups},
            {"reward_keep": 2, "sell_more": 1, "win_loyalty": 1, "low_cost": 1},
        )

    def test_quadrants_fixed_thresholds(self):
        self.program.write(
            {"matrix_rule": "fixed", "matrix_value_threshold": 300,
             "matrix_score_threshold": 90}
        )
        self.program._recompute(today=fields.Date.to_string(self.today))
        self.assertEqual(
            self.partners.mapped("loyalty_quadrant"),
            ["reward_keep", "low_cost", "low_cost", "low_cost", "low_cost"],
        )

    def test_schedule_recommended_action_idempotent(self):
        action = self.env.ref("crm_loyalty.res_partner_action_schedule_loyalty_activity")
        contact = self.env["res.partner"].create({"name": "Ann A", "parent_id": self.a.id})
        records = self.partners | contact
        ctx = {"active_model": "res.partner", "active_ids": records.ids,
               "active_id": records[0].id}
        domain = [("res_model", "=", "res.partner"), ("res_id", "in", self.partners.ids)]
        Activity = self.env["mail.activity"]
        action.with_context(**ctx).run()
        activities = Activity.search(domain)
        self.assertEqual(len(activities), 5)
        self.assertEqual(
            activities.filtered(lambda a: a.res_id == self.c.id).summary,
            "Sell more or ask for referrals",
        )
        action.with_context(**ctx).run()
        self.assertEqual(Activity.search(domain), activities)

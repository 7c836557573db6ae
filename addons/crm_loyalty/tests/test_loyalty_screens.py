# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The server side of the loyalty screens: the value x loyalty matrix and
its one-click actions, the Pareto curve, the progress bar to the next tier.
Per company, for the current user, nothing for portal users."""
from odoo import fields
from odoo.exceptions import AccessError, UserError

from ..rules import progress, value_matrix
from .common import set_membership
from .test_loyalty_security import LoyaltyTwoCompaniesCase, make_company

# Company A's customers besides Acme (gold, 1000 revenue, 400 margin, 300
# profit, no quadrant until set below): name -> (quadrant, revenue, margin, profit)
CUSTOMERS = {
    "Screen Reward": ("reward_keep", 5000.0, 2000.0, 1800.0),
    "Screen Sell 1": ("sell_more", 300.0, 90.0, 60.0),
    "Screen Sell 2": ("sell_more", 200.0, 50.0, -20.0),
    "Screen Win": ("win_loyalty", 2500.0, 900.0, 700.0),
    "Screen Low": ("low_cost", 100.0, 30.0, 10.0),
}


class TestLoyaltyScreens(LoyaltyTwoCompaniesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        today = fields.Date.context_today(cls.acme)
        Partner = env["res.partner"]
        cls.customers = {}
        for name, (quadrant, revenue, margin, profit) in CUSTOMERS.items():
            partner = Partner.create({"name": name, "is_company": True,
                                      "email": "%s@example.com" % name.replace(" ", ".")})
            cls.customers[name] = partner
            set_membership(env, partner, cls.program_a, quadrant=quadrant, revenue=revenue,
                           margin=margin, profit=profit, assessed_date=today)
        set_membership(env, cls.acme, cls.program_a, quadrant="reward_keep")
        set_membership(env, cls.bolt, cls.program_b, quadrant="low_cost", assessed_date=today)
        cls.Member = env["crm.loyalty.membership"]

    def _quadrant(self, data, code):
        return next(q for q in data["quadrants"] if q["code"] == code)

    def test_matrix_sums_per_quadrant_of_current_company(self):
        data = self.Member.sudo(self.manager_a).get_value_matrix_data()
        self.assertEqual([q["code"] for q in data["quadrants"]],
                         [code for code, _label in value_matrix.QUADRANTS])
        # Acme (1000, 400, 300) joins Screen Reward in "reward and keep".
        expected = {
            "reward_keep": (2, 6000.0, 2400.0, 2100.0),
            "sell_more": (2, 500.0, 140.0, 40.0),
            "win_loyalty": (1, 2500.0, 900.0, 700.0),
            "low_cost": (1, 100.0, 30.0, 10.0),
        }
        for code, (count, revenue, margin, profit) in expected.items():
            quad = self._quadrant(data, code)
            self.assertEqual(quad["count"], count, code)
            self.assertAlmostEqual(quad["revenue"], revenue)
            self.assertAlmostEqual(quad["margin"], margin)
            self.assertAlmostEqual(quad["profit"], profit)
            self.assertTrue(quad["name"] and quad["action"] and quad["help"])
        self.assertEqual(data["total"]["count"], 6)
        self.assertAlmostEqual(data["total"]["revenue"], 9100.0)
        self.assertEqual(data["company"], self.company_a.name)
        # The recommended action is the quadrant's label, as on the customer.
        self.assertEqual(self._quadrant(data, "sell_more")["action"],
                         dict(value_matrix.QUADRANTS)["sell_more"])
        # The customer value model scored nobody: no CLV, said as False (XML-RPC safe).
        self.assertIs(data["has_clv"], False)
        self.assertIs(self._quadrant(data, "low_cost")["predicted_clv"], False)

    def test_matrix_predicted_clv_of_the_scored_customers(self):
        set_membership(self.env, self.acme, self.program_a, clv_known=True, clv_value=800.0)
        set_membership(self.env, self.customers["Screen Reward"], self.program_a,
                       clv_known=True, clv_value=4200.0)
        set_membership(self.env, self.customers["Screen Win"], self.program_a,
                       clv_known=True, clv_value=1500.0)
        # Not scored: its stale value does not count.
        set_membership(self.env, self.customers["Screen Low"], self.program_a,
                       clv_known=False, clv_value=999.0)
        data = self.Member.sudo(self.manager_a).get_value_matrix_data()
        self.assertIs(data["has_clv"], True)
        self.assertAlmostEqual(self._quadrant(data, "reward_keep")["predicted_clv"], 5000.0)
        self.assertAlmostEqual(self._quadrant(data, "win_loyalty")["predicted_clv"], 1500.0)
        self.assertEqual(self._quadrant(data, "low_cost")["predicted_clv"], 0.0)
        self.assertAlmostEqual(data["total"]["predicted_clv"], 6500.0)
        # Company B's customers were not scored.
        self.assertIs(self.Member.sudo(self.user_b).get_value_matrix_data()["has_clv"], False)

    def test_matrix_of_company_b_is_its_own(self):
        data = self.Member.sudo(self.user_b).get_value_matrix_data()
        self.assertEqual(data["total"]["count"], 1)
        self.assertEqual(self._quadrant(data, "low_cost")["count"], 1)
        self.assertAlmostEqual(data["total"]["revenue"], 500.0)
        # Switching the current company switches the matrix.
        self.manager_a.company_id = self.company_b
        data = self.Member.sudo(self.manager_a).get_value_matrix_data()
        self.assertEqual(data["total"]["count"], 1)

    def test_portal_reads_no_screen(self):
        with self.assertRaises(AccessError):
            self.Member.sudo(self.portal).get_value_matrix_data()
        with self.assertRaises(AccessError):
            self.Member.sudo(self.portal).action_value_matrix("reward_keep", "list")
        with self.assertRaises(AccessError):
            self.env["crm.loyalty.pareto.report"].sudo(self.portal).get_pareto_data()

    def test_click_opens_the_quadrant_customers(self):
        Member = self.Member.sudo(self.manager_a)
        action = Member.action_value_matrix("sell_more", "list")
        self.assertEqual(action["res_model"], "crm.loyalty.membership")
        members = Member.search(action["domain"])
        self.assertEqual(members.mapped("partner_id"),
                         self.customers["Screen Sell 1"] | self.customers["Screen Sell 2"])
        # The count on the screen is the number of rows the click shows.
        data = Member.get_value_matrix_data()
        for quad in data["quadrants"]:
            domain = Member.action_value_matrix(quad["code"], "list")["domain"]
            self.assertEqual(Member.search_count(domain), quad["count"], quad["code"])
        # Company B's manager gets B's customers only.
        action = self.Member.sudo(self.manager_b).action_value_matrix("low_cost", "list")
        self.assertEqual(self.Member.sudo(self.manager_b).search(action["domain"]).mapped(
            "partner_id"), self.bolt)

    def test_mailing_list_wizard_on_the_quadrant(self):
        Member = self.Member.sudo(self.manager_a)
        action = Member.action_value_matrix("win_loyalty", "mailing")
        self.assertEqual(action["res_model"], "crm.loyalty.mailing.list")
        wizard = self.env["crm.loyalty.mailing.list"].sudo(self.manager_a).with_context(
            **action["context"]).create({})
        self.assertEqual(wizard.partner_ids, self.customers["Screen Win"])
        self.assertIn("1", wizard.summary)

    def test_schedule_activity_for_the_quadrant_once(self):
        Member = self.Member.sudo(self.manager_a)
        self.assertEqual(Member.action_value_matrix("sell_more", "activity"), 2)
        partners = self.customers["Screen Sell 1"] | self.customers["Screen Sell 2"]
        label = dict(value_matrix.QUADRANTS)["sell_more"]
        Activity = self.env["mail.activity"]
        domain = [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids),
                  ("summary", "=", label)]
        self.assertEqual(set(Activity.search(domain).mapped("res_id")), set(partners.ids))
        Member.action_value_matrix("sell_more", "activity")
        self.assertEqual(Activity.search_count(domain), 2)

    def test_bad_input_changes_nothing(self):
        Member = self.Member.sudo(self.manager_a)
        before = self.fingerprint()
        for args in (("nope", "list"), ("reward_keep", "delete"), (None, "list"),
                     (["reward_keep"], "list"), ("reward_keep", 3)):
            with self.assertRaises(UserError), self.cr.savepoint():
                Member.action_value_matrix(*args)
        Report = self.env["crm.loyalty.pareto.report"].sudo(self.manager_a)
        for top in (0, -5, 101, "20", True, None):
            with self.assertRaises(UserError), self.cr.savepoint():
                Report.get_pareto_data(top)
        self.assertEqual(self.fingerprint(), before)

    def test_pareto_curve_of_current_company(self):
        data = self.env["crm.loyalty.pareto.report"].sudo(self.manager_a).get_pareto_data()
        # Acme and the five customers, ranked by revenue.
        self.assertEqual(data["customer_count"], 6)
        points = data["points"]
        self.assertEqual(points[0], [0.0, 0.0, 0.0])
        self.assertEqual(len(points), 7)  # one per customer here (each its own percentile)
        self.assertEqual([round(p[0], 6) for p in points[1:]],
                         [round(100.0 * i / 6, 6) for i in range(1, 7)])
        revenue_total = 9100.0
        profit_total = sum(p for _q, _r, _m, p in CUSTOMERS.values()) + 300.0
        # Ranked: Reward 5000, Win 2500, Acme 1000, Sell 1 300, Sell 2 200, Low 100.
        self.assertAlmostEqual(points[1][1], 100 * 5000 / revenue_total)
        self.assertAlmostEqual(points[2][2], 100 * (1800 + 700) / profit_total)
        self.assertAlmostEqual(points[-1][1], 100.0)
        self.assertAlmostEqual(points[-1][2], 100.0)
        revenues = [p[1] for p in points]
        self.assertEqual(revenues, sorted(revenues))
        # The headline: the same shares as the plain rule.
        pairs = [(r, p) for _q, r, _m, p in CUSTOMERS.values()] + [(1000.0, 300.0)]
        shares = value_matrix.pareto_shares(pairs, 20)  # floor(6 x 20 %) = 1 customer
        self.assertAlmostEqual(data["top"]["revenue_share"], shares["revenue_share"])
        self.assertAlmostEqual(data["top"]["profit_share"], shares["margin_share"])
        # Company B: its one customer.
        data = self.env["crm.loyalty.pareto.report"].sudo(self.user_b).get_pareto_data(100)
        self.assertEqual(data["customer_count"], 1)
        self.assertEqual(data["points"][-1][:2], [100.0, 100.0])
        self.assertAlmostEqual(data["top"]["revenue_share"], 100.0)

    def test_pareto_without_positive_profit_gives_no_profit_share(self):
        set_membership(self.env, self.customers["Screen Reward"], self.program_a,
                       profit=-10000.0)
        data = self.env["crm.loyalty.pareto.report"].sudo(self.manager_a).get_pareto_data()
        self.assertTrue(all(p[2] is False for p in data["points"]))
        self.assertIs(data["top"]["profit_share"], False)
        self.assertGreater(data["top"]["revenue_share"], 0)

    def test_pareto_empty_company(self):
        company_c = make_company(self.env, "Loyalty Company C")
        self.manager_a.write({"company_ids": [(4, company_c.id)], "company_id": company_c.id})
        data = self.env["crm.loyalty.pareto.report"].sudo(self.manager_a).get_pareto_data()
        self.assertEqual(data["points"], [])
        self.assertEqual(data["customer_count"], 0)
        self.assertIs(data["top"]["revenue_share"], False)

    def test_progress_to_next_tier(self):
        # Acme: gold at 81.25; the program's next tier up sets the bar.
        acme = self.acme.sudo(self.manager_a)
        gold, nxt = acme.loyalty_tier_id, acme.loyalty_next_tier_id
        self.assertEqual(gold, self.gold)
        expected = progress.progress_pct(81.25, gold.min_score,
                                         nxt.min_score if nxt else None)
        self.assertAlmostEqual(acme.loyalty_tier_progress, expected)
        # A contact shows the bar of its company.
        self.assertAlmostEqual(self.acme_contact.sudo(self.manager_a).loyalty_tier_progress,
                               expected)

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer value in the product (crm.loyalty.program._assess_clv): the model fitted
with the loyalty recompute on the company's purchases, its figures on the
memberships and partners, too little data, customers slipping away, the model
check, bad settings, who may read the figures."""
import json

from odoo.exceptions import AccessError, ValidationError

from ..rules import clv
from .test_loyalty_progress import day, make_invoice
from .test_loyalty_security import LoyaltyTwoCompaniesCase, make_user

CLV_FIELDS = ["clv_known", "clv_p_alive", "clv_expected_90", "clv_expected_365",
              "clv_order_value", "clv_value", "clv_value_at_risk", "clv_risk_since"]


def make_orders(env, partner, offsets):
    """Confirmed sales orders (no lines: a purchase day each) on ``offsets``."""
    Order = env["sale.order"]
    for offset in offsets:
        Order.create({"partner_id": partner.id, "state": "sale",
                      "date_order": day(offset) + " 12:00:00"})


class TestCustomerValue(LoyaltyTwoCompaniesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Partner = env["res.partner"]
        cls.manager = make_user(env, "clv_account_manager", ["sales_team.group_sale_salesman"],
                                cls.company_a, cls.company_a)
        # 30 regular customers: a purchase every 14 to 42 days for 400 days,
        # the last one 0 to 9 days ago.
        cls.regulars = Partner
        for i in range(30):
            customer = Partner.create({"name": "Regular %02d" % i, "is_company": True})
            gap = 14 + 7 * (i % 5)
            make_orders(env, customer, range(-400, -(i % 10), gap))
            cls.regulars |= customer
        # 6 customers who bought weekly for 200 days and stopped 200 days ago,
        # with invoices in the window: valuable customers slipping away.
        cls.gone = Partner
        for i in range(6):
            customer = Partner.create({"name": "Gone %d" % i, "is_company": True,
                                       "user_id": cls.manager.id})
            make_orders(env, customer, range(-400, -199, 7))
            make_invoice(env, customer, 1000 + 100 * i, -300)
            make_invoice(env, customer, 800, -200)
            cls.gone |= customer
        # a customer who bought every 3 days and has been silent for 20 days:
        # P(alive) fell below 0.5 within the last days
        cls.lapsing = Partner.create({"name": "Lapsing Co", "is_company": True,
                                      "user_id": cls.manager.id})
        make_orders(env, cls.lapsing, range(-400, -19, 3))
        make_invoice(env, cls.lapsing, 2000, -40)
        # a few regulars with revenue: the spend model needs it
        for i, customer in enumerate(cls.regulars[:8]):
            make_invoice(env, customer, 300 + 50 * i, -120)
            make_invoice(env, customer, 200 + 40 * i, -30)
        cls.program = cls.program_a

    def members(self, partners):
        return self.env["crm.loyalty.membership"].search(
            [("partner_id", "in", partners.ids), ("program_id", "=", self.program.id)])

    def enough(self):
        self.program.write({"clv_min_repeat_customers": 20, "clv_min_history_days": 300})

    def raw_figures(self, partners):
        self.env.cr.execute(
            "SELECT partner_id, %s FROM crm_loyalty_membership WHERE program_id = %%s "
            "AND partner_id = ANY(%%s) ORDER BY partner_id" % ", ".join(CLV_FIELDS),
            (self.program.id, partners.ids))
        return self.env.cr.fetchall()

    def test_too_little_data_keeps_the_churn_rule(self):
        self.program._recompute(today=day(0))
        self.assertEqual(self.program.clv_status, "not_enough_data")
        repeat = self.program.clv_repeat_customers
        self.assertGreaterEqual(repeat, 37)
        self.assertIn("%d customers with a repeat purchase, 200 needed" % repeat,
                      self.program.clv_message)
        self.assertFalse(self.program.clv_r)
        # missing, not 0: NULL in the database, "unknown" on the partner
        for row in self.raw_figures(self.regulars | self.gone):
            self.assertFalse(row[1])
            self.assertEqual(row[2:], (None,) * (len(CLV_FIELDS) - 1))
        self.assertFalse(self.gone[0].loyalty_clv_known)
        # the churn rule: the weekly buyers gone for 200 days, not the one
        # silent for 20 days (less than the minimum gap)
        self.assertTrue(all(self.members(self.gone).mapped("churn_risk")))
        self.assertFalse(self.members(self.lapsing).churn_risk)

    def test_short_history(self):
        self.program.write({"clv_min_repeat_customers": 20, "clv_min_history_days": 2000})
        self.program._recompute(today=day(0))
        self.assertEqual(self.program.clv_status, "short_history")
        self.assertIn("2000 needed", self.program.clv_message)

    def test_fitted_model_scores_every_customer(self):
        self.enough()
        self.program._recompute(today=day(0))
        program = self.program
        self.assertEqual(program.clv_status, "fitted")
        self.assertEqual(program.clv_date, day(0))
        params = (program.clv_r, program.clv_alpha, program.clv_a, program.clv_b)
        self.assertTrue(all(v > 0 for v in params))
        self.assertTrue(program.clv_p > 0 and program.clv_q > 1 and program.clv_gamma > 0)
        members = self.members(self.regulars | self.gone | self.lapsing)
        self.assertEqual(len(members), 37)
        for member in members:
            self.assertTrue(member.clv_known)
            self.assertTrue(0 <= member.clv_p_alive <= 1)
            self.assertGreaterEqual(member.clv_expected_365, member.clv_expected_90)
            # value at risk: the value if still a customer (CLV / P(alive))
            # x the probability that they have left
            self.assertGreaterEqual(member.clv_value_at_risk, 0)
            if member.clv_value > 0 and member.clv_p_alive > 0.1:
                self.assertAlmostEqual(
                    member.clv_value_at_risk,
                    member.clv_value / member.clv_p_alive * (1 - member.clv_p_alive),
                    delta=0.01 * member.clv_value_at_risk + 0.05)
        # the extraction gives the model each customer's purchase days: a
        # regular customer's P(alive) is the rule's for their known history
        regular = self.regulars[13]  # no invoice; every 35 days from day -400 to -15
        days_ = list(range(-400, -3, 35))
        expected = clv.p_alive(params, [len(days_) - 1], [(days_[-1] + 400) / 7.0],
                               [400 / 7.0])[0]
        self.assertAlmostEqual(self.members(regular).clv_p_alive, expected, delta=0.0005)
        gone, regular = self.members(self.gone), self.members(self.regulars)
        self.assertLess(max(gone.mapped("clv_p_alive")), 0.5)
        self.assertGreater(min(regular.mapped("clv_p_alive")), 0.5)
        self.assertTrue(all(v > 0 for v in gone.mapped("clv_value_at_risk")))
        # mirrored on the partner
        self.assertTrue(self.gone[0].loyalty_clv_known)
        self.assertAlmostEqual(self.gone[0].loyalty_clv_value_at_risk,
                               self.members(self.gone[0]).clv_value_at_risk)

    def test_slipping_away_replaces_the_churn_rule(self):
        self.enough()
        self.program._recompute(today=day(0))
        at_risk = self.env["crm.loyalty.membership"].search(
            [("program_id", "=", self.program.id), ("churn_risk", "=", True)],
            order="clv_value_at_risk desc")
        slipping = self.gone | self.lapsing
        self.assertEqual(set(at_risk.mapped("partner_id").ids), set(slipping.ids))
        risks = at_risk.mapped("clv_value_at_risk")
        self.assertEqual(risks, sorted(risks, reverse=True))
        for member in at_risk:
            self.assertLess(member.clv_p_alive, self.program.clv_alive_threshold)
            self.assertEqual(member.churn_risk_since, member.clv_risk_since)
            self.assertLessEqual(member.churn_risk_since, day(0))
        # one activity for the account manager of the customer who crossed
        # the threshold recently; none for those gone long ago
        lapsing = self.members(self.lapsing)
        self.assertGreaterEqual(lapsing.clv_risk_since, day(-30))
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", slipping.ids)])
        expected = at_risk.filtered(lambda m: m.clv_risk_since >= day(-30)).mapped("partner_id")
        self.assertEqual(set(activities.mapped("res_id")), set(expected.ids))
        self.assertIn(self.lapsing.id, activities.mapped("res_id"))
        for record in activities:
            self.assertEqual(record.summary, "Valuable customer slipping away")
            self.assertEqual(record.user_id, self.manager)

    def test_rerun_is_idempotent_and_too_little_data_clears(self):
        self.enough()
        self.program._recompute(today=day(0))
        before = self.raw_figures(self.regulars | self.gone)
        self.program._recompute(today=day(0))
        self.assertEqual(self.raw_figures(self.regulars | self.gone), before)
        # then the minimum rises above the data: every figure is cleared
        self.program.clv_min_repeat_customers = 1000
        self.program._recompute(today=day(0))
        self.assertEqual(self.program.clv_status, "not_enough_data")
        self.assertFalse(self.program.clv_r or self.program.clv_check)
        for row in self.raw_figures(self.regulars | self.gone):
            self.assertEqual(row[2:], (None,) * (len(CLV_FIELDS) - 1))

    def test_model_check(self):
        self.enough()
        self.program._recompute(today=day(0))
        check = json.loads(self.program.clv_check)
        self.assertEqual([g["repeat"] for g in check["groups"]], list(range(7)))
        self.assertEqual(sum(g["customers"] for g in check["groups"]), check["customers"])
        weekly = check["weekly"]
        self.assertTrue(weekly[0]["calibration"] and not weekly[-1]["calibration"])
        actual = [w["actual"] for w in weekly]
        self.assertEqual(actual, sorted(actual))
        self.assertAlmostEqual(self.program.clv_check_mae, check["mae"], places=3)

    def test_bad_settings(self):
        for values in ({"clv_horizon_days": 0}, {"clv_discount_rate": 150.0},
                       {"clv_discount_rate": -1.0}, {"clv_alive_threshold": 1.0},
                       {"clv_alive_threshold": 0.0}, {"clv_min_repeat_customers": 0},
                       {"clv_min_history_days": -5}, {"clv_horizon_days": "soon"}):
            with self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self.program.write(values)
        self.assertEqual(self.program.clv_horizon_days, 365)
        self.assertEqual(self.program.clv_discount_rate, 10.0)

    def test_who_may_read_the_figures(self):
        self.enough()
        self.program._recompute(today=day(0))
        member = self.members(self.gone[0])
        # the loyalty users of company A read them
        seen = member.sudo(self.manager_a).read(["clv_value", "clv_value_at_risk"])[0]
        self.assertGreater(seen["clv_value_at_risk"], 0)
        seen = self.gone[0].sudo(self.manager_a).read(["loyalty_clv_value_at_risk"])[0]
        self.assertGreater(seen["loyalty_clv_value_at_risk"], 0)
        # a salesman of company B: not the membership, nor the partner's figure
        with self.assertRaises(AccessError):
            member.sudo(self.user_b).read(["clv_value"])
        self.assertFalse(self.env["crm.loyalty.membership"].sudo(self.user_b).search(
            [("clv_value_at_risk", ">", 0)]))
        seen = self.gone[0].sudo(self.user_b).read(["loyalty_clv_value_at_risk"])[0]
        self.assertEqual(seen["loyalty_clv_value_at_risk"], 0)
        with self.assertRaises(AccessError):
            self.program.sudo(self.user_b).read(["clv_r"])
        # a portal user: nothing
        with self.assertRaises(AccessError):
            member.sudo(self.portal).read(["clv_value"])
        with self.assertRaises(AccessError):
            self.acme.sudo(self.portal).read(["loyalty_clv_value"])
        with self.assertRaises(AccessError):
            self.program.sudo(self.portal).read(["clv_check"])

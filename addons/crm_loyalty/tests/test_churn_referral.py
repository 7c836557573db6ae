# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tools.safe_eval import safe_eval

from ..rules import churn
from .common import FreshPopulationCase
from .test_loyalty_progress import day, make_invoice, make_order


class TestChurnAssessment(FreshPopulationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env.ref("crm_loyalty.crm_loyalty_program_default")
        cls.manager = cls.env["res.users"].with_context(no_reset_password=True).create(
            {"name": "Account Manager", "login": "churn_manager",
             "groups_id": [(6, 0, [cls.env.ref("sales_team.group_sale_salesman").id])]}
        )
        cls.fallback = cls.env["res.users"].with_context(no_reset_password=True).create(
            {"name": "Churn Fallback", "login": "churn_fallback",
             "groups_id": [(6, 0, [cls.env.ref("sales_team.group_sale_salesman").id])]}
        )
        # The factor rule alone (no minimum gap, few-purchase customers never
        # flagged); the calibrated defaults are tested below.
        cls.program.write({"churn_factor": 2.0, "churn_min_purchases": 3,
                           "churn_min_gap_days": 0, "churn_few_purchases_days": 0,
                           "churn_user_id": cls.fallback.id})
        Partner = cls.env["res.partner"]
        # X: purchases 100, 90, 70 and 40 days ago (gaps 10, 20, 30: typical
        # 20); 40 days without a purchase is not more than 2 x 20.
        cls.x = Partner.create({"name": "Xeno Co", "is_company": True,
                                "user_id": cls.manager.id})
        cls.x_contact = Partner.create({"name": "Xavier", "parent_id": cls.x.id})
        make_invoice(cls.env, cls.x, 100, -100)
        make_order(cls.env, cls.x_contact, -90)
        make_invoice(cls.env, cls.x_contact, 100, -70)
        make_order(cls.env, cls.x, -40)
        make_invoice(cls.env, cls.x, 100, -40)  # same day as the order: one purchase
        make_invoice(cls.env, cls.x, 50, -5, refund=True)  # a refund is no purchase
        # Y: 3 purchases 30 days apart, the last 20 days ago: fine.
        cls.y = Partner.create({"name": "Ypsilon Co", "is_company": True})
        for offset in (-80, -50, -20):
            make_order(cls.env, cls.y, offset)
        # Z: only two purchase days: no typical interval.
        cls.z = Partner.create({"name": "Zulu Co", "is_company": True})
        make_invoice(cls.env, cls.z, 100, -300)
        make_invoice(cls.env, cls.z, 100, -200)
        # W: gone for years (typical 10 days, 980 days ago): lost, not at risk.
        cls.w = Partner.create({"name": "Whisky Co", "is_company": True,
                                "user_id": cls.manager.id})
        for offset in (-1000, -990, -980):
            make_invoice(cls.env, cls.w, 100, offset)
        # V: no salesperson; typical 10 days, last 25 days ago.
        cls.v = Partner.create({"name": "Victor Co", "is_company": True})
        for offset in (-45, -35, -25):
            make_order(cls.env, cls.v, offset)

    def _activities(self, partner):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", partner.id),
             ("activity_type_id", "=",
              self.env.ref("crm_loyalty.mail_activity_type_churn_risk").id)]
        )

    def test_sql_agrees_with_the_rules(self):
        """The churn SQL of rules.churn gives, row by row, what its plain
        functions give for the same purchases and settings."""
        today = fields.Date.from_string(day(0))
        purchases = {
            self.x: (-100, -90, -70, -40), self.y: (-80, -50, -20), self.z: (-300, -200),
            self.w: (-1000, -990, -980), self.v: (-45, -35, -25),
        }
        activity = dict.fromkeys(purchases, False)
        self.env["res.partner"].invalidate_cache()  # no churn state cached by an earlier test
        for min_gap, few_days in ((0, 0), (15, 150)):
            self.program.write({"churn_min_gap_days": min_gap,
                                "churn_few_purchases_days": few_days})
            was_at_risk = {partner: partner.loyalty_churn_risk for partner in purchases}
            self.program._recompute(today=day(0))
            for partner, offsets in purchases.items():
                days = [today + datetime.timedelta(days=n) for n in offsets]
                interval = churn.typical_interval(days, self.program.churn_min_purchases)
                since = (today - max(days)).days
                args = (interval, self.program.churn_factor, min_gap, few_days)
                at_risk = churn.is_at_risk(since, *args, lost_after=self.program.window_days)
                activity[partner] |= churn.needs_activity(
                    was_at_risk[partner], since, interval, self.program.churn_factor,
                    min_gap=min_gap, few_purchases_days=few_days,
                    lost_after=self.program.window_days)
                self.assertEqual(partner.loyalty_typical_interval, interval or 0.0)
                self.assertEqual(partner.loyalty_days_since_purchase, since)
                self.assertEqual(partner.loyalty_churn_risk, at_risk, partner.name)
                self.assertEqual(
                    fields.Date.from_string(partner.loyalty_churn_risk_since or None),
                    churn.risk_since(max(days), *args) if at_risk else None,
                )
                self.assertEqual(bool(self._activities(partner)), activity[partner],
                                 partner.name)
        # Both settings flag someone and spare someone: the comparison has teeth.
        self.assertTrue(self.z.loyalty_churn_risk and self.v.loyalty_churn_risk)
        self.assertFalse(self.y.loyalty_churn_risk or self.w.loyalty_churn_risk)

    def test_churn_risk_after_recompute(self):
        self.program._recompute(today=day(0))
        self.assertEqual(self.x.loyalty_typical_interval, 20)
        self.assertEqual(self.x.loyalty_days_since_purchase, 40)
        self.assertFalse(self.x.loyalty_churn_risk)
        self.assertEqual(self.y.loyalty_typical_interval, 30)
        self.assertFalse(self.y.loyalty_churn_risk)
        self.assertEqual(self.z.loyalty_typical_interval, 0)
        self.assertEqual(self.z.loyalty_days_since_purchase, 200)
        self.assertFalse(self.z.loyalty_churn_risk)
        self.assertGreater(self.w.loyalty_days_since_purchase, self.program.window_days)
        self.assertFalse(self.w.loyalty_churn_risk)
        self.assertFalse(self._activities(self.w))
        self.assertTrue(self.v.loyalty_churn_risk)  # 25 > 2 x 10
        # Since the day the gap first exceeded 20 days: last purchase + 21.
        self.assertEqual(self.v.loyalty_churn_risk_since, day(-4))
        activity = self._activities(self.v)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.fallback)
        self.assertEqual(activity.date_deadline, day(0))

        # Five days later X has gone 45 days (> 40): at risk, one activity for
        # its salesperson; the contact shows it too.
        self.program._recompute(today=day(5))
        self.assertTrue(self.x.loyalty_churn_risk)
        self.assertTrue(self.x_contact.loyalty_churn_risk)
        # Crossed on day 1 (last purchase 40 days ago + 41), whatever the run day.
        self.assertEqual(self.x.loyalty_churn_risk_since, day(1))
        self.assertEqual(self._activities(self.x).user_id, self.manager)
        # V stays at risk since the same day, with its single activity.
        self.assertEqual(self.v.loyalty_churn_risk_since, day(-4))
        self.assertEqual(len(self._activities(self.v)), 1)

        # Rerunning changes nothing and duplicates nothing.
        self.program._recompute(today=day(5))
        self.assertEqual(len(self._activities(self.x)), 1)
        self.assertEqual(len(self._activities(self.v)), 1)
        self.assertEqual(self.x.loyalty_churn_risk_since, day(1))

        # Stored, searchable and groupable; the list action shows companies only.
        Partner = self.env["res.partner"]
        at_risk = Partner.search([("loyalty_churn_risk", "=", True)])
        self.assertLessEqual(self.x | self.x_contact | self.v, at_risk)
        self.assertNotIn(self.y, at_risk)
        self.assertNotIn(self.w, at_risk)  # lost, not at risk
        groups = self.env["crm.loyalty.membership"].read_group(
            [("partner_id", "in", (self.x | self.y | self.v).ids)],
            ["churn_risk"], ["churn_risk"],
        )
        counts = {g["churn_risk"]: g["churn_risk_count"] for g in groups}
        self.assertEqual(counts, {True: 2, False: 1})
        # the list of customers slipping away: memberships (one per customer,
        # sorted by value at risk), here under the churn rule (too little data)
        action = self.env.ref("crm_loyalty.res_partner_action_churn_risk")
        self.assertEqual(action.res_model, "crm.loyalty.membership")
        listed = self.env[action.res_model].search(safe_eval(action.domain)).mapped("partner_id")
        self.assertIn(self.x, listed)
        self.assertNotIn(self.x_contact, listed)

        # X buys again: no longer at risk, the date is cleared.
        make_order(self.env, self.x, 6)
        self.program._recompute(today=day(6))
        self.assertFalse(self.x.loyalty_churn_risk)
        self.assertFalse(self.x.loyalty_churn_risk_since)
        self.assertEqual(self.x.loyalty_days_since_purchase, 0)

    def test_factor_and_minimum_validated(self):
        for values in ({"churn_factor": 1.0}, {"churn_factor": 0.5},
                       {"churn_min_purchases": 1}):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.program.write(values)
        self.assertEqual(self.program.churn_factor, 2.0)

    def test_since_does_not_depend_on_the_run_day(self):
        self.program._recompute(today=day(10))
        self.assertEqual(self.x.loyalty_churn_risk_since, day(1))
        self.assertEqual(self.v.loyalty_churn_risk_since, day(-4))

    def test_calibrated_rule(self):
        # Minimum gap 60 days: V (typical 10 days, 25 days ago) and X are not
        # at risk; W (980 days, within a 1,000-day window) is. Z, with 2
        # purchases only, is at risk after 180 days without purchase: since
        # its last purchase + 181.
        self.program.write({"churn_min_gap_days": 60, "churn_few_purchases_days": 180,
                            "window_days": 1000})
        self.program._recompute(today=day(0))
        self.assertFalse(self.v.loyalty_churn_risk)
        self.assertFalse(self.x.loyalty_churn_risk)
        self.assertTrue(self.w.loyalty_churn_risk)
        self.assertEqual(self.w.loyalty_churn_risk_since, day(-980 + 61))
        self.assertTrue(self.z.loyalty_churn_risk)
        self.assertEqual(self.z.loyalty_churn_risk_since, day(-200 + 181))
        # V crosses 60 days without purchase 35 days later.
        self.program._recompute(today=day(36))
        self.assertTrue(self.v.loyalty_churn_risk)
        self.assertEqual(self.v.loyalty_churn_risk_since, day(-25 + 61))

    def test_factor_changes_the_verdict(self):
        # With k = 1.5, X is at risk from day 0: 40 days > 1.5 x 20.
        self.program.churn_factor = 1.5
        self.program._recompute(today=day(0))
        self.assertTrue(self.x.loyalty_churn_risk)
        self.assertEqual(len(self._activities(self.x)), 1)


class TestReferralReport(FreshPopulationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env.ref("crm_loyalty.crm_loyalty_program_default")
        cls.program.window_days = 365
        cls.eur = cls.env.ref("base.EUR")
        for currency, rate in ((cls.eur, 2.0), (cls.company.currency_id, 1.0)):
            cls.env["res.currency.rate"].create(
                {"name": day(-30), "rate": rate, "currency_id": currency.id,
                 "company_id": cls.company.id}
            )
        Partner = cls.env["res.partner"]
        cls.a = Partner.create({"name": "Referrer Alpha", "is_company": True})
        cls.a_contact = Partner.create({"name": "Ann Referrer", "parent_id": cls.a.id})
        cls.b = Partner.create({"name": "Referred Beta", "is_company": True,
                                "referred_by_id": cls.a_contact.id})
        cls.b_contact = Partner.create({"name": "Bob Beta", "parent_id": cls.b.id,
                                        "referred_by_id": cls.a.id})
        cls.c = Partner.create({"name": "Referred Carl", "referred_by_id": cls.a.id})
        cls.d = Partner.create({"name": "Unreferred Delta", "is_company": True})
        # B: 1000 EUR at 2 EUR per unit = 500, a refund of 100 and an invoice
        # of 300 outside the window (lifetime only).
        make_invoice(cls.env, cls.b, 1000, -30, currency=cls.eur)
        make_invoice(cls.env, cls.b_contact, 100, -20, refund=True)
        make_invoice(cls.env, cls.b, 300, -400)
        make_invoice(cls.env, cls.c, 100, -10)
        make_invoice(cls.env, cls.d, 5000, -10)
        cls.company2 = cls.env["res.company"].create({"name": "Referral Second Co"})
        c_other = make_invoice(cls.env, cls.c, 70, -10)
        # This invoice belongs to the second company: moved there in SQL, as
        # the second company has no chart of accounts in the test database.
        cls.env.cr.execute(
            "UPDATE account_invoice SET company_id = %s WHERE id = %s",
            (cls.company2.id, c_other.id),
        )
        cls.user = cls.env["res.users"].with_context(no_reset_password=True).create(
            {"name": "Referral Reader", "login": "referral_reader",
             "company_id": cls.company.id,
             "company_ids": [(6, 0, [cls.company.id, cls.company2.id])],
             "groups_id": [(6, 0, [cls.env.ref("crm_loyalty.group_loyalty_user").id])]}
        )

    def _report(self, user=None):
        Report = self.env["crm.loyalty.referral.report"]
        if user:
            Report = Report.sudo(user)
        return Report.search([("referrer_id", "=", self.a.id)])

    def test_referrer_credited(self):
        rows = self._report()
        by_partner = {(r.partner_id, r.company_id): r for r in rows}
        beta = by_partner[(self.b, self.company)]
        # One row for B although the company and its contact were both referred.
        self.assertEqual(len([r for r in rows if r.partner_id == self.b]), 1)
        self.assertAlmostEqual(beta.revenue_window, 400)  # 500 - 100
        self.assertAlmostEqual(beta.revenue_lifetime, 700)  # + 300 of 400 days ago
        self.assertAlmostEqual(by_partner[(self.c, self.company)].revenue_window, 100)
        self.assertAlmostEqual(by_partner[(self.c, self.company2)].revenue_window, 70)
        self.assertFalse(self.env["crm.loyalty.referral.report"].search(
            [("partner_id", "=", self.d.id)]))
        groups = self.env["crm.loyalty.referral.report"].read_group(
            [("referrer_id", "=", self.a.id), ("company_id", "=", self.company.id)],
            ["referrer_id", "referred_count", "revenue_window", "revenue_lifetime"],
            ["referrer_id"],
        )
        self.assertEqual(groups[0]["referred_count"], 2)
        self.assertAlmostEqual(groups[0]["revenue_window"], 500)
        self.assertAlmostEqual(groups[0]["revenue_lifetime"], 800)

    def test_window_follows_the_program(self):
        self.program.window_days = 25  # the EUR invoice (30 days) drops out
        rows = self._report().filtered(lambda r: r.partner_id == self.b)
        self.assertAlmostEqual(rows.revenue_window, -100)
        self.assertAlmostEqual(rows.revenue_lifetime, 700)

    def test_multi_company_and_access(self):
        rows = self._report(self.user)
        self.assertEqual(rows.mapped("company_id"), self.company)
        self.user.company_id = self.company2
        rows = self._report(self.user)
        self.assertEqual(rows.mapped("company_id"), self.company2)
        self.assertEqual(rows.partner_id, self.c)
        # Not for users outside the loyalty groups.
        outsider = self.env["res.users"].with_context(no_reset_password=True).create(
            {"name": "Outsider", "login": "referral_outsider",
             "groups_id": [(6, 0, [self.env.ref("base.group_user").id])]}
        )
        with self.assertRaises(AccessError):
            self.env["crm.loyalty.referral.report"].sudo(outsider).search([])

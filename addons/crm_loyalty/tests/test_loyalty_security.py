# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who sees and changes what: portal customers, users of another company,
the tier history ledger, the churn activities and the tier-change notes."""
import re

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import FreshPopulationCase, set_membership
from .test_loyalty_progress import day, make_order

INTERNAL_FIELDS = [
    "loyalty_margin", "loyalty_profit", "loyalty_cost", "loyalty_revenue", "loyalty_score",
    "loyalty_churn_risk", "loyalty_churn_risk_since", "loyalty_quadrant", "loyalty_segment",
]
PORTAL_FIELDS = [
    "loyalty_tier_id", "loyalty_tier_date", "loyalty_tier_benefits", "loyalty_next_tier_id",
    "loyalty_progress_text",
]


def make_company(env, name):
    values = {"name": name}
    if "security_lead" in env["res.company"]._fields:  # sale_stock makes it required
        values["security_lead"] = 0.0
    return env["res.company"].create(values)


def make_user(env, login, groups, company, companies, partner=None):
    values = {
        "name": login.replace("_", " ").title(),
        "login": login,
        "company_id": company.id,
        "company_ids": [(6, 0, companies.ids)],
        "groups_id": [(6, 0, [env.ref(group).id for group in groups])],
    }
    if partner:
        values["partner_id"] = partner.id
    return env["res.users"].with_context(no_reset_password=True).create(values)


def assess(env, partner, company, tier, **figures):
    """Give ``partner`` an assessment (membership) of ``company``'s program."""
    program = env["crm.loyalty.program"].search([("company_id", "=", company.id)], limit=1)
    values = dict(
        tier_id=tier.id if tier else False,
        assessed_date=fields.Date.context_today(env["res.partner"]),
        tier_date=day(-30),
        **{name[len("loyalty_"):]: value for name, value in figures.items()}
    )
    set_membership(env, partner, program, **values)


class LoyaltyTwoCompaniesCase(FreshPopulationCase):
    """Company A (main, default program) and company B with its own program;
    Acme is a customer assessed by A, Bolt a customer of B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company_a = cls.company
        cls.company_b = make_company(env, "Loyalty Company B")
        both = cls.company_a | cls.company_b
        cls.program_a = env.ref("crm_loyalty.crm_loyalty_program_default")
        cls.bronze, cls.silver, cls.gold = cls.program_a.tier_ids.sorted("sequence")[:3]
        cls.program_b = env["crm.loyalty.program"].create({
            "name": "Program B", "company_id": cls.company_b.id,
            "tier_ids": [(0, 0, {"name": "B Basic", "min_score": 0, "sequence": 1})],
        })
        cls.tier_b = cls.program_b.tier_ids
        Partner = env["res.partner"]
        cls.acme = Partner.create({"name": "Acme Loyal", "is_company": True,
                                   "email": "acme@example.com"})
        cls.acme_contact = Partner.create({"name": "Ada Acme", "parent_id": cls.acme.id,
                                           "email": "ada@example.com"})
        cls.bolt = Partner.create({"name": "Bolt Loyal", "is_company": True,
                                   "company_id": cls.company_b.id})
        assess(env, cls.acme, cls.company_a, cls.gold, loyalty_revenue=1000.0,
               loyalty_margin=400.0, loyalty_profit=300.0, loyalty_cost=600.0,
               loyalty_score=81.25, loyalty_churn_risk=True, loyalty_churn_risk_since=day(-3),
               loyalty_segment="loyal")
        assess(env, cls.bolt, cls.company_b, cls.tier_b, loyalty_revenue=500.0,
               loyalty_margin=100.0, loyalty_profit=50.0)
        cls.manager_a = make_user(env, "loyalty_manager_a", ["sales_team.group_sale_manager"],
                                  cls.company_a, both)
        cls.manager_b = make_user(env, "loyalty_manager_b", ["sales_team.group_sale_manager"],
                                  cls.company_b, both)
        # Contact creation too: scheduling activities needs write access to
        # customers (granted to salespeople by other apps only).
        cls.user_b = make_user(env, "loyalty_user_b", ["sales_team.group_sale_salesman",
                                                       "base.group_partner_manager"],
                               cls.company_b, both)
        cls.portal = make_user(env, "loyalty_portal_ada", ["base.group_portal"],
                               cls.company_a, cls.company_a, partner=cls.acme_contact)
        cls.History = env["crm.loyalty.tier.history"]

    def fingerprint(self):
        """What a failed call must leave unchanged."""
        cr = self.env.cr
        cr.execute(
            "SELECT (SELECT count(*) FROM crm_loyalty_tier_history),"
            " (SELECT max(write_date) FROM res_partner),"
            " (SELECT count(*) FROM mail_message),"
            " (SELECT count(*) FROM mail_activity),"
            " (SELECT max(write_date) FROM crm_loyalty_program),"
            " (SELECT string_agg(concat_ws(',', id, partner_id, program_id, tier_id,"
            "   override_reason, override_until, write_date), ';' ORDER BY id)"
            "   FROM crm_loyalty_membership WHERE partner_id = ANY(%s))",
            ((self.acme | self.acme_contact | self.bolt).ids,),
        )
        return cr.fetchone()


class TestPartnerFigures(LoyaltyTwoCompaniesCase):
    def test_portal_sees_tier_benefits_and_progress_only(self):
        acme = self.acme.sudo(self.portal)
        values = acme.read(PORTAL_FIELDS)[0]
        self.assertEqual(values["loyalty_tier_id"][0], self.gold.id)
        self.assertTrue(values["loyalty_progress_text"])
        for name in INTERNAL_FIELDS:
            with self.assertRaises(AccessError, msg=name):
                acme.read([name])
            with self.assertRaises(AccessError, msg=name):
                acme.read_group([("id", "=", acme.id)], [name], [])
        with self.assertRaises(AccessError):
            acme.read_group([], ["loyalty_margin:sum"], ["loyalty_segment"])
        # Grouping without a field list aggregates what they may read only.
        groups = acme.read_group([("id", "=", acme.id)], [], ["name"])
        self.assertEqual(groups[0]["name_count"], 1)
        self.assertFalse(set(groups[0]) & set(INTERNAL_FIELDS))
        with self.assertRaises(AccessError):  # no search oracle either
            acme.search([("loyalty_margin", ">", 399)])
        # Reading every field they may read leaves the internal figures out.
        readable = acme.check_field_access_rights("read", None)
        self.assertFalse(set(readable) & set(INTERNAL_FIELDS))
        self.assertLessEqual(set(PORTAL_FIELDS), set(readable))

    def test_figures_stay_in_their_company(self):
        figures = ["loyalty_revenue", "loyalty_margin", "loyalty_profit", "loyalty_tier_id",
                   "loyalty_churn_risk"]
        seen_a = self.acme.sudo(self.manager_a).read(figures)[0]
        self.assertEqual(seen_a["loyalty_revenue"], 1000.0)
        self.assertEqual(seen_a["loyalty_margin"], 400.0)
        self.assertTrue(seen_a["loyalty_churn_risk"])
        # The user of B is allowed in A too, but B is their current company.
        for partner in (self.acme, self.acme_contact):
            seen_b = partner.sudo(self.user_b).read(figures)[0]
            self.assertEqual(seen_b["loyalty_revenue"], 0)
            self.assertEqual(seen_b["loyalty_margin"], 0)
            self.assertEqual(seen_b["loyalty_profit"], 0)
            self.assertFalse(seen_b["loyalty_tier_id"])
            self.assertFalse(seen_b["loyalty_churn_risk"])
        # Their own company's customer stays visible.
        self.assertEqual(self.bolt.sudo(self.user_b).read(["loyalty_margin"])[0]
                         ["loyalty_margin"], 100.0)
        Partner = self.env["res.partner"].sudo(self.user_b)
        groups = self.env["crm.loyalty.membership"].sudo(self.user_b).read_group(
            [("partner_id", "in", (self.acme | self.bolt).ids)],
            ["revenue", "margin", "profit"], [],
        )
        self.assertEqual(groups[0]["revenue"], 500.0)
        self.assertEqual(groups[0]["profit"], 50.0)
        self.assertNotIn(self.acme, Partner.search([("loyalty_revenue", ">", 0)]))
        self.assertIn(self.bolt, Partner.search([("loyalty_revenue", ">", 0)]))
        # Once their current company is A, they see A's figures.
        self.user_b.company_id = self.company_a
        self.env["res.partner"].invalidate_cache()  # a new request in real life
        self.assertEqual(self.acme.sudo(self.user_b).read(["loyalty_margin"])[0]
                         ["loyalty_margin"], 400.0)

    def test_export_masks_other_company_figures(self):
        partners = (self.acme | self.bolt).sudo(self.user_b)
        rows = partners.export_data(["name", "loyalty_revenue", "loyalty_tier_id/name"])["datas"]
        self.assertEqual(rows[0][0], "Acme Loyal")
        # No assessment in B: A's figures never reach B's user (Odoo 11
        # exports an empty float as 0.0).
        self.assertIn(rows[0][1], ("", "0.0", False))
        self.assertFalse(rows[0][2])
        self.assertEqual(rows[1][:3], ["Bolt Loyal", "500.0", "B Basic"])
        with self.assertRaises(AccessError):
            self.acme.sudo(self.portal).export_data(["loyalty_margin"])

    def test_contacts_follow_their_company(self):
        # A new contact gets the company's loyalty state, also when created
        # by a user who may not read the figures.
        employee = make_user(self.env, "loyalty_plain_employee", ["base.group_user",
                             "base.group_partner_manager"], self.company_a, self.company_a)
        contact = self.env["res.partner"].sudo(employee).create(
            {"name": "New Acme contact", "parent_id": self.acme.id})
        self.assertEqual(contact.sudo().loyalty_tier_id, self.gold)
        self.assertEqual(contact.sudo().loyalty_margin, 400.0)


class TestEmployeeWithoutLoyalty(LoyaltyTwoCompaniesCase):
    def test_partner_views_and_lists_still_work(self):
        employee = make_user(self.env, "loyalty_no_group_employee", ["base.group_user"],
                             self.company_a, self.company_a)
        Partner = self.env["res.partner"].sudo(employee)
        for view_type in ("form", "tree", "search", "kanban"):
            arch = Partner.fields_view_get(view_type=view_type)["arch"]
            self.assertNotIn('name="loyalty_margin"', arch, view_type)
        rows = Partner.search_read([("id", "=", self.acme.id)], ["name", "loyalty_tier_id"])
        self.assertEqual(rows[0]["loyalty_tier_id"][0], self.gold.id)
        groups = Partner.read_group([("id", "=", self.acme.id)], ["name"], ["name"])
        self.assertEqual(groups[0]["name_count"], 1)
        with self.assertRaises(AccessError):
            Partner.search([("loyalty_profit", "<", 0)])


class TestRecommendedActionCompany(LoyaltyTwoCompaniesCase):
    def test_no_activity_from_another_company_assessment(self):
        set_membership(self.env, self.acme, self.program_a, quadrant="reward_keep")
        set_membership(self.env, self.bolt, self.program_b, quadrant="reward_keep")
        Activity = self.env["mail.activity"]
        domain = [("res_model", "=", "res.partner"), ("res_id", "in", (self.acme | self.bolt).ids)]
        before = Activity.search(domain)
        (self.acme | self.bolt).sudo(self.user_b).action_loyalty_schedule_activity()
        created = Activity.search(domain) - before
        # Bolt (assessed by B) gets its to-do; Acme's quadrant is A's.
        self.assertEqual(created.mapped("res_id"), self.bolt.ids)
        self.assertEqual(created.summary, "Reward and keep")

    def test_portal_cannot_read_referrer(self):
        self.acme_contact.referred_by_id = self.bolt
        with self.assertRaises(AccessError):
            self.acme_contact.sudo(self.portal).read(["referred_by_id"])


class TestParetoCompany(LoyaltyTwoCompaniesCase):
    def test_company_b_sees_its_own_customers_and_totals(self):
        Report = self.env["crm.loyalty.pareto.report"]
        self.assertEqual(
            Report.sudo(self.manager_a).search([]).mapped("partner_id"), self.acme)
        rows = Report.sudo(self.user_b).search([])
        self.assertEqual(rows.mapped("partner_id"), self.bolt)
        totals = Report.sudo(self.user_b).read_group([], ["revenue", "margin"], [])
        self.assertEqual(totals[0]["revenue"], 500.0)
        self.assertEqual(totals[0]["margin"], 100.0)
        shares = self.program_b.sudo(self.user_b).pareto_shares(100)
        self.assertEqual(shares["revenue_share"], 100.0)
        with self.assertRaises(AccessError):
            self.program_a.sudo(self.user_b).pareto_shares(100)

    def test_ranks_per_company_unique_current_company_by_default(self):
        # B becomes a child of A: A's users may read B's rows too.
        self.company_b.parent_id = self.company_a
        tied = self.env["res.partner"].create({"name": "Acme Twin", "is_company": True})
        today = fields.Date.context_today(self.acme)
        for partner, program, revenue in ((tied, self.program_a, 1000.0),
                                          (self.acme, self.program_a, 1000.0),
                                          (self.bolt, self.program_b, 500.0)):
            set_membership(self.env, partner, program, revenue=revenue, assessed_date=today)
        Report = self.env["crm.loyalty.pareto.report"].sudo(self.manager_a)
        everything = Report.search([])
        self.assertEqual(set(everything.mapped("company_id")),
                         {self.company_a, self.company_b})
        for company in (self.company_a, self.company_b):
            ranks = everything.filtered(lambda r: r.company_id == company).mapped(
                "revenue_rank")
            self.assertEqual(sorted(ranks), list(range(1, len(ranks) + 1)))
        # The tie is broken by the customer: the older record first.
        first, second = (self.acme, tied) if self.acme.id < tied.id else (tied, self.acme)
        self.assertEqual(everything.filtered(lambda r: r.partner_id == first).revenue_rank, 1)
        self.assertEqual(everything.filtered(lambda r: r.partner_id == second).revenue_rank, 2)
        # The menu opens on the current company's rows: rank 1 once.
        action = self.env.ref("crm_loyalty.crm_loyalty_pareto_report_action")
        self.assertIn("search_default_my_company", action.context)
        view = self.env.ref("crm_loyalty.crm_loyalty_pareto_report_view_search")
        self.assertIn('name="my_company"', view.arch)
        mine = Report.search([("is_current_company", "=", True)])
        self.assertEqual(mine.mapped("company_id"), self.company_a)
        self.assertEqual(mine.mapped("revenue_rank").count(1), 1)

    def test_pareto_shares_bad_input(self):
        for value in ("abc", None, [20], float("nan"), 0, -5, 101, True):
            with self.assertRaises(ValidationError, msg=repr(value)):
                self.program_a.pareto_shares(value)


class TestOverrideCompany(LoyaltyTwoCompaniesCase):
    def _wizard(self, user, **values):
        values = dict({"partner_id": self.acme.id, "program_id": self.program_a.id,
                       "tier_id": self.silver.id, "reason": "Key account"}, **values)
        return self.env["crm.loyalty.override"].sudo(user).create(values)

    def test_override_in_own_company(self):
        self._wizard(self.manager_a, until=day(30)).action_apply()
        self.assertEqual(self.acme.loyalty_tier_id, self.silver)
        self.assertEqual(self.acme_contact.loyalty_tier_id, self.silver)
        self.assertEqual(self.acme.loyalty_override_until, day(30))
        change = self.History.search([("partner_id", "=", self.acme.id)])
        self.assertEqual(change.to_tier_id, self.silver)
        self.assertEqual(change.company_id, self.company_a)

    def test_no_tier_of_another_company(self):
        before = self.fingerprint()
        # Current company B: the tier of A is out of reach.
        with self.assertRaises(AccessError), self.cr.savepoint():
            self._wizard(self.manager_b).action_apply()
        # Current company A: the tier of A does not go on a customer of B.
        with self.assertRaises(UserError), self.cr.savepoint():
            self._wizard(self.manager_a, partner_id=self.bolt.id).action_apply()
        # A tier of another program than the wizard's.
        with self.assertRaises(UserError), self.cr.savepoint():
            self._wizard(self.manager_b, partner_id=self.bolt.id,
                         program_id=self.program_b.id).action_apply()
        self.assertEqual(self.fingerprint(), before)

    def test_override_bad_input(self):
        before = self.fingerprint()
        for values in ({"until": "31/12/2030"}, {"until": "2030-02-30"}, {"until": 20301231},
                       {"reason": "nul\x00byte"}, {"reason": "x" * 5000},
                       {"tier_id": "abc"}, {"tier_id": 2 ** 40}, {"partner_id": -1}):
            with self.assertRaises(UserError, msg=repr(values)), self.cr.savepoint():
                self._wizard(self.manager_a, **values).action_apply()
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._wizard(self.manager_a, until=day(-1)).action_apply()
        self.assertEqual(self.fingerprint(), before)


class TestHistoryLedger(LoyaltyTwoCompaniesCase):
    def test_append_only_for_everyone(self):
        row = self.History.sudo().create({
            "partner_id": self.acme.id, "program_id": self.program_a.id,
            "company_id": self.company_a.id, "to_tier_id": self.gold.id,
            "date": day(0), "reason": "computed",
        })
        for history in (row, row.sudo(), row.with_context(loyalty_history_purge=True).sudo()):
            with self.assertRaises(UserError), self.cr.savepoint():
                history.write({"note": "changed"})
            with self.assertRaises(UserError), self.cr.savepoint():
                history.unlink()
        self.assertTrue(row.exists())
        self.assertFalse(row.note)
        access = self.env["ir.model.access"].search(
            [("model_id.model", "=", "crm.loyalty.tier.history")])
        self.assertTrue(access)
        self.assertFalse(access.filtered(
            lambda a: a.perm_write or a.perm_unlink or a.perm_create))
        with self.assertRaises((AccessError, UserError)):
            row.sudo(self.manager_a).write({"note": "changed"})


class TestChurnActivities(LoyaltyTwoCompaniesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fallback = make_user(cls.env, "churn_orm_fallback",
                                 ["sales_team.group_sale_salesman"],
                                 cls.company_a, cls.company_a)
        cls.program_a.write({"churn_factor": 2.0, "churn_min_purchases": 3,
                             "churn_min_gap_days": 0, "churn_user_id": cls.fallback.id})
        # Typical interval 10 days, last purchase 25 days ago: at risk.
        cls.victor = cls.env["res.partner"].create({"name": "Victor Churn", "is_company": True})
        for offset in (-45, -35, -25):
            make_order(cls.env, cls.victor, offset)

    def _activities(self, partner):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", partner.id),
             ("activity_type_id", "=",
              self.env.ref("crm_loyalty.mail_activity_type_churn_risk").id)])

    def test_activity_through_the_orm(self):
        self.program_a._assess_churn(today=day(0))
        self.assertTrue(self.victor.loyalty_churn_risk)
        activity = self._activities(self.victor)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.fallback)
        # The stored next deadline of the at-risk list, the follower, and the
        # assignee finds it among their activities.
        self.victor.invalidate_cache()
        self.assertEqual(self.victor.activity_date_deadline, day(0))
        self.assertIn(self.fallback.partner_id,
                      self.victor.message_follower_ids.mapped("partner_id"))
        self.assertIn(activity, self.env["mail.activity"].sudo(self.fallback).search(
            [("user_id", "=", self.fallback.id)]))
        self.assertEqual(self.victor.loyalty_company_id, self.company_a)
        # Idempotent.
        self.program_a._assess_churn(today=day(0))
        self.program_a._assess_churn(today=day(1))
        self.assertEqual(len(self._activities(self.victor)), 1)


class TestTierNotes(LoyaltyTwoCompaniesCase):
    def test_note_links_to_the_change_and_notifies_followers(self):
        self.env.cr.execute("UPDATE crm_loyalty_tier_history SET notified = true")
        follower = make_user(self.env, "tier_note_follower", ["sales_team.group_sale_salesman"],
                             self.company_a, self.company_a)
        self.acme.message_subscribe(partner_ids=follower.partner_id.ids,
                                    subtype_ids=self.env.ref("mail.mt_note").ids)
        self.acme._loyalty_set_override(self.silver, "Key account")
        change = self.History.search([("partner_id", "=", self.acme.id)])
        self.assertEqual(self.History._notify_pending(), 1)
        note = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.acme.id),
             ("body", "ilike", "Loyalty tier changed")])
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        # Posted through the ORM: the follower of notes is notified.
        self.assertIn(follower.partner_id, note.notification_ids.mapped("res_partner_id"))
        # The note links to the change, and copies neither tiers nor score.
        self.assertEqual(re.findall(r'data-oe-id="(\d+)"', note.body), [str(change.id)])
        for secret in (self.silver.name, self.gold.name, "81.25"):
            self.assertNotIn(secret, note.body)
        # The change itself is for company A's users only.
        self.assertTrue(change.sudo(self.manager_a).read(["to_tier_id"]))
        with self.assertRaises(AccessError):
            change.sudo(self.user_b).read(["to_tier_id"])

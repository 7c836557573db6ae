# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase


class SalespersonRecommendationCase(SavepointCase):
    """A team of three: Lucky won the one similar deal he closed, Steady won 8
    of 10, Weak 2 of 10 (and won a deal for another company). Mia manages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_notrack=True, mail_create_nolog=True))
        env = cls.env
        cls.company = env["res.company"].create({"name": "Recommend Co"})
        cls.other = env["res.company"].create({"name": "Recommend Other Co"})
        internal = env.ref("base.group_user")
        salesman = env.ref("sales_team.group_sale_salesman")

        def user(login, groups, companies=None):
            companies = companies or cls.company
            return env["res.users"].create({
                "name": login.split(".")[0].title(), "login": login,
                "email": "%s@example.com" % login,
                "company_id": companies[0].id, "company_ids": [(6, 0, companies.ids)],
                "groups_id": [(6, 0, [g.id for g in groups])]})

        cls.lucky = user("lucky.rec", [internal, salesman])
        cls.steady = user("steady.rec", [internal, salesman])
        cls.weak = user("weak.rec", [internal, salesman], cls.company | cls.other)
        cls.mia = user("mia.rec", [internal, env.ref("sales_team.group_sale_manager")])
        cls.pat = user("pat.rec", [env.ref("base.group_portal")])
        cls.team = env["crm.team"].create({"name": "Recommend team", "company_id": cls.company.id})
        (cls.lucky | cls.steady | cls.weak).write({"sale_team_id": cls.team.id})
        Partner = env["res.partner"]
        cls.customer = Partner.create({"name": "Recommend Customer", "is_company": True})
        cls.stranger = Partner.create({"name": "Someone Else", "is_company": True})
        cls.won_stage = env["crm.stage"].search([("probability", "=", 100)], limit=1)
        cls._deal(cls.lucky, "won")
        for i in range(10):
            cls._deal(cls.steady, "won" if i < 8 else "lost")
            cls._deal(cls.weak, "won" if i < 2 else "lost")
        cls._deal(cls.steady, "won", partner=cls.customer)
        cls._deal(cls.weak, "won", company=cls.other)
        cls._deal(cls.weak, "won", revenue=500000)  # not similar: other size band
        cls.deal = cls._deal(cls.lucky, "open", partner=cls.customer)

    @classmethod
    def _deal(cls, user, outcome, partner=None, company=None, revenue=20000):
        lead = cls.env["crm.lead"].create({
            "name": "Deal %s" % outcome, "type": "opportunity", "user_id": user.id,
            "team_id": cls.team.id, "company_id": (company or cls.company).id,
            "partner_id": (partner or cls.stranger).id, "planned_revenue": revenue})
        if outcome == "won":
            lead.write({"stage_id": cls.won_stage.id, "probability": 100})
        elif outcome == "lost":
            lead.action_set_lost()
        return lead

    def test_ranking_shrinks_small_samples(self):
        ranked = self.deal.sudo(self.mia).recommend_salespeople()
        self.assertEqual([c["user_id"] for c in ranked],
                         [self.steady.id, self.lucky.id, self.weak.id])
        steady, lucky, weak = ranked
        self.assertEqual((steady["similar_won"], steady["similar_closed"]), (9, 11))
        self.assertEqual((lucky["similar_won"], lucky["similar_closed"]), (1, 1))
        self.assertEqual((weak["similar_won"], weak["similar_closed"]), (2, 10))
        self.assertLess(lucky["similar_rate"], 100)
        self.assertEqual((steady["customer_won"], steady["customer_closed"]), (1, 1))
        self.assertTrue(lucky["current"])
        self.assertIn("With this customer: won 1 of 1 deals", steady["reasons"])
        self.assertTrue(all(isinstance(k, str) for k in steady))

    def test_no_history_ranks_by_load(self):
        team = self.env["crm.team"].create({"name": "Fresh team",
                                            "company_id": self.company.id})
        fresh = self.env["res.users"].create({
            "name": "Fresh", "login": "fresh.rec", "company_id": self.company.id,
            "company_ids": [(6, 0, self.company.ids)], "sale_team_id": team.id,
            "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_salesman").id])]})
        deal = self.env["crm.lead"].create({
            "name": "First deal", "type": "opportunity", "team_id": team.id,
            "company_id": self.company.id, "user_id": fresh.id})
        ranked = deal.recommend_salespeople()
        self.assertEqual([c["user_id"] for c in ranked], [fresh.id])
        self.assertEqual(ranked[0]["similar_closed"], 0)
        self.assertIn("No closed deal with this customer yet", ranked[0]["reasons"])

    def test_bad_input(self):
        self.deal.write({"team_id": False})
        with self.assertRaises(UserError):
            self.deal.recommend_salespeople()
        self.deal.write({"team_id": self.team.id})
        deal = self.deal.sudo(self.mia)
        for bad in (False, "x", self.mia.id, 987654321):
            with self.assertRaises(UserError):
                deal.action_assign_salesperson(bad)
        self.assertEqual(self.deal.user_id, self.lucky)

    def test_only_managers_reassign(self):
        with self.assertRaises(AccessError):
            self.deal.sudo(self.lucky).action_assign_salesperson(self.steady.id)
        self.assertEqual(self.deal.user_id, self.lucky)
        wizard = self.env["crm.lead.salesperson.recommendation"].sudo(self.mia).create(
            {"lead_id": self.deal.id})
        self.assertEqual(wizard.line_ids[0].user_id, self.steady)
        wizard.line_ids[0].action_assign()
        self.assertEqual(self.deal.user_id, self.steady)
        with self.assertRaises(AccessError):
            self.deal.sudo(self.pat).recommend_salespeople()

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase


class TechnicianRecommendationCase(SavepointCase):
    """A repair team of three on a new company: Lucky fixed his one similar
    ticket, Steady fixed 9 of 10 the first time with happy customers, Weak
    3 of 10 with unhappy ones (and many in another company). Hana manages
    the helpdesk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_notrack=True, mail_create_nolog=True))
        env = cls.env
        cls.company = env["res.company"].create({"name": "Repair Co"})
        cls.other = env["res.company"].create({"name": "Repair Other Co"})
        agent = env.ref("helpdesk_mgmt.group_helpdesk_user")

        def user(login, group, companies=None):
            companies = companies or cls.company
            return env["res.users"].create({
                "name": login.split(".")[0].title(), "login": login,
                "email": "%s@example.com" % login,
                "company_id": companies[0].id, "company_ids": [(6, 0, companies.ids)],
                "groups_id": [(6, 0, [group.id])]})

        cls.lucky = user("lucky.tech", agent)
        cls.steady = user("steady.tech", agent)
        cls.weak = user("weak.tech", agent, cls.company | cls.other)
        cls.hana = user("hana.tech", env.ref("helpdesk_mgmt.group_helpdesk_manager"))
        cls.pat = user("pat.tech", env.ref("base.group_portal"))
        cls.team = env["helpdesk.ticket.team"].create({
            "name": "Repairs", "company_id": cls.company.id,
            "user_ids": [(6, 0, (cls.lucky | cls.steady | cls.weak).ids)]})
        cls.category = env["helpdesk.ticket.category"].create({"name": "Pump repair"})
        cls.other_category = env["helpdesk.ticket.category"].create({"name": "Billing"})
        Partner = env["res.partner"]
        cls.customer = Partner.create({"name": "Repair Customer", "is_company": True})
        cls.stranger = Partner.create({"name": "Repair Stranger", "is_company": True})
        cls.done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls._ticket(cls.lucky, True, csat=5)
        for i in range(10):
            cls._ticket(cls.steady, i < 9, csat=5 if i < 6 else None)
            cls._ticket(cls.weak, i < 3, csat=2 if i < 6 else None)
        cls._ticket(cls.steady, True, partner=cls.customer)
        for _i in range(5):
            cls._ticket(cls.weak, True, company=cls.other, csat=5)
            cls._ticket(cls.weak, True, category=cls.other_category)
        cls.ticket = cls._ticket(cls.lucky, None, partner=cls.customer)

    @classmethod
    def _ticket(cls, user, first_time, partner=None, company=None, category=None, csat=None):
        """A ticket solved (first time or after a reopening), or left open
        with ``first_time=None``."""
        ticket = cls.env["helpdesk.ticket"].create({
            "name": "Pump %s" % user.name, "description": "<p>Pump leaks</p>",
            "user_id": user.id, "team_id": cls.team.id,
            "company_id": (company or cls.company).id,
            "partner_id": (partner or cls.stranger).id,
            "category_id": (category or cls.category).id})
        if first_time is not None:
            cls.env.cr.execute(
                "UPDATE helpdesk_ticket SET stage_id = %s, reopen_count = %s WHERE id = %s",
                [cls.done.id, 0 if first_time else 1, ticket.id])
        if csat:
            cls.env["crm.service.feedback"].create({
                "ticket_id": ticket.id, "partner_id": ticket.partner_id.id,
                "user_id": user.id, "state": "answered", "csat": csat, "nps": 8,
                "company_id": ticket.company_id.id})
        return ticket

    def test_ranking_shrinks_small_samples(self):
        ranked = self.ticket.sudo(self.hana).recommend_technicians()
        self.assertEqual([c["user_id"] for c in ranked],
                         [self.steady.id, self.lucky.id, self.weak.id])
        steady, lucky, weak = ranked
        self.assertEqual((steady["similar_first_time"], steady["similar_solved"]), (10, 11))
        self.assertEqual((steady["similar_satisfied"], steady["similar_answers"]), (6, 6))
        self.assertEqual((weak["similar_first_time"], weak["similar_solved"]), (3, 10))
        self.assertEqual((weak["similar_satisfied"], weak["similar_answers"]), (0, 6))
        self.assertEqual((lucky["similar_first_time"], lucky["similar_solved"]), (1, 1))
        self.assertLess(lucky["first_time_rate"], 100)
        self.assertEqual(steady["customer_solved"], 1)
        self.assertTrue(lucky["current"])
        self.assertEqual(lucky["open_tickets"], 0)

    def test_bad_input(self):
        self.ticket.write({"team_id": False})
        with self.assertRaises(UserError):
            self.ticket.recommend_technicians()
        self.ticket.write({"team_id": self.team.id})
        ticket = self.ticket.sudo(self.hana)
        for bad in (False, "x", self.hana.id, 987654321):
            with self.assertRaises(UserError):
                ticket.action_assign_technician(bad)
        self.assertEqual(self.ticket.user_id, self.lucky)

    def test_only_helpdesk_managers_reassign(self):
        with self.assertRaises(AccessError):
            self.ticket.sudo(self.lucky).action_assign_technician(self.steady.id)
        self.assertEqual(self.ticket.user_id, self.lucky)
        wizard = self.env["helpdesk.ticket.technician.recommendation"].sudo(self.hana).create(
            {"ticket_id": self.ticket.id})
        self.assertEqual(wizard.line_ids[0].user_id, self.steady)
        wizard.line_ids[0].action_assign()
        self.assertEqual(self.ticket.user_id, self.steady)
        with self.assertRaises(AccessError):
            self.ticket.sudo(self.pat).recommend_technicians()

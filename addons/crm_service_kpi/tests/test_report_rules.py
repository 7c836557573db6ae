# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The SQL-view reports show a user the rows of the documents they may read:
company rules and the personal rules of the tickets and the feedback."""
from odoo.tests.common import SavepointCase


class TestServiceReportRules(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Company = env["res.company"]
        vals = {"name": "Report Rules Other Company"}
        if "security_lead" in Company._fields:
            vals["security_lead"] = 0.0
        cls.company2 = Company.create(vals)
        Users = env["res.users"].with_context(no_reset_password=True)

        def user(login, group):
            return Users.create({
                "name": "Rules %s" % login, "login": "rules_%s" % login,
                "groups_id": [(6, 0, [env.ref("base.group_user").id, env.ref(group).id])]})
        cls.own = user("own", "helpdesk_mgmt.group_helpdesk_user_own")
        cls.colleague = user("colleague", "helpdesk_mgmt.group_helpdesk_user_own")
        cls.manager = user("manager", "helpdesk_mgmt.group_helpdesk_manager")
        cls.customer = env["res.partner"].create({"name": "Rules Customer"})
        Ticket = env["helpdesk.ticket"]
        cls.mine = Ticket.create({"name": "Rules mine", "description": "x",
                                  "partner_id": cls.customer.id, "user_id": cls.own.id})
        cls.theirs = Ticket.create({"name": "Rules theirs", "description": "x",
                                    "partner_id": cls.customer.id,
                                    "user_id": cls.colleague.id})
        cls.unassigned = Ticket.create({"name": "Rules nobody", "description": "x",
                                        "partner_id": cls.customer.id, "user_id": False})
        cls.other_company = Ticket.create({
            "name": "Rules other company", "description": "x", "partner_id": cls.customer.id,
            "user_id": False, "company_id": cls.company2.id})
        Feedback = env["crm.service.feedback"]
        for ticket in cls.mine | cls.theirs | cls.unassigned | cls.other_company:
            Feedback.create({
                "ticket_id": ticket.id, "partner_id": cls.customer.id,
                "user_id": ticket.user_id.id, "company_id": ticket.company_id.id,
                "csat": 4, "nps": 9})

    def _tickets(self, model, user):
        return set(self.env[model].sudo(user).search(
            [("partner_id", "=", self.customer.id)]).mapped("ticket_id").ids)

    def test_kpi_report_follows_ticket_rules(self):
        everything = self._tickets("crm.service.kpi.report", self.env.user)
        self.assertEqual(len(everything), 4)
        for user in (self.own, self.colleague, self.manager):
            readable = set(self.env["helpdesk.ticket"].sudo(user).search(
                [("partner_id", "=", self.customer.id)]).ids)
            self.assertEqual(self._tickets("crm.service.kpi.report", user), readable,
                             user.name)
            self.assertNotIn(self.other_company.id, readable)
        self.assertEqual(self._tickets("crm.service.kpi.report", self.own),
                         {self.mine.id, self.unassigned.id})

    def test_driver_report_follows_feedback_rules(self):
        for user in (self.own, self.colleague, self.manager):
            readable = set(self.env["crm.service.feedback"].sudo(user).search(
                [("partner_id", "=", self.customer.id)]).mapped("ticket_id").ids)
            self.assertEqual(self._tickets("crm.service.driver.report", user), readable,
                             user.name)
        self.assertEqual(self._tickets("crm.service.driver.report", self.own), {self.mine.id})
        self.assertNotIn(self.other_company.id,
                         self._tickets("crm.service.driver.report", self.manager))

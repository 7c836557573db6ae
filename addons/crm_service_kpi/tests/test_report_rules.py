# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The SQL-view reports show a user the rows of the documents they may read:
company rules and the personal rules of the tickets and the feedback."""
import re

from odoo.exceptions import AccessError
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

    def test_kpi_report_satisfaction_for_managers_only(self):
        """The analysis rows are tickets (ticket rules) but CSAT and NPS come
        from the feedback, whose rules are narrower: only helpdesk managers,
        who may read all feedback of their company, see those columns."""
        Report = self.env["crm.service.kpi.report"]
        domain = [("ticket_id", "=", self.unassigned.id)]
        self.assertFalse(self.env["crm.service.feedback"].sudo(self.own).search(
            [("ticket_id", "=", self.unassigned.id)]))
        as_own = Report.sudo(self.own)
        row = as_own.search(domain)
        self.assertEqual(row.read(["ticket_count"])[0]["ticket_count"], 1)
        for fields in (["csat"], ["nps"], ["answered"]):
            with self.assertRaises(AccessError, msg=fields):
                row.read(fields)
            with self.assertRaises(AccessError, msg=fields):
                as_own.read_group(domain, fields, [])
        with self.assertRaises(AccessError):
            as_own.read_group(domain, ["ticket_count"], ["csat"])
        with self.assertRaises(AccessError):
            as_own.search_count(domain + [("csat", ">=", 4)])
        with self.assertRaises(AccessError):
            as_own.read_group(domain + [("nps", ">=", 9)], ["ticket_count"], [])
        for view_type in ("search", "pivot", "graph"):
            arch = as_own.fields_view_get(view_type=view_type)["arch"]
            self.assertNotIn('"csat"', arch, view_type)
            # a filter of another group is hidden (Odoo 11 keeps it, invisible)
            for node in re.findall(r"<filter[^>]*'answered'[^>]*>", arch):
                self.assertIn('invisible="1"', node)
        self.assertNotIn("csat", as_own.fields_get())
        self.assertEqual(as_own.read_group(domain, ["ticket_count"], [])[0]["ticket_count"], 1)
        as_manager = Report.sudo(self.manager)
        self.assertEqual(as_manager.read_group(domain, ["csat"], [])[0]["csat"], 4.0)

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Customer 360 screens work for every role that is shown them: what the
user may not read is missing, never an error."""
from .test_timeline import TimelineCase


class TestHeaderRoles(TimelineCase):

    def _screens(self, user, partner=None):
        partner = (partner or self.customer).sudo(user)
        header = partner.customer360_header()
        partner.customer360_timeline(limit=50)
        partner.customer360_quick_actions()
        return header

    def _helpdesk_users(self):
        if "helpdesk.ticket" not in self.env:
            self.skipTest("helpdesk_mgmt is not installed")
        users = self.env["res.users"]
        for xmlid in ("helpdesk_mgmt.group_helpdesk_user", "helpdesk_mgmt.group_helpdesk_user_own"):
            group = self.env.ref(xmlid, raise_if_not_found=False)
            if group:
                users |= users.create({
                    "name": "Hank %s" % group.name, "login": "hank.%s.c360" % group.id,
                    "groups_id": [(6, 0, [group.id, self.env.ref("base.group_user").id])]})
        return users

    def test_helpdesk_user_on_customer_with_tier(self):
        users = self._helpdesk_users()
        if "loyalty_tier_id" not in self.env["res.partner"]._fields:
            self.skipTest("crm_loyalty is not installed")
        # a tier of the current company's program (crm_loyalty keeps one
        # membership per company), written as crm_loyalty's screens do
        tier = self.env["crm.loyalty.tier"].search(
            [("program_id.company_id", "=", self.env.user.company_id.id)], limit=1)
        if not tier:
            self.skipTest("no loyalty tier")
        self.customer.sudo().write({"loyalty_tier_id": tier.id})
        self.env["res.partner"].invalidate_cache()
        self.assertEqual(self.customer.customer360_header()["tier"], tier.name)
        self.assertEqual(self._screens(self.seller)["tier"], tier.name)
        for user in users:
            header = self._screens(user)
            if self.env["crm.loyalty.tier"].sudo(user).check_access_rights(
                    "read", raise_exception=False):
                self.assertEqual(header["tier"], tier.name)
            else:
                self.assertIs(header["tier"], False, "hidden, not an error")
                self.assertIn("tier", header["hidden"])
            self.assertIs(header["open_pipeline"], False)
            self.assertIn("open_pipeline", header["hidden"])

    def test_next_activity_of_a_user_of_another_company(self):
        values = {"name": "Far Away Ltd"}
        if "security_lead" in self.env["res.company"]._fields:
            values["security_lead"] = 0.0
        other_company = self.env["res.company"].create(values)
        faraway = self.env["res.users"].create({
            "name": "Fay Faraway", "login": "fay.c360", "company_id": other_company.id,
            "company_ids": [(6, 0, [other_company.id])],
            "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_salesman").id])]})
        self.env["mail.activity"].create({
            "res_model_id": self.env.ref("base.model_res_partner").id,
            "res_id": self.customer.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "summary": "Call from abroad", "date_deadline": "2026-07-01",
            "user_id": faraway.id})
        self.assertEqual(self.customer.customer360_header()["next_activity"]["user"],
                         "Fay Faraway")
        header = self._screens(self.seller)
        self.assertEqual(header["next_activity"]["summary"], "Call from abroad")
        self.assertFalse(header["next_activity"]["user"], "hidden, not an error")

    def test_satisfaction_counts_answered_feedback_only(self):
        if "crm.service.feedback" not in self.env:
            self.skipTest("crm_service_kpi is not installed")
        Feedback = self.env["crm.service.feedback"]
        Feedback.create({"partner_id": self.contact.id, "state": "answered", "csat": 4,
                         "nps": 10})
        Feedback.create({"partner_id": self.contact.id, "state": "requested"})
        satisfaction = self.customer.customer360_header()["satisfaction"]
        self.assertEqual((satisfaction["count"], satisfaction["csat_avg"], satisfaction["nps"]),
                         (1, 4.0, 100.0))

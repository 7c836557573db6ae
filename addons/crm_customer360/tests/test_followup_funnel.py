# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase
from odoo.addons.crm_customer_base.rules import definitions

from ..rules import followup_funnel


class FunnelCase(SavepointCase):
    """Three cards of the trade fair campaign collected on 10 January in
    company A: Ann is called two days later, becomes an opportunity three
    days after that and is won ten days later; Ben gets a meeting four days
    later; Cai only wrote to us. A fourth card belongs to company B."""

    REACHED = "2026-01-10 09:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_notrack=True, mail_create_nolog=True))
        env = cls.env
        cls.company_a = env["res.company"].create({"name": "Funnel A"})
        cls.company_b = env["res.company"].create({"name": "Funnel B"})
        internal = env.ref("base.group_user")

        def user(login, group, company):
            return env["res.users"].with_context(no_reset_password=True).create({
                "name": login.title(), "login": login + ".funnel", "company_id": company.id,
                "company_ids": [(6, 0, [company.id])],
                "groups_id": [(6, 0, [internal.id, env.ref(group).id])]})

        cls.sam = user("sam", "sales_team.group_sale_salesman", cls.company_a)
        cls.maggie = user("maggie", "sales_team.group_sale_manager", cls.company_a)
        cls.bert = user("bert", "sales_team.group_sale_manager", cls.company_b)
        cls.portal = env["res.users"].with_context(no_reset_password=True).create({
            "name": "Portal Pia", "login": "pia.funnel", "company_id": cls.company_a.id,
            "company_ids": [(6, 0, [cls.company_a.id])],
            "groups_id": [(6, 0, [env.ref("base.group_portal").id])]})
        cls.campaign = env["utm.campaign"].create({"name": "Funnel fair"})
        cls.empty = env["utm.campaign"].create({"name": "Funnel nothing yet"})
        Lead = env["crm.lead"]

        def card(name, company):
            lead = Lead.create({
                "name": name, "contact_name": name, "email_from": name.lower() + "@f.example",
                "campaign_id": cls.campaign.id, "company_id": company.id, "type": "lead",
                "user_id": cls.sam.id if company == cls.company_a else False})
            env.cr.execute("UPDATE crm_lead SET intake_date = %s, create_date = %s WHERE id = %s",
                           [cls.REACHED, cls.REACHED, lead.id])
            return lead

        cls.ann = card("Ann", cls.company_a)
        cls.ben = card("Ben", cls.company_a)
        cls.cai = card("Cai", cls.company_a)
        cls.dora = card("Dora", cls.company_b)
        customer = env["res.partner"].create({"name": "Cai Customer", "email": "cai@f.example"})
        Message = env["mail.message"]
        for lead, author, date in ((cls.ann, cls.sam.partner_id, "2026-01-12 09:00:00"),
                                   (cls.ann, cls.sam.partner_id, "2026-01-13 09:00:00"),
                                   (cls.cai, customer, "2026-01-11 09:00:00"),
                                   (cls.cai, cls.sam.partner_id, "2026-01-09 09:00:00"),
                                   (cls.dora, cls.sam.partner_id, "2026-01-11 09:00:00")):
            Message.create({"model": "crm.lead", "res_id": lead.id, "message_type": "comment",
                            "author_id": author.id, "body": "<p>Call</p>", "date": date})
        env["calendar.event"].create({
            "name": "Ben's visit", "start": "2026-01-14 09:00:00", "stop": "2026-01-14 10:00:00",
            "opportunity_id": cls.ben.id, "user_id": cls.sam.id, "partner_ids": [(6, 0, [])]})
        env.cr.execute(
            "UPDATE crm_lead SET type = 'opportunity', date_conversion = %s, probability = 100, "
            "date_closed = %s WHERE id = %s",
            ["2026-01-15 09:00:00", "2026-01-25 09:00:00", cls.ann.id])
        env["crm.lead"].invalidate_cache()

    def _key(self, campaign=None):
        return "campaign,%d" % (campaign or self.campaign).id

    def test_funnel_counts_conversion_median(self):
        data = self.env["crm.followup.funnel"].sudo(self.maggie).get_funnel_data(self._key())
        steps = {s["step"]: s for s in data["steps"]}
        self.assertEqual([s["step"] for s in data["steps"]], list(followup_funnel.STEPS))
        self.assertEqual([steps[s]["count"] for s in followup_funnel.STEPS], [3, 3, 2, 1, 1])
        self.assertEqual([steps[s]["conversion"] for s in followup_funnel.STEPS],
                         [None, 100.0, 66.7, 50.0, 100.0])
        self.assertEqual([steps[s]["median_days"] for s in followup_funnel.STEPS],
                         [None, 0.0, 3.0, 3.0, 10.0])
        self.assertEqual(data["not_contacted"], 1)
        self.assertTrue(steps["contacted"]["help"])
        # the SQL summary agrees with the rules' Python reference
        rows = self.env["crm.followup.funnel"].sudo(self.maggie).search_read(
            [("source_key", "=", self._key())], list(followup_funnel.DATE_COLUMNS.values()))
        for row in rows:
            for column in followup_funnel.DATE_COLUMNS.values():
                row[column] = row[column] and fields.Datetime.from_string(row[column])
        reference = followup_funnel.funnel(rows)
        self.assertEqual([(s["count"], s["conversion"], s["median_days"]) for s in reference],
                         [(s["count"], s["conversion"], s["median_days"]) for s in data["steps"]])
        action = self.env["crm.followup.funnel"].sudo(self.maggie).action_not_contacted(
            self._key())
        people = self.env["crm.followup.funnel"].sudo(self.maggie).search(action["domain"])
        self.assertEqual(people.mapped("lead_id"), self.cai)

    def test_empty_campaign_and_bad_keys(self):
        Funnel = self.env["crm.followup.funnel"].sudo(self.maggie)
        data = Funnel.get_funnel_data(self._key(self.empty))
        self.assertEqual([s["count"] for s in data["steps"]], [0] * 5)
        self.assertEqual([s["conversion"] for s in data["steps"]], [None] * 5)
        self.assertEqual(data["not_contacted"], 0)
        for key in ("", "campaign", "campaign,abc", "lead,1", None, "event,-1"):
            with self.assertRaises(UserError):
                Funnel.get_funnel_data(key)
        sources = Funnel.get_funnel_sources()
        self.assertIn({"key": self._key(), "name": "Funnel fair", "reached": 3}, sources)

    def test_access_and_companies(self):
        data = self.env["crm.followup.funnel"].sudo(self.bert).get_funnel_data(self._key())
        self.assertEqual([s["count"] for s in data["steps"]], [1, 1, 1, 0, 0])
        with self.assertRaises(UserError):
            self.env["crm.followup.funnel"].sudo(self.sam).get_funnel_data(self._key())
        with self.assertRaises(AccessError):
            self.env["crm.followup.funnel"].sudo(self.sam).search([])
        with self.assertRaises(AccessError):
            self.env["crm.followup.funnel"].sudo(self.portal).get_funnel_sources()

    def test_view_without_optional_apps(self):
        """The view's SQL without mass_mailing and event is valid and gives
        the same rows for the cards of a campaign."""
        sql = followup_funnel.view_sql(False, False, definitions.sql_is_employee)
        self.env.cr.execute("SELECT count(*), count(contacted_date) FROM (%s) f "
                            "WHERE f.source_key = %%s AND f.company_id = %%s" % sql,
                            [self._key(), self.company_a.id])
        self.assertEqual(self.env.cr.fetchone(), (3, 2))

    def test_event_registrations(self):
        if "event.registration" not in self.env:
            self.skipTest("the Events app is not installed")
        event = self.env["event.event"].create({
            "name": "Funnel seminar", "date_begin": "2026-02-01 09:00:00",
            "date_end": "2026-02-01 18:00:00", "company_id": self.company_a.id})
        partner = self.env["res.partner"].create({
            "name": "Eve Event", "email": "eve@f.example", "company_id": self.company_a.id})
        registration = self.env["event.registration"].create({
            "event_id": event.id, "partner_id": partner.id, "name": "Eve",
            "email": "eve@f.example"})
        self.env.cr.execute("UPDATE event_registration SET create_date = %s WHERE id = %s",
                            ["2026-01-20 09:00:00", registration.id])
        self.env["mail.message"].create({
            "model": "res.partner", "res_id": partner.id, "message_type": "comment",
            "author_id": self.sam.partner_id.id, "body": "<p>Called</p>",
            "date": "2026-01-22 09:00:00"})
        data = self.env["crm.followup.funnel"].sudo(self.maggie).get_funnel_data(
            "event,%d" % event.id)
        self.assertEqual([s["count"] for s in data["steps"]], [1, 0, 0, 0, 0])
        self.assertEqual(data["not_contacted"], 0, "Eve was called, without a lead yet")

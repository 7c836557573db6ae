# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

import xlsxwriter

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase


class IntakeCase(SavepointCase):
    """Company A (China) with the sales team East (Sam, Sue) and West (Will);
    company B elsewhere. A knows Acme Trading (account manager Sue) and has
    an open lead for dup@lead.example; B has a customer with the email of
    one of the cards (never matched from A)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_notrack=True, mail_create_nolog=True))
        env = cls.env
        cn = env.ref("base.cn")
        cls.company_a = env["res.company"].create({"name": "Intake A", "country_id": cn.id})
        cls.company_b = env["res.company"].create({"name": "Intake B", "country_id": cn.id})
        cls.east = env["crm.team"].create({"name": "Intake East", "company_id": cls.company_a.id})
        cls.west = env["crm.team"].create({"name": "Intake West", "company_id": cls.company_a.id})
        internal = env.ref("base.group_user")
        salesman = env.ref("sales_team.group_sale_salesman")
        manager = env.ref("sales_team.group_sale_manager")

        def user(login, groups, team=None, company=None):
            company = company or cls.company_a
            return env["res.users"].with_context(no_reset_password=True).create({
                "name": login.title(), "login": login + ".intake", "email": login + "@a.example",
                "company_id": company.id, "company_ids": [(6, 0, [company.id])],
                "sale_team_id": team.id if team else False,
                "groups_id": [(6, 0, [internal.id] + [g.id for g in groups])]})

        cls.sam = user("sam", [salesman], cls.east)
        cls.sue = user("sue", [salesman], cls.east)
        cls.will = user("will", [salesman], cls.west)
        cls.maggie = user("maggie", [manager], cls.east)
        cls.bob = user("bob", [salesman], None, cls.company_b)
        cls.portal = env["res.users"].with_context(no_reset_password=True).create({
            "name": "Portal Pat", "login": "pat.intake", "company_id": cls.company_a.id,
            "company_ids": [(6, 0, [cls.company_a.id])],
            "groups_id": [(6, 0, [env.ref("base.group_portal").id])]})
        Partner = env["res.partner"]
        cls.acme = Partner.create({
            "name": "ACME Trading Co., Ltd.", "is_company": True, "customer": True,
            "company_id": cls.company_a.id, "user_id": cls.sue.id})
        cls.known = Partner.create({
            "name": "Kim Known", "parent_id": cls.acme.id, "email": "Kim@Acme.example",
            "company_id": cls.company_a.id})
        cls.other_company = Partner.create({
            "name": "Bea Other", "email": "bea@other.example", "phone": "+86 139 0000 0003",
            "company_id": cls.company_b.id})
        cls.dup_lead = env["crm.lead"].create({
            "name": "Known lead", "email_from": "Dup@Lead.example", "type": "lead",
            "company_id": cls.company_a.id, "team_id": cls.east.id})
        cls.campaign = env["utm.campaign"].create({"name": "Trade fair (test)"})

    CARDS = (
        "姓名,公司,职位,手机,邮箱\n"
        "王丽,上海华信贸易有限公司,采购经理,138 1234 5678,wang@huaxin.example\n"   # 2 new
        "Kim Known,Acme,Buyer,,KIM@acme.example\n"                                 # 3 customer
        "Lee,ＡＣＭＥ　Trading Ltd,Engineer,139 0000 0001,lee@acme.example\n"       # 4 customer
        "Dan,Dup Inc,CEO,,dup@lead.example\n"                                      # 5 duplicate
        "Wang Li,Huaxin,Buyer,+86 138-1234-5678,\n"                                # 6 in file
        "Bea,Other,,139 0000 0003,bea@other.example\n"                             # 7 new (B's)
        "Nobody,,,,not-an-email\n"                                                 # 8 error
    )

    def _wizard(self, user, content, filename="cards.csv", **values):
        vals = {"file": base64.b64encode(content), "filename": filename,
                "campaign_id": self.campaign.id, "team_id": self.east.id}
        vals.update(values)
        return self.env["crm.lead.intake"].sudo(user).create(vals)

    def _intake_leads(self):
        return self.env["crm.lead"].search_count([("intake_date", "!=", False)])

    def test_preview_statuses_and_all_or_nothing(self):
        before = self._intake_leads()
        # the manager may assign to colleagues (a plain salesperson: see
        # test_lead_intake_orm.py)
        wizard = self._wizard(self.maggie, self.CARDS.encode("utf-8"))
        wizard.action_preview()
        by_line = {line.line: line for line in wizard.line_ids}
        self.assertEqual({n: by_line[n].status for n in by_line}, {
            2: "new", 3: "customer", 4: "customer", 5: "duplicate", 6: "in_file",
            7: "new", 8: "error"})
        self.assertEqual(by_line[2].phone, "+8613812345678")
        self.assertEqual(by_line[3].partner_id, self.known)
        self.assertEqual(by_line[4].partner_id, self.acme)
        self.assertEqual(by_line[5].lead_id, self.dup_lead)
        self.assertEqual(by_line[6].first_line, 2)
        self.assertFalse(by_line[7].partner_id, "a partner of company B is never matched")
        self.assertIn("Line 8", wizard.error_text)
        self.assertEqual((wizard.count_new, wizard.count_customer, wizard.count_duplicate,
                          wizard.count_in_file, wizard.count_error), (2, 2, 1, 1, 1))
        self.assertAlmostEqual(wizard.matched_pct, 300.0 / 7)
        # the existing account manager first, then round robin in the team
        self.assertEqual(by_line[3].user_id, self.sue)
        self.assertEqual(by_line[4].user_id, self.sue)
        self.assertEqual(by_line[2].user_id | by_line[7].user_id, self.sam | self.sue)
        with self.assertRaises(UserError):
            wizard.action_import()
        self.assertEqual(self._intake_leads(), before, "nothing half-imported")

        wizard.import_mode = "good"
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.count_created, 4)
        leads = self.env["crm.lead"].browse(wizard.sudo().lead_ids.ids)
        self.assertEqual(len(leads), 4)
        self.assertEqual(self._intake_leads(), before + 4)
        self.assertEqual(leads.mapped("campaign_id"), self.campaign)
        self.assertEqual(leads.mapped("company_id"), self.company_a)
        self.assertTrue(all(lead.stage_id for lead in leads))
        wang = leads.filtered(lambda l: l.contact_name == "王丽")
        self.assertEqual((wang.phone, wang.email_from, wang.partner_name, wang.function),
                         ("+8613812345678", "wang@huaxin.example", "上海华信贸易有限公司", "采购经理"))
        self.assertEqual(leads.filtered(lambda l: l.contact_name == "Lee").partner_id, self.acme)
        # the manager sees the leads through the ORM, with the record rules;
        # company B's salesperson does not
        self.assertEqual(self.env["crm.lead"].sudo(self.maggie).search_count(
            [("id", "in", leads.ids)]), 4)
        self.assertEqual(self.env["crm.lead"].sudo(self.bob).search_count(
            [("id", "in", leads.ids)]), 0)

    def test_encodings_and_xlsx(self):
        text = self.CARDS.splitlines()
        simplified = "\n".join(text[:2]) + "\n"
        wizard = self._wizard(self.sam, simplified.encode("gb18030"))
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.name, "王丽")
        traditional = "姓名,公司,職位,電話,郵箱\n陳大文,臺北華信貿易股份有限公司,經理,0912345678,chen@hx.example\n"
        wizard = self._wizard(self.sam, traditional.encode("big5"))
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.company, "臺北華信貿易股份有限公司")
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer)
        sheet = book.add_worksheet()
        for r, row in enumerate([["Name", "Company", "Phone", "Email", "Country"],
                                 ["Tom", "Tom Ltd", 912345678, "tom@tom.example", "TW"]]):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        book.close()
        wizard = self._wizard(self.sam, buffer.getvalue(), "cards.xlsx")
        wizard.action_preview()
        self.assertEqual((wizard.line_ids.status, wizard.line_ids.phone,
                          wizard.line_ids.country_id), ("new", "+886912345678", self.env.ref(
                              "base.tw")))

    def test_malformed_files(self):
        for content, filename, text in (
                (b"PK\x03\x04garbage", "cards.xlsx", "cannot be read"),
                (b"foo,bar\n1,2\n", "cards.csv", "names no known column"),
                (b"", "cards.csv", "no rows"),
                (b"%PDF-1.4", "cards.pdf", "not a CSV")):
            wizard = self._wizard(self.sam, content or b" ", filename)
            if not content:
                wizard.file = False
            with self.assertRaises(UserError) as caught:
                wizard.action_preview()
            self.assertIn(text if content else "Choose a file", str(caught.exception.name))
            self.assertEqual(wizard.state, "upload")
            self.assertFalse(wizard.line_ids)
        wizard = self._wizard(self.sam, b"name,email\n,\n")
        with self.assertRaises(UserError):
            wizard.action_preview()
        with self.assertRaises(UserError):
            wizard.action_import()

    def test_access(self):
        wizard = self._wizard(self.portal, self.CARDS.encode())
        with self.assertRaises(AccessError):
            wizard.action_preview()
        self.assertFalse(wizard.line_ids)
        wizard = self._wizard(self.will, self.CARDS.encode())
        with self.assertRaises(UserError):
            wizard.action_preview()
        wizard = self._wizard(self.maggie, self.CARDS.encode(), team_id=self.west.id)
        wizard.action_preview()
        # company B's salesperson matches nothing of company A
        wizard = self._wizard(self.bob, self.CARDS.encode(), team_id=False)
        wizard.action_preview()
        by_line = {line.line: line for line in wizard.line_ids}
        self.assertEqual(by_line[3].status, "new")
        self.assertEqual(by_line[5].status, "new")
        self.assertEqual(by_line[7].status, "customer")
        self.assertEqual(by_line[7].partner_id, self.other_company)

    def test_territory(self):
        territory = self.env["crm.lead.intake.territory"].create({
            "country_id": self.env.ref("base.cn").id, "team_id": self.west.id,
            "company_id": self.company_a.id})
        wizard = self._wizard(self.maggie, self.CARDS.encode())
        wizard.action_preview()
        by_line = {line.line: line for line in wizard.line_ids}
        self.assertEqual((by_line[2].team_id, by_line[2].user_id), (self.west, self.will))
        self.assertEqual(by_line[3].user_id, self.sue, "account manager before territory")
        with self.assertRaises(AccessError):
            territory.sudo(self.sam).write({"team_id": self.east.id})
        self.assertFalse(self.env["crm.lead.intake.territory"].sudo(self.bob).search(
            [("id", "=", territory.id)]))

    def test_event_tag(self):
        if "event.event" not in self.env:
            self.skipTest("the Events app is not installed")
        event = self.env["event.event"].create({
            "name": "Intake fair", "date_begin": "2026-03-01 09:00:00",
            "date_end": "2026-03-02 18:00:00", "company_id": self.company_a.id})
        wizard = self._wizard(self.sam, self.CARDS.encode(), campaign_id=False,
                              event_ref="event.event,%d" % event.id, import_mode="good")
        wizard.action_preview()
        wizard.action_import()
        self.assertEqual(set(wizard.lead_ids.mapped("intake_event_ref")), {event})

    def test_row_country_reads_the_phone(self):
        """A card's own country reads its phone, even one that the company's
        country cannot read."""
        self.company_a.country_id = self.env.ref("base.us")
        wizard = self._wizard(self.sam, b"Name,Phone,Country\nMei,912 345 678,TW\n")
        wizard.action_preview()
        self.assertEqual((wizard.line_ids.status, wizard.line_ids.phone),
                         ("new", "+886912345678"))

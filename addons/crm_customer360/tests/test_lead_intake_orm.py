# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The lead intake creates its leads through the ORM as the importing user:
the leads have what a lead created in the form has (followers and their
subtypes, defaults, stored computed fields) but the chatter note of each,
each salesperson is told once, and the record rules on crm.lead hold (a
salesperson with "own documents only" owns what they import)."""
import base64

from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase


class IntakeOrmCase(SavepointCase):
    """Company A (China), team East: Sam and Sue (own documents only), Alice
    (all leads). A knows Acme (account manager Sue). The context is the web
    client's: no tracking_disable, no mail_create_nolog."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context={"lang": "en_US", "tz": "UTC"})
        env = cls.env
        cls.company = env["res.company"].create({
            "name": "Intake ORM A", "country_id": env.ref("base.cn").id})
        cls.east = env["crm.team"].create({"name": "ORM East", "company_id": cls.company.id})
        internal = env.ref("base.group_user")
        salesman = env.ref("sales_team.group_sale_salesman")
        all_leads = env.ref("sales_team.group_sale_salesman_all_leads")

        def user(login, groups):
            return env["res.users"].with_context(no_reset_password=True).create({
                "name": login.title(), "login": login + ".intake.orm",
                "email": login + "@orm.example", "company_id": cls.company.id,
                "company_ids": [(6, 0, [cls.company.id])], "sale_team_id": cls.east.id,
                "groups_id": [(6, 0, [internal.id] + [g.id for g in groups])]})

        cls.sam = user("sam", [salesman])
        cls.sue = user("sue", [salesman])
        cls.alice = user("alice", [all_leads])
        cls.acme = env["res.partner"].create({
            "name": "Acme Orm Trading Ltd", "is_company": True, "customer": True,
            "email": "buy@acme-orm.example", "company_id": cls.company.id,
            "user_id": cls.sue.id})
        cls.campaign = env["utm.campaign"].create({"name": "Fair (ORM test)"})

    CARDS = (
        "Name,Company,Phone,Email\n"
        "Wang Li,Huaxin Orm,138 1234 5678,wang@hx-orm.example\n"   # 2 new
        "Bo Buyer,Acme Orm Trading,,buy@acme-orm.example\n"        # 3 customer (Sue's)
        "Li Na,Lina Orm,139 0000 0042,lina@orm.example\n"          # 4 new
    )

    def _preview(self, user, cards=None):
        wizard = self.env["crm.lead.intake"].sudo(user).create({
            "file": base64.b64encode((cards or self.CARDS).encode()),
            "filename": "cards.csv", "campaign_id": self.campaign.id,
            "team_id": self.east.id})
        wizard.action_preview()
        return wizard

    def _leads(self, emails):
        return self.env["crm.lead"].with_context(active_test=False).search(
            [("email_from", "in", emails)])

    def _followers(self, lead):
        return lead.message_follower_ids.mapped("partner_id")

    def _follower_subtypes(self, lead):
        return {f.partner_id: f.subtype_ids for f in lead.message_follower_ids}

    def _subtypes(self, lead):
        return sorted(lead.message_ids.mapped("subtype_id.name"))

    def _day_open_stored(self, lead):
        self.env.cr.execute("SELECT day_open IS NOT NULL FROM crm_lead WHERE id = %s",
                            [lead.id])
        return self.env.cr.fetchone()[0]

    def test_lead_as_created_in_the_form(self):
        wizard = self._preview(self.alice, "Name,Company,Email\nWang Li,Huaxin Orm,"
                                           "wang@hx-orm.example\n")
        wizard.action_import()
        lead = self._leads(["wang@hx-orm.example"])
        self.assertEqual(len(lead), 1)
        self.assertTrue(lead.user_id, "round robin in East")
        reference = self.env["crm.lead"].sudo(self.alice).create({
            "name": "Reference", "contact_name": "Wang Li", "partner_name": "Huaxin Orm",
            "email_from": "ref@hx-orm.example", "type": "lead", "user_id": lead.user_id.id,
            "team_id": self.east.id, "company_id": self.company.id,
            "campaign_id": self.campaign.id})
        expected = self.alice.partner_id | lead.user_id.partner_id
        self.assertEqual(self._followers(reference), expected)
        self.assertEqual(self._followers(lead), expected,
                         "the importer and the salesperson follow the lead")
        self.assertEqual(self._follower_subtypes(lead), self._follower_subtypes(reference),
                         "each follower follows the same subtypes")
        self.assertTrue(self._subtypes(reference))
        self.assertEqual(self._subtypes(lead), [],
                         "no creation note per imported lead (one message per salesperson)")
        self.assertTrue(self._day_open_stored(reference))
        self.assertTrue(self._day_open_stored(lead), "stored computed fields are computed")
        self.assertEqual((lead.stage_id, lead.probability, lead.date_open and True,
                          lead.create_uid),
                         (reference.stage_id, reference.probability, True, self.alice))
        self.assertTrue(lead.intake_date)

    def _inbox(self, user):
        return self.env["mail.message"].search([
            ("partner_ids", "in", user.partner_id.ids),
            ("subject", "=", "New leads from the lead intake")])

    def test_each_salesperson_told_once(self):
        """Instead of an "assigned to you" email per lead, each salesperson
        who got leads (but the importer) gets one message with their count."""
        cards = "Name,Company,Email\n" + "".join(
            "Card %d,Co %d,card%d@told.example\n" % (i, i, i) for i in range(6))
        wizard = self._preview(self.alice, cards)
        wizard.action_import()
        leads = self._leads(["card%d@told.example" % i for i in range(6)])
        self.assertEqual(len(leads), 6)
        for user in (self.sam, self.sue):
            mine = leads.filtered(lambda l: l.user_id == user)
            self.assertTrue(mine, "round robin gives both some leads")
            message = self._inbox(user)
            self.assertEqual(len(message), 1, "one message, not one per lead")
            self.assertIn("assigned you %d new leads" % len(mine), message.body)
            self.assertIn(self.campaign.name, message.body)
            self.assertIn(user.partner_id, message.needaction_partner_ids)
            for lead in mine:
                self.assertIn(user.partner_id, self._followers(lead))
        self.assertFalse(self._inbox(self.alice), "the importer is not told")

    def test_importing_for_oneself_tells_nobody(self):
        wizard = self._preview(self.sam)
        wizard.action_import()
        self.assertFalse(self._inbox(self.sam) | self._inbox(self.sue))

    def test_plain_salesperson_owns_the_import(self):
        wizard = self._preview(self.sam)
        by_line = {line.line: line for line in wizard.line_ids}
        self.assertEqual({n: line.status for n, line in by_line.items()},
                         {2: "new", 3: "customer", 4: "new"})
        self.assertEqual(wizard.line_ids.mapped("user_id"), self.sam)
        self.assertIn("assigned to you", wizard.assign_note)
        self.assertIn("Sue", by_line[3].message)
        wizard.action_import()
        leads = self._leads(["wang@hx-orm.example", "buy@acme-orm.example",
                             "lina@orm.example"])
        self.assertEqual(len(leads), 3)
        self.assertEqual(leads.mapped("user_id"), self.sam,
                         "no lead of a colleague owned by a salesperson's import")
        self.assertEqual(self.env["crm.lead"].sudo(self.sam).search_count(
            [("id", "in", leads.ids)]), 3, "Sam sees all the leads he imported")

    def test_user_with_all_leads_gets_the_rules(self):
        wizard = self._preview(self.alice)
        by_line = {line.line: line for line in wizard.line_ids}
        self.assertFalse(wizard.assign_note)
        self.assertEqual(by_line[3].user_id, self.sue, "the account manager first")
        self.assertEqual(by_line[2].user_id | by_line[4].user_id, self.sam | self.sue,
                         "round robin in the team")
        wizard.action_import()
        self.assertEqual(self._leads(["buy@acme-orm.example"]).user_id, self.sue)

    def test_record_rules_hold_and_nothing_half_imported(self):
        """A row that the importer's rights forbid (here a line tampered with
        to a colleague) stops the import: its line is reported, and the
        leads of the rows before it are rolled back."""
        wizard = self._preview(self.sam)
        wizard.line_ids.filtered(lambda l: l.line == 4).sudo().write({"user_id": self.sue.id})
        emails = ["wang@hx-orm.example", "buy@acme-orm.example", "lina@orm.example"]
        with self.assertRaises(UserError) as caught:
            wizard.action_import()
        self.assertIn("line 4", caught.exception.name)
        self.assertFalse(self._leads(emails), "nothing half-imported")
        self.assertFalse(self._inbox(self.sue), "nobody told of an import that failed")
        self.assertEqual(wizard.state, "preview")

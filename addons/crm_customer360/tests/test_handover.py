# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase


class HandoverCase(SavepointCase):
    """Leo is leaving: he follows two customer companies; Carl follows a
    third one. Nina takes over; Maggie, a sales manager, runs the handover."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_notrack=True, mail_create_nolog=True))
        env = cls.env
        internal = env.ref("base.group_user")
        salesman = env.ref("sales_team.group_sale_salesman")
        manager = env.ref("sales_team.group_sale_manager")

        def user(name, login, groups):
            return env["res.users"].create({
                "name": name, "login": login, "email": "%s@example.com" % login,
                "groups_id": [(6, 0, [internal.id] + [g.id for g in groups])]})

        cls.leo = user("Leo Leaving", "leo.c360h", [salesman])
        cls.nina = user("Nina New", "nina.c360h", [salesman])
        cls.carl = user("Carl Colleague", "carl.c360h", [salesman])
        cls.maggie = user("Maggie Manager", "maggie.c360h", [manager])

        Partner = env["res.partner"]
        cls.customer = Partner.create(
            {"name": "Handover Corp", "is_company": True, "customer": True,
             "user_id": cls.leo.id})
        cls.key_contact = Partner.create({
            "name": "Kim Keycontact", "parent_id": cls.customer.id, "user_id": cls.leo.id,
            "function": "Purchasing manager", "email": "kim@handover.example",
            "phone": "+1 555 0101"})
        cls.carls_contact = Partner.create({
            "name": "Carla Contact", "parent_id": cls.customer.id, "user_id": cls.carl.id})
        cls.second = Partner.create(
            {"name": "Second Leo Ltd", "is_company": True, "customer": True,
             "user_id": cls.leo.id})
        cls.carls_customer = Partner.create(
            {"name": "Carl's Customer", "is_company": True, "customer": True,
             "user_id": cls.carl.id})

        cls.product = env["product.product"].create(
            {"name": "Handover widget", "list_price": 80.0, "type": "consu"})

        def quotation(partner, owner):
            return env["sale.order"].create({
                "partner_id": partner.id, "user_id": owner.id,
                "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": 1,
                                       "price_unit": 80.0})]})

        cls.quotation = quotation(cls.customer, cls.leo)
        cls.carls_quotation = quotation(cls.carls_customer, cls.carl)
        cls.opportunity = env["crm.lead"].create({
            "name": "Handover renewal", "partner_id": cls.key_contact.id,
            "user_id": cls.leo.id, "type": "opportunity", "planned_revenue": 9000})
        cls.promise = env["crm.commitment"].create({
            "name": "Free on-site training", "partner_id": cls.customer.id,
            "user_id": cls.leo.id, "date_due": "2020-01-15"})

    def _wizard(self, vals, user=None, partners=None):
        env = self.env(user=user or self.maggie)
        context = {}
        if partners is not None:
            context = {"active_model": "res.partner", "active_ids": partners.ids}
        return env["crm.customer360.handover"].with_context(**context).create(vals)

    def _notes(self, partner):
        note = self.env.ref("mail.mt_note")
        return partner.message_ids.filtered(lambda m: m.subtype_id == note)

    def test_one_customer(self):
        wizard = self._wizard({"to_user_id": self.nina.id}, partners=self.key_contact)
        self.assertEqual(wizard.mode, "customers")
        action = wizard.action_handover()

        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "crm_customer360.report_handover_brief")
        self.assertEqual(action["data"]["partner_ids"], self.customer.ids)
        self.assertEqual(self.customer.user_id, self.nina)
        self.assertEqual(self.key_contact.user_id, self.nina, "same owner: follows")
        self.assertEqual(self.carls_contact.user_id, self.carl, "another owner: stays")
        self.assertEqual(self.second.user_id, self.leo)
        self.assertEqual(self.opportunity.user_id, self.nina)
        self.assertEqual(self.quotation.user_id, self.nina)

        notes = self._notes(self.customer)
        self.assertEqual(len(notes), 1)
        body = notes.body
        for expected in ("Leo Leaving", "Nina New", "Free on-site training", "Overdue",
                         self.quotation.name, "Handover renewal", "Kim Keycontact",
                         "Purchasing manager", "kim@handover.example"):
            self.assertIn(expected, body)

    def test_leaving_salesperson_with_documents(self):
        wizard = self._wizard({
            "mode": "salesperson", "from_user_id": self.leo.id, "to_user_id": self.nina.id,
            "reassign_opportunities": True, "reassign_quotations": True})
        action = wizard.action_handover()

        self.assertEqual(sorted(action["data"]["partner_ids"]),
                         sorted((self.customer | self.second).ids))
        self.assertEqual((self.customer | self.second).mapped("user_id"), self.nina)
        self.assertEqual(self.carls_customer.user_id, self.carl)
        self.assertEqual(self.carls_contact.user_id, self.carl)
        self.assertEqual(self.opportunity.user_id, self.nina)
        self.assertEqual(self.quotation.user_id, self.nina)
        self.assertEqual(self.carls_quotation.user_id, self.carl)
        self.assertTrue(self._notes(self.second))
        self.assertFalse(self._notes(self.carls_customer))

    def test_leaving_salesperson_without_documents(self):
        self._wizard({
            "mode": "salesperson", "from_user_id": self.leo.id, "to_user_id": self.nina.id,
            "reassign_opportunities": False, "reassign_quotations": False,
        }).action_handover()

        self.assertEqual((self.customer | self.second).mapped("user_id"), self.nina)
        self.assertEqual(self.opportunity.user_id, self.leo)
        self.assertEqual(self.quotation.user_id, self.leo)

    def test_same_user_refused(self):
        wizard = self._wizard({
            "mode": "salesperson", "from_user_id": self.leo.id, "to_user_id": self.leo.id})
        with self.assertRaises(UserError), self.cr.savepoint():
            wizard.action_handover()
        self.assertEqual(self.customer.user_id, self.leo)
        self.assertEqual(self.quotation.user_id, self.leo)
        self.assertFalse(self._notes(self.customer))

    def test_inactive_new_owner_refused(self):
        self.nina.active = False
        wizard = self._wizard({"to_user_id": self.nina.id}, partners=self.customer)
        with self.assertRaises(UserError), self.cr.savepoint():
            wizard.action_handover()
        self.assertEqual(self.customer.user_id, self.leo)

    def test_salesman_cannot_hand_over(self):
        with self.assertRaises(AccessError), self.cr.savepoint():
            self._wizard({"to_user_id": self.leo.id}, user=self.carl,
                         partners=self.customer).action_handover()
        self.assertEqual(self.customer.user_id, self.leo)

    def test_report_renders(self):
        action = self._wizard({"to_user_id": self.nina.id},
                              partners=self.customer).action_handover()
        report = self.env(user=self.maggie).ref("crm_customer360.action_report_handover_brief")
        html = report.render_qweb_html([], data=action["data"])[0].decode("utf-8")
        self.assertIn("Handover Corp", html)
        self.assertIn("Free on-site training", html)
        self.assertIn("Leo Leaving", html)
        # From the partner's Print menu: no previous owner, same brief.
        html = report.render_qweb_html(self.customer.ids)[0].decode("utf-8")
        self.assertIn("Free on-site training", html)
        self.assertIn("Nina New", html)

    def test_brief_skips_figures_the_manager_may_not_see(self):
        """The header says False for a figure the user may not see (XML-RPC
        has no None): the brief leaves it out instead of failing."""
        self.env["ir.model.access"].search([
            ("model_id.model", "=", "account.invoice"),
            "|", ("group_id", "=", False), ("group_id", "in", self.maggie.groups_id.ids),
        ]).write({"active": False})
        header = self.customer.sudo(self.maggie).customer360_header()
        self.assertIn("revenue_lifetime", header["hidden"])
        wizard = self.env["crm.customer360.handover"].sudo(self.maggie)
        labels = [f["label"] for f in wizard._brief_facts(header)]
        self.assertNotIn("Revenue, lifetime", labels)

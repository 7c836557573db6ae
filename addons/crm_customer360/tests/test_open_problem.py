# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase

from ..models.crm_customer360_problem import BLOCK_PARAM


class OpenProblemCase(SavepointCase):
    """A customer with a promise past due (an open problem)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_notrack=True, mail_create_nolog=True))
        env = cls.env
        today = fields.Date.from_string(fields.Date.context_today(env["res.partner"]))
        cls.customer = env["res.partner"].create(
            {"name": "Problem Corp", "is_company": True, "customer": True})
        cls.contact = env["res.partner"].create(
            {"name": "Pat Problem", "parent_id": cls.customer.id})
        cls.happy = env["res.partner"].create(
            {"name": "Happy Ltd", "is_company": True, "customer": True})
        user = env.ref("base.group_user").id
        cls.salesman = env["res.users"].create({
            "name": "Sam Salesman", "login": "sam.c360.problem", "email": "sam@example.com",
            "groups_id": [(6, 0, [env.ref("sales_team.group_sale_salesman").id, user])]})
        cls.manager = env["res.users"].create({
            "name": "Mia Manager", "login": "mia.c360.problem", "email": "mia@example.com",
            "groups_id": [(6, 0, [env.ref("sales_team.group_sale_manager").id, user])]})
        Commitment = env["crm.commitment"]
        cls.late = Commitment.create({
            "name": "Repair the leaking pump", "partner_id": cls.contact.id,
            "user_id": cls.manager.id, "date_due": fields.Date.to_string(today - timedelta(days=10))})
        # Not problems: due in the future, or already kept.
        Commitment.create({
            "name": "Call back next week", "partner_id": cls.customer.id,
            "user_id": cls.manager.id, "date_due": fields.Date.to_string(today + timedelta(days=7))})
        Commitment.create({
            "name": "Old kept promise", "partner_id": cls.customer.id, "state": "kept",
            "user_id": cls.manager.id, "date_due": fields.Date.to_string(today - timedelta(days=30))})
        cls.product = env["product.product"].create(
            {"name": "Problem Service", "list_price": 100.0, "type": "service"})
        cls.ICP = env["ir.config_parameter"].sudo()

    def _order(self, partner, user):
        return self.env["sale.order"].create({
            "partner_id": partner.id, "user_id": user.id,
            "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1})],
        })

    def _block(self, on):
        self.ICP.set_param(BLOCK_PARAM, on and "True" or False)


class TestOpenProblem(OpenProblemCase):

    def test_problems_listed(self):
        Problem = self.env["crm.customer360.problem"]
        problems = Problem._customer360_open_problems(self.customer | self.happy)
        self.assertEqual(set(problems), {self.customer.id, self.happy.id})
        self.assertFalse(problems[self.happy.id])
        [problem] = problems[self.customer.id]
        self.assertEqual(problem["model"], "crm.commitment")
        self.assertEqual(problem["res_id"], self.late.id)
        self.assertIn("Repair the leaking pump", problem["name"])
        self.assertEqual(problem["since"], self.late.date_due)
        # Through a contact: the problems of its company.
        via_contact = Problem._customer360_open_problems(self.contact)
        self.assertEqual(via_contact, {self.customer.id: problems[self.customer.id]})
        # A kept promise is no longer a problem.
        self.late.action_keep()
        self.assertFalse(Problem._customer360_open_problems(self.contact)[self.customer.id])

    def test_onchange_warning(self):
        order = self.env["sale.order"].new({"partner_id": self.contact.id})
        warning = order._onchange_partner_id_customer360()["warning"]
        self.assertIn("Problem Corp", warning["title"])
        self.assertIn("Repair the leaking pump", warning["message"])
        self.assertIn(self.late.date_due, warning["message"])
        self.assertFalse(self.env["sale.order"].new(
            {"partner_id": self.happy.id})._onchange_partner_id_customer360())
        lead = self.env["crm.lead"].new({"name": "x", "partner_id": self.customer.id})
        self.assertIn("Repair the leaking pump",
                      lead._onchange_partner_id_customer360()["warning"]["message"])
        # Through the standard onchange machinery (merged with other warnings).
        result = self.env["sale.order"].onchange(
            {"partner_id": self.contact.id}, "partner_id", {"partner_id": "1"})
        self.assertIn("Repair the leaking pump", result["warning"]["message"])

    def test_confirm_blocked_for_salesman(self):
        self._block(True)
        order = self._order(self.contact, self.salesman)
        with self.assertRaises(UserError) as error, self.cr.savepoint():
            order.sudo(self.salesman).action_confirm()
        self.assertIn("Repair the leaking pump", str(error.exception.name))
        order.invalidate_cache()
        self.assertEqual(order.state, "draft")
        # A customer without problems: allowed.
        happy_order = self._order(self.happy, self.salesman)
        happy_order.sudo(self.salesman).action_confirm()
        self.assertEqual(happy_order.state, "sale")

    def test_confirm_allowed_for_manager_with_note(self):
        self._block(True)
        order = self._order(self.contact, self.manager)
        order.sudo(self.manager).action_confirm()
        self.assertEqual(order.state, "sale")
        notes = order.message_ids.filtered(lambda m: "Repair the leaking pump" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))

    def test_confirm_allowed_when_setting_off(self):
        self._block(False)
        order = self._order(self.customer, self.salesman)
        order.sudo(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.message_ids.filtered(
            lambda m: "Repair the leaking pump" in (m.body or "")))
        happy_order = self._order(self.happy, self.salesman)
        happy_order.action_confirm()
        self.assertFalse(happy_order.message_ids.filtered(
            lambda m: "open problems" in (m.body or "")))

    def test_settings_round_trip(self):
        settings = self.env["res.config.settings"].create(
            {"customer360_block_open_problems": True})
        settings.set_values()
        self.assertTrue(self.ICP.get_param(BLOCK_PARAM))
        self.assertTrue(self.env["res.config.settings"].get_values()[
            "customer360_block_open_problems"])
        settings.customer360_block_open_problems = False
        settings.set_values()
        self.assertFalse(self.ICP.get_param(BLOCK_PARAM))

    def test_opportunity_blocked(self):
        self._block(True)
        Lead = self.env["crm.lead"].sudo(self.salesman)
        with self.assertRaises(UserError), self.cr.savepoint():
            Lead.create({"name": "Upsell", "type": "opportunity",
                         "partner_id": self.contact.id, "user_id": self.salesman.id})
        self.assertFalse(self.env["crm.lead"].search([("name", "=", "Upsell")]))
        # A lead is not an opportunity yet; converting it is blocked too.
        lead = Lead.create({"name": "Upsell lead", "type": "lead",
                            "partner_id": self.contact.id, "user_id": self.salesman.id})
        with self.assertRaises(UserError), self.cr.savepoint():
            lead.convert_opportunity(self.contact.id)
        lead.invalidate_cache()
        self.assertEqual(lead.type, "lead")
        # A manager may, and the opportunity gets the note.
        opportunity = self.env["crm.lead"].sudo(self.manager).create({
            "name": "Upsell", "type": "opportunity", "partner_id": self.contact.id})
        self.assertTrue(opportunity.message_ids.filtered(
            lambda m: "Repair the leaking pump" in (m.body or "")))
        # Setting off: the salesman may.
        self._block(False)
        Lead.create({"name": "Upsell 2", "type": "opportunity", "partner_id": self.contact.id,
                     "user_id": self.salesman.id})

    def test_count_is_the_number_of_problems(self):
        """The header's count equals the listed problems, tickets past their
        SLA (crm_service_kpi) included."""
        Problem = self.env["crm.customer360.problem"]
        Ticket = self.env["helpdesk.ticket"] if "helpdesk.ticket" in self.env else None
        if Ticket is not None and hasattr(Ticket, "_sla_open_problems"):
            ticket = Ticket.create({"name": "Pump still leaks", "description": "x",
                                    "partner_id": self.contact.id})
            self.env.cr.execute("UPDATE helpdesk_ticket SET sla_status = 'breached' WHERE id = %s",
                                [ticket.id])
            ticket.invalidate_cache()
        for partner in (self.customer, self.contact, self.happy):
            expected = len(Problem._customer360_problems_of(partner))
            self.assertEqual(Problem._customer360_problem_count(partner), expected)
            self.assertEqual(partner.customer360_header()["open_problems"], expected)
        self.assertGreaterEqual(Problem._customer360_problem_count(self.contact), 1)
        self.assertEqual(Problem._customer360_problem_count(self.happy), 0)


class TestConfirmOverOpenProblems(OpenProblemCase):
    """*Confirm Sale* (the form's button passes ``customer360_warn_open_problems``)
    asks to acknowledge the customer's open problems; code and RPC without
    that key confirm as before."""

    UI = {"customer360_warn_open_problems": True}

    def _sold_over_notes(self):
        return self.env["mail.message"].search([("body", "ilike", "Sold over open problems")])

    def test_button_opens_the_dialog_and_does_not_confirm(self):
        self._block(False)
        order = self._order(self.contact, self.salesman)
        before = self._sold_over_notes()
        action = order.sudo(self.salesman).with_context(**self.UI).action_confirm()
        self.assertIsInstance(action, dict)
        self.assertEqual(action["res_model"], "crm.customer360.sale.confirm")
        self.assertEqual(action["target"], "new")
        order.invalidate_cache()
        self.assertEqual(order.state, "draft")
        self.assertEqual(self._sold_over_notes(), before)
        wizard = self.env["crm.customer360.sale.confirm"].sudo(self.salesman).browse(
            action["res_id"])
        self.assertIn("Repair the leaking pump", wizard.problems_html)
        self.assertEqual(wizard.order_ids, order)

    def test_acknowledge_confirms_with_one_note(self):
        self._block(False)
        order = self._order(self.contact, self.salesman)
        before = self._sold_over_notes()
        action = order.sudo(self.salesman).with_context(**self.UI).action_confirm()
        wizard = self.env["crm.customer360.sale.confirm"].sudo(self.salesman).browse(
            action["res_id"])
        wizard.with_context(**self.UI).action_confirm_anyway()
        order.invalidate_cache()
        self.assertEqual(order.state, "sale")
        notes = self._sold_over_notes() - before
        self.assertEqual(len(notes), 1)
        self.assertEqual((notes.model, notes.res_id), ("sale.order", order.id))
        self.assertEqual(notes.body.count("Repair the leaking pump"), 1)

    def test_no_problem_confirms_directly(self):
        order = self._order(self.happy, self.salesman)
        result = order.sudo(self.salesman).with_context(**self.UI).action_confirm()
        self.assertNotIsInstance(result, dict)
        self.assertEqual(order.state, "sale")

    def test_code_without_the_key_confirms_with_one_note(self):
        self._block(False)
        order = self._order(self.contact, self.salesman)
        before = self._sold_over_notes()
        order.sudo(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(self._sold_over_notes() - before), 1)

    def test_the_confirm_buttons_pass_the_key(self):
        arch = self.env["sale.order"].fields_view_get(view_type="form")["arch"]
        self.assertEqual(arch.count("customer360_warn_open_problems"),
                         arch.count('name="action_confirm"'))

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every figure of the 360 header is right: amounts in the user's company
currency, each fact opens the records it counts, and every RPC answer can
be sent over XML-RPC."""
import xmlrpc.client

from .test_timeline import TimelineCase


class HeaderCase(TimelineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.usd = env.user.company_id.currency_id
        cls.foreign = env["res.currency"].with_context(active_test=False).search(
            [("id", "!=", cls.usd.id), ("name", "in", ("EUR", "CNY"))], limit=1)
        cls.foreign.active = True
        Rate = env["res.currency.rate"]
        company = env.user.company_id
        # Base currency rates (rate of the company currency is 1 on these
        # days): 1 USD = 2 foreign on 2026-01-01, 4 foreign from 2026-05-01.
        for currency, day, rate in ((cls.usd, "2025-12-01", 1.0),
                                    (cls.foreign, "2026-01-01", 2.0),
                                    (cls.foreign, "2026-05-01", 4.0)):
            Rate.create({"currency_id": currency.id, "name": day + " 00:00:00", "rate": rate,
                         "company_id": company.id})
        cls.foreign_pricelist = env["product.pricelist"].create(
            {"name": "Foreign prices", "currency_id": cls.foreign.id})

    def _dumps(self, result, what):
        try:
            xmlrpc.client.dumps((result,), allow_none=False)
        except TypeError as error:
            self.fail("%s cannot be sent over XML-RPC: %s\n%r" % (what, error, result))


class TestHeaderCurrency(HeaderCase):

    def test_foreign_quotation_converted_at_its_date(self):
        quote = self.env["sale.order"].create({
            "partner_id": self.contact.id, "user_id": self.seller.id,
            "pricelist_id": self.foreign_pricelist.id, "date_order": "2026-03-01 10:00:00",
            "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 2,
                                   "price_unit": 100.0})]})
        self.assertEqual(quote.amount_untaxed, 200.0)
        self.assertEqual(quote.currency_id, self.foreign)
        header = self.customer.customer360_header()
        self.assertEqual(header["currency"], self.usd.name)
        # 200 foreign at 2 per USD on 2026-03-01 (the later rate of 4 does
        # not apply to this quotation).
        self.assertEqual(header["open_quotations"], {"count": 1, "amount": 100.0})

    def test_lead_of_another_company_converted(self):
        other = self.env["res.company"].create(
            {"name": "Foreign Branch", "currency_id": self.foreign.id})
        self.env.user.company_ids |= other
        self.lead.company_id = other
        # planned revenue 5000 in the branch's currency, at today's rate
        # of the branch's company (none: Odoo's default rate 1 for the
        # company currency; the foreign rates are of the main company).
        self.env["res.currency.rate"].create({
            "currency_id": self.foreign.id, "name": "2026-01-01 00:00:00", "rate": 5.0,
            "company_id": other.id})
        header = self.customer.with_context(customer360_today="2026-06-30").customer360_header()
        self.assertEqual(header["open_pipeline"], {"count": 1, "amount": 1000.0})


class TestFactsOpenTheirRecords(HeaderCase):
    """Each header figure opens the records it counts: for a demo customer
    and for the customer of the case, as the demo salesperson (record
    rules) and as the administrator."""

    AMOUNTS = {
        "revenue_lifetime": ("amount_untaxed_signed", "date_invoice"),
        "revenue_12_months": ("amount_untaxed_signed", "date_invoice"),
        "overdue_receivables": ("residual_company_signed", "date_invoice"),
        "open_pipeline": ("planned_revenue", None),
        "open_quotations": ("amount_untaxed", "date_order"),
    }
    TODAY = "2026-06-30"

    def _converted(self, record, fname, date_fname):
        company = self.env.user.company_id
        if record._name == "sale.order":
            currency = record.currency_id
        else:
            currency = record.company_id.currency_id or company.currency_id
        day = record[date_fname][:10] if date_fname else self.TODAY
        return currency.with_context(date=day, company_id=(record.company_id or company).id
                                     ).compute(record[fname], company.currency_id, round=False)

    def _check(self, partner):
        partner = partner.with_context(customer360_today=self.TODAY)
        header = partner.customer360_header()
        checked = set()
        for fact, figure in header.items():
            if not isinstance(figure, dict) or "count" not in figure or fact in (
                    "unanswered", "satisfaction"):
                continue
            action = partner.customer360_fact_action(fact)
            records = self.env[action["res_model"]].sudo(partner.env.uid).with_context(
                **action["context"]).search(action["domain"])
            self.assertEqual(len(records), figure["count"], fact)
            if fact in self.AMOUNTS:
                fname, date_fname = self.AMOUNTS[fact]
                total = sum(self._converted(r.sudo(), fname, date_fname) for r in records)
                self.assertAlmostEqual(total, figure["amount"], 2, fact)
            checked.add(fact)
        for fact, model in (("problem_promises", "crm.commitment"),
                            ("problem_tickets", "helpdesk.ticket")):
            if model not in self.env or (model == "helpdesk.ticket" and not hasattr(
                    self.env[model], "_sla_open_problems")):
                continue
            action = partner.sudo().customer360_fact_action(fact)
            self.assertEqual(self.env[model].search_count(action["domain"]), header[fact], fact)
            checked.add(fact)
        action = partner.customer360_fact_action("unanswered")
        self.assertEqual(self.env["mail.message"].search_count(action["domain"]),
                         header["unanswered"]["count"])
        if header.get("satisfaction"):
            action = partner.customer360_fact_action("satisfaction")
            self.assertEqual(self.env["crm.service.feedback"].search_count(action["domain"]),
                             header["satisfaction"]["count"])
        action = partner.customer360_fact_action("price_conflicts")
        self.assertEqual(len(partner._customer360_price_conflicts()), header["price_conflicts"])
        return header, checked

    def test_demo_customer_figures_open_their_records(self):
        agrolait = self.env.ref("base.res_partner_2")
        demo = self.env.ref("base.user_demo")
        for partner in (agrolait, agrolait.sudo(demo), self.customer, self.customer.sudo(demo)):
            header, checked = self._check(partner)
            self.assertTrue({"revenue_lifetime", "open_pipeline", "open_quotations",
                             "open_promises", "overdue_promises", "problem_promises"} <= checked)
        header, _checked = self._check(self.customer)
        self.assertEqual(header["revenue_lifetime"]["count"], 1)

    def test_open_problems_breakdown(self):
        commitment = self.env["crm.commitment"].create({
            "name": "Send the manual", "partner_id": self.contact.id,
            "user_id": self.seller.id, "date_due": "2026-06-01"})
        header = self.customer.with_context(customer360_today=self.TODAY).customer360_header()
        self.assertEqual(header["problem_promises"], 1)
        self.assertEqual(header["open_problems"],
                         header["problem_promises"] + header["problem_tickets"])
        action = self.customer.with_context(
            customer360_today=self.TODAY).customer360_fact_action("problem_promises")
        self.assertEqual(self.env["crm.commitment"].search(action["domain"]), commitment)

    def test_unknown_fact_is_a_user_error(self):
        from odoo.exceptions import UserError
        for fact in ("nope", None, 3, ["open_quotations"]):
            with self.assertRaises(UserError):
                self.customer.customer360_fact_action(fact)


class TestXmlRpcAnswers(HeaderCase):
    """Odoo 11's /xmlrpc/2/object refuses None: every public method answers
    with values XML-RPC can send; a hidden figure is False and named in
    ``hidden``."""

    def _users(self):
        users = [self.env.user, self.seller]
        group = self.env.ref("helpdesk_mgmt.group_helpdesk_user_own", raise_if_not_found=False)
        users.append(self.env["res.users"].create({
            "name": "Hidden Figures", "login": "hidden.c360.xmlrpc",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id]
                           + ([group.id] if group else []))]}))
        return users

    def test_every_method_marshals(self):
        if "crm.service.feedback" in self.env:
            self.env["crm.service.feedback"].create(
                {"partner_id": self.contact.id, "state": "answered", "csat": 2, "nps": 3})
        self.env["mail.activity"].create({
            "res_model_id": self.env.ref("base.model_res_partner").id,
            "res_id": self.customer.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "date_deadline": "2026-07-01", "user_id": self.seller.id})
        users = self._users()
        hidden_user = users[-1]
        for user in users:
            for partner in (self.customer, self.other_customer):
                partner = partner.sudo(user)
                header = partner.customer360_header()
                self._dumps(header, "customer360_header for %s" % user.name)
                self.assertIsInstance(header["hidden"], list)
                for fact in header["hidden"]:
                    self.assertIs(header[fact], False, fact)
                self._dumps(partner.customer360_timeline(limit=50), "customer360_timeline")
                self._dumps(partner.customer360_timeline(limit=5, search="Widget"),
                            "customer360_timeline (search)")
                self._dumps(partner.customer360_quick_actions(), "customer360_quick_actions")
                if user != hidden_user:
                    self._dumps(partner.customer360_fact_action("open_quotations"),
                                "customer360_fact_action")
                    self._dumps(partner.action_open_commitments(), "action_open_commitments")
        header = self.customer.sudo(hidden_user).customer360_header()
        self.assertIn("open_pipeline", header["hidden"])
        self.assertIs(header["open_pipeline"], False)
        # Over JSON-RPC the answer is the same: no None either.
        self.assertNotIn(None, header.values())
        empty = self.other_customer.customer360_header()
        self.assertEqual(empty["open_quotations"], {"count": 0, "amount": 0.0})
        self.assertEqual(empty["hidden"], [])


    def test_button_methods_marshal(self):
        """The promise buttons and the handover answer something XML-RPC
        can send (a method returning None fails on /xmlrpc/2/object)."""
        Commitment = self.env["crm.commitment"]
        for method in ("action_keep", "action_break", "action_cancel"):
            promise = Commitment.create({"name": "Call back", "partner_id": self.contact.id,
                                         "user_id": self.seller.id, "date_due": "2026-07-01"})
            self._dumps(getattr(promise.sudo(self.seller), method)(), method)
        manager = self.env["res.users"].create({
            "name": "Hand Over", "login": "handover.c360.xmlrpc", "email": "ho@example.com",
            "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_manager").id])]})
        wizard = self.env["crm.customer360.handover"].sudo(manager).create({
            "mode": "customers", "partner_ids": [(6, 0, self.customer.ids)],
            "to_user_id": self.seller.id})
        self._dumps(wizard.action_handover(), "action_handover")

class TestSearchWhatTheUserReads(HeaderCase):
    """The timeline's text search finds the words on screen: the event's
    kind (translated) and its summary, not only the document's fields."""

    def _kinds(self, partner, search):
        events = partner.customer360_timeline(limit=200, search=search)["events"]
        return {(e["event_type"], e["res_model"], e["res_id"]) for e in events}

    def test_invoice_finds_the_invoice_rows(self):
        found = self._kinds(self.customer, "invoice")
        self.assertIn(("invoice", "account.invoice", self.invoice.id), found)
        # The label "Invoice validated", case-insensitive.
        self.assertIn(("invoice", "account.invoice", self.invoice.id),
                      self._kinds(self.customer, "INVOICE VALIDATED"))
        # The words of the summary around a value: "Invoice INV/...".
        self.assertIn(("invoice", "account.invoice", self.invoice.id),
                      self._kinds(self.customer, "Invoice %s" % self.invoice.number))
        # Not everything: the meeting is not an invoice.
        self.assertNotIn(("meeting", "calendar.event", self.meeting.id), found)
        self.assertIn(("meeting", "calendar.event", self.meeting.id),
                      self._kinds(self.customer, "meeting"))

    def test_chinese_label(self):
        self.env["res.lang"].load_lang("zh_CN")
        source = self.env.ref("crm_customer360.source_invoice", raise_if_not_found=False) or \
            self.env["crm.customer360.source"].search([("event_type", "=", "invoice")], limit=1)
        self.env["ir.translation"].create({
            "type": "model", "name": "crm.customer360.source,name", "lang": "zh_CN",
            "res_id": source.id, "src": source.name, "value": "发票已确认", "state": "translated"})
        found = self._kinds(self.customer.with_context(lang="zh_CN"), "发票")
        self.assertIn(("invoice", "account.invoice", self.invoice.id), found)
        self.assertNotIn(("meeting", "calendar.event", self.meeting.id), found)
        # In English the Chinese words find nothing.
        self.assertFalse(self._kinds(self.customer, "发票"))

    def test_selection_labels_as_shown(self):
        """A consent change reads "Consent for Marketing email: Refused": the
        labels on screen are searched, not the stored codes."""
        self.contact.write({"consent_email": "refused"})
        events = self.customer.customer360_timeline(
            limit=50, search="Marketing email: Refused")["events"]
        self.assertEqual({e["event_type"] for e in events}, {"consent"})
        self.assertIn("Marketing email: Refused", events[0]["summary"])

    def test_markup_is_not_searched(self):
        """A message body is shown as text: its HTML tags are not words on
        screen."""
        self.env["mail.message"].create({
            "model": "res.partner", "res_id": self.customer.id, "message_type": "comment",
            "subtype_id": self.env.ref("mail.mt_note").id, "subject": "Brochure",
            "body": '<p>See the <a href="https://example.com/x">spring catalogue</a></p>',
            "author_id": self.seller.partner_id.id})
        self.assertIn("note", {e["event_type"] for e in self.customer.customer360_timeline(
            limit=50, search="the spring catalogue")["events"]})
        self.assertFalse(self.customer.customer360_timeline(
            limit=50, search="href=")["events"])

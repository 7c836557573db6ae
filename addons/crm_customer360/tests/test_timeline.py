# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import SavepointCase, at_install, post_install

from ..rules import timeline


def _ago(days, hours=0):
    return (datetime(2026, 6, 30, 12, 0, 0) - timedelta(days=days, hours=hours)).strftime(
        timeline.DATE_FORMAT)


@at_install(False)
@post_install(True)
class TimelineCase(SavepointCase):
    """A customer company with a contact, and one document of each kind,
    each dated so that the expected order is known."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_notrack=True, mail_create_nolog=True))
        env = cls.env
        cls.company = env.ref("base.main_company")
        cls.customer = env["res.partner"].create(
            {"name": "Timeline Corp", "is_company": True, "customer": True})
        cls.contact = env["res.partner"].create(
            {"name": "Tina Timeline", "parent_id": cls.customer.id, "email": "tina@example.com"})
        cls.other_customer = env["res.partner"].create({"name": "Unrelated Ltd", "is_company": True})
        salesman = env.ref("sales_team.group_sale_salesman")
        cls.seller = env["res.users"].create({
            "name": "Selma Seller", "login": "selma.c360", "email": "selma@example.com",
            "groups_id": [(6, 0, [salesman.id, env.ref("base.group_user").id])],
        })
        cls.product = env["product.product"].create(
            {"name": "Widget", "list_price": 100.0, "standard_price": 60.0, "type": "consu"})
        cls.lead = env["crm.lead"].create({
            "name": "Big deal", "partner_id": cls.contact.id, "user_id": cls.seller.id,
            "type": "opportunity", "planned_revenue": 5000,
        })
        cls.order = env["sale.order"].create({
            "partner_id": cls.customer.id, "user_id": cls.seller.id,
            "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": 2,
                                   "price_unit": 100.0})],
        })
        cls.order.action_confirm()
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.company.id)], limit=1)
        cls.invoice = env["account.invoice"].create({
            "partner_id": cls.customer.id, "type": "out_invoice", "journal_id": journal.id,
            "user_id": cls.seller.id, "date_invoice": "2026-06-20",
            "invoice_line_ids": [(0, 0, {
                "name": "Widget", "quantity": 1, "price_unit": 250.0,
                "account_id": journal.default_credit_account_id.id})],
        })
        cls.invoice.action_invoice_open()
        cls.meeting = env["calendar.event"].create({
            "name": "Kick-off", "start": _ago(5), "stop": _ago(5, -1), "user_id": cls.seller.id,
            "partner_ids": [(6, 0, [cls.contact.id])],
        })
        cls.email = env["mail.message"].create({
            "model": "sale.order", "res_id": cls.order.id, "message_type": "email",
            "subject": "Where is my delivery?", "body": "<p>Where is it?</p>",
            "author_id": cls.contact.id, "date": _ago(1),
        })
        cls.note = env["mail.message"].create({
            "model": "res.partner", "res_id": cls.customer.id, "message_type": "comment",
            "subtype_id": env.ref("mail.mt_note").id, "subject": "Prefers calls in the morning",
            "body": "<p>x</p>", "author_id": cls.seller.partner_id.id, "date": _ago(2),
        })
        # Fix the dates of the documents so that the order is known.
        cr = env.cr
        cr.execute("UPDATE crm_lead SET create_date = %s WHERE id = %s", [_ago(30), cls.lead.id])
        cr.execute("UPDATE sale_order SET create_date = %s, confirmation_date = %s WHERE id = %s",
                   [_ago(20), _ago(15), cls.order.id])
        # With sale_stock the order has a delivery scheduled "now": it would
        # turn "late" during a test, between two calls. Schedule it in the
        # past, so that it is late in every call, whatever the clock.
        if "stock.picking" in env:
            cr.execute("UPDATE stock_picking SET scheduled_date = %s WHERE origin = %s",
                       [_ago(12), cls.order.name])
            env["stock.picking"].invalidate_cache()
        env["sale.order"].invalidate_cache()
        env["crm.lead"].invalidate_cache()

    def timeline(self, partner=None, user=None, **kw):
        partner = partner or self.customer
        if user:
            partner = partner.sudo(user)
        return partner.customer360_timeline(**kw)

    def all_events(self, partner=None, user=None, page=3, **kw):
        events, cursor, pages = [], None, 0
        while True:
            result = self.timeline(partner, user, limit=page, cursor=cursor, **kw)
            events += result["events"]
            cursor = result["next_cursor"]
            pages += 1
            self.assertLess(pages, 1000)
            if not cursor:
                return events


class TestTimeline(TimelineCase):
    def test_builtin_sources_merge_departments(self):
        events = self.timeline(limit=100)["events"]
        kinds = {(e["event_type"], e["res_model"], e["res_id"]) for e in events}
        self.assertIn(("lead_created", "crm.lead", self.lead.id), kinds)
        self.assertIn(("quotation", "sale.order", self.order.id), kinds)
        self.assertIn(("order_confirmed", "sale.order", self.order.id), kinds)
        self.assertIn(("invoice", "account.invoice", self.invoice.id), kinds)
        self.assertIn(("meeting", "calendar.event", self.meeting.id), kinds)
        # Messages point to their document: an email on the order is a sales
        # event that opens the order; a note on the partner opens the partner.
        self.assertIn(("email_in", "sale.order", self.order.id), kinds)
        self.assertIn(("note", "res.partner", self.customer.id), kinds)
        self.assertTrue({"sales", "finance"} <= {e["department"] for e in events})

    def test_event_fields(self):
        events = self.timeline(limit=100)["events"]
        confirmed = [e for e in events if e["event_type"] == "order_confirmed"][0]
        self.assertEqual(confirmed["date"], _ago(15))
        self.assertEqual(confirmed["department"], "sales")
        self.assertEqual(confirmed["user"], "Selma Seller")
        self.assertAlmostEqual(confirmed["amount"], self.order.amount_total)
        self.assertEqual(confirmed["currency"], self.order.currency_id.name)
        self.assertEqual(confirmed["summary"], "Order %s confirmed" % self.order.name)
        email = [e for e in events if e["event_type"] == "email_in"][0]
        self.assertEqual(email["summary"], "Where is my delivery?: Where is it?")
        self.assertFalse(email["user"], "a customer's email has no employee")

    def test_newest_first(self):
        events = self.timeline(limit=100)["events"]
        dates = [e["date"] for e in events]
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_company_includes_contacts_contact_only_own(self):
        company_events = self.timeline(limit=100)["events"]
        self.assertIn(self.lead.id, [e["res_id"] for e in company_events
                                     if e["res_model"] == "crm.lead"])
        contact_events = self.timeline(self.contact, limit=100)["events"]
        models = {e["res_model"] for e in contact_events}
        self.assertIn("crm.lead", models)
        self.assertNotIn("account.invoice", models, "the invoice is the company's, not Tina's: %s" % [e for e in contact_events if e["res_model"] == "account.invoice"])
        self.assertFalse(self.timeline(self.other_customer, limit=100)["events"])

    def test_pagination_has_no_duplicates_and_no_gaps(self):
        # Several events share the same second: the cursor must still be exact.
        for i in range(7):
            self.env["mail.message"].create({
                "model": "res.partner", "res_id": self.contact.id, "message_type": "email",
                "subject": "Same second %d" % i, "body": "x", "date": _ago(3),
            })
        one_page = self.timeline(limit=200)["events"]
        paged = self.all_events(page=4)
        key = lambda e: (e["date"], e["event_type"], e["res_model"], e["res_id"], e["summary"])
        self.assertEqual([key(e) for e in paged], [key(e) for e in one_page])
        self.assertEqual(len(set(map(key, paged))), len(paged))

    def test_last_page_has_no_cursor(self):
        total = len(self.timeline(limit=200)["events"])
        result = self.timeline(limit=total)
        self.assertEqual(len(result["events"]), total)
        self.assertFalse(result["next_cursor"])


class TestTimelineFilters(TimelineCase):
    def test_department_filter(self):
        events = self.timeline(limit=100, departments=["finance"])["events"]
        self.assertTrue(events)
        self.assertEqual({e["department"] for e in events}, {"finance"})

    def test_event_type_filter(self):
        events = self.timeline(limit=100, event_types=["meeting", "invoice"])["events"]
        self.assertEqual({e["event_type"] for e in events}, {"meeting", "invoice"})

    def test_employee_filter(self):
        events = self.timeline(limit=100, user_ids=[self.seller.id])["events"]
        self.assertTrue(events)
        self.assertEqual({e["user"] for e in events}, {"Selma Seller"})

    def test_date_range(self):
        events = self.timeline(limit=100, date_from=_ago(16)[:10], date_to=_ago(4)[:10])["events"]
        types = {e["event_type"] for e in events}
        self.assertIn("order_confirmed", types)
        self.assertIn("meeting", types)
        self.assertNotIn("lead_created", types)
        for event in events:
            self.assertTrue(_ago(16)[:10] <= event["date"][:10] <= _ago(4)[:10])

    def test_search(self):
        events = self.timeline(limit=100, search="delivery?")["events"]
        self.assertEqual([e["event_type"] for e in events], ["email_in"])


class TestTimelineAccess(TimelineCase):
    def test_user_without_invoice_access_sees_no_invoice(self):
        self.assertIn("account.invoice",
                      {e["res_model"] for e in self.timeline(user=self.seller, limit=100)["events"]})
        # A company that keeps invoices to finance: no read right for Selma.
        self.env["ir.model.access"].search([
            ("model_id.model", "=", "account.invoice"),
            "|", ("group_id", "=", False), ("group_id", "in", self.seller.groups_id.ids),
        ]).write({"active": False})
        self.assertFalse(self.env["account.invoice"].sudo(self.seller).check_access_rights(
            "read", raise_exception=False))
        events = self.timeline(user=self.seller, limit=100)["events"]
        self.assertTrue(events)
        self.assertNotIn("account.invoice", {e["res_model"] for e in events})
        admin_events = self.timeline(limit=100)["events"]
        self.assertIn("account.invoice", {e["res_model"] for e in admin_events})

    def test_record_rules_apply(self):
        """A salesman with 'own documents only' does not see a colleague's
        order, nor the email on it."""
        colleague = self.seller.copy({"name": "Carl Colleague", "login": "carl.c360"})
        events = self.timeline(user=colleague, limit=100)["events"]
        self.assertNotIn("sale.order", {e["res_model"] for e in events})
        self.assertNotIn("crm.lead", {e["res_model"] for e in events})
        # What Carl sees, he can open.
        for event in events:
            self.env[event["res_model"]].sudo(colleague).browse(event["res_id"]).check_access_rule("read")

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.order.company_id = other_company
        events = self.timeline(user=self.seller, limit=100)["events"]
        self.assertNotIn(self.order.id, [e["res_id"] for e in events if e["res_model"] == "sale.order"])
        self.seller.write({"company_ids": [(4, other_company.id)], "company_id": other_company.id})
        events = self.timeline(user=self.seller, limit=100)["events"]
        self.assertIn(self.order.id, [e["res_id"] for e in events if e["res_model"] == "sale.order"])


class TestTimelineBadInput(TimelineCase):
    def test_unknown_department(self):
        with self.assertRaises(UserError):
            self.timeline(departments=["sales", "astrology"])

    def test_reversed_dates(self):
        with self.assertRaises(UserError):
            self.timeline(date_from="2026-05-01", date_to="2026-04-01")
        with self.assertRaises(UserError):
            self.timeline(date_from="yesterday")

    def test_cursor_from_another_partner(self):
        cursor = self.timeline(limit=1)["next_cursor"]
        self.assertTrue(cursor)
        with self.assertRaises(UserError):
            self.timeline(self.other_customer, cursor=cursor)
        with self.assertRaises(UserError):
            self.timeline(cursor="not-a-cursor")

    def test_bad_limit(self):
        for limit in (0, -1, 10000, "50"):
            with self.assertRaises(UserError):
                self.timeline(limit=limit)

    def test_source_with_missing_field_refused(self):
        Source = self.env["crm.customer360.source"]
        base = {"name": "Repairs", "res_model": "sale.order", "partner_field": "partner_id",
                "date_field": "date_order", "department": "service", "event_type": "repair",
                "summary_template": "Repair %(name)s"}
        for bad in ({"date_field": "no_such_field"}, {"partner_field": "user_id"},
                    {"summary_template": "Repair %(nope)s"}, {"domain": "[('x', '=',"}):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                Source.create(dict(base, **bad))
        self.assertFalse(Source.search([("name", "=", "Repairs")]))

    def test_uninstalled_model_source_is_inactive_not_an_error(self):
        Source = self.env["crm.customer360.source"]
        source = Source.create({
            "name": "Repairs", "res_model": "repair.order.not.installed",
            "partner_field": "partner_id", "date_field": "create_date",
            "department": "service", "event_type": "repair", "summary_template": "x"})
        self.assertFalse(source.model_installed)
        self.assertTrue(self.timeline(limit=5)["events"])

    def test_admin_adds_a_source(self):
        """Configuration, not code: a new source shows on the timeline."""
        self.env["crm.customer360.source"].create({
            "name": "Order line", "res_model": "sale.order.line", "partner_field": "order_partner_id",
            "date_field": "create_date", "department": "logistics", "event_type": "order_line",
            "summary_template": "Line %(name)s", "amount_field": "price_subtotal"})
        events = self.timeline(limit=100, event_types=["order_line"])["events"]
        self.assertEqual(len(events), 1)
        self.assertEqual(events[0]["department"], "logistics")
        self.assertEqual(events[0]["summary"], "Line %s" % self.order.order_line.name)


class TestHeader(TimelineCase):
    def test_header_facts(self):
        promise = self.env["crm.commitment"].create({
            "name": "Free delivery", "partner_id": self.contact.id, "user_id": self.seller.id,
            "date_due": "2020-01-01"})
        quotation = self.order.copy()
        facts = self.customer.customer360_header()
        self.assertEqual(facts["revenue_lifetime"]["amount"], 250.0)
        self.assertEqual(facts["revenue_12_months"]["count"], 1)
        self.assertEqual(facts["open_quotations"],
                         {"count": 1, "amount": quotation.amount_untaxed})
        self.assertEqual(facts["open_pipeline"], {"count": 1, "amount": 5000.0})
        self.assertEqual(facts["open_promises"]["count"], 1)
        self.assertEqual(facts["overdue_promises"]["count"], 1)
        # The last contact is the customer's email on the order.
        self.assertEqual(facts["last_contact"]["event_type"], "email_in")
        self.assertEqual(facts["last_contact"]["res_id"], self.order.id)
        # Open promises show on the timeline.
        events = self.timeline(limit=100, event_types=["promise"])["events"]
        self.assertEqual([(e["res_model"], e["res_id"]) for e in events],
                         [("crm.commitment", promise.id)])

    def test_header_respects_access(self):
        self.env["ir.model.access"].search([
            ("model_id.model", "=", "account.invoice"),
            "|", ("group_id", "=", False), ("group_id", "in", self.seller.groups_id.ids),
        ]).write({"active": False})
        facts = self.customer.sudo(self.seller).customer360_header()
        self.assertIs(facts["revenue_lifetime"], False)
        self.assertIs(facts["overdue_receivables"], False)
        self.assertTrue({"revenue_lifetime", "overdue_receivables"} <= set(facts["hidden"]))
        self.assertEqual(facts["open_pipeline"]["count"], 1)

    def test_next_activity(self):
        activity = self.env["mail.activity"].create({
            "res_model_id": self.env.ref("sale.model_sale_order").id, "res_id": self.order.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "summary": "Call about delivery", "date_deadline": "2026-07-02",
            "user_id": self.seller.id})
        facts = self.customer.customer360_header()
        self.assertEqual(facts["next_activity"]["summary"], "Call about delivery")
        self.assertEqual(facts["next_activity"]["res_id"], self.order.id)
        self.assertTrue(activity)


class TestBuiltinSources(TimelineCase):
    """Every built-in source yields its event; optional apps only when installed."""

    def _types(self, **kw):
        return {e["event_type"] for e in self.timeline(limit=200, **kw)["events"]}

    def _needs(self, model):
        if model not in self.env:
            self.skipTest("%s is not installed" % model)

    def test_lead_won_and_lost(self):
        won = self.lead.copy({"name": "Won deal"})
        won.action_set_won()
        lost = self.lead.copy({"name": "Lost deal"})
        lost.action_set_lost()
        events = self.timeline(limit=200, event_types=["lead_won", "lead_lost"])["events"]
        self.assertIn(("lead_won", won.id), {(e["event_type"], e["res_id"]) for e in events})
        self.assertIn(("lead_lost", lost.id), {(e["event_type"], e["res_id"]) for e in events})

    def test_quotation_cancelled(self):
        quotation = self.order.copy()
        quotation.action_cancel()
        events = self.timeline(limit=200, event_types=["order_cancelled"])["events"]
        self.assertEqual([e["res_id"] for e in events], [quotation.id])

    def test_refund_overdue_and_payment(self):
        refund = self.invoice.refund(description="Damaged box")
        refund.action_invoice_open()
        late = self.invoice.copy({"date_invoice": "2020-01-01", "date_due": "2020-01-31"})
        late.action_invoice_open()
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.company.id)], limit=1)
        payment = self.env["account.payment"].create({
            "payment_type": "inbound", "partner_type": "customer",
            "partner_id": self.customer.id, "amount": 100.0, "journal_id": journal.id,
            "payment_date": "2026-06-21",
            "payment_method_id": self.env.ref("account.account_payment_method_manual_in").id,
        })
        payment.post()
        events = self.timeline(limit=200, departments=["finance"])["events"]
        found = {(e["event_type"], e["res_id"]) for e in events}
        self.assertIn(("refund", refund.id), found)
        self.assertIn(("invoice_overdue", late.id), found)
        self.assertIn(("payment", payment.id), found)
        overdue = [e for e in events
                   if e["event_type"] == "invoice_overdue" and e["res_id"] == late.id][0]
        self.assertTrue(overdue["all_day"])
        self.assertEqual(overdue["date"], "2020-01-31 00:00:00")

    def test_activities_calls_and_messages(self):
        Activity = self.env["mail.activity"]
        model_id = self.env.ref("base.model_res_partner").id
        todo = Activity.create({
            "res_model_id": model_id, "res_id": self.customer.id, "summary": "Send catalogue",
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "date_deadline": "2026-07-01", "user_id": self.seller.id})
        self.assertIn("activity_scheduled", self._types())
        todo.action_feedback("Sent")
        call = Activity.create({
            "res_model_id": model_id, "res_id": self.customer.id, "summary": "Price question",
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "date_deadline": "2026-07-01", "user_id": self.seller.id})
        call.action_feedback("Agreed on 5% discount")
        self.customer.sudo(self.seller).message_post(
            body="Thanks for your order", subject="Thank you", message_type="comment",
            subtype="mail.mt_comment")
        types = self._types()
        self.assertTrue({"activity_done", "call", "message"} <= types, types)
        calls = self.timeline(limit=10, event_types=["call"])["events"]
        self.assertEqual(calls[0]["user"], self.env.user.name)

    def test_deliveries(self):
        self._needs("stock.picking")
        if "picking_ids" not in self.env["sale.order"]._fields:
            self.skipTest("orders make deliveries with sale_stock only")
        product = self.env["product.product"].create({"name": "Crate", "type": "consu"})
        order = self.env["sale.order"].create({
            "partner_id": self.customer.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})]})
        order.action_confirm()
        picking = order.picking_ids
        picking.scheduled_date = "2020-01-01 10:00:00"

        def events(event_type):
            return [e["res_id"] for e in self.timeline(limit=100, event_types=[event_type])["events"]
                    if e["res_model"] == "stock.picking"]

        self.assertIn(picking.id, events("delivery_late"))
        picking.action_assign()
        picking.move_lines.write({"quantity_done": 1})
        picking.action_done()
        self.assertIn(picking.id, events("delivery"))
        self.assertNotIn(picking.id, events("delivery_late"))
        delivery = self.timeline(limit=50, event_types=["delivery"])["events"][0]
        self.assertEqual((delivery["department"], delivery["res_id"]), ("logistics", picking.id))

    def test_marketing_sources(self):
        self._needs("mail.mail.statistics")
        self._needs("event.registration")
        self._needs("survey.user_input")
        mailing = self.env["mail.mass_mailing"].create({
            "name": "Autumn offers", "mailing_model_id": self.env.ref("base.model_res_partner").id})
        self.env["mail.mail.statistics"].create({
            "model": "res.partner", "res_id": self.contact.id, "mass_mailing_id": mailing.id,
            "sent": _ago(3), "message_id": "<c360-test@example.com>"})
        event = self.env["event.event"].create({
            "name": "Trade fair", "date_begin": "2026-09-01 08:00:00",
            "date_end": "2026-09-01 18:00:00"})
        self.env["event.registration"].create(
            {"event_id": event.id, "partner_id": self.contact.id, "name": self.contact.name})
        survey = self.env["survey.survey"].create({"title": "Satisfaction"})
        self.env["survey.user_input"].create(
            {"survey_id": survey.id, "partner_id": self.contact.id, "state": "done"})
        events = self.timeline(limit=200, departments=["marketing"])["events"]
        summaries = {e["event_type"]: e["summary"] for e in events}
        self.assertEqual(summaries.get("mailing_sent"), "Mailing: Autumn offers")
        self.assertEqual(summaries.get("event_registration"), "Registered for Trade fair")
        self.assertEqual(summaries.get("survey_answer"), "Answered Satisfaction")

    def test_tickets(self):
        self._needs("helpdesk.ticket")
        ticket = self.env["helpdesk.ticket"].create({
            "name": "Broken hinge", "description": "x", "partner_id": self.contact.id})
        ticket.closed_date = _ago(1)
        events = self.timeline(limit=200, departments=["service"])["events"]
        found = {(e["event_type"], e["res_id"]) for e in events}
        self.assertIn(("ticket", ticket.id), found)
        self.assertIn(("ticket_closed", ticket.id), found)

    def test_consent_changes_on_timeline_with_labels(self):
        self.contact.write({"consent_email": "refused"})
        events = self.timeline(limit=50, event_types=["consent"])["events"]
        self.assertEqual(len(events), 1)
        self.assertEqual(events[0]["department"], "marketing")
        # Selection values show their labels, not their codes.
        self.assertNotIn("refused", events[0]["summary"])
        self.assertIn("Refused", events[0]["summary"])

    def test_email_received_from_outside_only(self):
        """An email is "received" when its author is not an employee: a
        partner without user or with a portal user; an employee's email
        (or an email without author) is not."""
        env = self.env
        portal_partner = env["res.partner"].create(
            {"name": "Polly Portal", "parent_id": self.customer.id})
        env["res.users"].create({
            "name": "Polly Portal", "login": "polly.c360", "partner_id": portal_partner.id,
            "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
        })
        authors = {
            "from contact": self.contact.id,
            "from portal user": portal_partner.id,
            "from employee": self.seller.partner_id.id,
            "without author": False,
        }
        for i, (subject, author) in enumerate(sorted(authors.items())):
            env["mail.message"].create({
                "model": "res.partner", "res_id": self.customer.id, "message_type": "email",
                "subject": subject, "body": "<p>x</p>", "author_id": author,
                "date": _ago(0, i + 1),
            })
        events = self.timeline(limit=100, event_types=["email_in"])["events"]
        subjects = {e["summary"].split(":")[0] for e in events}
        self.assertIn("from contact", subjects)
        self.assertIn("from portal user", subjects)
        self.assertNotIn("from employee", subjects)
        self.assertNotIn("without author", subjects)
        self.assertIn("Where is my delivery?", subjects)


class TestHeaderLastContact(TimelineCase):
    """The header's dedicated last-contact query finds the same event as the
    timeline's newest contact event, under the same record rules."""

    CONTACT = ["email_in", "message", "call", "meeting"]

    def newest_contact(self, user=None):
        events = self.timeline(user=user, limit=1, event_types=self.CONTACT)["events"]
        return events[0] if events else False

    def last_contact(self, user=None):
        partner = self.customer.sudo(user) if user else self.customer
        return partner.customer360_header()["last_contact"]

    def message(self, record, days, hours=0, **values):
        return self.env["mail.message"].create(dict({
            "model": record._name, "res_id": record.id, "body": "<p>Hello</p>",
            "date": _ago(days, hours)}, **values))

    def test_same_as_timeline_for_each_kind(self):
        comment = self.env.ref("mail.mt_comment")
        call = self.env.ref("mail.mail_activity_data_call")
        # Setup: meeting 5 days ago, the customer's email on the order 1 day ago.
        expected = [("email_in", "sale.order", self.order.id)]
        self.message(self.lead, 3, message_type="comment", subtype_id=comment.id,
                     subject="Older message", author_id=self.seller.partner_id.id)
        steps = [
            ("message", self.lead, dict(message_type="comment", subtype_id=comment.id,
                                        subject="Offer sent", author_id=self.seller.partner_id.id)),
            ("call", self.customer, dict(message_type="comment", mail_activity_type_id=call.id,
                                         subject="Called Tina",
                                         author_id=self.seller.partner_id.id)),
            ("email_in", self.order, dict(message_type="email", subject="Thanks",
                                          author_id=self.contact.id)),
        ]
        for user in (None, self.seller):
            contact = self.last_contact(user)
            self.assertEqual(contact, self.newest_contact(user))
            self.assertEqual((contact["event_type"], contact["res_model"], contact["res_id"]),
                             expected[0])
        for hours, (kind, record, values) in zip((20, 16, 12), steps):
            self.message(record, 0, hours, **values)
            for user in (None, self.seller):
                contact = self.last_contact(user)
                self.assertEqual(contact, self.newest_contact(user))
                self.assertEqual((contact["event_type"], contact["res_model"], contact["res_id"]),
                                 (kind, record._name, record.id))
        self.assertEqual(self.last_contact()["summary"], "Thanks: Hello")
        self.assertEqual(self.last_contact()["department"], "sales")
        # A meeting after every message is the last contact.
        meeting = self.env["calendar.event"].create({
            "name": "Review", "start": _ago(0, 2), "stop": _ago(0, 1), "user_id": self.seller.id,
            "partner_ids": [(6, 0, [self.contact.id])]})
        for user in (None, self.seller):
            contact = self.last_contact(user)
            self.assertEqual(contact, self.newest_contact(user))
            self.assertEqual((contact["event_type"], contact["res_id"]), ("meeting", meeting.id))
            self.assertEqual(contact["user"], "Selma Seller")

    def test_hidden_when_not_readable(self):
        """An email on an order of another salesperson is the newest contact
        for the administrator, not for the salesperson (own documents only)."""
        other_order = self.order.copy({"user_id": self.env.ref("base.user_root").id})
        self.message(other_order, 0, 6, message_type="email", subject="Secret",
                     author_id=self.contact.id)
        self.assertEqual(self.last_contact()["res_id"], other_order.id)
        self.assertEqual(self.last_contact(), self.newest_contact())
        with self.assertRaises(AccessError):
            other_order.sudo(self.seller).check_access_rule("read")
        contact = self.last_contact(self.seller)
        self.assertEqual(contact, self.newest_contact(self.seller))
        self.assertEqual((contact["event_type"], contact["res_model"], contact["res_id"]),
                         ("email_in", "sale.order", self.order.id))

    def test_no_contact(self):
        self.assertFalse(self.other_customer.customer360_header()["last_contact"])


class TestSharedParts(TimelineCase):
    """Sources that read one table (the message sources; the order, invoice
    and lead sources) share one scan of it per document model: the merged
    timeline is the one each source gives alone, merged by date, source
    and record (all descending)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        call = env.ref("mail.mail_activity_data_call")
        comment, note = env.ref("mail.mt_comment"), env.ref("mail.mt_note")
        Message = env["mail.message"]
        # An email logged as a call: an event of both sources.
        cls.email_call = Message.create({
            "model": "res.partner", "res_id": cls.customer.id, "message_type": "email",
            "subject": "Called back", "body": "<p>x</p>", "author_id": cls.contact.id,
            "mail_activity_type_id": call.id, "date": _ago(4)})
        # Messages of several sources in the same second, on the customer
        # and on the order.
        for i, (record, values) in enumerate([
                (cls.customer, {"message_type": "comment", "subtype_id": comment.id}),
                (cls.customer, {"message_type": "comment", "subtype_id": note.id}),
                (cls.order, {"message_type": "comment", "subtype_id": note.id}),
                (cls.order, {"message_type": "email", "author_id": cls.contact.id}),
                (cls.contact, {"message_type": "comment", "mail_activity_type_id": call.id})]):
            Message.create(dict({
                "model": record._name, "res_id": record.id, "subject": "Same second %d" % i,
                "body": "<p>x</p>", "date": _ago(6)}, **values))
        # Invoice sources on one table with different dates and amounts.
        late = cls.invoice.copy({"date_invoice": "2020-01-01", "date_due": "2020-01-31"})
        late.action_invoice_open()
        cls.order.copy().action_cancel()
        # "Delivery late" compares the scheduled date with now: a delivery
        # scheduled in the current second would be late in one call and not
        # in the next. The customer's open deliveries are clearly late.
        if "stock.picking" in cls.env:
            cls.env["stock.picking"].search([
                ("partner_id", "child_of", cls.customer.id),
                ("state", "not in", ("done", "cancel")),
            ]).write({"scheduled_date": "2020-02-01 10:00:00"})

    def one_by_one(self, user=None, **kw):
        """Each source's events alone (the single-source statements), in
        the timeline's order: date, source, record (the sort is stable)."""
        Source = self.env["crm.customer360.source"]
        by_type = {s.event_type: s.id for s in Source.search([])}
        events = []
        for event_type, source_id in by_type.items():
            for event in self.timeline(user=user, limit=200, event_types=[event_type],
                                       **kw)["events"]:
                events.append((event["date"], source_id, event["res_id"], event))
        events.sort(key=lambda e: (e[0], e[1]), reverse=True)
        return [e[3] for e in events]

    def assertSameEvents(self, merged, alone):
        self.assertTrue(merged)
        self.assertEqual(merged, alone)

    def test_merged_equals_each_source_alone(self):
        for user in (None, self.seller):
            self.assertSameEvents(self.timeline(user=user, limit=200)["events"],
                                  self.one_by_one(user))
            self.assertSameEvents(self.all_events(user=user, page=2), self.one_by_one(user))

    def test_merged_equals_each_source_alone_with_filters(self):
        for kw in ({"departments": ["other", "finance"]}, {"user_ids": [self.seller.id]},
                   {"date_from": _ago(7)[:10]}, {"search": "second"}):
            self.assertSameEvents(self.all_events(page=3, **kw), self.one_by_one(**kw))

    def test_message_of_two_sources_shows_twice(self):
        events = [(e["event_type"], e["summary"]) for e in self.all_events(page=1)
                  if (e["res_model"], e["res_id"]) == ("res.partner", self.customer.id)
                  and "Called back" in e["summary"]]
        self.assertEqual([e[0] for e in events], ["call", "email_in"])

    def test_sources_of_one_table_keep_their_department(self):
        """Two message sources of different departments share their parts:
        each row takes its source's department, and the department filter
        keeps only the rows of its sources (on the customer itself)."""
        self.env.ref("crm_customer360.source_note").department = "service"
        events = self.timeline(limit=200)["events"]
        departments = {(e["event_type"], e["res_model"]): e["department"] for e in events}
        self.assertEqual(departments[("note", "res.partner")], "service")
        self.assertEqual(departments[("message", "res.partner")], "other")
        self.assertEqual(departments[("note", "sale.order")], "sales")
        service = self.all_events(page=2, departments=["service"])
        self.assertIn(("note", "res.partner"), {(e["event_type"], e["res_model"]) for e in service})
        self.assertFalse([e for e in service if e["department"] != "service"])
        self.assertSameEvents(service, self.one_by_one(departments=["service"]))

    def test_rules_evaluated_once_per_model_give_the_same_sql(self):
        Source = self.env["crm.customer360.source"].sudo(self.seller)
        rules = {}
        for model_name, domain in (("sale.order", []), ("sale.order", [("state", "=", "sale")]),
                                   ("crm.lead", [("active", "in", [True, False])]),
                                   ("account.invoice", []), ("res.partner", [])):
            model = self.env[model_name].sudo(self.seller)
            self.assertEqual(Source._readable_query(model, domain, rules),
                             Source._readable_query(model, domain))
        self.assertEqual({model_name for model_name, _uid in rules},
                         {"sale.order", "crm.lead", "account.invoice", "res.partner"})

    def count_queries(self, function):
        cr = self.env.cr
        queries = []
        execute = cr.execute

        def counted(query, params=None, log_exceptions=None):
            queries.append(query)
            if log_exceptions is None:
                return execute(query, params)
            return execute(query, params, log_exceptions)
        cr.execute = counted
        try:
            function()
        finally:
            del cr.execute
        return len(queries)

    def test_more_sources_on_one_table_no_more_queries(self):
        """A page evaluates each model's record rules once, whatever the
        number of sources reading its table (each source evaluated them
        again: one more company search per source)."""
        def page():
            return self.timeline(user=self.seller, limit=50)

        self.order.copy()
        page()
        before = self.count_queries(page)
        self.env["crm.customer360.source"].create({
            "name": "Draft quotation", "res_model": "sale.order", "partner_field": "partner_id",
            "date_field": "date_order", "department": "sales", "event_type": "quotation_draft",
            "domain": "[('state', '=', 'draft')]", "summary_template": "Draft %(name)s"})
        self.assertIn("quotation_draft",
                      {e["event_type"] for e in self.all_events(user=self.seller, page=50)})
        self.assertEqual(self.count_queries(page), before)

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from datetime import timedelta

from odoo import fields
from odoo.tests.common import SavepointCase

from ..rules import satisfaction


class FeedbackCase(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Feedback = cls.env["crm.service.feedback"]
        cls.Ticket = cls.env["helpdesk.ticket"]
        own = cls.env.ref("helpdesk_mgmt.group_helpdesk_user_own")
        cls.agent = cls.env["res.users"].create(
            {"name": "Agent FB", "login": "agent.fb.kpi", "email": "agent.fb@example.com", "groups_id": [(6, 0, [own.id])]}
        )
        cls.account_manager = cls.env["res.users"].create(
            {"name": "Account Manager FB", "login": "am.fb.kpi", "groups_id": [(6, 0, [own.id])]}
        )
        cls.company_partner = cls.env["res.partner"].create(
            {"name": "Acme FB", "is_company": True, "user_id": cls.account_manager.id}
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Jane FB",
                "email": "jane.fb@example.com",
                "parent_id": cls.company_partner.id,
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Bob FB", "email": "bob.fb@example.com"}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "FB Team"})
        cls.stage_open = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.env.user.company_id.write({
            "service_feedback_throttle_days": 30, "service_feedback_expiry_days": 30})

    def _ticket(self, partner=None, exchange="from", name="Printer jams"):
        partner = partner or self.customer
        ticket = self.Ticket.create(
            {
                "name": name,
                "description": "<p>%s</p>" % name,
                "partner_id": partner.id,
                "partner_email": partner.email,
                "team_id": self.team.id,
                "user_id": self.agent.id,
                "stage_id": self.stage_open.id,
            }
        )
        if exchange == "from":
            ticket.message_post(
                body="It still jams", author_id=partner.id,
                message_type="email", subtype="mail.mt_comment",
            )
        elif exchange == "to":
            ticket.sudo(self.agent).message_post(
                body="Please try this", partner_ids=[(4, partner.id)],
                message_type="comment", subtype="mail.mt_comment",
            )
        elif exchange == "note":
            ticket.message_post(
                body="Internal note only", message_type="comment", subtype="mail.mt_note"
            )
        return ticket

    def _close(self, tickets):
        tickets.write({"stage_id": self.stage_done.id,
                      "cause_id": self.env.ref("crm_service_kpi.ticket_cause_other").id})
        return self.Feedback.search([("ticket_id", "in", tickets.ids)])


class TestFeedbackRequest(FeedbackCase):
    def test_request_uses_the_ticket_company_settings(self):
        """Issue #14: a ticket's request follows its company's link validity;
        another company's settings do not leak."""
        other = self.env["res.company"].create({
            "name": "FB Other Co", "service_feedback_expiry_days": 7})
        self.env.user.company_id.service_feedback_expiry_days = 30
        mine = self._ticket()
        theirs = self._ticket(partner=self.other_customer, name="Scanner jams")
        theirs.write({"company_id": other.id})
        for ticket, days in ((mine, 30), (theirs, 7)):
            request = self._close(ticket)
            self.assertEqual(len(request), 1)
            self.assertEqual(request.company_id, ticket.company_id)
            expiry = fields.Datetime.from_string(request.expiry_date)
            requested = fields.Datetime.from_string(request.request_date)
            self.assertEqual(expiry - requested, timedelta(days=days), ticket.name)

    def test_request_on_close(self):
        ticket = self._ticket()
        request = self._close(ticket)
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "requested")
        self.assertEqual(request.partner_id, self.customer)
        self.assertEqual(request.user_id, self.agent)
        self.assertEqual(request.team_id, self.team)
        self.assertFalse(request.is_detractor)
        token = request.sudo().access_token
        self.assertTrue(satisfaction.token_is_well_formed(token))
        self.assertGreaterEqual(len(token), 43)
        expiry = fields.Datetime.from_string(request.expiry_date)
        requested = fields.Datetime.from_string(request.request_date)
        self.assertEqual(expiry - requested, timedelta(days=30))
        mail = self.env["mail.mail"].search(
            [("model", "=", "crm.service.feedback"), ("res_id", "=", request.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("/service/feedback/%s" % token, mail.body_html)
        self.assertIn(self.customer, mail.recipient_ids)

    def test_message_to_customer_counts_as_exchange(self):
        self.assertEqual(len(self._close(self._ticket(exchange="to"))), 1)

    def test_no_request_without_exchange(self):
        self.assertFalse(self._close(self._ticket(exchange="note")))
        self.assertFalse(self._close(self._ticket(partner=self.other_customer, exchange=None)))

    def test_one_request_per_customer_per_period(self):
        first, second = self._ticket(name="First"), self._ticket(name="Second")
        requests = self._close(first | second)
        self.assertEqual(len(requests), 1, "two tickets closed together: one request")
        self.assertFalse(self._close(self._ticket(name="Third")), "asked 0 days ago")
        # Another customer is not throttled by Jane's request.
        self.assertEqual(len(self._close(self._ticket(partner=self.other_customer))), 1)
        # Once the period is over, Jane may be asked again.
        old = fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=31)
        )
        requests.write({"request_date": old})
        self.env.cr.execute(
            "UPDATE crm_service_feedback SET create_date = %s WHERE id IN %s",
            (old, tuple(requests.ids)),
        )
        self.assertEqual(len(self._close(self._ticket(name="Fourth"))), 1)

    def test_exchange_is_one_query(self):
        tickets = self._ticket(name="A") | self._ticket(exchange="note", name="B")
        queries = []
        cr_execute = self.env.cr.execute

        def counting_execute(query, params=None, log_exceptions=None):
            queries.append(query)
            return cr_execute(query, params)

        self.env.cr.execute = counting_execute
        try:
            exchanged = self.Feedback._tickets_with_exchange(tickets)
        finally:
            del self.env.cr.execute
        self.assertEqual(exchanged, {tickets[0].id})
        self.assertEqual(len(queries), 1)


class TestTokenLifeCycle(FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._ticket(cls, name="Broken screen")
        cls.request = cls._close(cls, cls.ticket)
        cls.token = cls.request.sudo().access_token

    def test_valid_then_resubmit_changes_nothing(self):
        rec, status, errors = self.Feedback._submit_answer_by_token(self.token, "4", "9", " Quick ")
        self.assertEqual((rec, status, errors), (self.request, "valid", []))
        self.assertEqual((rec.state, rec.csat, rec.nps, rec.comment), ("answered", 4, 9, "Quick"))
        self.assertTrue(rec.answered_date)
        rec2, status, _errors = self.Feedback._submit_answer_by_token(self.token, "5", "10", "")
        self.assertEqual((rec2, status), (self.request, "answered"))
        self.assertEqual((rec2.csat, rec2.nps, rec2.comment), (4, 9, "Quick"))
        self.assertEqual(self.Feedback.search_count([("ticket_id", "=", self.ticket.id)]), 1)

    def test_bad_scores_change_nothing(self):
        for csat, nps in (("0", "5"), ("6", "5"), ("3", "11"), ("3", "-1"), ("x", "5"), (None, None)):
            rec, status, errors = self.Feedback._submit_answer_by_token(self.token, csat, nps)
            self.assertEqual(status, "invalid")
            self.assertTrue(errors)
        self.assertEqual(self.request.state, "requested")

    def test_expired_token_changes_nothing(self):
        past = fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=1)
        self.request.write({"expiry_date": fields.Datetime.to_string(past)})
        rec, status, errors = self.Feedback._submit_answer_by_token(self.token, "5", "10")
        self.assertEqual(status, "expired")
        self.assertEqual(self.request.state, "requested")

    def test_unknown_and_malformed_tokens(self):
        self.assertEqual(
            self.Feedback._submit_answer_by_token("x" * 43, "5", "10")[1], "unknown"
        )
        for token in ("", "short", "a b c d e f g h i j k l", "../../etc/passwd", None, "é" * 43):
            self.assertEqual(
                self.Feedback._submit_answer_by_token(token, "5", "10")[1], "malformed")
        self.assertEqual(self.request.state, "requested")

    def test_page_shows_only_this_ticket(self):
        other = self._ticket(name="Secret other ticket")

        class FakeRequest:
            def csrf_token(self, time_limit=None):
                return "csrf"

        html = self.env["ir.ui.view"].render_template(
            "crm_service_kpi.feedback_page_form",
            {
                "request": FakeRequest(), "feedback": self.request, "ticket": self.ticket,
                "token": self.token, "errors": [], "csat": None, "nps": None, "comment": "",
            },
        ).decode()
        self.assertIn(self.ticket.number, html)
        self.assertIn("Broken screen", html)
        self.assertNotIn(other.number, html)
        self.assertNotIn("Secret other ticket", html)
        self.assertEqual(len(re.findall(r'name="nps"', html)), 11)
        self.assertEqual(len(re.findall(r'name="csat"', html)), 5)


class TestDetractor(FeedbackCase):
    def _activities(self, partner):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]
        )

    def test_detractor_followup_for_account_manager(self):
        request = self._close(self._ticket())
        token = request.sudo().access_token
        self.Feedback._submit_answer_by_token(token, "2", "8", "Too slow")
        self.assertTrue(request.is_detractor)
        activity = self._activities(self.customer)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.account_manager)
        note = self.customer.message_ids.filtered(
            lambda m: "crm.service.feedback" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn('data-oe-id="%d"' % request.id, note.body)
        self.assertNotIn("Too slow", note.body)
        # A second submission changes nothing and opens no second follow-up.
        self.Feedback._submit_answer_by_token(token, "1", "3")
        self.assertEqual(len(self._activities(self.customer)), 1)

    def test_promoter_has_no_followup(self):
        request = self._close(self._ticket())
        self.Feedback._submit_answer_by_token(request.sudo().access_token, "5", "9")
        self.assertFalse(request.is_detractor)
        self.assertFalse(self._activities(self.customer))

    def test_fallback_to_ticket_user_without_account_manager(self):
        request = self._close(self._ticket(partner=self.other_customer))
        self.Feedback._submit_answer_by_token(request.sudo().access_token, "4", "6")
        self.assertTrue(request.is_detractor)
        expected = request._account_manager()
        self.assertTrue(expected)
        self.assertEqual(self._activities(self.other_customer).user_id, expected)

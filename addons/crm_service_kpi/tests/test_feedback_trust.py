# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may see and use a feedback link, what the customer's answer records,
and that an answer, once given, stays as the customer gave it."""
import re

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError, UserError
from odoo.service.model import check_method_name

from .test_feedback import FeedbackCase


class FakeRequest:
    def csrf_token(self, time_limit=None):
        return "csrf"


class TrustCase(FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        Company = cls.env["res.company"]
        vals = {"name": "Trust Other Company"}
        if "security_lead" in Company._fields:
            vals["security_lead"] = 0.0
        cls.company2 = Company.create(vals)
        manager_group = cls.env.ref("helpdesk_mgmt.group_helpdesk_manager")
        cls.manager = Users.create({
            "name": "Trust Manager", "login": "trust.manager.kpi",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id, manager_group.id])]})
        cls.manager2 = Users.create({
            "name": "Trust Manager Other Company", "login": "trust.manager2.kpi",
            "company_id": cls.company2.id, "company_ids": [(6, 0, [cls.company2.id])],
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id, manager_group.id])]})
        cls.portal = Users.create({
            "name": "Trust Portal", "login": "trust.portal.kpi",
            "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])]})
        cls.reader = Users.create({
            "name": "Trust Salesperson", "login": "trust.sales.kpi",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id,
                                  cls.env.ref("sales_team.group_sale_salesman").id])]})

    def _request(self, **kw):
        return self._close(self._ticket(**kw))


class TestFeedbackLinkAccess(TrustCase):
    def test_only_managers_of_the_company_get_the_link(self):
        request = self._request()
        token = request.sudo().access_token
        for user in (self.portal, self.agent, self.reader, self.manager2):
            with self.assertRaises(AccessError, msg=user.name):
                request.sudo(user).get_feedback_url()
        url = request.sudo(self.manager).get_feedback_url()
        self.assertTrue(url.endswith("/service/feedback/%s" % token))
        # the mailer (server side, as superuser) renders the link
        self.assertIn(token, request.sudo().get_feedback_url())

    def test_token_field_is_not_readable(self):
        request = self._request()
        for user in (self.agent, self.manager, self.manager2, self.portal):
            with self.assertRaises(AccessError, msg=user.name):
                request.sudo(user).read(["access_token"])
        self.assertNotIn("access_token", self.env["crm.service.feedback"].sudo(
            self.manager).fields_get())

    def test_request_mail_is_not_readable_by_others(self):
        """The request mail carries the link: only the managers may read it."""
        request = self._request()
        token = request.sudo().access_token
        domain = [("model", "=", "crm.service.feedback"), ("res_id", "=", request.id)]
        self.assertIn(token, self.env["mail.mail"].search(domain).body_html)
        self.assertEqual(request.user_id, self.agent)
        for user in (self.agent, self.portal, self.reader):
            for model, field in (("mail.mail", "body_html"), ("mail.message", "body")):
                Model = self.env[model].sudo(user)
                try:
                    texts = Model.search(domain).read([field])
                except AccessError:
                    texts = []
                self.assertFalse([t for t in texts if token in (t[field] or "")],
                                 "%s reads the link in %s" % (user.name, model))
        mail = self.env["mail.mail"].sudo(self.manager).search(domain)
        self.assertIn(token, mail.body_html)

    def test_only_managers_resend_the_link(self):
        request = self._request()
        Mail = self.env["mail.mail"]
        domain = [("model", "=", "crm.service.feedback"), ("res_id", "=", request.id)]
        for user in (self.agent, self.portal, self.manager2):
            with self.assertRaises(AccessError, msg=user.name), self.cr.savepoint():
                request.sudo(user).action_resend_request()
        self.assertEqual(Mail.search_count(domain), 1)
        request.sudo(self.manager).action_resend_request()
        self.assertEqual(Mail.search_count(domain), 2)

    def test_token_methods_are_not_callable_remotely(self):
        for name in dir(type(self.Feedback)):
            if "token" in name and callable(getattr(type(self.Feedback), name, None)):
                with self.assertRaises(AccessError, msg=name):
                    check_method_name(name)
        self.assertFalse(hasattr(self.Feedback, "submit_answer_by_token"))

    def test_bad_ids_give_a_user_error(self):
        request = self._request()
        with self.assertRaises(UserError):
            (request | self._request(partner=self.other_customer)).get_feedback_url()
        with self.assertRaises(UserError):
            self.Feedback.browse(10 ** 8).get_feedback_url()


class TestAnswerRecordedAsCustomer(TrustCase):
    def test_public_answer_is_written_by_the_visitor_not_the_admin(self):
        request = self._request()
        rec, status, _errors = self.Feedback._submit_answer_by_token(
            request.sudo().access_token, "2", "3", "Too slow")
        self.assertEqual(status, "valid")
        self.assertNotEqual(rec.write_uid.id, SUPERUSER_ID)
        self.assertEqual(rec.write_uid, self.env.ref("base.public_user"))
        note = self.customer.message_ids.filtered(
            lambda m: "crm.service.feedback" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.customer)

    def test_portal_customer_answers_as_their_user(self):
        portal_customer = self.portal.partner_id
        portal_customer.write({"email": "trust.portal@example.com"})
        request = self._request(partner=portal_customer)
        rec, status, _errors = self.Feedback._submit_answer_by_token(
            request.sudo().access_token, "5", "10")
        self.assertEqual(status, "valid")
        self.assertEqual(rec.write_uid, self.portal)


class TestAnswerIsAppendOnly(TrustCase):
    def _answered(self):
        request = self._request()
        self.Feedback._submit_answer_by_token(request.sudo().access_token, "4", "8", "Good")
        self.assertEqual(request.state, "answered")
        return request

    def test_manager_cannot_rewrite_or_delete_an_answer(self):
        request = self._answered()
        as_manager = request.sudo(self.manager)
        for vals in ({"csat": 1}, {"nps": 0}, {"comment": "Bad"}, {"state": "requested"},
                     {"answered_date": "2020-01-01 00:00:00"},
                     {"partner_id": self.other_customer.id}):
            for record in (as_manager, request):   # manager, and administrator
                with self.assertRaises(UserError, msg=vals), self.cr.savepoint():
                    record.write(vals)
        for record in (as_manager, request):
            with self.assertRaises(UserError), self.cr.savepoint():
                record.unlink()
        request.invalidate_cache()
        self.assertEqual((request.state, request.csat, request.nps, request.comment,
                          request.partner_id), ("answered", 4, 8, "Good", self.customer))
        # other fields may still be corrected
        as_manager.write({"user_id": self.manager.id})
        self.assertEqual(request.user_id, self.manager)

    def test_typed_in_answer_is_append_only_too(self):
        feedback = self.Feedback.create({"partner_id": self.customer.id, "csat": 5, "nps": 9})
        with self.assertRaises(UserError), self.cr.savepoint():
            feedback.write({"csat": 1})
        with self.assertRaises(UserError), self.cr.savepoint():
            feedback.unlink()

    def test_unanswered_request_can_be_deleted(self):
        request = self._request()
        request.sudo(self.manager).unlink()
        self.assertFalse(request.exists())

    def test_second_submission_changes_nothing(self):
        request = self._answered()
        rec, status, _errors = self.Feedback._submit_answer_by_token(
            request.sudo().access_token, "1", "0", "Changed my mind")
        self.assertEqual((rec, status), (request, "answered"))
        request.invalidate_cache()
        self.assertEqual((request.csat, request.nps, request.comment), (4, 8, "Good"))

    def test_write_override_is_called_once_per_recordset(self):
        """Detractor follow-ups of several records go through one write."""
        requests = self._request() | self._request(partner=self.other_customer)
        requests.write({"state": "answered", "csat": 1, "nps": 2})
        self.assertTrue(all(requests.mapped("followup_done")))


class TestDetractorNoteHidesScores(TrustCase):
    def test_note_and_activity_link_to_the_feedback_only(self):
        request = self._request()
        self.Feedback._submit_answer_by_token(request.sudo().access_token, "2", "3",
                                              "Secret complaint text")
        self.assertTrue(request.is_detractor)
        partner = self.customer.sudo(self.reader)
        bodies = partner.message_ids.mapped("body")
        note = [b for b in bodies if "crm.service.feedback" in (b or "")]
        self.assertEqual(len(note), 1)
        self.assertIn('data-oe-id="%d"' % request.id, note[0])
        activities = self.env["mail.activity"].sudo(self.reader).search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)])
        self.assertEqual(len(activities), 1)
        texts = bodies + activities.mapped("note") + activities.mapped("summary")
        for text in texts:
            text = text or ""
            self.assertNotIn("Secret complaint", text)
            self.assertNotIn("CSAT", text)
            self.assertNotIn("NPS", text)
            self.assertNotRegex(text, r"\b[23]/(5|10)\b")
        self.assertIn('data-oe-model="crm.service.feedback"', activities.note)
        # the reader may not open the feedback itself
        with self.assertRaises(AccessError):
            request.sudo(self.reader).read(["csat"])


class TestNpsZeroOnThePage(TrustCase):
    def _form(self, request, nps):
        token = request.sudo().access_token
        return self.env["ir.ui.view"].render_template(
            "crm_service_kpi.feedback_page_form",
            {"request": FakeRequest(), "feedback": request, "ticket": request.ticket_id,
             "order": None, "token": token, "errors": [], "csat": 3, "nps": nps,
             "comment": ""}).decode()

    def test_zero_can_be_chosen_and_is_shown_again(self):
        request = self._request()
        html = self._form(request, 0)
        zero = re.search(r'<input[^>]*id="nps_0"[^>]*>', html).group(0)
        self.assertIn('value="0"', zero)
        self.assertIn("checked", zero)
        ten = re.search(r'<input[^>]*id="nps_10"[^>]*>', html).group(0)
        self.assertNotIn("checked", ten)
        rec, status, _errors = self.Feedback._submit_answer_by_token(
            request.sudo().access_token, "3", "0")
        self.assertEqual(status, "valid")
        self.assertEqual(rec.nps, 0)
        self.env.cr.execute("SELECT nps FROM crm_service_feedback WHERE id = %s", (rec.id,))
        self.assertEqual(self.env.cr.fetchone()[0], 0)


class TestFeedbackNames(TrustCase):
    def test_helpdesk_users_list_delivery_feedback(self):
        """A helpdesk user who may not read orders still lists the feedback
        about a delivery (its name shows the order's reference, as a
        many2one field would)."""
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        feedback = self.Feedback.create({
            "partner_id": self.customer.id, "sale_order_id": order.id, "csat": 4, "nps": 9})
        self.assertFalse(self.env["sale.order"].sudo(self.manager).check_access_rights(
            "read", raise_exception=False))
        ((_id, name),) = feedback.sudo(self.manager).name_get()
        self.assertIn(order.name, name)

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.tests.common import SavepointCase


def _hours_ago(hours):
    return fields.Datetime.to_string(datetime.utcnow() - timedelta(hours=hours))


class TestAwaitingReply(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        env["ir.config_parameter"].sudo().set_param("crm_customer360.reply_hours", "24")
        cls.customer = env["res.partner"].create({"name": "Waiting Co", "is_company": True})
        cls.contact = env["res.partner"].create(
            {"name": "Wanda Waiting", "parent_id": cls.customer.id, "email": "wanda@example.com"})
        cls.patient = env["res.partner"].create({"name": "Patient Ltd", "is_company": True})
        cls.employee = env["res.users"].create({
            "name": "Ernie Employee", "login": "ernie.c360",
            "groups_id": [(6, 0, [env.ref("base.group_user").id])]})
        cls.lead = env["crm.lead"].create({"name": "Question", "partner_id": cls.contact.id})

    def _message(self, author, hours_ago, record=None, message_type="email", subtype="mail.mt_comment"):
        record = record or self.lead
        return self.env["mail.message"].create({
            "model": record._name, "res_id": record.id, "message_type": message_type,
            "subtype_id": self.env.ref(subtype).id, "author_id": author.id,
            "body": "<p>x</p>", "date": _hours_ago(hours_ago)})

    def _refresh(self):
        self.env["res.partner"]._cron_awaiting_reply()
        return self.customer.awaiting_reply_since

    def test_unanswered_email_after_the_delay(self):
        old = self._message(self.contact, 50)
        self._message(self.contact, 30, record=self.customer)
        self._message(self.contact, 2)  # too recent to count yet
        self.assertEqual(self._refresh(), old.date)
        self.assertFalse(self.contact.awaiting_reply_since, "flagged on the commercial entity")
        self.assertFalse(self.patient.awaiting_reply_since)
        unanswered = self.customer._customer360_unanswered()
        self.assertEqual(unanswered["count"], 2)
        self.assertEqual(self.customer.customer360_header()["unanswered"]["count"], 2)

    def test_reply_from_employee_clears_it(self):
        self._message(self.contact, 50)
        self.assertTrue(self._refresh())
        self._message(self.employee.partner_id, 49, message_type="comment")
        self.assertFalse(self._refresh())

    def test_internal_note_is_not_a_reply(self):
        self._message(self.contact, 50)
        self._message(self.employee.partner_id, 49, message_type="comment",
                      subtype="mail.mt_note")
        self.assertTrue(self._refresh())

    def test_reply_on_another_document_does_not_count(self):
        first = self._message(self.contact, 50)
        self._message(self.employee.partner_id, 49, record=self.customer,
                      message_type="comment")
        self.assertEqual(self._refresh(), first.date)

    def test_rerun_is_idempotent_and_searchable(self):
        self._message(self.contact, 50)
        since = self._refresh()
        self.assertEqual(self._refresh(), since)
        found = self.env["res.partner"].search(
            [("awaiting_reply_since", "!=", False), ("id", "=", self.customer.id)])
        self.assertEqual(found, self.customer)

    def test_delay_is_configurable(self):
        self._message(self.contact, 10)
        self.assertFalse(self._refresh())
        self.env["ir.config_parameter"].sudo().set_param("crm_customer360.reply_hours", "4")
        self.assertTrue(self._refresh())

    def test_former_employee_is_an_employee(self):
        """crm_customer_base's "employee": a contact of an internal user,
        archived included. A former employee's email is not a customer
        waiting, and their reply answers."""
        self.employee.active = False
        self._message(self.employee.partner_id, 50, record=self.customer)
        self.assertFalse(self._refresh())
        self._message(self.contact, 50)
        self.assertTrue(self._refresh())
        self._message(self.employee.partner_id, 49, message_type="comment")
        self.assertFalse(self._refresh())
        self.assertEqual(self.customer._customer360_unanswered()["count"], 0)

    def test_employee_with_a_portal_login_too(self):
        """A contact with an internal user is an employee even when it also
        has a portal user: its emails are not inbound."""
        portal = self.env["res.users"].create({
            "name": "Ernie at home", "login": "ernie.portal.c360",
            "partner_id": self.employee.partner_id.id,
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        self.assertTrue(portal.share)
        Source = self.env["crm.customer360.source"]
        self.assertIn(self.employee.partner_id.id, Source._employee_partner_ids())

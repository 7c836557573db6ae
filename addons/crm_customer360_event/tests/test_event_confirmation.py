# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase

from ..rules import confirmation


class TestEventConfirmation(SavepointCase):
    """Seminar registrations that got no confirmation email, their resend,
    and the seminar on the customer's timeline."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_notrack=True, mail_create_nolog=True))
        env = cls.env
        cls.template = env.ref("event.event_subscription")
        cls.event = env["event.event"].create({
            "name": "Pricing seminar", "date_begin": "2026-09-01 09:00:00",
            "date_end": "2026-09-01 17:00:00", "auto_confirm": True,
            "event_mail_ids": [(5, 0, 0), (0, 0, {
                "interval_type": "after_sub", "interval_unit": "now", "interval_nbr": 0,
                "template_id": cls.template.id})]})
        cls.scheduler = cls.event.event_mail_ids
        cls.customer = env["res.partner"].create(
            {"name": "Seminar Corp", "is_company": True, "email": "corp@example.com"})
        Registration = env["event.registration"]
        # Confirmed on registration: the scheduler sends the confirmation.
        cls.sent = Registration.create({"event_id": cls.event.id, "partner_id": cls.customer.id,
                                        "name": "Sam Sent", "email": "sam@example.com"})
        # Confirmed without the scheduler (an import, a confirmation by hand
        # while the scheduler's template was broken...): nothing was sent.
        Manual = Registration.with_context(registration_force_draft=True)
        cls.missing = Manual.create({"event_id": cls.event.id, "name": "Mo Missing",
                                     "email": "mo@example.com", "partner_id": cls.customer.id})
        cls.failed = Manual.create({"event_id": cls.event.id, "name": "Fay Failed",
                                    "email": "fay@example.com"})
        cls.no_email = Manual.create({"event_id": cls.event.id, "name": "Ned Nomail"})
        (cls.missing | cls.failed | cls.no_email).write({"state": "open"})
        cls.draft = Manual.create({"event_id": cls.event.id, "name": "Dee Draft",
                                   "email": "dee@example.com"})
        # Fay's confirmation was sent but the email failed.
        cls.failed.write({"confirmation_sent_date": "2026-08-01 10:00:00"})
        mail = cls.template.send_mail(cls.failed.id)
        env["mail.mail"].browse(mail).write({"state": "exception"})
        env["event.registration"].invalidate_cache()

    def _status(self, registrations):
        registrations.invalidate_cache()
        return {r.name: r.confirmation_status for r in registrations}

    def test_statuses(self):
        everyone = self.sent | self.missing | self.failed | self.no_email | self.draft
        self.assertTrue(self.sent.confirmation_sent_date)
        self.assertEqual(self._status(everyone), {
            "Sam Sent": "sent", "Mo Missing": "missing", "Fay Failed": "failed",
            "Ned Nomail": "no_email", "Dee Draft": "not_needed"})
        # Python reference and SQL agree.
        for r in everyone:
            self.assertEqual(confirmation.status(
                r.state, r.email, r.confirmation_sent_date, r == self.failed,
                r.confirmation_bounced), r.confirmation_status)
        found = self.env["event.registration"].search(
            [("event_id", "=", self.event.id), ("confirmation_status", "in", ["missing", "failed"])])
        self.assertEqual(found, self.missing | self.failed)
        others = self.env["event.registration"].search(
            [("event_id", "=", self.event.id), ("confirmation_status", "!=", "sent")])
        self.assertEqual(others, everyone - self.sent)
        self.event.invalidate_cache()
        self.assertEqual(self.event.unconfirmed_registration_count, 2)

    def test_bounce_marks_failed(self):
        self.sent.message_receive_bounce("SAM@example.com ", False)
        self.assertEqual(self._status(self.sent), {"Sam Sent": "failed"})

    def test_resend(self):
        Mail = self.env["mail.mail"]
        before = Mail.search([("model", "=", "event.registration")])
        count = (self.sent | self.missing | self.failed | self.no_email | self.draft) \
            .action_resend_confirmation()
        self.assertEqual(count, 2)
        new = Mail.search([("model", "=", "event.registration")]) - before
        self.assertEqual(sorted(new.mapped("res_id")), sorted((self.missing | self.failed).ids))
        to_mo = new.filtered(lambda m: m.res_id == self.missing.id)
        self.assertTrue(to_mo.email_to or to_mo.recipient_ids)
        self.assertEqual(self._status(self.missing | self.failed),
                         {"Mo Missing": "sent", "Fay Failed": "sent"})
        # The scheduler does not send them a second time.
        self.scheduler.execute()
        again = Mail.search([("model", "=", "event.registration")]) - before - new
        self.assertFalse(again.filtered(
            lambda m: m.res_id in (self.missing | self.failed).ids))
        self.event.invalidate_cache()
        self.assertEqual(self.event.unconfirmed_registration_count, 0)
        # Nothing left to resend: a clear message.
        with self.assertRaises(UserError):
            self.sent.action_resend_confirmation()

    def test_resend_from_the_event(self):
        self.event.action_resend_confirmations()
        self.assertEqual(self._status(self.missing | self.failed),
                         {"Mo Missing": "sent", "Fay Failed": "sent"})

    def test_bad_input(self):
        Registration = self.env["event.registration"]
        for operator, value in (("like", "sent"), ("=", "nonsense"), ("in", 5)):
            with self.assertRaises(UserError):
                Registration.search([("confirmation_status", operator, value)])
        with self.assertRaises(UserError):
            (self.no_email | self.draft).action_resend_confirmation()
        with self.assertRaises(UserError):
            Registration.browse().action_resend_confirmation()
        self.assertEqual(self._status(self.no_email), {"Ned Nomail": "no_email"})

    def test_access(self):
        """An event user may resend; an employee without Events rights and a
        portal user may not; a user of another company sees none of it."""
        organiser = self.env["res.users"].create({
            "name": "Olga Organiser", "login": "olga.c360.event",
            "groups_id": [(6, 0, [self.env.ref("event.group_event_user").id])]})
        self.assertEqual(self.missing.sudo(organiser).action_resend_confirmation(), 1)
        portal = self.env["res.users"].create({
            "name": "Pat Portal", "login": "pat.c360.event", "email": "fay@example.com",
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        with self.assertRaises(AccessError):
            self.failed.sudo(portal).action_resend_confirmation()
        employee = self.env["res.users"].create({
            "name": "Emma Employee", "login": "emma.c360.event",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id])]})
        self.assertFalse(employee.has_group("event.group_event_user"))
        with self.assertRaises(AccessError):
            self.failed.sudo(employee).action_resend_confirmation()
        values = {"name": "Event Far Away Ltd"}
        if "security_lead" in self.env["res.company"]._fields:
            values["security_lead"] = 0.0
        company2 = self.env["res.company"].create(values)
        far = self.env["res.users"].create({
            "name": "Fred Far", "login": "fred.c360.event", "company_id": company2.id,
            "company_ids": [(6, 0, [company2.id])],
            "groups_id": [(6, 0, [self.env.ref("event.group_event_user").id])]})
        self.event.write({"company_id": self.env.ref("base.main_company").id})
        found = self.env["event.registration"].sudo(far).search(
            [("confirmation_status", "in", ["missing", "failed"])])
        self.assertFalse(found & (self.missing | self.failed))
        with self.assertRaises(AccessError):
            self.failed.sudo(far).action_resend_confirmation()

    def test_timeline(self):
        """Registration, confirmation sent and attendance on the customer's
        timeline."""
        self.sent.button_reg_close()
        events = self.customer.customer360_timeline(limit=50)["events"]
        kinds = {(e["event_type"], e["res_id"]) for e in events
                 if e["res_model"] == "event.registration"}
        self.assertTrue({("event_registration", self.sent.id),
                         ("event_confirmation", self.sent.id),
                         ("event_attended", self.sent.id),
                         ("event_registration", self.missing.id)} <= kinds, kinds)
        self.assertNotIn(("event_confirmation", self.missing.id), kinds)

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..rules import confirmation

STATUS_SELECTION = [
    ("not_needed", "Not needed"),
    ("no_email", "No email address"),
    ("failed", "Failed or bounced"),
    ("missing", "Not sent"),
    ("sent", "Sent"),
]


class EventRegistration(models.Model):
    _inherit = "event.registration"

    confirmation_sent_date = fields.Datetime(
        string="Confirmation sent", readonly=True, copy=False, index=True,
        help="When the confirmation email was last sent to the attendee (by the event's "
        "confirmation scheduler or a resend).")
    confirmation_bounced = fields.Boolean(
        string="Confirmation bounced", readonly=True, copy=False,
        help="An email to this attendee bounced since the last confirmation was sent.")
    confirmation_status = fields.Selection(
        STATUS_SELECTION, string="Confirmation", compute="_compute_confirmation_status",
        search="_search_confirmation_status",
        help="Not sent: the attendee never got the confirmation email; failed or "
        "bounced: it did not arrive. Both can be resent from the list of unconfirmed "
        "registrations.")

    def _compute_confirmation_status(self):
        ids = tuple(r.id for r in self if isinstance(r.id, int))
        statuses = {}
        if ids:
            self.env.cr.execute(confirmation.STATUS_SQL.format(where="r.id IN %s"), [ids])
            statuses = dict(self.env.cr.fetchall())
        for registration in self:
            registration.confirmation_status = statuses.get(registration.id, "not_needed")

    def _search_confirmation_status(self, operator, value):
        values = [value] if isinstance(value, str) else value
        if operator not in ("=", "!=", "in", "not in") or not isinstance(values, (list, tuple)) \
                or not set(values) <= set(confirmation.STATUSES):
            raise UserError(_("Search the confirmation by one of its statuses: %(statuses)s.")
                            % {"statuses": ", ".join(confirmation.STATUSES)})
        if not values:
            return [("id", "=", 0)] if operator in ("=", "in") else []
        query = ("SELECT s.id FROM (%s) s WHERE s.status IN %%s"
                 % confirmation.STATUS_SQL.format(where="TRUE"))
        return [("id", "inselect" if operator in ("=", "in") else "not inselect",
                 (query, [tuple(values)]))]

    @api.model
    def message_receive_bounce(self, email, partner, mail_id=None):
        """A bounce of an email to the attendee: their confirmation did not
        arrive."""
        res = super().message_receive_bounce(email, partner, mail_id=mail_id)
        address = (email or "").strip().lower()
        self.filtered(lambda r: address and (r.email or "").strip().lower() == address).sudo() \
            .write({"confirmation_bounced": True})
        return res

    @api.multi
    def action_resend_confirmation(self):
        """Send the confirmation email again to the registrations among these
        that did not get it (not sent, failed or bounced), with the template
        of their event's confirmation scheduler (Odoo's default one without),
        through the mail template so that the email is queued and logged like
        the scheduler's. Returns the number sent."""
        # The organiser's job: Events users only, whatever else may write
        # registrations.
        if not self.env.user.has_group("event.group_event_user"):
            raise AccessError(_("Only event organisers (Events: user) may resend "
                                "confirmations."))
        self.check_access_rights("write")
        self.check_access_rule("write")
        todo = self.filtered(lambda r: r.confirmation_status in confirmation.UNCONFIRMED)
        if not todo:
            raise UserError(_("None of these registrations is waiting for its confirmation "
                              "email: they got it, are not confirmed, or have no email address."))
        default = self.env.ref("event.event_subscription", raise_if_not_found=False)
        schedulers = self.env["event.mail"].sudo().search([
            ("event_id", "in", todo.mapped("event_id").ids),
            ("interval_type", "=", "after_sub"), ("template_id", "!=", False)])
        template_of = {}
        for scheduler in schedulers:
            template_of.setdefault(scheduler.event_id.id, scheduler.template_id)
        if not default and set(todo.mapped("event_id").ids) - set(template_of):
            raise UserError(_("No confirmation email template: add a confirmation scheduler "
                              "(after each registration) to the event."))
        for registration in todo:
            template = template_of.get(registration.event_id.id, default)
            template.sudo().send_mail(registration.id)
        todo.sudo().write({"confirmation_sent_date": fields.Datetime.now(),
                           "confirmation_bounced": False})
        # The scheduler must not send them a second time.
        sent_lines = self.env["event.mail.registration"].sudo().search([
            ("scheduler_id", "in", schedulers.ids), ("registration_id", "in", todo.ids)])
        sent_lines.write({"mail_sent": True})
        missing = {(s.id, r.id) for s in schedulers for r in todo
                   if s.event_id == r.event_id} - {
            (line.scheduler_id.id, line.registration_id.id) for line in sent_lines}
        for scheduler_id, registration_id in sorted(missing):
            self.env["event.mail.registration"].sudo().create({
                "scheduler_id": scheduler_id, "registration_id": registration_id,
                "mail_sent": True})
        return len(todo)

    @api.multi
    def action_resend_confirmation_button(self):
        """The list's and the form's button: resend, then reload the view."""
        self.action_resend_confirmation()
        return True

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ..rules import confirmation


class EventEvent(models.Model):
    _inherit = "event.event"

    unconfirmed_registration_count = fields.Integer(
        string="Unconfirmed", compute="_compute_unconfirmed_registration_count",
        help="Confirmed registrations whose confirmation email was not sent, failed or "
        "bounced.")

    def _compute_unconfirmed_registration_count(self):
        ids = tuple(e.id for e in self if isinstance(e.id, int))
        counts = {}
        if ids:
            self.env.cr.execute(
                "SELECT r.event_id, count(*) FROM (%s) s "
                "JOIN event_registration r ON r.id = s.id WHERE s.status IN %%s "
                "GROUP BY r.event_id" % confirmation.STATUS_SQL.format(where="r.event_id IN %s"),
                [ids, confirmation.UNCONFIRMED])
            counts = dict(self.env.cr.fetchall())
        for event in self:
            event.unconfirmed_registration_count = counts.get(event.id, 0)

    @api.multi
    def action_view_unconfirmed_registrations(self):
        self.ensure_one()
        action = self.env.ref(
            "crm_customer360_event.event_registration_unconfirmed_action").read()[0]
        action["domain"] = [("event_id", "=", self.id)]
        action["display_name"] = action["name"] = _("Unconfirmed: %(event)s") % {
            "event": self.name}
        return action

    @api.multi
    def action_resend_confirmations(self):
        """One click on the event: resend every missing confirmation."""
        registrations = self.env["event.registration"].search([
            ("event_id", "in", self.ids),
            ("confirmation_status", "in", list(confirmation.UNCONFIRMED))])
        registrations.action_resend_confirmation()
        return True

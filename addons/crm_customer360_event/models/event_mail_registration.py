# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..rules import confirmation


class EventMailRegistration(models.Model):
    _inherit = "event.mail.registration"

    @api.multi
    def execute(self):
        """Record when the confirmation scheduler sends a registration its
        email (once: the scheduler runs over its sent lines again)."""
        pending = self.filtered(lambda line: not line.mail_sent)
        res = super().execute()
        sent = pending.filtered("mail_sent")
        if sent:
            self.env.cr.execute(confirmation.MARK_SENT_SQL,
                                {"now": fields.Datetime.now(), "ids": tuple(sent.ids)})
            self.env["event.registration"].invalidate_cache(
                ["confirmation_sent_date", "confirmation_bounced"],
                sent.mapped("registration_id").ids)
        return res

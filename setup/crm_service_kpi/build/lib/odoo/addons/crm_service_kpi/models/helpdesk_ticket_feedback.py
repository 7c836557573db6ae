# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    """Ask the customer for feedback when a ticket reaches a closed stage."""

    _inherit = "helpdesk.ticket"

    feedback_ids = fields.One2many("crm.service.feedback", "ticket_id", string="Feedback")

    @api.multi
    def write(self, vals):
        Feedback = self.env["crm.service.feedback"].sudo()
        closing = self.browse()
        exchanged = set()
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.closed:
                closing = self.filtered(lambda t: not t.stage_id.closed)
                # Before the write: the "ticket closed" email that closing
                # sends the customer is not an exchange about the problem.
                exchanged = Feedback._tickets_with_exchange(closing)
        res = super().write(vals)
        if closing:
            Feedback._request_for_tickets(closing, exchanged_ids=exchanged)
        return res

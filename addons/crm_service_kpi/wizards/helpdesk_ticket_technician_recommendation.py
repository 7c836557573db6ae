# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HelpdeskTicketTechnicianRecommendation(models.TransientModel):
    """The recommendation panel of a ticket: the team ranked, with the
    reasons, and an Assign button per candidate for the helpdesk manager."""

    _name = "helpdesk.ticket.technician.recommendation"
    _description = "Which technician to send"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Ticket", required=True,
                                ondelete="cascade")
    line_ids = fields.One2many("helpdesk.ticket.technician.recommendation.line",
                               "wizard_id", string="Candidates", readonly=True)

    @api.model
    def create(self, vals):
        wizard = super(HelpdeskTicketTechnicianRecommendation, self).create(vals)
        lines = [(0, 0, {
            "sequence": i, "user_id": c["user_id"], "score": c["score"],
            "first_time_rate": c["first_time_rate"], "csat_rate": c["csat_rate"],
            "open_tickets": c["open_tickets"], "reasons": "\n".join(c["reasons"]),
            "current": c["current"],
        }) for i, c in enumerate(wizard.ticket_id.recommend_technicians())]
        wizard.write({"line_ids": lines})
        return wizard


class HelpdeskTicketTechnicianRecommendationLine(models.TransientModel):
    _name = "helpdesk.ticket.technician.recommendation.line"
    _description = "Technician candidate"
    _order = "sequence"

    wizard_id = fields.Many2one("helpdesk.ticket.technician.recommendation", required=True,
                                ondelete="cascade")
    sequence = fields.Integer()
    user_id = fields.Many2one("res.users", string="Technician", readonly=True)
    score = fields.Float(string="Score", digits=(16, 1), readonly=True)
    first_time_rate = fields.Float(string="First-time fix (%)", digits=(16, 0),
                                   readonly=True)
    csat_rate = fields.Float(string="Satisfied (%)", digits=(16, 0), readonly=True)
    open_tickets = fields.Integer(string="Open tickets", readonly=True)
    reasons = fields.Text(readonly=True)
    current = fields.Boolean(string="Current technician", readonly=True)

    @api.multi
    def action_assign(self):
        self.ensure_one()
        self.wizard_id.ticket_id.action_assign_technician(self.user_id.id)
        return {"type": "ir.actions.act_window_close"}

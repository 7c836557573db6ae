# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models


class CrmServiceAnswerDeflection(models.TransientModel):
    """Deflection figures of the knowledge base over a period
    (rules/answer_deflection.py), each with its one-line definition."""

    _name = "crm.service.answer.deflection"
    _description = "Knowledge Base Deflection"

    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)) - timedelta(days=30)))
    date_to = fields.Date(
        required=True,
        default=lambda self: fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)) + timedelta(days=1)),
        help="Excluded.")
    searched = fields.Integer(
        "Sessions that searched", compute="_compute_figures",
        help="Portal sessions with at least one search of the answers.")
    read_answer = fields.Integer(
        "Sessions that read an answer", compute="_compute_figures",
        help="Sessions that searched and opened at least one answer.")
    deflected = fields.Integer(
        "Sessions deflected", compute="_compute_figures",
        help="Sessions that searched, read an answer and created no ticket.")
    solved = fields.Integer(
        "Sessions solved by an answer", compute="_compute_figures",
        help="Sessions in which the customer said an answer solved the problem.")
    tickets_anyway = fields.Integer(
        "Tickets created anyway", compute="_compute_figures",
        help="Sessions that searched, read an answer and still created a ticket.")
    deflection_rate = fields.Float(
        "Deflection rate (%)", compute="_compute_figures", digits=(5, 1),
        help="Sessions deflected / sessions that searched x 100.")

    @api.depends("date_from", "date_to")
    def _compute_figures(self):
        Event = self.env["crm.service.answer.event"]
        for rec in self:
            if not rec.date_from or not rec.date_to or rec.date_from >= rec.date_to:
                continue
            result = Event.deflection_summary(rec.date_from, rec.date_to)
            rec.searched = result["searched"]
            rec.read_answer = result["read"]
            rec.deflected = result["deflected"]
            rec.solved = result["solved"]
            rec.tickets_anyway = result["tickets_anyway"]
            rec.deflection_rate = result["deflection_rate"] or 0.0

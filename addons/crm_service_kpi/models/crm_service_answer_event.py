# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules import answer_deflection


class CrmServiceAnswerEvent(models.Model):
    """Append-only log of the knowledge base's use on the portal: searches,
    answers opened, "this solved my problem", tickets created anyway
    (rules/answer_deflection.py). Written by the portal controller only."""

    _name = "crm.service.answer.event"
    _description = "Service Answer Event"
    _order = "id desc"

    kind = fields.Selection([
        (answer_deflection.SEARCH, "Search"),
        (answer_deflection.OPEN, "Answer opened"),
        (answer_deflection.SOLVED, "Solved my problem"),
        (answer_deflection.TICKET, "Ticket created"),
    ], required=True, readonly=True, index=True)
    session_key = fields.Char(required=True, readonly=True, index=True)
    answer_id = fields.Many2one(
        "crm.service.answer", readonly=True, index=True, ondelete="set null")
    ticket_id = fields.Many2one(
        "helpdesk.ticket", readonly=True, ondelete="set null")
    query = fields.Char(readonly=True)
    result_count = fields.Integer(readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)

    @api.multi
    def write(self, vals):
        if self:
            raise UserError(_("The answer usage log is append-only."))
        return super().write(vals)

    @api.multi
    def unlink(self):
        if self:
            raise UserError(_("The answer usage log is append-only."))
        return super().unlink()

    @api.model
    def _log(self, kind, session_key, company, answer=None, ticket=None, query=None,
             result_count=0):
        """Append one event (called with sudo by the portal controller);
        nothing past answer_deflection.MAX_EVENTS_PER_SESSION events of its
        kind for the session."""
        if kind not in answer_deflection.KINDS or not session_key:
            return self.browse()
        self.env.cr.execute(
            "SELECT count(*) FROM crm_service_answer_event WHERE session_key = %s AND kind = %s",
            [session_key, kind])
        if not answer_deflection.may_log(self.env.cr.fetchone()[0]):
            return self.browse()
        return self.sudo().create({
            "kind": kind,
            "session_key": session_key,
            "company_id": company.id,
            "answer_id": answer.id if answer else False,
            "ticket_id": ticket.id if ticket else False,
            "query": answer_deflection.logged_query(query),
            "result_count": result_count,
        })

    @api.model
    def deflection_summary(self, date_from, date_to):
        """Deflection figures of the user's companies from date_from (included)
        to date_to (excluded), 'YYYY-MM-DD' strings: a dict of counts and
        'deflection_rate' (percent, False without searches)."""
        self.check_access_rights("read")
        try:
            start = fields.Date.from_string(date_from)
            end = fields.Date.from_string(date_to)
        except (TypeError, ValueError):
            start = end = None
        if not start or not end or start >= end:
            raise UserError(_("Give a period: a start date before an end date."))
        company_ids = self.env["res.company"].search(
            [("id", "child_of", self.env.user.company_id.id)]).ids
        self.env.cr.execute(answer_deflection.SESSIONS_SQL, {
            "company_ids": company_ids,
            "date_from": fields.Date.to_string(start),
            "date_to": fields.Date.to_string(end),
        })
        result = answer_deflection.figures(self.env.cr.fetchone())
        if result["deflection_rate"] is None:
            result["deflection_rate"] = False
        return result

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules import answer_search

SUGGESTIONS = 5


class HelpdeskTicket(models.Model):
    """A solved ticket becomes a knowledge-base answer in one click."""

    _inherit = "helpdesk.ticket"

    answer_ids = fields.One2many(
        "crm.service.answer", "ticket_id", string="Answers",
        groups="helpdesk_mgmt.group_helpdesk_user_own")
    # segmented title and description: the same search rule as the answers
    # (rules/answer_search.py), to find similar solved tickets
    search_title = fields.Text(
        compute="_compute_search_text", store=True, readonly=True, copy=False,
        groups="helpdesk_mgmt.group_helpdesk_user_own")
    search_body = fields.Text(
        compute="_compute_search_text", store=True, readonly=True, copy=False,
        groups="helpdesk_mgmt.group_helpdesk_user_own")
    suggested_answer_ids = fields.Many2many(
        "crm.service.answer", compute="_compute_suggestions", string="Suggested Answers",
        groups="helpdesk_mgmt.group_helpdesk_user_own",
        help="The answers most similar to this ticket (published and internal).")
    similar_ticket_ids = fields.Many2many(
        "helpdesk.ticket", compute="_compute_suggestions", string="Similar Solved Tickets",
        groups="helpdesk_mgmt.group_helpdesk_user_own",
        help="The solved tickets most similar to this one.")

    @api.depends("name", "description")
    def _compute_search_text(self):
        for ticket in self:
            ticket.search_title = answer_search.segmented(ticket.name)
            ticket.search_body = answer_search.segmented(
                answer_search.html_to_text(ticket.description))

    def _compute_suggestions(self):
        # a form shows one ticket: one ranked query per ticket read
        Answer = self.env["crm.service.answer"]
        for ticket in self:
            query = answer_search.ticket_query(ticket.name, ticket.description)
            found = Answer.search_answers(query, limit=SUGGESTIONS, published_only=False)
            ticket.suggested_answer_ids = Answer.browse([r["id"] for r in found])
            ticket.similar_ticket_ids = ticket._similar_solved_tickets(query)

    @api.multi
    def _similar_solved_tickets(self, query, limit=SUGGESTIONS):
        """Solved tickets of the user's companies ranked for ``query`` (the
        answers' search rule), this one excluded, that the user may read."""
        self.ensure_one()
        if not answer_search.tsquery(query):
            return self.browse()
        params = answer_search.search_params(query, limit)
        params.update(
            ticket_id=self.id or 0,
            company_ids=self.env["res.company"].sudo().search(
                [("id", "child_of", self.env.user.company_id.id)]).ids,
        )
        where = ("id != %(ticket_id)s AND (company_id IS NULL OR company_id = ANY(%(company_ids)s))"
                 " AND stage_id IN (SELECT id FROM helpdesk_ticket_stage WHERE closed)")
        self.env.cr.execute(answer_search.search_sql("helpdesk_ticket", where), params)
        ranked = [row[0] for row in self.env.cr.fetchall()]
        visible = set(self.search([("id", "in", ranked)]).ids)
        return self.browse([i for i in ranked if i in visible])

    @api.model_cr
    def init(self):
        res = super().init()
        # the GIN index of the similar-ticket search, on its very expression
        self.env.cr.execute(sql.SQL(
            "CREATE INDEX IF NOT EXISTS helpdesk_ticket_search_idx "
            "ON helpdesk_ticket USING gin ({})").format(sql.SQL(answer_search.VECTOR_SQL)))
        return res

    @api.multi
    def _last_reply_body(self):
        """Body of the last public reply written by an employee ('' if none)."""
        self.ensure_one()
        comment = self.env.ref("mail.mt_comment")
        messages = self.env["mail.message"].search([
            ("model", "=", self._name), ("res_id", "=", self.id),
            ("message_type", "=", "comment"), ("subtype_id", "=", comment.id),
            ("author_id.user_ids.share", "=", False),
        ], order="date desc, id desc", limit=1)
        return messages.body or ""

    @api.multi
    def action_create_answer(self):
        """Create an internal answer from this solved ticket (its title,
        category, product, customer's language and last reply) and open it."""
        self.ensure_one()
        if not self.stage_id.closed:
            raise UserError(_("Only a solved ticket can become an answer."))
        body = self._last_reply_body() or self.description or ""
        if not body.strip():
            raise UserError(_("The ticket has no reply to turn into an answer."))
        answer = self.env["crm.service.answer"].create({
            "name": self.name,
            "body": body,
            "lang": self.partner_id.lang or self.env.lang or "en_US",
            "category_id": self.category_id.id,
            "product_id": self.product_id.id,
            "company_id": self.company_id.id,
            "ticket_id": self.id,
            "published": False,
        })
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.service.answer",
            "res_id": answer.id,
            "view_mode": "form",
            "target": "current",
        }

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules import answer_search


def _answer_lang_get(self):
    """The installed languages and the ones the suite's answers are written
    in (answer_search.ANSWER_LANGUAGES): an answer in Chinese is valid on a
    database whose interface has no Chinese loaded (demo data, a fresh
    install)."""
    langs = dict(self.env["res.lang"].get_installed())
    for code, name in answer_search.ANSWER_LANGUAGES:
        langs.setdefault(code, name)
    return sorted(langs.items())


class CrmServiceAnswer(models.Model):
    """A knowledge-base answer: written from a solved ticket, published for
    customers (portal page and ticket submission page) or kept internal.
    Search: rules/answer_search.py (jieba-segmented tsvector, GIN index)."""

    _name = "crm.service.answer"
    _description = "Service Answer"
    _inherit = ["mail.thread"]
    _order = "published desc, write_date desc, id desc"

    name = fields.Char("Title", required=True, track_visibility="onchange")
    body = fields.Html(required=True, sanitize=True)
    lang = fields.Selection(
        _answer_lang_get, string="Language", required=True,
        default=lambda self: self.env.lang or "en_US")
    category_id = fields.Many2one("helpdesk.ticket.category", index=True)
    product_id = fields.Many2one("product.product", string="Product", index=True)
    published = fields.Boolean(
        index=True, track_visibility="onchange",
        help="Published answers are shown to customers on the portal and on the ticket "
        "submission page; the others are internal.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, default=lambda self: self.env.user.company_id,
        help="Empty: shared by every company.")
    author_id = fields.Many2one(
        "res.users", string="Author", default=lambda self: self.env.user, index=True)
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Source Ticket", index=True, ondelete="set null")
    search_title = fields.Text(
        compute="_compute_search_text", store=True, readonly=True, copy=False)
    search_body = fields.Text(
        compute="_compute_search_text", store=True, readonly=True, copy=False)
    open_count = fields.Integer(
        "Opened", compute="_compute_event_counts",
        help="Times a customer opened the answer on the portal.")
    solved_count = fields.Integer(
        "Solved", compute="_compute_event_counts",
        help="Times a customer said the answer solved the problem.")

    @api.depends("name", "body")
    def _compute_search_text(self):
        for rec in self:
            rec.search_title = answer_search.segmented(rec.name)
            rec.search_body = answer_search.segmented(answer_search.html_to_text(rec.body))

    def _compute_event_counts(self):
        counts = {}
        if self.ids:
            self.env.cr.execute(
                """SELECT answer_id, count(*) FILTER (WHERE kind = 'open'),
                          count(*) FILTER (WHERE kind = 'solved')
                     FROM crm_service_answer_event
                    WHERE answer_id = ANY(%s) GROUP BY answer_id""",
                (list(self.ids),),
            )
            counts = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for rec in self:
            rec.open_count, rec.solved_count = counts.get(rec.id, (0, 0))

    @api.model_cr
    def init(self):
        # the GIN index on the very expression the search uses (a constant)
        self.env.cr.execute(sql.SQL(
            "CREATE INDEX IF NOT EXISTS crm_service_answer_search_idx "
            "ON crm_service_answer USING gin ({})").format(sql.SQL(answer_search.VECTOR_SQL)))

    @api.multi
    def action_publish(self):
        self.write({"published": True})

    @api.multi
    def action_unpublish(self):
        self.write({"published": False})

    @api.multi
    def action_use_on_ticket(self):
        """Post this answer as a reply to the customer on the ticket given in
        the context ('ticket_id'), as the current user."""
        self.ensure_one()
        ticket_id = self.env.context.get("ticket_id")
        if not isinstance(ticket_id, int) or isinstance(ticket_id, bool) \
                or not 0 < ticket_id < 2 ** 31:
            raise UserError(_("Open the ticket to answer first."))
        ticket = self.env["helpdesk.ticket"].browse(ticket_id).exists()
        if not ticket:
            raise UserError(_("Open the ticket to answer first."))
        ticket.check_access_rights("write")
        ticket.check_access_rule("write")
        ticket.message_post(body=self.body, message_type="comment",
                            subtype="mail.mt_comment")
        return True

    @api.model
    def search_answers(self, query, limit=answer_search.DEFAULT_LIMIT, published_only=True):
        """Answers ranked for ``query`` that the current user may read:
        a list of {'id', 'name', 'snippet', 'lang', 'score'} (best first,
        those in the language of the context first; [] for a query without
        words). Access rights and record rules apply (portal and public users
        see published answers only)."""
        self.check_access_rights("read")
        self._check_query(query)
        if not answer_search.tsquery(query):
            return []
        limit = answer_search.clamp_limit(limit)
        # candidates of every language, then the reader's language first
        params = answer_search.search_params(query, answer_search.MAX_LIMIT)
        params.update(
            published_only=bool(published_only),
            company_ids=self.env["res.company"].sudo().search(
                [("id", "child_of", self.env.user.company_id.id)]).ids,
        )
        where = ("active AND (published OR NOT %(published_only)s)"
                 " AND (company_id IS NULL OR company_id = ANY(%(company_ids)s))")
        self.env.cr.execute(answer_search.search_sql("crm_service_answer", where), params)
        scores = dict(self.env.cr.fetchall())
        visible = self.search([("id", "in", list(scores))])
        ranked = sorted(visible, key=lambda a: (-scores[a.id], a.id))
        text = query if isinstance(query, str) else ""
        return answer_search.prefer_language([{
            "id": a.id,
            "name": a.name,
            "snippet": answer_search.snippet(answer_search.html_to_text(a.body), text),
            "lang": a.lang,
            "score": round(scores[a.id], 6),
        } for a in ranked], self.env.lang or self.env.user.lang, limit)

    @api.model
    def _portal_answer(self, answer_id):
        """The published answer of that id the current user may read, or an
        empty recordset (for any id: unknown, unpublished, another company's,
        not a PostgreSQL integer)."""
        if not isinstance(answer_id, int) or isinstance(answer_id, bool) \
                or not 0 < answer_id < 2 ** 31:
            return self.browse()
        return self.search([("id", "=", answer_id), ("published", "=", True)], limit=1)

    @api.model
    def _check_query(self, query):
        if query is not None and not isinstance(query, str):
            raise UserError(_("The search text must be text."))

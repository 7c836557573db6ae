# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Knowledge base on the portal: /help/answers (search and read published
answers), /help/answers/suggest (JSON, used by the ticket submission page as
the customer types) and the deflection log (rules/answer_deflection.py).

Answers are read with the visitor's own rights: record rules show portal and
public users published answers of their company only; anything else is a 404.
The log is written with sudo, keyed by a hash of the browser session.
"""
from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController

from ..rules import answer_deflection, answer_search


def _session_key():
    return answer_deflection.session_key(request.session.sid)


def _log(kind, **kwargs):
    request.env["crm.service.answer.event"].sudo()._log(
        kind, _session_key(), request.env.user.company_id, **kwargs)


def _published(answer_id):
    """The published answer of that id the visitor may read, or None."""
    return request.env["crm.service.answer"]._portal_answer(answer_id) or None


class ServiceAnswerController(http.Controller):
    @http.route("/help/answers", type="http", auth="public", website=True)
    def answers_page(self, q="", **kwargs):
        query = answer_search.clean_query(q)
        results = []
        if query:
            results = request.env["crm.service.answer"].search_answers(
                query, limit=answer_search.MAX_LIMIT)
            _log(answer_deflection.SEARCH, query=query, result_count=len(results))
        return request.render("crm_service_kpi.answers_page", {
            "query": query, "results": results, "searched": bool(query)})

    @http.route("/help/answers/<int:answer_id>", type="http", auth="public", website=True)
    def answer_page(self, answer_id, solved=None, **kwargs):
        answer = _published(answer_id)
        if not answer:
            return request.not_found()
        if not solved:
            _log(answer_deflection.OPEN, answer=answer)
        return request.render("crm_service_kpi.answer_page", {
            "answer": answer, "solved": bool(solved)})

    @http.route("/help/answers/<int:answer_id>/solved", type="http", auth="public",
                website=True, methods=["POST"])
    def answer_solved(self, answer_id, **kwargs):
        answer = _published(answer_id)
        if not answer:
            return request.not_found()
        _log(answer_deflection.SOLVED, answer=answer)
        return request.redirect("/help/answers/%d?solved=1" % answer.id)

    @http.route("/help/answers/suggest", type="json", auth="public", website=True)
    def answers_suggest(self, query="", limit=answer_search.DEFAULT_LIMIT, **kwargs):
        """Published answers for what the customer typed: a list of
        {'id', 'name', 'snippet', 'url'}; [] for nothing searchable."""
        query = answer_search.clean_query(query)
        if not answer_search.tsquery(query):
            return []
        results = request.env["crm.service.answer"].search_answers(
            query, limit=answer_search.clamp_limit(limit))
        _log(answer_deflection.SEARCH, query=query, result_count=len(results))
        return [{
            "id": r["id"], "name": r["name"], "snippet": r["snippet"],
            "url": "/help/answers/%d" % r["id"],
        } for r in results]


class HelpdeskTicketAnswerController(HelpdeskTicketController):
    @http.route()
    def submit_ticket(self, **kw):
        """A ticket submitted from the portal counts against deflection."""
        response = super().submit_ticket(**kw)
        _log(answer_deflection.TICKET)
        return response

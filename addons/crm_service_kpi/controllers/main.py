# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Public satisfaction page: /service/feedback/<token>, no login.

The token (secrets.token_urlsafe(32), 256 bits) is the secret that grants
access to exactly one feedback request, and through it to the ticket's number
and title only (or, for a request sent after a delivery, the order's reference
and date only). The form still carries Odoo's CSRF token (request.csrf_token,
checked by the framework on POST): it costs nothing and keeps the route under
the framework's default protection; the URL token alone would already defeat
cross-site forgery, since a forging site cannot know it.
"""
from odoo import http
from odoo.http import request

STATUS_HTTP = {
    "valid": 200, "invalid": 400, "answered": 409, "expired": 410, "unknown": 404,
    "malformed": 404,
}


class ServiceFeedbackController(http.Controller):
    def _render(self, template, feedback, values, status=200):
        lang = (feedback and feedback.partner_id.lang) or request.context.get("lang") or "en_US"
        values = dict(values, **page_subject(feedback))
        html = (
            request.env["ir.ui.view"]
            .sudo()
            .with_context(lang=lang)
            .render_template(template, values)
        )
        response = request.make_response(
            html, headers=[("Content-Type", "text/html; charset=utf-8")]
        )
        response.status_code = status
        return response

    @http.route(
        "/service/feedback/<string:token>", type="http", auth="public", methods=["GET", "POST"]
    )
    def feedback_page(self, token, **kwargs):
        if request.httprequest.method == "POST":
            return self._feedback_submit(token, **kwargs)
        Feedback = request.env["crm.service.feedback"].sudo()
        feedback, status = Feedback._find_by_token(token)
        if status != "valid":
            return self._render(
                "crm_service_kpi.feedback_page_invalid", feedback, {"reason": status},
                STATUS_HTTP[status],
            )
        if feedback.state == "answered":
            # an answer is final: thank the customer again, no form
            return self._render("crm_service_kpi.feedback_page_thanks", feedback,
                                {"already": True})
        return self._render(
            "crm_service_kpi.feedback_page_form",
            feedback,
            {
                "token": token,
                "errors": [],
                "csat": None,
                "nps": None,
                "comment": "",
            },
        )

    def _feedback_submit(self, token, csat=None, nps=None, comment=None, **kwargs):
        Feedback = request.env["crm.service.feedback"].sudo()
        feedback, status, errors = Feedback._submit_answer_by_token(token, csat, nps, comment)
        if status in ("valid", "answered"):
            return self._render("crm_service_kpi.feedback_page_thanks", feedback,
                                {"already": status == "answered"}, STATUS_HTTP[status])
        if status == "invalid":
            return self._render(
                "crm_service_kpi.feedback_page_form",
                feedback,
                {
                    "token": token,
                    "errors": errors,
                    "csat": _form_score(csat),
                    "nps": _form_score(nps),
                    "comment": comment if isinstance(comment, str) else "",
                },
                STATUS_HTTP[status],
            )
        return self._render(
            "crm_service_kpi.feedback_page_invalid", feedback, {"reason": status},
            STATUS_HTTP[status],
        )


def page_subject(feedback):
    """What the page is about: the feedback, and its ticket or, for a request
    sent after a delivery (no ticket), its order."""
    ticket = feedback.ticket_id if feedback else None
    order = feedback.sale_order_id if feedback and not ticket else None
    return {"feedback": feedback, "ticket": ticket or None, "order": order or None}


def _form_score(value):
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None

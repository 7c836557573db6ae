# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's tickets on the portal (/my/tickets, /my/ticket/<id>) and
the portal's "close" button (/ticket/close), extending OCA helpdesk_mgmt.

Every ticket is first read with the customer's own rights (the portal record
rule of security/portal_security.xml): a ticket of another customer, of
another company, or that does not exist answers 404, exactly as a
non-integer id does (the route's converter), never a redirect that would
tell it exists and never a traceback.
"""
import werkzeug

from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortal


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def readable_ticket(env, ticket_id):
    """The ticket if the user of ``env`` may read it, else an empty recordset
    (also for a missing ticket or an id that is not a positive integer)."""
    Ticket = env["helpdesk.ticket"]
    ticket_id = _int(ticket_id)
    if not ticket_id or ticket_id <= 0:
        return Ticket
    ticket = Ticket.browse(ticket_id)
    try:
        ticket.check_access_rights("read")
        ticket.check_access_rule("read")
        if not ticket.exists():
            return Ticket
    except (AccessError, MissingError):
        return Ticket
    return ticket


class ServicePortal(CustomerPortal):

    @http.route(["/my/tickets", "/my/tickets/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_tickets(self, page=1, **kw):
        response = super().portal_my_tickets(page=page, **kw)
        tickets = response.qcontext.get("tickets")
        if tickets:
            response.qcontext["next_steps"] = tickets.portal_next_step_words(
                tz_name=request.env.user.tz)
        return response

    @http.route(["/my/ticket/<int:ticket_id>"], type="http", auth="user", website=True)
    def portal_my_ticket(self, ticket_id=None, **kw):
        ticket = readable_ticket(request.env, ticket_id)
        if not ticket:
            return request.not_found()
        values = self._ticket_get_page_view_values(ticket.sudo(), **kw)
        return request.render("helpdesk_mgmt.portal_helpdesk_ticket_page", values)

    def _ticket_get_page_view_values(self, ticket, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, **kwargs)
        values.update({
            # in the customer's time zone (the page reads the ticket as superuser)
            "next_step": ticket.portal_next_step_words(
                tz_name=request.env.user.tz).get(str(ticket.id)),
            "conversation": ticket._portal_conversation(),
        })
        return values


class ServiceTicketController(HelpdeskTicketController):

    @http.route("/ticket/close", type="http", auth="user", methods=["POST"], csrf=True)
    def support_ticket_close(self, **kw):
        """Close a ticket from the portal: only a ticket the user may read,
        only into a closed stage. A ticket without its cause is not closed
        by the customer (the cause is required to solve): the team is told
        the customer considers it solved. POST with the session's CSRF token
        only (OCA's route took a GET: a link or an image on any page could
        close the visitor's tickets)."""
        ticket = readable_ticket(request.env, kw.get("ticket_id"))
        stage = request.env["helpdesk.ticket.stage"].browse(_int(kw.get("stage_id")) or [])
        if not ticket or not stage.exists() or not stage.closed:
            return request.not_found()
        url = "/my/ticket/%d" % ticket.id
        if ticket.stage_id.closed:
            return werkzeug.utils.redirect(url)
        if not ticket.sudo().cause_id:
            ticket.sudo().message_post(
                body=_("The customer considers this ticket solved."),
                author_id=request.env.user.partner_id.id,
                message_type="comment", subtype="mail.mt_note")
            return werkzeug.utils.redirect(url + "?warning=close_pending")
        ticket.sudo().write({"stage_id": stage.id})
        return werkzeug.utils.redirect(url)

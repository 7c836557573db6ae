# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's view of a ticket on the portal: the next step in plain
words (rules/portal.py) and the public conversation."""
from babel.dates import format_date, format_time

from odoo import _, api, fields, models

from ..rules import portal


def _locale(lang):
    return (lang or "en_US").replace("-", "_")


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.multi
    def _portal_next_steps(self, now=None, tz_name=None):
        """{ticket id: rules.portal.NextStep} at ``now`` (naive UTC, default
        the present) in the time zone ``tz_name`` (default the user's)."""
        now = portal.parse(now) or fields.Datetime.from_string(fields.Datetime.now())
        tz_name = tz_name or self.env.user.tz or self.env.context.get("tz")
        res = {}
        for ticket in self.sudo():
            res[ticket.id] = portal.next_step(
                now, tz_name, ticket.stage_id.closed, ticket.stage_id.waiting_customer,
                closed_date=portal.parse(ticket.closed_date),
                next_reply_start=portal.parse(ticket.next_reply_start),
                next_reply_deadline=portal.parse(ticket.next_reply_deadline),
                first_response_date=portal.parse(ticket.first_response_date),
                first_response_deadline=portal.parse(ticket.first_response_deadline))
        return res

    @api.model
    def _portal_when_words(self, step, lang):
        """'today 14:00', 'Tuesday 14:00', 'Jan 20, 2026 14:00' in ``lang``."""
        locale = _locale(lang)
        hour = format_time(step.local, "HH:mm", locale=locale)
        if step.when_kind == portal.TODAY:
            return _("today %(time)s") % {"time": hour}
        if step.when_kind == portal.TOMORROW:
            return _("tomorrow %(time)s") % {"time": hour}
        if step.when_kind == portal.WEEKDAY:
            return _("%(weekday)s %(time)s") % {
                "weekday": format_date(step.local, "EEEE", locale=locale), "time": hour}
        return _("%(date)s %(time)s") % {
            "date": format_date(step.local, "medium", locale=locale), "time": hour}

    @api.multi
    def portal_next_step_words(self, now=None, tz_name=None):
        """The customer's next step of each ticket in plain words, in the
        user's language: {"ticket id": sentence} (string keys for RPC)."""
        lang = self.env.context.get("lang") or self.env.user.lang
        tickets = self.with_context(lang=lang)
        res = {}
        for ticket_id, step in tickets._portal_next_steps(now, tz_name).items():
            res[str(ticket_id)] = tickets._portal_step_sentence(step, lang)
        return res

    @api.model
    def _portal_step_sentence(self, step, lang):
        if step.kind == portal.SOLVED:
            if not step.local:
                return _("Solved")
            return _("Solved on %(date)s") % {
                "date": format_date(step.local, "medium", locale=_locale(lang))}
        if step.kind == portal.WAITING_CUSTOMER:
            return _("Waiting for your answer")
        if step.kind == portal.REPLY_BY:
            return _("We will reply by %(when)s") % {
                "when": self._portal_when_words(step, lang)}
        if step.kind == portal.REPLY_SOON:
            return _("We will reply as soon as possible")
        if step.kind == portal.RECEIVED:
            return _("We have your message and will reply soon")
        return _("We are working on it")

    @api.multi
    def _portal_conversation(self):
        """The public messages of this ticket, oldest first: comments and
        emails with a public subtype (never internal notes, never tracking
        or system notifications), read as superuser after the caller has
        checked the ticket."""
        self.ensure_one()
        return self.env["mail.message"].sudo().search([
            ("model", "=", self._name), ("res_id", "=", self.id),
            ("message_type", "in", ("comment", "email")),
            ("subtype_id", "!=", False), ("subtype_id.internal", "=", False),
        ], order="date, id")

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
from collections import defaultdict

from psycopg2 import sql
from psycopg2.extras import execute_values

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.addons.crm_customer_base.rules import definitions
from odoo.exceptions import UserError, ValidationError

from ..rules import cause, kpi, sla
from .crm_service_ticket_cause import CAUSE_KINDS

SLA_STATUS = [
    (sla.ON_TRACK, "On Track"),
    (sla.AT_RISK, "At Risk"),
    (sla.BREACHED, "Breached"),
    (sla.MET, "Met"),
]

PAUSED = "paused"
SLA_STATE = SLA_STATUS + [(PAUSED, "Paused")]

# fields that change which policy applies
_POLICY_FIELDS = {"team_id", "priority", "partner_id", "company_id"}
# fields the SLA bookkeeping writes itself (never re-triggers it)
_SLA_FIELDS = {
    "sla_policy_id", "first_response_deadline", "first_response_risk_date",
    "resolution_deadline", "resolution_risk_date", "sla_status", "sla_paused_hours",
    "sla_paused_since", "sla_risk_notified", "sla_breach_notified",
    "next_reply_start", "next_reply_message_id", "next_reply_paused_hours",
    "next_reply_deadline", "next_reply_risk_date", "next_reply_state",
    "next_reply_risk_notified", "next_reply_breach_notified",
    "next_reply_answered_count", "next_reply_met_count",
}
NEXT_REPLY_STATE = [
    (sla.ON_TRACK, "On Track"),
    (sla.AT_RISK, "At Risk"),
    (sla.BREACHED, "Breached"),
]


# group_by of kpi_summary_grouped -> column of ticket and feedback
_GROUP_COLUMNS = {"user": "user_id", "team": "team_id"}

# Covering indexes of the KPI aggregates (_kpi_ticket_buckets), so that
# they read an index alone (a few MB) and not the ticket rows (1.2 KB a
# ticket with its description): (name, key, covered columns, predicate).
# The tickets opened in a period: by their opening, the SLA start (the
# creation for tickets without one, created before the SLA feature); the
# backlog candidates (not closed, or closed after the end): by their closing.
# The covered columns: what the aggregates, the company rule and the team /
# employee filters read.
_KPI_SCOPE_COLUMNS = ("stage_id", "company_id", "team_id", "user_id")
_KPI_PERIOD_COLUMNS = _KPI_SCOPE_COLUMNS + (
    "first_response_date", "first_response_hours", "closed_date", "resolution_hours",
    "sla_policy_id", "sla_status", "reopen_count", "cause_kind",
    "next_reply_answered_count", "next_reply_met_count", "next_reply_state",
)
# earlier versions of the period indexes (without the cause), dropped
_KPI_OLD_INDEXES = ("helpdesk_ticket_kpi_open_index", "helpdesk_ticket_kpi_legacy_open_index")
_KPI_INDEXES = (
    ("helpdesk_ticket_kpi_open_v2_index", "sla_start_date", _KPI_PERIOD_COLUMNS,
     "sla_start_date IS NOT NULL"),
    ("helpdesk_ticket_kpi_legacy_open_v2_index", "create_date", _KPI_PERIOD_COLUMNS,
     "sla_start_date IS NULL"),
    ("helpdesk_ticket_kpi_closed_index", "closed_date", ("sla_start_date",) + _KPI_SCOPE_COLUMNS,
     "sla_start_date IS NOT NULL"),
)


def _session_superuser():
    """Whether the request being served (web client, JSON-RPC or XML-RPC) was
    authenticated as the superuser: the HTTP and RPC dispatchers record the
    authenticated uid on the thread (odoo.http, odoo.service.model); cron
    jobs, scripts, the mail gateway and tests have none."""
    return getattr(threading.current_thread(), "uid", None) == SUPERUSER_ID


def _dt(value):
    return fields.Datetime.from_string(value) if value else False


def _st(value):
    return fields.Datetime.to_string(value) if value else False


class OptionalFloat(fields.Float):
    """A float whose absence is stored as NULL and read as False (missing,
    shown empty), never as 0: Odoo 11's Float turns a missing value into 0.0.
    Aggregates (avg) then leave the missing values out."""

    def convert_to_column(self, value, record, values=None):
        if value is None or value is False:
            return None
        return super().convert_to_column(value, record, values)

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return False
        return super().convert_to_cache(value, record, validate)


class HelpdeskTicket(models.Model):
    """Service on the ticket: links, SLA, KPI hours and summaries, the
    customer's feedback, opportunities raised by service."""

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "crm.service.kpi.mixin"]

    # -- links and reopening ---------------------------------------------
    sale_order_id = fields.Many2one(
        "sale.order", string="Sales Order", index=True, track_visibility="onchange")
    product_id = fields.Many2one("product.product", string="Product", index=True)
    invoice_id = fields.Many2one(
        "account.invoice", string="Invoice", index=True,
        domain=[("type", "in", definitions.REVENUE_INVOICE_TYPES)])
    reopen_count = fields.Integer(
        string="Reopened", readonly=True, copy=False,
        help="How many times the customer wrote after the ticket was solved, which "
        "moved it back to the first open stage.")

    # -- cause (rules/cause.py) -----------------------------------------
    cause_id = fields.Many2one(
        "crm.service.ticket.cause", string="Cause", index=True, ondelete="restrict",
        track_visibility="onchange",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="Why the customer needed us; required to solve the ticket. User errors "
        "and how-to questions count as avoidable in the KPIs.")
    cause_kind = fields.Selection(
        CAUSE_KINDS, related="cause_id.kind", store=True, readonly=True,
        string="Cause Kind")

    # -- SLA -----------------------------------------------------------
    sla_policy_id = fields.Many2one(
        "crm.service.sla.policy", string="SLA Policy", readonly=True, copy=False,
        index=True, ondelete="set null")
    sla_start_date = fields.Datetime(
        string="SLA Start", readonly=True, copy=False,
        help="When the SLA clock started (the ticket's creation).")
    first_response_date = fields.Datetime(
        readonly=True, copy=False,
        help="First message sent to the customer by an employee (a message, not a "
        "logged note).")
    first_response_deadline = fields.Datetime(readonly=True, copy=False, index=True)
    first_response_risk_date = fields.Datetime(readonly=True, copy=False)
    resolution_deadline = fields.Datetime(readonly=True, copy=False, index=True)
    resolution_risk_date = fields.Datetime(readonly=True, copy=False)
    sla_status = fields.Selection(
        SLA_STATUS, string="SLA Status", readonly=True, copy=False, index=True,
        track_visibility="onchange")
    sla_paused_hours = fields.Float(
        string="SLA Paused (h)", readonly=True, copy=False,
        help="Working hours spent waiting on the customer; added to the deadlines.")
    sla_paused_since = fields.Datetime(readonly=True, copy=False)
    # what the ticket form shows now, one consistent picture (issue #9)
    sla_state = fields.Selection(
        SLA_STATE, string="SLA", compute="_compute_sla_state",
        help="The SLA now: Paused while the ticket waits on the customer (the clock "
        "stops; a breach already established stays Breached), else the SLA status "
        "(On Track, At Risk, Breached, Met). Empty without an SLA policy.")
    sla_due_date = fields.Datetime(
        string="Resolution Due", compute="_compute_sla_state",
        help="Resolution deadline: the target in working hours from the SLA start, "
        "moved by every working hour spent waiting on the customer. While paused: "
        "the deadline if work resumed now (a breached ticket keeps the deadline it "
        "missed). Empty without an SLA policy.")
    sla_pause_hours_now = fields.Float(
        string="SLA Paused so far (h)", compute="_compute_sla_state",
        help="Working hours spent waiting on the customer so far, the current pause "
        "included; they are added to the deadlines.")
    sla_risk_notified = fields.Boolean(readonly=True, copy=False)
    sla_breach_notified = fields.Boolean(readonly=True, copy=False)
    # next reply (rules/sla.py): a clock per customer message waiting on us
    next_reply_start = fields.Datetime(
        string="Waiting for Reply Since", readonly=True, copy=False,
        help="When the customer's message now waiting on our reply arrived (the "
        "next-reply clock runs from then). Empty: nothing waits on us.")
    next_reply_message_id = fields.Many2one(
        "mail.message", string="Message Waiting", readonly=True, copy=False,
        ondelete="set null")
    next_reply_paused_hours = fields.Float(
        string="Next Reply Paused (h)", readonly=True, copy=False,
        help="Working hours this clock spent waiting on the customer; added to its "
        "deadline.")
    next_reply_deadline = fields.Datetime(
        string="Next Reply Due", readonly=True, copy=False, index=True,
        help="When the reply to the waiting customer message is due: the policy's "
        "next-reply target in working hours of the team's calendar, plus the hours "
        "paused while the ticket waits on the customer.")
    next_reply_risk_date = fields.Datetime(readonly=True, copy=False)
    next_reply_state = fields.Selection(
        NEXT_REPLY_STATE, string="Next Reply", readonly=True, copy=False, index=True,
        help="State of the reply the customer waits for. Empty: nothing waits on us.")
    next_reply_risk_notified = fields.Boolean(readonly=True, copy=False)
    next_reply_breach_notified = fields.Boolean(readonly=True, copy=False)
    next_reply_answered_count = fields.Integer(
        string="Customer Messages Answered", readonly=True, copy=False,
        help="Customer messages (after the first response) that got a reply.")
    next_reply_met_count = fields.Integer(
        string="Answered within Target", readonly=True, copy=False,
        help="Of those, the replies sent no later than the next-reply deadline.")

    # -- feedback and opportunities -------------------------------------
    feedback_ids = fields.One2many("crm.service.feedback", "ticket_id", string="Feedback")
    opportunity_ids = fields.One2many(
        "crm.lead", "ticket_id", string="Opportunities",
        help="Opportunities created from this ticket.")
    opportunity_count = fields.Integer(
        compute="_compute_opportunity_count", string="# Opportunities",
        help="Opportunities created from this ticket, won and lost included.")

    # -- KPI hours -----------------------------------------------------
    first_response_hours = OptionalFloat(
        string="First Response (working h)", compute="_compute_kpi_hours", store=True,
        readonly=True, group_operator="avg",
        help="Working hours of the team's calendar from the SLA start (else the "
        "creation) to the first response. Empty while there is none.")
    resolution_hours = OptionalFloat(
        string="Resolution (working h)", compute="_compute_kpi_hours", store=True,
        readonly=True, group_operator="avg",
        help="Working hours of the team's calendar from the SLA start (else the "
        "creation) to the closing, minus the working hours spent waiting on the "
        "customer. Empty while the ticket is not solved.")

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _sla_now(self):
        """Now (naive UTC datetime); tests may pin it with context sla_now."""
        return _dt(self.env.context.get("sla_now")) or fields.Datetime.from_string(
            fields.Datetime.now())

    def _sla_bookkeeping(self):
        return self.sudo().with_context(sla_skip=True)

    def _sla_customer_tier(self):
        """The value compared with the policies' ``tier_name``: the SLA class
        of the customer's loyalty tier (``sla_class`` of crm.loyalty.tier,
        when crm_loyalty provides it and it is set), else the tier's name.
        False without crm_loyalty or without a tier."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        if not partner or "loyalty_tier_id" not in partner._fields:
            return False
        # the tier in the ticket's company (crm_loyalty keeps one per
        # company); read as superuser, which crm_loyalty requires for the
        # company key, to pick a policy, whoever creates the ticket
        tier = partner.sudo().with_context(
            loyalty_company_id=self.company_id.id).loyalty_tier_id
        if not tier:
            return False
        if "sla_class" in tier._fields and (tier.sla_class or "").strip():
            return tier.sla_class
        return tier.name or False

    @api.multi
    def _sla_calendar_data(self, cache):
        """(attendances, tz, leaves) of the ticket's team calendar."""
        self.ensure_one()
        return self._sla_team_calendar_data(self.team_id, self.company_id, cache)

    @api.model
    def _sla_team_calendar_data(self, team, company, cache):
        """(attendances, tz, leaves) of a team's SLA calendar (team, else
        company, else the user's company), cached in ``cache``."""
        calendar = team._sla_calendar() if team else (
            company or self.env.user.company_id).resource_calendar_id
        tz = (team.tz if team else False) or self.env.user.tz or "UTC"
        key = (calendar.id, tz)
        if key not in cache:
            attendances = [
                (int(a.dayofweek), a.hour_from, a.hour_to, a.date_from, a.date_to)
                for a in calendar.attendance_ids]
            leaves = [
                (_dt(l.date_from), _dt(l.date_to))
                for l in calendar.leave_ids if not l.resource_id]
            cache[key] = (attendances, tz, leaves)
        return cache[key]

    @api.depends("sla_status", "stage_id", "sla_policy_id", "sla_paused_hours",
                 "sla_paused_since", "resolution_deadline")
    def _compute_sla_state(self):
        """sla_state, sla_due_date and sla_pause_hours_now at ``_sla_now``:
        while paused, the running pause counts (working hours since the pause
        started) and the deadline moves with it, so that the three agree."""
        now = self._sla_now()
        cache = {}
        for ticket in self:
            state = ticket.sla_status or False
            due = ticket.resolution_deadline or False
            paused = ticket.sla_paused_hours or 0.0
            waiting = ticket.stage_id.waiting_customer and not ticket.stage_id.closed
            if waiting and ticket.sla_paused_since:
                attendances, tz, leaves = ticket._sla_calendar_data(cache)
                paused += sla.working_hours_between(
                    _dt(ticket.sla_paused_since), now, attendances, tz, leaves)
                policy = ticket.sla_policy_id
                # an established breach keeps the deadline it missed
                if policy and state != sla.BREACHED:
                    deadline, _risk = sla.compute_deadlines(
                        _dt(ticket.sla_start_date or ticket.create_date),
                        policy.resolution_hours, policy.at_risk_pct, paused,
                        attendances, tz, leaves)
                    due = _st(deadline)
            if waiting and ticket.sla_policy_id and state != sla.BREACHED:
                state = PAUSED
            ticket.sla_state = state if ticket.sla_policy_id else False
            ticket.sla_due_date = due if ticket.sla_policy_id else False
            ticket.sla_pause_hours_now = paused

    # ------------------------------------------------------------------
    # SLA computation
    # ------------------------------------------------------------------
    @api.multi
    def _sla_assign_policy(self):
        """Pick the matching policy (sla.match_policy) and recompute deadlines."""
        policies = self.env["crm.service.sla.policy"].sudo()._sla_policy_dicts()
        by_policy = defaultdict(list)
        for ticket in self:
            company_id = ticket.company_id.id
            candidates = [p for p in policies
                          if not company_id or p["company_id"] == company_id]
            policy_id = sla.match_policy(
                candidates, ticket.team_id.id, ticket.priority, ticket._sla_customer_tier())
            if policy_id != ticket.sla_policy_id.id:
                by_policy[policy_id].append(ticket.id)
        for policy_id, ids in by_policy.items():
            self.browse(ids)._sla_bookkeeping().write({"sla_policy_id": policy_id})
        self._sla_compute_deadlines()

    @api.multi
    def _sla_compute_deadlines(self):
        """Deadlines of the policies (sla.compute_deadlines), written in one
        set-based UPDATE for all the tickets whose deadlines change."""
        cache = {}
        changed = []
        for ticket in self:
            policy = ticket.sla_policy_id
            vals = dict.fromkeys((
                "first_response_deadline", "first_response_risk_date",
                "resolution_deadline", "resolution_risk_date",
                "next_reply_deadline", "next_reply_risk_date"), False)
            if policy:
                attendances, tz, leaves = ticket._sla_calendar_data(cache)
                start = _dt(ticket.sla_start_date or ticket.create_date)
                fr_deadline, fr_risk = sla.compute_deadlines(
                    start, policy.first_response_hours, policy.at_risk_pct,
                    ticket.sla_paused_hours, attendances, tz, leaves)
                res_deadline, res_risk = sla.compute_deadlines(
                    start, policy.resolution_hours, policy.at_risk_pct,
                    ticket.sla_paused_hours, attendances, tz, leaves)
                vals.update(
                    first_response_deadline=_st(fr_deadline),
                    first_response_risk_date=_st(fr_risk),
                    resolution_deadline=_st(res_deadline),
                    resolution_risk_date=_st(res_risk))
                if ticket.next_reply_start:
                    nr_deadline, nr_risk = sla.next_reply_deadlines(
                        _dt(ticket.next_reply_start), policy.next_reply_hours,
                        policy.at_risk_pct, ticket.next_reply_paused_hours,
                        attendances, tz, leaves)
                    vals.update(next_reply_deadline=_st(nr_deadline),
                                next_reply_risk_date=_st(nr_risk))
            if any(ticket[k] != v for k, v in vals.items()):
                changed.append((ticket.id, vals["first_response_deadline"] or None,
                                vals["first_response_risk_date"] or None,
                                vals["resolution_deadline"] or None,
                                vals["resolution_risk_date"] or None,
                                vals["next_reply_deadline"] or None,
                                vals["next_reply_risk_date"] or None))
        if changed:
            execute_values(self.env.cr, """
                UPDATE helpdesk_ticket t
                   SET first_response_deadline = v.frd::timestamp,
                       first_response_risk_date = v.frr::timestamp,
                       resolution_deadline = v.rd::timestamp,
                       resolution_risk_date = v.rr::timestamp,
                       next_reply_deadline = v.nrd::timestamp,
                       next_reply_risk_date = v.nrr::timestamp,
                       write_uid = %s, write_date = (now() at time zone 'UTC')
                  FROM (VALUES %%s) AS v(id, frd, frr, rd, rr, nrd, nrr)
                 WHERE t.id = v.id""" % int(self.env.uid), changed, page_size=1000)
            names = ["first_response_deadline", "first_response_risk_date",
                     "resolution_deadline", "resolution_risk_date",
                     "next_reply_deadline", "next_reply_risk_date"]
            records = self.browse([row[0] for row in changed])
            records.invalidate_cache(names + ["write_uid", "write_date"], records.ids)
            records.modified(names)
            records.recompute()
        self._sla_update_status()

    @api.multi
    def _sla_update_status(self):
        """Recompute sla_status (sla.ticket_status), then notify."""
        now = self._sla_now()
        by_status = defaultdict(list)
        by_reply_state = defaultdict(list)
        for ticket in self:
            reply_state = sla.next_reply_state(
                now, _dt(ticket.next_reply_deadline), _dt(ticket.next_reply_risk_date),
                ticket.stage_id.waiting_customer and not ticket.stage_id.closed,
                ticket.next_reply_state) if ticket.next_reply_start else False
            if reply_state != (ticket.next_reply_state or False):
                by_reply_state[reply_state].append(ticket.id)
            status = sla.ticket_status(
                now,
                (_dt(ticket.first_response_deadline), _dt(ticket.first_response_risk_date),
                 _dt(ticket.first_response_date)),
                (_dt(ticket.resolution_deadline), _dt(ticket.resolution_risk_date),
                 _dt(ticket.closed_date)),
                closed=ticket.stage_id.closed,
                paused=ticket.stage_id.waiting_customer,
                previous=ticket.sla_status)
            if status != ticket.sla_status:
                by_status[status].append(ticket.id)
        for status, ids in by_status.items():
            self.browse(ids)._sla_bookkeeping().write({"sla_status": status})
        for state, ids in by_reply_state.items():
            self.browse(ids)._sla_bookkeeping().write({"next_reply_state": state})
        self._sla_notify()

    @api.multi
    def _sla_notify(self):
        """At risk: activity for the assignee. Breach: activity for the team
        leader. Each at most once per ticket (flags), so reruns are no-ops.
        The activities are prepared for all tickets, then created in one
        batch (_sla_create_activities)."""
        at_risk = self.filtered(
            lambda t: t.sla_status == sla.AT_RISK and not t.sla_risk_notified)
        breached = self.filtered(
            lambda t: t.sla_status == sla.BREACHED and not t.sla_breach_notified)
        self._next_reply_notify()
        if not at_risk and not breached:
            return
        values, notes = [], []
        for ticket in at_risk:
            summary = _("SLA at risk: %(number)s") % {"number": ticket.number}
            note = _("Ticket %(number)s (%(name)s) has used most of its SLA time. "
                     "Resolution due %(deadline)s.") % {
                         "number": ticket.number, "name": ticket.name,
                         "deadline": ticket.resolution_deadline or "-"}
            ticket._sla_activity_values(ticket.user_id, summary, note, values, notes)
        for ticket in breached:
            summary = _("SLA breached: %(number)s") % {"number": ticket.number}
            note = _("Ticket %(number)s (%(name)s) has breached its SLA (%(policy)s). "
                     "Please escalate.") % {
                         "number": ticket.number, "name": ticket.name,
                         "policy": ticket.sla_policy_id.name or "-"}
            ticket._sla_activity_values(ticket.team_id.leader_id or ticket.user_id,
                                        summary, note, values, notes)
        self._sla_create_activities(values, notes)
        at_risk._sla_bookkeeping().write({"sla_risk_notified": True})
        breached._sla_bookkeeping().write({"sla_breach_notified": True})

    @api.multi
    def _next_reply_notify(self):
        """A customer message waits too long: at risk, one activity for the
        assignee; breached, one for the assignee and one for the team leader.
        Once per waiting message (flags reset when a new clock starts), so
        reruns add nothing. The activities are prepared for all tickets, then
        created in one batch (_sla_create_activities)."""
        at_risk = self.filtered(
            lambda t: t.next_reply_start and t.next_reply_state == sla.AT_RISK
            and not t.next_reply_risk_notified)
        breached = self.filtered(
            lambda t: t.next_reply_start and t.next_reply_state == sla.BREACHED
            and not t.next_reply_breach_notified)
        if not at_risk and not breached:
            return
        values, notes = [], []

        def add(ticket, users, summary, note):
            users = [u for u in users if u]
            if not users:
                ticket._sla_activity_values(False, summary, note, values, notes)
            for user in {u.id: u for u in users}.values():
                ticket._sla_activity_values(user, summary, note, values, notes)
        for ticket in at_risk:
            add(ticket, [ticket.user_id],
                _("Reply due: %(number)s") % {"number": ticket.number},
                _("The customer has waited for a reply on ticket %(number)s (%(name)s) "
                  "since %(since)s. Reply due %(deadline)s.") % {
                      "number": ticket.number, "name": ticket.name,
                      "since": ticket.next_reply_start,
                      "deadline": ticket.next_reply_deadline or "-"})
        for ticket in breached:
            add(ticket, [ticket.user_id, ticket.team_id.leader_id],
                _("Reply overdue: %(number)s") % {"number": ticket.number},
                _("The customer has waited for a reply on ticket %(number)s (%(name)s) "
                  "since %(since)s; it was due %(deadline)s. Please reply or "
                  "escalate.") % {
                      "number": ticket.number, "name": ticket.name,
                      "since": ticket.next_reply_start,
                      "deadline": ticket.next_reply_deadline or "-"})
        self._sla_create_activities(values, notes)
        # the flags of both, so that a ticket breached at once is not told
        # it is at risk later
        at_risk._sla_bookkeeping().write({"next_reply_risk_notified": True})
        breached._sla_bookkeeping().write({
            "next_reply_risk_notified": True, "next_reply_breach_notified": True})

    @api.multi
    def _next_reply_start_clock(self, message, when):
        """Start the next-reply clock of these tickets at ``when`` for the
        customer's ``message``."""
        if not self:
            return
        self._sla_bookkeeping().write({
            "next_reply_start": _st(when), "next_reply_message_id": message.id,
            "next_reply_paused_hours": 0.0, "next_reply_state": False,
            "next_reply_risk_notified": False, "next_reply_breach_notified": False})
        self._sla_compute_deadlines()

    @api.multi
    def _next_reply_stop_clock(self, when):
        """Stop the running next-reply clocks at ``when``: one answered
        customer message each, met when in time (sla.next_reply_met); one
        set-based UPDATE."""
        running = self.filtered("next_reply_start")
        if not running:
            return
        rows = [(t.id, bool(sla.next_reply_met(when, _dt(t.next_reply_deadline))))
                for t in running]
        execute_values(self.env.cr, """
            UPDATE helpdesk_ticket t
               SET next_reply_answered_count = COALESCE(t.next_reply_answered_count, 0) + 1,
                   next_reply_met_count = COALESCE(t.next_reply_met_count, 0)
                       + CASE WHEN v.met THEN 1 ELSE 0 END,
                   next_reply_start = NULL, next_reply_message_id = NULL,
                   next_reply_paused_hours = 0, next_reply_deadline = NULL,
                   next_reply_risk_date = NULL, next_reply_state = NULL
              FROM (VALUES %s) AS v(id, met)
             WHERE t.id = v.id""", rows, page_size=1000)
        names = ["next_reply_answered_count", "next_reply_met_count", "next_reply_start",
                 "next_reply_message_id", "next_reply_paused_hours", "next_reply_deadline",
                 "next_reply_risk_date", "next_reply_state"]
        running.invalidate_cache(names, running.ids)
        running.modified(names)
        running.recompute()

    def _sla_activity_values(self, user, summary, note, values, notes):
        """Queue the to-do of this ticket for ``user`` (or, without a user, a
        note on the ticket)."""
        self.ensure_one()
        if not user:
            notes.append((self, summary, note))
            return
        values.append({
            "res_model": self._name, "res_id": self.id, "user_id": user.id,
            "summary": summary, "note": note})

    @api.model
    def _sla_create_activities(self, values, notes):
        """Create the SLA to-dos in one batch.

        mail.activity.create subscribes the assignee to the ticket, one
        forced re-subscription (unlink and create the follower, a tracked
        write of the ticket) per activity: most of the cost of a cron run
        with many silent tickets. Here the assignees are subscribed first,
        one message_subscribe per user for all their tickets not yet
        followed, untracked; the activities are then created through the
        ORM (its side effects: activity state, the assignee's bus
        notification, the suite's own hooks), with message_subscribe
        skipping the partners who already follow (context
        sla_followers_done)."""
        if values:
            activity_type = self.env.ref("mail.mail_activity_data_todo",
                                         raise_if_not_found=False)
            model_id = self.env["ir.model"]._get(self._name).id
            today = fields.Date.context_today(self)
            users = self.env["res.users"].sudo().browse({v["user_id"] for v in values})
            partner_of = {user.id: user.partner_id.id for user in users}
            to_follow = defaultdict(set)
            for vals in values:
                to_follow[partner_of[vals["user_id"]]].add(vals["res_id"])
            followed = self._sla_followed(to_follow)
            Ticket = self.sudo().with_context(tracking_disable=True, sla_skip=True)
            for partner_id, ticket_ids in to_follow.items():
                missing = sorted(ticket_ids - followed.get(partner_id, set()))
                if missing:
                    Ticket.browse(missing).message_subscribe(partner_ids=[partner_id],
                                                             force=False)
            Activity = self.env["mail.activity"].sudo().with_context(
                tracking_disable=True, sla_skip=True, sla_followers_done=True)
            defaults = {"res_model_id": model_id, "date_deadline": today,
                        "activity_type_id": activity_type.id if activity_type else False}
            for vals in values:
                vals = dict(defaults, **vals)
                vals.pop("res_model")
                Activity.create(vals)
        for ticket, summary, note in notes:
            ticket._sla_bookkeeping().with_context(tracking_disable=True).message_post(
                body=note, subject=summary, subtype="mail.mt_note")

    @api.model
    def _sla_followed(self, partner_tickets):
        """{partner id: set of ticket ids it follows} among the given
        {partner id: ticket ids}, one query."""
        pairs = [(pid, tid) for pid, tids in partner_tickets.items() for tid in tids]
        if not pairs:
            return {}
        self.env.cr.execute("""
            SELECT f.partner_id, f.res_id FROM mail_followers f
             WHERE f.res_model = %s AND f.partner_id = ANY(%s) AND f.res_id = ANY(%s)""",
                            [self._name, list(partner_tickets), list({t for _p, t in pairs})])
        res = defaultdict(set)
        for partner_id, res_id in self.env.cr.fetchall():
            res[partner_id].add(res_id)
        return res

    @api.multi
    def message_subscribe(self, partner_ids=None, channel_ids=None, subtype_ids=None,
                          force=True):
        """While SLA to-dos are created in a batch (sla_followers_done), the
        assignees already follow: no forced re-subscription per activity."""
        if (self.env.context.get("sla_followers_done") and partner_ids and not channel_ids
                and not subtype_ids):
            followed = self._sla_followed({pid: set(self.ids) for pid in partner_ids})
            if all(set(self.ids) <= followed.get(pid, set()) for pid in partner_ids):
                return True
        return super().message_subscribe(partner_ids=partner_ids, channel_ids=channel_ids,
                                          subtype_ids=subtype_ids, force=force)

    @api.model
    def _cron_sla_status(self, now=None):
        """Every 15 min: tickets whose SLA status must change, selected in SQL.

        Idempotent: statuses only move forward with time and notifications are
        flagged, so a rerun selects nothing new.
        """
        now = now or self._sla_now()
        if not isinstance(now, str):
            now = _st(now)
        self.env.cr.execute("""
            SELECT t.id
              FROM helpdesk_ticket t
              JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
             WHERE t.sla_policy_id IS NOT NULL
               AND NOT COALESCE(s.closed, FALSE)
               AND NOT COALESCE(s.waiting_customer, FALSE)
               AND (
                    (COALESCE(t.sla_status, 'on_track') IN ('on_track', 'at_risk')
                     AND (t.resolution_deadline <= %(now)s
                          OR (t.first_response_date IS NULL
                              AND t.first_response_deadline <= %(now)s)))
                 OR (COALESCE(t.sla_status, 'on_track') = 'on_track'
                     AND (t.resolution_risk_date <= %(now)s
                          OR (t.first_response_date IS NULL
                              AND t.first_response_risk_date <= %(now)s)))
                 OR (t.sla_status = 'at_risk' AND NOT COALESCE(t.sla_risk_notified, FALSE))
                 OR (t.sla_status = 'breached'
                     AND NOT COALESCE(t.sla_breach_notified, FALSE))
                 OR (t.next_reply_start IS NOT NULL AND (
                        (COALESCE(t.next_reply_state, 'on_track') IN ('on_track', 'at_risk')
                         AND t.next_reply_deadline <= %(now)s)
                     OR (COALESCE(t.next_reply_state, 'on_track') = 'on_track'
                         AND t.next_reply_risk_date <= %(now)s)
                     OR (t.next_reply_state = 'at_risk'
                         AND NOT COALESCE(t.next_reply_risk_notified, FALSE))
                     OR (t.next_reply_state = 'breached'
                         AND NOT COALESCE(t.next_reply_breach_notified, FALSE))))
               )
        """, {"now": now})
        ids = [row[0] for row in self.env.cr.fetchall()]
        tickets = self.browse(ids).with_context(sla_now=now)
        tickets._sla_update_status()
        return ids

    @api.model
    def _sla_open_problem_domain(self, partner_ids):
        """Tickets past their SLA for these customers (crm_customer360's "open
        problems"): not solved and breached, on the partners or their contacts."""
        return [("partner_id", "child_of", list(partner_ids)),
                ("sla_status", "=", sla.BREACHED),
                ("stage_id.closed", "=", False)]

    @api.model
    def sla_open_problems(self, partner_ids):
        """Open tickets past their SLA for the given partners, by partner id.

        :return: dict {"commercial partner id": [ticket ids]}: string keys,
            as XML-RPC and JSON-RPC both carry them (Python callers use
            ``_sla_open_problems``, keyed by integers)."""
        return {str(key): ids for key, ids in self._sla_open_problems(partner_ids).items()}

    @api.model
    def _sla_open_problems(self, partner_ids):
        """sla_open_problems for Python callers: {commercial partner id:
        [ticket ids]} (integer keys)."""
        tickets = self.search(self._sla_open_problem_domain(partner_ids))
        # one query for the commercial entities (not the tickets' and partners'
        # every field): the same number of queries with or without problems
        self.env.cr.execute(
            "SELECT t.id, p.commercial_partner_id FROM helpdesk_ticket t "
            "JOIN res_partner p ON p.id = t.partner_id WHERE t.id = ANY(%s)",
            [tickets.ids])
        commercial = dict(self.env.cr.fetchall())
        res = defaultdict(list)
        for ticket_id in tickets.ids:
            res[commercial[ticket_id]].append(ticket_id)
        return dict(res)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        vals = dict(vals)
        vals.setdefault("sla_start_date", _st(self._sla_now()))
        ticket = super().create(vals)
        if ticket.stage_id.waiting_customer:
            ticket._sla_bookkeeping().write({"sla_paused_since": vals["sla_start_date"]})
        ticket._sla_assign_policy()
        return ticket

    @api.multi
    def write(self, vals):
        """Keep the SLA bookkeeping (pause, policy, deadlines) and ask the
        customer for feedback when the ticket reaches a closed stage."""
        Feedback = self.env["crm.service.feedback"].sudo()
        self._check_cause_transition(vals)
        closing = self.browse()
        exchanged = set()
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.closed:
                closing = self.filtered(lambda t: not t.stage_id.closed)
                # Before the write: the "ticket closed" email that closing
                # sends the customer is not an exchange about the problem.
                exchanged = Feedback._tickets_with_exchange(closing)
        if self.env.context.get("sla_skip") or not (set(vals) - _SLA_FIELDS):
            res = super().write(vals)
        else:
            pause_vals = {}
            if vals.get("stage_id"):
                pause_vals = self._sla_pause_values(
                    self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]))
            res = super().write(vals)
            for ticket_id, tvals in pause_vals.items():
                self.browse(ticket_id)._sla_bookkeeping().write(tvals)
            if _POLICY_FIELDS & set(vals):
                self._sla_assign_policy()
            elif pause_vals or "stage_id" in vals or "sla_start_date" in vals:
                self._sla_compute_deadlines()
        if closing:
            closing._next_reply_stop_clock(self._sla_now())
            Feedback._request_for_tickets(closing, exchanged_ids=exchanged)
        return res

    @api.multi
    def _check_cause_transition(self, vals):
        """A translated ValidationError, before anything is written, when the
        write would solve a ticket without a cause or remove the cause of a
        solved ticket (cause.missing_cause)."""
        if "stage_id" not in vals and "cause_id" not in vals:
            return
        if self.env.uid == SUPERUSER_ID and not _session_superuser():
            # technical writes (imports, migrations, scripts, the mail
            # gateway; OCA helpdesk_mgmt's own tests close tickets so) are
            # exempt: the rule is for the people who solve tickets. Not the
            # administrator (uid 1 on Odoo 11) in the web client or over
            # RPC: a kanban drag, a form or an RPC write of stage_id is a
            # person solving a ticket.
            return
        closing_stage = None
        if "stage_id" in vals:
            if vals["stage_id"] and not isinstance(vals["stage_id"], int):
                return  # not a stage id: the ORM refuses it
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"] or [])
            closing_stage = bool(stage.exists().closed)
        new_cause = vals["cause_id"] if "cause_id" in vals else None
        if new_cause is not None and not isinstance(new_cause, bool):
            if not isinstance(new_cause, int) or not self.env[
                    "crm.service.ticket.cause"].sudo().browse(new_cause).exists():
                raise ValidationError(_("Unknown ticket cause %(value)s.") % {
                    "value": kpi.short_repr(new_cause)})
        missing = cause.missing_cause(
            [(t.id, t.stage_id.closed, bool(t.cause_id)) for t in self],
            closing_stage, new_cause)
        if missing:
            raise ValidationError(_(
                "Set the cause of ticket(s) %(tickets)s before solving: user error, "
                "how-to question, product defect, delivery, billing or other.") % {
                    "tickets": ", ".join(self.browse(missing).mapped(
                        lambda t: t.number or t.name or str(t.id)))})

    def _sla_pause_values(self, new_stage):
        """Start or stop the SLA pause when entering or leaving a stage
        waiting on the customer."""
        now = self._sla_now()
        cache = {}
        res = {}
        for ticket in self:
            was_waiting = ticket.stage_id.waiting_customer
            if new_stage.waiting_customer and not was_waiting:
                res[ticket.id] = {"sla_paused_since": _st(now)}
            elif was_waiting and not new_stage.waiting_customer:
                since = _dt(ticket.sla_paused_since)
                extra = 0.0
                if since:
                    attendances, tz, leaves = ticket._sla_calendar_data(cache)
                    extra = sla.working_hours_between(since, now, attendances, tz, leaves)
                res[ticket.id] = {
                    "sla_paused_since": False,
                    "sla_paused_hours": ticket.sla_paused_hours + extra,
                }
                start = _dt(ticket.next_reply_start)
                if since and start:
                    # the pause of the running next-reply clock: since it started
                    attendances, tz, leaves = ticket._sla_calendar_data(cache)
                    res[ticket.id]["next_reply_paused_hours"] = (
                        ticket.next_reply_paused_hours + sla.working_hours_between(
                            max(since, start), now, attendances, tz, leaves))
        return res

    # ------------------------------------------------------------------
    # Messages: first response and reopening
    # ------------------------------------------------------------------
    @api.multi
    @api.returns("self", lambda value: value.id)
    def message_post(self, *args, **kwargs):
        message = super().message_post(*args, **kwargs)
        if not self.env.context.get("sla_skip"):
            self._sla_on_message(message)
        return message

    def _sla_on_message(self, message):
        if message.message_type not in ("comment", "email"):
            return
        if message.subtype_id != self.env.ref("mail.mt_comment"):
            return
        author = message.sudo().author_id
        if not author:
            return
        # an employee: contact of an internal user, archived users included
        users = author.sudo().with_context(active_test=False).user_ids
        employee = definitions.is_employee([{"share": user.share} for user in users])
        # the moment of the message: tests and imports may pin it (sla_now)
        when = _dt(self.env.context.get("sla_now")) or _dt(message.date)
        if employee:
            to_answer = self.filtered(
                lambda t: not t.first_response_date and t.partner_id != author)
            if to_answer:
                to_answer._sla_bookkeeping().write({"first_response_date": message.date})
                to_answer._sla_update_status()
            self.filtered(lambda t: sla.next_reply_effect(
                True, True, bool(t.next_reply_start), bool(t.first_response_date)) == sla.STOP
            )._next_reply_stop_clock(when)
        else:
            solved = self.filtered(lambda t: t.stage_id.closed)
            if solved:
                solved.sudo()._sla_reopen()
            # as superuser: the customer (a portal user) may not read the policy
            self.sudo().filtered(lambda t: sla.next_reply_effect(
                False, True, bool(t.next_reply_start), bool(t.first_response_date)) == sla.START
            )._next_reply_start_clock(message, when)

    @api.multi
    def _sla_reopen(self):
        """Back to the first open stage (by sequence, not waiting on the
        customer), counting the reopening."""
        stage = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", False), ("waiting_customer", "=", False)],
            order="sequence, id", limit=1)
        if not stage:
            return
        for ticket in self:
            ticket.write({
                "stage_id": stage.id,
                "closed_date": False,
                "reopen_count": ticket.reopen_count + 1,
            })
            ticket.message_post(
                body=_("Reopened: the customer wrote after the ticket was solved."),
                subtype="mail.mt_note")

    # ------------------------------------------------------------------
    # KPI indexes, hours and summaries
    # ------------------------------------------------------------------
    @api.model_cr
    def init(self):
        """The covering indexes of the KPI aggregates (_KPI_INDEXES)."""
        res = super(HelpdeskTicket, self).init()
        cr = self.env.cr
        # PostgreSQL 11+: the covered columns outside of the key
        for name in _KPI_OLD_INDEXES:
            cr.execute(sql.SQL("DROP INDEX IF EXISTS {}").format(sql.Identifier(name)))
        spec = sql.SQL("({key}) INCLUDE ({columns})" if cr._cnx.server_version >= 110000
                       else "({key}, {columns})")
        for name, key, columns, predicate in _KPI_INDEXES:
            if not tools.index_exists(cr, name):
                # psycopg2.sql composition of the constants in _KPI_INDEXES
                cr.execute(sql.SQL("CREATE INDEX {name} ON helpdesk_ticket {spec} "  # pylint: disable=sql-injection
                                   "WHERE {predicate}").format(
                    name=sql.Identifier(name), predicate=sql.SQL(predicate),
                    spec=spec.format(key=sql.Identifier(key), columns=sql.SQL(", ").join(
                        map(sql.Identifier, columns)))))
        return res

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        """Groups without any first response / resolution: the average is
        missing (False, shown empty), not None (shown 0.00 by the pivot)."""
        groups = super().read_group(domain, fields, groupby, offset=offset, limit=limit,
                                    orderby=orderby, lazy=lazy)
        for group in groups:
            for name in ("first_response_hours", "resolution_hours"):
                if name in group and group[name] is None:
                    group[name] = False
        return groups

    @api.depends("sla_start_date", "first_response_date", "closed_date",
                 "sla_paused_hours", "team_id")
    def _compute_kpi_hours(self):
        cache = {}
        for ticket in self:
            start = _dt(ticket.sla_start_date or ticket.create_date)
            first = _dt(ticket.first_response_date)
            closed = _dt(ticket.closed_date)
            if not start or not (first or closed):
                ticket.first_response_hours = False
                ticket.resolution_hours = False
                continue
            attendances, tz, leaves = ticket._sla_calendar_data(cache)
            ticket.first_response_hours = sla.working_hours_between(
                start, first, attendances, tz, leaves) if first else False
            ticket.resolution_hours = kpi.resolution_hours(
                sla.working_hours_between(start, closed, attendances, tz, leaves),
                ticket.sla_paused_hours) if closed else False

    # ------------------------------------------------------------------
    # KPI summary (RPC)
    # ------------------------------------------------------------------
    @api.model
    def kpi_summary(self, date_from, date_to, team_ids=None, user_ids=None):
        """Service KPIs of a period, as a dict (RPC contract).

        ``date_from`` / ``date_to``: dates ('YYYY-MM-DD'), whole days in the
        user's time zone, both included; ``team_ids`` / ``user_ids``: optional
        lists of helpdesk team / user ids restricting the tickets (and the
        feedback) to these teams / assignees.

        Keys (formulas in rules/kpi.py, the README and below; hours are
        working hours of the team's calendar; a ratio or mean without data is
        missing: ``False``, Odoo's "no value", never None, which XML-RPC
        refuses, and never 0):

        - ticket_count: tickets opened (SLA start, else creation) in the period;
        - first_response_hours_avg: mean working hours opening -> first
          response, over tickets of the period with a first response;
        - resolution_hours_avg: mean working hours opening -> closing minus
          paused hours, over solved tickets of the period;
        - sla_compliance_pct: tickets of the period with a policy and status
          met / those with a policy that are solved or breached;
        - reopen_rate_pct: tickets of the period reopened at least once /
          tickets of the period solved at least once;
        - csat_avg, csat_satisfied_pct, nps (% promoters - % detractors):
          feedback answered in the period (thresholds:
          crm_customer_base.rules.definitions);
        - feedback_response_rate_pct: requests sent in the period and answered
          / requests sent in the period;
        - backlog_count, backlog_age_days_avg: tickets open at the end of the
          period and their mean age in days at that moment.

        Only the tickets and feedback the user may read are counted. Two SQL
        aggregate queries, whatever the number of tickets.
        """
        return kpi.rpc_safe(
            self._kpi_summaries(date_from, date_to, team_ids, user_ids, None)[None])

    @api.model
    def kpi_summary_grouped(self, date_from, date_to, group_by, team_ids=None, user_ids=None):
        """``kpi_summary`` per employee or per team in the same two queries,
        for the scorecards: {user id or team id: kpi_summary dict} (False:
        tickets without assignee / team), the same figures as
        ``kpi_summary(user_ids=[u])`` / ``kpi_summary(team_ids=[t])`` for each
        member (tests/test_scorecard.py checks that both agree), whatever the
        number of members. ``group_by``: 'user' or 'team'; ``team_ids`` /
        ``user_ids`` restrict the tickets and feedback as in kpi_summary.

        RPC form (XML-RPC and JSON-RPC alike): keys are strings (the id as
        text, "false" for no assignee / team), missing figures False."""
        return kpi.rpc_safe(self._kpi_summary_grouped(
            date_from, date_to, group_by, team_ids, user_ids))

    @api.model
    def _kpi_summary_grouped(self, date_from, date_to, group_by, team_ids=None,
                             user_ids=None):
        """kpi_summary_grouped for Python callers: integer keys (False: none),
        missing figures None."""
        self._kpi_check_choice(group_by, _GROUP_COLUMNS, _(
            "Service KPIs can be grouped by user or team, not %(value)s."))
        return self._kpi_summaries(date_from, date_to, team_ids, user_ids,
                                   _GROUP_COLUMNS[group_by])

    @api.model
    def _kpi_summaries(self, date_from, date_to, team_ids, user_ids, group_column):
        """{value of group_column: kpi_summary dict} (False: none); {None:
        kpi_summary dict} without group_column."""
        d_from, d_to = self._kpi_check_period(date_from, date_to)
        team_ids = self._kpi_check_ids("helpdesk.ticket.team", team_ids, _("teams"))
        user_ids = self._kpi_check_ids("res.users", user_ids, _("users"))
        start, end = self._kpi_period_bounds(d_from, d_to)
        domain = self._kpi_scope_domain(team_ids, user_ids)
        summaries = self._kpi_period_summaries(domain, [(start, end, True)], group_column)
        if group_column is None and not summaries:
            summaries = {None: [kpi.summary({}, {})]}
        res = {}
        for key, (row,) in summaries.items():
            row.update(date_from=str(d_from), date_to=str(d_to))
            res[key if group_column is None else (key or False)] = row
        return res

    @api.model
    def _kpi_scope_domain(self, team_ids, user_ids):
        """Domain of the tickets (and feedback) of these teams and users."""
        domain = []
        if team_ids:
            domain.append(("team_id", "in", team_ids))
        if user_ids:
            domain.append(("user_id", "in", user_ids))
        return domain

    @api.model
    def _kpi_period_summaries(self, domain, periods, group_column=None):
        """kpi.summary dicts of several periods in one pass over the tickets
        and one over the feedback (both restricted to ``domain`` and to what
        the user may read): {key: [summary of each period]}, key = the value
        of ``group_column`` (None without grouping; only keys with data).

        ``periods``: [(start, end, backlog)], UTC bounds as strings;
        ``backlog``: False leaves the backlog figures empty (monthly series).
        AccessError when the user may not read tickets."""
        self.check_access_rights("read")
        bounds = kpi.bucket_bounds(*[(start, end) for start, end, _backlog in periods])
        ends = sorted({end for _start, end, backlog in periods if backlog})
        # grouped: every member with a ticket or a feedback of the scope gets
        # a summary, as before (the period figures read every ticket: those
        # outside the bounds fall in the buckets before and after them, which
        # are in no period)
        every_key = group_column is not None
        tickets = self._kpi_ticket_buckets(domain, bounds, ends, group_column, every_key)
        feedback = self._kpi_feedback_buckets(domain, bounds, group_column, every_key)
        res = {}
        for key in set(tickets) | set(feedback):
            ticket_rows, feedback_rows = tickets.get(key, []), feedback.get(key, [])
            res[key] = [kpi.summary(
                kpi.ticket_figures(ticket_rows, kpi.period_buckets(bounds, start, end),
                                   (ends.index(end), bounds.index(end)) if backlog else None),
                kpi.feedback_figures(feedback_rows, kpi.period_buckets(bounds, start, end)))
                for start, end, backlog in periods]
        return res

    @api.model
    def _kpi_ticket_buckets(self, domain, bounds, ends, group_column=None, every_key=False):
        """Ticket aggregates for kpi.ticket_figures: {key: [row]}, rows per
        bucket of the opening in ``bounds`` and stage (with its ``solved``),
        over the tickets of ``domain`` the user may read.

        Two sets of rows, each with the other's figures empty: the period
        figures of the tickets opened between the first and the last bound
        (of every ticket of ``domain`` with ``every_key``), the backlog
        figures at each of ``ends`` of the tickets opened before the last
        end and not closed (or closed after the first end). The opening is
        the SLA start, else (tickets older than the SLA feature) the
        creation. Each part is one aggregate over one scan of a covering
        index (_KPI_INDEXES): the scans read no ticket row and skip the
        tickets counted nowhere, and per row there are only plain column
        tests; whether the stage counts as solved is joined to the few
        aggregate rows."""
        from_clause, where_clause, params = self._kpi_rule_sql("helpdesk.ticket", domain)
        first, last = bounds[0], bounds[-1]
        column = sql.SQL('"helpdesk_ticket".{}').format
        names = ("stage_id", "first_response_date", "first_response_hours", "closed_date",
                 "resolution_hours", "sla_policy_id", "sla_status", "reopen_count", "cause_kind",
                 "next_reply_answered_count", "next_reply_met_count", "next_reply_state")
        cols = {name: column(sql.Identifier(name)) for name in names}
        cols["avoidable"] = sql.Literal(list(cause.AVOIDABLE_KINDS))
        openings = (  # opening, condition of the tickets opened by it
            (column(sql.Identifier("sla_start_date")),
             sql.SQL('"helpdesk_ticket".sla_start_date IS NOT NULL')),
            (column(sql.Identifier("create_date")),
             sql.SQL('"helpdesk_ticket".sla_start_date IS NULL')),
        )
        parts, args = [], []

        def part(figures, figure_args, opened, started, scope, scope_args, single=False):
            """One aggregate row per key, bucket and stage of the tickets
            of ``scope`` (``single``: all in bucket 1); placeholders in the
            order of the text."""
            # grouped by what varies only (hashing the constants costs)
            group_by = [3] + ([1] if group_column else []) + ([] if single else [2])
            parts.append(sql.SQL("""
                SELECT {key} AS key, {bucket} AS bucket, {stage_id} AS stage_id, {figures}
                  FROM {from_clause}
                 WHERE ({where_clause}) AND {started} AND {scope}
                 GROUP BY {group_by}""").format(
                group_by=sql.SQL(", ").join(sql.SQL(str(n)) for n in group_by),
                key=self._kpi_group_key("helpdesk_ticket", group_column),
                bucket=sql.SQL("width_bucket({}, %s::timestamp[])").format(opened)
                if not single else sql.SQL("1"),
                stage_id=cols["stage_id"], figures=figures.format(opened=opened, **cols),
                from_clause=sql.SQL(from_clause), where_clause=sql.SQL(where_clause),
                started=started, scope=scope.format(opened=opened, **cols)))
            args.extend(([] if single else [bounds]) + figure_args + params + scope_args)

        # the period figures
        period = sql.SQL("""count(*),
                       sum({first_response_hours}) FILTER (
                           WHERE {first_response_date} IS NOT NULL),
                       count({first_response_date}),
                       sum({resolution_hours}) FILTER (WHERE {closed_date} IS NOT NULL),
                       count({closed_date}),
                       count(*) FILTER (
                           WHERE {sla_policy_id} IS NOT NULL AND {sla_status} = 'met'),
                       count({sla_policy_id}),
                       count(*) FILTER (
                           WHERE {sla_policy_id} IS NOT NULL AND {sla_status} = 'breached'),
                       count(*) FILTER (WHERE {reopen_count} > 0),
                       0,
                       count(*) FILTER (
                           WHERE {closed_date} IS NOT NULL AND {cause_kind} IS NOT NULL),
                       count(*) FILTER (
                           WHERE {closed_date} IS NOT NULL AND {cause_kind} = ANY({avoidable})),
                       sum({resolution_hours}) FILTER (
                           WHERE {closed_date} IS NOT NULL AND {cause_kind} IS NOT NULL),
                       sum({resolution_hours}) FILTER (
                           WHERE {closed_date} IS NOT NULL AND {cause_kind} = ANY({avoidable})),
                       sum({next_reply_answered_count}), sum({next_reply_met_count}),
                       count(*) FILTER (WHERE {next_reply_state} = 'breached')"""
                      + ", 0, NULL::numeric, NULL::numeric" * len(ends))
        for opened, started in openings:
            if every_key:
                part(period, [], opened, started, sql.SQL("TRUE"), [])
            else:
                # a single period: all its tickets in bucket 1
                part(period, [], opened, started,
                     sql.SQL("{opened} >= %s AND {opened} < %s"), [first, last],
                     single=len(bounds) == 2)
        # the backlog figures: not closed, or closed after an end (two
        # ranges of the closing's index); the tickets without SLA start
        # from their (small) index
        if ends:
            age = "EXTRACT(EPOCH FROM (%s::timestamp - {opened})) / 86400.0"
            backlog = sql.SQL("""0, NULL::float8, 0, NULL::float8, 0, 0, 0, 0, 0,
                       count(*) FILTER (WHERE {closed_date} IS NULL),
                       0, 0, NULL::float8, NULL::float8, 0, 0, 0""" + """,
                       count(*) FILTER (WHERE {closed_date} >= %s),
                       sum(AGE) FILTER (WHERE {closed_date} >= %s),
                       sum(AGE) FILTER (WHERE {closed_date} IS NULL)""".replace(
                "AGE", age) * len(ends))
            backlog_args = [end for end in ends for _i in range(4)]
            main, legacy = openings
            part(backlog, backlog_args, main[0], main[1],
                 sql.SQL("{opened} < %s AND {closed_date} IS NULL"), [ends[-1]])
            part(backlog, backlog_args, main[0], main[1],
                 sql.SQL("{opened} < %s AND {closed_date} >= %s"), [ends[-1], ends[0]])
            part(backlog, backlog_args, legacy[0], legacy[1],
                 sql.SQL("{opened} < %s AND ({closed_date} IS NULL OR {closed_date} >= %s)"),
                 [ends[-1], ends[0]])
        columns = sql.SQL(", ").join(map(sql.Identifier, (
            "key", "bucket", "stage_id", "n", "fr_sum", "fr_count", "closed_sum",
            "closed_count", "sla_met", "sla_any", "sla_breached", "reopened", "open_count", "cause_count", "avoidable_count",
            "cause_hours", "avoidable_hours", "nr_answered", "nr_met",
            "nr_breached_open") + tuple(
                "%s_%d" % (name, j) for j in range(len(ends))
                for name in ("after_count", "after_age", "open_age"))))
        query = sql.SQL("""
            WITH a ({columns}) AS ({parts}
            )
            SELECT a.*, COALESCE(stage.closed, FALSE) AS solved
              FROM a LEFT JOIN helpdesk_ticket_stage stage ON stage.id = a.stage_id
        """).format(columns=columns, parts=sql.SQL("\n                UNION ALL").join(parts))
        self.env.cr.execute(query, args)
        res = {}
        for row in self.env.cr.dictfetchall():
            for name in ("after_count", "after_age", "open_age"):
                row[name] = [row.pop("%s_%d" % (name, j)) for j in range(len(ends))]
            res.setdefault(row.pop("key"), []).append(row)
        return res

    @api.model
    def _kpi_feedback_buckets(self, domain, bounds, group_column=None, every_key=False):
        """Feedback aggregates for kpi.feedback_figures: {key: [row]}, one row
        per bucket in ``bounds`` of the answer (answered feedback) and of the
        request, over the feedback of ``domain`` the user may read that was
        requested or answered between the first and the last bound (all of
        it with ``every_key``); {} when the user may not read feedback."""
        Feedback = self.env["crm.service.feedback"]
        if not Feedback.check_access_rights("read", raise_exception=False):
            return {}
        from_clause, where_clause, params = self._kpi_rule_sql(
            "crm.service.feedback", domain)
        first, last = bounds[0], bounds[-1]
        if every_key:
            scope, outer, scope_args = sql.SQL("TRUE"), sql.SQL("TRUE"), []
        else:
            scope = sql.SQL("""(("crm_service_feedback".answered_date >= %s
                             AND "crm_service_feedback".answered_date < %s)
                            OR ("crm_service_feedback".request_date >= %s
                                AND "crm_service_feedback".request_date < %s))""")
            outer = sql.SQL("x.day >= %s AND x.day < %s")
            scope_args = [first, last, first, last, first, last]
        query = sql.SQL("""
            SELECT f.key, width_bucket(x.day, %s::timestamp[]) AS bucket,
                   count(*) FILTER (WHERE x.answer AND f.state = 'answered') AS answered,
                   sum(f.csat) FILTER (WHERE x.answer AND f.state = 'answered') AS csat_sum,
                   count(*) FILTER (
                       WHERE x.answer AND f.state = 'answered' AND {satisfied}) AS satisfied,
                   count(*) FILTER (
                       WHERE x.answer AND f.state = 'answered' AND {promoter}) AS promoters,
                   count(*) FILTER (
                       WHERE x.answer AND f.state = 'answered' AND {detractor}) AS detractors,
                   count(*) FILTER (WHERE NOT x.answer) AS requested,
                   count(*) FILTER (WHERE NOT x.answer AND f.state = 'answered')
                       AS requested_answered
              FROM (SELECT {key} AS key, "crm_service_feedback".state,
                           "crm_service_feedback".csat, "crm_service_feedback".nps,
                           "crm_service_feedback".answered_date,
                           "crm_service_feedback".request_date
                      FROM {from_clause}
                     WHERE ({where_clause}) AND {scope}) f
             CROSS JOIN LATERAL (VALUES (f.answered_date, TRUE),
                                        (f.request_date, FALSE)) AS x(day, answer)
             WHERE {outer}
             GROUP BY f.key, bucket
        """).format(key=self._kpi_group_key("crm_service_feedback", group_column),
                    from_clause=sql.SQL(from_clause), where_clause=sql.SQL(where_clause),
                    scope=scope, outer=outer,
                    satisfied=sql.SQL(definitions.sql_is_satisfied("f.csat")),
                    promoter=sql.SQL(definitions.sql_is_promoter("f.nps")),
                    detractor=sql.SQL(definitions.sql_is_detractor("f.nps")))
        self.env.cr.execute(query, [bounds] + params + scope_args)
        res = {}
        for row in self.env.cr.dictfetchall():
            res.setdefault(row.pop("key"), []).append(row)
        return res

    # ------------------------------------------------------------------
    # opportunities
    # ------------------------------------------------------------------
    @api.multi
    def _compute_opportunity_count(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        counts = {}
        if self.ids and Lead.check_access_rights("read", raise_exception=False):
            groups = Lead.read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["ticket_id"])
            counts = {g["ticket_id"][0]: g["ticket_id_count"] for g in groups}
        for ticket in self:
            ticket.opportunity_count = counts.get(ticket.id, 0)

    @api.multi
    def _opportunity_values(self):
        """Values of the opportunity born from this ticket: the ticket's
        customer, the customer's salesperson (else the current user) and sales
        team, source "Service ticket"."""
        self.ensure_one()
        partner = self.partner_id
        commercial = partner.commercial_partner_id
        user = commercial.user_id or partner.user_id or self.env.user
        source = self.env.ref("crm_service_kpi.utm_source_service_ticket",
                              raise_if_not_found=False)
        values = {
            "type": "opportunity",
            "name": _("%(number)s: %(name)s") % {"number": self.number, "name": self.name},
            "ticket_id": self.id,
            "partner_id": partner.id,
            "email_from": partner.email or self.partner_email,
            "phone": partner.phone,
            "user_id": user.id,
            "source_id": source.id if source else False,
            "description": _("Opportunity raised by service from ticket %(number)s.") % {
                "number": self.number},
        }
        team = commercial.team_id or partner.team_id
        if not team:
            team = self.env["crm.team"]._get_default_team_id(user_id=user.id)
        if team:
            values["team_id"] = team.id
        if self.company_id:
            values["company_id"] = self.company_id.id
        return values

    @api.multi
    def action_create_opportunity(self):
        """Create an opportunity for the ticket's customer and open it."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(_("Ticket %(number)s has no customer: set one before "
                              "creating an opportunity.") % {"number": self.number})
        lead = self.env["crm.lead"].create(self._opportunity_values())
        return {
            "type": "ir.actions.act_window",
            "name": _("Opportunity"),
            "res_model": "crm.lead",
            "view_mode": "form",
            "views": [(self.env.ref("crm.crm_case_form_view_oppor").id, "form")],
            "res_id": lead.id,
            "target": "current",
        }

    @api.multi
    def action_view_opportunities(self):
        self.ensure_one()
        action = self.env.ref("crm.crm_lead_opportunities").read()[0]
        action.update({
            "domain": [("ticket_id", "=", self.id)],
            "context": {"default_ticket_id": self.id, "default_type": "opportunity",
                        "default_partner_id": self.partner_id.id,
                        "active_test": False},
        })
        return action

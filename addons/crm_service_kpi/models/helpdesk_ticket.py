# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.addons.crm_customer_base.rules import definitions

from . import sla

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
}


def _dt(value):
    return fields.Datetime.from_string(value) if value else False


def _st(value):
    return fields.Datetime.to_string(value) if value else False


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

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
                "resolution_deadline", "resolution_risk_date"), False)
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
            if any(ticket[k] != v for k, v in vals.items()):
                changed.append((ticket.id, vals["first_response_deadline"] or None,
                                vals["first_response_risk_date"] or None,
                                vals["resolution_deadline"] or None,
                                vals["resolution_risk_date"] or None))
        if changed:
            execute_values(self.env.cr, """
                UPDATE helpdesk_ticket t
                   SET first_response_deadline = v.frd::timestamp,
                       first_response_risk_date = v.frr::timestamp,
                       resolution_deadline = v.rd::timestamp,
                       resolution_risk_date = v.rr::timestamp,
                       write_uid = %s, write_date = (now() at time zone 'UTC')
                  FROM (VALUES %%s) AS v(id, frd, frr, rd, rr)
                 WHERE t.id = v.id""" % int(self.env.uid), changed, page_size=1000)
            names = ["first_response_deadline", "first_response_risk_date",
                     "resolution_deadline", "resolution_risk_date"]
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
        for ticket in self:
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
        self._sla_notify()

    @api.multi
    def _sla_notify(self):
        """At risk: activity for the assignee. Breach: activity for the team
        leader. Each at most once per ticket (flags), so reruns are no-ops."""
        at_risk = self.filtered(
            lambda t: t.sla_status == sla.AT_RISK and not t.sla_risk_notified)
        breached = self.filtered(
            lambda t: t.sla_status == sla.BREACHED and not t.sla_breach_notified)
        if not at_risk and not breached:
            return
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model_id = self.env["ir.model"]._get("helpdesk.ticket").id
        today = fields.Date.context_today(self)
        Activity = self.env["mail.activity"].sudo()
        for ticket in at_risk:
            summary = _("SLA at risk: %(number)s") % {"number": ticket.number}
            note = _("Ticket %(number)s (%(name)s) has used most of its SLA time. "
                     "Resolution due %(deadline)s.") % {
                         "number": ticket.number, "name": ticket.name,
                         "deadline": ticket.resolution_deadline or "-"}
            ticket._sla_schedule(Activity, ticket.user_id, activity_type, model_id,
                                 today, summary, note)
        at_risk._sla_bookkeeping().write({"sla_risk_notified": True})
        for ticket in breached:
            summary = _("SLA breached: %(number)s") % {"number": ticket.number}
            note = _("Ticket %(number)s (%(name)s) has breached its SLA (%(policy)s). "
                     "Please escalate.") % {
                         "number": ticket.number, "name": ticket.name,
                         "policy": ticket.sla_policy_id.name or "-"}
            ticket._sla_schedule(Activity, ticket.team_id.leader_id or ticket.user_id,
                                 activity_type, model_id, today, summary, note)
        breached._sla_bookkeeping().write({"sla_breach_notified": True})

    def _sla_schedule(self, Activity, user, activity_type, model_id, today, summary, note):
        if user:
            Activity.create({
                "res_model_id": model_id,
                "res_id": self.id,
                "activity_type_id": activity_type.id if activity_type else False,
                "user_id": user.id,
                "date_deadline": today,
                "summary": summary,
                "note": note,
            })
        else:
            self._sla_bookkeeping().message_post(
                body=note, subject=summary, subtype="mail.mt_note")

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
        if self.env.context.get("sla_skip") or not (set(vals) - _SLA_FIELDS):
            return super().write(vals)
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
        return res

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
        if employee:
            to_answer = self.filtered(
                lambda t: not t.first_response_date and t.partner_id != author)
            if to_answer:
                to_answer._sla_bookkeeping().write({"first_response_date": message.date})
                to_answer._sla_update_status()
        else:
            solved = self.filtered(lambda t: t.stage_id.closed)
            if solved:
                solved.sudo()._sla_reopen()

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

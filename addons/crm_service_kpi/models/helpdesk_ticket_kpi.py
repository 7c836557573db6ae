# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from . import kpi, sla

# group_by of kpi_summary_grouped -> column of ticket and feedback
_GROUP_COLUMNS = {"user": "user_id", "team": "team_id"}


def _dt(value):
    return fields.Datetime.from_string(value) if value else False


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "crm.service.kpi.mixin"]

    first_response_hours = fields.Float(
        string="First Response (working h)", compute="_compute_kpi_hours", store=True,
        readonly=True, group_operator="avg",
        help="Working hours of the team's calendar from the SLA start (else the "
        "creation) to the first response. 0 while there is none.")
    resolution_hours = fields.Float(
        string="Resolution (working h)", compute="_compute_kpi_hours", store=True,
        readonly=True, group_operator="avg",
        help="Working hours of the team's calendar from the SLA start (else the "
        "creation) to the closing, minus the working hours spent waiting on the "
        "customer. 0 while the ticket is not solved.")

    @api.depends("sla_start_date", "first_response_date", "closed_date",
                 "sla_paused_hours", "team_id")
    def _compute_kpi_hours(self):
        cache = {}
        for ticket in self:
            start = _dt(ticket.sla_start_date or ticket.create_date)
            first = _dt(ticket.first_response_date)
            closed = _dt(ticket.closed_date)
            if not start or not (first or closed):
                ticket.first_response_hours = 0.0
                ticket.resolution_hours = 0.0
                continue
            attendances, tz, leaves = ticket._sla_calendar_data(cache)
            ticket.first_response_hours = sla.working_hours_between(
                start, first, attendances, tz, leaves) if first else 0.0
            ticket.resolution_hours = kpi.resolution_hours(
                sla.working_hours_between(start, closed, attendances, tz, leaves),
                ticket.sla_paused_hours) if closed else 0.0

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

        Keys (formulas in models/kpi.py, the README and below; hours are
        working hours of the team's calendar; ratios and means without data
        are None):

        - ticket_count: tickets opened (SLA start, else creation) in the period;
        - first_response_hours_avg: mean working hours opening -> first
          response, over tickets of the period with a first response;
        - resolution_hours_avg: mean working hours opening -> closing minus
          paused hours, over solved tickets of the period;
        - sla_compliance_pct: tickets of the period with a policy and status
          met / those with a policy that are solved or breached;
        - reopen_rate_pct: tickets of the period reopened at least once /
          tickets of the period solved at least once;
        - csat_avg, csat_satisfied_pct (4-5), nps (% 9-10 - % 0-6): feedback
          answered in the period;
        - feedback_response_rate_pct: requests sent in the period and answered
          / requests sent in the period;
        - backlog_count, backlog_age_days_avg: tickets open at the end of the
          period and their mean age in days at that moment.

        Only the tickets and feedback the user may read are counted. Two SQL
        aggregate queries, whatever the number of tickets.
        """
        return self._kpi_summaries(date_from, date_to, team_ids, user_ids, None)[None]

    @api.model
    def kpi_summary_grouped(self, date_from, date_to, group_by, team_ids=None, user_ids=None):
        """``kpi_summary`` per employee or per team in the same two queries,
        for the scorecards: {user id or team id: kpi_summary dict} (False:
        tickets without assignee / team), the same figures as
        ``kpi_summary(user_ids=[u])`` / ``kpi_summary(team_ids=[t])`` for each
        member (tests/test_scorecard.py checks that both agree), whatever the
        number of members. ``group_by``: 'user' or 'team'; ``team_ids`` /
        ``user_ids`` restrict the tickets and feedback as in kpi_summary."""
        if group_by not in _GROUP_COLUMNS:
            raise UserError(_("Service KPIs can be grouped by user or team, not %(value)r.") % {
                "value": group_by})
        return self._kpi_summaries(date_from, date_to, team_ids, user_ids,
                                   _GROUP_COLUMNS[group_by])

    @api.model
    def _kpi_summaries(self, date_from, date_to, team_ids, user_ids, group_column):
        """{value of group_column: kpi_summary dict} (False: none); {None:
        kpi_summary dict} without group_column."""
        d_from, d_to = self._kpi_check_period(date_from, date_to)
        team_ids = self._kpi_check_ids("helpdesk.ticket.team", team_ids, _("teams"))
        user_ids = self._kpi_check_ids("res.users", user_ids, _("users"))
        self.check_access_rights("read")
        start, end = self._kpi_period_bounds(d_from, d_to)
        domain = []
        if team_ids:
            domain.append(("team_id", "in", team_ids))
        if user_ids:
            domain.append(("user_id", "in", user_ids))
        tickets = self._kpi_ticket_aggregates(domain, start, end, group_column=group_column)
        feedback = self._kpi_feedback_aggregates(domain, start, end, group_column=group_column)
        if group_column is None:
            tickets, feedback = {None: tickets}, {None: feedback}
        res = {}
        for key in set(tickets) | set(feedback):
            row = kpi.summary(tickets.get(key) or {}, feedback.get(key) or {})
            row.update(date_from=str(d_from), date_to=str(d_to))
            res[key if group_column is None else (key or False)] = row
        return res

    @api.model
    def _kpi_fetch_grouped(self, query, params, group_column):
        """Rows of ``query`` by their ``key`` column: {key: row}; without
        grouping, the single row (an empty dict when there is no ticket:
        kpi.summary reads a missing figure as none)."""
        rows = self._kpi_fetch_by_key(query, params)
        if group_column is None:
            return rows.get(None) or {}
        return rows

    @api.model
    def _kpi_ticket_rows_query(self, domain, group_column=None):
        """(query, params): the tickets of ``domain`` the user may read with
        the columns the KPI figures aggregate, and ``group_column`` (NULL
        without) as ``key``."""
        from_clause, where_clause, params = self._kpi_rule_sql("helpdesk.ticket", domain)
        query = sql.SQL("""
                SELECT {key} AS key,
                       COALESCE("helpdesk_ticket".sla_start_date,
                                "helpdesk_ticket".create_date) AS opened,
                       "helpdesk_ticket".first_response_date,
                       "helpdesk_ticket".first_response_hours,
                       "helpdesk_ticket".closed_date,
                       "helpdesk_ticket".resolution_hours,
                       "helpdesk_ticket".sla_policy_id,
                       "helpdesk_ticket".sla_status,
                       COALESCE("helpdesk_ticket".reopen_count, 0) AS reopen_count,
                       COALESCE(stage.closed, FALSE) AS solved
                  FROM {from_clause}
                  LEFT JOIN helpdesk_ticket_stage stage
                         ON stage.id = "helpdesk_ticket".stage_id
                 WHERE {where_clause}
        """).format(key=self._kpi_group_key("helpdesk_ticket", group_column),
                    from_clause=sql.SQL(from_clause), where_clause=sql.SQL(where_clause))
        return query, params

    @api.model
    def _kpi_ticket_aggregates(self, domain, start, end, group_column=None):
        """Ticket figures of kpi.summary; with ``group_column`` (a column of
        helpdesk.ticket: user_id, team_id) {value of the column: figures}."""
        rows, params = self._kpi_ticket_rows_query(domain, group_column)
        query = sql.SQL("""
            WITH t AS ({rows}), p AS (
                SELECT t.*, (t.opened >= %s AND t.opened < %s) AS in_period,
                       (t.opened < %s AND CASE WHEN t.closed_date IS NOT NULL
                                               THEN t.closed_date >= %s
                                               ELSE NOT t.solved END) AS in_backlog
                  FROM t
            )
            SELECT key,
                   count(*) FILTER (WHERE in_period) AS ticket_count,
                   sum(first_response_hours) FILTER (
                       WHERE in_period AND first_response_date IS NOT NULL) AS fr_sum,
                   count(*) FILTER (
                       WHERE in_period AND first_response_date IS NOT NULL) AS fr_count,
                   sum(resolution_hours) FILTER (
                       WHERE in_period AND solved AND closed_date IS NOT NULL) AS res_sum,
                   count(*) FILTER (
                       WHERE in_period AND solved AND closed_date IS NOT NULL) AS res_count,
                   count(*) FILTER (
                       WHERE in_period AND sla_policy_id IS NOT NULL
                         AND sla_status = 'met') AS sla_met,
                   count(*) FILTER (
                       WHERE in_period AND sla_policy_id IS NOT NULL
                         AND (solved OR sla_status = 'breached')) AS sla_due,
                   count(*) FILTER (WHERE in_period AND reopen_count > 0) AS reopened,
                   count(*) FILTER (
                       WHERE in_period AND (solved OR reopen_count > 0)) AS solved,
                   count(*) FILTER (WHERE in_backlog) AS backlog_count,
                   sum(EXTRACT(EPOCH FROM (%s::timestamp - opened)) / 86400.0)
                       FILTER (WHERE in_backlog) AS backlog_age_sum
              FROM p
             GROUP BY key
        """).format(rows=rows)
        return self._kpi_fetch_grouped(
            query, params + [start, end, end, end, end], group_column)

    @api.model
    def _kpi_feedback_aggregates(self, domain, start, end, group_column=None):
        """Feedback figures of kpi.summary; with ``group_column`` (a column of
        crm.service.feedback: user_id, team_id) {value of the column: figures}."""
        Feedback = self.env["crm.service.feedback"]
        if not Feedback.check_access_rights("read", raise_exception=False):
            return {}
        from_clause, where_clause, params = self._kpi_rule_sql(
            "crm.service.feedback", domain)
        query = sql.SQL("""
            WITH f AS (
                SELECT {key} AS key,
                       "crm_service_feedback".state, "crm_service_feedback".csat,
                       "crm_service_feedback".nps,
                       ("crm_service_feedback".state = 'answered'
                        AND "crm_service_feedback".answered_date >= %s
                        AND "crm_service_feedback".answered_date < %s) AS answered,
                       ("crm_service_feedback".request_date >= %s
                        AND "crm_service_feedback".request_date < %s) AS requested
                  FROM {from_clause}
                 WHERE {where_clause}
            )
            SELECT key,
                   count(*) FILTER (WHERE answered) AS answered,
                   sum(csat) FILTER (WHERE answered) AS csat_sum,
                   count(*) FILTER (WHERE answered AND csat >= 4) AS satisfied,
                   count(*) FILTER (WHERE answered AND nps >= 9) AS promoters,
                   count(*) FILTER (WHERE answered AND nps <= 6) AS detractors,
                   count(*) FILTER (WHERE requested) AS requested,
                   count(*) FILTER (WHERE requested AND state = 'answered')
                       AS requested_answered
              FROM f
             GROUP BY key
        """).format(key=self._kpi_group_key("crm_service_feedback", group_column),
                    from_clause=sql.SQL(from_clause), where_clause=sql.SQL(where_clause))
        return self._kpi_fetch_grouped(query, [start, end, start, end] + params, group_column)

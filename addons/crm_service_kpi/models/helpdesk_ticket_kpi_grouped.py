# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from . import kpi

_GROUP_COLUMNS = {"user": "user_id", "team": "team_id"}


class HelpdeskTicket(models.Model):
    """``kpi_summary`` per employee or per team in two queries, for the
    scorecards: the same figures as ``kpi_summary(user_ids=[u])`` /
    ``kpi_summary(team_ids=[t])`` for each member (tests/test_scorecard.py
    checks that both agree), whatever the number of members."""

    _inherit = "helpdesk.ticket"

    @api.model
    def kpi_summary_grouped(self, date_from, date_to, group_by, team_ids=None, user_ids=None):
        """{user id or team id: kpi_summary dict} (False: tickets without
        assignee / team). ``group_by``: 'user' or 'team'; ``team_ids`` /
        ``user_ids`` restrict the tickets and feedback as in kpi_summary."""
        if group_by not in _GROUP_COLUMNS:
            raise UserError(_("Service KPIs can be grouped by user or team, not %(value)r.") % {
                "value": group_by})
        d_from, d_to = self.env["crm.service.kpi.sales"]._sales_check_period(date_from, date_to)
        team_ids = self._kpi_check_ids("helpdesk.ticket.team", team_ids, _("teams"))
        user_ids = self._kpi_check_ids("res.users", user_ids, _("users"))
        self.check_access_rights("read")
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        start, end = (fields.Datetime.to_string(d) for d in kpi.period_bounds(d_from, d_to, tz))
        domain = []
        if team_ids:
            domain.append(("team_id", "in", team_ids))
        if user_ids:
            domain.append(("user_id", "in", user_ids))
        column = _GROUP_COLUMNS[group_by]
        tickets = self._kpi_grouped_ticket_aggregates(domain, start, end, column)
        feedback = self._kpi_grouped_feedback_aggregates(domain, start, end, column)
        res = {}
        for key in set(tickets) | set(feedback):
            row = kpi.summary(tickets.get(key) or {}, feedback.get(key) or {})
            row.update(date_from=str(d_from), date_to=str(d_to))
            res[key or False] = row
        return res

    @api.model
    def _kpi_grouped_ticket_aggregates(self, domain, start, end, column):
        # the figures of _kpi_ticket_aggregates (models/helpdesk_ticket_kpi.py),
        # grouped by the ticket's assignee or team
        from_clause, where_clause, params = self._kpi_rule_sql("helpdesk.ticket", domain)
        self.env.cr.execute(sql.SQL("""
            WITH t AS (
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
            ), p AS (
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
        """).format(key=sql.SQL('"helpdesk_ticket".{}').format(sql.Identifier(column)),
                    from_clause=sql.SQL(from_clause), where_clause=sql.SQL(where_clause)),
            params + [start, end, end, end, end])
        return {row.pop("key"): row for row in self.env.cr.dictfetchall()}

    @api.model
    def _kpi_grouped_feedback_aggregates(self, domain, start, end, column):
        Feedback = self.env["crm.service.feedback"]
        if not Feedback.check_access_rights("read", raise_exception=False):
            return {}
        from_clause, where_clause, params = self._kpi_rule_sql("crm.service.feedback", domain)
        self.env.cr.execute(sql.SQL("""
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
        """).format(key=sql.SQL('"crm_service_feedback".{}').format(sql.Identifier(column)),
                    from_clause=sql.SQL(from_clause), where_clause=sql.SQL(where_clause)),
            [start, end, start, end] + params)
        return {row.pop("key"): row for row in self.env.cr.dictfetchall()}

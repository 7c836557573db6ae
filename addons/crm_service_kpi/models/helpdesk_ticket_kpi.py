# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import _, api, fields, models, tools
from odoo.addons.crm_customer_base.rules import definitions

from . import kpi, sla

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
    "sla_policy_id", "sla_status", "reopen_count",
)
_KPI_INDEXES = (
    ("helpdesk_ticket_kpi_open_index", "sla_start_date", _KPI_PERIOD_COLUMNS,
     "sla_start_date IS NOT NULL"),
    ("helpdesk_ticket_kpi_legacy_open_index", "create_date", _KPI_PERIOD_COLUMNS,
     "sla_start_date IS NULL"),
    ("helpdesk_ticket_kpi_closed_index", "closed_date", ("sla_start_date",) + _KPI_SCOPE_COLUMNS,
     "sla_start_date IS NOT NULL"),
)


def _dt(value):
    return fields.Datetime.from_string(value) if value else False


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
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "crm.service.kpi.mixin"]

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

    @api.model_cr
    def init(self):
        """The covering indexes of the KPI aggregates (_KPI_INDEXES)."""
        res = super(HelpdeskTicket, self).init()
        cr = self.env.cr
        # PostgreSQL 11+: the covered columns outside of the key
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

        Keys (formulas in models/kpi.py, the README and below; hours are
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
                 "resolution_hours", "sla_policy_id", "sla_status", "reopen_count")
        cols = {name: column(sql.Identifier(name)) for name in names}
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
                       0""" + ", 0, NULL::numeric, NULL::numeric" * len(ends))
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
                       count(*) FILTER (WHERE {closed_date} IS NULL)""" + """,
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
            "closed_count", "sla_met", "sla_any", "sla_breached", "reopened", "open_count") + tuple(
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

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Service KPI formulas as plain functions (no Odoo import).

README-ready definitions used by ``helpdesk.ticket.kpi_summary`` and the
``crm.service.kpi.report`` analysis. The period ``[date_from, date_to]`` is
made of whole days read in the user's time zone: from ``date_from`` 00:00 to
``date_to`` 24:00 local time. A ticket's *opening* is its SLA start
(``sla_start_date``, or its creation date for tickets older than the SLA
feature). All durations are **working hours** of the ticket team's calendar
(team calendar, else the company's; none: around the clock) in the team's
time zone, public holidays excluded.

Tickets *in the period* are the tickets opened in the period.

* ``ticket_count``: tickets in the period.
* ``first_response_hours_avg``: mean, over tickets in the period that have a
  first response, of the working hours from opening to the first response
  (``first_response_hours`` stored on the ticket). Waiting on the customer
  normally happens after an answer, so no pause is deducted.
* ``resolution_hours_avg``: mean, over tickets in the period that are solved
  (with a closing date), of the working hours from opening to closing minus
  the working hours spent waiting on the customer (``resolution_hours``,
  never below 0).
* ``sla_compliance_pct``: tickets in the period with an SLA policy whose
  status is *met* (every target met) / tickets in the period with an SLA
  policy that are solved or already breached, x 100.
* ``reopen_rate_pct``: tickets in the period reopened at least once / tickets
  in the period solved at least once (solved now, or reopened), x 100.
* ``csat_avg``: mean CSAT (1-5) of the feedback answered in the period.
* ``csat_satisfied_pct``: share of those answers that are satisfied, x 100.
* ``nps``: % promoters minus % detractors of the feedback answered in the
  period, from -100 to 100 (satisfied, promoter and detractor:
  ``crm_customer_base.rules.definitions``).
* ``feedback_response_rate_pct``: feedback requests sent in the period that
  are answered / feedback requests sent in the period, x 100.
* ``backlog_count``: tickets open at the end of the period: opened before
  the end and not closed by then (no closing date, or closed after the end).
* ``backlog_age_days_avg``: mean age in calendar days of those tickets at the
  end of the period (end - opening).
* ``avoidable_ticket_pct``: tickets in the period that are solved with an
  avoidable cause (user error, how-to question: ``rules/cause.py``) / tickets
  in the period solved with a cause, x 100.
* ``avoidable_hours_pct``: resolution working hours (the service hours) of
  those avoidable tickets / resolution hours of the tickets in the period
  solved with a cause, x 100; ``avoidable_hours``: the hours themselves.
* ``next_reply_compliance_pct``: customer messages of the tickets in the
  period answered within the next-reply target / customer messages answered
  plus those still waiting past their deadline, x 100 (rules/sla.py).

A ratio whose denominator is 0 and a mean of nothing are ``None`` (no data),
never 0. Figures are rounded to 2 decimals. Filters by team and employee
apply to the ticket (and to the feedback's team and employee); the summary
only covers the tickets and feedback the user may read (record rules).
"""
from datetime import datetime, time, timedelta
from decimal import Decimal, localcontext

import pytz
from odoo.addons.crm_customer_base.rules import definitions

SUMMARY_KEYS = (
    "ticket_count", "first_response_hours_avg", "resolution_hours_avg",
    "sla_compliance_pct", "reopen_rate_pct", "csat_avg", "csat_satisfied_pct",
    "nps", "feedback_response_rate_pct", "feedback_requested_count",
    "feedback_answered_count", "backlog_count", "backlog_age_days_avg",
    "avoidable_ticket_pct", "avoidable_hours_pct", "avoidable_hours",
    "next_reply_compliance_pct",
)


def parse_date(value):
    """A ``date`` from a date, datetime or 'YYYY-MM-DD...' string; None if invalid."""
    if hasattr(value, "date") and callable(value.date):
        return value.date()
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value
    if isinstance(value, str):
        if "\x00" in value or len(value) > 64:
            return None
        try:
            return datetime.strptime(value.strip()[:10], "%Y-%m-%d").date()
        except ValueError:
            return None
    return None


class PeriodError(ValueError):
    """An invalid period; its message is translated by ``check_period``'s ``_``."""


# Periods are checked to lie in these years and to be at most this long, so
# that the previous period, the 12 months of the series and the UTC bounds
# of any time zone stay valid dates.
MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_PERIOD_DAYS = 366 * 100


MAX_ID = 2 ** 31 - 1


def ids_in_range(ids):
    """Whether every id is an integer a PostgreSQL ``integer`` column may hold
    (a larger one makes the query fail instead of finding nothing)."""
    return all(isinstance(i, int) and not isinstance(i, bool) and 0 < i <= MAX_ID
               for i in ids)


def short_repr(value, size=40):
    """repr of a value cut to ``size`` characters, for error messages."""
    text = repr(value)
    return text if len(text) <= size else text[:size] + "..."


def check_period(date_from, date_to, _=lambda source: source):
    """(date_from, date_to) as dates; PeriodError when a date is missing or
    invalid, outside MIN_YEAR..MAX_YEAR, or the period ends before it starts
    or is longer than MAX_PERIOD_DAYS. ``_``: the gettext of the caller
    (translates the messages)."""
    d_from, d_to = parse_date(date_from), parse_date(date_to)
    if not d_from or not d_to:
        raise PeriodError(_("The period needs a start and an end date "
                            "(YYYY-MM-DD), not %(start)s and %(end)s.") % {
                                "start": short_repr(date_from), "end": short_repr(date_to)})
    for day in (d_from, d_to):
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise PeriodError(_("Dates must be between the years %(min)s and %(max)s, "
                                "not %(date)s.") % {
                                    "min": MIN_YEAR, "max": MAX_YEAR, "date": day})
    if d_from > d_to:
        raise PeriodError(_("The period starts (%(start)s) after it ends (%(end)s).") % {
            "start": d_from, "end": d_to})
    if (d_to - d_from).days > MAX_PERIOD_DAYS:
        raise PeriodError(_("A period cannot be longer than 100 years."))
    return d_from, d_to


def period_bounds(date_from, date_to, tz_name="UTC"):
    """Naive UTC [start, end) of whole local days date_from..date_to."""
    tz = pytz.timezone(tz_name or "UTC")

    def utc(day):
        local = tz.localize(datetime.combine(day, time.min), is_dst=False)
        return local.astimezone(pytz.UTC).replace(tzinfo=None)
    return utc(date_from), utc(date_to + timedelta(days=1))


def pct(part, whole):
    """100 * part / whole, None when whole is 0."""
    if not whole:
        return None
    return round(100.0 * (part or 0) / whole, 2)


def mean(total, count):
    if not count:
        return None
    return round(float(total) / count, 2)


nps_value = definitions.nps_value


def summary(tickets, feedback):
    """The KPI dict from two aggregate rows (dicts) fetched in SQL.

    ``tickets`` keys: ticket_count, fr_sum, fr_count, res_sum, res_count,
    sla_met, sla_due, reopened, solved, backlog_count, backlog_age_sum.
    ``feedback`` keys: answered, csat_sum, satisfied, promoters, detractors,
    requested, requested_answered.
    """
    t, f = tickets, feedback
    return {
        "ticket_count": t.get("ticket_count") or 0,
        "first_response_hours_avg": mean(t.get("fr_sum"), t.get("fr_count")),
        "resolution_hours_avg": mean(t.get("res_sum"), t.get("res_count")),
        "sla_compliance_pct": pct(t.get("sla_met"), t.get("sla_due")),
        "reopen_rate_pct": pct(t.get("reopened"), t.get("solved")),
        "csat_avg": mean(f.get("csat_sum"), f.get("answered")),
        "csat_satisfied_pct": pct(f.get("satisfied"), f.get("answered")),
        "nps": nps_value(f.get("promoters"), f.get("detractors"), f.get("answered")),
        "feedback_response_rate_pct": pct(f.get("requested_answered"), f.get("requested")),
        "feedback_requested_count": f.get("requested") or 0,
        "feedback_answered_count": f.get("answered") or 0,
        "backlog_count": t.get("backlog_count") or 0,
        "backlog_age_days_avg": mean(t.get("backlog_age_sum"), t.get("backlog_count")),
        "avoidable_ticket_pct": pct(t.get("avoidable_count"), t.get("cause_count")),
        "avoidable_hours_pct": avoidable_hours_pct(
            t.get("avoidable_hours"), t.get("cause_hours"), t.get("cause_count")),
        "avoidable_hours": round(float(t["avoidable_hours"] or 0.0), 2)
        if t.get("cause_count") else None,
        "next_reply_compliance_pct": pct(
            t.get("nr_met"), (t.get("nr_answered") or 0) + (t.get("nr_breached_open") or 0)),
    }


def avoidable_hours_pct(avoidable_hours, cause_hours, cause_count):
    """Service hours of avoidable solved tickets / service hours of solved
    tickets with a cause, x 100; None without such tickets or hours."""
    if not cause_count or not cause_hours:
        return None
    return round(100.0 * float(avoidable_hours or 0.0) / float(cause_hours), 2)


# -- several periods in one pass ------------------------------------------
# The SQL puts each ticket (by its opening) and each feedback date in a
# bucket of a sorted list of UTC bounds (width_bucket: bucket k holds
# bounds[k-1] <= date < bounds[k]; 0 before the first bound) and aggregates
# per bucket (and per "solved" for tickets); a period [start, end) whose
# bounds are both in the list is the buckets between them, the tickets
# opened before a backlog end bounds[i] are the buckets 0..i. Counts and
# the numeric backlog ages add up exactly; float sums of hours add up to the
# same figures at the 2 decimals reported.


def bucket_bounds(*bound_lists):
    """The sorted distinct bounds ('YYYY-MM-DD HH:MM:SS' UTC strings, which
    sort as the datetimes) of all periods and months."""
    return sorted({bound for bounds in bound_lists for bound in bounds})


def period_buckets(bounds, start, end):
    """The bucket numbers of the dates in [start, end) (both in ``bounds``)."""
    return range(bounds.index(start) + 1, bounds.index(end) + 1)


def _add(total, value):
    """total + value, None meaning nothing; Decimals (PostgreSQL numeric)
    without rounding."""
    if value is None:
        return total
    if total is None:
        return value
    if isinstance(value, Decimal):
        with localcontext() as context:
            context.prec = 200
            return total + value
    return total + value


def ticket_figures(rows, buckets, backlog=None):
    """The ``tickets`` dict of :func:`summary` for one period from the rows
    of the bucketed ticket query.

    ``rows``: dicts with bucket, solved (stage closed), n, fr_sum, fr_count,
    closed_sum, closed_count (resolution hours and count of the tickets with
    a closing date), sla_met, sla_any (tickets with a policy), sla_breached,
    reopened, open_count (no closing date), and ``after_count``,
    ``after_age``, ``open_age`` (lists, one value per backlog end: tickets
    closed at or after the end, their age sum at the end, the age sum at the
    end of those without closing date). ``buckets``: the period's bucket
    numbers; ``backlog``: (index of the end in those lists, last bucket
    opened before the end), or None: no backlog figures.
    """
    t = {"ticket_count": 0, "fr_sum": None, "fr_count": 0, "res_sum": None, "res_count": 0,
         "sla_met": 0, "sla_due": 0, "reopened": 0, "solved": 0,
         "backlog_count": 0, "backlog_age_sum": None, "cause_count": 0,
         "avoidable_count": 0, "cause_hours": None, "avoidable_hours": None,
         "nr_answered": 0, "nr_met": 0, "nr_breached_open": 0}
    for row in rows:
        solved, bucket = row["solved"], row["bucket"]
        if bucket is None:      # no opening date: in no period
            continue
        if bucket in buckets:
            t["ticket_count"] += row["n"]
            t["fr_sum"] = _add(t["fr_sum"], row["fr_sum"])
            t["fr_count"] += row["fr_count"]
            if solved:
                t["res_sum"] = _add(t["res_sum"], row["closed_sum"])
                t["res_count"] += row["closed_count"]
            t["sla_met"] += row["sla_met"]
            t["sla_due"] += row["sla_any"] if solved else row["sla_breached"]
            t["reopened"] += row["reopened"]
            t["solved"] += row["n"] if solved else row["reopened"]
            t["nr_answered"] += row.get("nr_answered") or 0
            t["nr_met"] += row.get("nr_met") or 0
            t["nr_breached_open"] += row.get("nr_breached_open") or 0
            if solved:
                t["cause_count"] += row.get("cause_count") or 0
                t["avoidable_count"] += row.get("avoidable_count") or 0
                t["cause_hours"] = _add(t["cause_hours"], row.get("cause_hours"))
                t["avoidable_hours"] = _add(t["avoidable_hours"], row.get("avoidable_hours"))
        if backlog is not None and bucket <= backlog[1]:
            # open at the end: closed after it, or not closed and not solved
            j = backlog[0]
            t["backlog_count"] += row["after_count"][j]
            t["backlog_age_sum"] = _add(t["backlog_age_sum"], row["after_age"][j])
            if not solved:
                t["backlog_count"] += row["open_count"]
                t["backlog_age_sum"] = _add(t["backlog_age_sum"], row["open_age"][j])
    return t


def feedback_figures(rows, buckets):
    """The ``feedback`` dict of :func:`summary` for one period from the
    rows of the bucketed feedback query (bucket, answered, csat_sum,
    satisfied, promoters, detractors, requested, requested_answered)."""
    keys = ("answered", "csat_sum", "satisfied", "promoters", "detractors", "requested",
            "requested_answered")
    f = dict.fromkeys(keys, 0)
    for row in rows:
        if row["bucket"] in buckets:
            for key in keys:
                f[key] += row[key] or 0
    return f


def resolution_hours(working_hours, paused_hours):
    """Working hours to resolution minus the pause, never below 0."""
    return max((working_hours or 0.0) - (paused_hours or 0.0), 0.0)


def rpc_safe(value):
    """``value`` as XML-RPC and JSON-RPC give it alike: a missing figure
    (None, which Odoo 11's XML-RPC refuses) becomes False, Odoo's "no
    value", and mapping keys become strings (what JSON-RPC sends anyway:
    an id 7 is "7", no id is "false"), in nested dicts, lists and tuples."""
    if value is None:
        return False
    if isinstance(value, dict):
        return {_rpc_key(key): rpc_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [rpc_safe(item) for item in value]
    return value


def _rpc_key(key):
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dashboard and weekly digest rules, plain Python (no Odoo).

* The comparison period compares like with like (``comparison_period``): a
  period within one month starting on its 1st (this month to date, last
  month) is compared with the same days of the previous month (Dec 1-6 with
  Nov 1-6; a whole month with the whole previous month); a period within one
  quarter starting on its first day (this quarter to date) with the same
  days of the previous quarter (Oct 1 - Dec 6 with Jul 1 - Sep 6); any other
  period with the same number of days just before it.
* A tile's trend: delta = value - previous, delta % = delta / |previous|
  (``kpi_catalog.trend``); ``better`` is True when the KPI moved in its good
  direction (up for higher-is-better KPIs, down for the others), False when it
  moved the other way, None when it did not move, has no direction or a side
  is unknown.
* Monthly series: the 12 calendar months ending with the month of the
  period's end (that month cut at the period's end).
* Weekly digest: the last 7 whole days (ending yesterday) against the 7 days
  before; a recipient gets at most one digest per week (weeks start on
  Monday): the Monday of the last digest sent is remembered.
"""
from datetime import date, timedelta

from odoo.addons.crm_customer_base.rules import definitions

from . import kpi_catalog

SERIES_CODES = (
    "ticket_count", "first_response_hours_avg", "sla_compliance_pct", "csat_avg", "nps",
)


def previous_period(date_from, date_to):
    """(from, to) of the period of the same length just before."""
    days = (date_to - date_from).days + 1
    prev_to = date_from - timedelta(days=1)
    return prev_to - timedelta(days=days - 1), prev_to


def _month_end(day):
    nxt = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def shift_months(day, months, month_end=False):
    """``day`` moved by ``months`` months, clamped to the end of the month
    (``month_end``: the last day of the target month)."""
    index = day.year * 12 + day.month - 1 + months
    first = date(index // 12, index % 12 + 1, 1)
    last = _month_end(first)
    if month_end:
        return last
    return min(first.replace(day=min(day.day, 28)) + timedelta(days=max(day.day - 28, 0)),
               last)


COMPARISONS = ("month", "quarter", "days")


def comparison_period(date_from, date_to, kind=None):
    """(from, to, kind) of the period the figures are compared with; kind:
    'month' (same days of the previous month), 'quarter' (same days of the
    previous quarter) or 'days' (the same number of days just before).
    ``kind`` given (the dashboard's preset: this quarter so far is a
    quarter even on its first month) is used, else inferred from the dates."""
    if kind in ("month", "quarter"):
        months = 1 if kind == "month" else 3
        return (shift_months(date_from, -months),
                shift_months(date_to, -months, month_end=date_to == _month_end(date_to)),
                kind)
    if kind is None and date_from.day == 1 and date_to >= date_from:
        months = None
        if (date_from.year, date_from.month) == (date_to.year, date_to.month):
            months, kind = 1, "month"
        elif (date_from.month - 1) % 3 == 0 and date_from.year == date_to.year \
                and (date_to.month - 1) // 3 == (date_from.month - 1) // 3:
            months, kind = 3, "quarter"
        if months:
            return (shift_months(date_from, -months),
                    shift_months(date_to, -months, month_end=date_to == _month_end(date_to)),
                    kind)
    p_from, p_to = previous_period(date_from, date_to)
    return p_from, p_to, "days"


def month_starts(date_to, count=12):
    """First days of the ``count`` months ending with the month of ``date_to``."""
    year, month = date_to.year, date_to.month
    months = []
    for _i in range(count):
        months.append(date(year, month, 1))
        month -= 1
        if not month:
            year, month = year - 1, 12
    return list(reversed(months))


def better(delta, higher_is_better):
    if delta is None or higher_is_better is None or not delta:
        return None
    return (delta > 0) == bool(higher_is_better)


def tile(code, value, previous, target):
    """The figures of one KPI tile (no labels)."""
    kpi = kpi_catalog.BY_CODE[code]
    delta, delta_pct = kpi_catalog.trend(value, previous)
    return {
        "code": code,
        "department": kpi["department"],
        "unit": kpi["unit"],
        "value": value,
        "previous": previous,
        "target": target,
        "attainment": kpi_catalog.attainment(value, target, kpi["higher_is_better"]),
        "delta": delta,
        "delta_pct": delta_pct,
        "better": better(delta, kpi["higher_is_better"]),
        "higher_is_better": kpi["higher_is_better"],
    }


def formulas(_):
    """code -> how the figure is computed; ``_`` translates."""
    return {
        "ticket_count": _("Tickets opened in the period (SLA start, else creation)."),
        "first_response_hours_avg": _(
            "Mean working hours from opening to the first message sent to the "
            "customer, over the tickets of the period that have one."),
        "resolution_hours_avg": _(
            "Mean working hours from opening to closing, minus the hours spent "
            "waiting on the customer, over the solved tickets of the period."),
        "sla_compliance_pct": _(
            "Tickets of the period whose SLA was met / tickets of the period with "
            "an SLA that are solved or breached, x 100."),
        "reopen_rate_pct": _(
            "Tickets of the period reopened at least once / tickets of the period "
            "solved at least once, x 100."),
        "backlog_count": _(
            "Tickets open at the end of the period (opened before it, not closed by then)."),
        "backlog_age_days_avg": _(
            "Mean age in days, at the end of the period, of the tickets still open then."),
        "csat_avg": _("Mean CSAT (1 to 5) of the feedback answered in the period."),
        "csat_satisfied_pct": _(
            "Answers of the period with CSAT %(min)s or more / answers of the period, "
            "x 100.") % {"min": definitions.CSAT_SATISFIED_MIN},
        "nps": _(
            "%% promoters (NPS %(promoter)s or more) minus %% detractors (NPS %(detractor)s "
            "or less) among the answers of the period, from -100 to 100.") % {
                "promoter": definitions.NPS_PROMOTER_MIN,
                "detractor": definitions.NPS_DETRACTOR_MAX},
        "feedback_response_rate_pct": _(
            "Feedback requests sent in the period and answered / requests sent in "
            "the period, x 100."),
        "next_reply_compliance_pct": _(
            "Customer messages of the tickets of the period answered within the "
            "next-reply target / messages answered plus those waiting past their "
            "deadline, x 100."),
        "avoidable_ticket_pct": _(
            "Tickets of the period solved as a user error or a how-to question / "
            "tickets of the period solved with a cause, x 100."),
        "avoidable_hours_pct": _(
            "Resolution working hours of the tickets of the period solved as a user "
            "error or a how-to question / those of the tickets of the period solved "
            "with a cause, x 100."),
        "lead_response_hours_avg": _(
            "Mean hours from a lead's creation to the first message or done "
            "activity of an employee, over the leads created in the period."),
        "win_rate_pct": _(
            "Opportunities won / (won + lost) among those closed in the period, x 100."),
        "delivery_lead_days_avg": _(
            "Mean days from order confirmation to its last outgoing delivery, over "
            "orders fully delivered in the period."),
        "ticket_opportunity_revenue": _(
            "Expected revenue of the won opportunities created from a ticket, "
            "closed in the period."),
        "campaign_roi_pct": _(
            "(Revenue attributed to campaigns - campaign cost) / campaign cost x 100, "
            "for the invoices, won opportunities and campaign costs of the period."),
    }


def week_start(day):
    """The Monday of the week of ``day``."""
    return day - timedelta(days=day.weekday())


def digest_periods(today):
    """((from, to), (previous from, previous to)): the last 7 whole days
    ending yesterday and the 7 days before."""
    current_to = today - timedelta(days=1)
    current_from = today - timedelta(days=7)
    return (current_from, current_to), previous_period(current_from, current_to)


def digest_due(last_week, today):
    """True when no digest went out in the week of ``today`` (``last_week``:
    the Monday remembered for the last digest, or None)."""
    return last_week is None or last_week < week_start(today)


def format_figure(value, unit, currency=""):
    """A figure as text for the digest email; '-' when there is no data."""
    if value is None:
        return "-"
    if unit == "count":
        return "%d" % value
    text = "%.2f" % value if unit != "amount" else "{:,.2f}".format(value)
    suffix = {"hours": " h", "days": " d", "pct": " %", "amount": " " + currency}.get(unit, "")
    return (text + suffix).strip()

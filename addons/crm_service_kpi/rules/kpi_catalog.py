# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The catalogue of KPIs: one code per figure, shared by targets, scorecards,
the dashboard and the weekly digest. Plain data, no Odoo.

Each entry: ``code`` (the key in ``helpdesk.ticket.kpi_summary`` or
``crm.service.kpi.sales.sales_summary``), ``department`` (service, sales,
marketing), ``unit`` (hours, days, pct, score, count, amount),
``higher_is_better`` (True, False, or None when a target has no direction),
``source`` (``service`` = kpi_summary, ``sales`` = sales_summary).
Labels and formulas are translated where they are shown (``_()`` at the call
site through :func:`labels`), so that this module stays importable without an
environment.
"""
from odoo.addons.crm_customer_base.rules import definitions

KPIS = [
    # Service: helpdesk.ticket.kpi_summary
    {"code": "ticket_count", "department": "service", "unit": "count",
     "higher_is_better": None, "source": "service"},
    {"code": "first_response_hours_avg", "department": "service", "unit": "hours",
     "higher_is_better": False, "source": "service"},
    {"code": "resolution_hours_avg", "department": "service", "unit": "hours",
     "higher_is_better": False, "source": "service"},
    {"code": "sla_compliance_pct", "department": "service", "unit": "pct",
     "higher_is_better": True, "source": "service"},
    {"code": "reopen_rate_pct", "department": "service", "unit": "pct",
     "higher_is_better": False, "source": "service"},
    {"code": "backlog_count", "department": "service", "unit": "count",
     "higher_is_better": False, "source": "service"},
    {"code": "backlog_age_days_avg", "department": "service", "unit": "days",
     "higher_is_better": False, "source": "service"},
    {"code": "csat_avg", "department": "service", "unit": "score",
     "higher_is_better": True, "source": "service"},
    {"code": "csat_satisfied_pct", "department": "service", "unit": "pct",
     "higher_is_better": True, "source": "service"},
    {"code": "nps", "department": "service", "unit": "score",
     "higher_is_better": True, "source": "service"},
    {"code": "feedback_response_rate_pct", "department": "service", "unit": "pct",
     "higher_is_better": True, "source": "service"},
    {"code": "next_reply_compliance_pct", "department": "service", "unit": "pct",
     "higher_is_better": True, "source": "service"},
    {"code": "avoidable_ticket_pct", "department": "service", "unit": "pct",
     "higher_is_better": False, "source": "service"},
    {"code": "avoidable_hours_pct", "department": "service", "unit": "pct",
     "higher_is_better": False, "source": "service"},
    # Sales: crm.service.kpi.sales.sales_summary
    {"code": "lead_response_hours_avg", "department": "sales", "unit": "hours",
     "higher_is_better": False, "source": "sales"},
    {"code": "win_rate_pct", "department": "sales", "unit": "pct",
     "higher_is_better": True, "source": "sales"},
    {"code": "delivery_lead_days_avg", "department": "sales", "unit": "days",
     "higher_is_better": False, "source": "sales"},
    {"code": "ticket_opportunity_revenue", "department": "sales", "unit": "amount",
     "higher_is_better": True, "source": "sales"},
    # Marketing: crm.service.kpi.sales.sales_summary
    {"code": "campaign_roi_pct", "department": "marketing", "unit": "pct",
     "higher_is_better": True, "source": "sales"},
]

BY_CODE = {kpi["code"]: kpi for kpi in KPIS}
DEPARTMENTS = ("service", "sales", "marketing")


def selection(_):
    """(code, label) pairs for a Selection field; ``_`` is Odoo's translator."""
    labels = labels_by_code(_)
    return [(kpi["code"], labels[kpi["code"]]) for kpi in KPIS]


def labels_by_code(_):
    return {
        "ticket_count": _("Tickets opened"),
        "first_response_hours_avg": _("First response time (working hours)"),
        "resolution_hours_avg": _("Resolution time (working hours)"),
        "sla_compliance_pct": _("SLA compliance %"),
        "reopen_rate_pct": _("Reopen rate %"),
        "backlog_count": _("Backlog"),
        "backlog_age_days_avg": _("Backlog age (days)"),
        "csat_avg": _("CSAT average"),
        "csat_satisfied_pct": _("%% satisfied (CSAT %(min)s-%(max)s)") % {
            "min": definitions.CSAT_SATISFIED_MIN, "max": definitions.CSAT_RANGE[1]},
        "nps": _("NPS"),
        "feedback_response_rate_pct": _("Feedback response rate %"),
        "next_reply_compliance_pct": _("Next reply SLA %"),
        "avoidable_ticket_pct": _("Avoidable tickets % (user error, how-to)"),
        "avoidable_hours_pct": _("Agent hours on avoidable tickets %"),
        "lead_response_hours_avg": _("Lead response time (hours)"),
        "win_rate_pct": _("Win rate %"),
        "delivery_lead_days_avg": _("Delivery lead time (days)"),
        "ticket_opportunity_revenue": _("Revenue from opportunities born from tickets"),
        "campaign_roi_pct": _("Campaign ROI %"),
    }


def attainment(value, target, higher_is_better):
    """Attainment of a target in percent, capped to [0, 200].

    Higher is better: value / target. Lower is better: target / value (a value
    of 0 against a positive target attains 200). None when the value or the
    target is unknown, when the KPI has no direction, or when the target is 0
    for a higher-is-better KPI.
    """
    if value is None or target is None or higher_is_better is None:
        return None
    if higher_is_better:
        if target <= 0:
            return None
        ratio = 100.0 * value / target
    else:
        if value <= 0:
            ratio = 200.0 if target >= 0 else 0.0
        else:
            ratio = 100.0 * target / value
    return round(max(0.0, min(ratio, 200.0)), 2)


def trend(value, previous):
    """Change against the previous period: (delta, delta_pct) or (None, None)."""
    if value is None or previous is None:
        return None, None
    delta = value - previous
    delta_pct = round(100.0 * delta / abs(previous), 2) if previous else None
    return round(delta, 2), delta_pct

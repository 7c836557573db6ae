# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Buckets of the satisfaction driver analysis (plain Python, no Odoo).

First-response and resolution times are working hours (rules/kpi.py). A
bucket holds the hours h with ``low <= h < high``; its key sorts in the
bucket order, so pivot rows come out from fast to slow. ``none`` is a ticket
without a first response (or not solved, for the resolution).
"""

FIRST_RESPONSE_BUCKETS = (
    ("1_lt_1", 0.0, 1.0),
    ("2_1_4", 1.0, 4.0),
    ("3_4_8", 4.0, 8.0),
    ("4_8_24", 8.0, 24.0),
    ("5_gt_24", 24.0, None),
)

RESOLUTION_BUCKETS = (
    ("1_lt_8", 0.0, 8.0),
    ("2_8_24", 8.0, 24.0),
    ("3_24_40", 24.0, 40.0),
    ("4_40_80", 40.0, 80.0),
    ("5_gt_80", 80.0, None),
)

NONE = "0_none"


def bucket_labels(_):
    """Selection labels of both bucket sets; ``_`` is Odoo's translator."""
    return {
        "first_response": [
            ("1_lt_1", _("< 1 h")), ("2_1_4", _("1-4 h")), ("3_4_8", _("4-8 h")),
            ("4_8_24", _("8-24 h")), ("5_gt_24", _("> 24 h")),
            (NONE, _("No first response"))],
        "resolution": [
            ("1_lt_8", _("< 8 h (1 day)")), ("2_8_24", _("8-24 h (1-3 days)")),
            ("3_24_40", _("24-40 h (3-5 days)")), ("4_40_80", _("40-80 h (1-2 weeks)")),
            ("5_gt_80", _("> 80 h")), (NONE, _("Not solved"))],
    }


def bucket(hours, buckets):
    """The key of the bucket holding ``hours`` (None: ``NONE``)."""
    if hours is None:
        return NONE
    for key, low, high in buckets:
        if hours >= low and (high is None or hours < high):
            return key
    return buckets[0][0]   # negative hours never happen; fastest bucket


def bucket_case_sql(expression, buckets):
    """A SQL CASE giving the bucket of ``expression`` (a trusted SQL
    expression in hours; NULL gives ``NONE``), same rule as :func:`bucket`.
    Bounds are constants of this module, never user input."""
    whens = ["WHEN ({e}) IS NULL THEN '{none}'".format(e=expression, none=NONE)]
    for key, _low, high in buckets:
        if high is not None:
            whens.append("WHEN ({e}) < {high!r} THEN '{key}'".format(
                e=expression, high=float(high), key=key))
        else:
            whens.append("ELSE '{key}'".format(key=key))
    return "CASE " + " ".join(whens) + " END"


def sla_outcome(has_policy, status):
    """met / breached / pending (policy, not decided yet) / none (no policy)."""
    if not has_policy:
        return "none"
    if status in ("met", "breached"):
        return status
    return "pending"


def sla_outcome_sql(policy_expression, status_expression):
    """The SQL of :func:`sla_outcome` (what the driver report stores): the
    policy expression is NULL without a policy. The expressions are the
    caller's SQL (column names), never user input."""
    return ("CASE WHEN ({policy}) IS NULL THEN 'none' "
            "WHEN ({status}) IN ('met', 'breached') THEN ({status}) "
            "ELSE 'pending' END").format(policy=policy_expression, status=status_expression)

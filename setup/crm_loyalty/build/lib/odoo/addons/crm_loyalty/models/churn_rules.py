# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Churn risk as plain functions: no Odoo import.

A customer's purchase days are the distinct days of their validated customer
invoices and confirmed sales orders. Their typical interval is the median gap
(in days) between consecutive purchase days, known once they have at least
``min_purchases`` purchase days. They are "at risk" when the days since their
last purchase exceed ``factor`` times that typical interval. The SQL of
``churn.py`` computes the same with ``lag()`` and ``percentile_cont(0.5)``.

The account manager gets one activity when a customer becomes at risk
(not at risk before), and only when the threshold was crossed within the
last ``ACTIVITY_HORIZON_DAYS``: the first assessment of an old customer base
flags the long-lost customers too, but does not bury the account managers
under activities for customers who left years ago.
"""

ACTIVITY_HORIZON_DAYS = 30


def median(values):
    """Median of numbers (mean of the two middle ones for an even count)."""
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return float(values[middle])
    return (values[middle - 1] + values[middle]) / 2.0


def typical_interval(days, min_purchases):
    """Median gap in days between consecutive distinct purchase ``days``
    (``datetime.date``), or None with fewer than ``min_purchases`` days."""
    days = sorted(set(days))
    if len(days) < max(min_purchases, 2):
        return None
    return median([(later - earlier).days for earlier, later in zip(days, days[1:])])


def is_at_risk(days_since_last, interval, factor):
    """True when the gap since the last purchase exceeds factor x interval."""
    if interval is None or days_since_last is None or interval <= 0:
        return False
    return days_since_last > factor * interval


def factor_error(factor):
    """Why a churn factor is invalid, or None."""
    if factor is None or factor <= 1:
        return "factor"
    return None


def needs_activity(was_at_risk, days_since_last, interval, factor,
                   horizon=ACTIVITY_HORIZON_DAYS):
    """Whether an assessment schedules an activity for this customer."""
    if was_at_risk or not is_at_risk(days_since_last, interval, factor):
        return False
    return days_since_last - factor * interval <= horizon

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Churn risk as plain functions: no Odoo import.

A customer's purchase days are the distinct days of their validated customer
invoices and confirmed sales orders. Their typical interval is the median gap
(in days) between consecutive purchase days, known once they have at least
``min_purchases`` purchase days. They are "at risk" when the days since their
last purchase exceed ``factor`` times that typical interval (and at least
``min_gap`` days), as long as they have bought within ``lost_after`` days (the
program's window): a customer without any purchase in the window is lost, not
at risk (the RFM segments *Lost* and *Hibernating* show them), so that the list
of customers at risk holds the ones a call can still keep. The SQL of
``churn.py`` computes the same with ``lag()`` and ``percentile_cont(0.5)``.

The account manager gets one activity when a customer becomes at risk
(not at risk before), and only when the threshold was crossed within the
last ``ACTIVITY_HORIZON_DAYS``: the first assessment of an old customer base
flags the long-lost customers too, but does not bury the account managers
under activities for customers who left years ago.
"""

import datetime
import math

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


def threshold(interval, factor, min_gap=0, few_purchases_days=0):
    """Days without purchase after which a customer is at risk, or None.

    With a typical interval: ``factor`` x interval, but never less than
    ``min_gap`` days. Without one (fewer purchases than needed): the fixed
    ``few_purchases_days`` (None when 0: such customers are never flagged)."""
    if interval is not None and interval > 0:
        return max(factor * interval, min_gap)
    if interval is None and few_purchases_days and few_purchases_days > 0:
        return float(few_purchases_days)
    return None


def is_at_risk(days_since_last, interval, factor, min_gap=0, few_purchases_days=0,
               lost_after=0):
    """True when the gap since the last purchase exceeds the threshold, and
    does not exceed ``lost_after`` days (0: no limit) after which the
    customer is lost rather than at risk."""
    limit = threshold(interval, factor, min_gap, few_purchases_days)
    if limit is None or days_since_last is None:
        return False
    if lost_after and lost_after > 0 and days_since_last > lost_after:
        return False
    return days_since_last > limit


def risk_since(last_purchase, interval, factor, min_gap=0, few_purchases_days=0):
    """The day the customer crossed the threshold (``datetime.date``): the
    first day whose gap since ``last_purchase`` exceeds it. It depends on the
    purchases only, never on the day of the assessment."""
    limit = threshold(interval, factor, min_gap, few_purchases_days)
    if limit is None or last_purchase is None:
        return None
    return last_purchase + datetime.timedelta(days=int(math.floor(limit)) + 1)


def factor_error(factor):
    """Why a churn factor is invalid, or None."""
    if factor is None or factor <= 1:
        return "factor"
    return None


def needs_activity(was_at_risk, days_since_last, interval, factor,
                   horizon=ACTIVITY_HORIZON_DAYS, min_gap=0, few_purchases_days=0,
                   lost_after=0):
    """Whether an assessment schedules an activity for this customer."""
    if was_at_risk or not is_at_risk(days_since_last, interval, factor, min_gap,
                                     few_purchases_days, lost_after):
        return False
    return days_since_last - threshold(interval, factor, min_gap,
                                       few_purchases_days) <= horizon

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
of customers at risk holds the ones a call can still keep. The SQL below
(``STATS_CTE``, ``CHURN_QUERY``) computes the same with ``lag()`` and
``percentile_cont(0.5)``.

The account manager gets one activity when a customer becomes at risk
(not at risk before), and only when the threshold was crossed within the
last ``ACTIVITY_HORIZON_DAYS``: the first assessment of an old customer base
flags the long-lost customers too, but does not bury the account managers
under activities for customers who left years ago.
"""

import datetime
import math

from odoo.addons.crm_customer_base.rules import definitions

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


# One statement assesses the churn risk of every customer (commercial entity)
# of the company, writes it on the entity and its contacts (only the rows
# whose churn state changes), and schedules one to-do per entity newly at risk
# (False -> True) whose threshold was crossed recently, for its salesperson or
# the fallback user, never a second open one of the same type. It returns the
# entities newly at risk, their user and whether they need an activity: only
# those few reach Python, where the activities are created through the ORM
# (followers, notifications, the partner's stored next deadline).
# Mirrors typical_interval / is_at_risk / needs_activity.
# A customer's purchase days (commercial entity, distinct days of purchase
# invoices and orders up to the day of the assessment): the one definition
# the churn rule and the customer value model (crm_loyalty_program) read.
PURCHASES_CTE = """
purchases AS (
    SELECT p.commercial_partner_id AS cp, i.date_invoice AS d
      FROM account_invoice i
      JOIN res_partner p ON p.id = i.partner_id
     WHERE i.company_id = %(company)s
       AND {is_purchase_invoice}
       AND i.date_invoice <= %(today)s
     UNION
    SELECT p.commercial_partner_id, o.date_order::date
      FROM sale_order o
      JOIN res_partner p ON p.id = o.partner_id
     WHERE o.company_id = %(company)s
       AND {is_purchase_order}
       AND o.date_order::date <= %(today)s
)""".format(
    is_purchase_invoice=definitions.sql_is_purchase_invoice("i.type", "i.state"),
    is_purchase_order=definitions.sql_is_purchase_order("o.state"),
)

STATS_CTE = PURCHASES_CTE + """, gaps AS (
    SELECT cp, d, d - lag(d) OVER (PARTITION BY cp ORDER BY d) AS gap
      FROM purchases
), stats AS (
    SELECT cp,
           CASE WHEN count(*) >= greatest(%(min_purchases)s, 2)
                THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) END AS interval,
           %(today)s::date - max(d) AS since,
           max(d) AS last_d
      FROM gaps
     GROUP BY cp
)"""

# Every customer with a purchase in the company gets a membership of the
# program (their churn state lives there), in one statement.
CHURN_MEMBERSHIP_QUERY = "WITH " + STATS_CTE + """
INSERT INTO crm_loyalty_membership
    (create_uid, create_date, write_uid, write_date, partner_id, program_id, company_id)
SELECT %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC',
       s.cp, %(program)s, %(company)s
  FROM stats s
    ON CONFLICT (partner_id, program_id) DO NOTHING
"""

CHURN_QUERY = "WITH " + STATS_CTE + """, thresholds AS (
    SELECT s.*,
           CASE WHEN s.interval > 0
                THEN greatest(%(factor)s * s.interval, %(min_gap)s)
                WHEN s.interval IS NULL AND %(few_days)s > 0
                THEN %(few_days)s::float END AS threshold
      FROM stats s
), target AS (
    -- With the customer value model (use_clv): valuable customers slipping
    -- away, P(alive) below the program's threshold with value at risk; else
    -- the gap since the last purchase above the threshold. Either way not
    -- lost (a purchase within lost_after days).
    SELECT t.cp, t.interval, t.since, t.last_d,
           CASE WHEN %(use_clv)s
                THEN coalesce(m.clv_known AND m.clv_p_alive < %(alive)s
                              AND m.clv_value_at_risk > 0, false)
                ELSE coalesce(t.since > t.threshold, false) END
               AND (%(lost_after)s <= 0 OR t.since <= %(lost_after)s) AS at_risk,
           t.threshold, m.clv_risk_since
      FROM thresholds t
      LEFT JOIN crm_loyalty_membership m
             ON m.partner_id = t.cp AND m.program_id = %(program)s
     UNION ALL
    -- Customers flagged before whose purchases were all cancelled since.
    SELECT m.partner_id, NULL, NULL, NULL, false, NULL, NULL
      FROM crm_loyalty_membership m
     WHERE m.program_id = %(program)s
       AND m.churn_risk
       AND NOT EXISTS (SELECT 1 FROM stats s WHERE s.cp = m.partner_id)
), assessed AS (
    SELECT t.cp, t.interval, t.since, t.at_risk,
           -- the day the threshold was crossed: last purchase + threshold, or
           -- the day P(alive) fell below the threshold (customer value model)
           CASE WHEN t.at_risk AND %(use_clv)s THEN t.clv_risk_since
                WHEN t.at_risk
                THEN (t.last_d + floor(t.threshold)::int + 1) END AS risk_since,
           t.at_risk AND old.churn_risk IS NOT TRUE
               AND CASE WHEN %(use_clv)s
                        THEN %(today)s::date - t.clv_risk_since <= %(horizon)s
                        ELSE t.since - t.threshold <= %(horizon)s END AS needs_activity
      FROM target t
      JOIN crm_loyalty_membership old
             ON old.partner_id = t.cp AND old.program_id = %(program)s
), changed AS (
    UPDATE crm_loyalty_membership p
       SET typical_interval = a.interval,
           days_since_purchase = a.since,
           churn_risk = a.at_risk,
           churn_risk_since = a.risk_since
      FROM assessed a
     WHERE p.partner_id = a.cp
       AND p.program_id = %(program)s
       AND (p.typical_interval, p.days_since_purchase, p.churn_risk, p.churn_risk_since)
           IS DISTINCT FROM (a.interval, a.since, a.at_risk, a.risk_since)
    RETURNING p.partner_id AS id
), newly AS (
    SELECT a.cp AS id FROM assessed a JOIN changed w ON w.id = a.cp WHERE a.needs_activity
)
SELECT n.id, coalesce(u.id, %(fallback)s),
       NOT EXISTS (
            SELECT 1 FROM mail_activity a
             WHERE a.res_model = 'res.partner' AND a.res_id = n.id
               AND a.activity_type_id = %(type)s)
  FROM newly n
  JOIN res_partner p ON p.id = n.id
  LEFT JOIN res_users u ON u.id = p.user_id AND u.active
 ORDER BY n.id
"""

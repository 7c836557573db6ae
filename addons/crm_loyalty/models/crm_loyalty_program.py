# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import functools
import json
import logging
import math

import numpy as np

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_customer_base.rules import definitions

from ..rules import churn, clv, scoring, value_matrix
from ..rules.tiers import NO_TIER, assess_tier, threshold_errors, tier_for_score
from .crm_loyalty_tier_history import BATCH_SIZE

_logger = logging.getLogger(__name__)

CHURN_FIELDS = [
    "loyalty_typical_interval",
    "loyalty_days_since_purchase",
    "loyalty_churn_risk",
    "loyalty_churn_risk_since",
]

# One query computes the metrics, normalised metrics and RFM quintiles of all
# the company's customers (commercial entities), joined with their current
# loyalty state. Population: customers with a purchase in the window
# ("active"), plus current holders of one of the program's tiers who are no
# longer active (they score 0 and fall to R=F=M=1 so that they can be
# downgraded).
METRICS_QUERY = """
WITH inv AS (
    SELECT p.commercial_partner_id AS cp, i.type, i.state, i.date_invoice AS d,
           {revenue_amount} AS amount
      FROM account_invoice i
      JOIN res_partner p ON p.id = i.partner_id
     WHERE i.company_id = %(company)s
       AND {is_revenue}
       AND i.date_invoice <= %(today)s
), so AS (
    SELECT p.commercial_partner_id AS cp, o.date_order::date AS d
      FROM sale_order o
      JOIN res_partner p ON p.id = o.partner_id
     WHERE o.company_id = %(company)s
       AND {is_purchase_order}
       AND o.date_order::date <= %(today)s
), purchases AS (
    SELECT cp, d FROM inv WHERE {inv_is_purchase}
    UNION ALL
    SELECT cp, d FROM so
), life AS (
    SELECT cp, min(d) AS first_d, max(d) AS last_d,
           bool_or(d >= %(start)s) AS active
      FROM purchases GROUP BY cp
), win_inv AS (
    SELECT cp, sum(amount) AS revenue,
           count(*) FILTER (WHERE {inv_is_purchase}) AS invoices
      FROM inv WHERE d >= %(start)s GROUP BY cp
), win_so AS (
    SELECT cp, count(*) AS orders FROM so WHERE d >= %(start)s GROUP BY cp
), referred AS MATERIALIZED (
    -- The few referred partners (index on referred_by_id), joined with the
    -- buying customers below: not every buying customer's contacts probed.
    SELECT c.commercial_partner_id AS cp, r.commercial_partner_id AS referrer
      FROM res_partner c
      JOIN res_partner r ON r.id = c.referred_by_id
     WHERE c.referred_by_id IS NOT NULL
       AND c.commercial_partner_id <> r.commercial_partner_id
), referrals AS (
    SELECT x.referrer AS cp, count(DISTINCT x.cp) AS n
      FROM referred x
      JOIN life l ON l.cp = x.cp
     GROUP BY x.referrer
), costs AS (
    __COSTS__
), metrics AS (
    SELECT l.cp,
           coalesce(wi.revenue, 0) AS revenue,
           coalesce(ws.orders, 0) AS orders,
           greatest(coalesce(ws.orders, 0), coalesce(wi.invoices, 0)) AS frequency,
           %(today)s::date - l.last_d AS recency,
           %(today)s::date - l.first_d AS tenure,
           coalesce(rf.n, 0) AS referrals,
           coalesce(c.cost, 0) AS cost,
           0.0::float AS hours,
           coalesce(c.known, false) AS known,
           coalesce(c.fallback, false) AS fallback,
           coalesce(c.has_hist, false) AS has_hist,
           coalesce(c.refunds, 0) AS refunds,
           coalesce(c.discounts, 0) AS discounts,
           CASE WHEN %(delivery_known)s THEN coalesce(c.delivery, 0) END AS delivery,
           coalesce(c.late, 0) AS late
      FROM life l
      LEFT JOIN costs c ON c.cp = l.cp
      LEFT JOIN win_inv wi ON wi.cp = l.cp
      LEFT JOIN win_so ws ON ws.cp = l.cp
      LEFT JOIN referrals rf ON rf.cp = l.cp
     WHERE l.active
), ranked AS (
    SELECT m.*,
           {n_revenue} AS n_revenue,
           {n_orders} AS n_orders,
           {n_recency} AS n_recency,
           {n_tenure} AS n_tenure,
           {n_referrals} AS n_referrals,
           ntile(5) OVER (ORDER BY recency DESC, cp) AS r,
           ntile(5) OVER (ORDER BY frequency, cp) AS f,
           ntile(5) OVER (ORDER BY revenue, cp) AS m,
           true AS active
      FROM metrics m
), population AS (
    SELECT * FROM ranked
    UNION ALL
    -- Current tier holders of this program who are no longer active.
    SELECT mb.partner_id, 0, 0, 0,
           %(today)s::date - l.last_d, %(today)s::date - l.first_d, 0,
           0, 0, false, false, false, 0, 0,
           CASE WHEN %(delivery_known)s THEN 0.0 END, 0,
           0, 0, 0, 0, 0, 1, 1, 1, false
      FROM crm_loyalty_membership mb
      LEFT JOIN life l ON l.cp = mb.partner_id
     WHERE mb.program_id = %(program)s
       AND mb.tier_id IN %(tiers)s
       AND mb.partner_id NOT IN (SELECT cp FROM ranked)
)
SELECT x.cp, x.revenue, x.orders, x.recency, x.tenure, x.referrals,
       x.n_revenue, x.n_orders, x.n_recency, x.n_tenure, x.n_referrals,
       x.r, x.f, x.m,
       mb.tier_id AS loyalty_tier_id, mb.below_since AS loyalty_below_since,
       mb.tier_date AS loyalty_tier_date, mb.override_tier_id AS loyalty_override_tier_id,
       mb.override_until AS loyalty_override_until,
       x.fallback, x.has_hist, x.refunds, x.discounts, x.delivery, x.late,
       x.cost, x.hours, x.known, x.active
  FROM population x
  LEFT JOIN crm_loyalty_membership mb
         ON mb.partner_id = x.cp AND mb.program_id = %(program)s
 ORDER BY x.cp
""".format(
    revenue_amount=definitions.sql_net_revenue_amount("i.amount_untaxed_signed"),
    is_revenue=definitions.sql_is_revenue_invoice("i.type", "i.state"),
    is_purchase_order=definitions.sql_is_purchase_order("o.state"),
    inv_is_purchase=definitions.sql_is_purchase_invoice("type", "state"),
    **{"n_" + metric: scoring.sql_percentile_score(
        metric, lower_is_better=metric in scoring.LOWER_IS_BETTER) for metric in scoring.METRICS}
)

# Costs per customer over the window, in company currency, summed as numeric
# (a float sum depends on the order in which a parallel plan adds the lines):
# - cost: cost of goods. Each posted customer invoice line (credit notes
#   subtracted) x its quantity converted to the product's unit of measure x
#   the product's cost at the invoice date (latest product.price.history row
#   of the product and company dated on or before the invoice day; without
#   any, the current standard price: ``fallback``). Delivery products (when
#   the delivery module is installed) go to ``delivery`` instead.
# - refunds: untaxed amount of the posted credit notes (already deducted from
#   net revenue).
# - discounts: on posted invoices, sum over lines of max(0, list price x
#   quantity in the product's unit - untaxed line amount in company currency)
#   (already deducted from net revenue).
# - late: for posted invoices with a due date, amount x days paid late: paid
#   invoices, total x (last payment date - due date); open ones, residual x
#   (today - due date); never negative.
COSTS_QUERY = """
    SELECT cp, sum(cost)::float AS cost, bool_or(known) AS known,
           bool_or(fallback) AS fallback, bool_or(has_hist) AS has_hist,
           sum(refund)::float AS refunds,
           sum(discount)::float AS discounts, sum(delivery)::float AS delivery,
           sum(late)::float AS late
      FROM (
        SELECT p.commercial_partner_id AS cp,
               CASE WHEN x.is_delivery THEN 0 ELSE x.sign * x.qty * x.unit_cost END AS cost,
               coalesce(x.unit_cost, 0) <> 0 AS known,
               l.product_id IS NOT NULL AND hist.cost IS NULL AS fallback,
               hist.cost IS NOT NULL AS has_hist,
               0::numeric AS refund,
               CASE WHEN {is_purchase} AND pt.id IS NOT NULL
                    THEN greatest(0, pt.list_price::numeric * x.qty
                                     - coalesce(l.price_subtotal_signed, 0)::numeric)
                    ELSE 0 END AS discount,
               CASE WHEN x.is_delivery THEN x.sign * x.qty * x.unit_cost ELSE 0 END AS delivery,
               0::numeric AS late
          FROM account_invoice_line l
          JOIN account_invoice i ON i.id = l.invoice_id
          JOIN res_partner p ON p.id = i.partner_id
          LEFT JOIN product_product pp ON pp.id = l.product_id
          LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
          LEFT JOIN product_uom lu ON lu.id = l.uom_id
          LEFT JOIN product_uom pu ON pu.id = pt.uom_id
          LEFT JOIN ir_property pr ON pr.name = 'standard_price'
               AND pr.res_id = 'product.product,' || l.product_id
               AND pr.company_id = i.company_id
          LEFT JOIN LATERAL (
                SELECT h.cost FROM product_price_history h
                 WHERE h.product_id = l.product_id AND h.company_id = i.company_id
                   AND h.datetime < i.date_invoice + 1
                 ORDER BY h.datetime DESC, h.id DESC
                 LIMIT 1) hist ON true
         CROSS JOIN LATERAL (
                SELECT CASE WHEN i.type = 'out_refund' THEN -1 ELSE 1 END AS sign,
                       (CASE WHEN lu.id IS NULL OR pu.id IS NULL OR lu.id = pu.id
                             THEN l.quantity
                             ELSE l.quantity / lu.factor * pu.factor END)::numeric AS qty,
                       coalesce(hist.cost, pr.value_float::numeric, 0) AS unit_cost,
                       __IS_DELIVERY__ AS is_delivery) x
         WHERE i.company_id = %(company)s
           AND {is_revenue}
           AND i.date_invoice BETWEEN %(start)s AND %(today)s
         UNION ALL
        SELECT p.commercial_partner_id, 0, false, false, false,
               -coalesce(i.amount_untaxed_signed, 0)::numeric, 0, 0, 0
          FROM account_invoice i
          JOIN res_partner p ON p.id = i.partner_id
         WHERE i.company_id = %(company)s
           AND {is_revenue} AND i.type = 'out_refund'
           AND i.date_invoice BETWEEN %(start)s AND %(today)s
         UNION ALL
        SELECT p.commercial_partner_id, 0, false, false, false, 0, 0, 0,
               CASE WHEN i.state = 'paid'
                    THEN coalesce(i.amount_total_company_signed, 0)::numeric
                         * greatest(0, pay.d - i.date_due)
                    ELSE coalesce(i.residual_company_signed, 0)::numeric
                         * greatest(0, %(today)s::date - i.date_due) END
          FROM account_invoice i
          JOIN res_partner p ON p.id = i.partner_id
          LEFT JOIN LATERAL (
                SELECT max(ap.payment_date) AS d
                  FROM account_invoice_payment_rel r
                  JOIN account_payment ap ON ap.id = r.payment_id
                 WHERE r.invoice_id = i.id) pay ON true
         WHERE i.company_id = %(company)s
           AND {is_purchase}
           AND i.date_due IS NOT NULL
           AND i.date_invoice BETWEEN %(start)s AND %(today)s
      ) c
     GROUP BY cp
""".format(is_revenue=definitions.sql_is_revenue_invoice("i.type", "i.state"),
           is_purchase=definitions.sql_is_purchase_invoice("i.type", "i.state"))

# Customers assessed in a batch who have no membership in the program yet.
MEMBERSHIP_INSERT_QUERY = """
INSERT INTO crm_loyalty_membership
    (create_uid, create_date, write_uid, write_date, partner_id, program_id, company_id)
SELECT %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC',
       v.cp, %(program)s, %(company)s
  FROM unnest(%(cp)s::int[]) AS v(cp)
    ON CONFLICT (partner_id, program_id) DO NOTHING
"""

# One statement writes the state of a batch of assessed customers onto their
# membership of this program; only the rows whose loyalty state changes are
# written (an unchanged row would still cost a new row version).
UPDATE_QUERY = """
UPDATE crm_loyalty_membership p
   SET score = v.score,
       revenue = v.revenue,
       order_count = v.orders,
       recency_days = v.recency,
       tenure_days = v.tenure,
       referral_count = v.referrals,
       rfm_r = v.r,
       rfm_f = v.f,
       rfm_m = v.m,
       segment = v.segment,
       tier_id = v.tier,
       tier_date = v.tier_date,
       below_since = v.below_since,
       override_tier_id = CASE WHEN v.clear_override THEN NULL ELSE p.override_tier_id END,
       override_until = CASE WHEN v.clear_override THEN NULL ELSE p.override_until END,
       override_reason = CASE WHEN v.clear_override THEN NULL ELSE p.override_reason END,
       assessed_date = %(today)s,
       cost = v.cost,
       margin = v.margin,
       service_hours = v.hours,
       profit = v.profit,
       value_level = v.value_level,
       loyalty_level = v.loyalty_level,
       quadrant = v.quadrant,
       service_basis = v.service_basis,
       service_cost = v.service_cost,
       refund_amount = v.refunds,
       discount_amount = v.discounts,
       payment_delay_cost = v.delay_cost,
       delivery_cost = v.delivery,
       cost_to_serve = v.cost_to_serve,
       cost_basis = v.cost_basis,
       write_date = now() AT TIME ZONE 'UTC'
  FROM unnest(%(cp)s::int[], %(score)s::float[], %(revenue)s::float[],
              %(orders)s::int[], %(recency)s::int[], %(tenure)s::int[],
              %(referrals)s::int[], %(r)s::int[], %(f)s::int[], %(m)s::int[],
              %(segment)s::varchar[], %(tier)s::int[], %(tier_date)s::date[],
              %(below_since)s::date[], %(clear_override)s::bool[],
              %(cost)s::float[], %(margin)s::float[], %(hours)s::float[],
              %(profit)s::float[], %(value_level)s::varchar[],
              %(loyalty_level)s::varchar[], %(quadrant)s::varchar[],
              %(service_basis)s::varchar[], %(service_cost)s::float[],
              %(refunds)s::float[], %(discounts)s::float[], %(delay_cost)s::float[],
              %(delivery)s::float[], %(cost_to_serve)s::float[],
              %(cost_basis)s::varchar[])
    AS v(cp, score, revenue, orders, recency, tenure, referrals, r, f, m,
         segment, tier, tier_date, below_since, clear_override, cost, margin,
         hours, profit, value_level, loyalty_level, quadrant, service_basis,
         service_cost, refunds, discounts, delay_cost, delivery, cost_to_serve,
         cost_basis)
 WHERE p.partner_id = v.cp
   AND p.program_id = %(program)s
   AND (p.score, p.revenue, p.order_count,
        p.recency_days, p.tenure_days, p.referral_count,
        p.rfm_r, p.rfm_f, p.rfm_m, p.segment,
        p.tier_id, p.tier_date, p.below_since,
        p.override_tier_id IS NOT NULL AND v.clear_override,
        p.override_until IS NOT NULL AND v.clear_override,
        p.override_reason IS NOT NULL AND v.clear_override,
        p.assessed_date, p.cost,
        p.margin, p.service_hours, p.profit,
        p.value_level, p.loyalty_level, p.quadrant, p.service_basis, p.service_cost,
        p.refund_amount, p.discount_amount, p.payment_delay_cost, p.delivery_cost,
        p.cost_to_serve, p.cost_basis)
       IS DISTINCT FROM
       (v.score, v.revenue, v.orders, v.recency, v.tenure, v.referrals, v.r, v.f, v.m,
        v.segment, v.tier, v.tier_date, v.below_since, false, false, false,
        %(today)s::date, v.cost, v.margin, v.hours, v.profit,
        v.value_level, v.loyalty_level, v.quadrant, v.service_basis, v.service_cost,
        v.refunds, v.discounts, v.delay_cost, v.delivery, v.cost_to_serve,
        v.cost_basis)
"""

HISTORY_QUERY = """
INSERT INTO crm_loyalty_tier_history
    (create_uid, create_date, write_uid, write_date, program_id, company_id,
     partner_id, from_tier_id, to_tier_id, date, reason, score, revenue,
     order_count, recency_days, tenure_days, referral_count)
SELECT %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC',
       %(program)s, %(company)s, v.*
  FROM unnest(%(cp)s::int[], %(from_tier)s::int[], %(to_tier)s::int[],
              %(date)s::date[], %(reason)s::varchar[], %(score)s::float[],
              %(revenue)s::float[], %(orders)s::int[], %(recency)s::int[],
              %(tenure)s::int[], %(referrals)s::int[]) AS v
"""


# Customers assessed per batch by _recompute (memory is flat in the number of
# customers: one batch of rows at a time).
RECOMPUTE_BATCH = 5000
# Columns of the metrics table, in the order METRICS_QUERY selects them.
METRICS_COLUMNS = (
    "cp, revenue, orders, recency, tenure, referrals, n_revenue, n_orders, n_recency, "
    "n_tenure, n_referrals, r, f, m, loyalty_tier_id, loyalty_below_since, "
    "loyalty_tier_date, loyalty_override_tier_id, loyalty_override_until, fallback, has_hist, "
    "refunds, discounts, delivery, late, cost, hours, known, active"
)
# Largest window or grace period in days, and largest numbers the program's
# columns (int4, float8) take.
MAX_DAYS = 36500
MAX_NUMBER = {"integer": 2 ** 31 - 1, "float": 1e15, "monetary": 1e15}
# Longest texts accepted (an HTML text may hold pictures).
MAX_TEXT = {"char": 10000, "text": 1000000, "html": 1000000}

def check_value_types(self, vals):
    """Numbers and texts of ``vals`` the database can store, checked
    before it is asked: a translated ValidationError, not a database
    error, for a wrong type, an infinite or too large number or a NUL."""
    for name, value in vals.items():
        field = self._fields.get(name)
        numeric = field and field.type in ("integer", "float", "monetary", "boolean")
        missing = value is None or value == "" or (value is False and not numeric)
        if field and field.required and missing:
            raise ValidationError(
                _("%(field)s is required.") % {"field": field.string}
            )
        if not field or value in (False, None):
            continue
        error = None
        if field.type in ("integer", "float", "monetary"):
            number_types = (int,) if field.type == "integer" else (int, float)
            if isinstance(value, bool) or not isinstance(value, number_types) or not math.isfinite(value) or abs(value) > MAX_NUMBER[field.type]:
                error = True
        elif field.type in ("char", "text", "html"):
            error = (not isinstance(value, str) or "\x00" in value
                     or len(value) > MAX_TEXT[field.type])
        elif field.type == "selection":
            keys = [key for key, _label in field._description_selection(self.env)]
            error = not isinstance(value, str) or value not in keys
        elif field.type == "many2one":
            error = isinstance(value, bool) or not isinstance(value, int) or not (
                self.env[field.comodel_name].browse(value).exists()
            )
        elif field.type == "boolean":
            error = not isinstance(value, (bool, int))
        if error:
            raise ValidationError(
                _("%(field)s: %(value)s is not a valid value.")
                % {"field": field.string, "value": repr(value)[:50]}
            )


# Customer value (issue 14): inputs of the models (rules/clv.py), their
# figures on the memberships, the model check.
#: Days per model time unit (weeks, as in the papers).
UNIT_DAYS = 7.0
#: Customers written per UPDATE statement.
CLV_BATCH = 5000
#: Longest holdout period of the model check, in days (26 weeks).
HOLDOUT_DAYS = 182

PURCHASES_CTE = churn.PURCHASES_CTE

# Per customer (commercial entity) of the company: repeat purchase days x,
# recency t_x and age T in days, net revenue of the whole history, the
# window's net revenue and profit (the membership, written by the recompute
# just before). Mean order value = net revenue / purchase days.
CLV_INPUT_QUERY = "WITH " + PURCHASES_CTE + """, life AS (
    SELECT cp, count(*) - 1 AS x, max(d) - min(d) AS t_x, %(today)s::date - min(d) AS age,
           count(*) AS days
      FROM purchases GROUP BY cp
), revenue AS (
    SELECT p.commercial_partner_id AS cp, sum({amount})::float AS amount
      FROM account_invoice i
      JOIN res_partner p ON p.id = i.partner_id
     WHERE i.company_id = %(company)s
       AND {is_revenue}
       AND i.date_invoice <= %(today)s
     GROUP BY 1
)
SELECT l.cp, l.x, l.t_x, l.age, coalesce(r.amount, 0) / l.days,
       coalesce(m.revenue, 0), coalesce(m.profit, 0)
  FROM life l
  LEFT JOIN revenue r ON r.cp = l.cp
  LEFT JOIN crm_loyalty_membership m ON m.partner_id = l.cp AND m.program_id = %(program)s
 ORDER BY l.cp
""".format(
    amount=definitions.sql_net_revenue_amount("i.amount_untaxed_signed"),
    is_revenue=definitions.sql_is_revenue_invoice("i.type", "i.state"),
)

# The model check's input: one row per customer and purchase day (days since
# the company's first purchase).
CLV_CHECK_QUERY = "WITH " + PURCHASES_CTE + """
SELECT dense_rank() OVER (ORDER BY cp) - 1, d - min(d) OVER () FROM purchases
"""

CLV_MEMBERSHIP_INSERT = """
INSERT INTO crm_loyalty_membership
    (create_uid, create_date, write_uid, write_date, partner_id, program_id, company_id)
SELECT %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC',
       v.cp, %(program)s, %(company)s
  FROM unnest(%(cp)s::int[]) AS v(cp)
    ON CONFLICT (partner_id, program_id) DO NOTHING
"""

CLV_COLUMNS = ("clv_p_alive", "clv_expected_90", "clv_expected_365", "clv_order_value",
               "clv_value", "clv_value_at_risk", "clv_risk_since")

CLV_UPDATE = """
UPDATE crm_loyalty_membership m
   SET clv_known = true,
       clv_p_alive = v.p_alive, clv_expected_90 = v.e90, clv_expected_365 = v.e365,
       clv_order_value = v.aov, clv_value = v.value, clv_value_at_risk = v.risk,
       clv_risk_since = v.since,
       write_date = now() AT TIME ZONE 'UTC'
  FROM unnest(%(cp)s::int[], %(p_alive)s::float[], %(e90)s::float[], %(e365)s::float[],
              %(aov)s::float[], %(value)s::float[], %(risk)s::float[], %(since)s::date[])
    AS v(cp, p_alive, e90, e365, aov, value, risk, since)
 WHERE m.partner_id = v.cp AND m.program_id = %(program)s
   AND (m.clv_known, m.clv_p_alive, m.clv_expected_90, m.clv_expected_365,
        m.clv_order_value, m.clv_value, m.clv_value_at_risk, m.clv_risk_since)
       IS DISTINCT FROM (true, v.p_alive, v.e90, v.e365, v.aov, v.value, v.risk, v.since)
"""

# Memberships that have no (more) figures: no model, or no purchase left.
CLV_CLEAR = """
UPDATE crm_loyalty_membership m
   SET clv_known = false, clv_p_alive = NULL, clv_expected_90 = NULL,
       clv_expected_365 = NULL, clv_order_value = NULL, clv_value = NULL,
       clv_value_at_risk = NULL, clv_risk_since = NULL,
       write_date = now() AT TIME ZONE 'UTC'
 WHERE m.program_id = %(program)s
   AND (m.clv_known OR m.clv_p_alive IS NOT NULL)
   AND m.partner_id <> ALL(%(keep)s::int[])
"""

STATUSES = [
    ("fitted", "Fitted"),
    ("not_enough_data", "Not enough repeat customers"),
    ("short_history", "History too short"),
    ("failed", "Could not be fitted"),
]


def _round(values, digits=6):
    """A float array as a list of rounded Python floats (one C loop)."""
    return np.round(np.asarray(values, dtype=float), digits).tolist()


class CrmLoyaltyProgram(models.Model):
    _name = "crm.loyalty.program"
    _description = "Loyalty Program"
    _order = "company_id, name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
    )
    window_days = fields.Integer(
        string="Rolling window (days)",
        default=365,
        required=True,
        help="Purchases of the last N days count towards the score. Thresholds "
        "are cumulative over this window, never per single purchase.",
    )
    tier_ids = fields.One2many("crm.loyalty.tier", "program_id", string="Tiers", copy=True)
    weight_revenue = fields.Float(
        string="Weight: net revenue",
        default=40.0,
        help="Net invoiced revenue over the window (refunds subtracted, in "
        "company currency at the invoice date).",
    )
    weight_orders = fields.Float(
        string="Weight: orders",
        default=20.0,
        help="Number of confirmed sales orders over the window.",
    )
    weight_recency = fields.Float(
        string="Weight: recency",
        default=20.0,
        help="Days since the last purchase: fewer is better.",
    )
    weight_tenure = fields.Float(
        string="Weight: tenure", default=10.0, help="Days since the first purchase."
    )
    weight_referrals = fields.Float(
        string="Weight: referrals",
        default=10.0,
        help="Number of buying customers whose 'referred by' is this customer.",
    )
    grace_days = fields.Integer(
        string="Downgrade grace period (days)",
        default=30,
        required=True,
        help="A customer whose score falls below their tier keeps it for this "
        "many days before being moved down.",
    )
    max_downgrade_steps = fields.Integer(
        string="Maximum tiers down per assessment",
        default=1,
        required=True,
    )
    last_recompute = fields.Datetime(readonly=True, copy=False)
    service_hourly_cost = fields.Float(
        string="Cost to serve per hour",
        default=0.0,
        help="Cost of one hour of service, in company currency: profit per customer "
        "subtracts the customer's service hours over the window (timesheets on "
        "their tickets, else the working hours to solve the tickets solved in the "
        "window) times this cost.",
    )
    capital_cost_rate = fields.Float(
        string="Annual cost of capital (%)",
        default=8.0,
        help="Yearly cost of money owed by customers: a late payment costs amount x "
        "days late x this rate / 365.",
    )
    matrix_rule = fields.Selection(
        [("median", "Company median of active customers"), ("fixed", "Fixed thresholds")],
        string="Value x loyalty split",
        default="median",
        required=True,
        help="Where the value and loyalty axes split into high and low: at the "
        "median of the company's active customers, or at the thresholds below. "
        "A customer at or above the split is high.",
    )
    matrix_value_threshold = fields.Float(
        string="High value from",
        help="Gross margin (or revenue when no product cost is known) from which a "
        "customer is high value, with fixed thresholds.",
    )
    matrix_score_threshold = fields.Float(
        string="High loyalty from (score)",
        default=50.0,
        help="Loyalty score from which a customer is highly loyal, with fixed thresholds.",
    )

    def _weights(self):
        self.ensure_one()
        return {name: self["weight_%s" % name] for name in scoring.METRICS}

    @api.constrains(
        "weight_revenue", "weight_orders", "weight_recency", "weight_tenure", "weight_referrals"
    )
    def _check_weights(self):
        for program in self:
            for error in scoring.weight_errors(program._weights()):
                if error[0] == "negative":
                    raise ValidationError(
                        _("The weight of %(metric)s cannot be negative.")
                        % {"metric": program._fields["weight_%s" % error[1]].string}
                    )
                raise ValidationError(
                    _(
                        "The weights of program %(program)s sum to zero: give at "
                        "least one metric a positive weight."
                    )
                    % {"program": program.name}
                )

    @api.constrains("grace_days", "max_downgrade_steps")
    def _check_downgrade_rules(self):
        for program in self:
            if program.grace_days < 0:
                raise ValidationError(_("The downgrade grace period cannot be negative."))
            if program.max_downgrade_steps < 1:
                raise ValidationError(
                    _("A downgrade moves a customer down by at least one tier per assessment.")
                )

    @api.constrains("window_days")
    def _check_window_days(self):
        if any(program.window_days <= 0 for program in self):
            raise ValidationError(_("The rolling window must be at least one day."))
        if any(program.window_days > MAX_DAYS for program in self):
            raise ValidationError(
                _("The rolling window cannot exceed %(days)d days.") % {"days": MAX_DAYS}
            )

    @api.constrains("grace_days")
    def _check_grace_days_size(self):
        if any(program.grace_days > MAX_DAYS for program in self):
            raise ValidationError(
                _("The downgrade grace period cannot exceed %(days)d days.") % {"days": MAX_DAYS}
            )

    @api.model
    def _check_value_types(self, vals):
        check_value_types(self, vals)

    @api.model
    def create(self, vals):
        self._check_value_types(vals)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self._check_value_types(vals)
        return super().write(vals)

    @api.constrains("active", "company_id")
    def _check_one_active_per_company(self):
        for program in self.filtered("active"):
            others = self.search_count(
                [
                    ("active", "=", True),
                    ("company_id", "=", program.company_id.id),
                    ("id", "!=", program.id),
                ]
            )
            if others:
                raise ValidationError(
                    _("Only one loyalty program can be active in %(company)s.")
                    % {"company": program.company_id.name}
                )

    @api.constrains("tier_ids")
    def _check_tiers(self):
        messages = {
            "no_tier": _("A loyalty program needs at least one tier."),
            "negative": _("The minimum score of tier %(tier)s cannot be negative."),
            "not_increasing": _(
                "Tier %(tier)s must need a higher score than tier %(below)s: "
                "thresholds are in increasing order and never overlap."
            ),
        }
        for program in self:
            tiers = program.tier_ids.sorted(lambda t: (t.sequence, t.id))
            errors = threshold_errors([(t.name, t.min_score) for t in tiers])
            if errors:
                error = errors[0]
                if error == "no_tier":
                    raise ValidationError(messages["no_tier"])
                values = {"tier": error[1], "below": error[2] if len(error) > 2 else ""}
                raise ValidationError(messages[error[0]] % values)

    @api.constrains("service_hourly_cost", "capital_cost_rate")
    def _check_service_hourly_cost(self):
        if any(program.service_hourly_cost < 0 for program in self):
            raise ValidationError(_("The cost to serve per hour cannot be negative."))
        if any(not 0 <= program.capital_cost_rate <= 100 for program in self):
            raise ValidationError(_("The annual cost of capital is a percentage from 0 to 100."))

    @api.model
    def _delivery_known(self):
        """Whether the ERP knows delivery lines: the delivery module's carriers."""
        return "delivery.carrier" in self.env

    @api.multi
    def _costs_query(self):
        """SQL of the ``costs`` step of METRICS_QUERY (see COSTS_QUERY)."""
        is_delivery = (
            "l.product_id IN (SELECT product_id FROM delivery_carrier "
            "WHERE product_id IS NOT NULL)" if self._delivery_known() else "false")
        return COSTS_QUERY.replace("__IS_DELIVERY__", is_delivery)

    @api.multi
    def _service_hours(self, date_from, date_to):
        """{customer: (hours, basis)} from the service hook (crm_service_kpi
        provides it; empty without it)."""
        self.ensure_one()
        return self.env["res.partner"].sudo()._crm_service_hours(
            self.company_id.id, date_from, date_to) or {}

    @api.multi
    def pareto_shares(self, top_pct):
        """Shares (in %) of revenue and of gross margin that the top ``top_pct`` %
        of the company's customers (ranked by revenue) bring, from the last
        assessment. The margin share can exceed 100. A share is False when it
        is unknown (no assessed customer, or a total of 0)."""
        self.ensure_one()
        if (
            isinstance(top_pct, bool)
            or not isinstance(top_pct, (int, float))
            or not 0 < top_pct <= 100  # also false for NaN
        ):
            raise ValidationError(_("The top share of customers is a percentage from 0 to 100."))
        # Raw SQL below: the real user must be allowed to read this program,
        # i.e. it is one of their current company (record rule).
        self.check_access_rights("read")
        self.check_access_rule("read")
        self.env.cr.execute(
            value_matrix.PARETO_SHARES_QUERY, {"top": float(top_pct), "company": self.company_id.id}
        )
        revenue_share, margin_share = self.env.cr.fetchone()
        # Missing (no assessed customer, or a total of 0) is False, not None:
        # Odoo 11's XML-RPC refuses None; JSON-RPC gives the same answer.
        return {
            "revenue_share": revenue_share if revenue_share is not None else False,
            "margin_share": margin_share if margin_share is not None else False,
        }

    @api.model
    def _cron_recompute(self):
        for program in self.search([]):
            program._recompute()

    @api.multi
    def action_recompute(self):
        # The recompute writes every customer of the company with SQL: only
        # for users who may change the program (loyalty managers, own company).
        self.check_access_rights("write")
        self.check_access_rule("write")
        for program in self:
            program._recompute()
        # Notify at once so that the chatter shows the changes. One batch
        # only: notes are posted one by one through the ORM, so a large first
        # assessment is left to the scheduled job (hourly), which commits
        # batch by batch, rather than holding the manager's request.
        self.env["crm.loyalty.tier.history"]._notify_pending(programs=self, limit=BATCH_SIZE)
        return True

    @api.model
    def _matrix_value(self, row, cost_known):
        """The value axis of one metrics row: gross margin, or revenue when no
        product cost is known in the company."""
        revenue, cost = float(row[1]), float(row[-4])  # cost of goods
        return revenue - cost if cost_known else revenue

    @api.multi
    def _assess_value_matrix(self, rows, update, cost_known=None, splits=None,
                             service_hours=None):
        """Add cost to serve, profit, margin and value x loyalty quadrant to
        ``update``.

        ``rows`` are the metrics rows (METRICS_COLUMNS: the cost columns, then
        cost, hours, known cost, active last) aligned with the scores already
        in ``update``. ``service_hours`` is the service hook's answer
        ({customer: (hours, basis)}); empty: service time unknown. ``cost_known``
        and ``splits`` (value split, score split) are computed from ``rows``
        when not given; _recompute gives them when it works batch by batch.
        """
        self.ensure_one()
        if cost_known is None:
            cost_known = any(row[-2] for row in rows)
        service_hours = service_hours or {}
        # a customer without tickets had no service time, on the same basis
        # as the others (timesheets when any customer has them)
        bases = {basis for _hours, basis in service_hours.values() if basis}
        default_basis = "timesheet" if "timesheet" in bases else (
            "estimate" if bases else False)
        values = []
        hourly_cost = self.service_hourly_cost
        daily_rate = (self.capital_cost_rate or 0.0) / 100.0 / 365.0
        for row, revenue, score in zip(rows, update["revenue"], update["score"]):
            (fallback, has_hist, refunds, discounts, delivery, late, cost, _hours,
             _known, _active) = row[-10:]
            cost, revenue = float(cost), float(revenue)
            if service_hours:
                hours, basis = service_hours.get(row[0], (0.0, default_basis))
                hours = float(hours or 0.0)
                service_cost = hours * hourly_cost
            else:
                hours = basis = service_cost = None
            delay_cost = float(late or 0.0) * daily_rate
            components = value_matrix.cost_to_serve(service_cost, delay_cost, delivery)
            margin = revenue - cost
            for key, value in (
                ("cost", cost), ("margin", margin), ("hours", hours),
                ("profit", revenue - cost - components),
                ("service_basis", basis or None), ("service_cost", service_cost),
                ("refunds", float(refunds or 0.0)), ("discounts", float(discounts or 0.0)),
                ("delay_cost", delay_cost),
                ("delivery", None if delivery is None else float(delivery)),
                ("cost_to_serve", components),
                ("cost_basis", value_matrix.cost_basis(has_hist, fallback)),
            ):
                update[key].append(value)
            values.append(margin if cost_known else revenue)
        if splits is not None:
            value_split, score_split = splits
        elif self.matrix_rule == "fixed":
            value_split, score_split = self.matrix_value_threshold, self.matrix_score_threshold
        else:
            active = [i for i, row in enumerate(rows) if row[-1]]
            value_split = value_matrix.median([values[i] for i in active])
            score_split = value_matrix.median([update["score"][i] for i in active])
        for value, score in zip(values, update["score"]):
            value_high = value_matrix.is_high(value, value_split)
            loyalty_high = value_matrix.is_high(score, score_split)
            update["value_level"].append("high" if value_high else "low")
            update["loyalty_level"].append("high" if loyalty_high else "low")
            update["quadrant"].append(value_matrix.quadrant(value_high, loyalty_high))

    @api.multi
    def _score_row(self, row, weights):
        """Loyalty score of one metrics row (scoring.weighted_score)."""
        return scoring.weighted_score(
            {"revenue": row[6], "orders": row[7], "recency": row[8], "tenure": row[9],
             "referrals": row[10]},
            weights,
        )

    @api.multi
    def _metrics_batches(self, columns="*"):
        """Rows of the metrics table (created by _recompute), by batches of
        RECOMPUTE_BATCH customers in customer order: memory stays flat in the
        number of customers."""
        cr = self.env.cr
        last = 0
        while True:
            cr.execute(
                "SELECT %s FROM crm_loyalty_metrics_tmp WHERE cp > %%s ORDER BY cp LIMIT %%s"
                % columns, (last, RECOMPUTE_BATCH))
            rows = cr.fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield rows

    @api.multi
    def _matrix_splits(self, weights, cost_known):
        """(value split, score split) of the value x loyalty matrix: the fixed
        thresholds, or the medians over the active customers (value_matrix.median
        of their values and scores, read from a temporary table sorted in SQL)."""
        self.ensure_one()
        if self.matrix_rule == "fixed":
            return self.matrix_value_threshold, self.matrix_score_threshold
        cr = self.env.cr
        cr.execute("DROP TABLE IF EXISTS crm_loyalty_matrix_tmp")
        cr.execute("CREATE TEMP TABLE crm_loyalty_matrix_tmp (value float8, score float8) "
                   "ON COMMIT DROP")
        for rows in self._metrics_batches():
            active = [row for row in rows if row[-1]]
            if active:
                cr.execute(
                    "INSERT INTO crm_loyalty_matrix_tmp SELECT * FROM unnest(%s::float8[], "
                    "%s::float8[])",
                    ([self._matrix_value(row, cost_known) for row in active],
                     [self._score_row(row, weights) for row in active]))
        splits = []
        for column in ("value", "score"):
            cr.execute("SELECT count(*) FROM crm_loyalty_matrix_tmp")
            count = cr.fetchone()[0]
            # the middle value(s) only; value_matrix.median does the rest
            cr.execute(
                f"SELECT {column} FROM crm_loyalty_matrix_tmp ORDER BY {column} OFFSET %s LIMIT 2"
                , (max(count - 1, 0) // 2,))
            middle = [r[0] for r in cr.fetchall()]
            splits.append(value_matrix.median(middle if count % 2 == 0 else middle[:1]))
        cr.execute("DROP TABLE crm_loyalty_matrix_tmp")
        return tuple(splits)

    @api.multi
    def _recompute(self, today=None, service_hours=None):
        """Assess every customer of the program's company in one transaction:
        tiers, scores and value (:meth:`_recompute_tiers`), the customer
        value model (:meth:`_assess_clv`), then the churn risk
        (:meth:`_assess_churn`)."""
        self.ensure_one()
        if isinstance(today, datetime.date):
            # Odoo 11 dates are strings; accept a date object as well.
            today = fields.Date.to_string(today)
        self._recompute_tiers(today=today, service_hours=service_hours)
        # the churn assessment reads P(alive) and value at risk: fit first
        self._assess_clv(today=today)
        self._assess_churn(today=today)
        return True

    @api.multi
    def _recompute_tiers(self, today=None, service_hours=None):
        """Assess the tiers, scores and value of every customer of the company.

        One query computes metrics, normalised metrics, RFM quintiles and the
        current loyalty state of all customers into a temporary table; Python
        then reads it by batches of RECOMPUTE_BATCH customers, applies the
        plain scoring and tier rules, and writes each batch with one UPDATE
        (of the partners whose state changes only) and one INSERT of the tier
        changes. The medians of the value x loyalty
        matrix are taken in SQL beforehand. Memory stays flat in the number of
        customers.
        """
        self.ensure_one()
        today = fields.Date.from_string(today or fields.Date.context_today(self))
        tiers = self.tier_ids.sorted(lambda t: (t.sequence, t.id))
        if not tiers:
            raise ValidationError(_("A loyalty program needs at least one tier."))
        cr = self.env.cr
        # Serialise recomputations of the same program.
        cr.execute("SELECT id FROM crm_loyalty_program WHERE id = %s FOR UPDATE", (self.id,))
        self.recompute()  # pending stored computations (invoice amounts) reach the DB
        thresholds = [(t.name, t.min_score) for t in tiers]
        index_of = {t.id: i for i, t in enumerate(tiers)}
        weights = self._weights()
        start = today - datetime.timedelta(days=self.window_days - 1)
        cr.execute("DROP TABLE IF EXISTS crm_loyalty_metrics_tmp")
        cr.execute(
            "CREATE TEMP TABLE crm_loyalty_metrics_tmp ON COMMIT DROP AS "
            + METRICS_QUERY.replace("__COSTS__", self._costs_query()),
            {"company": self.company_id.id, "today": today, "start": start,
             "tiers": tuple(tiers.ids), "program": self.id,
             "delivery_known": self._delivery_known()},
        )
        cr.execute("CREATE UNIQUE INDEX ON crm_loyalty_metrics_tmp (cp)")
        cr.execute("ANALYZE crm_loyalty_metrics_tmp")
        cr.execute("SELECT count(*), coalesce(bool_or(known), false) FROM crm_loyalty_metrics_tmp")
        assessed, cost_known = cr.fetchone()
        splits = self._matrix_splits(weights, cost_known)
        if service_hours is None:
            service_hours = self._service_hours(start, today)
        grace_days, max_steps = self.grace_days, self.max_downgrade_steps
        tier_ids = tiers.ids
        # Odoo's cursor returns dates as strings; the same few dates recur.
        to_date = functools.lru_cache(maxsize=4096)(fields.Date.from_string)
        changes = 0
        for rows in self._metrics_batches(METRICS_COLUMNS):
            update = {key: [] for key in (
                "cp", "score", "revenue", "orders", "recency", "tenure", "referrals", "r",
                "f", "m", "segment", "tier", "tier_date", "below_since", "clear_override",
                "cost", "margin", "hours", "profit", "value_level", "loyalty_level",
                "quadrant", "service_basis", "service_cost", "refunds", "discounts",
                "delay_cost", "delivery", "cost_to_serve", "cost_basis")}
            history = {key: [] for key in (
                "cp", "from_tier", "to_tier", "date", "reason", "score", "revenue",
                "orders", "recency", "tenure", "referrals")}
            for row in rows:
                (cp, revenue, orders, recency, tenure, referrals, n_rev, n_ord, n_rec,
                 n_ten, n_ref, r, f, m, tier_id, below_since, tier_date, override_id,
                 override_until) = row[:19]
                score = self._score_row(row, weights)
                below_since = to_date(below_since)
                tier_date = to_date(tier_date)
                override_until = to_date(override_until)
                computed = tier_for_score(thresholds, score)
                current = index_of.get(tier_id, NO_TIER)
                new, below_since, reason, clear_override = assess_tier(
                    current,
                    NO_TIER if computed is None else computed,
                    below_since,
                    tier_date,
                    today,
                    grace_days,
                    max_steps,
                    index_of.get(override_id),
                    override_until,
                )
                new_tier_id = tier_ids[new] if new != NO_TIER else None
                if reason:
                    tier_date = today
                    for key, value in (
                        ("cp", cp), ("from_tier", tier_id), ("to_tier", new_tier_id),
                        ("date", today), ("reason", reason), ("score", score),
                        ("revenue", revenue), ("orders", orders), ("recency", recency),
                        ("tenure", tenure), ("referrals", referrals),
                    ):
                        history[key].append(value)
                for key, value in (
                    ("cp", cp), ("score", score), ("revenue", revenue), ("orders", orders),
                    ("recency", recency), ("tenure", tenure), ("referrals", referrals),
                    ("r", r), ("f", f), ("m", m), ("segment", scoring.rfm_segment(r, f)),
                    ("tier", new_tier_id), ("tier_date", tier_date),
                    ("below_since", below_since), ("clear_override", clear_override),
                ):
                    update[key].append(value)
            self._assess_value_matrix(rows, update, cost_known=cost_known, splits=splits,
                                      service_hours=service_hours)
            cr.execute(MEMBERSHIP_INSERT_QUERY, {
                "uid": self.env.uid, "program": self.id, "company": self.company_id.id,
                "cp": update["cp"]})
            cr.execute(UPDATE_QUERY, dict(update, today=today, program=self.id))
            if history["cp"]:
                changes += len(history["cp"])
                cr.execute(
                    HISTORY_QUERY,
                    dict(history, uid=self.env.uid, program=self.id,
                         company=self.company_id.id),
                )
        cr.execute("DROP TABLE crm_loyalty_metrics_tmp")
        self.write({"last_recompute": fields.Datetime.now()})
        self.env["res.partner"].invalidate_cache()
        self.env["crm.loyalty.membership"].invalidate_cache()
        self.env["crm.loyalty.tier.history"].invalidate_cache()
        _logger.info(
            "Loyalty program %s: %d customers assessed, %d tier changes",
            self.id, assessed, changes,
        )
        return True

    churn_factor = fields.Float(
        string="Churn factor (k)",
        default=2.0,
        required=True,
        help="A customer is at risk when the days since their last purchase exceed k "
        "times their own typical interval between purchases. Must be above 1.",
    )
    churn_min_purchases = fields.Integer(
        string="Purchases for a typical interval",
        default=3,
        required=True,
        help="Distinct purchase days a customer needs before their typical interval "
        "(the median gap between purchases) is known; at least 2.",
    )
    churn_min_gap_days = fields.Integer(
        string="Minimum days without purchase",
        default=120,
        required=True,
        help="A customer is never at risk before this many days without a purchase, "
        "however short their typical interval: a weekly buyer who skips three weeks "
        "is not churning.",
    )
    churn_few_purchases_days = fields.Integer(
        string="Days without purchase (few purchases)",
        default=365,
        required=True,
        help="Customers with too few purchases for a typical interval are at risk "
        "after this many days without a purchase; 0: never flagged.",
    )
    churn_user_id = fields.Many2one(
        "res.users",
        string="At-risk activities for customers without salesperson",
        help="Receives the churn-risk activity of customers who have no salesperson. "
        "Empty: the user running the assessment (the scheduled job's user) gets it.",
    )

    @api.constrains("churn_factor", "churn_min_purchases", "churn_min_gap_days",
                    "churn_few_purchases_days")
    def _check_churn(self):
        for program in self:
            if churn.factor_error(program.churn_factor):
                raise ValidationError(
                    _("The churn factor must be greater than 1: a customer is at risk "
                      "when their gap exceeds k times their typical interval.")
                )
            if program.churn_min_gap_days < 0 or program.churn_few_purchases_days < 0:
                raise ValidationError(_("Churn day thresholds cannot be negative."))
            if program.churn_min_purchases < 2:
                raise ValidationError(
                    _("A typical interval needs at least 2 purchases.")
                )

    @api.multi
    def _assess_churn(self, today=None):
        """Flag the customers at risk of churning and schedule their activity."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        activity_type = self.env.ref("crm_loyalty.mail_activity_type_churn_risk")
        cr = self.env.cr
        use_clv = self._clv_use_model()
        if use_clv:
            summary = _("Valuable customer slipping away")
            note = _(
                "<p>The probability that this customer still buys from us has fallen "
                "below the program's threshold, and their predicted value is at stake: "
                "see P(alive), the predicted CLV and the value at risk on the Loyalty "
                "tab, and get in touch.</p>"
            )
        else:
            summary = _("Customer at risk of churning")
            note = _(
                "<p>This customer has gone much longer than usual without buying: "
                "see the typical interval and the days since the last purchase "
                "on the Loyalty tab, and get in touch.</p>"
            )
        params = {
            "company": self.company_id.id,
            "program": self.id,
            "uid": self.env.uid,
            "today": today,
            "min_purchases": self.churn_min_purchases,
            "factor": self.churn_factor,
            "min_gap": self.churn_min_gap_days,
            "few_days": self.churn_few_purchases_days,
            # no purchase in the window: lost (RFM segments), not at risk
            "lost_after": self.window_days,
            "horizon": churn.ACTIVITY_HORIZON_DAYS,
            "type": activity_type.id,
            "fallback": (self.churn_user_id or self.env.user).id,
            "use_clv": use_clv,
            "alive": self.clv_alive_threshold,
        }
        cr.execute(churn.CHURN_MEMBERSHIP_QUERY, params)
        cr.execute(churn.CHURN_QUERY, params)
        rows = cr.fetchall()
        self.env["crm.loyalty.membership"].invalidate_cache()
        self.env["res.partner"].invalidate_cache(CHURN_FIELDS + ["loyalty_company_id"])
        model_id = self.env["ir.model"]._get("res.partner").id
        values = [
            {
                "res_model_id": model_id,
                "res_id": partner_id,
                "activity_type_id": activity_type.id,
                "summary": summary,
                "note": note,
                "date_deadline": today,
                "user_id": user_id,
            }
            for partner_id, user_id, needed in rows
            if needed
        ]
        # Superuser: the assessment (run by the scheduled job or a loyalty
        # manager, see action_recompute) schedules these to-dos for the
        # customers' salespeople; a manager need not be allowed to edit every
        # contact. One create per activity (Odoo 11's create takes one dict):
        # only the customers newly at risk, a few per run.
        Activity = self.env["mail.activity"].sudo().with_context(
            mail_create_nosubscribe=True, tracking_disable=True
        )
        for vals in values:
            Activity.create(vals)
        # Odoo 11 links an activity to its record by an integer res_id: the
        # partners' cached activity lists are not updated, so their stored
        # "next activity" fields are recomputed here, once for the batch.
        partners = self.env["res.partner"].browse([vals["res_id"] for vals in values])
        partners.invalidate_cache(["activity_ids"])
        partners.modified(["activity_ids"])
        partners.recompute()
        _logger.info(
            "Loyalty program %s: %d customers newly at risk, %d activities",
            self.id, len(rows), len(values),
        )
        return True

    threshold_explanation = fields.Char(
        compute="_compute_threshold_explanation",
        string="How thresholds work",
        help="Thresholds are cumulative over the rolling window, never per single purchase.",
    )

    @api.depends("window_days")
    def _compute_threshold_explanation(self):
        for program in self:
            program.threshold_explanation = program._threshold_text()

    @api.multi
    def _threshold_text(self):
        self.ensure_one()
        return _(
            "Tier thresholds are cumulative over the rolling window of %(days)s days: the "
            "score counts everything bought in the last %(days)s days, never a single "
            "purchase."
        ) % {"days": self.window_days}

    @api.model
    def _active_for_company(self, company):
        return self.search([("company_id", "=", company.id)], limit=1)

    notify_email = fields.Boolean(
        string="Email customers on tier change",
        help="Email the customer, in their language, when they move from one tier to "
        "another. First assignments (from no tier, e.g. the initial assessment of a new "
        "program), losing every tier and changes older than a week are only noted on "
        "the customer's chatter.",
    )
    notify_template_id = fields.Many2one(
        "mail.template",
        string="Tier change email",
        domain=[("model", "=", "crm.loyalty.tier.history")],
        default=lambda self: self.env.ref(
            "crm_loyalty.mail_template_tier_change", raise_if_not_found=False
        ),
        help="Template sent to the customer when 'Email customers on tier change' is on.",
    )

    # Customer value (issue 14) ---------------------------------------------

    clv_horizon_days = fields.Integer(
        string="CLV horizon (days)", default=365, required=True,
        help="Predicted customer lifetime value counts the expected margin of the "
        "purchases over this many days.",
    )
    clv_discount_rate = fields.Float(
        string="CLV annual discount rate (%)", default=10.0, required=True,
        help="Future margin is discounted at this yearly rate, month by month.",
    )
    clv_min_repeat_customers = fields.Integer(
        string="Repeat customers needed", default=200, required=True,
        help="The customer value model is fitted only when at least this many customers "
        "bought on two different days or more; otherwise the churn rule applies.",
    )
    clv_min_history_days = fields.Integer(
        string="History needed (days)", default=365, required=True,
        help="The customer value model needs purchases over at least this many days.",
    )
    clv_alive_threshold = fields.Float(
        string="Slipping away below P(alive)", default=0.5, required=True,
        help="With the customer value model, a customer is slipping away when the "
        "probability that they are still a customer falls below this value.",
    )
    clv_status = fields.Selection(
        STATUSES, string="Customer value model", readonly=True, copy=False,
    )
    clv_status_params = fields.Char(
        string="Model status figures", readonly=True, copy=False,
        help="The figures of the status message (JSON).")
    clv_message = fields.Text(string="Model status", compute="_compute_clv_message")
    clv_date = fields.Date(string="Model fitted on", readonly=True, copy=False)
    clv_customers = fields.Integer(string="Customers in the model", readonly=True, copy=False)
    clv_repeat_customers = fields.Integer(
        string="Customers with a repeat purchase", readonly=True, copy=False)
    clv_r = fields.Float(string="BG/NBD r", readonly=True, copy=False)
    clv_alpha = fields.Float(string="BG/NBD alpha", readonly=True, copy=False)
    clv_a = fields.Float(string="BG/NBD a", readonly=True, copy=False)
    clv_b = fields.Float(string="BG/NBD b", readonly=True, copy=False)
    clv_log_likelihood = fields.Float(
        string="BG/NBD log-likelihood", readonly=True, copy=False, digits=(16, 2))
    clv_p = fields.Float(string="Gamma-Gamma p", readonly=True, copy=False)
    clv_q = fields.Float(string="Gamma-Gamma q", readonly=True, copy=False)
    clv_gamma = fields.Float(
        string="Gamma-Gamma gamma", readonly=True, copy=False)
    clv_check = fields.Text(
        string="Model check", readonly=True, copy=False,
        help="Holdout check of the model on the company's own data (JSON).",
    )
    clv_check_mae = fields.Float(
        string="Mean absolute error per customer", readonly=True, copy=False, digits=(16, 3),
        help="Model check: mean over customers of |predicted - actual| repeat purchases "
        "in the holdout period.",
    )
    clv_check_error_pct = fields.Float(
        string="Total error (%)", readonly=True, copy=False, digits=(16, 1),
        help="Model check: (predicted - actual) / actual repeat purchases of all "
        "customers in the holdout period.",
    )

    @api.constrains("clv_horizon_days", "clv_discount_rate", "clv_min_repeat_customers",
                    "clv_min_history_days", "clv_alive_threshold")
    def _check_clv_settings(self):
        for program in self:
            if not 1 <= program.clv_horizon_days <= MAX_DAYS:
                raise ValidationError(
                    _("The CLV horizon is from 1 to %(days)d days.") % {"days": MAX_DAYS})
            if not 0 <= program.clv_discount_rate <= 100:
                raise ValidationError(
                    _("The CLV discount rate is a percentage from 0 to 100."))
            if program.clv_min_repeat_customers < 1:
                raise ValidationError(
                    _("The customer value model needs at least one repeat customer."))
            if not 0 <= program.clv_min_history_days <= MAX_DAYS:
                raise ValidationError(
                    _("The history needed is from 0 to %(days)d days.") % {"days": MAX_DAYS})
            if not 0 < program.clv_alive_threshold < 1:
                raise ValidationError(
                    _("The P(alive) threshold is a probability between 0 and 1."))

    @api.depends("clv_status", "clv_status_params")
    def _compute_clv_message(self):
        for program in self:
            params = {key: int(value) if isinstance(value, float) and value.is_integer()
                      else value
                      for key, value in json.loads(program.clv_status_params or "{}").items()}
            status = program.clv_status
            if status == "fitted":
                message = _(
                    "Fitted on %(customers)s customers, %(repeat)s of them with a repeat "
                    "purchase: P(alive), CLV and value at risk are up to date, and "
                    "customers slipping away are those with P(alive) below the threshold."
                ) % params
            elif status == "not_enough_data":
                message = _(
                    "Not enough data for the customer value model: %(repeat)s customers "
                    "with a repeat purchase, %(minimum)s needed. P(alive), CLV and value "
                    "at risk stay empty; customers at risk follow the churn rule (k x the "
                    "typical interval)."
                ) % params
            elif status == "short_history":
                message = _(
                    "Not enough history for the customer value model: %(history)s days of "
                    "purchases, %(minimum)s needed. P(alive), CLV and value at risk stay "
                    "empty; customers at risk follow the churn rule (k x the typical "
                    "interval)."
                ) % params
            elif status == "failed":
                message = _(
                    "The customer value model could not be fitted on this company's "
                    "purchases. P(alive), CLV and value at risk stay empty; customers at "
                    "risk follow the churn rule (k x the typical interval).")
            else:
                message = _("Not assessed yet: the model is fitted with the next recompute.")
            program.clv_message = message

    @api.multi
    def _clv_use_model(self):
        """Whether customers at risk follow the customer value model."""
        self.ensure_one()
        return self.clv_status == "fitted"

    @api.multi
    def _assess_clv(self, today=None):
        """Fit the customer value models on the company's purchases and write
        each customer's figures (see the module docstring)."""
        self.ensure_one()
        today = fields.Date.from_string(today or fields.Date.context_today(self))
        cr = self.env.cr
        params = {"company": self.company_id.id, "today": today, "program": self.id}
        cr.execute(CLV_INPUT_QUERY, params)
        rows = cr.fetchall()
        data = np.array(rows, dtype=float).reshape(-1, 7)
        cp = [row[0] for row in rows]
        x, age = data[:, 1], data[:, 3]
        values = {"clv_date": fields.Date.to_string(today), "clv_customers": len(cp),
                  "clv_repeat_customers": int(np.count_nonzero(x > 0))}
        try:
            clv.check_enough_data(x, age, self.clv_min_repeat_customers,
                                  self.clv_min_history_days)
            figures, fit, spend = self._clv_score(today, data)
        except clv.ClvError as error:
            status = error.code if error.code in ("not_enough_data", "short_history") \
                else "failed"
            values.update(self._clv_empty_values(), clv_status=status,
                          clv_status_params=json.dumps(error.params))
            cr.execute(CLV_CLEAR, {"program": self.id, "keep": []})
            self.write(values)
            self.env["crm.loyalty.membership"].invalidate_cache()
            _logger.info("Loyalty program %s: customer value model not fitted (%s)",
                         self.id, error)
            return False
        cr.execute(CLV_MEMBERSHIP_INSERT, dict(params, uid=self.env.uid, cp=cp))
        for start in range(0, len(cp), CLV_BATCH):
            batch = slice(start, start + CLV_BATCH)
            cr.execute(CLV_UPDATE, dict(
                {key: column[batch] for key, column in figures.items()},
                cp=cp[batch], program=self.id))
        cr.execute(CLV_CLEAR, {"program": self.id, "keep": cp})
        values.update(
            clv_status="fitted",
            clv_status_params=json.dumps({"customers": len(cp),
                                          "repeat": values["clv_repeat_customers"]}),
            clv_r=fit["r"], clv_alpha=fit["alpha"], clv_a=fit["a"], clv_b=fit["b"],
            clv_log_likelihood=fit["log_likelihood"],
            clv_p=spend["p"], clv_q=spend["q"], clv_gamma=spend["gamma"])
        values.update(self._clv_model_check(today))
        self.write(values)
        self.env["crm.loyalty.membership"].invalidate_cache()
        self.env["res.partner"].invalidate_cache()
        _logger.info("Loyalty program %s: customer value model fitted on %d customers",
                     self.id, len(cp))
        return True

    @api.model
    def _clv_empty_values(self):
        return {name: False for name in (
            "clv_r", "clv_alpha", "clv_a", "clv_b", "clv_log_likelihood", "clv_p", "clv_q",
            "clv_gamma", "clv_check", "clv_check_mae", "clv_check_error_pct")}

    @api.multi
    def _clv_score(self, today, data):
        """Fit both models on the input rows (CLV_INPUT_QUERY) and score every
        customer: ({column: list}, BG/NBD fit, Gamma-Gamma fit)."""
        self.ensure_one()
        x, t_x, T = data[:, 1], data[:, 2] / UNIT_DAYS, data[:, 3] / UNIT_DAYS
        zbar, revenue, profit = data[:, 4], data[:, 5], data[:, 6]
        fit = clv.bgnbd_fit(x, t_x, T)
        params = (fit["r"], fit["alpha"], fit["a"], fit["b"])
        spend = clv.gamma_gamma_fit(x, zbar)
        order_value = clv.expected_order_value((spend["p"], spend["q"], spend["gamma"]),
                                               x, zbar)
        margin = clv.margin_per_order(order_value, revenue, profit)
        p_alive = clv.p_alive(params, x, t_x, T)
        # the value if still a customer; the CLV is P(alive) x that (eq. 10)
        value_if_alive = clv.clv(params, x, t_x, T, margin, self.clv_horizon_days,
                                 self.clv_discount_rate / 100.0, UNIT_DAYS, if_alive=True)
        value = value_if_alive * p_alive
        risk_age = clv.slipping_age(params, x, t_x, self.clv_alive_threshold)
        # the day P(alive) fell below the threshold: first purchase + that age
        age = data[:, 3]
        risk_days = np.ceil(np.where(np.isfinite(risk_age), risk_age, 0.0) * UNIT_DAYS)
        slipping = (np.isfinite(risk_age) & (risk_age * UNIT_DAYS <= age)
                    & (p_alive < self.clv_alive_threshold))
        since = (np.datetime64(today, "D") - age.astype("timedelta64[D]")
                 + risk_days.astype("timedelta64[D]"))
        figures = {
            "p_alive": _round(p_alive),
            "e90": _round(clv.expected_purchases(params, x, t_x, T, 90 / UNIT_DAYS)),
            "e365": _round(clv.expected_purchases(params, x, t_x, T, 365 / UNIT_DAYS)),
            "aov": _round(order_value, 2),
            "value": _round(value, 2),
            "risk": _round(clv.value_at_risk(value_if_alive, p_alive), 2),
            # datetime.date where slipping, else None
            "since": np.where(slipping, since.astype(object), None).tolist(),
        }
        return figures, fit, spend

    @api.multi
    def _clv_model_check(self, today):
        """Holdout check on the company's purchases: calibrate on all but the
        last 26 weeks (or the last third of the history when shorter),
        predict those weeks. Program values (JSON and error figures)."""
        self.ensure_one()
        cr = self.env.cr
        cr.execute(CLV_CHECK_QUERY, {"company": self.company_id.id, "today": today})
        rows = np.array(cr.fetchall(), dtype=float).reshape(-1, 2)
        span = float(rows[:, 1].max()) + 1 if rows.size else 0.0
        holdout = min(HOLDOUT_DAYS, int(span // 3) // 7 * 7)
        try:
            if holdout < 7:
                raise clv.ClvError(clv.ERR_SHORT_HISTORY, "history too short")
            check = clv.holdout_check(rows[:, 0], rows[:, 1], span - holdout, span,
                                      period=UNIT_DAYS)
        except clv.ClvError as error:
            return {"clv_check": json.dumps({"error": error.code}),
                    "clv_check_mae": False, "clv_check_error_pct": False}
        start = today - datetime.timedelta(days=int(span) - 1)
        check["start"] = fields.Date.to_string(start)
        check["calibration_end_date"] = fields.Date.to_string(
            start + datetime.timedelta(days=int(span - holdout)))
        return {"clv_check": json.dumps(check),
                "clv_check_mae": check["mae"],
                "clv_check_error_pct": check["total_error_pct"]
                if check["total_error_pct"] is not None else False}

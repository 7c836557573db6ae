# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Value x loyalty matrix and profit per customer as plain functions: no Odoo import.

Profit of a customer over the program window (company currency)::

    profit = revenue - cost_of_goods - service_hours * hourly_cost

* ``revenue``: net untaxed invoiced revenue (refunds subtracted);
* ``cost_of_goods``: sum over invoice lines of quantity x the product's cost
  (``standard_price``) *as it is today*, not at the invoice date; refund lines
  are subtracted; lines without product or cost count 0;
* service hours come from helpdesk tickets when such a model with an hours
  field is installed, else 0.

Gross margin = revenue - cost_of_goods. The value axis of the matrix is the
gross margin when a cost is known for at least one invoiced line of the
company in the window, else the revenue. Each axis is split high/low at a
threshold: by default the median over the company's active customers; a value
at or above the threshold is "high".
"""

from .churn import median  # noqa: F401 - one median for the rules package

QUADRANTS = [
    ("reward_keep", "Reward and keep"),
    ("sell_more", "Sell more or ask for referrals"),
    ("win_loyalty", "Win loyalty by differentiation"),
    ("low_cost", "Serve at low cost"),
]


def is_high(value, threshold):
    """High when at or above the threshold; with no threshold nothing is high."""
    return threshold is not None and value >= threshold


def quadrant(value_high, loyalty_high):
    """Quadrant code of a customer from its two high/low levels."""
    if value_high:
        return "reward_keep" if loyalty_high else "win_loyalty"
    return "sell_more" if loyalty_high else "low_cost"


def profit(revenue, cost_of_goods, service_hours, hourly_cost):
    return revenue - cost_of_goods - service_hours * hourly_cost


def cost_to_serve(service_cost, payment_delay_cost, delivery_cost):
    """Cost to serve: the costs of a customer not already in net revenue or
    in cost of goods: service time, late payments and deliveries. A component
    the ERP does not know (None) counts as nothing. Credit notes and discounts
    are shown beside it but are already deducted from net revenue."""
    return sum(c for c in (service_cost, payment_delay_cost, delivery_cost) if c)


def pareto_shares(pairs, top_pct):
    """Shares (in %) of revenue and of gross margin brought by the top X% of customers.

    ``pairs`` are (revenue, margin) per customer. Customers are ranked by
    revenue, largest first; the top X% are the first floor(N * X / 100) of
    them, and both shares are of those same customers. A margin share can
    exceed 100 when other customers lose money. A share is None when its total
    is 0.
    """
    ordered = sorted(pairs, key=lambda pair: -pair[0])
    count = int(len(ordered) * top_pct // 100)
    result = {}
    for key, index in (("revenue_share", 0), ("margin_share", 1)):
        total = sum(pair[index] for pair in ordered)
        result[key] = (
            100.0 * sum(pair[index] for pair in ordered[:count]) / total if total else None
        )
    return result


# The same shares over the company's Pareto report (its revenue ranks), in
# one statement: what crm.loyalty.program.pareto_shares answers. Agrees with
# pareto_shares above (tests/test_loyalty_value.py).
PARETO_SHARES_QUERY = """
SELECT 100 * sum(revenue) FILTER (WHERE revenue_rank * 100 <= %(top)s * customer_count)
           / nullif(sum(revenue), 0),
       100 * sum(margin) FILTER (WHERE revenue_rank * 100 <= %(top)s * customer_count)
           / nullif(sum(margin), 0)
  FROM crm_loyalty_pareto_report
 WHERE company_id = %(company)s
"""


def cost_basis(has_history, has_fallback):
    """Which cost the cost of goods used: "history" (every line at the
    product's cost on the invoice date), "current" (no cost history: today's
    standard price), "mixed", or None without product lines."""
    if has_history and has_fallback:
        return "mixed"
    if has_history:
        return "history"
    if has_fallback:
        return "current"
    return None


# SQL of the loyalty screens (client actions crm_loyalty.value_matrix and
# crm_loyalty.pareto): __FROM__/__WHERE__ are the ORM's query of the rows the
# user may read.
# Quadrant sums over the memberships selected by the ORM's query
# (__FROM__/__WHERE__: domain and record rules). __CLV__ is the predicted CLV
# expression, or NULL while the customer value model is not installed.
MATRIX_QUERY = """
SELECT crm_loyalty_membership.quadrant, count(*),
       coalesce(sum(crm_loyalty_membership.revenue), 0),
       coalesce(sum(crm_loyalty_membership.margin), 0),
       coalesce(sum(crm_loyalty_membership.profit), 0),
       sum(__CLV__)
  FROM __FROM__
 WHERE __WHERE__
 GROUP BY crm_loyalty_membership.quadrant
"""

# The Pareto curve of one company in one statement (the report's view is
# evaluated once): at most one point per percentile, the last customer of each,
# with the cumulative shares of revenue and of profit of the customers ranked
# at or above it (ranks as in the report); and on every row the shares of the
# top X % (rank <= floor(N * X / 100), as in pareto_shares). Shares of profit
# only when the total profit is positive: a share of a loss says nothing. One
# row with NULL points when the company has no customer.
PARETO_QUERY = """
WITH rows AS (
    SELECT crm_loyalty_pareto_report.revenue_rank AS rank,
           crm_loyalty_pareto_report.customer_count AS n,
           crm_loyalty_pareto_report.percentile,
           crm_loyalty_pareto_report.cum_revenue_share AS revenue_share,
           crm_loyalty_pareto_report.revenue, crm_loyalty_pareto_report.profit,
           sum(crm_loyalty_pareto_report.profit) OVER (
               ORDER BY crm_loyalty_pareto_report.revenue_rank
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum_profit,
           sum(crm_loyalty_pareto_report.profit) OVER () AS total_profit
      FROM __FROM__
     WHERE __WHERE__
), top AS (
    SELECT 100 * sum(revenue) FILTER (WHERE rank <= floor(n * %(top)s / 100.0))
               / nullif(sum(revenue), 0) AS revenue_share,
           CASE WHEN sum(profit) > 0
                THEN 100 * sum(profit) FILTER (WHERE rank <= floor(n * %(top)s / 100.0))
                     / sum(profit) END AS profit_share
      FROM rows
), curve AS (
    SELECT DISTINCT ON (percentile)
           rank, n, revenue_share,
           CASE WHEN total_profit > 0 THEN 100 * cum_profit / total_profit END AS profit_share
      FROM rows
     ORDER BY percentile, rank DESC
)
SELECT curve.rank, curve.n, curve.revenue_share, curve.profit_share,
       top.revenue_share, top.profit_share
  FROM top LEFT JOIN curve ON true
 ORDER BY curve.rank
"""

MATRIX_ACTIONS = ("list", "activity", "mailing")

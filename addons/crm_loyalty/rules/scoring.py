# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Loyalty score and RFM segments as plain functions: no Odoo import.

Metrics of a customer (a commercial entity), over the program's rolling window
ending on the assessment day:

* ``revenue``   net invoiced revenue: untaxed customer invoices minus customer
  refunds, in company currency at the invoice date (Odoo's stored signed
  company-currency amounts);
* ``orders``    number of confirmed sales orders;
* ``recency``   days since the last purchase (invoice or confirmed order),
  fewer is better;
* ``tenure``    days since the first purchase (whole history, not the window);
* ``referrals`` number of customers (commercial entities with at least one
  purchase in the company) whose "referred by" is this customer.

Normalisation (done in SQL with ``cume_dist()``, :func:`sql_percentile_score`,
mirrored by :func:`percentile_scores` below): each metric becomes 0-100 as the cumulative
distribution over the company's active customers (those with a purchase in the
window), i.e. ``100 * (number of customers with a value <= mine) / N``; for
recency the order is reversed (fewer days is better). A customer with nothing
(revenue, orders, tenure or referrals <= 0) scores 0 on that metric. Percentile
ranks, not min-max, so that one very large customer does not flatten everyone
else (revenue is Pareto-distributed).

Score = sum(weight_i * normalised_i) / sum(weight_i), in 0-100. Tier
thresholds (default 0/25/50/75) therefore read as "better than about X% of the
active customers".
"""

METRICS = ("revenue", "orders", "recency", "tenure", "referrals")
# Metrics where a smaller value is better.
LOWER_IS_BETTER = ("recency",)

# RFM segment by (R, F) score, each 1-5 (5 = most recent / most frequent).
# Rows: F from 5 down to 1; columns: R from 1 to 5.
_SEGMENT_GRID = {
    5: ("cannot_lose", "cannot_lose", "loyal", "loyal", "champions"),
    4: ("at_risk", "at_risk", "loyal", "loyal", "champions"),
    3: ("at_risk", "at_risk", "potential", "potential", "potential"),
    2: ("lost", "hibernating", "hibernating", "potential", "potential"),
    1: ("lost", "hibernating", "hibernating", "new", "new"),
}
SEGMENTS = (
    "champions",
    "loyal",
    "potential",
    "new",
    "at_risk",
    "cannot_lose",
    "hibernating",
    "lost",
)


def weight_errors(weights):
    """Problems of a mapping metric -> weight: negative weights, zero sum."""
    errors = [("negative", name) for name, weight in weights.items() if weight < 0]
    if sum(weights.values()) <= 0:
        errors.append(("zero_sum",))
    return errors


def weighted_score(normalised, weights):
    """Combine normalised metrics (0-100) with weights into a 0-100 score."""
    total = sum(weights.get(name, 0.0) for name in METRICS)
    if total <= 0:
        raise ValueError("weights must sum to a positive number")
    score = sum(weights.get(name, 0.0) * (normalised.get(name) or 0.0) for name in METRICS)
    return round(score / total, 2)


def percentile_scores(values, lower_is_better=False, nothing_scores_zero=True):
    """Reference implementation of the SQL normalisation (``cume_dist``).

    ``values`` is a list of numbers; returns the list of 0-100 scores.
    """
    count = len(values)
    result = []
    for value in values:
        if lower_is_better:
            reached = sum(1 for other in values if other >= value)
        else:
            reached = sum(1 for other in values if other <= value)
        if nothing_scores_zero and not lower_is_better and value <= 0:
            result.append(0.0)
        else:
            result.append(100.0 * reached / count)
    return result


def sql_percentile_score(column, lower_is_better=False, nothing_scores_zero=True):
    """SQL of :func:`percentile_scores` for one metric ``column``: a window
    expression over the rows of the query (the active customers)."""
    if lower_is_better:
        return "100 * cume_dist() OVER (ORDER BY %s DESC)" % column
    expression = "100 * cume_dist() OVER (ORDER BY %s)" % column
    if nothing_scores_zero:
        return "CASE WHEN %s > 0 THEN %s ELSE 0 END" % (column, expression)
    return expression


def rfm_segment(recency_score, frequency_score):
    """Named segment from the R and F scores (1-5 each)."""
    if not recency_score or not frequency_score:
        return False
    return _SEGMENT_GRID[frequency_score][recency_score - 1]

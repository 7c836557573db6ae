# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Progress towards the next tier, as plain functions: no Odoo import.

Thresholds are cumulative over the program's rolling window: the score is
recomputed from everything the customer bought over the whole window (see
``scoring``), never from a single purchase. Progress is therefore told in
score points, and, where it can be derived honestly, in net revenue: the
revenue metric is a percentile rank among the company's active customers,
so the revenue that lifts the score by some points is the revenue that
passes enough other customers, read from their current revenues, with the
other metrics and the other customers unchanged.
"""
import math


def tier_progress(thresholds, current, score):
    """Where a customer stands in the program's tiers.

    ``thresholds`` is the ordered list of (tier name, minimum score), lowest
    first; ``current`` the index of the customer's tier (or None); ``score``
    their score. Returns a dict:

    * ``next``: index of the next tier up (None at the top);
    * ``missing``: score points missing to reach it (0 when already enough,
      e.g. the upgrade waits for the next assessment);
    * ``keep``: minimum score of the current tier (None without a tier);
    * ``margin``: score above that minimum (negative when below it: the
      grace period runs).
    """
    score = score or 0.0
    if current is None:
        nxt = 0 if thresholds else None
        keep = margin = None
    else:
        nxt = current + 1 if current + 1 < len(thresholds) else None
        keep = thresholds[current][1]
        margin = round(score - keep, 2)
    missing = None
    if nxt is not None:
        missing = round(max(thresholds[nxt][1] - score, 0.0), 2)
    return {"next": nxt, "missing": missing, "keep": keep, "margin": margin}


def revenue_percentile(revenues, revenue):
    """Normalised revenue (0-100) of ``revenue`` among the active customers'
    ``revenues`` (which include it): ``cume_dist`` as in the score query."""
    if revenue <= 0 or not revenues:
        return 0.0
    return 100.0 * sum(1 for other in revenues if other <= revenue) / len(revenues)


# Scores are stored rounded to 2 decimals: a gap read from them can be
# overstated by up to half a hundredth.
SCORE_ROUNDING = 0.005


def revenue_to_gain(revenues, revenue, points, weights):
    """Extra net revenue over the window that adds ``points`` to the score.

    ``revenues`` are the window revenues of the company's active customers,
    this customer's included (``revenue``); ``weights`` the program weights
    by metric. Other metrics and other customers are held as they are.
    Returns 0.0 when nothing is missing, None when revenue alone cannot make
    up the gap (no revenue weight, or it would need more than the top
    percentile).
    """
    if points <= 0:
        return 0.0
    total = sum(weights.values())
    weight = weights.get("revenue", 0.0)
    if weight <= 0 or total <= 0:
        return None
    others = list(revenues)
    if revenue in others:
        others.remove(revenue)
    others.sort()
    count = len(others) + 1
    gain = max(points - SCORE_ROUNDING, 0.0) * total / weight
    target = revenue_percentile(others + [revenue], revenue) + gain
    if target > 100.0 + 1e-9:
        return None
    # Customers (this one included) at or below the new revenue for its
    # cume_dist to reach the target.
    needed = math.ceil(target * count / 100.0 - 1e-9)
    passed = needed - 1
    if passed <= 0:
        goal = 0.01 if revenue <= 0 else revenue
    else:
        goal = max(others[passed - 1], 0.01)
    return round(max(goal - revenue, 0.0), 2)

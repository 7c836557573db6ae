# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tier rules as plain functions: no Odoo import, so a port does not touch them."""


def threshold_errors(thresholds):
    """Return the problems of an ordered list of (tier name, minimum score).

    Tiers are ordered from lowest to highest; each minimum must be >= 0 and
    strictly greater than the one below it (cumulative thresholds never
    overlap). An empty list is an error: a program needs at least one tier.
    """
    if not thresholds:
        return ["no_tier"]
    errors = []
    previous = None
    for name, minimum in thresholds:
        if minimum < 0:
            errors.append(("negative", name))
        if previous is not None and minimum <= previous[1]:
            errors.append(("not_increasing", name, previous[0]))
        previous = (name, minimum)
    return errors


def tier_for_score(thresholds, score):
    """Index of the highest tier whose minimum the score reaches, or None."""
    found = None
    for index, (_name, minimum) in enumerate(thresholds):
        if score >= minimum:
            found = index
    return found

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


NO_TIER = -1


def assess_tier(
    current,
    computed,
    below_since,
    tier_date,
    today,
    grace_days,
    max_steps,
    override=None,
    override_until=None,
):
    """Decide a customer's tier at one assessment.

    Tiers are indexes in the program's ordered tiers (``NO_TIER`` = -1 for
    none). ``below_since`` is the first assessment day the computed tier was
    below the current one (or None), ``tier_date`` the day of the last tier
    change. Dates are ``datetime.date``.

    Rules:

    * an override that has not expired (``override_until`` None or >= today)
      decides the tier;
    * an expired override is dropped and the computed tier applies at once
      (reason ``override_expired``);
    * an upgrade (computed above current) applies at once (``computed``);
    * below the current tier, the customer keeps it until ``grace_days`` have
      passed since ``below_since``; then they move down by at most
      ``max_steps`` tiers (``grace_expired``). If still below, the grace clock
      restarts: each further step needs another full grace period. At most
      one downgrade per day, so that recomputing twice changes nothing.

    Returns ``(tier, below_since, reason, clear_override)``; ``reason`` is
    None when the tier does not change.
    """
    if override is not None:
        if override_until is None or today <= override_until:
            return override, None, (None if override == current else "override"), False
        return computed, None, (None if computed == current else "override_expired"), True
    if computed >= current:
        return computed, None, ("computed" if computed > current else None), False
    if below_since is None:
        below_since = today
    if (today - below_since).days >= grace_days and tier_date != today:
        new = max(computed, current - max(max_steps, 1))
        return new, (today if new > computed else None), "grace_expired", False
    return current, below_since, None, False

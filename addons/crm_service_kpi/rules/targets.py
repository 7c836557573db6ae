# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rules of KPI targets (``crm.service.kpi.target``), plain Python.

* Allowed values: percentages 0..100, except the campaign ROI (a return can
  exceed 100 % and lose at most the whole cost: -100 and more); NPS -100..100;
  CSAT average 1..5; counts, hours, days and amounts 0 or more.
* Two active targets of the same KPI, company and scope (the same team, sales
  team, employee, or none = company-wide) may not have overlapping periods.
* Which target applies to a period (``_find_target``): among the targets of
  the scope, the one whose period overlaps the asked period by the most days
  (a target whose period contains the asked period overlaps it entirely, so it
  always wins); on a tie, the one starting last, then the newest. When the
  scope has none, the company-wide target is chosen by the same rule. When
  several scopes are given, the employee's target comes first, then the
  team's, then the sales team's, then the company-wide one.
"""
from .kpi_catalog import BY_CODE

# code -> (low, high); None: no bound on that side
_BOUNDS_BY_CODE = {
    "csat_avg": (1.0, 5.0),
    "nps": (-100.0, 100.0),
    "campaign_roi_pct": (-100.0, None),
}
_BOUNDS_BY_UNIT = {
    "pct": (0.0, 100.0),
    "count": (0.0, None),
    "hours": (0.0, None),
    "days": (0.0, None),
    "amount": (0.0, None),
}


def target_bounds(code):
    """(low, high) allowed for a target of the KPI ``code``; a side may be None."""
    if code in _BOUNDS_BY_CODE:
        return _BOUNDS_BY_CODE[code]
    kpi = BY_CODE.get(code)
    if not kpi:
        return (None, None)
    return _BOUNDS_BY_UNIT.get(kpi["unit"], (None, None))


def target_in_bounds(code, value):
    low, high = target_bounds(code)
    if low is not None and value < low:
        return False
    if high is not None and value > high:
        return False
    return True


def overlap_days(a_from, a_to, b_from, b_to):
    """Days (both ends included) shared by two periods of dates; 0 if disjoint."""
    start, end = max(a_from, b_from), min(a_to, b_to)
    if start > end:
        return 0
    return (end - start).days + 1


def pick_target(rows, date_from, date_to):
    """The row (dict with id, date_from, date_to as dates) that applies to the
    period: largest overlap, then latest start, then highest id; None when no
    row overlaps the period."""
    best, best_key = None, None
    for row in rows:
        days = overlap_days(row["date_from"], row["date_to"], date_from, date_to)
        if not days:
            continue
        key = (days, row["date_from"], row["id"])
        if best_key is None or key > best_key:
            best, best_key = row, key
    return best


def scope_order(team_id=None, user_id=None, sales_team_id=None):
    """Scopes to try, in order, as (field, id) pairs; (None, None) is company-wide."""
    scopes = []
    if user_id:
        scopes.append(("user_id", user_id))
    if team_id:
        scopes.append(("team_id", team_id))
    if sales_team_id:
        scopes.append(("sales_team_id", sales_team_id))
    scopes.append((None, None))
    return scopes


def resolve_target(rows, date_from, date_to, scopes):
    """The row of the first scope that has one (see :func:`pick_target`).

    ``rows``: dicts with id, date_from, date_to, scope (a (field, id) pair as
    in :func:`scope_order`)."""
    for scope in scopes:
        best = pick_target([r for r in rows if r["scope"] == scope], date_from, date_to)
        if best:
            return best
    return None

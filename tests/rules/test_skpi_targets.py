# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Which KPI target applies (rules/targets.py), no database."""
from datetime import date

from hypothesis import given, settings, strategies as st

from odoo.addons.crm_service_kpi.rules import targets

D = date


def row(rid, start, end, scope=(None, None), target=1.0):
    return {"id": rid, "date_from": start, "date_to": end, "scope": scope, "target": target}


def test_overlap_days():
    assert targets.overlap_days(D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31), D(2026, 2, 5)) == 1
    assert targets.overlap_days(D(2026, 1, 1), D(2026, 1, 30), D(2026, 1, 31), D(2026, 2, 5)) == 0


def test_pick_target_largest_overlap_then_latest_start():
    rows = [row(1, D(2026, 1, 1), D(2026, 1, 10)), row(2, D(2026, 1, 5), D(2026, 2, 28)),
            row(3, D(2026, 3, 1), D(2026, 3, 31))]
    assert targets.pick_target(rows, D(2026, 1, 1), D(2026, 1, 31))["id"] == 2
    assert targets.pick_target(rows, D(2026, 4, 1), D(2026, 4, 30)) is None
    tie = [row(4, D(2026, 1, 1), D(2026, 1, 31)), row(5, D(2026, 1, 1), D(2026, 1, 31))]
    assert targets.pick_target(tie, D(2026, 1, 1), D(2026, 1, 31))["id"] == 5


def test_resolve_target_scope_precedence():
    scopes = targets.scope_order(team_id=7, user_id=3, sales_team_id=9)
    assert scopes == [("user_id", 3), ("team_id", 7), ("sales_team_id", 9), (None, None)]
    period = (D(2026, 1, 1), D(2026, 1, 31))
    rows = [row(1, *period), row(2, *period, scope=("team_id", 7))]
    assert targets.resolve_target(rows, *period, scopes)["id"] == 2
    assert targets.resolve_target(rows[:1], *period, scopes)["id"] == 1
    assert targets.resolve_target(rows, *period, targets.scope_order()[:0]) is None


def test_target_bounds():
    assert targets.target_bounds("no such kpi") == (None, None)
    assert targets.target_in_bounds("no such kpi", -1e9)


@settings(max_examples=25, deadline=None)
@given(a=st.dates(), b=st.dates(), c=st.dates(), d=st.dates())
def test_overlap_symmetric(a, b, c, d):
    a, b = sorted((a, b))
    c, d = sorted((c, d))
    days = targets.overlap_days(a, b, c, d)
    assert days == targets.overlap_days(c, d, a, b)
    assert 0 <= days <= min((b - a).days, (d - c).days) + 1

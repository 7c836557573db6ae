# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Service KPI formulas of crm_service_kpi (rules/kpi.py), no database."""
from datetime import date, datetime

import pytest
from hypothesis import given, settings, strategies as st

from odoo.addons.crm_service_kpi.rules import kpi


def test_pct_and_mean():
    assert kpi.pct(1, 3) == 33.33
    assert kpi.pct(None, 4) == 0.0
    assert kpi.pct(1, 0) is None
    assert kpi.mean(10, 4) == 2.5
    assert kpi.mean(10, 0) is None


def test_resolution_hours_never_below_zero():
    assert kpi.resolution_hours(10.0, 2.5) == 7.5
    assert kpi.resolution_hours(1.0, 3.0) == 0.0
    assert kpi.resolution_hours(None, None) == 0.0


def test_check_period():
    assert kpi.check_period("2026-01-01", "2026-01-31") == (date(2026, 1, 1), date(2026, 1, 31))
    for bad in (("2026-02-01", "2026-01-01"), (False, "2026-01-01"), ("x", "2026-01-01"),
                ("1800-01-01", "2026-01-01"), ("1900-01-01", "2999-01-01")):
        with pytest.raises(kpi.PeriodError):
            kpi.check_period(*bad)


def test_period_bounds_whole_local_days():
    # Shanghai is UTC+8: its 1 January starts at 16:00 UTC the day before
    assert kpi.period_bounds(date(2026, 1, 1), date(2026, 1, 1), "Asia/Shanghai") == (
        datetime(2025, 12, 31, 16), datetime(2026, 1, 1, 16))


def test_ids_in_range():
    assert kpi.ids_in_range([1, kpi.MAX_ID])
    assert not kpi.ids_in_range([0])
    assert not kpi.ids_in_range([True])
    assert not kpi.ids_in_range([kpi.MAX_ID + 1])
    assert not kpi.ids_in_range(["1"])


json_like = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=3)),
                        inner, max_size=3)),
    max_leaves=10)


def _has_none_or_key(value):
    if value is None:
        return True
    if isinstance(value, dict):
        return any(not isinstance(k, str) or _has_none_or_key(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_none_or_key(v) for v in value)
    return False


@settings(max_examples=25, deadline=None)
@given(json_like)
def test_rpc_safe_leaves_no_none_nor_non_string_key(value):
    safe = kpi.rpc_safe(value)
    assert not _has_none_or_key(safe)
    assert kpi.rpc_safe(safe) == safe

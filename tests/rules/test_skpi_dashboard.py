# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Comparison periods and tiles of the KPI dashboard (rules/dashboard.py)."""
from datetime import date, timedelta

from hypothesis import given, settings, strategies as st

from odoo.addons.crm_service_kpi.rules import dashboard as rules


def assert_equal(a, b):
    assert a == b


def test_comparison_like_with_like():
    """Issue #11: month and quarter to date are compared with the same days
    of the previous month / quarter, not with the days just before."""
    cmp = rules.comparison_period
    # this month to date (Dec 1-6) -> Nov 1-6
    assert_equal(cmp(date(2026, 12, 1), date(2026, 12, 6)),
                 (date(2026, 11, 1), date(2026, 11, 6), "month"))
    # this quarter to date -> the same days of the previous quarter
    assert_equal(cmp(date(2026, 10, 1), date(2026, 12, 6)),
                 (date(2026, 7, 1), date(2026, 9, 6), "quarter"))
    assert_equal(cmp(date(2026, 1, 1), date(2026, 2, 15)),
                 (date(2025, 10, 1), date(2025, 11, 15), "quarter"))
    # whole months and quarters: whole previous ones (short months clamp)
    assert_equal(cmp(date(2026, 3, 1), date(2026, 3, 31)),
                 (date(2026, 2, 1), date(2026, 2, 28), "month"))
    assert_equal(cmp(date(2026, 3, 1), date(2026, 3, 30)),
                 (date(2026, 2, 1), date(2026, 2, 28), "month"))
    assert_equal(cmp(date(2026, 4, 1), date(2026, 6, 30)),
                 (date(2026, 1, 1), date(2026, 3, 31), "quarter"))
    # other periods: the same number of days just before
    assert_equal(cmp(date(2026, 12, 2), date(2026, 12, 6)),
                 (date(2026, 11, 27), date(2026, 12, 1), "days"))
    assert_equal(cmp(date(2025, 12, 7), date(2026, 12, 6))[2], "days")
    # this quarter so far in its first month: the preset says quarter
    assert_equal(cmp(date(2026, 10, 1), date(2026, 10, 6), "quarter"),
                 (date(2026, 7, 1), date(2026, 7, 6), "quarter"))


def test_better():
    assert rules.better(-1.0, False) is True   # a shorter time is better


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@settings(max_examples=25, deadline=None)
@given(start=days, length=st.integers(min_value=0, max_value=800))
def test_comparison_ends_before_the_period(start, length):
    """The comparison period is before the period, never longer than it
    (a whole month or quarter: the whole previous one)."""
    end = start + timedelta(days=length)
    c_from, c_to, kind = rules.comparison_period(start, end)
    assert kind in rules.COMPARISONS
    assert c_from <= c_to < start
    if kind == "days":
        assert (c_to - c_from) == (end - start)
        assert c_to == start - timedelta(days=1)

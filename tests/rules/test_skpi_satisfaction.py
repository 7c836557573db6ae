# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Feedback tokens, scores and who is asked (rules/satisfaction.py)."""
from datetime import datetime

from hypothesis import given, settings, strategies as st

from odoo.addons.crm_service_kpi.rules import satisfaction


def test_tokens():
    token = satisfaction.new_token()
    assert satisfaction.token_is_well_formed(token)
    assert token != satisfaction.new_token()
    for bad in (None, "", "short", "a" * 129, "bad token with spaces", 42):
        assert not satisfaction.token_is_well_formed(bad)


def test_token_status():
    now = datetime(2026, 1, 10)
    assert satisfaction.token_status(False, None, now) == "unknown"
    assert satisfaction.token_status(True, datetime(2026, 1, 9), now) == "expired"
    assert satisfaction.token_status(True, datetime(2026, 1, 11), now) == "valid"
    assert satisfaction.token_status(True, None, now) == "valid"


def test_parse_score():
    assert satisfaction.parse_score(" 5 ", 1, 5) == 5
    assert satisfaction.parse_score("0", 0, 10) == 0
    for bad in ("6", "x", None, "", "4.5", [3]):
        assert satisfaction.parse_score(bad, 1, 5) is None


def test_select_requestable():
    candidates = [(1, 10), (2, 10), (3, 11), (4, False), (5, 12), (6, 13)]
    assert satisfaction.select_requestable(candidates, {1, 2, 3, 4, 6}, {13}) == [1, 3]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 30), st.integers(0, 6)), unique_by=lambda c: c[0]),
       st.sets(st.integers(1, 30)), st.sets(st.integers(1, 6)))
def test_at_most_one_request_per_customer(candidates, exchanged, asked):
    selected = satisfaction.select_requestable(candidates, exchanged, asked)
    partners = dict(candidates)
    chosen = [partners[t] for t in selected]
    assert len(chosen) == len(set(chosen))
    assert all(p and p not in asked for p in chosen)
    assert set(selected) <= exchanged

"""The one ranking of salespeople and technicians
(crm_customer_base/rules/recommendation.py)."""
import pytest

from odoo.addons.crm_customer_base.rules import recommendation as r


def test_deal_size_band_and_its_sql_agree_on_the_bounds():
    assert [r.deal_size_band(a) for a in (None, 0, 9999, 10000, 60000, 1e6)] == [
        0, 0, 0, 1, 2, 3]
    sql = r.sql_deal_size_band("l.planned_revenue")
    assert sql.count("WHEN") == len(r.DEAL_SIZE_BANDS)
    assert "ELSE 3" in sql


def test_one_lucky_deal_does_not_rank_first():
    lucky = {"id": 1, "similar": [(1, 1)], "customer": (0, 0), "load": 3}
    steady = {"id": 2, "similar": [(30, 40)], "customer": (0, 0), "load": 3}
    weak = {"id": 3, "similar": [(10, 40)], "customer": (0, 0), "load": 3}
    ranked = r.rank([lucky, steady, weak])
    assert [c["id"] for c in ranked] == [2, 1, 3]
    prior = 41 / 81.0
    assert ranked[1]["similar"][0] == pytest.approx((1 + 5 * prior) / 6)


def test_customer_history_and_load_count():
    a = {"id": 1, "similar": [(5, 10)], "customer": (4, 4), "load": 10}
    b = {"id": 2, "similar": [(5, 10)], "customer": (0, 0), "load": 10}
    assert r.rank([a, b])[0]["id"] == 1
    busy = {"id": 1, "similar": [(5, 10)], "customer": (0, 0), "load": 30}
    free = {"id": 2, "similar": [(5, 10)], "customer": (0, 0), "load": 2}
    ranked = r.rank([busy, free])
    assert ranked[0]["id"] == 2 and ranked[0]["spare"] == 1.0 and ranked[1]["spare"] == 0.0


def test_no_history_ranks_by_load_with_team_average():
    ranked = r.rank([{"id": 7, "similar": [(0, 0), (0, 0)], "customer": (0, 0), "load": 1},
                     {"id": 3, "similar": [(0, 0), (0, 0)], "customer": (0, 0), "load": 1}])
    assert [c["id"] for c in ranked] == [3, 7]
    assert ranked[0]["similar"] == [0.5, 0.5]
    assert r.rank([]) == []

"""Lead scoring rules (crm_customer360/rules/lead_scoring.py) on generated
closed leads with a known signal."""
import random

import numpy as np
import pytest

from odoo.addons.crm_customer360.rules import lead_scoring as ls
from odoo.addons.crm_customer_base.rules import definitions as d


def _rows(n_closed=400, n_open=20, seed=7):
    """Leads of campaign 1 (trade fair) win 70%, others 20%; each activity
    done adds to the odds. Closing dates follow the ids."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n_closed + n_open):
        fair = rnd.random() < 0.3
        activities = rnd.randint(0, 6)
        logit = (0.85 if fair else -1.4) + 0.35 * (activities - 3)
        won = rnd.random() < 1 / (1 + np.exp(-logit))
        rows.append({
            "id": i + 1, "cutoff": "2026-%02d-%02d" % (1 + i * 11 // (n_closed + n_open), 1 + i % 28),
            "outcome": (1 if won else 0) if i < n_closed else None,
            "campaign_id": 1 if fair else 2, "campaign_name": "Trade fair" if fair else "Web",
            "source_id": None, "team_id": 5, "team_name": "Direct",
            "activities": activities, "age_days": rnd.randint(1, 90),
        })
    return rows


def test_lead_definitions_agree_with_odoo_semantics():
    assert d.is_won_lead(True, 100)
    assert not d.is_won_lead(False, 100)
    assert d.is_lost_lead(False, 0, None)
    assert d.is_lost_lead(False, 30, 4)
    assert not d.is_lost_lead(False, 30, None)  # only archived
    assert d.is_open_lead(True, 30) and not d.is_open_lead(True, 100)


def test_auc_is_the_mann_whitney_statistic():
    y = [0, 0, 1, 1, 0, 1]
    p = [0.1, 0.4, 0.35, 0.8, 0.5, 0.5]
    pairs = [(a, b) for a, ya in zip(p, y) for b, yb in zip(p, y) if ya == 1 and yb == 0]
    brute = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a, b in pairs) / len(pairs)
    assert ls.auc(y, p) == pytest.approx(brute)
    assert ls.auc([1, 1], [0.2, 0.3]) is None


def test_logistic_fit_recovers_the_signal_and_regularises():
    rnd = np.random.RandomState(3)
    X = rnd.normal(size=(3000, 2))
    y = (rnd.uniform(size=3000) < 1 / (1 + np.exp(-(0.5 + 2.0 * X[:, 0])))).astype(float)
    w = ls.fit_logistic(X, y, l2=0.01)
    assert w[1] == pytest.approx(2.0, abs=0.25)
    assert abs(w[2]) < 0.15
    assert w[0] == pytest.approx(0.5, abs=0.2)
    strong = ls.fit_logistic(X, y, l2=1e5)
    assert abs(strong[1]) < 0.1


def test_calibration_bins_cover_every_held_out_lead():
    y = [0, 1, 1, 0, 1]
    p = [0.1, 0.9, 1.0, 0.3, 0.7]
    table = ls.calibration(y, p)
    assert sum(b["count"] for b in table) == 5
    top = table[-1]
    assert (top["low"], top["count"], top["observed"]) == (0.8, 2, 1.0)


def test_train_measures_on_the_newest_leads_and_scores_open_ones():
    rows = _rows()
    result = ls.train(rows)
    assert result["status"] == "ok"
    assert result["train"] + result["test"] == 400
    assert result["test"] == 100
    assert result["auc"] > 0.65
    assert len(result["scores"]) == 20
    fair = [r["id"] for r in rows if r["outcome"] is None and r["campaign_id"] == 1]
    web = [r["id"] for r in rows if r["outcome"] is None and r["campaign_id"] == 2]
    assert min(result["scores"][i][0] for i in fair) > max(
        result["scores"][i][0] for i in web if rows[i - 1]["activities"] <= 3)
    reasons = result["scores"][fair[0]][1]
    campaign = [r for r in reasons if r["feature"] == "campaign"]
    assert campaign and campaign[0]["label"] == "Trade fair" and campaign[0]["ratio"] > 1.5
    assert campaign[0]["effect"] > 0


def test_split_is_by_time_not_by_id():
    rows = [{"id": 10 - i, "cutoff": "2026-01-%02d" % (i + 1), "outcome": i % 2}
            for i in range(8)]
    train, test = ls.split_by_time(rows)
    assert [r["cutoff"] for r in test] == ["2026-01-07", "2026-01-08"]
    assert max(r["cutoff"] for r in train) < min(r["cutoff"] for r in test)


def test_too_few_or_one_class_gives_no_score():
    rows = _rows(n_closed=60)
    result = ls.train(rows)
    assert result["status"] == "too_few" and result["scores"] == {}
    one_class = [dict(r, outcome=1) if r["outcome"] is not None else r for r in _rows()]
    result = ls.train(one_class)
    assert result["status"] == "too_few" and result["lost"] == 0 and not result["weights"]
    assert ls.train([])["status"] == "too_few"


def test_feature_query_uses_the_shared_definitions_and_optional_apps():
    sql = ls.feature_query()
    assert d.sql_is_won_lead("l") in sql and d.sql_is_lost_lead("l") in sql
    assert "mail_mail_statistics" not in sql and "event_registration" not in sql
    full = ls.feature_query(mailing=True, event=True)
    assert "mail_mail_statistics" in full and "event_registration" in full

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo database tells a believable customer value story (issue 14).

A copy of CRM_GEN_TEMPLATE (Odoo's demo data and the suite's, as
scripts/test.sh installs it) gets the demo-scale generated customers, as
scripts/run.sh gives crm_demo; then the loyalty program must show what a
manager would believe: a fitted customer value model whose spend model has a
spread, customers both surely active and probably gone, a predicted value
and a value at risk, no customer with an absurd loss, a profit curve for the
Pareto chart. The generator's --today is the day after the demo's last
assessment (no clock). The copy ``crm_test_demo_story`` (or
$CRM_DEMO_STORY_DB) is dropped at the end.

    CRM_GEN_TEMPLATE=crm_test_suite .venv/bin/pytest -p no:odoo -p no:cacheprovider \
        tests/perf/test_demo_story.py -q
"""
import datetime
import math
import os
import subprocess

import pytest

from test_generator import PYTHON, ROOT, TEMPLATE, _sql

DB = os.environ.get("CRM_DEMO_STORY_DB", "crm_test_demo_story")
# the worst believable loss on one customer over the window (tickets of a
# small customer cost more than they buy), in the company currency
WORST_LOSS = 20000.0


@pytest.fixture(scope="module")
def demo():
    _sql("DROP DATABASE IF EXISTS %s" % DB)
    if not _sql("SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE]):
        pytest.skip("template database %s does not exist" % TEMPLATE)
    _sql('CREATE DATABASE %s TEMPLATE "%s"' % (DB, TEMPLATE))
    try:
        if _sql("SELECT 1 FROM ir_config_parameter WHERE key = 'crm_perf.generated'",
                dbname=DB):
            pytest.skip("template %s already has generated data" % TEMPLATE)
        (last,), = _sql("SELECT max(assessed_date) FROM crm_loyalty_membership", dbname=DB)
        if not last:
            pytest.skip("no loyalty demo in %s" % TEMPLATE)
        today = last + datetime.timedelta(days=1)
        gen = subprocess.run(
            [PYTHON, "scripts/generate_data.py", "--db", DB, "--scale", "demo",
             "--today", str(today)], cwd=ROOT, capture_output=True, text=True, timeout=900)
        assert gen.returncode == 0, gen.stderr[-3000:]
        yield DB
    finally:
        _sql("DROP DATABASE IF EXISTS %s" % DB)


def _program(db):
    rows = _sql("""SELECT id, clv_status, clv_r, clv_alpha, clv_a, clv_b, clv_p, clv_q,
                          clv_gamma, clv_check_error_pct
                     FROM crm_loyalty_program WHERE active ORDER BY id LIMIT 1""", dbname=db)
    keys = ("id", "status", "r", "alpha", "a", "b", "p", "q", "gamma", "error_pct")
    return dict(zip(keys, rows[0]))


def test_the_customer_value_model_is_fitted_with_a_spend_spread(demo):
    program = _program(demo)
    assert program["status"] == "fitted"
    for key in ("r", "alpha", "a", "b", "p", "q", "gamma"):
        assert program[key] and math.isfinite(program[key]) and program[key] > 0, key
    # q > 1: a finite mean spend; q below 100: customers spend differently
    # (q -> infinity means every customer's spend is the population's)
    assert 1 < program["q"] < 100, program
    assert program["error_pct"] is not None and abs(program["error_pct"]) < 50


def test_customers_are_alive_and_gone_with_value_and_value_at_risk(demo):
    program = _program(demo)
    (scored, gone, alive, aov_low, aov_high, value, risk, negative), = _sql("""
        SELECT count(*), count(*) FILTER (WHERE clv_p_alive < 0.5),
               count(*) FILTER (WHERE clv_p_alive > 0.9),
               percentile_disc(0.1) WITHIN GROUP (ORDER BY clv_order_value),
               percentile_disc(0.9) WITHIN GROUP (ORDER BY clv_order_value),
               sum(clv_value), sum(clv_value_at_risk),
               -- a negative CLV only for a customer who costs more than they bring
               count(*) FILTER (WHERE clv_value_at_risk < 0
                                   OR (clv_value < 0 AND coalesce(profit, 0) >= 0))
          FROM crm_loyalty_membership WHERE program_id = %s AND clv_known
    """, [program["id"]], dbname=demo)
    assert scored >= 200
    assert gone >= 20 and alive >= 20, (gone, alive)
    # expected order values differ between customers (not one mean for all)
    assert aov_high > 2 * aov_low, (aov_low, aov_high)
    assert value > 0 and risk > 0 and negative == 0
    # the slipping-away list has customers, most valuable first
    (slipping,), = _sql("""SELECT count(*) FROM crm_loyalty_membership
                            WHERE program_id = %s AND clv_risk_since IS NOT NULL""",
                        [program["id"]], dbname=demo)
    assert slipping >= 10


def test_profits_are_believable_and_the_pareto_has_a_profit_curve(demo):
    program = _program(demo)
    (worst, margin_loss, revenue, profit, top_profit), = _sql("""
        WITH m AS (
            SELECT revenue, profit, cost,
                   row_number() OVER (ORDER BY revenue DESC, id) AS rank,
                   count(*) OVER () AS n
              FROM crm_loyalty_membership WHERE program_id = %s AND revenue > 0)
        SELECT min(profit), count(*) FILTER (WHERE cost > revenue), sum(revenue),
               sum(profit), sum(profit) FILTER (WHERE rank <= ceil(0.2 * n))
          FROM m
    """, [program["id"]], dbname=demo)
    assert worst > -WORST_LOSS, worst
    assert margin_loss == 0  # nobody buys below the cost of the goods
    assert 0 < profit < revenue
    # the top fifth by revenue brings a real share of the profit
    assert 0.3 < top_profit / profit < 3, (top_profit, profit)

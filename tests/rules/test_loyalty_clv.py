"""crm_loyalty's customer value models (rules/clv.py) against the published
CDNOW figures, their properties, and bad input. No database; a few seconds."""
import datetime
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.addons.crm_loyalty.rules import clv

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "data")
PUBLISHED_BGNBD = (0.243, 4.414, 0.793, 2.426)


@pytest.fixture(scope="module")
def cdnow():
    data = np.genfromtxt(os.path.join(DATA, "cdnow_summary.csv"), delimiter=",", names=True)
    return data["x"], data["t_x"], data["T"], data["zbar"]


@pytest.fixture(scope="module")
def cdnow_purchases():
    """Distinct (customer index, day since 1997-01-01) of the raw sample."""
    raw = np.loadtxt(os.path.join(DATA, "cdnow_sample.txt"), usecols=(1, 2), dtype=int)
    base = datetime.date(1997, 1, 1)
    days = np.array([(datetime.date(d // 10000, d // 100 % 100, d % 100) - base).days
                     for d in raw[:, 1]])
    pairs = np.unique(np.column_stack([raw[:, 0] - 1, days]), axis=0)
    return pairs[:, 0], pairs[:, 1]


@pytest.fixture(scope="module")
def bgnbd(cdnow):
    return clv.bgnbd_fit(*cdnow[:3])


def test_bgnbd_reproduces_fader_hardie_lee_2005(cdnow, bgnbd):
    assert len(cdnow[0]) == 2357
    assert round(bgnbd["r"], 3) == 0.243
    assert round(bgnbd["alpha"], 3) == 4.414
    assert round(bgnbd["a"], 3) == 0.793
    assert round(bgnbd["b"], 3) == 2.426
    assert abs(bgnbd["log_likelihood"] - (-9582.4)) <= 0.05


def test_bgnbd_fit_is_the_maximum(cdnow, bgnbd):
    fitted = (bgnbd["r"], bgnbd["alpha"], bgnbd["a"], bgnbd["b"])
    best = clv.bgnbd_log_likelihood(fitted, *cdnow[:3])
    assert best >= clv.bgnbd_log_likelihood(PUBLISHED_BGNBD, *cdnow[:3]) - 1e-6
    for i in range(4):
        moved = list(fitted)
        moved[i] *= 1.02
        assert clv.bgnbd_log_likelihood(moved, *cdnow[:3]) < best


def test_conditional_expectation_of_the_paper():
    value = clv.expected_purchases(PUBLISHED_BGNBD, [2], [30.43], [38.86], 39)
    assert round(float(value[0]), 3) == 1.226


def test_gamma_gamma_reproduces_rfm_and_clv(cdnow):
    x, _t_x, _T, zbar = cdnow
    fit = clv.gamma_gamma_fit(x, zbar)
    # published with two decimals (the MLE is gamma = 15.448)
    assert round(fit["p"], 2) == 6.25
    assert round(fit["q"], 2) == 3.74
    assert abs(fit["gamma"] - 15.44) <= 0.01
    assert fit["log_likelihood"] >= clv.gamma_gamma_log_likelihood(
        (6.25, 3.74, 15.44), x[x > 0], zbar[x > 0])
    value = clv.expected_order_value((fit["p"], fit["q"], fit["gamma"]), x, zbar)
    population = fit["p"] * fit["gamma"] / (fit["q"] - 1)
    assert value[x == 0] == pytest.approx(population)
    # shrinks each repeat customer's mean towards the population mean
    repeat = x > 0
    low, high = np.minimum(zbar, population), np.maximum(zbar, population)
    assert np.all((value[repeat] >= low[repeat] - 1e-9) & (value[repeat] <= high[repeat] + 1e-9))


def test_purchases_give_the_published_summary(cdnow, cdnow_purchases):
    x, t_x, T, _zbar = cdnow
    customer, day = cdnow_purchases
    # calibration: 1997-01-01 .. 1997-09-30 (day 272), the papers' weeks 1-39
    cx, ct_x, _cT, first = clv.rfm_from_purchases(customer, day, 0, 273)
    assert np.array_equal(cx, x)
    assert np.max(np.abs(ct_x / 7 - t_x)) < 0.006  # published rounded to 2 decimals
    assert np.max(np.abs((272 - first) / 7 - T)) < 0.006


def test_holdout_check_on_cdnow(cdnow_purchases):
    customer, day = cdnow_purchases
    check = clv.holdout_check(customer, day, 273, 546)
    assert check["customers"] == 2357
    assert check["total_actual"] == 1882  # repeat purchase days, weeks 40-78
    assert abs(check["total_error_pct"]) < 15
    assert [g["repeat"] for g in check["groups"]] == list(range(7))
    assert sum(g["customers"] for g in check["groups"]) == 2357
    means = [g["predicted"] for g in check["groups"]]
    assert means == sorted(means)  # more past purchases, more expected ones
    weekly = check["weekly"]
    assert len(weekly) == 78 and not weekly[39]["calibration"] and weekly[38]["calibration"]
    assert [w["actual"] for w in weekly] == sorted(w["actual"] for w in weekly)
    assert abs(weekly[-1]["expected"] - weekly[-1]["actual"]) / weekly[-1]["actual"] < 0.1


def test_clv_discounting_and_horizon():
    params = PUBLISHED_BGNBD
    x, t_x, T, margin = [3.0], [20.0], [30.0], [10.0]
    undiscounted = clv.clv(params, x, t_x, T, margin, 365, 0.0)
    expected = clv.expected_purchases(params, x, t_x, T, 365 / 7.0) * 10
    assert undiscounted == pytest.approx(expected)
    discounted = clv.clv(params, x, t_x, T, margin, 365, 0.10)
    assert expected / 1.10 < discounted < expected
    assert clv.clv(params, x, t_x, T, margin, 730, 0.10) > discounted
    # the value if still active: the CLV without its P(alive) factor
    alive = clv.p_alive(params, x, t_x, T)
    if_alive = clv.clv(params, x, t_x, T, margin, 365, 0.10, if_alive=True)
    assert if_alive * alive == pytest.approx(discounted)


def test_margin_per_order_and_value_at_risk():
    margin = clv.margin_per_order([100.0, 100.0, 100.0, 50.0], [1000.0, 500.0, 100.0, 0.0],
                                  [300.0, -2000.0, 50.0, 0.0])
    # own ratios 0.3, -4 kept at -1, 0.5; no revenue: (300 - 500 + 50) / 1600
    assert margin.tolist() == pytest.approx([30.0, -100.0, 50.0, 50.0 * -150.0 / 1600.0])
    risk = clv.value_at_risk([100.0, -50.0, 80.0], [0.25, 0.1, 1.0])
    assert risk.tolist() == pytest.approx([75.0, 0.0, 0.0])
    with pytest.raises(clv.ClvError):
        clv.value_at_risk([1.0], [1.5])
    with pytest.raises(clv.ClvError):
        clv.margin_per_order([1.0], [1.0, 2.0], [1.0])


def test_not_enough_data():
    with pytest.raises(clv.ClvError) as err:
        clv.check_enough_data([0, 1, 2], [60, 60, 60], min_repeat_customers=3, min_history=52)
    assert err.value.code == clv.ERR_NOT_ENOUGH_DATA and err.value.params["repeat"] == 2
    with pytest.raises(clv.ClvError) as err:
        clv.check_enough_data([1, 1, 2], [30, 40, 50], min_repeat_customers=3, min_history=52)
    assert err.value.code == clv.ERR_SHORT_HISTORY
    clv.check_enough_data([1, 1, 2], [30, 40, 52], min_repeat_customers=3, min_history=52)
    with pytest.raises(clv.ClvError):
        clv.bgnbd_fit([0, 0], [0, 0], [5, 6])


@pytest.mark.parametrize("args", [
    ([1, 2], [1], [3, 3]),            # lengths differ
    ([-1], [0], [3]),                 # negative frequency
    ([1.5], [1], [3]),                # fractional frequency
    ([1], [4], [3]),                  # recency after the age
    ([0], [1], [3]),                  # recency without a repeat purchase
    (["a"], [1], [3]),                # not numbers
    ([float("nan")], [1], [3]),
    ([], [], []),
    ([[1]], [[1]], [[3]]),
])
def test_bad_rfm_is_a_clv_error(args):
    with pytest.raises(clv.ClvError):
        clv.p_alive(PUBLISHED_BGNBD, *args)
    with pytest.raises(clv.ClvError):
        clv.bgnbd_fit(*args)


@pytest.mark.parametrize("params", [(0, 1, 1, 1), (1, -1, 1, 1), (1, 1), None, "abcd",
                                    (float("inf"), 1, 1, 1)])
def test_bad_parameters_are_a_clv_error(params):
    with pytest.raises(clv.ClvError):
        clv.expected_purchases(params, [1], [1], [2], 10)


def test_bad_clv_arguments_are_a_clv_error():
    for kwargs in ({"horizon_days": 0}, {"annual_rate": -0.1}, {"horizon_days": "x"},
                   {"days_per_unit": 0}, {"margin_per_order": [1, 2]}):
        args = {"margin_per_order": [1.0], **kwargs}
        with pytest.raises(clv.ClvError):
            clv.clv(PUBLISHED_BGNBD, [1], [1], [2], **args)
    with pytest.raises(clv.ClvError):
        clv.expected_order_value((1, 0.5, 1), [1], [10])  # q <= 1: no finite mean
    with pytest.raises(clv.ClvError):
        clv.holdout_check([0, 0], [0, 10], 20, 20)


positive = st.floats(min_value=0.01, max_value=50, allow_nan=False)
# a and b of the dropout process: the fits of retail data give values near 1
# (CDNOW 0.79 and 2.43); above about 10, scipy's 2F1 loses its precision for
# customers with many purchases (eq. 10 then gives 0, not a wrong large number).
dropout = st.floats(min_value=0.01, max_value=10, allow_nan=False)
customer = st.tuples(st.integers(0, 60), st.floats(0, 1), st.floats(0.01, 200))


@settings(max_examples=200, deadline=None)
@given(st.tuples(positive, positive, positive, positive), customer)
def test_p_alive_is_a_probability(params, cust):
    x, share, T = cust
    t_x = share * T if x else 0.0
    p = clv.p_alive(params, [x], [t_x], [T])[0]
    assert 0.0 <= p <= 1.0
    if x == 0:
        assert p == 1.0
    else:
        # a later last purchase (same x, same age) makes the customer more likely alive
        assert clv.p_alive(params, [x], [T], [T])[0] >= p - 1e-12


@settings(max_examples=200, deadline=None)
@given(st.tuples(positive, positive, positive, positive), customer, st.floats(0.05, 0.95))
def test_slipping_age_is_where_p_alive_crosses_the_threshold(params, cust, threshold):
    x, share, T = cust
    t_x = share * T if x else 0.0
    age = clv.slipping_age(params, [x], [t_x], threshold)[0]
    if x == 0:
        assert age == np.inf
        return
    assert age >= t_x
    before = clv.p_alive(params, [x], [t_x], [age])[0]
    after = clv.p_alive(params, [x], [t_x], [age * 1.001 + 1e-6])[0]
    assert after <= threshold + 1e-9
    if age > t_x:  # crossed at that age, not already below right after the purchase
        assert before == pytest.approx(threshold, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(st.tuples(positive, positive, dropout, dropout), customer,
       st.floats(0.1, 100), st.floats(0.1, 100))
def test_expected_purchases_grow_with_time(params, cust, t1, extra):
    x, share, T = cust
    t_x = share * T if x else 0.0
    first = clv.expected_purchases(params, [x], [t_x], [T], t1)[0]
    later = clv.expected_purchases(params, [x], [t_x], [T], t1 + extra)[0]
    assert 0.0 <= first <= later + 1e-9 * max(1.0, later)


def test_fit_recovers_simulated_parameters():
    truth = (0.5, 6.0, 0.8, 3.0)
    T = np.random.default_rng(3).uniform(20, 104, 20000)
    x, t_x = clv.simulate_bgnbd(truth, T, seed=4)
    fit = clv.bgnbd_fit(x, t_x, T)
    assert fit["r"] == pytest.approx(truth[0], rel=0.1)
    assert fit["alpha"] == pytest.approx(truth[1], rel=0.15)
    assert fit["a"] == pytest.approx(truth[2], rel=0.25)
    assert fit["b"] == pytest.approx(truth[3], rel=0.3)
    # the same customers (same draws) observed 26 weeks longer: eq. (10)
    # predicts the purchases they make in those weeks
    later, _ = clv.simulate_bgnbd(truth, T + 26, seed=4)
    assert np.all(later >= x)
    params = (fit["r"], fit["alpha"], fit["a"], fit["b"])
    predicted = clv.expected_purchases(params, x, t_x, T, 26).sum()
    assert predicted == pytest.approx((later - x).sum(), rel=0.05)


def test_expected_purchases_of_a_young_frequent_buyer_do_not_overflow():
    """Found by Hypothesis: near z = 1 with many purchases, (1 - z)^(r + x)
    underflows while 2F1 overflows, and 0 x inf gave 0 purchases; Euler's
    transformation of 2F1 gives the finite product."""
    params = (47.0, 0.01, 1.0, 1.0)
    values = [clv.expected_purchases(params, [51], [0.01], [0.01], t)[0] for t in (1.0, 28.0, 100.0)]
    assert 0 < values[0] < values[1] < values[2]

"""crm_loyalty's customer value models compute on distinct (x, t_x, T) rows
and (x, T) pairs for speed (rules/clv.py): the grouped figures must be those
computed customer by customer. No database; a few seconds."""
import numpy as np

from odoo.addons.crm_loyalty.rules import clv

PARAMS = (0.5, 28.0, 0.8, 2.5)


def _customers(n=400, seed=3):
    """Customers with many shared (x, T) pairs and some unique ones."""
    rng = np.random.default_rng(seed)
    T = rng.integers(5, 60, n).astype(float) / 7.0 * 7.0
    x, t_x = clv.simulate_bgnbd(PARAMS, T, seed=seed)
    t_x = np.where(x > 0, np.minimum(np.round(t_x), T), 0.0)
    return x, t_x, T


def test_group_round_trip_and_counts():
    x = np.array([2.0, 0.0, 2.0, 1.0, 0.0, 2.0])
    T = np.array([9.0, 4.0, 9.0, 9.0, 4.0, 8.0])
    (ux, uT), inverse, counts = clv._group(x, T)
    assert list(zip(ux, uT)) == [(0.0, 4.0), (1.0, 9.0), (2.0, 8.0), (2.0, 9.0)]
    assert counts.tolist() == [2.0, 1.0, 1.0, 2.0]
    assert np.array_equal(ux[inverse], x) and np.array_equal(uT[inverse], T)
    empty, inverse, counts = clv._group(np.zeros(0), np.zeros(0))
    assert empty[0].size == inverse.size == counts.size == 0


def test_grouped_scoring_equals_customer_by_customer():
    x, t_x, T = _customers()
    assert len(clv._group(x, T)[2]) < len(x) / 2  # the case the grouping is for
    margin = np.linspace(-20.0, 80.0, x.size)
    grouped = {
        "e30": clv.expected_purchases(PARAMS, x, t_x, T, 30.0 / 7),
        "clv": clv.clv(PARAMS, x, t_x, T, margin, 365, 0.1, 7.0),
        "clv_alive": clv.clv(PARAMS, x, t_x, T, margin, 200, 0.05, 7.0, if_alive=True),
    }
    for i in range(0, x.size, 7):
        one = (x[i:i + 1], t_x[i:i + 1], T[i:i + 1])
        assert np.isclose(grouped["e30"][i], clv.expected_purchases(PARAMS, *one, 30.0 / 7)[0],
                          rtol=1e-12, atol=0)
        assert np.isclose(grouped["clv"][i], clv.clv(
            PARAMS, *one, margin[i:i + 1], 365, 0.1, 7.0)[0], rtol=1e-12, atol=0)
        assert np.isclose(grouped["clv_alive"][i], clv.clv(
            PARAMS, *one, margin[i:i + 1], 200, 0.05, 7.0, if_alive=True)[0],
            rtol=1e-12, atol=0)


def test_grouped_fit_log_likelihood_is_the_customers_sum():
    x, t_x, T = _customers(n=600, seed=5)
    fit = clv.bgnbd_fit(x, t_x, T)
    params = (fit["r"], fit["alpha"], fit["a"], fit["b"])
    per_customer = sum(clv.bgnbd_log_likelihood(params, x[i:i + 1], t_x[i:i + 1], T[i:i + 1])
                       for i in range(x.size))
    assert np.isclose(fit["log_likelihood"], per_customer, rtol=1e-10)


def test_holdout_expected_curve_counts_each_customer():
    # two customers share a first purchase day: the expected curve counts both
    customer = np.array([0, 0, 1, 1, 2, 2, 2])
    day = np.array([0.0, 30.0, 0.0, 44.0, 10.0, 20.0, 60.0])
    check = clv.holdout_check(customer, day, 50.0, 70.0, period=7.0)
    params = (check["params"]["r"], check["params"]["alpha"], check["params"]["a"],
              check["params"]["b"])
    for week in check["weekly"]:
        edge = min(week["period"] * 7.0, 70.0)
        ages = [(edge - first) / 7.0 for first in (0.0, 0.0, 10.0) if first < edge]
        expected = float(np.sum(clv.expected_purchases_new(params, np.array(ages))))
        assert np.isclose(week["expected"], expected, rtol=1e-12)

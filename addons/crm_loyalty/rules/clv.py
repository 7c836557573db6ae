# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer value models as plain functions (numpy/scipy, no Odoo import).

* BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way:
  An Alternative to the Pareto/NBD Model", Marketing Science 24(2)): each
  customer's frequency ``x`` (repeat purchase days), recency ``t_x`` (time of
  the last purchase since the first one) and age ``T`` (time since the first
  purchase) give the individual likelihood of eq. (6); r, alpha, a, b are
  fitted by maximum likelihood; P(alive) and the conditional expected number
  of purchases in the next ``t`` periods (eq. 10) follow.
* Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves
  for Customer Base Analysis", JMR 42(4); Fader & Hardie 2013, "The Gamma-Gamma
  Model of Monetary Value"): the marginal likelihood of a repeat customer's
  mean spend ``zbar`` over ``x`` transactions; p, q, gamma by maximum
  likelihood; the conditional expected average order value.
* Predicted CLV: expected purchases month by month over a horizon times the
  expected margin per order, discounted at an annual rate.

Everything is vectorised over numpy arrays (one element per customer). Time
is in any unit, the same for x, t_x, T and t (the suite uses weeks, like the
papers). Errors are :class:`ClvError` (a ``ValueError``) with a ``code`` and
``params``, that the Odoo glue translates.
"""

import math

import numpy as np
from scipy import optimize, special

#: Codes of :class:`ClvError` (the glue has one translated message per code).
ERR_INPUT = "input"
ERR_NOT_ENOUGH_DATA = "not_enough_data"
ERR_SHORT_HISTORY = "short_history"
ERR_FIT = "fit"

DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12.0


class ClvError(ValueError):
    """Bad input or a model that cannot be fitted; ``code`` says which."""

    def __init__(self, code, message, **params):
        super().__init__(message % params if params else message)
        self.code = code
        self.params = params


def _array(name, values, allow_empty=False):
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ClvError(ERR_INPUT, "%(name)s must be numbers", name=name)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ClvError(ERR_INPUT, "%(name)s must be a flat list of numbers", name=name)
    if not allow_empty and not arr.size:
        raise ClvError(ERR_INPUT, "%(name)s is empty", name=name)
    if not np.all(np.isfinite(arr)):
        raise ClvError(ERR_INPUT, "%(name)s must be finite numbers", name=name)
    return arr


def _number(name, value, minimum=None, strict=False):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ClvError(ERR_INPUT, "%(name)s must be a number", name=name)
    if not math.isfinite(value) or (minimum is not None and (
            value < minimum or (strict and value == minimum))):
        raise ClvError(ERR_INPUT, "%(name)s is out of range", name=name)
    return value


def check_rfm(x, t_x, T):
    """Validated float arrays (x, t_x, T): same length, x a whole number >= 0,
    0 <= t_x <= T, t_x = 0 when x = 0."""
    x, t_x, T = _array("x", x), _array("t_x", t_x), _array("T", T)
    if not (x.shape == t_x.shape == T.shape):
        raise ClvError(ERR_INPUT, "x, t_x and T must have the same length")
    if np.any(x < 0) or np.any(x != np.round(x)):
        raise ClvError(ERR_INPUT, "x must be whole numbers >= 0")
    if np.any(t_x < 0) or np.any(t_x > T + 1e-9):
        raise ClvError(ERR_INPUT, "recency must be between 0 and the age T")
    if np.any((x == 0) & (t_x > 0)):
        raise ClvError(ERR_INPUT, "a customer without repeat purchase has recency 0")
    return x, t_x, T


def _bgnbd_params(params):
    try:
        r, alpha, a, b = (float(v) for v in params)
    except (TypeError, ValueError):
        raise ClvError(ERR_INPUT, "BG/NBD parameters are r, alpha, a, b")
    if not all(math.isfinite(v) and v > 0 for v in (r, alpha, a, b)):
        raise ClvError(ERR_INPUT, "BG/NBD parameters must be positive")
    return r, alpha, a, b


# --- BG/NBD -----------------------------------------------------------------

def bgnbd_log_likelihood_terms(params, x, t_x, T):
    """Each customer's log-likelihood, eq. (6), with the log-sum-exp trick:

    L = B(a, b+x)/B(a, b) * G(r+x) alpha^r / (G(r) (alpha+T)^(r+x))
        + [x > 0] B(a+1, b+x-1)/B(a, b) * G(r+x) alpha^r / (G(r) (alpha+t_x)^(r+x))
    """
    r, alpha, a, b = params
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.betaln(a, b + x) - special.betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(
            x > 0,
            np.log(a) - np.log(np.maximum(b + (x - 1), 1e-300)) - (r + x) * np.log(alpha + t_x),
            -np.inf)
    return a1 + a2 + np.logaddexp(a3, a4)


def bgnbd_log_likelihood(params, x, t_x, T, weights=None):
    """Total log-likelihood of customers (x, t_x, T) for (r, alpha, a, b)."""
    params = _bgnbd_params(params)
    x, t_x, T = check_rfm(x, t_x, T)
    terms = bgnbd_log_likelihood_terms(params, x, t_x, T)
    return float(np.sum(terms if weights is None else terms * weights))


def _group(*columns):
    """Distinct rows of the columns (equal-length float arrays): ([unique
    column, ...], inverse index per row, count per distinct row). A lexsort
    and a diff (np.unique(axis=0) sorts rows as byte records, ten times
    slower)."""
    n = columns[0].size
    if not n:
        return [c[:0] for c in columns], np.zeros(0, dtype=int), np.zeros(0)
    order = np.lexsort(columns[::-1])
    ordered = [c[order] for c in columns]
    new = np.zeros(n, dtype=bool)
    new[0] = True
    for c in ordered:
        new[1:] |= c[1:] != c[:-1]
    inverse = np.empty(n, dtype=int)
    inverse[order] = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, n)).astype(float)
    return [c[new] for c in ordered], inverse, counts


def _compress(*columns):
    """Unique rows of the columns and how often each occurs (the likelihood
    only depends on (x, t_x, T): fewer distinct rows, faster fit)."""
    unique, _inverse, counts = _group(*columns)
    return unique, counts


#: Bounds of the log-parameters: without dropouts (or without spread) the
#: likelihood keeps growing towards infinite a, b (or p, q); the bounds keep the
#: figures finite, where the model's predictions no longer change.
LOG_BOUNDS = (math.log(1e-6), math.log(1e6))


def _minimize(neg_ll_grad, start):
    """Minimise a negative log-likelihood (value and gradient) over the
    log-parameters with L-BFGS-B."""
    res = optimize.minimize(neg_ll_grad, start, jac=True, method="L-BFGS-B",
                            bounds=[LOG_BOUNDS] * len(start),
                            options={"maxiter": 1000, "ftol": 1e-15, "gtol": 1e-10})
    if not (np.all(np.isfinite(res.x)) and np.isfinite(res.fun)) or res.fun >= 1e299:
        raise ClvError(ERR_FIT, "the model could not be fitted")
    return res


def _bgnbd_neg_ll_grad(log_params, x, t_x, T, weights):
    """Negative log-likelihood and its gradient in the log-parameters."""
    r, alpha, a, b = np.exp(log_params)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
        a2 = (special.gammaln(b + x) - special.gammaln(b)
              + special.gammaln(a + b) - special.gammaln(a + b + x))
        a3 = -(r + x) * np.log(alpha + T)
        a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + (x - 1), 1e-300))
                      - (r + x) * np.log(alpha + t_x), -np.inf)
        tail = np.logaddexp(a3, a4)
        value = -np.sum(weights * (a1 + a2 + tail))
        s3, s4 = np.exp(a3 - tail), np.exp(a4 - tail)
        dig_ab, dig_abx = special.digamma(a + b), special.digamma(a + b + x)
        d_r = (special.digamma(r + x) - special.digamma(r) + np.log(alpha)
               - s3 * np.log(alpha + T) - s4 * np.log(alpha + t_x))
        d_alpha = r / alpha - s3 * (r + x) / (alpha + T) - s4 * (r + x) / (alpha + t_x)
        d_a = dig_ab - dig_abx + s4 / a
        d_b = (special.digamma(b + x) - special.digamma(b) + dig_ab - dig_abx
               - np.where(x > 0, s4 / np.maximum(b + (x - 1), 1e-300), 0.0))
        grad = -np.array([np.sum(weights * d) for d in (d_r, d_alpha, d_a, d_b)])
        grad *= np.array([r, alpha, a, b])
    if not (np.isfinite(value) and np.all(np.isfinite(grad))):
        return 1e300, np.zeros(4)
    return value, grad


def bgnbd_fit(x, t_x, T):
    """Maximum likelihood (r, alpha, a, b) and the log-likelihood.

    Optimised over the logarithms of the parameters (all positive); time is
    rescaled so that the largest age is 10 (alpha scales with time, r, a, b
    do not), which keeps the optimiser's steps of one size."""
    x, t_x, T = check_rfm(x, t_x, T)
    if not np.any(x > 0):
        raise ClvError(ERR_NOT_ENOUGH_DATA, "no customer with a repeat purchase")
    scale = float(np.max(T)) / 10.0 if np.max(T) > 0 else 1.0
    (ux, ut, uT), weights = _compress(x, t_x, T)
    res = _minimize(lambda lp: _bgnbd_neg_ll_grad(lp, ux, ut / scale, uT / scale, weights),
                    np.zeros(4))
    r, alpha, a, b = np.exp(res.x)
    params = (float(r), float(alpha) * scale, float(a), float(b))
    return {"r": params[0], "alpha": params[1], "a": params[2], "b": params[3],
            "log_likelihood": float(np.sum(
                weights * bgnbd_log_likelihood_terms(params, ux, ut, uT)))}


def p_alive(params, x, t_x, T):
    """Probability that each customer is still active at T:
    1 / (1 + [x > 0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))."""
    r, alpha, a, b = _bgnbd_params(params)
    x, t_x, T = check_rfm(x, t_x, T)
    return _p_alive(r, alpha, a, b, x, t_x, T)


def _p_alive(r, alpha, a, b, x, t_x, T):
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_odds = (np.log(a) - np.log(np.maximum(b + (x - 1), 1e-300))
                    + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x)))
    # 1 / (1 + exp(log_odds)) without overflow; x = 0: exactly 1
    return np.where(x > 0, special.expit(-log_odds), 1.0)


def slipping_age(params, x, t_x, threshold):
    """Age T at which P(alive) falls to ``threshold`` without a new purchase
    (P(alive) decreases with T): alpha + T = (alpha + t_x)
    (((1 - threshold) / threshold) (b + x - 1) / a) ^ (1 / (r + x)), at least
    t_x; infinite for x = 0 (P(alive) stays 1)."""
    r, alpha, a, b = _bgnbd_params(params)
    threshold = _number("threshold", threshold, minimum=0, strict=True)
    if threshold >= 1:
        raise ClvError(ERR_INPUT, "%(name)s is out of range", name="threshold")
    x, t_x = _array("x", x), _array("t_x", t_x)
    if x.shape != t_x.shape or np.any(x < 0) or np.any(t_x < 0):
        raise ClvError(ERR_INPUT, "x and t_x must be numbers >= 0 of the same length")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_ratio = (math.log((1 - threshold) / threshold)
                     + np.log(np.maximum(b + (x - 1), 1e-300)) - math.log(a)) / (r + x)
        age = (alpha + t_x) * np.exp(log_ratio) - alpha
    return np.where(x > 0, np.maximum(age, t_x), np.inf)


def expected_purchases(params, x, t_x, T, t):
    """Conditional expected number of purchases in (T, T + t], eq. (10):

    (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x)
                         2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))] x P(alive).
    """
    r, alpha, a, b = _bgnbd_params(params)
    x, t_x, T = check_rfm(x, t_x, T)
    t = _number("t", t, minimum=0)
    return _expected_purchases(r, alpha, a, b, x, t_x, T, t)


def _pairs(x, T):
    """Distinct (x, T) pairs and, per customer, the index of theirs: eq. (10)
    without its P(alive) factor only depends on x and T, and customers share
    few of those pairs (whole days, few repeat purchases), so the
    hypergeometric function runs once per pair instead of once per customer."""
    (ux, uT), inverse, _counts = _group(x, T)
    return ux, uT, inverse


def _expected_purchases(r, alpha, a, b, x, t_x, T, t, if_alive=False):
    """Eq. (10); ``if_alive``: without the P(alive) factor, i.e. the expected
    purchases of the customer if they are still active."""
    if t == 0:
        return np.zeros_like(x)
    ux, uT, inverse = _pairs(x, T)
    value = _expected_if_alive(r, alpha, a, b, ux, uT, t)[inverse]
    if not if_alive:
        value = value * _p_alive(r, alpha, a, b, x, t_x, T)
    return value


def _expected_if_alive(r, alpha, a, b, x, T, t):
    """Eq. (10) without the P(alive) factor, element-wise over (x, T)."""
    if abs(a - 1.0) < 1e-6:
        a = 1.0 + 1e-6  # the formula's removable singularity at a = 1
    z = t / (alpha + T + t)
    log_1mz = np.log(alpha + T) - np.log(alpha + T + t)  # log(1 - z)
    with np.errstate(all="ignore"):
        term = np.exp((r + x) * log_1mz) * special.hyp2f1(r + x, b + x, a + b + x - 1, z)
        # Near z = 1 with many purchases the factor above underflows while
        # 2F1 overflows; Euler's transformation 2F1(A, B; C; z) =
        # (1 - z)^(C - A - B) 2F1(C - A, C - B; C; z) gives the same product
        # as (1 - z)^(a - 1) 2F1(a + b - 1 - r, a - 1; a + b + x - 1; z).
        euler = np.exp((a - 1) * log_1mz) * special.hyp2f1(
            a + b - 1 - r, a - 1, a + b + x - 1, z)
    # 2F1(A, B; C; z) converges at z = 1 only when C - A - B > 0: the direct
    # form's is a - 1 - r - x, the transformed one's r + x - a + 1; take the
    # form whose series converges, the other where it is not finite.
    first, second = np.where(a - 1 - r - x < 0, euler, term), np.where(a - 1 - r - x < 0, term, euler)
    term = np.where(np.isfinite(first), first, second)
    value = (a + b + x - 1) / (a - 1) * (1.0 - term)
    return np.maximum(np.nan_to_num(value, nan=0.0, posinf=0.0, neginf=0.0), 0.0)


def expected_purchases_new(params, t):
    """Unconditional expected number of repeat purchases in (0, t] of a
    customer whose first purchase is at 0, eq. (9):
    (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))]."""
    r, alpha, a, b = _bgnbd_params(params)
    t = _array("t", t)
    if np.any(t < 0):
        raise ClvError(ERR_INPUT, "%(name)s is out of range", name="t")
    if abs(a - 1.0) < 1e-6:
        a = 1.0 + 1e-6
    hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
    value = (a + b - 1) / (a - 1) * (1.0 - np.power(alpha / (alpha + t), r) * hyp)
    return np.maximum(np.nan_to_num(value, nan=0.0), 0.0)


# --- Gamma-Gamma -------------------------------------------------------------

def _gg_params(params):
    try:
        p, q, gamma = (float(v) for v in params)
    except (TypeError, ValueError):
        raise ClvError(ERR_INPUT, "Gamma-Gamma parameters are p, q, gamma")
    if not all(math.isfinite(v) and v > 0 for v in (p, q, gamma)):
        raise ClvError(ERR_INPUT, "Gamma-Gamma parameters must be positive")
    return p, q, gamma


def _check_spend(x, zbar):
    x, zbar = _array("x", x), _array("mean spend", zbar)
    if x.shape != zbar.shape:
        raise ClvError(ERR_INPUT, "x and the mean spend must have the same length")
    if np.any(x < 0) or np.any(x != np.round(x)):
        raise ClvError(ERR_INPUT, "x must be whole numbers >= 0")
    return x, zbar


def gamma_gamma_log_likelihood_terms(params, x, zbar):
    """log f(zbar | p, q, gamma; x) of repeat customers (x > 0, zbar > 0):
    G(px+q)/(G(px) G(q)) gamma^q zbar^(px-1) x^(px) / (gamma + x zbar)^(px+q)."""
    p, q, gamma = params
    px = p * x
    return (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q)
            + q * np.log(gamma) + (px - 1) * np.log(zbar) + px * np.log(x)
            - (px + q) * np.log(gamma + x * zbar))


def gamma_gamma_log_likelihood(params, x, zbar):
    params = _gg_params(params)
    x, zbar = _check_spend(x, zbar)
    if np.any(x <= 0) or np.any(zbar <= 0):
        raise ClvError(ERR_INPUT, "the spend model takes repeat customers with a positive mean spend")
    return float(np.sum(gamma_gamma_log_likelihood_terms(params, x, zbar)))


def gamma_gamma_fit(x, zbar):
    """Maximum likelihood (p, q, gamma) from the repeat customers (x > 0 and
    zbar > 0; the others are left out) and the log-likelihood."""
    x, zbar = _check_spend(x, zbar)
    keep = (x > 0) & (zbar > 0)
    if np.count_nonzero(keep) < 2:
        raise ClvError(ERR_NOT_ENOUGH_DATA, "no customer with a repeat purchase")
    x, zbar = x[keep], zbar[keep]
    scale = float(np.mean(zbar))  # gamma scales with money, p and q do not
    zs = zbar / scale

    (ux, uz), weights = _compress(x, zs)

    def neg_ll_grad(log_params):
        p, q, gamma = np.exp(log_params)
        px = p * ux
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            value = -np.sum(weights * gamma_gamma_log_likelihood_terms((p, q, gamma), ux, uz))
            dig = special.digamma(px + q)
            log_mix = np.log(gamma + ux * uz)
            d_p = ux * (dig - special.digamma(px) + np.log(uz) + np.log(ux) - log_mix)
            d_q = dig - special.digamma(q) + np.log(gamma) - log_mix
            d_gamma = q / gamma - (px + q) / (gamma + ux * uz)
            grad = -np.array([np.sum(weights * d) for d in (d_p, d_q, d_gamma)])
            grad *= np.array([p, q, gamma])
        if not (np.isfinite(value) and np.all(np.isfinite(grad))):
            return 1e300, np.zeros(3)
        return value, grad

    res = _minimize(neg_ll_grad, np.array([0.0, 1.0, 0.0]))
    p, q, gamma = np.exp(res.x)
    params = (float(p), float(q), float(gamma) * scale)
    return {"p": params[0], "q": params[1], "gamma": params[2],
            "log_likelihood": gamma_gamma_log_likelihood(params, x, zbar)}


def expected_order_value(params, x, zbar):
    """Conditional expected average order value, (gamma + x zbar) p / (px + q - 1):
    a weighted mean of the population mean p gamma / (q - 1) and the
    customer's own mean spend; the population mean for x = 0."""
    p, q, gamma = _gg_params(params)
    if q <= 1:
        raise ClvError(ERR_FIT, "the spend model has no finite mean (q <= 1)")
    x, zbar = _check_spend(x, zbar)
    zbar = np.where(x > 0, np.maximum(zbar, 0.0), 0.0)
    return (gamma + x * zbar) * p / (p * x + q - 1)


# --- CLV ---------------------------------------------------------------------

def clv(params, x, t_x, T, margin_per_order, horizon_days=365, annual_rate=0.10,
        days_per_unit=7.0, if_alive=False):
    """Predicted customer lifetime value over ``horizon_days``: for each month
    k, the expected purchases in that month (eq. 10 at the month's end minus
    at its start) times ``margin_per_order``, discounted by
    (1 + annual_rate) ^ (- month end in years). Time unit of x, t_x, T:
    ``days_per_unit`` days. ``if_alive``: the value if the customer is still
    active (eq. 10 without its P(alive) factor): CLV = P(alive) x that."""
    r, alpha, a, b = _bgnbd_params(params)
    x, t_x, T = check_rfm(x, t_x, T)
    margin = _array("margin per order", margin_per_order)
    if margin.shape != x.shape:
        raise ClvError(ERR_INPUT, "the margin per order must have one value per customer")
    horizon = _number("horizon", horizon_days, minimum=0, strict=True)
    rate = _number("discount rate", annual_rate, minimum=0)
    unit = _number("time unit", days_per_unit, minimum=0, strict=True)
    months = int(math.ceil(horizon / DAYS_PER_MONTH - 1e-9))
    # month by month on the distinct (x, T) pairs, P(alive) once at the end
    ux, uT, inverse = _pairs(x, T)
    total = np.zeros_like(ux)
    previous = np.zeros_like(ux)
    for k in range(1, months + 1):
        end_days = min(k * DAYS_PER_MONTH, horizon)
        cumulative = _expected_if_alive(r, alpha, a, b, ux, uT, end_days / unit)
        total += (cumulative - previous) / (1.0 + rate) ** (end_days / DAYS_PER_YEAR)
        previous = cumulative
    total = total[inverse]
    if not if_alive:
        total = total * _p_alive(r, alpha, a, b, x, t_x, T)
    return total * margin


def margin_per_order(order_value, revenue, profit):
    """Expected margin per order: the expected order value times the
    customer's margin ratio (profit / net revenue, kept between -1 and 1);
    the customers without revenue take the revenue-weighted mean of those
    ratios (one customer's cost to serve cannot swing everyone's value)."""
    order_value, revenue, profit = (
        _array("order value", order_value), _array("revenue", revenue), _array("profit", profit))
    if not (order_value.shape == revenue.shape == profit.shape):
        raise ClvError(ERR_INPUT, "order value, revenue and profit must have the same length")
    selling = revenue > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.clip(profit / np.where(selling, revenue, 1.0), -1.0, 1.0)
    total = float(np.sum(revenue[selling]))
    overall = float(np.sum(ratio[selling] * revenue[selling])) / total if total > 0 else 0.0
    return order_value * np.where(selling, ratio, overall)


def value_at_risk(value, p_alive_values):
    """Value at risk: ``value`` (the CLV if the customer is still active, see
    :func:`clv`) x (1 - P(alive)), the value lost with the probability that
    the customer has left; a customer of negative value puts nothing at risk.
    (With the CLV itself, which already holds the P(alive) factor, a customer
    almost surely gone would have almost nothing at risk.)"""
    value, alive = _array("value", value), _array("P(alive)", p_alive_values)
    if value.shape != alive.shape or np.any((alive < 0) | (alive > 1)):
        raise ClvError(ERR_INPUT, "value and P(alive) must match, P(alive) in [0, 1]")
    return np.maximum(value, 0.0) * (1.0 - alive)


# --- From purchases to the models' inputs, enough data, holdout check ------

def check_enough_data(x, T, min_repeat_customers=200, min_history=52.0):
    """Raise :class:`ClvError` (not_enough_data / short_history) unless at
    least ``min_repeat_customers`` customers have a repeat purchase and the
    oldest customer is at least ``min_history`` old (same unit as T)."""
    x, T = _array("x", x, allow_empty=True), _array("T", T, allow_empty=True)
    repeat = int(np.count_nonzero(x > 0))
    if repeat < min_repeat_customers:
        raise ClvError(ERR_NOT_ENOUGH_DATA,
                       "%(repeat)s customers with a repeat purchase, %(minimum)s needed",
                       repeat=repeat, minimum=int(min_repeat_customers))
    history = float(np.max(T)) if T.size else 0.0
    if history < min_history:
        raise ClvError(ERR_SHORT_HISTORY, "%(history).0f of %(minimum).0f periods of history",
                       history=history, minimum=float(min_history))


def rfm_from_purchases(customer, day, start, end):
    """(x, t_x, T, first) per customer index 0..n-1 from purchase rows
    (``customer`` index, ``day`` number, one row per distinct purchase day),
    counting only the days in [start, end); T = end - first purchase.
    Customers without a purchase in the period get x = t_x = T = 0 and
    first = nan."""
    customer = _array("customer", customer, allow_empty=True).astype(int)
    day = _array("day", day, allow_empty=True)
    n = int(customer.max()) + 1 if customer.size else 0
    inside = (day >= start) & (day < end)
    cust, d = customer[inside], day[inside]
    first = np.full(n, np.inf)
    last = np.full(n, -np.inf)
    count = np.zeros(n)
    np.minimum.at(first, cust, d)
    np.maximum.at(last, cust, d)
    np.add.at(count, cust, 1.0)
    seen = count > 0
    x = np.where(seen, count - 1, 0.0)
    t_x = np.where(seen, last - np.where(seen, first, 0.0), 0.0)
    T = np.where(seen, end - np.where(seen, first, 0.0), 0.0)
    return x, t_x, T, np.where(seen, first, np.nan)


def holdout_check(customer, day, calibration_end, end, period=7.0, max_group=6):
    """Calibrate BG/NBD on the purchases before ``calibration_end`` (in days,
    like ``day``), predict the repeat purchases in [calibration_end, end) of
    the customers whose first purchase is in the calibration period, compare
    with what they did. Returns a dict (JSON-ready):

    * ``params``: the calibration fit;
    * ``groups``: per number of calibration repeat purchases 0..max_group
      (the last one "max_group or more"): customers, mean predicted and mean
      actual repeat purchases in the holdout period;
    * ``weekly``: per period from the first purchase to ``end``: cumulative
      actual and expected repeat purchases (eq. 9 for each customer since
      their first purchase);
    * ``mae`` (mean absolute error per customer), ``total_actual``,
      ``total_predicted``, ``total_error_pct``.
    """
    calibration_end, end = float(calibration_end), float(end)
    period = _number("period", period, minimum=0, strict=True)
    if not end > calibration_end:
        raise ClvError(ERR_INPUT, "the holdout period is empty")
    customer = _array("customer", customer, allow_empty=True).astype(int)
    day = _array("day", day, allow_empty=True)
    x, t_x, T, first = rfm_from_purchases(customer, day, -np.inf, calibration_end)
    cohort = ~np.isnan(first)
    if not np.any(cohort):
        raise ClvError(ERR_NOT_ENOUGH_DATA, "no customer in the calibration period")
    x, t_x, T, first = x[cohort], t_x[cohort], T[cohort], first[cohort]
    fit = bgnbd_fit(x / 1.0, t_x / period, T / period)
    params = (fit["r"], fit["alpha"], fit["a"], fit["b"])
    holdout = (end - calibration_end) / period
    predicted = _expected_purchases(*params, x, t_x / period, T / period, holdout)
    index = np.full(int(customer.max()) + 1, -1)
    index[np.flatnonzero(cohort)] = np.arange(int(np.count_nonzero(cohort)))
    rows = index[customer] >= 0
    in_holdout = rows & (day >= calibration_end) & (day < end)
    actual = np.bincount(index[customer[in_holdout]], minlength=x.size).astype(float)
    groups = []
    capped = np.minimum(x, max_group)
    for g in range(max_group + 1):
        members = capped == g
        n = int(np.count_nonzero(members))
        groups.append({
            "repeat": g, "or_more": g == max_group, "customers": n,
            "predicted": float(np.mean(predicted[members])) if n else 0.0,
            "actual": float(np.mean(actual[members])) if n else 0.0})
    # cumulative repeat purchases per period (the first purchase is not a repeat)
    start = float(np.min(first))
    n_periods = int(math.ceil((end - start) / period))
    edges = start + period * np.arange(1, n_periods + 1)
    edges[-1] = min(edges[-1], end)
    repeat_days = np.sort(day[rows & (day < end)
                              & (day > first[index[np.where(rows, customer, 0)]])])
    actual_cum = np.searchsorted(repeat_days, edges, side="left")
    # eq. (9) once per distinct first purchase day, times its customers
    born, born_count = np.unique(first, return_counts=True)
    expected_cum = []
    for edge in edges:
        younger = born < edge
        ages = (edge - born[younger]) / period
        expected_cum.append(float(np.dot(expected_purchases_new(params, ages),
                                         born_count[younger])) if ages.size else 0.0)
    total_actual, total_predicted = float(actual.sum()), float(predicted.sum())
    return {
        "params": fit,
        "calibration_end": calibration_end, "end": end, "period": period,
        "customers": int(x.size),
        "groups": groups,
        "weekly": [{"period": i + 1, "actual": int(a), "expected": e,
                    "calibration": bool(edge <= calibration_end)}
                   for i, (edge, a, e) in enumerate(zip(edges, actual_cum, expected_cum))],
        "mae": float(np.mean(np.abs(predicted - actual))),
        "total_actual": total_actual,
        "total_predicted": total_predicted,
        "total_error_pct": (100.0 * (total_predicted - total_actual) / total_actual
                            if total_actual else None),
    }


def simulate_bgnbd(params, T, seed=0):
    """Customers drawn from the BG/NBD process (for tests and benchmarks):
    each has a purchase rate lambda ~ Gamma(r, 1/alpha) and a dropout
    probability p ~ Beta(a, b); repeat purchases follow a Poisson process of
    rate lambda after the first purchase at 0; after each repeat purchase the
    customer drops out with probability p. Observed until age ``T``. Returns
    (x, t_x)."""
    r, alpha, a, b = _bgnbd_params(params)
    T = _array("T", T)
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1.0 / alpha, T.size)
    drop = rng.beta(a, b, T.size)
    x, t_x, now = np.zeros(T.size), np.zeros(T.size), np.zeros(T.size)
    active = np.ones(T.size, dtype=bool)
    while np.any(active):
        now = now + rng.exponential(1.0, T.size) / np.maximum(lam, 1e-12)
        bought = active & (now <= T)
        x[bought] += 1
        t_x[bought] = now[bought]
        active = bought & (rng.uniform(size=T.size) >= drop)
    return x, t_x

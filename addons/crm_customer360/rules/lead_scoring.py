# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lead scoring: who are the real prospects (no Odoo import).

A regularised (L2) logistic regression, written out with numpy/scipy, learnt
from one company's own closed leads (won against lost, as
``crm_customer_base.rules.definitions`` defines them). The features are what
Odoo knows about a lead at the moment it closed (or, for an open lead, at the
scoring date): source, medium, campaign, country and sales team (one-hot, a
level seen on fewer than ``MIN_LEVEL`` training leads counts as "other"),
the customer's size (contacts) and net revenue before the lead, mailing opens
and clicks, event attendance, the lead's age and the activities done on it
(``log1p``, standardised).

Measured honestly: the closed leads are split by their closing date, the
oldest ``1 - HOLDOUT`` train a model and the newest ``HOLDOUT`` measure it
(AUC and a calibration table). The model that scores the open leads is then
refitted on the whole history. Below ``MIN_CLASS`` won or lost leads there is
no model and no score (missing, never 0).

The reasons of a score are the per-feature contributions ``w_j (x_j - mean_j)``
(the log-odds the feature adds to an average lead); a category's reason also
gives its win rate against the average (``3.0x the average win rate``).
"""
import math

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from scipy.stats import rankdata

from odoo.addons.crm_customer_base.rules import definitions

#: Fewer won (or lost) closed leads than this: no model, no score.
MIN_CLASS = 50
#: Share of the newest closed leads held out to measure the model.
HOLDOUT = 0.25
#: L2 penalty of the coefficients (the intercept is not penalised).
L2 = 1.0
#: A category level needs this many training leads to get its own weight.
MIN_LEVEL = 5
#: Edges of the calibration table's bins (predicted probability).
CALIBRATION_EDGES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
#: How many reasons a score shows.
TOP_REASONS = 3

#: One-hot features: (row key of the id, row key of the label).
CATEGORIES = ("source", "medium", "campaign", "country", "team")
#: Numeric features (row keys), log1p-transformed and standardised.
NUMBERS = ("contacts", "revenue", "opens", "clicks", "attended", "age_days",
           "activities")

#: One set-based query per company: every closed lead (won/lost) and every open
#: lead with its features, counted up to the lead's cutoff (closing date for a
#: closed lead, the scoring date for an open one) so that nothing that happened
#: after the outcome leaks into the training. Parameters: company, as_of.
#: ``{mailing}`` and ``{event}`` are replaced by the optional apps' subqueries
#: (or by 0 when the app is not installed).
FEATURE_QUERY = """
WITH leads AS (
    SELECT l.id, l.partner_id, l.email_from, l.source_id, l.medium_id, l.campaign_id,
           l.country_id, l.team_id, l.create_date,
           CASE WHEN {won} THEN 1 WHEN {lost} THEN 0 END AS outcome,
           CASE WHEN {won} OR {lost} THEN COALESCE(l.date_closed, l.write_date)
                ELSE %(as_of)s::timestamp END AS cutoff,
           p.commercial_partner_id AS commercial_id
      FROM crm_lead l
      LEFT JOIN res_partner p ON p.id = l.partner_id
     WHERE l.company_id = %(company)s
       AND l.create_date <= %(as_of)s::timestamp
       AND ({won} OR {lost} OR {open})
), contacts AS (
    SELECT c.commercial_partner_id AS commercial_id, count(*) AS n
      FROM res_partner c
     WHERE c.commercial_partner_id IN (SELECT commercial_id FROM leads)
       AND c.id <> c.commercial_partner_id
     GROUP BY c.commercial_partner_id
), revenue AS (
    SELECT ld.id, sum({revenue_amount}) AS amount
      FROM leads ld
      JOIN account_invoice i ON i.commercial_partner_id = ld.commercial_id
     WHERE i.company_id = %(company)s AND {is_revenue}
       AND i.date_invoice < ld.create_date::date
     GROUP BY ld.id
), mailing AS ({mailing}
), attended AS ({event}
), activities AS (
    SELECT ld.id, count(*) AS n
      FROM leads ld
      JOIN mail_message m ON m.model = 'crm.lead' AND m.res_id = ld.id
     WHERE m.mail_activity_type_id IS NOT NULL AND m.date <= ld.cutoff
     GROUP BY ld.id
)
SELECT ld.id, ld.outcome, ld.cutoff,
       ld.source_id, src.name AS source_name,
       ld.medium_id, med.name AS medium_name,
       ld.campaign_id, cmp.name AS campaign_name,
       ld.country_id, cty.name AS country_name,
       ld.team_id, tm.name AS team_name,
       COALESCE(ct.n, 0) AS contacts,
       COALESCE(rv.amount, 0) AS revenue,
       COALESCE(ml.opens, 0) AS opens,
       COALESCE(ml.clicks, 0) AS clicks,
       COALESCE(ev.n, 0) AS attended,
       GREATEST(EXTRACT(EPOCH FROM ld.cutoff - ld.create_date) / 86400.0, 0) AS age_days,
       COALESCE(ac.n, 0) AS activities
  FROM leads ld
  LEFT JOIN contacts ct ON ct.commercial_id = ld.commercial_id
  LEFT JOIN revenue rv ON rv.id = ld.id
  LEFT JOIN mailing ml ON ml.id = ld.id
  LEFT JOIN attended ev ON ev.id = ld.id
  LEFT JOIN activities ac ON ac.id = ld.id
  LEFT JOIN utm_source src ON src.id = ld.source_id
  LEFT JOIN utm_medium med ON med.id = ld.medium_id
  LEFT JOIN utm_campaign cmp ON cmp.id = ld.campaign_id
  LEFT JOIN res_country cty ON cty.id = ld.country_id
  LEFT JOIN crm_team tm ON tm.id = ld.team_id
 ORDER BY ld.id
"""

#: Mailing opens and clicks of the lead or of its contact (one row per lead).
MAILING_SQL = """
    SELECT x.id, count(*) FILTER (WHERE x.opened <= x.cutoff) AS opens,
           count(*) FILTER (WHERE x.clicked <= x.cutoff) AS clicks
      FROM (SELECT ld.id, s.opened, s.clicked, ld.cutoff
              FROM leads ld
              JOIN mail_mail_statistics s ON s.model = 'crm.lead' AND s.res_id = ld.id
            UNION ALL
            SELECT ld.id, s.opened, s.clicked, ld.cutoff
              FROM leads ld
              JOIN mail_mail_statistics s ON s.model = 'res.partner'
                                         AND s.res_id = ld.partner_id) x
     GROUP BY x.id"""
NO_MAILING_SQL = """
    SELECT NULL::int AS id, 0 AS opens, 0 AS clicks WHERE FALSE"""

#: Events attended by the lead's contact or email (one row per lead).
EVENT_SQL = """
    SELECT x.id, count(DISTINCT x.registration_id) AS n
      FROM (SELECT ld.id, r.id AS registration_id, r.state, r.date_closed, r.create_date,
                   ld.cutoff
              FROM leads ld JOIN event_registration r ON r.partner_id = ld.partner_id
            UNION ALL
            SELECT ld.id, r.id, r.state, r.date_closed, r.create_date, ld.cutoff
              FROM leads ld
              JOIN event_registration r ON lower(r.email) = lower(ld.email_from)) x
     WHERE x.state = 'done' AND COALESCE(x.date_closed, x.create_date) <= x.cutoff
     GROUP BY x.id"""
NO_EVENT_SQL = """
    SELECT NULL::int AS id, 0 AS n WHERE FALSE"""


def feature_query(mailing=False, event=False):
    """The SQL of ``FEATURE_QUERY`` for the installed apps."""
    return FEATURE_QUERY.format(
        won=definitions.sql_is_won_lead("l"), lost=definitions.sql_is_lost_lead("l"),
        open=definitions.sql_is_open_lead("l"),
        revenue_amount=definitions.sql_net_revenue_amount("i.amount_untaxed_signed"),
        is_revenue=definitions.sql_is_revenue_invoice("i.type", "i.state"),
        mailing=MAILING_SQL if mailing else NO_MAILING_SQL,
        event=EVENT_SQL if event else NO_EVENT_SQL)


# --- The model ---------------------------------------------------------------


def _level(row, name):
    """(key, label) of a category of a row; (None, None) when empty."""
    key = row.get(name + "_id")
    return (key, row.get(name + "_name") or "") if key else (None, None)


def learn_spec(rows):
    """What the design matrix is made of, learnt from training rows: the
    category levels that get their own column (with their win rate against
    the average) and the mean/std of the transformed numbers."""
    outcomes = np.array([r["outcome"] for r in rows], dtype=float)
    base_rate = float(outcomes.mean()) if len(rows) else 0.0
    levels = []
    for name in CATEGORIES:
        seen = {}
        for row, y in zip(rows, outcomes):
            key, label = _level(row, name)
            if key is None:
                continue
            entry = seen.setdefault(key, [label, 0, 0.0])
            entry[1] += 1
            entry[2] += y
        for key in sorted(seen):
            label, count, won = seen[key]
            if count >= MIN_LEVEL:
                rate = won / count
                levels.append({"feature": name, "key": key, "label": label, "count": count,
                               "ratio": rate / base_rate if base_rate else None})
    numbers = []
    for name in NUMBERS:
        values = np.log1p(np.array([max(float(r.get(name) or 0.0), 0.0) for r in rows]))
        mean = float(values.mean()) if len(values) else 0.0
        std = float(values.std()) if len(values) else 0.0
        raw_mean = float(np.expm1(values).mean()) if len(values) else 0.0
        numbers.append({"feature": name, "mean": mean, "std": std if std > 1e-9 else 1.0,
                        "raw_mean": raw_mean})
    return {"levels": levels, "numbers": numbers, "base_rate": base_rate, "n": len(rows)}


def design(rows, spec):
    """The design matrix (no intercept column) of ``rows`` under ``spec``."""
    X = np.zeros((len(rows), len(spec["levels"]) + len(spec["numbers"])))
    index = {(lv["feature"], lv["key"]): j for j, lv in enumerate(spec["levels"])}
    offset = len(spec["levels"])
    for i, row in enumerate(rows):
        for name in CATEGORIES:
            j = index.get((name, row.get(name + "_id")))
            if j is not None:
                X[i, j] = 1.0
        for k, num in enumerate(spec["numbers"]):
            value = math.log1p(max(float(row.get(num["feature"]) or 0.0), 0.0))
            X[i, offset + k] = (value - num["mean"]) / num["std"]
    return X


def fit_logistic(X, y, l2=L2):
    """Weights (intercept first) of the L2-regularised logistic regression:
    minimises sum(log(1 + e^z) - y z) + l2/2 |w[1:]|^2 with z = w0 + X w."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    Xb = np.hstack([np.ones((X.shape[0], 1)), X])

    def loss(w):
        z = Xb.dot(w)
        value = np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * np.dot(w[1:], w[1:])
        grad = Xb.T.dot(expit(z) - y)
        grad[1:] += l2 * w[1:]
        return value, grad

    start = np.zeros(Xb.shape[1])
    rate = min(max(y.mean(), 1e-3), 1 - 1e-3) if len(y) else 0.5
    start[0] = math.log(rate / (1 - rate))
    result = minimize(loss, start, jac=True, method="L-BFGS-B",
                      options={"maxiter": 500})
    return result.x


def predict(weights, X):
    return expit(weights[0] + np.asarray(X, dtype=float).dot(weights[1:]))


def auc(y, p):
    """Area under the ROC curve (Mann-Whitney, ties count half); None without
    both classes."""
    y = np.asarray(y, dtype=float)
    positives = int(y.sum())
    negatives = len(y) - positives
    if not positives or not negatives:
        return None
    ranks = rankdata(p)
    return float((ranks[y == 1].sum() - positives * (positives + 1) / 2.0)
                 / (positives * negatives))


def calibration(y, p, edges=CALIBRATION_EDGES):
    """Rows (low, high, count, mean predicted, observed win rate) of the
    held-out leads per bin of predicted probability; empty bins are left out."""
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    table = []
    for b, (low, high) in enumerate(zip(edges[:-1], edges[1:])):
        last = b == len(edges) - 2
        mask = (p >= low) & ((p <= high) if last else (p < high))
        count = int(mask.sum())
        if count:
            table.append({"low": low, "high": high, "count": count,
                          "predicted": float(p[mask].mean()),
                          "observed": float(y[mask].mean())})
    return table


def split_by_time(closed):
    """(train, test) of closed rows: the newest ``HOLDOUT`` share by cutoff
    (closing date, then id) is the test set."""
    ordered = sorted(closed, key=lambda r: (str(r["cutoff"]), r["id"]))
    cut = int(round(len(ordered) * (1 - HOLDOUT)))
    return ordered[:cut], ordered[cut:]


def train(rows, min_class=MIN_CLASS):
    """Learn and measure the model from feature rows (dicts of
    ``FEATURE_QUERY``), and score the open ones.

    Returns a dict: ``status`` (``ok``, ``too_few``), counts ``won``,
    ``lost``, ``train``, ``test``, ``auc`` and ``calibration`` of the held-out
    leads, ``spec``, ``weights`` (list) and ``scores`` {open lead id:
    (probability, reasons)}; with ``too_few``, no weights and no scores."""
    closed = [r for r in rows if r.get("outcome") in (0, 1)]
    opened = [r for r in rows if r.get("outcome") not in (0, 1)]
    won = sum(1 for r in closed if r["outcome"] == 1)
    lost = len(closed) - won
    result = {"won": won, "lost": lost, "open": len(opened), "min_class": min_class,
              "train": 0, "test": 0, "auc": None, "calibration": [], "spec": None,
              "weights": None, "scores": {}}
    if won < min_class or lost < min_class:
        result["status"] = "too_few"
        return result
    train_rows, test_rows = split_by_time(closed)
    spec = learn_spec(train_rows)
    weights = fit_logistic(design(train_rows, spec),
                           [r["outcome"] for r in train_rows])
    y_test = [r["outcome"] for r in test_rows]
    p_test = predict(weights, design(test_rows, spec))
    result.update(train=len(train_rows), test=len(test_rows), auc=auc(y_test, p_test),
                  calibration=calibration(y_test, p_test))
    # The scoring model learns from the whole history.
    spec = learn_spec(closed)
    weights = fit_logistic(design(closed, spec), [r["outcome"] for r in closed])
    result.update(status="ok", spec=spec, weights=[float(w) for w in weights])
    result["scores"] = score(opened, spec, weights)
    return result


def score(rows, spec, weights):
    """{lead id: (probability, reasons)} of rows under a trained model."""
    if not rows:
        return {}
    weights = np.asarray(weights, dtype=float)
    X = design(rows, spec)
    probabilities = predict(weights, X)
    # The contribution of a feature: its log-odds against an average lead
    # (the numbers are centred already; the levels against their frequency).
    centre = np.zeros(X.shape[1])
    for j, lv in enumerate(spec["levels"]):
        centre[j] = float(lv["count"]) / spec["n"] if spec["n"] else 0.0
    contributions = (X - centre) * weights[1:]
    out = {}
    for i, row in enumerate(rows):
        out[row["id"]] = (float(probabilities[i]), reasons(row, spec, contributions[i]))
    return out


def reasons(row, spec, contribution, top=TOP_REASONS):
    """The ``top`` features that move this lead's log-odds most, as dicts
    ``kind`` (``category``/``number``), ``feature``, ``label``/``value``,
    ``ratio``/``average``, ``effect`` (log-odds, signed)."""
    items = []
    levels = spec["levels"]
    for j, lv in enumerate(levels):
        if abs(contribution[j]) < 0.05 or row.get(lv["feature"] + "_id") != lv["key"]:
            continue
        items.append({"kind": "category", "feature": lv["feature"], "label": lv["label"],
                      "ratio": lv["ratio"], "effect": float(contribution[j])})
    for k, num in enumerate(spec["numbers"]):
        effect = float(contribution[len(levels) + k])
        if abs(effect) < 0.05:
            continue
        items.append({"kind": "number", "feature": num["feature"],
                      "value": float(row.get(num["feature"]) or 0.0),
                      "average": num["raw_mean"], "effect": effect})
    items.sort(key=lambda it: (-abs(it["effect"]), it["feature"]))
    return items[:top]

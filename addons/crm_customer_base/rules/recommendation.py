# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who to send: the one ranking of candidates (salespeople on an opportunity,
technicians on a ticket), no Odoo import.

Each candidate brings counts that the addons compute with one set-based query
for the whole team:

* ``similar``: one or more (successes, trials) pairs on similar past work
  (won / closed deals of the same size band, segment and product category;
  first-time fixes / solved tickets and satisfied / answered surveys of the
  same category and product);
* ``customer``: (successes, trials) with this very customer;
* ``load``: the open work on the candidate's desk now.

A rate from few trials is shrunk toward the team's pooled rate (a Beta prior
worth ``PRIOR_STRENGTH`` trials: ``(s + k p) / (n + k)``), so that one lucky
deal does not rank first. The score (0-100) is
``WEIGHT_SIMILAR x similar + WEIGHT_CUSTOMER x customer + WEIGHT_LOAD x
spare capacity``, spare capacity being 1 for the least loaded candidate of
the team and 0 for the most loaded one.
"""

#: Pseudo-trials of the team's average that every rate starts from.
PRIOR_STRENGTH = 5.0
WEIGHT_SIMILAR = 0.5
WEIGHT_CUSTOMER = 0.25
WEIGHT_LOAD = 0.25

#: Upper bounds of the deal size bands (expected revenue, company currency);
#: the last band is open-ended.
DEAL_SIZE_BANDS = (10000.0, 50000.0, 200000.0)


def deal_size_band(amount):
    """Band index (0..len(DEAL_SIZE_BANDS)) of an expected revenue."""
    amount = amount or 0.0
    for i, bound in enumerate(DEAL_SIZE_BANDS):
        if amount < bound:
            return i
    return len(DEAL_SIZE_BANDS)


def sql_deal_size_band(amount_col):
    """SQL of ``deal_size_band``."""
    whens = " ".join("WHEN COALESCE(%s, 0) < %r THEN %d" % (amount_col, bound, i)
                     for i, bound in enumerate(DEAL_SIZE_BANDS))
    return "(CASE %s ELSE %d END)" % (whens, len(DEAL_SIZE_BANDS))


def shrunk_rate(successes, trials, prior, strength=PRIOR_STRENGTH):
    """The rate of ``successes`` in ``trials`` shrunk toward ``prior``."""
    return (float(successes or 0) + strength * prior) / (float(trials or 0) + strength)


def pooled_rate(pairs, default=0.5):
    """successes / trials over all pairs (the team's average)."""
    trials = sum(float(t or 0) for _s, t in pairs)
    return sum(float(s or 0) for s, _t in pairs) / trials if trials else default


def rank(candidates, strength=PRIOR_STRENGTH):
    """Candidates (dicts: id, similar [(s, n), ...], customer (s, n), load)
    ranked best first. Each result: id, score (0-100), similar (list of
    shrunk rates), similar_raw (the counts), customer (shrunk rate),
    customer_raw, load, spare (0-1). Ties: lower load, then id."""
    if not candidates:
        return []
    metrics = max(len(c["similar"]) for c in candidates)
    priors = [pooled_rate([c["similar"][m] for c in candidates if len(c["similar"]) > m])
              for m in range(metrics)]
    customer_prior = pooled_rate([c["customer"] for c in candidates],
                                 default=sum(priors) / len(priors) if priors else 0.5)
    loads = [float(c["load"] or 0) for c in candidates]
    low, high = min(loads), max(loads)
    out = []
    for c in candidates:
        similar = [shrunk_rate(s, n, priors[m], strength)
                   for m, (s, n) in enumerate(c["similar"])]
        customer = shrunk_rate(c["customer"][0], c["customer"][1], customer_prior, strength)
        spare = 1.0 if high == low else 1.0 - (float(c["load"] or 0) - low) / (high - low)
        quality = sum(similar) / len(similar) if similar else 0.0
        score = 100.0 * (WEIGHT_SIMILAR * quality + WEIGHT_CUSTOMER * customer
                         + WEIGHT_LOAD * spare)
        out.append({"id": c["id"], "score": round(score, 1), "similar": similar,
                    "similar_raw": [tuple(p) for p in c["similar"]], "customer": customer,
                    "customer_raw": tuple(c["customer"]), "load": c["load"] or 0,
                    "spare": spare, "priors": priors})
    out.sort(key=lambda r: (-r["score"], r["load"], r["id"]))
    return out

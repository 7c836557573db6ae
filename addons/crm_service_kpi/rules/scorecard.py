# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scorecard arithmetic as plain functions (no Odoo import).

A scorecard scores a person or a team from 0 to 100:

* each KPI line contributes its attainment of the target
  (``kpi_catalog.attainment``: value / target for higher-is-better KPIs,
  target / value for lower-is-better ones, in percent, capped at 200) **capped
  at 100**: beating one target does not make up for missing another;
* satisfaction contributes its value normalised to 0-100: CSAT 1-5 maps to
  0-100 ((csat - 1) / 4 x 100), NPS -100..100 maps to 0-100 ((nps + 100) / 2);
* score = weighted mean of the known parts (a KPI without value or target,
  or satisfaction without any answer, is left out together with its weight);
  None when nothing is known;
* when satisfaction is known and below the floor, the score is capped at the
  cap (``capped`` is then True): operational results do not buy a good score
  from unhappy customers. Unknown satisfaction never caps.
"""

CSAT_RANGE = (1.0, 5.0)
NPS_RANGE = (-100.0, 100.0)
MEASURES = ("csat", "nps")


def floor_range(measure):
    """(low, high) of a satisfaction floor for the measure."""
    return CSAT_RANGE if measure == "csat" else NPS_RANGE


def normalise_satisfaction(value, measure):
    """Satisfaction on a 0-100 scale (None stays None)."""
    if value is None:
        return None
    if measure == "csat":
        low, high = CSAT_RANGE
    elif measure == "nps":
        low, high = NPS_RANGE
    else:
        raise ValueError("unknown satisfaction measure %r" % (measure,))
    norm = 100.0 * (value - low) / (high - low)
    return round(max(0.0, min(norm, 100.0)), 2)


def weights_problem(kpi_weights, satisfaction_weight):
    """A short reason why the weights are unusable, or None when they are fine:
    'negative' (a weight below 0 or a KPI weight of 0), 'empty' (all zero)."""
    if any(w is None or w <= 0 for w in kpi_weights):
        return "negative"
    if satisfaction_weight is None or satisfaction_weight < 0:
        return "negative"
    if sum(kpi_weights) + satisfaction_weight <= 0:
        return "empty"
    return None


def score(parts, satisfaction, satisfaction_weight, measure, floor, cap):
    """(score, capped) of one person or team.

    ``parts``: (weight, attainment) of each KPI line, attainment in percent
    or None; ``satisfaction``: the raw CSAT average or NPS (None: no answer).
    """
    known = [(w, min(a, 100.0)) for w, a in parts if a is not None and w > 0]
    norm = normalise_satisfaction(satisfaction, measure)
    if norm is not None and satisfaction_weight > 0:
        known.append((satisfaction_weight, norm))
    total = sum(w for w, _value in known)
    if not known or total <= 0:
        result = None
    else:
        result = sum(w * v for w, v in known) / total
    capped = satisfaction is not None and floor is not None and satisfaction < floor
    if capped and result is not None:
        result = min(result, cap)
    return (round(result, 2) if result is not None else None), capped

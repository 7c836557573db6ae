# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Satisfaction formulas as plain functions (no Odoo import).

- CSAT average: mean of all CSAT answers (1-5) in the period.
- % satisfied: share of CSAT answers that are 4 or 5.
- NPS: % promoters (9-10) minus % detractors (0-6), from -100 to 100.
"""


def csat_avg(scores):
    scores = [s for s in scores if s is not None]
    return sum(scores) / len(scores) if scores else None


def csat_satisfied_pct(scores):
    scores = [s for s in scores if s is not None]
    return 100.0 * sum(1 for s in scores if s >= 4) / len(scores) if scores else None


def nps(scores):
    scores = [s for s in scores if s is not None]
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return 100.0 * (promoters - detractors) / len(scores)


def is_detractor(csat, nps_score):
    return (nps_score is not None and nps_score <= 6) or (csat is not None and csat <= 2)

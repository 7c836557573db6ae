# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scores of crm_service_kpi's scorecards (rules/scorecard.py), no database."""
import unittest

from hypothesis import given, settings, strategies as st

from odoo.addons.crm_service_kpi.rules import scorecard


class TestScorecardFormula(unittest.TestCase):
    """The plain arithmetic of rules/scorecard.py."""

    def test_normalise(self):
        self.assertEqual(scorecard.normalise_satisfaction(1, "csat"), 0.0)
        self.assertEqual(scorecard.normalise_satisfaction(4, "csat"), 75.0)
        self.assertEqual(scorecard.normalise_satisfaction(-100, "nps"), 0.0)
        self.assertEqual(scorecard.normalise_satisfaction(20, "nps"), 60.0)
        self.assertIsNone(scorecard.normalise_satisfaction(None, "nps"))

    def test_weighted_mean_and_cap(self):
        # attainments 120 (counts 100) and 50, weights 1 and 3; CSAT 5 (100), weight 1
        score, capped = scorecard.score([(1, 120.0), (3, 50.0)], 5.0, 1.0, "csat", 3.0, 60.0)
        self.assertEqual((score, capped), ((100 + 150 + 100) / 5, False))
        # CSAT 2.5 below the floor 3: (100 + 150 + 37.5) / 5 = 57.5 is under the cap
        score, capped = scorecard.score([(1, 120.0), (3, 50.0)], 2.5, 1.0, "csat", 3.0, 60.0)
        self.assertEqual((score, capped), (57.5, True))
        # NPS -10 below the floor 0: 100 would be capped at 40
        score, capped = scorecard.score([(1, 100.0)], -10.0, 0.0, "nps", 0.0, 40.0)
        self.assertEqual((score, capped), (40.0, True))
        # unknown figures leave their weight out; nothing known: no score, no cap
        self.assertEqual(scorecard.score([(1, None), (1, 80.0)], None, 5.0, "csat", 3, 60),
                         (80.0, False))
        self.assertEqual(scorecard.score([(1, None)], None, 5.0, "csat", 3, 60), (None, False))

    def test_weights_problem(self):
        self.assertIsNone(scorecard.weights_problem([1.0, 2.0], 0.0))
        self.assertEqual(scorecard.weights_problem([0.0], 1.0), "negative")
        self.assertEqual(scorecard.weights_problem([1.0], -1.0), "negative")
        self.assertEqual(scorecard.weights_problem([], 0.0), "empty")


@settings(max_examples=25, deadline=None)
@given(value=st.floats(min_value=1, max_value=5), measure=st.just("csat"))
def test_normalised_csat_within_0_100(value, measure):
    assert 0.0 <= scorecard.normalise_satisfaction(value, measure) <= 100.0


@settings(max_examples=25, deadline=None)
@given(parts=st.lists(st.tuples(st.floats(min_value=0.01, max_value=10),
                                st.one_of(st.none(), st.floats(min_value=0, max_value=500))),
                      min_size=1, max_size=6),
       cap=st.floats(min_value=0, max_value=100))
def test_score_between_0_and_100(parts, cap):
    """Each attainment counts at most 100 %: the score never leaves 0..100."""
    value, capped = scorecard.score(parts, None, 0.0, "csat", 3.0, cap)
    assert not capped
    if all(a is None for _w, a in parts):
        assert value is None
    else:
        assert 0.0 <= value <= 100.0 + 1e-9

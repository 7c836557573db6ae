# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SLA arithmetic of crm_service_kpi (rules/sla.py), no database."""
import unittest
from datetime import datetime, timedelta

from hypothesis import given, settings, strategies as st

from odoo.addons.crm_service_kpi.rules import sla


class TestSlaFunctions(unittest.TestCase):
    """Plain arithmetic (rules/sla.py), no database needed."""

    ATT = [(d, 8.0, 17.0) for d in range(5)]

    def test_add_working_hours(self):
        self.assertEqual(sla.add_working_hours(datetime(2026, 1, 9, 16), 8, self.ATT),
                         datetime(2026, 1, 12, 15))
        # exactly the rest of the day ends the same day, not next Monday
        self.assertEqual(sla.add_working_hours(datetime(2026, 1, 9, 8), 9, self.ATT),
                         datetime(2026, 1, 9, 17))
        # started on a Saturday: Monday's first hours
        self.assertEqual(sla.add_working_hours(datetime(2026, 1, 10, 12), 1, self.ATT),
                         datetime(2026, 1, 12, 9))
        # time zone: 08:00 UTC is 16:00 in Shanghai, one hour left that day
        self.assertEqual(
            sla.add_working_hours(datetime(2026, 1, 9, 8), 2, self.ATT, "Asia/Shanghai"),
            datetime(2026, 1, 12, 1))
        # a public holiday on Monday pushes to Tuesday
        leaves = [(datetime(2026, 1, 12, 0), datetime(2026, 1, 13, 0))]
        self.assertEqual(
            sla.add_working_hours(datetime(2026, 1, 9, 16), 2, self.ATT, "UTC", leaves),
            datetime(2026, 1, 13, 9))
        # no calendar: around the clock
        self.assertEqual(sla.add_working_hours(datetime(2026, 1, 9, 16), 10, []),
                         datetime(2026, 1, 10, 2))

    def test_working_hours_between(self):
        self.assertEqual(sla.working_hours_between(
            datetime(2026, 1, 9, 16), datetime(2026, 1, 12, 15), self.ATT), 8.0)
        self.assertEqual(sla.working_hours_between(
            datetime(2026, 1, 10, 9), datetime(2026, 1, 11, 9), self.ATT), 0.0)

    def test_match_policy_rule(self):
        pols = [
            dict(id=1, sequence=1, team_id=False, priority=False, tier=False),
            dict(id=2, sequence=5, team_id=7, priority=False, tier=False),
            dict(id=3, sequence=9, team_id=False, priority="3", tier=False),
            dict(id=4, sequence=9, team_id=False, priority=False, tier="Gold"),
            dict(id=5, sequence=2, team_id=False, priority="3", tier=False),
        ]
        self.assertEqual(sla.match_policy(pols, 8, "1", False), 1)
        self.assertEqual(sla.match_policy(pols, 7, "1", False), 2)
        # priority beats team; ties on specificity go to the lowest sequence
        self.assertEqual(sla.match_policy(pols, 7, "3", False), 5)
        # tier beats priority and team, compared without case
        self.assertEqual(sla.match_policy(pols, 7, "3", " gold "), 4)
        self.assertFalse(sla.match_policy(pols[1:2], 8, "1", False))

    def test_status_rules(self):
        d = datetime
        fr = (d(2026, 1, 12, 9), d(2026, 1, 12, 8, 36), False)
        res = (d(2026, 1, 12, 15), d(2026, 1, 12, 13, 24), False)
        self.assertEqual(sla.ticket_status(d(2026, 1, 9, 17), fr, res, False, False),
                         sla.ON_TRACK)
        self.assertEqual(sla.ticket_status(d(2026, 1, 12, 8, 40), fr, res, False, False),
                         sla.AT_RISK)
        self.assertEqual(sla.ticket_status(d(2026, 1, 12, 9, 5), fr, res, False, False),
                         sla.BREACHED)
        # frozen while waiting on the customer
        self.assertEqual(sla.ticket_status(d(2026, 1, 12, 9, 5), fr, res, False, True,
                                           previous=sla.AT_RISK), sla.AT_RISK)
        closed_in_time = (res[0], res[1], d(2026, 1, 12, 14))
        answered = (fr[0], fr[1], d(2026, 1, 12, 8, 50))
        self.assertEqual(sla.ticket_status(d(2026, 2, 1), answered, closed_in_time, True,
                                           False), sla.MET)
        # closed without any answer: the closing is the (late) first response
        self.assertEqual(sla.ticket_status(d(2026, 2, 1), fr, closed_in_time, True, False),
                         sla.BREACHED)


WEEKDAYS = [(d, 8.0, 17.0) for d in range(5)]
starts = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31))


@settings(max_examples=25, deadline=None)
@given(start=starts, hours=st.floats(min_value=0, max_value=200, allow_nan=False),
       tz=st.sampled_from(["UTC", "Asia/Shanghai", "Europe/Paris"]))
def test_working_hours_between_inverts_add_working_hours(start, hours, tz):
    """The working hours from start to start + h working hours are h."""
    end = sla.add_working_hours(start, hours, WEEKDAYS, tz)
    assert end >= start
    assert abs(sla.working_hours_between(start, end, WEEKDAYS, tz) - hours) < 1e-3


@settings(max_examples=25, deadline=None)
@given(start=starts, hours=st.floats(min_value=0, max_value=500, allow_nan=False))
def test_around_the_clock_without_calendar(start, hours):
    end = sla.add_working_hours(start, hours, [])
    assert abs((end - start) - timedelta(hours=hours)) < timedelta(seconds=1)

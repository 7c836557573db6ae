# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Next-reply SLA rules (crm_service_kpi/rules/sla.py), no database."""
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from odoo.addons.crm_service_kpi.rules import sla

WEEK_8_17 = [(d, 8.0, 17.0, None, None) for d in range(5)]


def test_customer_message_starts_only_after_first_response():
    assert sla.next_reply_effect(False, True, False, True) == sla.START
    assert sla.next_reply_effect(False, True, False, False) is None
    # a clock already runs: the oldest waiting message keeps it
    assert sla.next_reply_effect(False, True, True, True) is None


def test_employee_public_reply_stops_note_does_not():
    assert sla.next_reply_effect(True, True, True, True) == sla.STOP
    assert sla.next_reply_effect(True, False, True, True) is None
    assert sla.next_reply_effect(True, True, False, True) is None
    assert sla.next_reply_effect(False, False, False, True) is None


def test_deadline_in_working_hours_and_pause():
    # Fri 16:00 + 4 working hours = Mon 11:00; 2h paused -> Mon 13:00
    start = datetime(2026, 1, 9, 16, 0)
    deadline, risk = sla.next_reply_deadlines(start, 4.0, 75.0, 0.0, WEEK_8_17)
    assert deadline == datetime(2026, 1, 12, 11, 0)
    assert risk == datetime(2026, 1, 12, 10, 0)
    paused, _risk = sla.next_reply_deadlines(start, 4.0, 75.0, 2.0, WEEK_8_17)
    assert paused == datetime(2026, 1, 12, 13, 0)
    assert sla.next_reply_deadlines(start, 0.0, 80.0, 0.0, WEEK_8_17) == (False, False)


def test_state_from_deadline():
    deadline, risk = datetime(2026, 1, 12, 11, 0), datetime(2026, 1, 12, 10, 0)
    assert sla.next_reply_state(datetime(2026, 1, 12, 9), deadline, risk, False) == sla.ON_TRACK
    assert sla.next_reply_state(datetime(2026, 1, 12, 10), deadline, risk, False) == sla.AT_RISK
    assert sla.next_reply_state(datetime(2026, 1, 12, 11), deadline, risk, False) == sla.BREACHED
    # paused: frozen, a breach stays a breach
    assert sla.next_reply_state(datetime(2026, 2, 1), deadline, risk, True,
                                sla.ON_TRACK) == sla.ON_TRACK
    assert sla.next_reply_state(datetime(2026, 1, 12, 9), deadline, risk, False,
                                sla.BREACHED) == sla.BREACHED
    assert sla.next_reply_state(datetime(2026, 1, 12, 9), False, False, False) is False


def test_met():
    deadline = datetime(2026, 1, 12, 11, 0)
    assert sla.next_reply_met(deadline, deadline)
    assert not sla.next_reply_met(deadline + timedelta(seconds=1), deadline)
    assert sla.next_reply_met(deadline, False)


starts = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31))
hours = st.floats(min_value=0.25, max_value=200.0, allow_nan=False)
pauses = st.floats(min_value=0.0, max_value=200.0, allow_nan=False)
calendars = st.sampled_from([[], WEEK_8_17, [(d, 9.0, 12.0, None, None) for d in (0, 2, 4)]])


@settings(max_examples=150, deadline=None)
@given(starts, hours, pauses, pauses, calendars)
def test_deadline_never_before_start_and_pause_never_shortens(start, target, pause,
                                                              more, calendar):
    deadline, risk = sla.next_reply_deadlines(start, target, 80.0, pause, calendar)
    assert deadline >= start
    assert risk >= start
    assert risk <= deadline
    longer, _risk = sla.next_reply_deadlines(start, target, 80.0, pause + more, calendar)
    assert longer >= deadline

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's next step on the portal (crm_service_kpi/rules/portal.py)."""
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from odoo.addons.crm_service_kpi.rules import portal

NOW = datetime(2026, 1, 12, 9, 0)  # Monday 09:00 UTC
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1))
maybe = st.one_of(st.none(), moments)
zones = st.sampled_from(["UTC", "Asia/Shanghai", "Asia/Taipei", "America/New_York",
                         "Pacific/Kiritimati", "Pacific/Pago_Pago", "Nowhere/Invalid", None])


def test_reply_by_in_customer_time_zone():
    # due Tuesday 06:00 UTC = Tuesday 14:00 in Shanghai: "tomorrow 14:00"
    step = portal.next_step(NOW, "Asia/Shanghai", False, False,
                            next_reply_start=NOW, next_reply_deadline=datetime(2026, 1, 13, 6))
    assert step == portal.NextStep(portal.REPLY_BY, datetime(2026, 1, 13, 14), portal.TOMORROW)
    # the same deadline seen from New York is Tuesday 01:00, also tomorrow
    step = portal.next_step(NOW, "America/New_York", False, False,
                            next_reply_start=NOW, next_reply_deadline=datetime(2026, 1, 13, 6))
    assert step.local == datetime(2026, 1, 13, 1)
    # Thursday: a weekday; the week after: a date
    far = portal.next_step(NOW, "UTC", False, False, first_response_deadline=datetime(
        2026, 1, 15, 14))
    assert (far.kind, far.when_kind) == (portal.REPLY_BY, portal.WEEKDAY)
    later = portal.next_step(NOW, "UTC", False, False, first_response_deadline=datetime(
        2026, 1, 19, 14))
    assert later.when_kind == portal.DATE


def test_local_midnight_decides_today():
    # 23:30 UTC Monday is Tuesday 07:30 in Shanghai, but 09:00 UTC is still
    # Monday 17:00 there: tomorrow, not today
    step = portal.next_step(NOW, "Asia/Shanghai", False, False,
                            first_response_deadline=datetime(2026, 1, 12, 23, 30))
    assert step.when_kind == portal.TOMORROW
    step = portal.next_step(NOW, "UTC", False, False,
                            first_response_deadline=datetime(2026, 1, 12, 23, 30))
    assert step.when_kind == portal.TODAY


def test_overdue_never_shows_a_past_date():
    step = portal.next_step(NOW, "UTC", False, False, next_reply_start=NOW,
                            next_reply_deadline=NOW - timedelta(minutes=1))
    assert step == portal.NextStep(portal.REPLY_SOON, None, None)


def test_states_in_plain_words():
    closed = datetime(2026, 1, 10, 15)
    assert portal.next_step(NOW, "UTC", True, False, closed_date=closed).kind == portal.SOLVED
    assert portal.next_step(NOW, "UTC", True, False, closed_date=closed).local == closed
    assert portal.next_step(NOW, "UTC", True, True).kind == portal.SOLVED
    assert portal.next_step(NOW, "UTC", False, True, next_reply_start=NOW,
                            next_reply_deadline=NOW).kind == portal.WAITING_CUSTOMER
    # answered, nothing waits on us
    assert portal.next_step(NOW, "UTC", False, False, first_response_date=NOW,
                            first_response_deadline=NOW + timedelta(hours=1)
                            ).kind == portal.IN_PROGRESS
    # waiting on us without any SLA
    assert portal.next_step(NOW, "UTC", False, False).kind == portal.RECEIVED
    # the next-reply clock wins over an answered first response
    step = portal.next_step(NOW, "UTC", False, False, first_response_date=NOW,
                            next_reply_start=NOW, next_reply_deadline=NOW + timedelta(hours=2))
    assert (step.kind, step.local) == (portal.REPLY_BY, NOW + timedelta(hours=2))


def test_unknown_time_zone_is_utc():
    assert portal.timezone("Nowhere/Invalid").zone == "UTC"
    assert portal.to_local(NOW, False) == NOW


def test_parse():
    assert portal.parse("2026-01-12 09:00:00") == NOW
    assert portal.parse(NOW) == NOW
    assert portal.parse(False) is None


@given(now=moments, tz_name=zones, closed=st.booleans(), waiting=st.booleans(),
       closed_date=maybe, nr_start=maybe, nr_deadline=maybe, fr_date=maybe,
       fr_deadline=maybe)
def test_any_ticket_gets_one_consistent_step(now, tz_name, closed, waiting, closed_date,
                                             nr_start, nr_deadline, fr_date, fr_deadline):
    step = portal.next_step(now, tz_name, closed, waiting, closed_date, nr_start, nr_deadline,
                            fr_date, fr_deadline)
    assert step.kind in portal.KINDS
    assert (step.local is None) == (step.when_kind is None)
    if closed:
        assert step.kind == portal.SOLVED
        assert (step.local is None) == (closed_date is None)
        return
    if waiting:
        assert step.kind == portal.WAITING_CUSTOMER
        return
    due = nr_deadline if nr_start else (fr_deadline if not fr_date else None)
    if step.kind == portal.REPLY_BY:
        # a promise is never in the past, and is the deadline in local time
        assert due is not None and due >= now
        assert step.local == portal.to_local(due, tz_name)
        local_now = portal.to_local(now, tz_name)
        days = (step.local.date() - local_now.date()).days
        assert days >= 0
        assert (step.when_kind == portal.TODAY) == (days == 0)
        assert (step.when_kind == portal.DATE) == (days >= 7)
    elif step.kind == portal.REPLY_SOON:
        assert due is not None and due < now
    elif step.kind == portal.RECEIVED:
        assert due is None and (nr_start or not fr_date)
    else:
        assert step.kind == portal.IN_PROGRESS
        assert not nr_start and fr_date

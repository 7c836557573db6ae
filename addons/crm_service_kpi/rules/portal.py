# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the customer reads on the portal about a ticket (no Odoo import).

The customer never sees SLA jargon (at risk, breached, policy): one plain
sentence about what happens next, decided here and worded by the portal
templates in the customer's language.

Rules (``next_step``), in this order:

* a ticket in a closed stage is *solved* (on its closing date, when known);
* a ticket waiting on the customer *waits for the customer's answer*;
* when a customer message waits on us (next-reply clock), or the first
  response is still due, the reply is due at that deadline: *we will reply
  by* it while it is ahead, *we will reply as soon as possible* once it has
  passed (an overdue promise is never shown as a date in the past);
* a ticket without a deadline that still waits for our first response, or
  with a running next-reply clock, is *received*; else *in progress* (we
  answered; nothing waits on us).

Dates are shown in the customer's time zone: ``today``, ``tomorrow``, a
weekday within the coming week, else a full date (``when_kind``).
"""
from collections import namedtuple
from datetime import datetime

import pytz

SOLVED = "solved"
WAITING_CUSTOMER = "waiting_customer"
REPLY_BY = "reply_by"
REPLY_SOON = "reply_soon"
RECEIVED = "received"
IN_PROGRESS = "in_progress"
KINDS = (SOLVED, WAITING_CUSTOMER, REPLY_BY, REPLY_SOON, RECEIVED, IN_PROGRESS)

TODAY = "today"
TOMORROW = "tomorrow"
WEEKDAY = "weekday"
DATE = "date"

NextStep = namedtuple("NextStep", "kind local when_kind")
"""kind: one of KINDS; local: naive datetime in the customer's time zone (or
None); when_kind: TODAY, TOMORROW, WEEKDAY or DATE (None without a date)."""


def timezone(name):
    """The customer's time zone, UTC when unknown or invalid."""
    try:
        return pytz.timezone(name or "UTC")
    except (pytz.UnknownTimeZoneError, AttributeError, TypeError, ValueError):
        return pytz.UTC


def to_local(utc_dt, tz_name):
    """A naive UTC datetime in the given time zone (naive, local)."""
    return pytz.UTC.localize(utc_dt).astimezone(timezone(tz_name)).replace(tzinfo=None)


def when_kind(local_dt, local_now):
    """How to name a local moment seen from local_now: today, tomorrow, a
    weekday of the coming six days, else a date."""
    days = (local_dt.date() - local_now.date()).days
    if days == 0:
        return TODAY
    if days == 1:
        return TOMORROW
    if 1 < days < 7:
        return WEEKDAY
    return DATE


def _dated(kind, utc_dt, now, tz_name):
    if not utc_dt:
        return NextStep(kind, None, None)
    local = to_local(utc_dt, tz_name)
    return NextStep(kind, local, when_kind(local, to_local(now, tz_name)))


def next_step(now, tz_name, closed, waiting_customer, closed_date=None,
              next_reply_start=None, next_reply_deadline=None,
              first_response_date=None, first_response_deadline=None):
    """What the customer should expect next (see the module docstring).

    All datetimes are naive UTC (as the ORM stores them) or None/False.
    """
    if closed:
        return _dated(SOLVED, closed_date or None, now, tz_name)
    if waiting_customer:
        return NextStep(WAITING_CUSTOMER, None, None)
    if next_reply_start:
        deadline = next_reply_deadline
    elif not first_response_date:
        deadline = first_response_deadline
    else:
        return NextStep(IN_PROGRESS, None, None)
    if not deadline:
        return NextStep(RECEIVED, None, None)
    if deadline < now:
        return NextStep(REPLY_SOON, None, None)
    return _dated(REPLY_BY, deadline, now, tz_name)


def parse(value):
    """A datetime from the ORM's string (or a datetime, or falsy)."""
    if not value:
        return None
    if isinstance(value, datetime):
        return value
    return datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")

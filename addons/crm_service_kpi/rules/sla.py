# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SLA business rules as plain functions (no Odoo import).

Everything here works on naive UTC ``datetime`` values (as the ORM stores
them), on a time zone name and on a working-time calendar given as a list of
weekly attendances ``(dayofweek, hour_from, hour_to, date_from, date_to)``
(``dayofweek`` 0 = Monday, hours as floats in local time, dates optional) and
optional leave intervals ``(start_utc, end_utc)`` (public holidays). With no
attendance at all the clock runs 24/7.

Rules:

* Policy matching: among active policies whose criteria (team, priority,
  customer tier) are empty or equal to the ticket's, the most specific wins:
  a tier match weighs 4, a priority match 2, a team match 1 (so tier >
  priority > team); ties are broken by the lowest sequence, then lowest id.
  Two policies with identical (team, priority, tier) are refused.
* A target (first response, resolution) is *met* when done no later than its
  deadline, *breached* when done late or not done by the deadline, *at risk*
  when not done and the at-risk date (threshold % of the target, in working
  hours) has passed, else *on track*. The ticket's status is the worst one:
  breached if any target is breached, met when every target is met, at risk
  if any is at risk, else on track.
* While the ticket waits on the customer the clock is paused: the status does
  not move, and the working hours spent waiting are added to every deadline.
"""
from datetime import datetime, time, timedelta

import pytz

ON_TRACK = "on_track"
AT_RISK = "at_risk"
BREACHED = "breached"
MET = "met"

TIER_WEIGHT = 4
PRIORITY_WEIGHT = 2
TEAM_WEIGHT = 1

_MAX_DAYS = 3 * 366  # scheduling horizon, avoids endless loops on empty calendars


# ---------------------------------------------------------------------------
# Policy matching
# ---------------------------------------------------------------------------

def normalize_tier(tier):
    """Tier codes are compared trimmed and case-insensitively."""
    return (tier or "").strip().lower() or False


def policy_key(team_id, priority, tier):
    """The identity of a policy's scope (used to refuse duplicates)."""
    return (team_id or False, priority or False, normalize_tier(tier))


def policy_specificity(team_id, priority, tier):
    """Weight of a policy's criteria: tier (4) > priority (2) > team (1)."""
    return ((TIER_WEIGHT if normalize_tier(tier) else 0)
            + (PRIORITY_WEIGHT if priority else 0)
            + (TEAM_WEIGHT if team_id else 0))


def match_policy(policies, team_id, priority, tier):
    """Return the id of the policy that applies, or False.

    :param policies: iterable of dicts with keys id, sequence, team_id,
        priority, tier (falsy criteria mean "any")
    """
    tier = normalize_tier(tier)
    best, best_rank = False, None
    for pol in policies:
        if pol.get("team_id") and pol["team_id"] != team_id:
            continue
        if pol.get("priority") and pol["priority"] != priority:
            continue
        pol_tier = normalize_tier(pol.get("tier"))
        if pol_tier and pol_tier != tier:
            continue
        rank = (-policy_specificity(pol.get("team_id"), pol.get("priority"), pol_tier),
                pol.get("sequence") or 0, pol["id"])
        if best_rank is None or rank < best_rank:
            best, best_rank = pol["id"], rank
    return best


# ---------------------------------------------------------------------------
# Working time arithmetic
# ---------------------------------------------------------------------------

def _hour_to_time(hour):
    hour = max(0.0, min(24.0, float(hour)))
    if hour >= 24.0:
        return None  # end of day
    minutes = int(round(hour * 60))
    return time(minutes // 60, minutes % 60)


def _day_windows(day, attendances, tz):
    """Working windows of one local day, merged, as naive UTC pairs."""
    raw = []
    for dayofweek, hour_from, hour_to, date_from, date_to in attendances:
        if int(dayofweek) != day.weekday():
            continue
        if date_from and date_from > day:
            continue
        if date_to and date_to < day:
            continue
        if hour_to <= hour_from:
            continue
        raw.append((hour_from, hour_to))
    raw.sort()
    merged = []
    for start, end in raw:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    result = []
    for start, end in merged:
        t_start = _hour_to_time(start)
        t_end = _hour_to_time(end)
        local_start = datetime.combine(day, t_start)
        local_end = (datetime.combine(day + timedelta(days=1), time.min)
                     if t_end is None else datetime.combine(day, t_end))
        result.append((_to_utc(local_start, tz), _to_utc(local_end, tz)))
    return result


def _to_utc(local_dt, tz):
    return tz.localize(local_dt, is_dst=False).astimezone(pytz.UTC).replace(tzinfo=None)


def _to_local(utc_dt, tz):
    return pytz.UTC.localize(utc_dt).astimezone(tz).replace(tzinfo=None)


def _subtract_leaves(windows, leaves):
    for leave_start, leave_end in leaves or ():
        cut = []
        for start, end in windows:
            if leave_end <= start or leave_start >= end:
                cut.append((start, end))
                continue
            if start < leave_start:
                cut.append((start, leave_start))
            if leave_end < end:
                cut.append((leave_end, end))
        windows = cut
    return windows


def _normalize_attendances(attendances):
    res = []
    for att in attendances or ():
        dayofweek, hour_from, hour_to = att[0], att[1], att[2]
        date_from = att[3] if len(att) > 3 else None
        date_to = att[4] if len(att) > 4 else None
        if isinstance(date_from, str):
            date_from = datetime.strptime(date_from[:10], "%Y-%m-%d").date()
        if isinstance(date_to, str):
            date_to = datetime.strptime(date_to[:10], "%Y-%m-%d").date()
        res.append((int(dayofweek), float(hour_from), float(hour_to), date_from, date_to))
    return res


def iter_work_windows(start, attendances, tz_name="UTC", leaves=(), backwards=False):
    """Yield working windows (naive UTC) from ``start`` onwards, clipped."""
    tz = pytz.timezone(tz_name or "UTC")
    attendances = _normalize_attendances(attendances)
    day = _to_local(start, tz).date() - timedelta(days=1)
    for _i in range(_MAX_DAYS):
        for w_start, w_end in _subtract_leaves(_day_windows(day, attendances, tz), leaves):
            if w_end <= start:
                continue
            yield (max(w_start, start), w_end)
        day += timedelta(days=1)


def add_working_hours(start, hours, attendances, tz_name="UTC", leaves=()):
    """The instant when ``hours`` working hours after ``start`` are spent.

    Ends inside a working window (Friday 08:00 + 9h on an 8-17 calendar is
    Friday 17:00, not Monday 08:00). Without attendances: plain hours.
    """
    if not start:
        return False
    if not attendances:
        return start + timedelta(hours=hours)
    remaining = timedelta(hours=max(hours, 0.0))
    if not remaining:
        # zero hours: the next working instant (or start when inside a window)
        for w_start, _w_end in iter_work_windows(start, attendances, tz_name, leaves):
            return w_start
        return start
    last = start
    for w_start, w_end in iter_work_windows(start, attendances, tz_name, leaves):
        span = w_end - w_start
        if span >= remaining:
            return w_start + remaining
        remaining -= span
        last = w_end
    return last  # calendar exhausted (horizon): best effort


def working_hours_between(start, end, attendances, tz_name="UTC", leaves=()):
    """Working hours between two naive UTC datetimes (0 if end <= start)."""
    if not start or not end or end <= start:
        return 0.0
    if not attendances:
        return (end - start).total_seconds() / 3600.0
    total = timedelta()
    for w_start, w_end in iter_work_windows(start, attendances, tz_name, leaves):
        if w_start >= end:
            break
        total += min(w_end, end) - w_start
    return total.total_seconds() / 3600.0


# ---------------------------------------------------------------------------
# Deadlines and status
# ---------------------------------------------------------------------------

def compute_deadlines(start, target_hours, at_risk_pct, paused_hours,
                      attendances, tz_name="UTC", leaves=()):
    """(deadline, at_risk_date) of one target, shifted by paused hours."""
    if not start or not target_hours or target_hours <= 0:
        return False, False
    paused = max(paused_hours or 0.0, 0.0)
    pct = at_risk_pct if at_risk_pct and 0 < at_risk_pct <= 100 else 80.0
    deadline = add_working_hours(start, target_hours + paused, attendances, tz_name, leaves)
    risk = add_working_hours(start, target_hours * pct / 100.0 + paused,
                             attendances, tz_name, leaves)
    return deadline, risk


def target_status(now, deadline, risk_date, done_date):
    """Status of one target; None when the target has no deadline."""
    if not deadline:
        return None
    if done_date:
        return MET if done_date <= deadline else BREACHED
    if now >= deadline:
        return BREACHED
    if risk_date and now >= risk_date:
        return AT_RISK
    return ON_TRACK


def ticket_status(now, first_response, resolution, closed, paused, previous=None):
    """Overall SLA status of a ticket, or False without an SLA.

    :param first_response: tuple (deadline, risk_date, done_date)
    :param resolution: tuple (deadline, risk_date, done_date)
    :param closed: the ticket is solved (a closed ticket without an employee
        answer counts its closing as the first response)
    :param paused: the ticket waits on the customer: the status is frozen
    """
    fr_deadline, fr_risk, fr_done = first_response
    res_deadline, res_risk, res_done = resolution
    if closed:
        fr_done = fr_done or res_done
    else:
        res_done = False
    states = [s for s in (target_status(now, fr_deadline, fr_risk, fr_done),
                          target_status(now, res_deadline, res_risk, res_done))
              if s]
    if not states:
        return False
    if paused and not closed:
        # frozen while the customer has the ball, except a breach already
        # established by dates that can no longer move (late first response)
        if fr_done and fr_deadline and fr_done > fr_deadline:
            return BREACHED
        return previous or ON_TRACK
    if BREACHED in states:
        return BREACHED
    if all(s == MET for s in states):
        return MET
    if AT_RISK in states:
        return AT_RISK
    return ON_TRACK


# ---------------------------------------------------------------------------
# Next reply
# ---------------------------------------------------------------------------
# Once the customer had a first response, every public message of the
# customer while no clock runs starts a next-reply clock; the next public
# message of an employee stops it (an internal note does not), and so does
# solving the ticket. The clock runs in working hours of the team calendar
# and is paused, like the other targets, while the ticket waits on the
# customer: the working hours paused since the clock started are added to
# its deadline. A stopped clock is *met* when the reply came no later than
# the deadline, else *breached*.

START = "start"
STOP = "stop"


def next_reply_effect(employee, public, running, first_response_done):
    """What a message does to the next-reply clock: START, STOP or None.

    :param employee: the author is an employee (internal user)
    :param public: a message sent to the followers (not an internal note)
    :param running: a next-reply clock runs on the ticket
    :param first_response_done: the ticket had its first response (before
        it, the first-response target covers the wait)
    """
    if not public:
        return None
    if employee:
        return STOP if running else None
    if not running and first_response_done:
        return START
    return None


def next_reply_deadlines(start, target_hours, at_risk_pct, paused_hours,
                         attendances, tz_name="UTC", leaves=()):
    """(deadline, at_risk_date) of a next-reply clock started at ``start``
    (compute_deadlines: the pause since the start moves both)."""
    return compute_deadlines(start, target_hours, at_risk_pct, paused_hours,
                             attendances, tz_name, leaves)


def next_reply_state(now, deadline, risk_date, paused, previous=None):
    """State of a running clock: ON_TRACK, AT_RISK or BREACHED; False
    without deadline. While paused the state is frozen (a breach stays)."""
    if not deadline:
        return False
    if paused:
        return previous or ON_TRACK
    state = target_status(now, deadline, risk_date, None)
    if previous == BREACHED:
        return BREACHED
    return state


def next_reply_met(reply_date, deadline):
    """Whether a reply stopping a clock was in time (no deadline: in time)."""
    return not deadline or reply_date <= deadline

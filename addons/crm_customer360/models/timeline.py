# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Timeline rules as plain functions (no Odoo import): departments, cursors,
filter validation and the SQL that merges the sources. A port to a newer Odoo
keeps this file; only the glue that asks Odoo for each source's access-checked
FROM/WHERE changes.
"""
import base64
import binascii
import json
import re
from datetime import datetime

DEPARTMENTS = ("sales", "marketing", "service", "finance", "logistics", "other")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
MAX_LIMIT = 200


class TimelineInputError(ValueError):
    """Bad input to the timeline; ``code`` and ``values`` name it for translation."""

    def __init__(self, code, **values):
        super().__init__(code, values)
        self.code = code
        self.values = values


def parse_datetime(value, code):
    """A date or datetime string (or False/None) to a naive UTC datetime."""
    if not value:
        return None
    for fmt in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt)
        except (TypeError, ValueError):
            continue
    raise TimelineInputError(code, value=value)


def validate_filters(limit, departments, event_types, user_ids, date_from, date_to):
    """Normalise the filter arguments or raise TimelineInputError."""
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 < limit <= MAX_LIMIT:
        raise TimelineInputError("bad_limit", value=limit, max=MAX_LIMIT)
    if departments:
        unknown = sorted(set(departments) - set(DEPARTMENTS))
        if unknown:
            raise TimelineInputError("unknown_department", value=", ".join(unknown))
    if user_ids and not all(isinstance(u, int) and not isinstance(u, bool) for u in user_ids):
        raise TimelineInputError("bad_user_ids", value=user_ids)
    start = parse_datetime(date_from, "bad_date")
    end = parse_datetime(date_to, "bad_date")
    if end is not None and date_to and len(date_to) == 10:
        # A bare end date includes that whole day.
        end = end.replace(hour=23, minute=59, second=59)
    if start and end and start > end:
        raise TimelineInputError("reversed_dates", date_from=date_from, date_to=date_to)
    return {
        "limit": limit,
        "departments": list(departments or []),
        "event_types": list(event_types or []),
        "user_ids": list(user_ids or []),
        "date_from": start,
        "date_to": end,
    }


def _parse_timestamp(value):
    """PostgreSQL's text of a timestamp, microseconds kept: keyset pagination
    must compare at full precision or rows sharing a second are skipped."""
    for fmt in (DATE_FORMAT + ".%f", DATE_FORMAT):
        try:
            return datetime.strptime(value, fmt)
        except (TypeError, ValueError):
            continue
    raise ValueError(value)


def format_date(value):
    """An event date (datetime or PostgreSQL text) as %Y-%m-%d %H:%M:%S."""
    if isinstance(value, str):
        value = _parse_timestamp(value)
    return value.strftime(DATE_FORMAT)


def encode_cursor(partner_id, date, source_id, key_id):
    if not isinstance(date, str):
        date = date.strftime(DATE_FORMAT + ".%f")
    raw = json.dumps([partner_id, date, source_id, key_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor, partner_id):
    """Return (date, source_id, key_id) or raise TimelineInputError."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        cur_partner, date, source_id, key_id = json.loads(base64.urlsafe_b64decode(padded))
        date = _parse_timestamp(date)
        if not all(isinstance(x, int) for x in (cur_partner, source_id, key_id)):
            raise ValueError(cursor)
    except (TypeError, ValueError, binascii.Error, UnicodeDecodeError):
        raise TimelineInputError("bad_cursor")
    if cur_partner != partner_id:
        raise TimelineInputError("foreign_cursor")
    return date, source_id, key_id


def keyset_sql(date_expr, source_id, key_expr):
    """WHERE fragment: rows strictly after the cursor in (date, source, key)
    descending order. Parameters: cursor date, cursor date, cursor source,
    cursor key. ``source_id`` is a constant of the sub-query, so the planner
    keeps an index range scan on the date."""
    return (
        "({date} < %s OR ({date} = %s AND ({source} < %s OR ({source} = %s AND {key} < %s))))"
    ).format(date=date_expr, source=int(source_id), key=key_expr)


def keyset_params(cursor):
    date, source_id, key_id = cursor
    return [date, date, source_id, source_id, key_id]


def merge_sql(subqueries, limit):
    """UNION ALL the per-source sub-queries (each already ordered and limited)
    and keep the newest ``limit`` rows. Each sub-query returns the columns
    date, source_id, key_id, res_model, res_id, user_id, amount, currency_id,
    summary_values."""
    parts = ["(%s)" % sql for sql in subqueries]
    return (
        "SELECT * FROM (%s) AS events ORDER BY date DESC, source_id DESC, key_id DESC LIMIT %d"
        % (" UNION ALL ".join(parts), int(limit))
    )


class _SafeDict(dict):
    def __missing__(self, key):
        return ""


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
SUMMARY_LENGTH = 160


def render_summary(template, values):
    """One line from ``template`` and its %(field)s placeholders: missing
    values render empty, HTML (message bodies) becomes plain text, separators
    left dangling by an empty value are dropped, and the line is cut to
    SUMMARY_LENGTH characters."""
    cleaned = _SafeDict(
        (k, "" if v is None or v is False else _TAG.sub(" ", v) if isinstance(v, str) else v)
        for k, v in (values or {}).items()
    )
    try:
        line = (template or "") % cleaned
    except (TypeError, ValueError, KeyError):
        line = template or ""
    line = _SPACE.sub(" ", line.replace("&nbsp;", " ")).strip(" :-\u2014")
    if len(line) > SUMMARY_LENGTH:
        line = line[: SUMMARY_LENGTH - 1].rstrip() + "\u2026"
    return line

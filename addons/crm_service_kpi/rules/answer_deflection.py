# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Deflection of tickets by the knowledge base (no Odoo import).

The portal logs, per browser session (a hash of the session id, never the id
itself), append-only events in ``crm_service_answer_event``: ``search`` (a
search with its query), ``open`` (an answer read), ``solved`` ("this solved my
problem") and ``ticket`` (a ticket submitted anyway). Figures over a period,
counted per session in one query (``SESSIONS_SQL``):

* searched: sessions with at least one search;
* read: of those, sessions that opened an answer;
* deflected: of those, sessions that created no ticket;
* solved: sessions that said an answer solved their problem;
* tickets anyway: sessions that searched, read an answer and still created a
  ticket;
* deflection rate = deflected / searched x 100 (None without searches).
"""
import hashlib

SEARCH = "search"
OPEN = "open"
SOLVED = "solved"
TICKET = "ticket"
KINDS = (SEARCH, OPEN, SOLVED, TICKET)
MAX_LOGGED_QUERY = 200
# A browser session logs at most this many events of each kind: the figures
# count sessions (a hundred searches count as one), so more rows say nothing
# and would only let one visitor, anonymous, grow the log without bound.
MAX_EVENTS_PER_SESSION = 100

SESSIONS_SQL = """
WITH s AS (
    SELECT session_key,
           bool_or(kind = 'search') AS searched,
           bool_or(kind IN ('open', 'solved')) AS read,
           bool_or(kind = 'solved') AS solved,
           bool_or(kind = 'ticket') AS ticket
      FROM crm_service_answer_event
     WHERE company_id = ANY(%(company_ids)s)
       AND create_date >= %(date_from)s AND create_date < %(date_to)s
     GROUP BY session_key
)
SELECT count(*) FILTER (WHERE searched),
       count(*) FILTER (WHERE searched AND read),
       count(*) FILTER (WHERE searched AND read AND NOT ticket),
       count(*) FILTER (WHERE solved),
       count(*) FILTER (WHERE searched AND read AND ticket)
  FROM s
"""
FIGURES = ("searched", "read", "deflected", "solved", "tickets_anyway")


def session_key(session_id):
    """A stable, non-reversible key of a browser session ('' without one)."""
    if not session_id:
        return ""
    return hashlib.sha256(str(session_id).encode("utf-8")).hexdigest()[:32]


def may_log(logged):
    """Whether a session that already logged ``logged`` events of a kind
    may log one more."""
    return (isinstance(logged, int) and not isinstance(logged, bool)
            and 0 <= logged < MAX_EVENTS_PER_SESSION)


def figures(row):
    """{figure: count} of a SESSIONS_SQL row, with the deflection rate."""
    out = dict(zip(FIGURES, (int(v or 0) for v in row)))
    out["deflection_rate"] = (
        round(100.0 * out["deflected"] / out["searched"], 1) if out["searched"] else None
    )
    return out


def logged_query(query):
    """What of a query is kept in the log: text, cut to MAX_LOGGED_QUERY."""
    return query.strip()[:MAX_LOGGED_QUERY] if isinstance(query, str) else ""

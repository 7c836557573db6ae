# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Feedback request rules as plain functions (no Odoo model).

The satisfaction concepts (CSAT average, % satisfied, NPS promoters and
detractors, unhappy answers, score ranges) are defined once in
``crm_customer_base.rules.definitions``.
"""
import re
import secrets

from odoo.addons.crm_customer_base.rules import definitions


# --- Feedback requests -------------------------------------------------------

# Tokens are made by secrets.token_urlsafe(32) (43 characters of [A-Za-z0-9_-]);
# anything outside this shape is refused before touching the database.
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")

CSAT_RANGE = definitions.CSAT_RANGE
NPS_RANGE = definitions.NPS_RANGE


def new_token():
    """An unguessable URL-safe token (256 bits of randomness)."""
    return secrets.token_urlsafe(32)


def token_is_well_formed(token):
    return isinstance(token, str) and bool(TOKEN_RE.match(token))


def token_status(found, expiry, now):
    """'valid', 'unknown' or 'expired' for a looked-up feedback request.

    ``found``: whether a request has this token; ``expiry`` and ``now``:
    datetimes (``expiry`` None means it never expires)."""
    if not found:
        return "unknown"
    if expiry and expiry < now:
        return "expired"
    return "valid"


def parse_score(value, low, high):
    """The integer score in [low, high] given by a form field, or None."""
    try:
        score = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return score if low <= score <= high else None


def select_requestable(candidates, exchanged_ids, recently_asked_partner_ids):
    """Which tickets get a feedback request, from facts fetched set-based.

    ``candidates``: (ticket_id, partner_id) pairs in a stable order;
    ``exchanged_ids``: ids of tickets with a message from or to the customer;
    ``recently_asked_partner_ids``: customers asked within the throttle period.
    A customer gets at most one request, even when several of their tickets
    close together. Returns the selected ticket ids in order."""
    asked = set(recently_asked_partner_ids)
    selected = []
    for ticket_id, partner_id in candidates:
        if not partner_id or ticket_id not in exchanged_ids or partner_id in asked:
            continue
        asked.add(partner_id)
        selected.append(ticket_id)
    return selected

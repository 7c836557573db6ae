# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Per-channel marketing consent on contacts, kept equal to Odoo's ``opt_out``.

Odoo 11 mass mailing honours ``res.partner.opt_out``: when a mailing is sent,
``mail.mass_mailing._get_blacklist`` collects the e-mail addresses of every
opted-out record of the target model and the composer cancels the mails to
those addresses. So "marketing email refused" is stored as ``opt_out = True``
too, whichever of the two fields is written, and the unsubscribe link (which
writes ``opt_out``) turns the consent into "refused".
"""
import re

CONSENT_VALUES = [("granted", "Granted"), ("refused", "Refused")]
# channel -> field on res.partner
CONSENT_FIELDS = {"email": "consent_email", "phone": "consent_phone", "sms": "consent_sms"}
_UNSUBSCRIBE_PATH = re.compile(r"^/mail/mailing/\d+/unsubscribe")


def bad_consent_values(vals):
    """[(field, value)] of the consent values of ``vals`` that are not allowed."""
    allowed = {False, None} | {key for key, _label in CONSENT_VALUES}
    return [(fname, vals[fname]) for fname in sorted(CONSENT_FIELDS.values())
            if fname in vals and (not isinstance(vals[fname], (str, bool, type(None)))
                                  or vals[fname] not in allowed)]


def align_opt_out(vals):
    """Make ``opt_out`` and ``consent_email`` of ``vals`` agree.

    Returns ``(vals, reset_refused)``: a new dict, and True when ``opt_out``
    is cleared without a consent, in which case the contacts whose consent is
    "refused" fall back to "unknown" (clearing an opt-out is not a consent)
    and the others keep theirs. Raises ValueError when both are given and
    contradict each other.
    """
    vals = dict(vals)
    if "consent_email" in vals:
        vals["consent_email"] = vals["consent_email"] or False
    if "consent_email" in vals and "opt_out" in vals:
        if bool(vals["opt_out"]) != (vals["consent_email"] == "refused"):
            raise ValueError("contradiction")
    elif "consent_email" in vals:
        vals["opt_out"] = vals["consent_email"] == "refused"
    elif "opt_out" in vals:
        if vals["opt_out"]:
            vals["consent_email"] = "refused"
        else:
            return vals, True
    return vals, False


def consent_log_lines(before, after):
    """Log lines for what changed, for a whole recordset in one pass.

    ``before`` and ``after`` map a partner id to ``{channel: value}`` (value
    False when unknown; a channel missing from ``after`` did not change).
    Returns ``[(partner_id, channel, old, new)]`` with "unknown" for False.
    """
    lines = []
    for partner_id in sorted(after):
        old_values = before.get(partner_id, {})
        for channel in sorted(after[partner_id]):
            old = old_values.get(channel) or False
            new = after[partner_id][channel] or False
            if old != new:
                lines.append((partner_id, channel, old or "unknown", new or "unknown"))
    return lines


def consent_origin(path=None, importing=False):
    """Where a consent change comes from, from the code path that makes it
    (never from the caller's context, which any RPC caller chooses): an
    import (``load``), the mailing unsubscribe link, the web client, or the
    API. "sync" is only written by the module's own alignment."""
    if importing:
        return "import"
    if path and _UNSUBSCRIBE_PATH.match(path):
        return "unsubscribe"
    if path and path.startswith("/web"):
        return "form"
    return "api"

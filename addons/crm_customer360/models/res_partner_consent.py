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
import contextvars
import re

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.http import request


CONSENT_VALUES = [("granted", "Granted"), ("refused", "Refused")]
# channel -> field on res.partner
CONSENT_FIELDS = {"email": "consent_email", "phone": "consent_phone", "sms": "consent_sms"}
_UNSUBSCRIBE_PATH = re.compile(r"^/mail/mailing/\d+/unsubscribe")
# Set while res.partner.load() (the import) runs in this thread: the origin
# of a change is the code path that makes it, not a context key.
_IMPORTING = contextvars.ContextVar("crm_customer360_consent_importing", default=False)


# ----------------------------------------------------------------------
# Business rules (plain functions)
# ----------------------------------------------------------------------
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


def _request_path():
    try:
        return request.httprequest.path if request else None
    except (AttributeError, RuntimeError):
        return None


# ----------------------------------------------------------------------
# Odoo glue
# ----------------------------------------------------------------------
class ResPartner(models.Model):
    _inherit = "res.partner"

    consent_email = fields.Selection(
        CONSENT_VALUES, string="Marketing Email Consent", track_visibility="onchange", copy=False,
        help="Empty: unknown. 'Refused' is the same as the Mailing Opt-Out: "
             "mass mailings are never sent to this contact's address.")
    consent_phone = fields.Selection(
        CONSENT_VALUES, string="Phone Consent", track_visibility="onchange", copy=False,
        help="Empty: unknown. May this contact be called for marketing?")
    consent_sms = fields.Selection(
        CONSENT_VALUES, string="SMS Consent", track_visibility="onchange", copy=False,
        help="Empty: unknown. May this contact receive marketing text messages?")
    consent_log_ids = fields.One2many(
        "crm.consent.log", "partner_id", string="Consent History", readonly=True,
        groups="base.group_user")

    @api.model_cr
    def init(self):
        """Existing opt-outs are refusals (and a refusal is an opt-out): align
        both columns set-based, logging the contacts that changed."""
        super(ResPartner, self).init()
        cr = self.env.cr
        if not tools.column_exists(cr, "res_partner", "consent_email"):
            return
        cr.execute("""
            WITH old AS (
                SELECT id, COALESCE(consent_email, 'unknown') AS value
                  FROM res_partner
                 WHERE opt_out AND consent_email IS DISTINCT FROM 'refused'
            )
            UPDATE res_partner p SET consent_email = 'refused'
              FROM old WHERE p.id = old.id
            RETURNING p.id, old.value
        """)
        changed = cr.fetchall()
        cr.execute("UPDATE res_partner SET opt_out = TRUE "
                   "WHERE consent_email = 'refused' AND opt_out IS NOT TRUE")
        if changed and tools.table_exists(cr, "crm_consent_log"):
            cr.execute("""
                INSERT INTO crm_consent_log (partner_id, channel, old_value, new_value, date,
                                             origin, company_id, create_uid, create_date,
                                             write_uid, write_date)
                SELECT p.id, 'email', c.old_value, 'refused', now() at time zone 'UTC', 'sync',
                       p.company_id, %(uid)s, now() at time zone 'UTC', %(uid)s,
                       now() at time zone 'UTC'
                  FROM res_partner p
                  JOIN (SELECT unnest(%(ids)s) AS id, unnest(%(olds)s) AS old_value) c
                    ON c.id = p.id
            """, {"uid": self.env.uid, "ids": [r[0] for r in changed],
                  "olds": [r[1] for r in changed]})

    # ------------------------------------------------------------------
    # Form: keep both fields aligned before saving
    # ------------------------------------------------------------------
    @api.onchange("consent_email")
    def _onchange_consent_email(self):
        self.opt_out = self.consent_email == "refused"

    @api.onchange("opt_out")
    def _onchange_opt_out_consent(self):
        if self.opt_out:
            self.consent_email = "refused"
        elif self.consent_email == "refused":
            self.consent_email = False

    # ------------------------------------------------------------------
    # Writes
    # ------------------------------------------------------------------
    @api.model
    def _consent_prepare_vals(self, vals):
        bad = bad_consent_values(vals)
        if bad:
            fname, value = bad[0]
            value = repr(value)
            raise ValidationError(_(
                "%(value)s is not a valid value for %(field)s: use 'granted', 'refused', "
                "or leave it empty for unknown.") % {
                    "value": value if len(value) <= 60 else value[:59] + "\u2026",
                    "field": self._fields[fname].string})
        try:
            return align_opt_out(vals)
        except ValueError:
            raise ValidationError(_(
                "Marketing email consent '%(consent)s' contradicts Mailing Opt-Out = %(opt_out)s: "
                "a contact who refused marketing email is opted out, and only they are.") % {
                    "consent": vals.get("consent_email") or _("unknown"),
                    "opt_out": bool(vals.get("opt_out"))})

    @api.model
    def load(self, fields, data):
        """An import: its consent changes are logged with the "import" origin."""
        token = _IMPORTING.set(True)
        try:
            return super(ResPartner, self).load(fields, data)
        finally:
            _IMPORTING.reset(token)

    @api.model
    def create(self, vals):
        if not ({"opt_out"} | set(CONSENT_FIELDS.values())) & set(vals):
            return super(ResPartner, self).create(vals)
        vals, _reset = self._consent_prepare_vals(vals)
        partner = super(ResPartner, self).create(vals)
        after = {partner.id: {channel: vals[fname] for channel, fname in CONSENT_FIELDS.items()
                              if fname in vals}}
        partner._consent_write_log(consent_log_lines({}, after))
        return partner

    @api.multi
    def write(self, vals):
        if not ({"opt_out"} | set(CONSENT_FIELDS.values())) & set(vals):
            return super(ResPartner, self).write(vals)
        vals, reset_refused = self._consent_prepare_vals(vals)
        before = {partner.id: {channel: partner[fname]
                               for channel, fname in CONSENT_FIELDS.items()}
                  for partner in self}
        written = {channel: vals[fname] for channel, fname in CONSENT_FIELDS.items()
                   if fname in vals}
        after = {partner_id: dict(written) for partner_id in before}
        if reset_refused:
            refused = self.filtered(lambda p: p.consent_email == "refused")
            others = self - refused
            if refused:
                super(ResPartner, refused).write(dict(vals, consent_email=False))
                for partner_id in refused.ids:
                    after[partner_id]["email"] = False
            if others:
                super(ResPartner, others).write(vals)
            result = True
        else:
            result = super(ResPartner, self).write(vals)
        self._consent_write_log(consent_log_lines(before, after))
        return result

    def _consent_write_log(self, lines):
        """One crm.consent.log per line, as superuser (users cannot write
        history themselves), recording the real user."""
        if not lines:
            return
        origin = consent_origin(_request_path(), _IMPORTING.get())
        # The contact changed it themselves only through the unsubscribe
        # link (a public route); anyone else is recorded.
        user_id = False if origin == "unsubscribe" else self.env.uid
        now = fields.Datetime.now()
        Log = self.env["crm.consent.log"].sudo()
        for partner_id, channel, old, new in lines:
            Log.create({"partner_id": partner_id, "channel": channel, "old_value": old,
                        "new_value": new, "user_id": user_id, "date": now, "origin": origin})

    # ------------------------------------------------------------------
    # 360 header
    # ------------------------------------------------------------------
    @api.multi
    def _customer360_consent(self):
        """{"email": ..., "phone": ..., "sms": ...}, each 'granted', 'refused'
        or 'unknown'."""
        self.ensure_one()
        return {channel: self[fname] or "unknown" for channel, fname in CONSENT_FIELDS.items()}

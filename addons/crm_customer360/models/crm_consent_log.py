# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

CHANNELS = [("email", "Marketing email"), ("phone", "Phone"), ("sms", "SMS")]
LOG_VALUES = [("unknown", "Unknown"), ("granted", "Granted"), ("refused", "Refused")]
ORIGINS = [
    ("form", "Form (manual)"),
    ("unsubscribe", "Unsubscribe link"),
    ("import", "Import"),
    ("api", "API"),
    ("sync", "Opt-out synchronisation"),
]


class CrmConsentLog(models.Model):
    """History of a contact's consent per channel: who changed it, when, from where.

    Lines are written only by the consent fields of res.partner (as superuser);
    nobody edits or deletes them afterwards, whatever their groups.
    """

    _name = "crm.consent.log"
    _description = "Consent History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Contact", required=True, index=True,
                                 ondelete="cascade", readonly=True)
    channel = fields.Selection(CHANNELS, required=True, readonly=True)
    old_value = fields.Selection(LOG_VALUES, string="Before", required=True, readonly=True)
    new_value = fields.Selection(LOG_VALUES, string="After", required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Changed by", readonly=True, ondelete="set null",
                              help="Empty when the contact changed it (unsubscribe link).")
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    origin = fields.Selection(ORIGINS, required=True, default="api", readonly=True)
    company_id = fields.Many2one(related="partner_id.company_id", store=True, readonly=True,
                                 index=True)

    def _consent_log_forbidden(self):
        return self.env.uid != SUPERUSER_ID

    @api.model
    def create(self, vals):
        if self._consent_log_forbidden():
            raise AccessError(_(
                "Consent history is written when a contact's consent changes; "
                "it cannot be created by hand."))
        return super(CrmConsentLog, self).create(vals)

    @api.multi
    def write(self, vals):  # pylint: disable=method-required-super
        """Append-only for everyone, superuser code included: a correction
        is a new entry (no super: nothing may be written)."""
        raise UserError(_("Consent history cannot be modified: a correction is a new entry."))

    @api.multi
    def unlink(self):  # pylint: disable=method-required-super
        """Append-only: nothing may be deleted (no super)."""
        raise UserError(_("Consent history cannot be deleted."))

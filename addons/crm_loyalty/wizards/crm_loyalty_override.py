# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Many2one fields of the wizard and their models: checked on create so that a
# wrong id or type gives a message, not a database error.
RELATIONS = {
    "partner_id": "res.partner",
    "program_id": "crm.loyalty.program",
    "tier_id": "crm.loyalty.tier",
}


class CrmLoyaltyOverride(models.TransientModel):
    _name = "crm.loyalty.override"
    _description = "Override a Customer's Loyalty Tier"

    partner_id = fields.Many2one("res.partner", required=True, string="Customer")
    program_id = fields.Many2one(
        "crm.loyalty.program",
        required=True,
        default=lambda self: self.env["crm.loyalty.program"].search(
            [("company_id", "=", self.env.user.company_id.id)], limit=1
        ),
    )
    tier_id = fields.Many2one(
        "crm.loyalty.tier", required=True, domain="[('program_id', '=', program_id)]"
    )
    reason = fields.Char(required=True)
    until = fields.Date(
        help="Leave empty for no expiry. After this day the computed tier applies again."
    )

    @api.model
    def create(self, vals):
        vals = dict(vals)
        Partner = self.env["res.partner"]
        for name, model in RELATIONS.items():
            value = vals.get(name)
            if value in (None, False):
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not (
                self.env[model].browse(value).exists()
            ):
                raise UserError(
                    _("%(field)s: choose an existing record.")
                    % {"field": self._fields[name].string}
                )
        required = [name for name, field in self._fields.items() if field.required]
        merged = dict(self.default_get([n for n in required if n not in vals]), **vals)
        missing = [self._fields[name].string for name in required if not merged.get(name)]
        if missing:
            raise UserError(_("Fill in: %(fields)s.") % {"fields": ", ".join(missing)})
        if "reason" in vals:
            vals["reason"] = Partner._loyalty_clean_text(vals["reason"], _("The override reason"))
        if "until" in vals:
            vals["until"] = Partner._loyalty_parse_date(vals["until"], _("The override end"))
        return super().create(vals)

    @api.multi
    def action_apply(self):
        self.ensure_one()
        # Superuser to compare the tier's program only; the rights of the user
        # on the tier and the customer are checked by _loyalty_set_override.
        if self.tier_id.sudo().program_id != self.program_id:
            raise UserError(_("Choose a tier of the selected loyalty program."))
        self.partner_id._loyalty_set_override(self.tier_id, self.reason, self.until)
        return {"type": "ir.actions.act_window_close"}

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


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

    @api.multi
    def action_apply(self):
        self.ensure_one()
        self.partner_id._loyalty_set_override(self.tier_id, self.reason, self.until)
        return {"type": "ir.actions.act_window_close"}

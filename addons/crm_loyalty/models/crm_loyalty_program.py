# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .tier_rules import threshold_errors


class CrmLoyaltyProgram(models.Model):
    _name = "crm.loyalty.program"
    _description = "Loyalty Program"
    _order = "company_id, name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
    )
    window_days = fields.Integer(
        string="Rolling window (days)",
        default=365,
        required=True,
        help="Purchases of the last N days count towards the score. Thresholds "
        "are cumulative over this window, never per single purchase.",
    )
    tier_ids = fields.One2many("crm.loyalty.tier", "program_id", string="Tiers", copy=True)

    @api.constrains("window_days")
    def _check_window_days(self):
        if any(program.window_days <= 0 for program in self):
            raise ValidationError(_("The rolling window must be at least one day."))

    @api.constrains("active", "company_id")
    def _check_one_active_per_company(self):
        for program in self.filtered("active"):
            others = self.search_count(
                [
                    ("active", "=", True),
                    ("company_id", "=", program.company_id.id),
                    ("id", "!=", program.id),
                ]
            )
            if others:
                raise ValidationError(
                    _("Only one loyalty program can be active in %(company)s.")
                    % {"company": program.company_id.name}
                )

    @api.constrains("tier_ids")
    def _check_tiers(self):
        messages = {
            "no_tier": _("A loyalty program needs at least one tier."),
            "negative": _("The minimum score of tier %(tier)s cannot be negative."),
            "not_increasing": _(
                "Tier %(tier)s must need a higher score than tier %(below)s: "
                "thresholds are in increasing order and never overlap."
            ),
        }
        for program in self:
            tiers = program.tier_ids.sorted(lambda t: (t.sequence, t.id))
            errors = threshold_errors([(t.name, t.min_score) for t in tiers])
            if errors:
                error = errors[0]
                if error == "no_tier":
                    raise ValidationError(messages["no_tier"])
                values = {"tier": error[1], "below": error[2] if len(error) > 2 else ""}
                raise ValidationError(messages[error[0]] % values)

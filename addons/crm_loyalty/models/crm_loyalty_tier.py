# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .crm_loyalty_program import check_value_types


class CrmLoyaltyTier(models.Model):
    _name = "crm.loyalty.tier"
    _description = "Loyalty Tier"
    _order = "program_id, sequence, id"

    name = fields.Char(required=True, translate=True, help="Name of the tier, e.g. Gold.")
    sequence = fields.Integer(default=10, help="Lowest tier first.")
    program_id = fields.Many2one(
        "crm.loyalty.program", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", related="program_id.company_id", store=True, readonly=True, index=True
    )
    min_score = fields.Float(
        string="Minimum score",
        required=True,
        help="Score the customer must reach, cumulatively over the program's "
        "rolling window, to hold this tier.",
    )
    color = fields.Integer()
    benefits = fields.Html(
        translate=True,
        help="What customers of this tier get: shown on the customer and on their "
        "quotations.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Pricelist",
        ondelete="restrict",
        help="Pricelist proposed on new quotations of this tier's customers. A "
        "salesperson who picks another pricelist keeps theirs.",
    )
    sla_class = fields.Char(
        string="SLA class",
        help="Service class used by the SLA policies of Service KPIs: a policy's "
        "customer tier matches this code, else the tier name",
    )

    @api.constrains("min_score", "sequence", "program_id")
    def _check_thresholds(self):
        self.mapped("program_id")._check_tiers()

    @api.constrains("pricelist_id", "program_id")
    def _check_pricelist_company(self):
        for tier in self:
            pricelist_company = tier.pricelist_id.company_id
            if pricelist_company and pricelist_company != tier.company_id:
                raise ValidationError(
                    _(
                        "The pricelist %(pricelist)s of tier %(tier)s belongs to "
                        "%(company)s: choose a pricelist of the program's company or "
                        "one shared by all companies."
                    )
                    % {
                        "pricelist": tier.pricelist_id.display_name,
                        "tier": tier.name,
                        "company": pricelist_company.name,
                    }
                )


    @api.model
    def create(self, vals):
        check_value_types(self, vals)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        check_value_types(self, vals)
        return super().write(vals)

    threshold_explanation = fields.Char(
        related="program_id.threshold_explanation", readonly=True,
        string="How thresholds work",
        help="Thresholds are cumulative over the rolling window, never per single purchase.",
    )

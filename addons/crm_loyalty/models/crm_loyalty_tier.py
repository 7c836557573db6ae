# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CrmLoyaltyTier(models.Model):
    _name = "crm.loyalty.tier"
    _description = "Loyalty Tier"
    _order = "program_id, sequence, id"

    name = fields.Char(required=True, translate=True)
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
    benefits = fields.Html(translate=True, help="Shown on the customer and the quotation.")

    @api.constrains("min_score", "sequence", "program_id")
    def _check_thresholds(self):
        self.mapped("program_id")._check_tiers()

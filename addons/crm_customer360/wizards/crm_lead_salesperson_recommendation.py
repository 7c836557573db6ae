# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CrmLeadSalespersonRecommendation(models.TransientModel):
    """The recommendation panel of an opportunity: the team ranked, with the
    reasons, and an Assign button per candidate for the sales manager."""

    _name = "crm.lead.salesperson.recommendation"
    _description = "Which salesperson to send"

    lead_id = fields.Many2one("crm.lead", string="Opportunity", required=True,
                              ondelete="cascade")
    line_ids = fields.One2many("crm.lead.salesperson.recommendation.line", "wizard_id",
                               string="Candidates", readonly=True)

    @api.model
    def create(self, vals):
        wizard = super(CrmLeadSalespersonRecommendation, self).create(vals)
        lines = [(0, 0, {
            "sequence": i, "user_id": c["user_id"], "score": c["score"],
            "similar_rate": c["similar_rate"], "open_load": c["open_load"],
            "reasons": "\n".join(c["reasons"]), "current": c["current"],
        }) for i, c in enumerate(wizard.lead_id.recommend_salespeople())]
        wizard.write({"line_ids": lines})
        return wizard


class CrmLeadSalespersonRecommendationLine(models.TransientModel):
    _name = "crm.lead.salesperson.recommendation.line"
    _description = "Salesperson candidate"
    _order = "sequence"

    wizard_id = fields.Many2one("crm.lead.salesperson.recommendation", required=True,
                                ondelete="cascade")
    sequence = fields.Integer()
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    score = fields.Float(string="Score", digits=(16, 1), readonly=True)
    similar_rate = fields.Float(string="Win rate on similar deals (%)", digits=(16, 0),
                                readonly=True)
    open_load = fields.Integer(string="Open work", readonly=True)
    reasons = fields.Text(readonly=True)
    current = fields.Boolean(string="Current salesperson", readonly=True)

    @api.multi
    def action_assign(self):
        self.ensure_one()
        self.wizard_id.lead_id.action_assign_salesperson(self.user_id.id)
        return {"type": "ir.actions.act_window_close"}

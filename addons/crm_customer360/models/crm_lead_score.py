# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import _, api, fields, models


class CrmLead(models.Model):
    """The lead scoring model's output on the lead: written by the nightly
    training (``crm.lead.score.model``), read like any field of the lead."""

    _inherit = "crm.lead"

    lead_score = fields.Float(
        string="Win chance (%)", digits=(16, 0), readonly=True, copy=False,
        group_operator="avg",
        help="Probability that this lead is won, learnt every night from the company's "
        "own won and lost leads. Empty when there are too few closed leads to learn from.")
    lead_score_known = fields.Boolean(string="Scored", readonly=True, copy=False)
    lead_score_reasons_json = fields.Text(readonly=True, copy=False)
    lead_score_reasons = fields.Text(
        string="Why this score", compute="_compute_lead_score_reasons")
    lead_score_check = fields.Char(
        string="Model check", compute="_compute_lead_score_reasons",
        help="How well the model predicted the newest closed leads it did not learn from.")

    @api.depends("lead_score_reasons_json", "company_id")
    def _compute_lead_score_reasons(self):
        Model = self.env["crm.lead.score.model"].sudo()
        models_by_company = {m.company_id.id: m for m in Model.search(
            [("company_id", "in", self.mapped("company_id").ids)])}
        for lead in self:
            reasons = json.loads(lead.lead_score_reasons_json or "[]")
            lead.lead_score_reasons = "\n".join(
                Model._reason_text(r) for r in reasons) or False
            model = models_by_company.get(lead.company_id.id)
            lead.lead_score_check = model.message if model else _(
                "No lead scoring model yet: it is trained every night.")

    @api.multi
    def lead_score_explain(self):
        """The score of each lead for the client: {lead id (str): {probability
        (0-100, or False when there is no score), reasons (list of texts),
        check (the model's held-out measure, in words)}}."""
        out = {}
        for lead in self:
            out[str(lead.id)] = {
                "probability": lead.lead_score if lead.lead_score_known else False,
                "reasons": (lead.lead_score_reasons or "").splitlines(),
                "check": lead.lead_score_check,
            }
        return out

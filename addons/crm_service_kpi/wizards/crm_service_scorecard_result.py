# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmServiceScorecardResult(models.TransientModel):
    """One scored employee or team of a shown scorecard."""

    _name = "crm.service.scorecard.result"
    _description = "KPI Scorecard Result"
    _order = "kind, rank_sort, score desc, name"

    wizard_id = fields.Many2one(
        "crm.service.scorecard.wizard", required=True, ondelete="cascade", index=True)
    scorecard_id = fields.Many2one(related="wizard_id.scorecard_id", readonly=True)
    date_from = fields.Date(related="wizard_id.date_from", readonly=True)
    date_to = fields.Date(related="wizard_id.date_to", readonly=True)
    kind = fields.Selection([("employee", "Employee"), ("team", "Team")], readonly=True)
    user_id = fields.Many2one("res.users", string="Employee", readonly=True)
    name = fields.Char(readonly=True)
    rank = fields.Integer(
        readonly=True,
        help="Rank among the employees (or teams) of the scorecard by score, best "
        "first. Empty: not ranked, because nothing is known or, when satisfaction "
        "weighs in the score, no customer answered in the period.")
    rank_sort = fields.Integer(readonly=True)
    rank_note = fields.Char(
        string="Ranking", readonly=True,
        help="Why the row has its rank, or why it is not ranked.")
    satisfaction = fields.Float(
        readonly=True,
        help="CSAT average (1-5) or NPS of the period, as set on the scorecard. "
        "Empty: no answer in the period.")
    has_satisfaction = fields.Boolean(readonly=True)
    satisfaction_normalised = fields.Float(
        string="Satisfaction (0-100)", readonly=True,
        help="CSAT 1-5 mapped to 0-100, or NPS -100..100 mapped to 0-100. Empty: no "
        "answer in the period.")
    score = fields.Float(
        readonly=True, group_operator="avg",
        help="Weighted mean of the KPI attainments (each capped at 100 %) and of the "
        "normalised satisfaction; capped when satisfaction is below the floor. Empty: "
        "no figure known.")
    has_score = fields.Boolean(readonly=True, help="False when no figure was known.")
    capped = fields.Boolean(
        string="Capped", readonly=True,
        help="Satisfaction was below the scorecard's floor: the score is capped.")
    details = fields.Text(string="KPIs", readonly=True)

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from . import kpi_catalog
from .crm_service_scorecard import translator


class CrmServiceScorecardWizard(models.TransientModel):
    """The period of a scorecard to show."""

    _name = "crm.service.scorecard.wizard"
    _description = "Show a KPI Scorecard"

    scorecard_id = fields.Many2one("crm.service.scorecard", required=True, ondelete="cascade")
    date_from = fields.Date(
        string="From", required=True,
        default=lambda self: fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)).replace(day=1)),
        help="First day of the period (included).")
    date_to = fields.Date(
        string="To", required=True, default=fields.Date.context_today,
        help="Last day of the period (included).")
    result_ids = fields.One2many("crm.service.scorecard.result", "wizard_id", readonly=True)

    @api.multi
    def action_show(self):
        """Compute the scores and list them, best first."""
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(_("The period starts (%(start)s) after it ends (%(end)s).") % {
                "start": self.date_from, "end": self.date_to})
        rows = self.scorecard_id.compute_scorecards(self.date_from, self.date_to)
        self.result_ids.unlink()
        labels = kpi_catalog.labels_by_code(translator(self))
        Result = self.env["crm.service.scorecard.result"]
        for row in rows:
            Result.create(self._result_values(row, labels))
        return {
            "type": "ir.actions.act_window",
            "name": _("%(card)s: %(start)s - %(end)s") % {
                "card": self.scorecard_id.name, "start": self.date_from, "end": self.date_to},
            "res_model": "crm.service.scorecard.result",
            "view_mode": "tree",
            "views": [(self.env.ref("crm_service_kpi.crm_service_scorecard_result_view_tree").id,
                       "tree")],
            "domain": [("wizard_id", "=", self.id)],
            "target": "current",
        }

    def _result_values(self, row, labels):
        details = []
        for code, fig in row["kpis"].items():
            details.append(_("%(kpi)s: %(value)s (target %(target)s, attainment %(att)s)") % {
                "kpi": labels.get(code, code),
                "value": "-" if fig["value"] is None else round(fig["value"], 2),
                "target": "-" if fig["target"] is None else round(fig["target"], 2),
                "att": "-" if fig["attainment"] is None else "%s %%" % fig["attainment"]})
        return {
            "wizard_id": self.id,
            "kind": "employee" if "user_id" in row else "team",
            "user_id": row.get("user_id") or False,
            "name": row["name"],
            "satisfaction": row["satisfaction"],
            "has_satisfaction": row["satisfaction"] is not None,
            "satisfaction_normalised": row["satisfaction_normalised"] or 0.0,
            "score": row["score"] or 0.0,
            "has_score": row["score"] is not None,
            "capped": row["capped"],
            "details": "\n".join(details),
        }


class CrmServiceScorecardResult(models.TransientModel):
    """One scored employee or team of a shown scorecard."""

    _name = "crm.service.scorecard.result"
    _description = "KPI Scorecard Result"
    _order = "score desc, name"

    wizard_id = fields.Many2one(
        "crm.service.scorecard.wizard", required=True, ondelete="cascade", index=True)
    scorecard_id = fields.Many2one(related="wizard_id.scorecard_id", readonly=True)
    date_from = fields.Date(related="wizard_id.date_from", readonly=True)
    date_to = fields.Date(related="wizard_id.date_to", readonly=True)
    kind = fields.Selection([("employee", "Employee"), ("team", "Team")], readonly=True)
    user_id = fields.Many2one("res.users", string="Employee", readonly=True)
    name = fields.Char(readonly=True)
    satisfaction = fields.Float(
        readonly=True, help="CSAT average (1-5) or NPS of the period, as set on the scorecard.")
    has_satisfaction = fields.Boolean(readonly=True)
    satisfaction_normalised = fields.Float(
        string="Satisfaction (0-100)", readonly=True,
        help="CSAT 1-5 mapped to 0-100, or NPS -100..100 mapped to 0-100.")
    score = fields.Float(
        readonly=True, group_operator="avg",
        help="Weighted mean of the KPI attainments (each capped at 100 %) and of the "
        "normalised satisfaction; capped when satisfaction is below the floor.")
    has_score = fields.Boolean(readonly=True, help="False when no figure was known.")
    capped = fields.Boolean(
        string="Capped", readonly=True,
        help="Satisfaction was below the scorecard's floor: the score is capped.")
    details = fields.Text(string="KPIs", readonly=True)

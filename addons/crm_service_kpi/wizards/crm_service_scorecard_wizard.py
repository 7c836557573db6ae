# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.crm_service_scorecard import translator
from ..rules import kpi_catalog


# sort key of the rows that are not ranked: after the ranked ones
RANK_NONE = 10 ** 6


def _known(value):
    """A figure is known unless None or False (missing: RPC's False)."""
    return value is not None and value is not False


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
        card = self.scorecard_id
        teams, users = card._scorecard_members()
        if not teams and not users:
            raise UserError(_(
                "Scorecard %(card)s scores nobody: add employees, or teams with members, "
                "to it.") % {"card": card.name})
        rows = card._compute_scorecards(self.date_from, self.date_to)
        self.result_ids.unlink()
        labels = kpi_catalog.labels_by_code(translator(self))
        Result = self.env["crm.service.scorecard.result"]
        values = [self._result_values(row, labels) for row in rows]
        self._rank(values)
        for vals in values:
            Result.create(vals)
        return {
            "type": "ir.actions.act_window",
            "name": _("%(card)s: %(start)s - %(end)s, ranked by score") % {
                "card": card.name, "start": self.date_from, "end": self.date_to},
            "help": _("<p>Nobody to score in this period.</p>"),
            "res_model": "crm.service.scorecard.result",
            "view_mode": "tree",
            "views": [(self.env.ref("crm_service_kpi.crm_service_scorecard_result_view_tree").id,
                       "tree")],
            "domain": [("wizard_id", "=", self.id)],
            "target": "current",
        }

    def _rank(self, values):
        """Rank the rows of each kind (employees, teams) by score, best
        first (equal scores share a rank). Ranked: rows with a score and,
        when satisfaction weighs in the score (weight above 0), with at least
        one satisfaction answer in the period; the others are listed after
        them, not ranked, with the reason (a score without satisfaction
        escapes its weight and its floor, it is not comparable)."""
        needs_satisfaction = self.scorecard_id.satisfaction_weight > 0
        for kind in ("employee", "team"):
            rows = [v for v in values if v["kind"] == kind]
            ranked = []
            for vals in rows:
                if not vals["has_score"]:
                    vals["rank_note"] = _("Not ranked: no figure known in the period.")
                elif needs_satisfaction and not vals["has_satisfaction"]:
                    vals["rank_note"] = _(
                        "Not ranked: no satisfaction answer in the period (the score "
                        "covers the KPIs only).")
                else:
                    ranked.append(vals)
            ranked.sort(key=lambda v: -v["score"])
            previous, rank = None, 0
            for position, vals in enumerate(ranked, 1):
                if vals["score"] != previous:
                    rank, previous = position, vals["score"]
                vals["rank"] = rank
                vals["rank_sort"] = rank
                vals["rank_note"] = _("Rank %(rank)s of %(count)s by score.") % {
                    "rank": rank, "count": len(ranked)}
        return values

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
            "satisfaction": _known(row["satisfaction"]) and row["satisfaction"],
            "has_satisfaction": _known(row["satisfaction"]),
            "satisfaction_normalised": _known(row["satisfaction_normalised"])
            and row["satisfaction_normalised"],
            "score": _known(row["score"]) and row["score"],
            "has_score": _known(row["score"]),
            "rank": False,
            "rank_sort": RANK_NONE,
            "capped": row["capped"],
            "details": "\n".join(details),
        }

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.crm_customer_base.rules import recommendation

from ..rules import salesperson_recommendation as rules


class CrmLead(models.Model):
    """Which salesperson to send: the ranked members of the team, with their
    reasons, and the sales manager's one-click assignment."""

    _inherit = "crm.lead"

    @api.multi
    def recommend_salespeople(self):
        """The team's candidates for this opportunity, best first: list of
        dicts user_id, name, score (0-100), similar_won, similar_closed,
        similar_rate (shrunk, %), customer_won, customer_closed, open_load,
        reasons (texts), current (is the salesperson now)."""
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        if not self.team_id:
            raise UserError(_("Set a sales team on %s first: the candidates are "
                              "its members.") % self.display_name)
        quotations_linked = "opportunity_id" in self.env["sale.order"]._fields
        self.env.cr.execute(rules.candidate_query(quotations_linked), {"lead": self.id})
        columns = [c[0] for c in self.env.cr.description]
        rows = [dict(zip(columns, r)) for r in self.env.cr.fetchall()]
        ranked = recommendation.rank(rules.candidates(rows))
        by_id = {r["id"]: r for r in rows}
        names = dict(self.env["res.users"].sudo().browse(
            [r["id"] for r in ranked]).name_get())
        out = []
        for rank in ranked:
            row = by_id[rank["id"]]
            out.append({
                "user_id": rank["id"], "name": names.get(rank["id"], ""),
                "score": rank["score"],
                "similar_won": row["similar_won"], "similar_closed": row["similar_closed"],
                "similar_rate": round(100.0 * rank["similar"][0], 1),
                "customer_won": row["customer_won"],
                "customer_closed": row["customer_closed"],
                "open_load": rank["load"],
                "reasons": self._salesperson_reasons(row, rank),
                "current": rank["id"] == self.user_id.id,
            })
        return out

    @api.model
    def _salesperson_reasons(self, row, rank):
        reasons = [_("Won %(won)d of %(closed)d similar deals: %(rate).0f%% after "
                     "shrinking toward the team's %(team).0f%%") % {
            "won": row["similar_won"], "closed": row["similar_closed"],
            "rate": 100.0 * rank["similar"][0], "team": 100.0 * rank["priors"][0]}]
        if row["customer_closed"]:
            reasons.append(_("With this customer: won %(won)d of %(closed)d deals") % {
                "won": row["customer_won"], "closed": row["customer_closed"]})
        else:
            reasons.append(_("No closed deal with this customer yet"))
        reasons.append(_("Current load: %(opps)d open opportunities, %(acts)d open "
                         "activities") % {"opps": row["open_opportunities"],
                                          "acts": row["open_activities"]})
        return reasons

    @api.multi
    def action_assign_salesperson(self, user_id):
        """Assign the opportunity to ``user_id`` (sales managers only; the
        user must be one of the team's candidates)."""
        self.ensure_one()
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(_("Only sales managers may reassign an opportunity."))
        if not isinstance(user_id, int) or isinstance(user_id, bool):
            raise UserError(_("Choose a salesperson to assign."))
        candidates = [c["user_id"] for c in self.recommend_salespeople()]
        if user_id not in candidates:
            raise UserError(_("This user is not a member of the opportunity's sales team."))
        self.write({"user_id": user_id})
        return True

    @api.multi
    def action_recommend_salesperson(self):
        """Open the recommendation panel."""
        self.ensure_one()
        wizard = self.env["crm.lead.salesperson.recommendation"].create(
            {"lead_id": self.id})
        return {
            "type": "ir.actions.act_window", "name": _("Who to send"),
            "res_model": wizard._name, "res_id": wizard.id, "view_mode": "form",
            "target": "new",
        }

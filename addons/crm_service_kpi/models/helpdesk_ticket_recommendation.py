# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.crm_customer_base.rules import recommendation

from ..rules import technician_recommendation as rules


class HelpdeskTicket(models.Model):
    """Which technician to send: the team ranked by first-time fixes and
    CSAT on similar tickets, history with the customer and open load; the
    helpdesk manager assigns in one click."""

    _inherit = "helpdesk.ticket"

    @api.multi
    def recommend_technicians(self):
        """The team's candidates for this ticket, best first: list of dicts
        user_id, name, score (0-100), first_time_rate and csat_rate (shrunk,
        %), the raw counts, open_tickets, reasons (texts), current."""
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        if not self.team_id:
            raise UserError(_("Set a team on %s first: the candidates are its "
                              "members.") % self.display_name)
        self.env.cr.execute(rules.candidate_query(), {"ticket": self.id})
        columns = [c[0] for c in self.env.cr.description]
        rows = {r[0]: dict(zip(columns, r)) for r in self.env.cr.fetchall()}
        ranked = recommendation.rank(rules.candidates(list(rows.values())))
        names = dict(self.env["res.users"].sudo().browse(
            [r["id"] for r in ranked]).name_get())
        out = []
        for rank in ranked:
            row = rows[rank["id"]]
            out.append({
                "user_id": rank["id"], "name": names.get(rank["id"], ""),
                "score": rank["score"],
                "first_time_rate": round(100.0 * rank["similar"][0], 1),
                "csat_rate": round(100.0 * rank["similar"][1], 1),
                "similar_first_time": row["similar_first_time"],
                "similar_solved": row["similar_solved"],
                "similar_satisfied": row["similar_satisfied"],
                "similar_answers": row["similar_answers"],
                "customer_solved": row["customer_solved"],
                "open_tickets": row["open_tickets"],
                "reasons": self._technician_reasons(row, rank),
                "current": rank["id"] == self.user_id.id,
            })
        return out

    @api.model
    def _technician_reasons(self, row, rank):
        return [
            _("Fixed %(first)d of %(solved)d similar tickets the first time: %(rate).0f%% "
              "after shrinking toward the team's %(team).0f%%") % {
                "first": row["similar_first_time"], "solved": row["similar_solved"],
                "rate": 100.0 * rank["similar"][0], "team": 100.0 * rank["priors"][0]},
            _("Satisfied customers on similar tickets: %(sat)d of %(answers)d answers "
              "(%(rate).0f%% after shrinking)") % {
                "sat": row["similar_satisfied"], "answers": row["similar_answers"],
                "rate": 100.0 * rank["similar"][1]},
            _("With this customer: %(solved)d tickets solved") % {
                "solved": row["customer_solved"]},
            _("Open tickets now: %d") % row["open_tickets"],
        ]

    @api.multi
    def action_assign_technician(self, user_id):
        """Assign the ticket to ``user_id`` (helpdesk managers only; the user
        must be a member of the ticket's team)."""
        self.ensure_one()
        if not self.env.user.has_group("helpdesk_mgmt.group_helpdesk_manager"):
            raise AccessError(_("Only helpdesk managers may reassign a ticket."))
        if not isinstance(user_id, int) or isinstance(user_id, bool):
            raise UserError(_("Choose a technician to assign."))
        if user_id not in [c["user_id"] for c in self.recommend_technicians()]:
            raise UserError(_("This user is not a member of the ticket's team."))
        self.write({"user_id": user_id})
        return True

    @api.multi
    def action_recommend_technician(self):
        self.ensure_one()
        wizard = self.env["helpdesk.ticket.technician.recommendation"].create(
            {"ticket_id": self.id})
        return {
            "type": "ir.actions.act_window", "name": _("Who to send"),
            "res_model": wizard._name, "res_id": wizard.id, "view_mode": "form",
            "target": "new",
        }

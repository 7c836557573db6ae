# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.addons.base.res.res_partner import _tz_get

from ..rules import dashboard


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    leader_id = fields.Many2one(
        "res.users", string="Team Leader", track_visibility="onchange",
        help="Receives the escalation activity when a ticket of the team breaches its SLA.")
    resource_calendar_id = fields.Many2one(
        "resource.calendar", string="Working Hours",
        help="SLA targets of the team's tickets are counted in these working hours. "
        "Empty: the company's working hours; none at all: around the clock.")
    tz = fields.Selection(
        _tz_get, string="Time Zone", default=lambda self: self.env.user.tz or "UTC",
        help="Time zone in which the working hours are read.")
    kpi_digest_week = fields.Date(
        string="Last KPI Digest Week", readonly=True, copy=False,
        help="Monday of the week of the last weekly KPI digest sent to the team "
        "leader: the weekly job sends at most one digest per week.")

    @api.multi
    def _sla_calendar(self):
        """The calendar used for SLA arithmetic (team, else company)."""
        self.ensure_one()
        return self.resource_calendar_id or (
            self.company_id or self.env.user.company_id).resource_calendar_id

    @api.multi
    def _kpi_digest_send(self, today):
        """Queue the team's KPI digest for its leader and remember the week."""
        Dashboard = self.env["crm.service.kpi.dashboard"]
        for team in self:
            Dashboard._digest_send(team.leader_id, team, today)
            team.sudo().kpi_digest_week = fields.Date.to_string(
                dashboard.week_start(today))

    @api.multi
    def action_send_kpi_digest(self):
        """Send the weekly KPI digest to the team leader now (also when one
        was already sent this week)."""
        self.ensure_one()
        if not self.leader_id:
            raise UserError(_("Team %(team)s has no leader to send the KPI digest to.") % {
                "team": self.name})
        if not self.env["crm.service.kpi.dashboard"]._digest_can_receive(self.leader_id):
            raise UserError(_(
                "The leader of team %(team)s, %(user)s, needs an email address and "
                "access to the helpdesk tickets to receive the KPI digest.") % {
                    "team": self.name, "user": self.leader_id.name})
        self._kpi_digest_send(self.env["crm.service.kpi.dashboard"]._digest_today())
        return True

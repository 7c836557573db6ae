# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.base.res.res_partner import _tz_get


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

    @api.multi
    def _sla_calendar(self):
        """The calendar used for SLA arithmetic (team, else company)."""
        self.ensure_one()
        return self.resource_calendar_id or (
            self.company_id or self.env.user.company_id).resource_calendar_id

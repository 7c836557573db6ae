# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .satisfaction import is_detractor


class CrmServiceFeedback(models.Model):
    """What a customer said about the service: CSAT, NPS and a comment."""

    _name = "crm.service.feedback"
    _description = "Service Feedback"
    _order = "create_date desc, id desc"

    ticket_id = fields.Many2one("helpdesk.ticket", index=True, ondelete="set null")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    user_id = fields.Many2one("res.users", string="Employee", index=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Team", index=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
    )
    csat = fields.Integer(string="CSAT (1-5)", required=True, group_operator="avg")
    nps = fields.Integer(string="NPS (0-10)", required=True, group_operator="avg")
    comment = fields.Text()
    is_detractor = fields.Boolean(compute="_compute_is_detractor", store=True, index=True)

    @api.depends("csat", "nps")
    def _compute_is_detractor(self):
        for rec in self:
            rec.is_detractor = is_detractor(rec.csat, rec.nps)

    @api.constrains("csat", "nps")
    def _check_scores(self):
        for rec in self:
            if not 1 <= rec.csat <= 5:
                raise ValidationError(
                    _("CSAT must be between 1 and 5, not %(value)s.") % {"value": rec.csat}
                )
            if not 0 <= rec.nps <= 10:
                raise ValidationError(
                    _("NPS must be between 0 and 10, not %(value)s.") % {"value": rec.nps}
                )

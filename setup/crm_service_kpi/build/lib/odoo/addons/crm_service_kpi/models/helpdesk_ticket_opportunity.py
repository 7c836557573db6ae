# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    """Service as a sales channel: opportunities created from a ticket."""

    _inherit = "helpdesk.ticket"

    opportunity_ids = fields.One2many(
        "crm.lead", "ticket_id", string="Opportunities",
        help="Opportunities created from this ticket.")
    opportunity_count = fields.Integer(
        compute="_compute_opportunity_count", string="# Opportunities",
        help="Opportunities created from this ticket, won and lost included.")

    @api.multi
    def _compute_opportunity_count(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        counts = {}
        if self.ids and Lead.check_access_rights("read", raise_exception=False):
            groups = Lead.read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["ticket_id"])
            counts = {g["ticket_id"][0]: g["ticket_id_count"] for g in groups}
        for ticket in self:
            ticket.opportunity_count = counts.get(ticket.id, 0)

    @api.multi
    def _opportunity_values(self):
        """Values of the opportunity born from this ticket: the ticket's
        customer, the customer's salesperson (else the current user) and sales
        team, source "Service ticket"."""
        self.ensure_one()
        partner = self.partner_id
        commercial = partner.commercial_partner_id
        user = commercial.user_id or partner.user_id or self.env.user
        source = self.env.ref("crm_service_kpi.utm_source_service_ticket",
                              raise_if_not_found=False)
        values = {
            "type": "opportunity",
            "name": _("%(number)s: %(name)s") % {"number": self.number, "name": self.name},
            "ticket_id": self.id,
            "partner_id": partner.id,
            "email_from": partner.email or self.partner_email,
            "phone": partner.phone,
            "user_id": user.id,
            "source_id": source.id if source else False,
            "description": _("Opportunity raised by service from ticket %(number)s.") % {
                "number": self.number},
        }
        team = commercial.team_id or partner.team_id
        if not team:
            team = self.env["crm.team"]._get_default_team_id(user_id=user.id)
        if team:
            values["team_id"] = team.id
        if self.company_id:
            values["company_id"] = self.company_id.id
        return values

    @api.multi
    def action_create_opportunity(self):
        """Create an opportunity for the ticket's customer and open it."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(_("Ticket %(number)s has no customer: set one before "
                              "creating an opportunity.") % {"number": self.number})
        lead = self.env["crm.lead"].create(self._opportunity_values())
        return {
            "type": "ir.actions.act_window",
            "name": _("Opportunity"),
            "res_model": "crm.lead",
            "view_mode": "form",
            "views": [(self.env.ref("crm.crm_case_form_view_oppor").id, "form")],
            "res_id": lead.id,
            "target": "current",
        }

    @api.multi
    def action_view_opportunities(self):
        self.ensure_one()
        action = self.env.ref("crm.crm_lead_opportunities").read()[0]
        action.update({
            "domain": [("ticket_id", "=", self.id)],
            "context": {"default_ticket_id": self.id, "default_type": "opportunity",
                        "default_partner_id": self.partner_id.id,
                        "active_test": False},
        })
        return action

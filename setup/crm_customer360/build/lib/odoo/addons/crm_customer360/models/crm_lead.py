# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.onchange("partner_id")
    def _onchange_partner_id_customer360(self):
        return self.env["crm.customer360.problem"]._customer360_warning(self.partner_id)

    @api.model
    def create(self, vals):
        lead = super(CrmLead, self).create(vals)
        # Checked after creation so that a default type counts too; the
        # UserError rolls the creation back.
        if lead.type == "opportunity" and lead.partner_id:
            Problem = self.env["crm.customer360.problem"]
            found = Problem._customer360_check_selling(lead, _("create an opportunity"))
            Problem._customer360_post_sold_over(found)
        return lead

    @api.multi
    def convert_opportunity(self, partner_id, user_ids=False, team_id=False):
        leads = self.filtered(lambda l: l.type != "opportunity")
        res = super(CrmLead, self).convert_opportunity(
            partner_id, user_ids=user_ids, team_id=team_id)
        converted = leads.filtered(lambda l: l.type == "opportunity" and l.partner_id)
        if converted:
            Problem = self.env["crm.customer360.problem"]
            found = Problem._customer360_check_selling(
                converted, _("convert this lead into an opportunity"))
            Problem._customer360_post_sold_over(found)
        return res

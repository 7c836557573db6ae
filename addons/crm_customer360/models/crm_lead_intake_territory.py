# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmLeadIntakeTerritory(models.Model):
    """A country (or one of its states) and the sales team whose members get
    the imported leads from there (round robin)."""

    _name = "crm.lead.intake.territory"
    _description = "Lead intake territory"
    _order = "country_id, state_id, id"

    country_id = fields.Many2one("res.country", "Country", required=True, ondelete="cascade")
    state_id = fields.Many2one(
        "res.country.state", "State", ondelete="cascade",
        domain="[('country_id', '=', country_id)]",
        help="Leave empty for the whole country; a state's rule wins over its country's.")
    team_id = fields.Many2one("crm.team", "Sales team", required=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company", "Company", required=True,
        default=lambda self: self.env.user.company_id)

    _sql_constraints = [
        ("territory_unique", "unique(company_id, country_id, state_id)",
         "A territory is given to one sales team only."),
    ]

    @api.constrains("country_id", "state_id")
    def _check_state_country(self):
        for rec in self:
            if rec.state_id and rec.state_id.country_id != rec.country_id:
                raise ValidationError(_("The state %(state)s is not in %(country)s.") % {
                    "state": rec.state_id.name, "country": rec.country_id.name})

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class UtmCampaign(models.Model):
    """What a campaign cost, when and who answers for it, so that its ROI can
    be measured against the revenue attributed to it (sales_summary)."""

    _inherit = "utm.campaign"

    cost = fields.Monetary(
        currency_field="company_currency_id",
        help="What the campaign cost, in the company currency. Counted in the "
        "campaign ROI of the period that contains the campaign's start date.")
    company_currency_id = fields.Many2one(
        "res.currency", compute="_compute_company_currency_id", string="Currency",
        help="The company currency, in which the cost is entered.")
    date_start = fields.Date(
        string="Start Date",
        help="The cost counts in the period containing this date (empty: the "
        "campaign's creation date).")
    user_id = fields.Many2one(
        "res.users", string="Responsible", index=True,
        help="The marketer answerable for the campaign: its ROI counts in their "
        "KPIs and scorecard.")
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", index=True,
        help="The sales team the campaign works for: its ROI counts in that team's KPIs.")

    def _compute_company_currency_id(self):
        currency = self.env.user.company_id.currency_id
        for campaign in self:
            campaign.company_currency_id = currency

    @api.constrains("cost")
    def _check_cost(self):
        for campaign in self:
            if campaign.cost < 0:
                raise ValidationError(_(
                    "The cost of campaign %(name)s cannot be negative (%(cost)s).") % {
                        "name": campaign.name, "cost": campaign.cost})

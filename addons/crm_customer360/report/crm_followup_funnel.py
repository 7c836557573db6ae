# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Follow-up funnel per campaign and per event: a SQL view with one row per
source and person reached (rules/followup_funnel.py defines the steps) and
the summary the funnel screen draws."""
from psycopg2 import sql

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.addons.crm_customer_base.rules import definitions

from ..rules import followup_funnel


class CrmFollowupFunnel(models.Model):
    _name = "crm.followup.funnel"
    _description = "Follow-up funnel"
    _auto = False
    _order = "reached_date desc, id"
    _rec_name = "partner_id"

    source_type = fields.Selection(
        [("campaign", "Campaign"), ("event", "Event")], "Source type", readonly=True)
    source_key = fields.Char("Source key", readonly=True)
    source_name = fields.Char("Campaign or event", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", "Campaign", readonly=True)
    event_id = fields.Integer("Event ID", readonly=True)
    reach_kind = fields.Selection(
        [("mailing", "Mailing sent"), ("registered", "Registered"),
         ("attended", "Attended"), ("card", "Card collected")], "Reached by", readonly=True)
    partner_id = fields.Many2one("res.partner", "Contact", readonly=True)
    lead_id = fields.Many2one("crm.lead", "Lead", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales team", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    reached_date = fields.Datetime(
        "Reached", readonly=True,
        help="First time the campaign or event reached the person: a mailing sent to them, "
        "their registration (attended or not), or their business card imported.")
    lead_date = fields.Datetime(
        "Lead", readonly=True,
        help="A lead of that person exists: the card's lead, the lead the mailing went to, "
        "a lead of the campaign with their contact or email, or (event) one created after "
        "they registered.")
    contacted_date = fields.Datetime(
        "First contact", readonly=True,
        help="First email, logged note or call, done activity or meeting by an employee on "
        "the lead or the contact, after they were reached.")
    opportunity_date = fields.Datetime(
        "Opportunity", readonly=True, help="The lead became an opportunity.")
    won_date = fields.Datetime(
        "Won", readonly=True, help="The opportunity is won (probability 100 %).")

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("SELECT to_regclass('mail_mail_statistics'), "
                            "to_regclass('event_registration')")
        has_mailing, has_event = (bool(v) for v in self.env.cr.fetchone())
        # The view's SQL is built from identifiers written in the code only.
        self.env.cr.execute(sql.SQL("CREATE VIEW {} AS ({})").format(
            sql.Identifier(self._table), sql.SQL(followup_funnel.view_sql(
                has_mailing, has_event, definitions.sql_is_employee))))

    @api.model
    def _funnel_domain(self, source_key):
        kind, _sep, ident = (source_key or "").partition(",")
        if kind not in ("campaign", "event") or not ident.isdigit():
            raise UserError(_("Choose a campaign or an event."))
        return [("source_key", "=", "%s,%s" % (kind, int(ident)))]

    @api.model
    def get_funnel_sources(self):
        """[{key, name, reached}] of the campaigns and events with people
        reached that the user may see, most reached first."""
        groups = self.read_group([], ["source_key", "source_name"],
                                 ["source_key", "source_name"], lazy=False)
        return sorted(({"key": g["source_key"], "name": g["source_name"] or g["source_key"],
                        "reached": g["__count"]} for g in groups if g["source_key"]),
                      key=lambda s: (-s["reached"], s["name"]))

    @api.model
    def get_funnel_data(self, source_key):
        """The funnel of one campaign or event: each step's label, one-line
        definition, count, conversion from the previous step and median
        days, and how many reached people nobody contacted yet."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(_("Only sales managers may look at follow-up funnels."))
        domain = self._funnel_domain(source_key)
        query = self._where_calc(domain)
        self._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        self.env.cr.execute(followup_funnel.summary_sql(from_clause, where_clause), params)
        steps = followup_funnel.summary_from_sql_row(self.env.cr.fetchone())
        described = self.fields_get(list(followup_funnel.DATE_COLUMNS.values()),
                                    ["string", "help"])
        for step in steps:
            field = described[followup_funnel.DATE_COLUMNS[step["step"]]]
            step.update({"label": field["string"], "help": field.get("help") or ""})
        not_contacted = self.search_count(domain + [("contacted_date", "=", False)])
        return {"source_key": domain[0][2], "steps": steps, "not_contacted": not_contacted}

    @api.model
    def action_not_contacted(self, source_key):
        """The reached people of a campaign or event nobody contacted yet."""
        domain = self._funnel_domain(source_key) + [("contacted_date", "=", False)]
        action = self.env.ref("crm_customer360.crm_followup_funnel_action").read()[0]
        action.update({"domain": domain, "name": _("Not yet contacted"), "context": {}})
        return action

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.addons.crm_customer_base.rules import definitions

from ..rules import kpi, kpi_catalog, scorecard

DEPARTMENTS = [("service", "Service"), ("sales", "Sales"), ("marketing", "Marketing")]


def translator(self):
    """``_`` for plain modules: Odoo's ``_`` reads the language from the
    caller's ``self``, which a plain module does not have."""
    def translate(source, self=self):
        return _(source)
    return translate


def _kpi_selection(self):
    return kpi_catalog.selection(translator(self))


class CrmServiceScorecard(models.Model):
    """A scorecard: which KPIs, with which weights, and how much customer
    satisfaction weighs, for the employees and teams of a department.

    Scores (rules/scorecard.py): weighted mean of the KPI attainments
    (capped at 100) and of satisfaction normalised to 0-100; capped when
    satisfaction is below the floor."""

    _name = "crm.service.scorecard"
    _description = "KPI Scorecard"
    _order = "department, name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    department = fields.Selection(
        DEPARTMENTS, required=True, default="service",
        help="Service: helpdesk teams and their agents; satisfaction is the feedback "
        "on their tickets. Sales: sales teams and salespeople; satisfaction is the "
        "feedback of the customers they manage (salesperson / sales team of the "
        "customer's company). Marketing: campaign responsibles; satisfaction is the "
        "feedback of the customers reached by their campaigns.")
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.user.company_id)
    line_ids = fields.One2many(
        "crm.service.scorecard.line", "scorecard_id", string="KPIs", copy=True,
        help="The operational KPIs scored, each with its weight.")
    satisfaction_weight = fields.Float(
        default=30.0,
        help="Weight of customer satisfaction next to the KPI weights (0: "
        "satisfaction only acts through the floor).")
    satisfaction_measure = fields.Selection(
        [("csat", "CSAT average (1-5)"), ("nps", "NPS (-100 to 100)")],
        required=True, default="csat",
        help="Which satisfaction figure is scored and compared with the floor.")
    satisfaction_floor = fields.Float(
        default=3.0,
        help="When satisfaction is below this value (CSAT 1-5 or NPS -100..100) "
        "the score is capped.")
    score_cap = fields.Float(
        string="Cap Below the Floor", default=60.0,
        help="Highest score (0-100) possible while satisfaction is below the floor.")
    helpdesk_team_ids = fields.Many2many(
        "helpdesk.ticket.team", string="Helpdesk Teams",
        help="Service scorecards: the teams scored (and whose members are scored "
        "when no employee is listed).")
    sales_team_ids = fields.Many2many(
        "crm.team", string="Sales Teams",
        help="Sales and marketing scorecards: the sales teams scored (and whose "
        "members are scored when no employee is listed).")
    user_ids = fields.Many2many(
        "res.users", string="Employees",
        help="The employees scored; empty: the members of the teams above.")

    @api.constrains("line_ids", "satisfaction_weight")
    def _check_weights(self):
        for card in self:
            problem = scorecard.weights_problem(
                card.line_ids.mapped("weight"), card.satisfaction_weight)
            if problem == "negative":
                raise ValidationError(_(
                    "Scorecard %(name)s: every KPI weight must be above 0 and the "
                    "satisfaction weight cannot be negative.") % {"name": card.name})
            if problem == "empty":
                raise ValidationError(_(
                    "Scorecard %(name)s: give at least one KPI or satisfaction a "
                    "weight above 0.") % {"name": card.name})

    @api.constrains("satisfaction_measure", "satisfaction_floor", "score_cap")
    def _check_floor(self):
        for card in self:
            low, high = scorecard.floor_range(card.satisfaction_measure)
            if not low <= card.satisfaction_floor <= high:
                raise ValidationError(_(
                    "Scorecard %(name)s: the satisfaction floor must be between "
                    "%(low)s and %(high)s for this measure, not %(value)s.") % {
                        "name": card.name, "low": low, "high": high,
                        "value": card.satisfaction_floor})
            if not 0 <= card.score_cap <= 100:
                raise ValidationError(_(
                    "Scorecard %(name)s: the cap must be between 0 and 100, not "
                    "%(value)s.") % {"name": card.name, "value": card.score_cap})

    @api.onchange("satisfaction_measure")
    def _onchange_satisfaction_measure(self):
        low, high = scorecard.floor_range(self.satisfaction_measure)
        if not low <= self.satisfaction_floor <= high:
            self.satisfaction_floor = 3.0 if self.satisfaction_measure == "csat" else 0.0

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.multi
    def action_show_scorecard(self):
        """Ask for the period, then list the scores."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Show Scorecard"),
            "res_model": "crm.service.scorecard.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_scorecard_id": self.id},
        }

    # ------------------------------------------------------------------
    # Computation (RPC)
    # ------------------------------------------------------------------
    @api.multi
    def _scorecard_members(self):
        """(teams, users) scored: explicit employees, else team members."""
        self.ensure_one()
        if self.department == "service":
            teams = self.helpdesk_team_ids
            users = self.user_ids or teams.mapped("user_ids")
        else:
            teams = self.sales_team_ids
            users = self.user_ids or (teams.mapped("member_ids") | teams.mapped("user_id"))
        return teams, users

    @api.multi
    def _compute_scorecards(self, date_from, date_to):
        """Scores of the period, as a list of dicts (RPC).

        One row per employee ({"user_id": id}) then one per team
        ({"team_id": id, "team_model": "helpdesk.ticket.team" for service,
        "crm.team" for sales and marketing}), each with "name", "kpis" ({code: {"value",
        "target", "attainment"}}), "satisfaction" (the raw CSAT average or NPS
        of the measure), "satisfaction_normalised" (0-100), "score" (0-100 or
        None) and "capped"; over RPC a missing figure (no value, target,
        satisfaction or score) is ``False`` (XML-RPC refuses None); Python
        callers use ``_compute_scorecards`` (None). Values come from kpi_summary_grouped (service
        KPIs) and sales_summary_grouped (sales and marketing KPIs), grouped in
        SQL: a bounded number of queries; targets from crm.service.kpi.target
        (one query per row).
        """
        if len(self) != 1 or not kpi.ids_in_range(self.ids) or not self.exists():
            raise UserError(_("Choose one existing scorecard to compute."))
        Sales = self.env["crm.service.kpi.sales"]
        d_from, d_to = Sales._kpi_check_period(date_from, date_to)
        date_from, date_to = str(d_from), str(d_to)
        teams, users = self._scorecard_members()
        codes = self.line_ids.mapped("kpi")
        sources = {kpi_catalog.BY_CODE[c]["source"] for c in codes if c in kpi_catalog.BY_CODE}
        service = self.department == "service"
        user_values, team_values = {}, {}
        if "service" in sources or service:
            user_values, team_values = self._scorecard_service_values(
                date_from, date_to, users, teams if service else self.env["helpdesk.ticket.team"])
        if "sales" in sources:
            by_user = Sales._sales_summary_grouped(
                date_from, date_to, group_by="user", user_ids=users.ids) if users else {}
            sales_teams = teams if not service else self.env["crm.team"]
            by_team = Sales._sales_summary_grouped(
                date_from, date_to, group_by="team",
                sales_team_ids=sales_teams.ids) if sales_teams else {}
            for user in users:
                user_values.setdefault(user.id, {}).update(by_user.get(user.id) or {})
            for team in sales_teams:
                team_values.setdefault(team.id, {}).update(by_team.get(team.id) or {})
        if service:
            measure = self.satisfaction_measure
            user_sat = {u: (v.get("csat_avg") if measure == "csat" else v.get("nps"))
                        for u, v in user_values.items()}
            team_sat = {t: (v.get("csat_avg") if measure == "csat" else v.get("nps"))
                        for t, v in team_values.items()}
        else:
            user_sat = self._scorecard_customer_satisfaction(date_from, date_to, "user", users.ids)
            team_sat = self._scorecard_customer_satisfaction(date_from, date_to, "team", teams.ids)
        rows = []
        for user in users:
            rows.append(self._scorecard_row(
                {"user_id": user.id, "name": user.name}, user_values.get(user.id, {}),
                user_sat.get(user.id), date_from, date_to, user_id=user.id))
        for team in teams:
            key = {"team_id": team.id} if service else {"sales_team_id": team.id}
            rows.append(self._scorecard_row(
                dict(team_id=team.id, team_model=team._name, name=team.name),
                team_values.get(team.id, {}),
                team_sat.get(team.id), date_from, date_to, **key))
        return rows

    @api.multi
    def compute_scorecards(self, date_from, date_to):
        """Scores of the period, as a list of dicts (RPC): see
        ``_compute_scorecards``; missing figures are ``False`` (Odoo's "no
        value"; XML-RPC refuses None), the same over XML-RPC and JSON-RPC."""
        return kpi.rpc_safe(self._compute_scorecards(date_from, date_to))

    @api.multi
    def _scorecard_row(self, row, values, satisfaction, date_from, date_to, **target_keys):
        targets = {}
        if "crm.service.kpi.target" in self.env and self.line_ids:
            # one query for all the KPIs of the row
            targets = self.env["crm.service.kpi.target"]._find_targets(
                self.line_ids.mapped("kpi"), date_from, date_to, **target_keys)
        kpis, parts = {}, []
        for line in self.line_ids:
            meta = kpi_catalog.BY_CODE.get(line.kpi, {})
            value = values.get(line.kpi)
            target = targets.get(line.kpi)
            att = kpi_catalog.attainment(value, target, meta.get("higher_is_better"))
            kpis[line.kpi] = {"value": value, "target": target, "attainment": att}
            parts.append((line.weight, att))
        score, capped = scorecard.score(
            parts, satisfaction, self.satisfaction_weight, self.satisfaction_measure,
            self.satisfaction_floor, self.score_cap)
        row.update(kpis=kpis, satisfaction=satisfaction,
                   satisfaction_normalised=scorecard.normalise_satisfaction(
                       satisfaction, self.satisfaction_measure),
                   score=score, capped=capped)
        return row

    @api.multi
    def _scorecard_service_values(self, date_from, date_to, users, teams):
        """Service KPIs per employee and per helpdesk team: kpi_summary_grouped,
        two aggregate queries per grouping whatever the number of members."""
        Ticket = self.env["helpdesk.ticket"]
        if not Ticket.check_access_rights("read", raise_exception=False):
            return {}, {}
        by_user = Ticket._kpi_summary_grouped(
            date_from, date_to, "user", user_ids=users.ids) if users else {}
        by_team = Ticket._kpi_summary_grouped(
            date_from, date_to, "team", team_ids=teams.ids) if teams else {}
        return by_user, by_team

    @api.multi
    def _scorecard_customer_satisfaction(self, date_from, date_to, group_by, ids):
        """CSAT average or NPS of the feedback answered in the period by the
        customers of each salesperson / sales team (sales: the customer's
        salesperson and sales team of the commercial entity) or of each
        campaign responsible / campaign sales team (marketing: customers with
        an opportunity or a validated invoice carrying the campaign). Only the
        feedback the user may read; one query."""
        self.ensure_one()
        Feedback = self.env["crm.service.feedback"]
        if not ids or not Feedback.check_access_rights("read", raise_exception=False):
            return {}
        query = Feedback._where_calc([("state", "=", "answered")])
        Feedback._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        start, end = (fields.Datetime.to_string(d) for d in kpi.period_bounds(
            kpi.parse_date(date_from), kpi.parse_date(date_to), tz))
        column = sql.Identifier("user_id" if group_by == "user" else "team_id")
        if self.department == "marketing":
            customers = sql.SQL("""
                SELECT DISTINCT c.{col} AS key,
                       COALESCE(p.commercial_partner_id, p.id) AS partner_id
                  FROM utm_campaign c
                  JOIN (SELECT campaign_id, partner_id FROM crm_lead
                         WHERE campaign_id IS NOT NULL AND partner_id IS NOT NULL
                        UNION
                        SELECT campaign_id, partner_id FROM account_invoice
                         WHERE campaign_id IS NOT NULL AND {revenue_invoice}
                       ) src ON src.campaign_id = c.id
                  JOIN res_partner p ON p.id = src.partner_id
                 WHERE c.{col} IN %s
            """).format(col=column, revenue_invoice=sql.SQL(
                definitions.sql_is_revenue_invoice("type", "state")))
        else:
            customers = sql.SQL("""
                SELECT cp.{col} AS key, cp.id AS partner_id
                  FROM res_partner cp
                 WHERE cp.id = COALESCE(cp.commercial_partner_id, cp.id)
                   AND cp.{col} IN %s
            """).format(col=column)
        self.env.cr.execute(sql.SQL("""
            WITH customers AS ({customers}),
            f AS (
                SELECT "crm_service_feedback".csat, "crm_service_feedback".nps,
                       COALESCE(fp.commercial_partner_id, fp.id) AS partner_id
                  FROM {from_clause}
                  JOIN res_partner fp ON fp.id = "crm_service_feedback".partner_id
                 WHERE {where_clause}
                   AND "crm_service_feedback".answered_date >= %s
                   AND "crm_service_feedback".answered_date < %s
            )
            SELECT c.key, count(*) AS answered, sum(f.csat) AS csat_sum,
                   count(*) FILTER (WHERE {promoter}) AS promoters,
                   count(*) FILTER (WHERE {detractor}) AS detractors
              FROM customers c JOIN f ON f.partner_id = c.partner_id
             GROUP BY c.key
        """).format(customers=customers, from_clause=sql.SQL(from_clause),
                    where_clause=sql.SQL(where_clause or "TRUE"),
                    promoter=sql.SQL(definitions.sql_is_promoter("f.nps")),
                    detractor=sql.SQL(definitions.sql_is_detractor("f.nps"))),
            [tuple(ids)] + list(params) + [start, end])
        res = {}
        for key, answered, csat_sum, promoters, detractors in self.env.cr.fetchall():
            if self.satisfaction_measure == "csat":
                res[key] = kpi.mean(csat_sum, answered)
            else:
                res[key] = kpi.nps_value(promoters, detractors, answered)
        return res

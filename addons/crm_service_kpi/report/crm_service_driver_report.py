# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import fields, models
from odoo.addons.crm_customer_base.rules import definitions

from ..rules import driver
from ..models.crm_service_scorecard import translator
from ..models.helpdesk_ticket import OptionalFloat


def _frt_selection(self):
    return driver.bucket_labels(translator(self))["first_response"]


def _resolution_selection(self):
    return driver.bucket_labels(translator(self))["resolution"]


class CrmServiceDriverReport(models.Model):
    """Satisfaction drivers: one row per answered feedback on a ticket, with
    the ticket's operational figures (first-response and resolution buckets
    in working hours, SLA outcome, category, team), so that a pivot shows
    which operational KPI moves CSAT and NPS.

    Averages of ``csat`` give the CSAT average, of ``is_satisfied`` the share
    of satisfied answers (x 100), of ``nps_points`` (100 promoter, 0 passive,
    -100 detractor) the NPS of the rows. Team and employee are the
    feedback's, so the rows follow the feedback's record rules."""

    _name = "crm.service.driver.report"
    _inherit = "crm.service.kpi.sql.report"
    _description = "Satisfaction Drivers"
    _auto = False
    _rec_name = "ticket_id"
    _order = "answered_date desc"

    feedback_id = fields.Many2one("crm.service.feedback", string="Feedback", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Ticket", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Employee", readonly=True,
                              help="The employee the feedback is about (the ticket's assignee).")
    team_id = fields.Many2one("helpdesk.ticket.team", string="Team", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", string="Category", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    customer_tier = fields.Char(
        readonly=True, help="Loyalty tier of the customer (crm_loyalty), if installed.")
    answered_date = fields.Datetime(string="Answered on", readonly=True)
    feedback_count = fields.Integer(string="# Answers", readonly=True)
    csat = OptionalFloat(string="CSAT", readonly=True, group_operator="avg",
                        help="Average: the CSAT average (1-5).")
    nps_score = fields.Float(string="NPS Answer (0-10)", readonly=True, group_operator="avg")
    nps_points = fields.Float(
        string="NPS", readonly=True, group_operator="avg",
        help="100 for a promoter (NPS %d-%d), 0 for a passive, -100 for a detractor "
        "(NPS %d-%d): the average is the NPS." % (
            definitions.NPS_PROMOTER_MIN, definitions.NPS_RANGE[1],
            definitions.NPS_RANGE[0], definitions.NPS_DETRACTOR_MAX))
    is_satisfied = fields.Float(
        string="% Satisfied", readonly=True, group_operator="avg",
        help="100 when CSAT is %d or more, else 0: the average is the share of "
        "satisfied answers." % definitions.CSAT_SATISFIED_MIN)
    is_promoter = fields.Integer(
        string="# Promoters", readonly=True,
        help="Answers with NPS %d or more." % definitions.NPS_PROMOTER_MIN)
    is_detractor = fields.Integer(
        string="# Detractors", readonly=True,
        help="NPS detractors: answers with NPS %d or less (what the NPS subtracts)."
        % definitions.NPS_DETRACTOR_MAX)
    first_response_hours = OptionalFloat(
        string="First Response (working h)", readonly=True, group_operator="avg")
    resolution_hours = OptionalFloat(
        string="Resolution (working h)", readonly=True, group_operator="avg")
    frt_bucket = fields.Selection(
        _frt_selection, string="First Response Time", readonly=True,
        help="Working hours from the ticket's opening to the first response.")
    resolution_bucket = fields.Selection(
        _resolution_selection, string="Resolution Time", readonly=True,
        help="Working hours from the ticket's opening to its solution, minus the "
        "time spent waiting on the customer.")
    sla_outcome = fields.Selection(
        [("met", "Met"), ("breached", "Breached"), ("pending", "Pending"),
         ("none", "No SLA")], string="SLA", readonly=True,
        help="Met: every SLA target met. Breached: a target was missed. Pending: the "
        "ticket has a policy and is not decided yet. No SLA: no policy applies.")

    def _query(self):
        tier_select, tier_join = self._tier_join("f.partner_id", "f.company_id")
        frt = driver.bucket_case_sql(
            "CASE WHEN t.first_response_date IS NOT NULL THEN t.first_response_hours END",
            driver.FIRST_RESPONSE_BUCKETS)
        res = driver.bucket_case_sql(
            "CASE WHEN t.closed_date IS NOT NULL AND COALESCE(s.closed, FALSE) "
            "THEN t.resolution_hours END", driver.RESOLUTION_BUCKETS)
        return sql.SQL("""
            SELECT f.id AS id,
                   f.id AS feedback_id,
                   f.ticket_id, f.partner_id, f.user_id, f.team_id, f.company_id,
                   t.category_id,
                   {tier_select} AS customer_tier,
                   f.answered_date,
                   1 AS feedback_count,
                   f.csat::float AS csat,
                   f.nps::float AS nps_score,
                   CASE WHEN {promoter} THEN 100.0 WHEN {detractor} THEN -100.0
                        ELSE 0.0 END AS nps_points,
                   CASE WHEN {satisfied} THEN 100.0 ELSE 0.0 END AS is_satisfied,
                   CASE WHEN {promoter} THEN 1 ELSE 0 END AS is_promoter,
                   CASE WHEN {detractor} THEN 1 ELSE 0 END AS is_detractor,
                   CASE WHEN t.first_response_date IS NOT NULL
                        THEN t.first_response_hours END AS first_response_hours,
                   CASE WHEN t.closed_date IS NOT NULL AND COALESCE(s.closed, FALSE)
                        THEN t.resolution_hours END AS resolution_hours,
                   {frt} AS frt_bucket,
                   {res} AS resolution_bucket,
                   {sla_outcome} AS sla_outcome
              FROM crm_service_feedback f
              JOIN helpdesk_ticket t ON t.id = f.ticket_id
              LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
              {tier_join}
             WHERE f.state = 'answered'
        """).format(tier_select=tier_select, tier_join=tier_join,
                    promoter=sql.SQL(definitions.sql_is_promoter("f.nps")),
                    detractor=sql.SQL(definitions.sql_is_detractor("f.nps")),
                    satisfied=sql.SQL(definitions.sql_is_satisfied("f.csat")),
                    frt=sql.SQL(frt), res=sql.SQL(res),
                    sla_outcome=sql.SQL(driver.sla_outcome_sql("t.sla_policy_id", "t.sla_status")))

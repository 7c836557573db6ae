# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import fields, models

from ..models.crm_service_ticket_cause import CAUSE_KINDS
from ..models.helpdesk_ticket import SLA_STATUS, OptionalFloat
from ..rules import cause


class CrmServiceKpiReport(models.Model):
    """One row per ticket with its service KPIs (SQL view), for pivot and
    graph analysis by team, employee, customer tier and month.

    Hours are working hours stored on the ticket (first_response_hours,
    resolution_hours, see rules/kpi.py); CSAT and NPS are those of the
    ticket's latest answered feedback."""

    _name = "crm.service.kpi.report"
    _inherit = "crm.service.kpi.sql.report"
    _description = "Service KPI Analysis"
    _auto = False
    _rec_name = "ticket_id"
    _order = "open_date desc"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Ticket", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Employee", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    customer_tier = fields.Char(
        readonly=True, help="Loyalty tier of the customer (crm_loyalty), if installed.")
    open_date = fields.Datetime(string="Opened on", readonly=True)
    open_month = fields.Date(string="Month", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", string="Stage", readonly=True)
    solved = fields.Boolean(readonly=True)
    ticket_count = fields.Integer(string="# Tickets", readonly=True)
    first_response_hours = OptionalFloat(
        string="First Response (working h)", readonly=True, group_operator="avg")
    resolution_hours = OptionalFloat(
        string="Resolution (working h)", readonly=True, group_operator="avg")
    has_first_response = fields.Boolean(readonly=True)
    sla_status = fields.Selection(SLA_STATUS, string="SLA Status", readonly=True)
    sla_met = fields.Integer(string="# SLA Met", readonly=True)
    sla_breached = fields.Integer(string="# SLA Breached", readonly=True)
    reopened = fields.Integer(string="# Reopened", readonly=True)
    reopen_count = fields.Integer(string="Reopenings", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    category_id = fields.Many2one(
        "helpdesk.ticket.category", string="Category", readonly=True)
    cause_id = fields.Many2one("crm.service.ticket.cause", string="Cause", readonly=True)
    cause_kind = fields.Selection(CAUSE_KINDS, readonly=True)
    solved_with_cause = fields.Integer(
        string="# Solved with Cause", readonly=True,
        help="Solved tickets with a cause: the base of the avoidable shares.")
    avoidable = fields.Integer(
        string="# Avoidable", readonly=True,
        help="Solved tickets whose cause is a user error or a how-to question.")
    avoidable_pct = OptionalFloat(
        string="Avoidable Tickets (%)", readonly=True, group_operator="avg",
        help="Share of the solved tickets with a cause that are avoidable (user "
        "error, how-to question).")
    service_hours = OptionalFloat(
        string="Agent Hours", readonly=True,
        help="Resolution working hours of the solved tickets with a cause (the "
        "suite's service-hours estimate).")
    avoidable_hours = OptionalFloat(
        string="Agent Hours on Avoidable", readonly=True,
        help="Resolution working hours of the avoidable solved tickets; divided by "
        "Agent Hours: the share of agent time they take.")
    # from the feedback, whose rules are narrower than the tickets': for the
    # helpdesk managers only (all feedback of their company); the others have
    # the satisfaction drivers report, under the feedback's rules
    answered = fields.Integer(string="# Feedback Answered", readonly=True,
                              groups="helpdesk_mgmt.group_helpdesk_manager")
    csat = OptionalFloat(string="CSAT", readonly=True, group_operator="avg",
                        groups="helpdesk_mgmt.group_helpdesk_manager")
    nps = OptionalFloat(string="NPS Score", readonly=True, group_operator="avg",
                       groups="helpdesk_mgmt.group_helpdesk_manager")

    def _query(self):
        tier_select, tier_join = self._tier_join("t.partner_id", "t.company_id")
        return sql.SQL("""
                SELECT t.id AS id,
                       t.id AS ticket_id,
                       t.team_id, t.user_id, t.partner_id, t.company_id, t.stage_id,
                       {tier_select} AS customer_tier,
                       COALESCE(t.sla_start_date, t.create_date) AS open_date,
                       date_trunc('month', COALESCE(t.sla_start_date, t.create_date))::date
                           AS open_month,
                       COALESCE(s.closed, FALSE) AS solved,
                       1 AS ticket_count,
                       CASE WHEN t.first_response_date IS NOT NULL
                            THEN t.first_response_hours END AS first_response_hours,
                       CASE WHEN t.closed_date IS NOT NULL AND COALESCE(s.closed, FALSE)
                            THEN t.resolution_hours END AS resolution_hours,
                       t.first_response_date IS NOT NULL AS has_first_response,
                       t.sla_status,
                       CASE WHEN t.sla_policy_id IS NOT NULL AND t.sla_status = 'met'
                            THEN 1 ELSE 0 END AS sla_met,
                       CASE WHEN t.sla_policy_id IS NOT NULL AND t.sla_status = 'breached'
                            THEN 1 ELSE 0 END AS sla_breached,
                       CASE WHEN COALESCE(t.reopen_count, 0) > 0 THEN 1 ELSE 0 END
                           AS reopened,
                       COALESCE(t.reopen_count, 0) AS reopen_count,
                       t.product_id, t.category_id, t.cause_id, t.cause_kind,
                       CASE WHEN {with_cause} THEN 1 ELSE 0 END AS solved_with_cause,
                       CASE WHEN {with_cause} AND t.cause_kind = ANY({avoidable})
                            THEN 1 ELSE 0 END AS avoidable,
                       CASE WHEN {with_cause}
                            THEN CASE WHEN t.cause_kind = ANY({avoidable})
                                      THEN 100.0 ELSE 0.0 END END AS avoidable_pct,
                       CASE WHEN {with_cause} THEN t.resolution_hours END AS service_hours,
                       CASE WHEN {with_cause} AND t.cause_kind = ANY({avoidable})
                            THEN t.resolution_hours END AS avoidable_hours,
                       CASE WHEN fb.id IS NOT NULL THEN 1 ELSE 0 END AS answered,
                       fb.csat::float AS csat,
                       fb.nps::float AS nps
                  FROM helpdesk_ticket t
                  LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                  {tier_join}
                  LEFT JOIN LATERAL (
                      SELECT f.id, f.csat, f.nps
                        FROM crm_service_feedback f
                       WHERE f.ticket_id = t.id AND f.state = 'answered'
                       ORDER BY f.answered_date DESC NULLS LAST, f.id DESC
                       LIMIT 1
                  ) fb ON TRUE
        """).format(tier_select=tier_select, tier_join=tier_join,
                    avoidable=sql.Literal(list(cause.AVOIDABLE_KINDS)),
                    with_cause=sql.SQL(
                        "COALESCE(s.closed, FALSE) AND t.closed_date IS NOT NULL "
                        "AND t.cause_kind IS NOT NULL"))

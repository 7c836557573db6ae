# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import fields, models
from odoo.addons.crm_customer_base.rules import definitions

from ..rules import sales_kpi

# Dates without a time (invoice dates, campaign start dates) are placed at noon
# UTC, so that grouping by month in the user's time zone (read_group converts
# datetimes, UTC-12 to UTC+12) keeps them in their own day.
_NOON = "interval '12 hours'"


class CrmServiceSalesReport(models.Model):
    """Sales and marketing KPI facts (SQL view) for pivot and graph analysis
    by sales team, salesperson, customer tier and month. Same rules as
    ``crm.service.kpi.sales.sales_summary`` (rules/sales_kpi.py), one row per
    fact:

    - lead: a lead or opportunity at its creation (lead count, response hours);
    - opportunity: an opportunity won or lost at its closing (win %, revenue
      born from tickets);
    - delivery: a sales order whose deliveries are all done, at its last
      delivery (delivery lead days);
    - campaign_invoice / campaign_opportunity / campaign_cost: campaign
      revenue and cost, on the campaign's responsible and sales team.

    Averages of ``win_pct`` give the win rate, of ``response_hours`` and
    ``delivery_days`` the mean times (rows without a value are ignored).

    Rows follow the rules of the documents they come from: the company of the
    lead, order or invoice, and for a salesperson limited to their own
    documents the salesperson of the lead or order (``document_user_id``),
    not the campaign's responsible shown in ``user_id``."""

    _name = "crm.service.sales.report"
    _inherit = "crm.service.kpi.sql.report"
    _description = "Sales and Marketing KPI Analysis"
    _auto = False
    _order = "date desc"

    kind = fields.Selection([
        ("lead", "Lead"), ("opportunity", "Closed opportunity"), ("delivery", "Delivery"),
        ("campaign_invoice", "Campaign invoice"),
        ("campaign_opportunity", "Campaign opportunity"),
        ("campaign_cost", "Campaign cost"),
    ], readonly=True)
    date = fields.Datetime(readonly=True, help="When the fact happened.")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", string="Campaign", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Lead/Opportunity", readonly=True)
    order_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    customer_tier = fields.Char(
        readonly=True, help="Loyalty tier of the customer (crm_loyalty), if installed.")
    lead_count = fields.Integer(string="# Leads", readonly=True)
    responded_count = fields.Integer(string="# Leads Answered", readonly=True)
    response_hours = fields.Float(
        string="Lead Response (h)", readonly=True, group_operator="avg",
        help="Calendar hours from the lead's creation to the first message or done "
        "activity of an employee.")
    won_count = fields.Integer(string="# Won", readonly=True)
    lost_count = fields.Integer(string="# Lost", readonly=True)
    win_pct = fields.Float(
        string="Win Rate %", readonly=True, group_operator="avg",
        help="100 for a won opportunity, 0 for a lost one: the average is the win rate.")
    ticket_revenue = fields.Float(
        string="Revenue from Tickets", readonly=True,
        help="Expected revenue of won opportunities created from a service ticket.")
    delivered_count = fields.Integer(string="# Orders Delivered", readonly=True)
    delivery_days = fields.Float(
        string="Delivery Lead Time (days)", readonly=True, group_operator="avg",
        help="Days from the order's confirmation to its last done delivery.")
    campaign_revenue = fields.Float(readonly=True)
    campaign_cost = fields.Float(readonly=True)
    document_user_id = fields.Many2one(
        "res.users", string="Salesperson of the Document", readonly=True,
        help="Salesperson of the lead or order the row comes from (none for invoices "
        "and campaign costs): the record rules of a salesperson limited to their own "
        "documents apply to it, as on leads and orders.")

    def _facts(self):
        """The UNION of the fact rows, before the customer-tier join."""
        return sql.SQL("""
            SELECT l.id * 8 AS id, 'lead' AS kind, l.create_date AS date, l.user_id, l.team_id,
                   l.partner_id, l.company_id, l.campaign_id, l.id AS lead_id,
                   NULL::integer AS order_id,
                   1 AS lead_count,
                   CASE WHEN r.first_date IS NOT NULL THEN 1 ELSE 0 END AS responded_count,
                   CASE WHEN r.first_date IS NOT NULL
                        THEN GREATEST(EXTRACT(EPOCH FROM (r.first_date - l.create_date)), 0)
                             / 3600.0 END AS response_hours,
                   0 AS won_count, 0 AS lost_count, NULL::float AS win_pct,
                   0.0 AS ticket_revenue, 0 AS delivered_count, NULL::float AS delivery_days,
                   0.0 AS campaign_revenue, 0.0 AS campaign_cost,
                   l.user_id AS document_user_id
              FROM crm_lead l
              LEFT JOIN LATERAL (
                  SELECT min(m.date) AS first_date
                    FROM mail_message m
                   WHERE m.model = 'crm.lead' AND m.res_id = l.id
                     AND m.author_id IS NOT NULL
                     AND m.author_id IS DISTINCT FROM l.partner_id
                     AND ((m.message_type IN ('email', 'comment')
                           AND m.subtype_id = (SELECT res_id FROM ir_model_data
                                                WHERE module = 'mail' AND name = 'mt_comment'))
                          OR m.mail_activity_type_id IS NOT NULL)
                     AND {employee}
              ) r ON TRUE
            UNION ALL
            SELECT l.id * 8 + 1, 'opportunity', l.date_closed, l.user_id, l.team_id, l.partner_id,
                   l.company_id, l.campaign_id, l.id, NULL,
                   0, 0, NULL,
                   CASE WHEN l.active THEN 1 ELSE 0 END,
                   CASE WHEN l.active THEN 0 ELSE 1 END,
                   CASE WHEN l.active THEN 100.0 ELSE 0.0 END,
                   CASE WHEN l.active AND l.ticket_id IS NOT NULL
                        THEN COALESCE(l.planned_revenue, 0) ELSE 0 END,
                   0, NULL, 0, 0, l.user_id
              FROM crm_lead l
             WHERE l.type = 'opportunity' AND l.date_closed IS NOT NULL
               AND ((l.active AND l.probability >= 100)
                    OR (NOT l.active AND l.probability = 0))
            UNION ALL
            SELECT o.id * 8 + 2, 'delivery', d.done_date, o.user_id, o.team_id, o.partner_id,
                   o.company_id, o.campaign_id, o.opportunity_id, o.id,
                   0, 0, NULL, 0, 0, NULL, 0, 1,
                   GREATEST(EXTRACT(EPOCH FROM (d.done_date - o.confirmation_date)), 0)
                       / 86400.0,
                   0, 0, o.user_id
              FROM sale_order o
              JOIN (SELECT p.sale_id,
                           max(p.date_done) FILTER (WHERE p.state = 'done') AS done_date,
                           bool_and(p.state IN ('done', 'cancel')) AS finished
                      FROM stock_picking p
                      JOIN stock_picking_type pt ON pt.id = p.picking_type_id
                     WHERE pt.code = 'outgoing' AND p.sale_id IS NOT NULL
                     GROUP BY p.sale_id) d ON d.sale_id = o.id
             WHERE {purchase_order} AND o.confirmation_date IS NOT NULL
               AND d.finished AND d.done_date IS NOT NULL
            UNION ALL
            SELECT i.id * 8 + 3, 'campaign_invoice', i.date_invoice + {noon}, c.user_id, c.team_id,
                   i.partner_id, i.company_id, c.id, NULL, NULL,
                   0, 0, NULL, 0, 0, NULL, 0, 0, NULL,
                   {net_amount}, 0, NULL
              FROM account_invoice i
              JOIN utm_campaign c ON c.id = i.campaign_id
             WHERE {revenue_invoice}
               AND i.date_invoice IS NOT NULL
            UNION ALL
            SELECT l.id * 8 + 4, 'campaign_opportunity', l.date_closed, c.user_id, c.team_id,
                   l.partner_id, l.company_id, c.id, l.id, NULL,
                   0, 0, NULL, 0, 0, NULL, 0, 0, NULL,
                   COALESCE(l.planned_revenue, 0), 0, l.user_id
              FROM crm_lead l
              JOIN utm_campaign c ON c.id = l.campaign_id
             WHERE l.type = 'opportunity' AND l.active AND l.probability >= 100
               AND l.date_closed IS NOT NULL
               AND {not_invoiced}
            UNION ALL
            SELECT c.id * 8 + 5, 'campaign_cost',
                   COALESCE(c.date_start + {noon}, c.create_date), c.user_id, c.team_id,
                   NULL, NULL, c.id, NULL, NULL,
                   0, 0, NULL, 0, 0, NULL, 0, 0, NULL, 0, COALESCE(c.cost, 0), NULL
              FROM utm_campaign c
             WHERE COALESCE(c.cost, 0) <> 0
        """).format(
            employee=sql.SQL(definitions.sql_is_employee("m.author_id")),
            purchase_order=sql.SQL(definitions.sql_is_purchase_order("o.state")),
            net_amount=sql.SQL(definitions.sql_net_revenue_amount("i.amount_untaxed_signed")),
            revenue_invoice=sql.SQL(definitions.sql_is_revenue_invoice("i.type", "i.state")),
            noon=sql.SQL(_NOON), not_invoiced=sql.SQL(
            sales_kpi.OPPORTUNITY_NOT_INVOICED_SQL).format(lead=sql.SQL("l")))

    def _query(self):
        tier_select, tier_join = self._tier_join("f.partner_id", "f.company_id")
        return sql.SQL("""
            SELECT f.*, {tier_select} AS customer_tier
              FROM ({facts}) f
              {tier_join}
        """).format(facts=self._facts(), tier_select=tier_select, tier_join=tier_join)

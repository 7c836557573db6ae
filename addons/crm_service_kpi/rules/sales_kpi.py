# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sales and marketing KPI formulas as plain functions (no Odoo import).

Used by ``crm.service.kpi.sales.sales_summary`` (models/crm_service_kpi_sales.py), which
fetches the aggregates below in set-based SQL. The period is made of whole
days in the user's time zone, both included (``kpi.period_bounds``).

* ``lead_count``: leads and opportunities (archived ones included) created in
  the period.
* ``lead_response_hours_avg``: mean **calendar** hours from a lead's creation
  to its first response, over the leads of the period that have one. The
  first response is the earliest message on the lead that is either a
  discussion message (type email or comment, subtype *Discussions*, not a
  logged note) or a marked-done activity, authored by an employee (the partner
  of an internal user) who is not the lead's own contact. Stage changes and
  notes do not count: the customer does not see them.
* ``won_count`` / ``lost_count``: opportunities closed (``date_closed``) in
  the period; won = active with probability 100 (Odoo's "Mark Won" moves it to
  a stage at 100 %); lost = archived with probability 0 (Odoo's "Mark Lost").
* ``win_rate_pct``: won / (won + lost) x 100.
* ``delivery_lead_days_avg``: mean calendar days from a sales order's
  confirmation (``confirmation_date``) to its last done outgoing delivery, over
  orders whose last done outgoing delivery is in the period and that have no
  outgoing delivery left to do (every other one done or cancelled).
* ``campaign_revenue``: (a) validated (open or paid) customer invoices
  carrying a campaign, dated in the period, untaxed, in company currency,
  minus the refunds carrying a campaign; plus (b) the expected revenue of won
  opportunities carrying a campaign closed in the period, unless one of their
  sales orders is already invoiced on an invoice carrying the same campaign
  (that revenue is in (a)).
* ``campaign_cost``: cost of the campaigns that start in the period (their
  start date, else their creation date).
* ``campaign_roi_pct``: (revenue - cost) / cost x 100; None when the cost is 0.
* ``ticket_opportunity_revenue``: expected revenue of the won opportunities
  created from a ticket, closed in the period.

Means of nothing and ratios over 0 are None; figures rounded to 2 decimals.
"""
from odoo.addons.crm_customer_base.rules import definitions

from .kpi import mean, pct

SALES_KEYS = (
    "lead_count", "lead_response_hours_avg", "won_count", "lost_count",
    "win_rate_pct", "delivery_lead_days_avg", "delivered_count",
    "campaign_revenue", "campaign_cost", "campaign_roi_pct",
    "ticket_opportunity_revenue", "ticket_opportunity_count",
)

# Campaign revenue: a won opportunity of a campaign counts unless one of its
# sales orders has a posted customer invoice or credit note (definitions) of the same campaign (the invoice
# counts then). SQL condition on the lead table or alias ``{lead}``
# (psycopg2.sql format), shared by sales_summary and the analysis report.
OPPORTUNITY_NOT_INVOICED_SQL = """NOT EXISTS (
                   SELECT 1
                     FROM sale_order so
                     JOIN sale_order_line sol ON sol.order_id = so.id
                     JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
                     JOIN account_invoice_line ail ON ail.id = rel.invoice_line_id
                     JOIN account_invoice ai ON ai.id = ail.invoice_id
                    WHERE so.opportunity_id = {lead}.id AND ai.campaign_id = {lead}.campaign_id
                      AND """ + definitions.sql_is_revenue_invoice("ai.type", "ai.state") + ")"


def win_rate(won, lost):
    """won / (won + lost) x 100, None when nothing was closed."""
    return pct(won or 0, (won or 0) + (lost or 0))


def roi(revenue, cost):
    """(revenue - cost) / cost x 100, None when the cost is 0 or unknown."""
    if not cost:
        return None
    return round(100.0 * ((revenue or 0.0) - cost) / cost, 2)


def sales_summary(leads, deliveries, campaigns):
    """The sales KPI dict from three aggregate rows fetched in SQL.

    ``leads`` keys: lead_count, resp_sum, resp_count, won, lost,
    ticket_revenue, ticket_won. ``deliveries``: delivered, days_sum.
    ``campaigns``: invoiced, opportunity_revenue, cost.
    """
    lead, dlv, cmp = leads or {}, deliveries or {}, campaigns or {}
    revenue = round((cmp.get("invoiced") or 0.0) + (cmp.get("opportunity_revenue") or 0.0), 2)
    cost = round(cmp.get("cost") or 0.0, 2)
    return {
        "lead_count": lead.get("lead_count") or 0,
        "lead_response_hours_avg": mean(lead.get("resp_sum"), lead.get("resp_count")),
        "won_count": lead.get("won") or 0,
        "lost_count": lead.get("lost") or 0,
        "win_rate_pct": win_rate(lead.get("won"), lead.get("lost")),
        "delivery_lead_days_avg": mean(dlv.get("days_sum"), dlv.get("delivered")),
        "delivered_count": dlv.get("delivered") or 0,
        "campaign_revenue": revenue,
        "campaign_cost": cost,
        "campaign_roi_pct": roi(revenue, cost),
        "ticket_opportunity_revenue": round(lead.get("ticket_revenue") or 0.0, 2),
        "ticket_opportunity_count": lead.get("ticket_won") or 0,
    }

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Which salesperson to send on an opportunity: the candidates' statistics in
one set-based query (no Odoo import). The ranking itself is the suite's one
definition, ``crm_customer_base.rules.recommendation.rank``.

Candidates: the active internal members of the opportunity's sales team (and
its leader) who may work for the opportunity's company. A similar deal is a
closed (won or lost) opportunity of the same company in the same deal size
band, of a customer of the same industry when the customer has one, and,
when quotations link to opportunities (``sale_crm``) and this opportunity
has quoted products, with a quoted product of one of the same categories.
"""
from odoo.addons.crm_customer_base.rules import definitions, recommendation

CANDIDATE_QUERY = """
WITH target AS (
    SELECT l.id, l.company_id, l.team_id, cp.id AS customer_id, cp.industry_id,
           {band_target} AS band
      FROM crm_lead l
      LEFT JOIN res_partner p ON p.id = l.partner_id
      LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
     WHERE l.id = %(lead)s
), target_categories AS ({target_categories}
), candidates AS (
    SELECT DISTINCT u.id
      FROM res_users u
      JOIN target t ON u.sale_team_id = t.team_id
                    OR u.id = (SELECT tm.user_id FROM crm_team tm WHERE tm.id = t.team_id)
      JOIN res_company_users_rel cu ON cu.user_id = u.id AND cu.cid = t.company_id
     WHERE u.active AND NOT u.share
), closed AS (
    SELECT l.id, l.user_id, {won} AS won,
           {band} = t.band
           AND (t.industry_id IS NULL OR cp.industry_id = t.industry_id)
           AND {category} AS similar,
           t.customer_id IS NOT NULL AND cp.id = t.customer_id AS same_customer
      FROM crm_lead l
      JOIN target t ON l.company_id = t.company_id AND l.id <> t.id
      LEFT JOIN res_partner p ON p.id = l.partner_id
      LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
     WHERE l.user_id IN (SELECT id FROM candidates) AND l.type = 'opportunity'
       AND ({won} OR {lost})
), open_work AS (
    SELECT l.user_id, count(*) AS n
      FROM crm_lead l JOIN target t ON l.company_id = t.company_id
     WHERE l.user_id IN (SELECT id FROM candidates) AND l.type = 'opportunity'
       AND {open} AND l.id <> t.id
     GROUP BY l.user_id
), activities AS (
    SELECT a.user_id, count(*) AS n FROM mail_activity a
     WHERE a.user_id IN (SELECT id FROM candidates)
     GROUP BY a.user_id
)
SELECT c.id,
       count(cl.id) FILTER (WHERE cl.similar AND cl.won) AS similar_won,
       count(cl.id) FILTER (WHERE cl.similar) AS similar_closed,
       count(cl.id) FILTER (WHERE cl.same_customer AND cl.won) AS customer_won,
       count(cl.id) FILTER (WHERE cl.same_customer) AS customer_closed,
       COALESCE(max(ow.n), 0) AS open_opportunities,
       COALESCE(max(ac.n), 0) AS open_activities
  FROM candidates c
  LEFT JOIN closed cl ON cl.user_id = c.id
  LEFT JOIN open_work ow ON ow.user_id = c.id
  LEFT JOIN activities ac ON ac.user_id = c.id
 GROUP BY c.id
 ORDER BY c.id
"""

QUOTED_CATEGORIES = """
    SELECT DISTINCT pt.categ_id FROM sale_order so
      JOIN sale_order_line sol ON sol.order_id = so.id
      JOIN product_product pp ON pp.id = sol.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE so.opportunity_id = %(lead)s"""

SAME_CATEGORY = """(NOT EXISTS (SELECT 1 FROM target_categories) OR EXISTS (
        SELECT 1 FROM sale_order so
          JOIN sale_order_line sol ON sol.order_id = so.id
          JOIN product_product pp ON pp.id = sol.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
         WHERE so.opportunity_id = l.id
           AND pt.categ_id IN (SELECT categ_id FROM target_categories)))"""


def candidate_query(quotations_linked=False):
    """SQL of the candidates' statistics; ``quotations_linked``: whether
    sale orders have an ``opportunity_id`` (sale_crm installed)."""
    return CANDIDATE_QUERY.format(
        band_target=recommendation.sql_deal_size_band("l.planned_revenue"),
        band=recommendation.sql_deal_size_band("l.planned_revenue"),
        target_categories=QUOTED_CATEGORIES if quotations_linked
        else "SELECT NULL::int AS categ_id WHERE FALSE",
        category=SAME_CATEGORY if quotations_linked else "TRUE",
        won=definitions.sql_is_won_lead("l"), lost=definitions.sql_is_lost_lead("l"),
        open=definitions.sql_is_open_lead("l"))


def candidates(rows):
    """The rank's input from the query's rows (dicts)."""
    return [{"id": r["id"], "similar": [(r["similar_won"], r["similar_closed"])],
             "customer": (r["customer_won"], r["customer_closed"]),
             "load": r["open_opportunities"] + r["open_activities"], "row": r}
            for r in rows]

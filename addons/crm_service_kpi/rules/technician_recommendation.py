# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Which technician to send on a ticket: the candidates' statistics in one
set-based query (no Odoo import). The ranking is the suite's one definition,
``crm_customer_base.rules.recommendation.rank``, with two rates on similar
tickets: first-time fix (solved and never reopened / solved) and CSAT
(satisfied answers / answers, ``definitions.sql_is_satisfied``).

Candidates: the active internal members of the ticket's team who may work for
the ticket's company. A similar ticket is a solved ticket of the same company
with the same category (when the ticket has one) and product (when it has
one). Load: the candidate's open tickets.
"""
from odoo.addons.crm_customer_base.rules import definitions

CANDIDATE_QUERY = """
WITH target AS (
    SELECT t.id, t.company_id, t.team_id, t.category_id, t.product_id,
           cp.id AS customer_id
      FROM helpdesk_ticket t
      LEFT JOIN res_partner p ON p.id = t.partner_id
      LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
     WHERE t.id = %(ticket)s
), candidates AS (
    SELECT DISTINCT u.id
      FROM target t
      JOIN helpdesk_ticket_team_res_users_rel m ON m.helpdesk_ticket_team_id = t.team_id
      JOIN res_users u ON u.id = m.res_users_id
      JOIN res_company_users_rel cu ON cu.user_id = u.id AND cu.cid = t.company_id
     WHERE u.active AND NOT u.share
), solved AS (
    SELECT h.id, h.user_id, COALESCE(h.reopen_count, 0) = 0 AS first_time,
           (t.category_id IS NULL OR h.category_id = t.category_id)
           AND (t.product_id IS NULL OR h.product_id = t.product_id) AS similar,
           t.customer_id IS NOT NULL AND cp.id = t.customer_id AS same_customer
      FROM helpdesk_ticket h
      JOIN target t ON h.company_id = t.company_id AND h.id <> t.id
      JOIN helpdesk_ticket_stage s ON s.id = h.stage_id AND s.closed
      LEFT JOIN res_partner p ON p.id = h.partner_id
      LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
     WHERE h.user_id IN (SELECT id FROM candidates)
), answers AS (
    SELECT so.user_id, so.similar, so.same_customer, {satisfied} AS satisfied
      FROM solved so
      JOIN crm_service_feedback f ON f.ticket_id = so.id
     WHERE f.state = 'answered' AND f.csat IS NOT NULL
), open_tickets AS (
    SELECT h.user_id, count(*) AS n
      FROM helpdesk_ticket h
      JOIN target t ON h.company_id = t.company_id AND h.id <> t.id
      JOIN helpdesk_ticket_stage s ON s.id = h.stage_id AND NOT COALESCE(s.closed, FALSE)
     WHERE h.user_id IN (SELECT id FROM candidates)
     GROUP BY h.user_id
)
SELECT c.id,
       (SELECT count(*) FROM solved so WHERE so.user_id = c.id AND so.similar
           AND so.first_time) AS similar_first_time,
       (SELECT count(*) FROM solved so WHERE so.user_id = c.id AND so.similar)
           AS similar_solved,
       (SELECT count(*) FROM answers a WHERE a.user_id = c.id AND a.similar
           AND a.satisfied) AS similar_satisfied,
       (SELECT count(*) FROM answers a WHERE a.user_id = c.id AND a.similar)
           AS similar_answers,
       (SELECT count(*) FROM solved so WHERE so.user_id = c.id AND so.same_customer
           AND so.first_time) AS customer_first_time,
       (SELECT count(*) FROM solved so WHERE so.user_id = c.id AND so.same_customer)
           AS customer_solved,
       COALESCE((SELECT n FROM open_tickets o WHERE o.user_id = c.id), 0) AS open_tickets
  FROM candidates c
 ORDER BY c.id
"""


def candidate_query():
    return CANDIDATE_QUERY.format(satisfied=definitions.sql_is_satisfied("f.csat"))


def candidates(rows):
    """The rank's input from the query's rows (dicts)."""
    return [{"id": r["id"],
             "similar": [(r["similar_first_time"], r["similar_solved"]),
                         (r["similar_satisfied"], r["similar_answers"])],
             "customer": (r["customer_first_time"], r["customer_solved"]),
             "load": r["open_tickets"]} for r in rows]

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unanswered customers, in set-based SQL (no Odoo import).

An inbound email is a message of type ``email`` whose author is not an
employee (crm_customer_base's definition: archived internal users included). It is answered when, on the same document (model, res_id), a
message visible to the customer (an email, or a comment with the
``Discussions`` subtype, not a logged note) by an internal user follows it.
An inbound email older than the configured delay and still unanswered makes
its author's customer (commercial entity) "awaiting reply" since the oldest
such email.
"""
from odoo.addons.crm_customer_base.rules import definitions

# "Employee" is crm_customer_base's definition (a contact of an internal
# user, archived users included: a former employee's email is not a customer
# writing in).
UNANSWERED_CTE = """
WITH unanswered AS (
    SELECT m.id, m.date, author.commercial_partner_id AS customer_id
      FROM mail_message m
      JOIN res_partner author ON author.id = m.author_id
     WHERE m.message_type = 'email'
       AND m.model IS NOT NULL AND m.res_id IS NOT NULL
       AND m.date < %(before)s
       AND m.date >= %(since)s
       AND NOT """ + definitions.sql_is_employee("m.author_id").replace("%", "%%") + """
       AND {customer_filter}
       AND NOT EXISTS (
           SELECT 1 FROM mail_message reply
            WHERE reply.model = m.model AND reply.res_id = m.res_id
              AND reply.date >= m.date AND reply.id <> m.id
              AND """ + definitions.sql_is_employee("reply.author_id").replace("%", "%%") + """
              AND (reply.message_type = 'email'
                   OR (reply.message_type = 'comment' AND reply.subtype_id = %(discussion)s))
       )
)
"""


def refresh_sql():
    """Two statements that bring ``res_partner.awaiting_reply_since`` up to
    date for every customer, touching only the rows that change (so a rerun
    writes nothing)."""
    cte = UNANSWERED_CTE.format(customer_filter="TRUE")
    set_sql = cte + """
        UPDATE res_partner p SET awaiting_reply_since = oldest.since
          FROM (SELECT customer_id, min(date) AS since FROM unanswered GROUP BY customer_id) oldest
         WHERE p.id = oldest.customer_id
           AND p.awaiting_reply_since IS DISTINCT FROM oldest.since
    """
    clear_sql = cte + """
        UPDATE res_partner p SET awaiting_reply_since = NULL
         WHERE p.awaiting_reply_since IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM unanswered u WHERE u.customer_id = p.id)
    """
    return set_sql, clear_sql


def count_sql():
    """Unanswered inbound emails of one customer: params + customer_id."""
    return UNANSWERED_CTE.format(
        customer_filter="author.commercial_partner_id = %(customer_id)s"
    ) + "SELECT count(*), min(date) FROM unanswered"


def ids_sql():
    """Ids of the unanswered inbound emails of one customer (the messages
    count_sql counts): params + customer_id."""
    return UNANSWERED_CTE.format(
        customer_filter="author.commercial_partner_id = %(customer_id)s"
    ) + "SELECT id FROM unanswered ORDER BY date"

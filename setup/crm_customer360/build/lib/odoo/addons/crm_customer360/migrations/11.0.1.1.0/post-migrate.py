# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The "Email received" source (noupdate data) gets its new domain: the
partners of internal users as one short list instead of a search on
author_id.user_ids that became 180,000 partner ids in the SQL. Only a domain
still equal to the shipped one is rewritten (a customised one is kept)."""

OLD = ("[('message_type', '=', 'email'), '|', ('author_id.user_ids', '=', False), "
       "('author_id.user_ids.share', '=', True)]")
NEW = ("[('message_type', '=', 'email'), ('author_id', '!=', False), "
       "('author_id', 'not in', employee_partner_ids)]")


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE crm_customer360_source s SET domain = %s
           FROM ir_model_data d
           WHERE d.module = 'crm_customer360' AND d.name = 'source_email_in'
             AND d.model = 'crm.customer360.source' AND d.res_id = s.id
             AND s.domain = %s""",
        [NEW, OLD])

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase
from odoo.tools.safe_eval import safe_eval


class TestLoyaltyListIndex(SavepointCase):
    """The loyalty lists (memberships) in revenue order can be served by the
    revenue index of crm_loyalty: the SQL the ORM writes for the actions'
    domains must be able to use it, whatever the planner prefers on a small
    database."""

    def _plan(self, sql, params):
        """The plan of ``sql`` when only our index can serve it: the other
        indexes of res_partner that back no constraint are dropped in the
        test's transaction (rolled back with it), sequential scans are off.
        On a small database the planner would pick any index; this asks
        whether the ORM's SQL *can* use ours (its predicate is implied)."""
        cr = self.env.cr
        cr.execute("""
            SELECT i.relname FROM pg_index x
              JOIN pg_class i ON i.oid = x.indexrelid
              JOIN pg_class t ON t.oid = x.indrelid
             WHERE t.relname = 'crm_loyalty_membership'
               AND i.relname <> 'crm_loyalty_membership_revenue_index'
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)""")
        for (name,) in cr.fetchall():
            cr.execute('DROP INDEX "%s"' % name)
        # The unique (customer, program) index too (rolled back with the test).
        cr.execute("ALTER TABLE crm_loyalty_membership "
                   "DROP CONSTRAINT IF EXISTS crm_loyalty_membership_partner_program_uniq")
        cr.execute("SET LOCAL enable_seqscan = off")
        try:
            cr.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cr.fetchall())
        finally:
            cr.execute("SET LOCAL enable_seqscan = on")

    def _query(self, action_xmlid):
        action = self.env.ref(action_xmlid)
        Partner = self.env["crm.loyalty.membership"]
        query = Partner._where_calc(safe_eval(action.domain))
        Partner._apply_ir_rules(query, "read")
        return query.get_sql()

    def test_page_by_revenue_uses_the_index(self):
        for xmlid in ("crm_loyalty.res_partner_action_value_loyalty",
                      "crm_loyalty.res_partner_action_loyalty"):
            from_clause, where, params = self._query(xmlid)
            plan = self._plan(
                'SELECT "crm_loyalty_membership".id FROM %s WHERE %s ORDER BY '
                '"crm_loyalty_membership"."revenue" DESC, "crm_loyalty_membership"."id" '
                'LIMIT 80' % (from_clause, where), params)
            self.assertIn("crm_loyalty_membership_revenue_index", plan, xmlid)

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The SQL fragments agree with the Python reference on generated rows."""
import itertools

from hypothesis import HealthCheck, given, settings, strategies as st

from odoo.tests.common import TransactionCase

from ..rules import definitions as d

_LOGINS = itertools.count()

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

invoice_rows = st.lists(st.fixed_dictionaries({
    "type": st.sampled_from(["out_invoice", "out_refund", "in_invoice", "in_refund"]),
    "state": st.sampled_from(["draft", "open", "paid", "cancel"]),
    "amount_untaxed_signed": st.one_of(
        st.none(), st.decimals(min_value=-10 ** 6, max_value=10 ** 6, places=2).map(float)),
}), max_size=25)

answers = st.lists(st.tuples(st.one_of(st.none(), st.integers(*d.CSAT_RANGE)),
                             st.one_of(st.none(), st.integers(*d.NPS_RANGE))), max_size=25)


class TestDefinitions(TransactionCase):

    def _rows(self, table, columns, rows):
        self.env.cr.execute("DROP TABLE IF EXISTS %s" % table)
        self.env.cr.execute("CREATE TEMP TABLE %s (id serial, %s)" % (table, columns))
        for row in rows:
            self.env.cr.execute(
                "INSERT INTO %s (%s) VALUES (%s)" % (
                    table, ", ".join(row), ", ".join(["%s"] * len(row))), list(row.values()))

    @SETTINGS
    @given(invoice_rows)
    def test_net_revenue_and_purchases(self, rows):
        self._rows("defs_inv", "type varchar, state varchar, amount_untaxed_signed numeric",
                   rows)
        self.env.cr.execute(
            "SELECT COALESCE(sum(%s) FILTER (WHERE %s), 0), count(*) FILTER (WHERE %s) "
            "FROM defs_inv i" % (d.sql_net_revenue_amount("i.amount_untaxed_signed"),
                                 d.sql_is_revenue_invoice("i.type", "i.state"),
                                 d.sql_is_purchase_invoice("i.type", "i.state")))
        revenue, purchases = self.env.cr.fetchone()
        self.assertAlmostEqual(float(revenue), d.net_revenue(rows), places=2)
        self.assertEqual(purchases, sum(
            1 for r in rows if d.is_purchase_invoice(r["type"], r["state"])))

    @SETTINGS
    @given(st.lists(st.sampled_from(["draft", "sent", "sale", "done", "cancel"]), max_size=20))
    def test_purchase_orders(self, states):
        self._rows("defs_so", "state varchar", [{"state": s} for s in states])
        self.env.cr.execute("SELECT count(*) FILTER (WHERE %s) FROM defs_so o"
                            % d.sql_is_purchase_order("o.state"))
        self.assertEqual(self.env.cr.fetchone()[0],
                         sum(1 for s in states if d.is_purchase_order(s)))

    @SETTINGS
    @given(answers)
    def test_satisfaction(self, rows):
        self._rows("defs_fb", "csat integer, nps integer",
                   [{"csat": c, "nps": n} for c, n in rows])
        self.env.cr.execute(
            "SELECT id, %s, %s, %s, %s FROM defs_fb f ORDER BY id" % (
                d.sql_is_satisfied("f.csat"), d.sql_is_promoter("f.nps"),
                d.sql_is_detractor("f.nps"), d.sql_is_unhappy("f.csat", "f.nps")))
        for (csat, nps), (_id, satisfied, promoter, detractor, unhappy) in zip(
                rows, self.env.cr.fetchall()):
            # SQL NULL (unknown) is "not" in every FILTER/WHERE that uses it.
            self.assertEqual(bool(satisfied), d.is_satisfied(csat))
            self.assertEqual(bool(promoter), d.is_promoter(nps))
            self.assertEqual(bool(detractor), d.is_detractor(nps))
            self.assertIs(unhappy, d.is_unhappy(csat, nps))
        self.env.cr.execute(
            "SELECT count(*) FILTER (WHERE %s), count(*) FILTER (WHERE %s), count(nps) "
            "FROM defs_fb f" % (d.sql_is_promoter("f.nps"), d.sql_is_detractor("f.nps")))
        self.assertEqual(d.nps_value(*self.env.cr.fetchone()), d.nps([n for _c, n in rows]))

    @SETTINGS
    @given(st.lists(st.lists(st.booleans(), max_size=3), min_size=1, max_size=6))
    def test_employee(self, partners_users):
        """``partners_users``: per contact, the share flag of each of its users."""
        Partner = self.env["res.partner"]
        Users = self.env["res.users"].with_context(no_reset_password=True)
        partners = Partner
        for i, shares in enumerate(partners_users):
            partner = Partner.create({"name": "Defs %d" % i})
            for j, share in enumerate(shares):
                groups = "base.group_portal" if share else "base.group_user"
                # examples share the test's transaction: a login never used before
                Users.create({"login": "defs-%d" % next(_LOGINS),
                              "partner_id": partner.id, "name": partner.name,
                              "active": j % 2 == 0,
                              "groups_id": [(6, 0, [self.env.ref(groups).id])]})
            partners |= partner
        self.env.cr.execute(
            "SELECT p.id, %s, %s FROM res_partner p WHERE p.id IN %%s" % (
                d.sql_is_employee("p.id"), d.sql_employee_user_id("p.id")),
            [tuple(partners.ids)])
        sql = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for partner, shares in zip(partners, partners_users):
            users = partner.with_context(active_test=False).user_ids
            self.assertEqual(len(users), len(shares))
            rows = [{"id": u.id, "share": u.share} for u in users]
            is_employee, user_id = sql[partner.id]
            self.assertEqual(is_employee, d.is_employee(rows))
            self.assertEqual(is_employee, not all(shares))
            self.assertEqual(user_id, d.employee_user_id(rows))

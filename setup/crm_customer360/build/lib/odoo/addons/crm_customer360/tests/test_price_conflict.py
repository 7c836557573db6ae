# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase


class TestPriceConflict(SavepointCase):
    """Open quotations of two salespeople to one customer, same product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_notrack=True, mail_create_nolog=True))
        env = cls.env
        cls.customer = env["res.partner"].create(
            {"name": "Conflict Corp", "is_company": True, "customer": True})
        cls.contact_a = env["res.partner"].create(
            {"name": "Ann Conflict", "parent_id": cls.customer.id})
        cls.contact_b = env["res.partner"].create(
            {"name": "Bob Conflict", "parent_id": cls.customer.id})
        cls.other_customer = env["res.partner"].create(
            {"name": "Other Conflict Ltd", "is_company": True, "customer": True})
        groups = [(6, 0, [env.ref("sales_team.group_sale_salesman").id,
                          env.ref("base.group_user").id])]
        cls.seller_a = env["res.users"].create({
            "name": "Alice Seller", "login": "alice.c360.conflict",
            "email": "alice@example.com", "groups_id": groups})
        cls.seller_b = env["res.users"].create({
            "name": "Bruno Seller", "login": "bruno.c360.conflict",
            "email": "bruno@example.com", "groups_id": groups})
        cls.product = env["product.product"].create(
            {"name": "Conflict Widget", "list_price": 100.0, "type": "service"})
        cls.other_product = env["product.product"].create(
            {"name": "Conflict Gadget", "list_price": 50.0, "type": "service"})
        cls.todo = env.ref("mail.mail_activity_data_todo")

    def _quote(self, partner, user, price, product=None):
        return self.env["sale.order"].create({
            "partner_id": partner.id, "user_id": user.id,
            "order_line": [(0, 0, {"product_id": (product or self.product).id,
                                   "product_uom_qty": 1, "price_unit": price})],
        })

    def _conflicts(self, order):
        order.invalidate_cache()
        return order.price_conflict_order_ids

    def _activities(self, order):
        return self.env["mail.activity"].search([
            ("res_model", "=", "sale.order"), ("res_id", "=", order.id),
            ("activity_type_id", "=", self.todo.id)])

    def test_conflict_both_ways(self):
        order_a = self._quote(self.customer, self.seller_a, 100.0)
        order_b = self._quote(self.customer, self.seller_b, 90.0)
        self.assertEqual(self._conflicts(order_a), order_b)
        self.assertEqual(self._conflicts(order_b), order_a)
        self.assertTrue(order_a.has_price_conflict)
        self.assertIn(order_b.name, order_a.price_conflict_summary)
        self.assertIn("Conflict Widget", order_a.price_conflict_summary)
        pairs = self.customer._customer360_price_conflicts()
        self.assertEqual(pairs, [{"order_ids": sorted([order_a.id, order_b.id]),
                                  "product_ids": [self.product.id]}])
        self.assertEqual(self.contact_a._customer360_price_conflicts(), pairs)
        # The 360 header shows it.
        self.assertEqual(self.customer.customer360_header()["price_conflicts"], 1)
        self.assertEqual(self.other_customer.customer360_header()["price_conflicts"], 0)

    def test_conflict_seen_by_salesman(self):
        """A salesman sees the conflict even on a colleague's quotation he
        may not read (own documents only)."""
        order_a = self._quote(self.customer, self.seller_a, 100.0)
        order_b = self._quote(self.customer, self.seller_b, 90.0)
        mine = order_a.sudo(self.seller_a)
        mine.invalidate_cache()
        self.assertEqual(mine.price_conflict_order_ids.ids, order_b.ids)
        self.assertIn("Bruno Seller", mine.price_conflict_summary)

    def test_no_conflict_same_salesperson(self):
        order_a = self._quote(self.customer, self.seller_a, 100.0)
        self._quote(self.customer, self.seller_a, 90.0)
        self.assertFalse(self._conflicts(order_a))
        self.assertFalse(order_a.has_price_conflict)
        self.assertFalse(self._activities(order_a))

    def test_no_conflict_same_price(self):
        order_a = self._quote(self.customer, self.seller_a, 100.0)
        self._quote(self.customer, self.seller_b, 100.0)
        self.assertFalse(self._conflicts(order_a))
        self.assertFalse(self.customer._customer360_price_conflicts())

    def test_no_conflict_other_product_or_customer(self):
        order_a = self._quote(self.customer, self.seller_a, 100.0)
        self._quote(self.customer, self.seller_b, 90.0, product=self.other_product)
        self._quote(self.other_customer, self.seller_b, 90.0)
        self.assertFalse(self._conflicts(order_a))

    def test_no_conflict_when_confirmed_or_cancelled(self):
        order_a = self._quote(self.customer, self.seller_a, 100.0)
        order_b = self._quote(self.customer, self.seller_b, 90.0)
        order_b.action_confirm()
        self.assertFalse(self._conflicts(order_a))
        order_c = self._quote(self.customer, self.seller_b, 80.0)
        self.assertEqual(self._conflicts(order_a), order_c)
        order_c.action_cancel()
        self.assertFalse(self._conflicts(order_a))
        self.assertFalse(self.customer._customer360_price_conflicts())

    def test_contacts_of_same_company(self):
        order_a = self._quote(self.contact_a, self.seller_a, 100.0)
        order_b = self._quote(self.contact_b, self.seller_b, 95.0)
        self.assertEqual(self._conflicts(order_a), order_b)
        order_c = self._quote(self.customer, self.seller_b, 97.0)
        self.assertEqual(self._conflicts(order_a), order_b | order_c)

    def test_conflict_appears_on_line_write(self):
        order_a = self._quote(self.customer, self.seller_a, 100.0)
        order_b = self._quote(self.customer, self.seller_b, 100.0)
        self.assertFalse(self._activities(order_a))
        order_b.order_line.write({"price_unit": 85.0})
        self.assertEqual(self._conflicts(order_a), order_b)
        self.assertEqual(self._activities(order_a).user_id, self.seller_a)
        self.assertEqual(self._activities(order_b).user_id, self.seller_b)

    def test_activities_once_per_pair(self):
        order_a = self._quote(self.customer, self.seller_a, 100.0)
        order_b = self._quote(self.customer, self.seller_b, 90.0)
        activity_a, activity_b = self._activities(order_a), self._activities(order_b)
        self.assertEqual(len(activity_a), 1)
        self.assertEqual(activity_a.user_id, self.seller_a)
        self.assertIn(order_b.name, activity_a.summary)
        self.assertEqual(len(activity_b), 1)
        self.assertEqual(activity_b.user_id, self.seller_b)
        self.assertIn(order_a.name, activity_b.summary)
        # The same conflict recomputed: no new activity.
        order_b.order_line.write({"price_unit": 80.0})
        order_a.write({"user_id": self.seller_a.id})
        order_b.sudo(self.seller_b).write({"note": "x", "state": "sent"})
        self.assertEqual(self._activities(order_a), activity_a)
        self.assertEqual(self._activities(order_b), activity_b)
        # Even once the first activity is done.
        activity_a.action_done()
        order_b.order_line.write({"price_unit": 70.0})
        self.assertFalse(self._activities(order_a))
        # A third quotation is a new pair: one more activity each.
        order_c = self._quote(self.customer, self.seller_b, 60.0)
        self.assertEqual(len(self._activities(order_a)), 1)
        self.assertIn(order_c.name, self._activities(order_a).summary)
        self.assertEqual(len(self._activities(order_c)), 1)
        self.assertEqual(self._activities(order_b), activity_b)

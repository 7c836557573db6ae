# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A customer who buys in two companies keeps one loyalty state per company:
each company's assessment neither overwrites nor sees the other's tier."""
import datetime

from odoo import fields

from .common import FreshPopulationCase
from .test_loyalty_security import make_company, make_user

TODAY = datetime.date(2026, 6, 15)


def day(offset):
    return fields.Date.to_string(TODAY + datetime.timedelta(days=offset))


class TestLoyaltyTwoCompanies(FreshPopulationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company_a = cls.company
        cls.company_b = make_company(env, "Membership Company B")
        both = cls.company_a | cls.company_b
        orders_only = {"weight_revenue": 0, "weight_orders": 1, "weight_recency": 0,
                       "weight_tenure": 0, "weight_referrals": 0}
        cls.program_a = env.ref("crm_loyalty.crm_loyalty_program_default")
        cls.program_a.write(dict(orders_only, window_days=365, grace_days=0))
        cls.program_b = env["crm.loyalty.program"].create(dict(
            orders_only, name="Program B", company_id=cls.company_b.id, window_days=365,
            grace_days=0,
            tier_ids=[(0, 0, {"name": "B Member", "min_score": 0, "sequence": 1}),
                      (0, 0, {"name": "B Star", "min_score": 90, "sequence": 2})]))
        cls.b_member, cls.b_star = cls.program_b.tier_ids.sorted("sequence")
        Partner = env["res.partner"]
        # Shared customer (no company): buys in A and in B.
        cls.shared = Partner.create({"name": "Shared Buyer", "is_company": True})
        cls.shared_contact = Partner.create({"name": "Sam Shared",
                                             "parent_id": cls.shared.id})
        cls.other_a = Partner.create({"name": "Big A Buyer", "is_company": True})
        # In A: the shared customer has fewer orders than Big A Buyer (score 50,
        # Gold); in B it is the only customer (score 100, B Star).
        cls._order(cls.shared, cls.company_a, -10)
        for offset in (-10, -20, -30):
            cls._order(cls.other_a, cls.company_a, offset)
        cls._order(cls.shared_contact, cls.company_b, -5)
        cls.user_a = make_user(env, "membership_user_a", ["sales_team.group_sale_manager"],
                               cls.company_a, both)
        cls.user_b = make_user(env, "membership_user_b", ["sales_team.group_sale_manager"],
                               cls.company_b, both)

    @classmethod
    def _order(cls, partner, company, offset):
        order = cls.env["sale.order"].create(
            {"partner_id": partner.id, "company_id": company.id})
        order.action_confirm()
        order.date_order = day(offset) + " 12:00:00"
        return order

    def _history(self, program):
        return self.env["crm.loyalty.tier.history"].search(
            [("partner_id", "=", self.shared.id), ("program_id", "=", program.id)])

    def _tiers(self):
        self.env["res.partner"].invalidate_cache()
        return (self.shared.sudo(self.user_a).loyalty_tier_id.sudo(),
                self.shared.sudo(self.user_b).loyalty_tier_id.sudo())

    def _notes(self):
        return self.env["mail.message"].search_count(
            [("model", "=", "res.partner"), ("res_id", "=", self.shared.id),
             ("body", "ilike", "Loyalty tier changed")])

    def test_each_company_keeps_its_own_tier(self):
        gold = self.program_a.tier_ids.filtered(lambda t: t.name == "Gold")
        self.program_a._recompute(today=day(0))
        self.program_b._recompute(today=day(0))
        self.assertEqual(self._tiers(), (gold, self.b_star))
        # A's nightly run again: B's assessment is not "no tier" for A.
        self.program_a._recompute(today=day(1))
        self.program_b._recompute(today=day(1))
        self.assertEqual(self._tiers(), (gold, self.b_star))
        self.assertEqual(len(self._history(self.program_a)), 1)
        self.assertEqual(len(self._history(self.program_b)), 1)
        self.assertEqual(self._history(self.program_a).to_tier_id, gold)
        self.assertEqual(self._history(self.program_b).to_tier_id, self.b_star)
        # The contact shows its company's state.
        self.assertEqual(self.shared_contact.sudo(self.user_b).loyalty_tier_id.sudo(),
                         self.b_star)

    def test_recompute_twice_is_idempotent(self):
        for program in (self.program_a, self.program_b):
            program._recompute(today=day(0))
        self.env["crm.loyalty.tier.history"]._notify_pending()
        notes = self._notes()
        self.env.cr.execute("SELECT count(*) FROM crm_loyalty_tier_history")
        rows = self.env.cr.fetchone()[0]
        self.env["res.partner"].invalidate_cache()
        figures = (self.shared.sudo(self.user_a).loyalty_score,
                   self.shared.sudo(self.user_b).loyalty_score)
        for program in (self.program_a, self.program_b, self.program_a):
            program._recompute(today=day(0))
        self.env["crm.loyalty.tier.history"]._notify_pending()
        self.env.cr.execute("SELECT count(*) FROM crm_loyalty_tier_history")
        self.assertEqual(self.env.cr.fetchone()[0], rows)
        self.assertEqual(self._notes(), notes)
        self.env["res.partner"].invalidate_cache()
        self.assertEqual((self.shared.sudo(self.user_a).loyalty_score,
                          self.shared.sudo(self.user_b).loyalty_score), figures)
        self.assertEqual(figures, (50.0, 100.0))

    def test_company_b_screens_show_company_b(self):
        """Reads made as superuser for a user (portal page, progress,
        quotation) show the user's or the order's company, not the
        superuser's."""
        self.b_star.benefits = "<p>B star perks</p>"
        for program in (self.program_a, self.program_b):
            program._recompute(today=day(0))
        self.env["res.partner"].invalidate_cache()
        shared_b = self.shared.sudo(self.user_b)
        self.assertEqual(shared_b.loyalty_tier_id.sudo(), self.b_star)
        self.assertIn("B star perks", shared_b.loyalty_tier_benefits)
        self.assertIn("B Star", shared_b.loyalty_progress_text)
        self.assertNotIn("Gold", shared_b.loyalty_progress_text)
        # A quotation of company B shows B's tier, one of A shows A's.
        Order = self.env["sale.order"]
        order_b = Order.new({"partner_id": self.shared.id, "company_id": self.company_b.id})
        order_a = Order.new({"partner_id": self.shared.id, "company_id": self.company_a.id})
        self.assertEqual(order_b.loyalty_tier_id, self.b_star)
        self.assertEqual(order_a.loyalty_tier_id.name, "Gold")
        # A client cannot ask for another company's membership.
        self.env["res.partner"].invalidate_cache()
        asked = self.shared.sudo(self.user_b).with_context(
            loyalty_company_id=self.company_a.id)
        self.assertEqual(asked.loyalty_tier_id.sudo(), self.b_star)

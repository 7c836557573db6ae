# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import SavepointCase, at_install, post_install

from ..demo_data import demo_plan
from ..rules import scoring
from ..rules.value_matrix import QUADRANTS
from .common import set_membership


@at_install(False)
@post_install(True)
class TestTierBenefits(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.ref("base.main_company")
        cls.program = cls.env.ref("crm_loyalty.crm_loyalty_program_default")
        cls.bronze, cls.silver, cls.gold, cls.platinum = cls.program.tier_ids.sorted("sequence")
        cls.public = cls.env.ref("product.list0")
        cls.gold_pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Gold customers (test)",
                "company_id": cls.company.id,
                "currency_id": cls.company.currency_id.id,
                "item_ids": [
                    (0, 0, {"applied_on": "3_global", "compute_price": "percentage",
                            "percent_price": 5.0})
                ],
            }
        )
        cls.gold.write(
            {
                "pricelist_id": cls.gold_pricelist.id,
                "benefits": "<p>Free delivery for Gold customers</p>",
                "sla_class": "Gold",
            }
        )
        cls.silver.write({"pricelist_id": False, "benefits": False})
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {"name": "Benefit Co", "is_company": True, "customer": True,
             "property_product_pricelist": cls.public.id}
        )
        cls.contact = Partner.create({"name": "Bea Benefit", "parent_id": cls.customer.id})
        cls.customer.write({"loyalty_tier_id": cls.gold.id})
        cls.silver_customer = Partner.create(
            {"name": "Silver Co", "is_company": True, "customer": True,
             "property_product_pricelist": cls.public.id}
        )
        cls.silver_customer.write({"loyalty_tier_id": cls.silver.id})
        cls.product = cls.env["product.product"].create(
            {"name": "Benefit widget", "type": "service", "list_price": 100.0}
        )

    def _order(self, partner, **values):
        return self.env["sale.order"].create(
            dict(
                values,
                partner_id=partner.id,
                order_line=[(0, 0, {"product_id": self.product.id, "product_uom_qty": 2})],
            )
        )

    def test_new_quotation_gets_tier_pricelist(self):
        # The contact's company holds the Gold tier: its pricelist applies.
        order = self._order(self.contact)
        self.assertEqual(order.pricelist_id, self.gold_pricelist)
        # 100 - 5% = 95 per unit, 2 units.
        self.assertAlmostEqual(order.order_line.price_unit, 95.0)
        self.assertAlmostEqual(order.amount_untaxed, 190.0)

    def test_explicit_pricelist_is_kept(self):
        order = self._order(self.contact, pricelist_id=self.public.id)
        self.assertEqual(order.pricelist_id, self.public)
        self.assertAlmostEqual(order.order_line.price_unit, 100.0)

    def test_tier_without_pricelist_keeps_customer_pricelist(self):
        order = self._order(self.silver_customer)
        self.assertEqual(order.pricelist_id, self.public)

    def test_onchange_replaces_only_the_proposed_pricelist(self):
        order = self.env["sale.order"].new({"partner_id": self.contact.id})
        order.onchange_partner_id()
        self.assertEqual(order.pricelist_id, self.gold_pricelist)
        # A customer without tier pricelist: Odoo's proposal stays.
        order = self.env["sale.order"].new({"partner_id": self.silver_customer.id})
        order.onchange_partner_id()
        self.assertEqual(order.pricelist_id, self.public)

    def test_tier_of_another_company_gives_no_pricelist(self):
        other = self.env["res.company"].create({"name": "Benefit Other Co"})
        order = self._order(self.contact, company_id=other.id)
        self.assertNotEqual(order.pricelist_id, self.gold_pricelist)

    def test_tier_and_benefits_on_quotation_and_partner(self):
        order = self._order(self.contact)
        self.assertEqual(order.loyalty_tier_id, self.gold)
        self.assertIn("Free delivery for Gold customers", order.loyalty_tier_benefits)
        self.assertIn("Free delivery for Gold customers", self.contact.loyalty_tier_benefits)
        self.assertFalse(self._order(self.silver_customer).loyalty_tier_benefits)

    def test_pricelist_of_another_company_is_refused(self):
        other = self.env["res.company"].create({"name": "Pricelist Other Co"})
        foreign = self.env["product.pricelist"].create(
            {"name": "Foreign list", "company_id": other.id}
        )
        before = self.platinum.pricelist_id
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.platinum.pricelist_id = foreign
        self.platinum.invalidate_cache()
        self.assertEqual(self.platinum.pricelist_id, before)
        shared = self.env["product.pricelist"].create({"name": "Shared list", "company_id": False})
        self.platinum.pricelist_id = shared
        self.assertEqual(self.platinum.pricelist_id, shared)


class TestQuadrantMailingList(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.ref("base.main_company")
        Partner = cls.env["res.partner"]
        cls.a = Partner.create(
            {"name": "Mail A", "is_company": True, "email": "a@mail-test.example"}
        )
        cls.a_contact = Partner.create(
            {"name": "Ann A", "parent_id": cls.a.id, "email": "ann@mail-test.example"}
        )
        cls.b = Partner.create({"name": "Mail B (no email)", "is_company": True})
        cls.c = Partner.create(
            {"name": "Mail C", "is_company": True, "email": "c@mail-test.example", "opt_out": True}
        )
        cls.d = Partner.create(
            {"name": "Mail D", "is_company": True, "email": "d@mail-test.example"}
        )
        cls.e = Partner.create(
            {"name": "Mail E (no quadrant)", "is_company": True, "email": "e@mail-test.example"}
        )
        cls.f = Partner.create(
            {"name": "Mail F", "is_company": True, "email": "f@mail-test.example"}
        )
        cls.selection = cls.a_contact | cls.b | cls.c | cls.d | cls.e | cls.f
        # The recompute's own columns, as an assessment would leave them.
        for partner, quadrant in ((cls.a, "reward_keep"), (cls.b, "reward_keep"),
                                  (cls.c, "low_cost"), (cls.d, "sell_more"),
                                  (cls.f, "sell_more")):
            set_membership(cls.env, partner, cls.env.ref(
                "crm_loyalty.crm_loyalty_program_default"), quadrant=quadrant)
        Partner.invalidate_cache()

    def _wizard(self, partners):
        return (
            self.env["crm.loyalty.mailing.list"]
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create({})
        )

    def _emails(self, name):
        mailing_list = self.env["mail.mass_mailing.list"].search([("name", "=", name)])
        self.assertEqual(len(mailing_list), 1, name)
        contacts = self.env["mail.mass_mailing.contact"].search(
            [("list_ids", "in", mailing_list.ids)]
        )
        return sorted(contacts.mapped("email"))

    def test_build_and_refresh_lists(self):
        if "mail.mass_mailing.list" not in self.env:
            self.skipTest("Email Marketing (mass_mailing) is not installed")
        Contact = self.env["mail.mass_mailing.contact"]
        List = self.env["mail.mass_mailing.list"]
        # An existing list of the same name is refreshed, not duplicated: its
        # stale member leaves it but is not deleted.
        stale = Contact.create({"name": "Stale", "email": "stale@mail-test.example"})
        reward = List.create({"name": "Loyalty – Reward and keep"})
        stale.list_ids = reward
        # D's email already has a contact (reused); F's contact unsubscribed.
        existing_d = Contact.create({"name": "D contact", "email": "D@mail-test.example"})
        Contact.create({"name": "F", "email": "f@mail-test.example", "opt_out": True})
        wizard = self._wizard(self.selection)
        self.assertIn("Loyalty – Reward and keep: 1", wizard.summary)
        self.assertIn("Loyalty – Sell more or ask for referrals: 2", wizard.summary)
        wizard.action_build()
        # A through its contact (the company's email); B has no email.
        self.assertEqual(self._emails("Loyalty – Reward and keep"), ["a@mail-test.example"])
        self.assertEqual(self._emails("Loyalty – Sell more or ask for referrals"),
                         ["D@mail-test.example"])
        self.assertEqual(List.search_count([("name", "=", "Loyalty – Reward and keep")]), 1)
        self.assertTrue(stale.exists())
        self.assertFalse(stale.list_ids)
        # C opted out: no list for its quadrant; E has no quadrant.
        self.assertFalse(List.search([("name", "=", "Loyalty – Serve at low cost")]))
        self.assertEqual(Contact.search_count([("email", "=ilike", "d@mail-test.example")]), 1)
        self.assertEqual(existing_d.list_ids.name, "Loyalty – Sell more or ask for referrals")
        self.assertFalse(Contact.search([("email", "in", ("c@mail-test.example",
                                                          "e@mail-test.example"))]))
        # Building again changes nothing.
        self._wizard(self.selection).action_build()
        self.assertEqual(self._emails("Loyalty – Reward and keep"), ["a@mail-test.example"])
        self.assertEqual(Contact.search_count([("email", "=", "a@mail-test.example")]), 1)

    def test_nothing_to_build(self):
        if "mail.mass_mailing.list" not in self.env:
            self.skipTest("Email Marketing (mass_mailing) is not installed")
        lists = self.env["mail.mass_mailing.list"].search_count([])
        with self.assertRaises(UserError), self.cr.savepoint():
            self._wizard(self.b | self.c | self.e).action_build()
        self.assertEqual(self.env["mail.mass_mailing.list"].search_count([]), lists)

    def test_without_email_marketing(self):
        if "mail.mass_mailing.list" in self.env:
            self.skipTest("Email Marketing (mass_mailing) is installed")
        with self.assertRaisesRegex(UserError, "Install Email Marketing"):
            self._wizard(self.selection).action_build()


class TestLoyaltyDemo(SavepointCase):
    def test_demo_plan_fills_every_cell(self):
        # (customer, purchases so far, days since the last one)
        cells, left = demo_plan.assign_cells(
            [(1, 13, 20), (2, 3, 15), (3, 1, 0), (4, 20, 0), (5, 30, 0)]
        )
        # The busiest first; a range must hold one more purchase (5 has no
        # room anywhere); 4 bought too recently for the second row.
        self.assertEqual(left, [5])
        self.assertEqual(cells[4], (5, 5))
        self.assertEqual(cells[1], (4, 5))
        self.assertEqual(cells[2], (5, 3))
        self.assertEqual(cells[3], (5, 2))
        segments = {scoring.rfm_segment(r, f) for r, f in demo_plan.CELLS}
        self.assertEqual(segments, set(scoring.SEGMENTS))

    def test_demo_populates_tiers_segments_quadrants(self):
        if not self.env.ref("crm_loyalty.res_partner_loyalty_01_demo", raise_if_not_found=False):
            self.skipTest("Demo data not loaded")
        if not self.env["product.product"].search([("default_code", "=", "LOYALTY-DEMO")]):
            self.skipTest("No chart of accounts: the loyalty demo generated nothing")
        program = self.env.ref("crm_loyalty.crm_loyalty_program_default")
        domain = [("loyalty_company_id", "=", program.company_id.id),
                  ("loyalty_assessed_date", "!=", False)]
        customers = self.env["res.partner"].search(domain).mapped("commercial_partner_id")
        self.assertEqual(customers.mapped("loyalty_tier_id"), program.tier_ids)
        self.assertEqual(set(customers.mapped("loyalty_segment")), set(scoring.SEGMENTS))
        self.assertEqual(
            set(customers.mapped("loyalty_quadrant")), {code for code, _label in QUADRANTS}
        )
        History = self.env["crm.loyalty.tier.history"]
        self.assertTrue(History.search([("reason", "=", "grace_expired")]))
        self.assertTrue(History.search([("reason", "=", "override")]))
        self.assertTrue(customers.filtered("loyalty_override_tier_id"))
        self.assertTrue(program.tier_ids.filtered("pricelist_id"))
        self.assertTrue(all(program.tier_ids.mapped("benefits")))

    def test_demo_costs_are_believable(self):
        product = self.env["product.product"].search(
            [("default_code", "=", "LOYALTY-DEMO")], limit=1)
        if not product:
            self.skipTest("No chart of accounts: the loyalty demo generated nothing")
        program = self.env.ref("crm_loyalty.crm_loyalty_program_default")
        today = datetime.date(2026, 12, 1)
        self.env["crm.loyalty.demo"]._demo_odoo_product_costs(program.company_id, today)
        self.env["crm.loyalty.demo"]._demo_costs(program.company_id, product, today)
        program._recompute(service_hours={})
        members = self.env["crm.loyalty.membership"].search(
            [("program_id", "=", program.id), ("revenue", ">", 0)])
        self.assertTrue(members)
        for member in members:
            self.assertLess(member.cost, member.revenue, member.partner_id.name)
            margin = 100 * member.margin / member.revenue
            self.assertTrue(20 <= margin <= 60, (member.partner_id.name, margin))
            self.assertEqual(member.cost_basis, "history")
        # The demo product's cost changed: 58 until six months ago, 62 since.
        History = self.env["product.price.history"]
        self.assertEqual(History.search([("product_id", "=", product.id)],
                                        order="datetime").mapped("cost"), [58.0, 62.0])

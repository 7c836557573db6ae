# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import at_install, post_install

from ..rules import pricing
from .common import FreshPopulationCase, set_membership


@at_install(False)
@post_install(True)
class TestLoyaltyPriceFacts(FreshPopulationCase):
    """The tier part of a quotation line's price popover: tier price and
    the usual discount of the tier and segment's customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.program = env.ref("crm_loyalty.crm_loyalty_program_default")
        cls.bronze, cls.silver, cls.gold, cls.platinum = cls.program.tier_ids.sorted("sequence")
        cls.gold_pricelist = env["product.pricelist"].create({
            "name": "Gold price test", "company_id": cls.company.id,
            "currency_id": cls.company.currency_id.id,
            "item_ids": [(0, 0, {"applied_on": "3_global", "compute_price": "percentage",
                                 "percent_price": 10.0})]})
        cls.gold.write({"pricelist_id": cls.gold_pricelist.id})
        cls.silver.write({"pricelist_id": False})
        cls.category = env["product.category"].create({"name": "Pricing tools"})
        cls.product = env["product.product"].create({
            "name": "Pricing drill", "type": "service", "list_price": 200.0,
            "categ_id": cls.category.id})
        cls.other = env["product.product"].create(
            {"name": "Pricing paint", "type": "service", "list_price": 10.0})
        Partner = env["res.partner"]
        cls.customer = Partner.create({"name": "Gold Loyal Co", "is_company": True})
        cls.peer = Partner.create({"name": "Gold Peer Co", "is_company": True})
        cls.at_risk = Partner.create({"name": "Gold At Risk Co", "is_company": True})
        cls.silver_co = Partner.create({"name": "Silver Co", "is_company": True})
        for partner, tier, segment in ((cls.customer, cls.gold, "loyal"),
                                       (cls.peer, cls.gold, "loyal"),
                                       (cls.at_risk, cls.gold, "at_risk"),
                                       (cls.silver_co, cls.silver, "loyal")):
            set_membership(env, partner, cls.program, tier_id=tier.id, segment=segment)
        cls.lines = []
        for partner, product, discount, state in (
                (cls.customer, cls.product, 10.0, "sale"), (cls.peer, cls.product, 20.0, "sale"),
                (cls.peer, cls.product, 0.0, "sale"), (cls.peer, cls.other, 30.0, "sale"),
                (cls.peer, cls.product, 90.0, "draft"),
                (cls.at_risk, cls.product, 50.0, "sale"), (cls.silver_co, cls.product, 40.0, "sale")):
            order = env["sale.order"].create({
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1,
                                       "price_unit": 100.0, "discount": discount})]})
            if state == "sale":
                order.action_confirm()
            cls.lines.append({"discount": discount, "categ_id": product.categ_id.id,
                              "state": order.state, "partner": partner})

    def _facts(self, partner, currency=None):
        Line = self.env["sale.order.line"]
        return Line._loyalty_price_facts(
            partner, self.company, self.product, self.product.uom_id, 1.0,
            currency or self.company.currency_id, "2026-06-01 10:00:00")

    def test_tier_price_and_usual_discount(self):
        facts = self._facts(self.customer)
        self.assertEqual(facts["name"], self.gold.name)
        self.assertEqual(facts["segment"], "Loyal")
        self.assertEqual(facts["tier_price"]["price"], 180.0)
        self.assertFalse(facts["tier_price"]["other_currency"])
        # Gold and loyal: 10, 20, 0 in the category (median 10); with the
        # paint at 30, all products: median 15. Not the quotation at 90,
        # nor the at-risk or silver customers.
        self.assertEqual(facts["usual_discount"], {
            "category_median": 10.0, "category_count": 3, "median": 15.0, "count": 4})
        same = [line for line in self.lines
                if line["partner"] in (self.customer, self.peer)]
        self.assertEqual(pricing.usual_discount(same, self.category.id), (10.0, 3, 15.0, 4))

    def test_other_currency_and_no_tier(self):
        euro = self.env.ref("base.EUR")
        self.assertTrue(self._facts(self.customer, euro)["tier_price"]["other_currency"])
        stranger = self.env["res.partner"].create({"name": "No Tier Co", "is_company": True})
        self.assertIs(self._facts(stranger), False)
        silver = self._facts(self.silver_co)
        self.assertIs(silver["tier_price"], False)
        self.assertEqual(silver["usual_discount"]["median"], 40.0)

    def test_popover_shows_the_tier(self):
        if not hasattr(self.env["sale.order.line"], "customer360_price_info"):
            self.skipTest("crm_customer360 is not installed")
        order = self.env["sale.order"].create({
            "partner_id": self.customer.id, "pricelist_id": self.gold_pricelist.id,
            "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1})]})
        info = self.env["sale.order.line"].customer360_price_info(order.order_line.id)
        self.assertEqual(info["tier"]["tier_price"]["price"], 180.0)
        self.assertEqual(info["net"], 180.0)

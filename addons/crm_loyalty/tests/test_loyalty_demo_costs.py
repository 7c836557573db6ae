# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The loyalty demo gives Odoo's own demo products believable costs whatever
the order in which the chart of accounts (and its demo invoices) and this
module are installed: the profit of Odoo's demo customers is not -345,000."""
import datetime

from odoo import fields
from odoo.tests.common import SavepointCase, at_install, post_install

from ..demo_data import crm_loyalty_demo


@at_install(False)
@post_install(True)
class TestLoyaltyDemoCosts(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.program = cls.env.ref("crm_loyalty.crm_loyalty_program_default",
                                  raise_if_not_found=False)
        cls.server = cls.env.ref("product.consu_delivery_01", raise_if_not_found=False)
        cls.journal = cls.env["account.journal"].search(
            [("type", "=", "sale"),
             ("company_id", "=", cls.program.company_id.id if cls.program else False)],
            limit=1)

    def _skip_without_demo(self):
        if not self.program or not self.server:
            self.skipTest("Odoo's demo products are not loaded")

    def test_costs_set_before_any_invoice(self):
        self._skip_without_demo()
        company = self.program.company_id
        today = datetime.date(2026, 5, 10)
        self.env["crm.loyalty.demo"]._demo_odoo_product_costs(company, today)
        History = self.env["product.price.history"]
        for xmlid, (price, cost) in crm_loyalty_demo.ODOO_DEMO_PRODUCTS.items():
            product = self.env.ref(xmlid).with_context(force_company=company.id)
            self.assertEqual((product.list_price, product.standard_price), (price, cost))
            self.assertLess(cost, price)
            rows = History.search([("product_id", "=", product.id),
                                   ("company_id", "=", company.id)])
            self.assertEqual(rows.mapped("cost"), [cost])
            self.assertEqual(rows.datetime[:10], "2023-05-11")  # three years before
        # The demo's cost from invoiced prices leaves them alone.
        demo = self.env["product.product"].search([("default_code", "=", "LOYALTY-DEMO")],
                                                  limit=1)
        if demo:
            self.env["crm.loyalty.demo"]._demo_costs(company, demo, today)
            self.assertEqual(self.server.with_context(
                force_company=company.id).standard_price, 20.0)

    def test_an_invoice_made_after_the_demo_sells_above_cost(self):
        """A chart of accounts installed after this module brings Odoo's demo
        invoices later (a Server at 25): the cost of goods is already right."""
        self._skip_without_demo()
        if not self.journal or not self.journal.default_credit_account_id:
            self.skipTest("No chart of accounts")
        company = self.program.company_id
        # the demo's step, as it ran at install (dated: no clock)
        self.env["crm.loyalty.demo"]._demo_odoo_product_costs(company, datetime.date(2026, 1, 5))
        last = self.env["product.price.history"].search(
            [("product_id", "=", self.server.id), ("company_id", "=", company.id)],
            order="datetime desc", limit=1)
        self.assertEqual(last.cost, 20.0)
        day = fields.Date.from_string(last.datetime[:10]) + datetime.timedelta(days=400)
        partner = self.env["res.partner"].create(
            {"name": "Late demo buyer", "customer": True, "is_company": True,
             "company_id": company.id})
        invoice = self.env["account.invoice"].create({
            "partner_id": partner.id, "type": "out_invoice", "journal_id": self.journal.id,
            "date_invoice": fields.Date.to_string(day),
            "invoice_line_ids": [(0, 0, {
                "product_id": self.server.id, "name": self.server.name, "quantity": 20,
                "price_unit": 25.0,
                "account_id": self.journal.default_credit_account_id.id})]})
        invoice.action_invoice_open()
        self.program._recompute(today=fields.Date.to_string(day + datetime.timedelta(days=1)),
                                service_hours={})
        member = self.env["crm.loyalty.membership"].search(
            [("partner_id", "=", partner.id), ("program_id", "=", self.program.id)])
        self.assertEqual(member.revenue, 500.0)
        self.assertEqual(member.cost, 400.0)
        self.assertEqual(member.cost_basis, "history")
        self.assertGreater(member.margin, 0)

    def test_no_demo_customer_loses_on_the_goods(self):
        """Every assessed demo customer's goods cost less than they sold for."""
        self._skip_without_demo()
        members = self.env["crm.loyalty.membership"].search(
            [("program_id", "=", self.program.id), ("revenue", ">", 0)])
        if not members:
            self.skipTest("No assessed customer with revenue")
        for member in members:
            self.assertLess(member.cost, member.revenue, member.partner_id.name)

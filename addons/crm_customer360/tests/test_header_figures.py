# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every figure of the 360 header is right: amounts in the user's company
currency, each fact opens the records it counts, and every RPC answer can
be sent over XML-RPC."""
import xmlrpc.client

from .test_timeline import TimelineCase


class HeaderCase(TimelineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.usd = env.user.company_id.currency_id
        cls.foreign = env["res.currency"].with_context(active_test=False).search(
            [("id", "!=", cls.usd.id), ("name", "in", ("EUR", "CNY"))], limit=1)
        cls.foreign.active = True
        Rate = env["res.currency.rate"]
        company = env.user.company_id
        # Base currency rates (rate of the company currency is 1 on these
        # days): 1 USD = 2 foreign on 2026-01-01, 4 foreign from 2026-05-01.
        for currency, day, rate in ((cls.usd, "2025-12-01", 1.0),
                                    (cls.foreign, "2026-01-01", 2.0),
                                    (cls.foreign, "2026-05-01", 4.0)):
            Rate.create({"currency_id": currency.id, "name": day + " 00:00:00", "rate": rate,
                         "company_id": company.id})
        cls.foreign_pricelist = env["product.pricelist"].create(
            {"name": "Foreign prices", "currency_id": cls.foreign.id})


class TestHeaderCurrency(HeaderCase):

    def test_foreign_quotation_converted_at_its_date(self):
        quote = self.env["sale.order"].create({
            "partner_id": self.contact.id, "user_id": self.seller.id,
            "pricelist_id": self.foreign_pricelist.id, "date_order": "2026-03-01 10:00:00",
            "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 2,
                                   "price_unit": 100.0})]})
        self.assertEqual(quote.amount_untaxed, 200.0)
        self.assertEqual(quote.currency_id, self.foreign)
        header = self.customer.customer360_header()
        self.assertEqual(header["currency"], self.usd.name)
        # 200 foreign at 2 per USD on 2026-03-01 (the later rate of 4 does
        # not apply to this quotation).
        self.assertEqual(header["open_quotations"], {"count": 1, "amount": 100.0})

    def test_lead_of_another_company_converted(self):
        other = self.env["res.company"].create(
            {"name": "Foreign Branch", "currency_id": self.foreign.id})
        self.env.user.company_ids |= other
        self.lead.company_id = other
        # planned revenue 5000 in the branch's currency, at today's rate
        # of the branch's company (none: Odoo's default rate 1 for the
        # company currency; the foreign rates are of the main company).
        self.env["res.currency.rate"].create({
            "currency_id": self.foreign.id, "name": "2026-01-01 00:00:00", "rate": 5.0,
            "company_id": other.id})
        header = self.customer.with_context(customer360_today="2026-06-30").customer360_header()
        self.assertEqual(header["open_pipeline"], {"count": 1, "amount": 1000.0})

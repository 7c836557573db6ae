# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import xmlrpc.client

from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase


class TestPriceInfo(SavepointCase):
    """The price popover of a quotation line: a returning customer's earlier
    prices, colleagues' quotes and the margin, across two companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_notrack=True, mail_create_nolog=True))
        env = cls.env
        cls.company = env.ref("base.main_company")
        values = {"name": "Price Far Away Ltd"}
        if "security_lead" in env["res.company"]._fields:
            values["security_lead"] = 0.0
        cls.company2 = env["res.company"].create(values)
        cls.customer = env["res.partner"].create(
            {"name": "Returning Corp", "is_company": True, "customer": True})
        cls.contact = env["res.partner"].create(
            {"name": "Rita Returning", "parent_id": cls.customer.id})
        cls.stranger = env["res.partner"].create(
            {"name": "First Timer Ltd", "is_company": True, "customer": True})
        salesman = [(6, 0, [env.ref("sales_team.group_sale_salesman").id,
                            env.ref("base.group_user").id])]
        cls.seller_a = env["res.users"].create({
            "name": "Ada Price", "login": "ada.c360.price", "email": "ada@example.com",
            "groups_id": salesman})
        cls.seller_b = env["res.users"].create({
            "name": "Ben Price", "login": "ben.c360.price", "email": "ben@example.com",
            "groups_id": salesman})
        cls.manager = env["res.users"].create({
            "name": "Mia Price", "login": "mia.c360.price", "email": "mia@example.com",
            "groups_id": [(6, 0, [env.ref("sales_team.group_sale_manager").id])]})
        cls.seller_far = env["res.users"].create({
            "name": "Fay Price", "login": "fay.c360.price", "company_id": cls.company2.id,
            "company_ids": [(6, 0, [cls.company2.id])], "groups_id": salesman})
        cls.category = env["product.category"].create({"name": "Price Tools"})
        cls.product = env["product.product"].create({
            "name": "Price Drill", "list_price": 100.0, "standard_price": 60.0,
            "type": "service", "invoice_policy": "order", "categ_id": cls.category.id})
        cls.sibling = env["product.product"].create({
            "name": "Price Saw", "list_price": 40.0, "type": "service",
            "invoice_policy": "order", "categ_id": cls.category.id})
        cls.unrelated = env["product.product"].create(
            {"name": "Price Paint", "list_price": 9.0, "type": "service"})
        # What the customer bought: a confirmed order (10% off 90: net 81),
        # invoiced from the order (counted once), and a direct invoice.
        cls.past = cls._order(cls.customer, cls.seller_a, [(cls.product, 90.0, 10.0),
                                                           (cls.sibling, 35.0, 0.0)])
        cls.past.action_confirm()
        cls.past.write({"confirmation_date": "2026-03-02 10:00:00"})
        invoice_ids = cls.past.action_invoice_create()
        cls.env["account.invoice"].browse(invoice_ids).action_invoice_open()
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.company.id)], limit=1)
        cls.direct = env["account.invoice"].create({
            "partner_id": cls.contact.id, "type": "out_invoice", "journal_id": journal.id,
            "date_invoice": "2026-05-10",
            "invoice_line_ids": [(0, 0, {
                "name": "Drill", "product_id": cls.product.id, "quantity": 2,
                "price_unit": 95.0, "account_id": journal.default_credit_account_id.id})],
        })
        cls.direct.action_invoice_open()
        # Not history: a quotation, a cancelled order, another product.
        cls._order(cls.customer, cls.seller_a, [(cls.product, 10.0, 0.0)])
        cancelled = cls._order(cls.customer, cls.seller_a, [(cls.product, 11.0, 0.0)])
        cancelled.action_cancel()
        cls._order(cls.customer, cls.seller_a, [(cls.unrelated, 8.0, 0.0)]).action_confirm()
        # The quotation being written, by Ada.
        cls.quote = cls._order(cls.customer, cls.seller_a, [(cls.product, 100.0, 0.0)])
        cls.line = cls.quote.order_line

    @classmethod
    def _order(cls, partner, user, lines, company=None, pricelist=None):
        values = {
            "partner_id": partner.id, "user_id": user.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1,
                                   "price_unit": price, "discount": discount})
                           for product, price, discount in lines],
        }
        if company:
            values["company_id"] = company.id
            if "warehouse_id" in cls.env["sale.order"]._fields:
                values["warehouse_id"] = cls.env["stock.warehouse"].search(
                    [("company_id", "=", company.id)], limit=1).id
        if pricelist:
            values["pricelist_id"] = pricelist.id
        return cls.env["sale.order"].create(values)

    def _info(self, user=None, line=None, values=None):
        Line = self.env["sale.order.line"]
        if user:
            Line = Line.sudo(user)
        return Line.customer360_price_info((line or self.line).id, values)

    def test_history_of_product_and_category(self):
        info = self._info(self.seller_a)
        self.assertEqual(info["customer"], "Returning Corp")
        self.assertEqual(info["net"], 100.0)
        # Newest first: the direct invoice, then the order; the invoice made
        # from the order is the same purchase and is not shown again.
        self.assertEqual([(h["doc_name"], h["date"], h["net"], h["discount"])
                          for h in info["history"]],
                         [(self.direct.number, "2026-05-10", 95.0, 0.0),
                          (self.past.name, "2026-03-02", 81.0, 10.0)])
        self.assertEqual([(h["product"], h["net"]) for h in info["category_history"]],
                         [("Price Saw", 35.0)])
        self.assertFalse(any(h["other_currency"] for h in info["history"]))
        self.assertFalse(info["no_history"])
        self.assertEqual(info["colleagues"], [])
        # XML-RPC carries it (no None, string keys).
        xmlrpc.client.dumps((info,), allow_none=False)
        xmlrpc.client.dumps((self._info(self.manager, values={"price_unit": 0.0}),),
                            allow_none=False)

    def test_history_in_another_currency_is_marked(self):
        euro = self.env.ref("base.EUR")
        pricelist = self.env["product.pricelist"].create(
            {"name": "Euro list", "currency_id": euro.id})
        order = self._order(self.customer, self.seller_a, [(self.product, 70.0, 0.0)],
                            pricelist=pricelist)
        order.action_confirm()
        order.write({"confirmation_date": "2026-06-01 09:00:00"})
        first = self._info(self.seller_a)["history"][0]
        self.assertEqual((first["doc_name"], first["net"], first["currency"]),
                         (order.name, 70.0, "EUR"))
        self.assertTrue(first["other_currency"])

    def test_colleagues_quotes_and_conflict(self):
        same = self._order(self.customer, self.seller_b, [(self.product, 100.0, 0.0)])
        cheaper = self._order(self.contact, self.seller_b, [(self.product, 80.0, 0.0)])
        far = self._order(self.customer, self.seller_far, [(self.product, 50.0, 0.0)],
                          company=self.company2)
        info = self._info(self.seller_a)
        rows = {r["order"]: (r["user"], r["net"], r["conflict"]) for r in info["colleagues"]}
        self.assertEqual(rows, {same.name: ("Ben Price", 100.0, False),
                                cheaper.name: ("Ben Price", 80.0, True)})
        self.assertNotIn(far.name, rows)
        # The suite's conflict definition agrees.
        # The suite's conflict definition agrees, within the company.
        self.assertEqual(self.quote.price_conflict_order_ids, cheaper)
        self.assertEqual(far.price_conflict_order_ids, self.env["sale.order"])
        paired = {i for pair in self.customer._customer360_price_conflicts()
                  for i in pair["order_ids"]}
        self.assertIn(cheaper.id, paired)
        self.assertNotIn(far.id, paired)
        # The price being typed counts: at 80 the other one conflicts.
        info = self._info(self.seller_a, values={"price_unit": 80.0})
        rows = {r["order"]: r["conflict"] for r in info["colleagues"]}
        self.assertEqual(rows, {same.name: True, cheaper.name: False})

    def test_margin_only_for_who_may_see_costs(self):
        self.assertIs(self._info(self.seller_a)["margin"], False)
        self.assertFalse(self._info(self.seller_a)["may_see_cost"])
        info = self._info(self.manager, values={"discount": 20.0, "product_uom_qty": 3})
        self.assertEqual(info["net"], 80.0)
        self.assertEqual(info["margin"], {"cost": 60.0, "unit_margin": 20.0, "margin": 60.0,
                                          "margin_percent": 25.0})
        # Granting the group to a salesperson shows it.
        self.seller_b.write({"groups_id": [(4, self.env.ref(
            "crm_customer360.group_price_cost").id)]})
        theirs = self._order(self.customer, self.seller_b, [(self.product, 100.0, 0.0)])
        self.assertEqual(self._info(self.seller_b, line=theirs.order_line)["margin"]["unit_margin"],
                         40.0)

    def test_unsaved_line_and_no_history(self):
        info = self.env["sale.order.line"].sudo(self.seller_a).customer360_price_info(
            False, {"partner_id": self.stranger.id, "product_id": self.product.id,
                    "price_unit": 100.0})
        self.assertTrue(info["no_history"])
        self.assertEqual((info["history"], info["category_history"]), ([], []))
        info = self.env["sale.order.line"].sudo(self.seller_a).customer360_price_info(
            False, {"order_id": self.quote.id, "product_id": self.sibling.id,
                    "price_unit": 30.0})
        self.assertEqual([h["net"] for h in info["history"]], [35.0])
        self.assertEqual([h["product"] for h in info["category_history"]],
                         ["Price Drill", "Price Drill"])

    def test_another_company_never(self):
        far_quote = self._order(self.customer, self.seller_far, [(self.product, 50.0, 0.0)],
                                company=self.company2)
        far_quote.action_confirm()
        # Ada's popover never shows the other company's order...
        names = [h["doc_name"] for h in self._info(self.seller_a)["history"]]
        self.assertNotIn(far_quote.name, names)
        # ...nor opens its lines.
        with self.assertRaises(UserError):
            self._info(self.seller_a, line=far_quote.order_line)
        with self.assertRaises(UserError):
            self.env["sale.order.line"].sudo(self.seller_a).customer360_price_info(
                False, {"partner_id": self.customer.id, "product_id": self.product.id,
                        "company_id": self.company2.id})
        # Fay, in the other company, sees her company's history only.
        info = self._info(self.seller_far, line=far_quote.order_line)
        self.assertEqual(info["history"], [])

    def test_bad_input(self):
        Line = self.env["sale.order.line"].sudo(self.seller_a)
        bad = [
            ("abc", None), (-1, None), (True, None), (self.line.id, "x"),
            (self.line.id, {"product_id": "1"}), (self.line.id, {"price_unit": "cheap"}),
            (self.line.id, {"discount": 150}), (False, {}), (False, None),
            (self.line.id, {"product_id": 999999999}),
            (False, {"order_id": 999999999, "product_id": self.product.id}),
            (False, {"partner_id": self.customer.id}),
        ]
        for line_id, values in bad:
            with self.assertRaises(UserError, msg=repr((line_id, values))):
                Line.customer360_price_info(line_id, values)
        deleted = self._order(self.customer, self.seller_a, [(self.product, 1.0, 0.0)])
        deleted_id = deleted.order_line.id
        deleted.unlink()
        with self.assertRaises(UserError):
            Line.customer360_price_info(deleted_id)
        # Nothing was changed by the failed calls.
        self.assertEqual((self.line.price_unit, self.line.discount), (100.0, 0.0))

    def test_salesman_other_salesperson_line(self):
        """A salesman limited to own documents may not open a colleague's
        line; a salesman of all documents may."""
        theirs = self._order(self.customer, self.seller_b, [(self.product, 99.0, 0.0)])
        with self.assertRaises(UserError):
            self._info(self.seller_a, line=theirs.order_line)
        self.seller_a.write({"groups_id": [(4, self.env.ref(
            "sales_team.group_sale_salesman_all_leads").id)]})
        self.assertEqual(self._info(self.seller_a, line=theirs.order_line)["net"], 99.0)

    def test_portal_user_may_not(self):
        portal = self.env["res.users"].create({
            "name": "Rita Portal", "login": "rita.c360.price", "partner_id": self.contact.id,
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        with self.assertRaises(UserError):
            self._info(portal)

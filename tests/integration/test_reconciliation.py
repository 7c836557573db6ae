"""Every money and count figure of the suite reconciles with Odoo's own
reports and models, for the same scope and user.

Generated data: two companies (USD and EUR), a customer buying from both, in
both currencies, with credit notes, an overdue invoice, quotations in a
foreign currency, opportunities and service tickets. Each figure the suite
shows is compared, as a user of each company, with the figure Odoo's own
report gives (``account.invoice.report``, ``sale.report``, ``crm.lead``, the
receivable journal items the aged receivable report reads, ``helpdesk.ticket``).
A difference is a bug, or a definition documented in the README next to the
figure (and asserted here as that definition).
"""
import datetime

from odoo import fields
from odoo.tests.common import SavepointCase, at_install, post_install


@at_install(False)
@post_install(True)
class TestReconciliation(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_create_nolog=True, no_reset_password=True))
        cls.today = datetime.date.today()
        cls.usd = cls.env.ref("base.USD")
        cls.eur = cls.env.ref("base.EUR")
        cls.eur.active = True
        cls.company_a = cls.env.ref("base.main_company")
        assert cls.company_a.currency_id == cls.usd
        cls.company_b = cls._company_with_chart("Reconciliation EUR Co", cls.eur)
        # Rates of company A: 1 USD = 0.8 EUR 40 days ago, 0.9 EUR 10 days ago.
        Rate = cls.env["res.currency.rate"]
        for company in (cls.company_a, cls.company_b):
            Rate.search([("company_id", "=", company.id)]).unlink()
        for day, rate in ((-400, 0.8), (-10, 0.9)):
            Rate.create({"name": cls._day(day), "rate": 1.0, "currency_id": cls.usd.id,
                         "company_id": cls.company_a.id})
            Rate.create({"name": cls._day(day), "rate": rate, "currency_id": cls.eur.id,
                         "company_id": cls.company_a.id})
            # Company B (EUR) has the same rates, from the other side.
            Rate.create({"name": cls._day(day), "rate": 1.0, "currency_id": cls.eur.id,
                         "company_id": cls.company_b.id})
            Rate.create({"name": cls._day(day), "rate": 1.0 / rate, "currency_id": cls.usd.id,
                         "company_id": cls.company_b.id})

        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Reconciliation Customer", "is_company": True,
                                       "customer": True})
        cls.contact = Partner.create({"name": "Reconciliation Contact",
                                      "parent_id": cls.customer.id})
        cls.users = {
            "a": cls._user("recon_a", cls.company_a),
            "b": cls._user("recon_b", cls.company_b),
        }
        a, b = cls.company_a, cls.company_b
        # Company A: USD and EUR invoices, a credit note, an overdue open invoice,
        # an old invoice (outside 12 months).
        cls._invoice(a, cls.customer, 1000.0, -5, paid=True)
        cls._invoice(a, cls.contact, 500.0, -30, currency=cls.eur, paid=True)  # 625 USD
        cls._invoice(a, cls.customer, 200.0, -20, refund=True)
        cls._invoice(a, cls.customer, 300.0, -60, due=-30)  # open, overdue
        cls._invoice(a, cls.customer, 90.0, -3, currency=cls.eur, due=10)  # open, not due
        cls._invoice(a, cls.customer, 4000.0, -500, paid=True)
        # Company B: EUR invoices of the same customer.
        cls._invoice(b, cls.customer, 800.0, -15, due=20)  # open, not due yet
        cls._invoice(b, cls.customer, 120.0, -45, due=-14)  # open, overdue
        # Quotations: company A in USD and in EUR (at the order date's rate),
        # company B in EUR; confirmed orders do not count.
        cls._quotation(a, cls.customer, 100.0, -12)
        cls._quotation(a, cls.contact, 180.0, -2, currency=cls.eur)
        cls._quotation(b, cls.customer, 70.0, -4)
        cls._quotation(a, cls.customer, 999.0, -4).action_confirm()
        # Opportunities: open ones count, won and lost ones do not.
        Lead = cls.env["crm.lead"]
        for company, revenue, probability, active in (
                (a, 5000.0, 30, True), (a, 700.0, 60, True), (a, 900.0, 100, True),
                (a, 400.0, 0, False), (b, 1500.0, 20, True)):
            Lead.create({"name": "Recon opportunity", "type": "opportunity",
                         "partner_id": cls.customer.id, "company_id": company.id,
                         "planned_revenue": revenue, "probability": probability,
                         "active": active})

    # -- data -----------------------------------------------------------------

    @classmethod
    def _day(cls, offset):
        return fields.Date.to_string(cls.today + datetime.timedelta(days=offset))

    @classmethod
    def _company_with_chart(cls, name, currency):
        company = cls.env["res.company"].create({"name": name, "currency_id": currency.id})
        admin = cls.env.user
        admin.write({"company_ids": [(4, company.id)], "company_id": company.id})
        try:
            chart = cls.env.ref("l10n_generic_coa.configurable_chart_template")
            chart.sudo().try_loading_for_current_company()
        finally:
            admin.company_id = cls.company_a
        # the generic chart sets its own currency (USD)
        company.currency_id = currency
        return company

    @classmethod
    def _user(cls, login, company):
        groups = ["base.group_user", "sales_team.group_sale_manager",
                  "account.group_account_invoice", "base.group_multi_currency",
                  "helpdesk_mgmt.group_helpdesk_manager"]
        return cls.env["res.users"].create({
            "name": login, "login": login, "email": "%s@example.com" % login,
            "company_id": company.id, "company_ids": [(6, 0, company.ids)], "tz": "UTC",
            "groups_id": [(6, 0, [cls.env.ref(g).id for g in groups])]})

    @classmethod
    def _invoice(cls, company, partner, amount, offset, refund=False, currency=None,
                 paid=False, due=None):
        env = cls.env(context=dict(cls.env.context, force_company=company.id,
                                   company_id=company.id))
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        inv_type = "out_refund" if refund else "out_invoice"
        invoice = env["account.invoice"].with_context(type=inv_type).create({
            "partner_id": partner.id, "type": inv_type, "company_id": company.id,
            "journal_id": journal.id,
            "account_id": partner.with_env(env).property_account_receivable_id.id,
            "date_invoice": cls._day(offset),
            "date_due": cls._day(due if due is not None else offset),
            "currency_id": (currency or company.currency_id).id,
            "invoice_line_ids": [(0, 0, {
                "name": "Goods", "quantity": 1, "price_unit": amount,
                "account_id": journal.default_credit_account_id.id})],
        })
        invoice.action_invoice_open()
        if paid:
            bank = env["account.journal"].search(
                [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
            # in the bank journal's (company) currency
            invoice.pay_and_reconcile(bank, pay_amount=invoice.residual_company_signed,
                                      date=cls._day(offset))
        return invoice

    @classmethod
    def _quotation(cls, company, partner, amount, offset, currency=None):
        env = cls.env(context=dict(cls.env.context, force_company=company.id,
                                   company_id=company.id))
        pricelist = env["product.pricelist"].create({
            "name": "Recon %s" % (currency or company.currency_id).name,
            "currency_id": (currency or company.currency_id).id, "company_id": company.id})
        product = cls.env.ref("product.product_product_4")
        order = env["sale.order"].create({
            "partner_id": partner.id, "company_id": company.id,
            "pricelist_id": pricelist.id,
            "date_order": cls._day(offset) + " 10:00:00",
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1,
                                   "price_unit": amount, "tax_id": [(6, 0, [])]})],
        })
        return order

    # -- helpers ----------------------------------------------------------------

    def _as(self, key):
        user = self.users[key]
        return self.env(user=user, context=dict(self.env.context, lang="en_US"))

    def _header(self, key):
        return self.customer.with_env(self._as(key)).customer360_header()

    @staticmethod
    def _sum(env, model, domain, field):
        groups = env[model].read_group(domain, [field], [])
        return round((groups[0][field] if groups else 0.0) or 0.0, 2)

    # -- 360 header ---------------------------------------------------------------

    def test_header_revenue_reconciles_with_invoice_analysis(self):
        """Revenue (lifetime, 12 months) = Odoo's Invoices analysis, Total
        Without Tax, posted customer invoices and credit notes of the customer
        (commercial entity), in the company's currency."""
        for key in ("a", "b"):
            env = self._as(key)
            header = self._header(key)
            base = [("commercial_partner_id", "=", self.customer.id),
                    ("type", "in", ("out_invoice", "out_refund")),
                    ("state", "in", ("open", "paid"))]
            lifetime = self._sum(env, "account.invoice.report", base, "price_total")
            year = self._sum(env, "account.invoice.report",
                             base + [("date", ">=", self._day(-365))], "price_total")
            self.assertAlmostEqual(header["revenue_lifetime"]["amount"], lifetime, 2, key)
            self.assertAlmostEqual(header["revenue_12_months"]["amount"], year, 2, key)
        # the figures themselves, as a reader would check them by hand
        self.assertAlmostEqual(self._header("a")["revenue_lifetime"]["amount"],
                               1000 + 625 - 200 + 300 + 100 + 4000, 2)
        self.assertAlmostEqual(self._header("b")["revenue_lifetime"]["amount"], 920, 2)
        self.assertEqual(self.company_b.currency_id, self.eur)

    def test_header_overdue_reconciles_with_aged_receivables(self):
        """Overdue receivables = the customer's receivable journal items due
        before today and not reconciled (what Odoo's Aged Receivable report
        sums in its overdue columns), in the company's currency: an open
        credit note not yet allocated reduces it."""
        for key, company in (("a", self.company_a), ("b", self.company_b)):
            env = self._as(key)
            header = self._header(key)
            overdue = self._sum(env, "account.move.line", [
                ("partner_id", "child_of", self.customer.id),
                ("account_id.internal_type", "=", "receivable"),
                ("reconciled", "=", False), ("move_id.state", "=", "posted"),
                ("date_maturity", "<", self._day(0)), ("company_id", "=", company.id)],
                "amount_residual")
            self.assertAlmostEqual(header["overdue_receivables"]["amount"], overdue, 2, key)
        self.assertAlmostEqual(self._header("a")["overdue_receivables"]["amount"], 300 - 200, 2)
        self.assertAlmostEqual(self._header("b")["overdue_receivables"]["amount"], 120, 2)

    def test_header_quotations_reconcile_with_sales_analysis(self):
        """Open quotations = Odoo's Sales analysis, Untaxed Total, of the
        customer's quotations (draft and sent), converted at the order date."""
        for key in ("a", "b"):
            env = self._as(key)
            header = self._header(key)
            domain = [("commercial_partner_id", "=", self.customer.id),
                      ("state", "in", ("draft", "sent"))]
            amount = self._sum(env, "sale.report", domain, "price_subtotal")
            count = env["sale.order"].search_count([
                ("partner_id", "child_of", self.customer.id),
                ("state", "in", ("draft", "sent"))])
            self.assertAlmostEqual(header["open_quotations"]["amount"], amount, 2, key)
            self.assertEqual(header["open_quotations"]["count"], count, key)
        # 180 EUR at 0.9 EUR per USD on the order date
        self.assertAlmostEqual(self._header("a")["open_quotations"]["amount"], 100 + 200, 2)
        self.assertAlmostEqual(self._header("b")["open_quotations"]["amount"], 70, 2)

    def test_header_pipeline_reconciles_with_pipeline(self):
        """Open pipeline = the expected revenue of the customer's open
        opportunities (not won, not lost) the user may read, as the CRM
        pipeline sums it per company, each company's sum converted into the
        user's company currency at today's rate (an opportunity's revenue is
        in its company's currency and has no date of its own). Odoo 11 has no
        company rule on opportunities: a user may read other companies'."""
        for key in ("a", "b"):
            env = self._as(key)
            header = self._header(key)
            domain = [("partner_id", "child_of", self.customer.id),
                      ("type", "=", "opportunity"), ("probability", "<", 100)]
            target = env.user.company_id.currency_id
            amount = 0.0
            for group in env["crm.lead"].read_group(domain, ["planned_revenue", "company_id"], ["company_id"]):
                company = self.env["res.company"].browse(group["company_id"][0])
                amount += company.currency_id.with_context(date=self._day(0)).compute(
                    group["planned_revenue"], target, round=False)
            self.assertAlmostEqual(header["open_pipeline"]["amount"], round(amount, 2), 2, key)
            self.assertEqual(header["open_pipeline"]["count"],
                             env["crm.lead"].search_count(domain), key)

    # -- service and sales KPIs -------------------------------------------------

    def _period(self):
        return self._day(-60), self._day(0)

    def _bounds(self):
        date_from, date_to = self._period()
        return date_from + " 00:00:00", fields.Datetime.to_string(
            fields.Datetime.from_string(date_to + " 00:00:00") + datetime.timedelta(days=1))

    def test_service_kpis_reconcile_with_tickets(self):
        """Tickets and backlog of kpi_summary = the helpdesk tickets the user
        may read, opened in the period (SLA start, else creation) / open at
        its end (not closed by then; a ticket in a closed stage without a
        closing date, as Odoo's demo tickets, is closed); feedback counts =
        the feedback records."""
        Ticket = self.env["helpdesk.ticket"]
        for company in (self.company_a, self.company_b):
            for i in range(3):
                Ticket.create({"name": "Recon ticket %d" % i, "description": "x",
                               "partner_id": self.customer.id, "company_id": company.id})
        start, end = self._bounds()
        for key in ("a", "b"):
            env = self._as(key)
            summary = env["helpdesk.ticket"].kpi_summary(*self._period())
            tickets = env["helpdesk.ticket"].search([])
            opened = tickets.filtered(
                lambda t: start <= (t.sla_start_date or t.create_date) < end)
            backlog = tickets.filtered(
                lambda t: (t.sla_start_date or t.create_date) < end
                and (t.closed_date >= end if t.closed_date else not t.stage_id.closed))
            self.assertEqual(summary["ticket_count"], len(opened), key)
            self.assertEqual(summary["backlog_count"], len(backlog), key)
            feedback = env["crm.service.feedback"].search([])
            answered = feedback.filtered(
                lambda f: f.state == "answered" and f.answered_date
                and start <= f.answered_date < end)
            self.assertEqual(summary["feedback_answered_count"], len(answered), key)
        # each company's tickets stay in their company
        self.assertGreaterEqual(self._as("b")["helpdesk.ticket"].search_count([]), 3)
        self.assertFalse(self._as("b")["helpdesk.ticket"].search(
            [("company_id", "=", self.company_a.id)]))

    def test_sales_kpis_reconcile_with_pipeline(self):
        """Leads, won and lost of sales_summary = the CRM's leads the user may
        read created in the period / opportunities closed in the period as won
        (probability 100) or lost (archived at 0)."""
        start, end = self._bounds()
        for key in ("a", "b"):
            env = self._as(key)
            summary = env["crm.service.kpi.sales"].sales_summary(*self._period())
            Lead = env["crm.lead"].with_context(active_test=False)
            self.assertEqual(summary["lead_count"], Lead.search_count(
                [("create_date", ">=", start), ("create_date", "<", end)]), key)
            closed = [("date_closed", ">=", start), ("date_closed", "<", end)]
            closed.append(("type", "=", "opportunity"))
            self.assertEqual(summary["won_count"], Lead.search_count(
                closed + [("active", "=", True), ("probability", "=", 100)]), key)
            self.assertEqual(summary["lost_count"], Lead.search_count(
                closed + [("active", "=", False), ("probability", "=", 0)]), key)

    # -- loyalty: revenue per customer and Pareto totals ----------------------

    def _programs(self):
        Program = self.env["crm.loyalty.program"]
        program_a = Program.search([("company_id", "=", self.company_a.id)], limit=1)
        program_b = Program.create({
            "name": "Reconciliation program B", "company_id": self.company_b.id,
            "window_days": 365,
            "tier_ids": [(0, 0, {"name": "B Member", "min_score": 0, "sequence": 1}),
                         (0, 0, {"name": "B Star", "min_score": 90, "sequence": 2})]})
        return {"a": program_a, "b": program_b}

    def test_loyalty_revenue_and_pareto_reconcile_with_invoice_analysis(self):
        """A customer's net revenue on the Loyalty tab and the Pareto
        report's totals = Odoo's Invoices analysis (Total Without Tax) of the
        program's company over the program's window (the last ``window_days``
        days up to the assessment, both included), per customer (commercial
        entity); the Pareto report lists the customers whose net revenue is
        positive."""
        if "crm.loyalty.membership" not in self.env:
            self.skipTest("crm_loyalty is not installed")
        loyalty = self.env.ref("crm_loyalty.group_loyalty_manager")
        for key, program in self._programs().items():
            self.assertTrue(program, key)
            program.sudo()._recompute(today=self._day(0))
            user = self.users[key]
            user.write({"groups_id": [(4, loyalty.id)]})
            env = self._as(key)
            start = self._day(-(program.window_days - 1))
            groups = env["account.invoice.report"].read_group(
                [("company_id", "=", program.company_id.id),
                 ("type", "in", ("out_invoice", "out_refund")),
                 ("state", "in", ("open", "paid")),
                 ("date", ">=", start), ("date", "<=", self._day(0))],
                ["price_total", "commercial_partner_id"], ["commercial_partner_id"])
            odoo = {g["commercial_partner_id"][0]: round(g["price_total"], 2) for g in groups}
            members = env["crm.loyalty.membership"].search([("program_id", "=", program.id)])
            self.assertTrue(members, key)
            for member in members:
                self.assertAlmostEqual(member.revenue, odoo.get(member.partner_id.id, 0.0), 2,
                                       "%s %s" % (key, member.partner_id.name))
            ours = {m.partner_id.id: m.revenue for m in members}
            for partner_id, total in odoo.items():
                if total > 0:
                    self.assertIn(partner_id, ours, key)
            # the customer of this test, as a reader would check it
            expected = {"a": 1000 + 625 - 200 + 300 + 100, "b": 920}[key]
            self.assertAlmostEqual(ours[self.customer.id], expected, 2, key)
            pareto = env["crm.loyalty.pareto.report"].search(
                [("company_id", "=", program.company_id.id)])
            self.assertAlmostEqual(
                round(sum(pareto.mapped("revenue")), 2),
                round(sum(total for total in odoo.values() if total > 0), 2), 2, key)
            self.assertEqual(sorted(pareto.mapped("revenue_rank")),
                             list(range(1, len(pareto) + 1)), key)

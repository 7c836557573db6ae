# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import SavepointCase, at_install, post_install

from ..rules import kpi

PERIOD = ("2026-03-02", "2026-03-06")   # Mon..Fri, UTC unless told


@at_install(False)
@post_install(True)
class TestSalesKpi(SavepointCase):
    """Sales and marketing KPIs on hand-made data; expected figures by hand.

    Team T: salespeople S1 (own documents only) and S2. Team T2: S3.
    Campaign K1 (responsible M, team T, starts 2026-03-01, cost 800) and K3
    (responsible M2, no team, starts 2026-03-05, cost 200); K2 starts in April.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz="UTC"))
        cls.Sales = env["crm.service.kpi.sales"]
        salesman = env.ref("sales_team.group_sale_salesman")
        Users = env["res.users"].with_context(no_reset_password=True)

        def user(login):
            return Users.create({
                "name": "Sales KPI %s" % login, "login": "sales_kpi_%s" % login, "tz": "UTC",
                "groups_id": [(6, 0, [env.ref("base.group_user").id, salesman.id])]})
        cls.s1, cls.s2, cls.s3, cls.m, cls.m2 = (user(x) for x in ("s1", "s2", "s3", "m", "m2"))
        cls.team = env["crm.team"].create({"name": "Sales KPI Team"})
        cls.team2 = env["crm.team"].create({"name": "Sales KPI Team 2"})
        cls.customer = env["res.partner"].create({
            "name": "Sales KPI Customer", "customer": True, "user_id": cls.s1.id,
            "email": "sales.kpi@example.com"})

        # -- leads: response time --------------------------------------
        cls.l1 = cls._lead("L1", cls.s1, "2026-03-02 09:00:00")
        cls._message(cls.l1, cls.s1.partner_id, "2026-03-02 09:30:00", note=True)  # a note
        cls._message(cls.l1, cls.s1.partner_id, "2026-03-02 11:00:00")              # 2 h
        cls.l2 = cls._lead("L2", cls.s1, "2026-03-03 10:00:00")
        cls._message(cls.l2, cls.customer, "2026-03-03 10:30:00")                   # customer
        activity = env["mail.activity"].create({
            "res_model_id": env["ir.model"]._get("crm.lead").id, "res_id": cls.l2.id,
            "activity_type_id": env.ref("mail.mail_activity_data_call").id,
            "user_id": env.user.id, "summary": "Call back"})
        done_id = activity.action_feedback("Called")
        cls._set("mail_message", done_id, "date", "2026-03-03 16:00:00")           # 6 h
        cls.l3 = cls._lead("L3", cls.s2, "2026-03-04 20:00:00")                     # no answer
        cls.l4 = cls._lead("L4", cls.s1, "2026-02-27 09:00:00")                     # before
        cls._message(cls.l4, cls.s1.partner_id, "2026-03-02 09:00:00")

        # -- opportunities: win rate, revenue from tickets ---------------
        cls.ticket = env["helpdesk.ticket"].create({
            "name": "Broken pump", "description": "It leaks", "partner_id": cls.customer.id})
        action = cls.ticket.action_create_opportunity()
        cls.o1 = env["crm.lead"].browse(action["res_id"])
        cls.o1.write({"planned_revenue": 1000.0, "team_id": cls.team.id})
        cls.o2 = cls._opportunity("O2", cls.s1, cls.team, 500.0)
        cls.o3 = cls._opportunity("O3", cls.s2, cls.team, 700.0)
        cls.o4 = cls._opportunity("O4", cls.s2, cls.team, 100.0)
        cls.o5 = cls._opportunity("O5", cls.s1, cls.team, 900.0)               # stays open
        (cls.o1 | cls.o2).action_set_won()
        (cls.o3 | cls.o4).action_set_lost()
        cls._set("crm_lead", cls.o1.id, "date_closed", "2026-03-03 12:00:00")
        cls._set("crm_lead", cls.o2.id, "date_closed", "2026-03-04 12:00:00")
        cls._set("crm_lead", cls.o3.id, "date_closed", "2026-03-05 12:00:00")
        cls._set("crm_lead", cls.o4.id, "date_closed", "2026-03-09 12:00:00")  # after

        # -- deliveries ----------------------------------------------------
        cls.product = env["product.product"].create({
            "name": "Sales KPI pump", "type": "consu", "list_price": 10.0})
        cls.order_a = cls._order(cls.s1, "2026-03-02 10:00:00")
        cls._deliver(cls.order_a, "2026-03-04 22:00:00")                     # 2.5 days
        cls.order_b = cls._order(cls.s2, "2026-03-01 00:00:00")
        cls._deliver(cls.order_b, "2026-03-06 12:00:00")                     # 5.5 days
        cls.order_c = cls._order(cls.s1, "2026-03-02 10:00:00")
        cls._deliver(cls.order_c, "2026-03-03 10:00:00", qty=1)              # backorder left
        cls.order_d = cls._order(cls.s2, "2026-03-02 10:00:00")
        cls._deliver(cls.order_d, "2026-03-10 10:00:00")                     # after

        # -- campaigns -----------------------------------------------------
        Campaign = env["utm.campaign"]
        cls.k1 = Campaign.create({"name": "Spring fair", "user_id": cls.m.id,
                                  "team_id": cls.team.id, "date_start": "2026-03-02",
                                  "cost": 800.0})
        cls.k2 = Campaign.create({"name": "April mail", "user_id": cls.m.id,
                                  "team_id": cls.team.id, "date_start": "2026-04-01",
                                  "cost": 5000.0})
        cls.k3 = Campaign.create({"name": "Trade fair cards", "user_id": cls.m2.id,
                                  "date_start": "2026-03-05", "cost": 200.0})
        cls._invoice(cls.k1, 800.0, "2026-03-03")                            # +800
        cls._invoice(cls.k1, 100.0, "2026-03-05", refund=True)               # -100
        cls._invoice(cls.k1, 400.0, "2026-03-04", validate=False)            # draft
        cls._invoice(cls.k1, 250.0, "2026-03-10")                            # after
        cls.o6 = cls._opportunity("O6", cls.s3, cls.team2, 300.0, campaign=cls.k1)
        cls.o7 = cls._opportunity("O7", cls.s3, cls.team2, 999.0, campaign=cls.k1)
        service = env["product.product"].create({
            "name": "Sales KPI service", "type": "service", "invoice_policy": "order",
            "list_price": 999.0})
        order = env["sale.order"].create({
            "partner_id": cls.customer.id, "opportunity_id": cls.o7.id,
            "order_line": [(0, 0, {"product_id": service.id, "product_uom_qty": 1})]})
        order.action_confirm()
        invoice = env["account.invoice"].browse(order.action_invoice_create())
        invoice.write({"campaign_id": cls.k1.id, "date_invoice": "2026-02-20"})
        invoice.action_invoice_open()                                        # before
        (cls.o6 | cls.o7).action_set_won()
        for opp in cls.o6 | cls.o7:
            cls._set("crm_lead", opp.id, "date_closed", "2026-03-04 09:00:00")

    # -- fixtures --------------------------------------------------------
    @classmethod
    def _set(cls, table, rec_id, column, value):
        cls.env.cr.execute(
            "UPDATE %s SET %s = %%s WHERE id = %%s" % (table, column), (value, rec_id))

    @classmethod
    def _lead(cls, name, user, created):
        lead = cls.env["crm.lead"].create({
            "name": name, "type": "lead", "user_id": user.id, "team_id": cls.team.id,
            "partner_id": cls.customer.id})
        cls._set("crm_lead", lead.id, "create_date", created)
        return lead

    @classmethod
    def _message(cls, lead, author, date, note=False):
        message = lead.message_post(
            body="Hello", author_id=author.id, message_type="comment",
            subtype="mail.mt_note" if note else "mail.mt_comment")
        cls._set("mail_message", message.id, "date", date)

    @classmethod
    def _opportunity(cls, name, user, team, revenue, campaign=None):
        return cls.env["crm.lead"].create({
            "name": name, "type": "opportunity", "user_id": user.id, "team_id": team.id,
            "partner_id": cls.customer.id, "planned_revenue": revenue,
            "campaign_id": campaign.id if campaign else False})

    @classmethod
    def _order(cls, user, confirmed):
        order = cls.env["sale.order"].create({
            "partner_id": cls.customer.id, "user_id": user.id, "team_id": cls.team.id,
            "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": 2})]})
        order.action_confirm()
        cls._set("sale_order", order.id, "confirmation_date", confirmed)
        return order

    @classmethod
    def _deliver(cls, order, done, qty=None):
        picking = order.picking_ids
        for move in picking.mapped("move_lines"):
            move.quantity_done = move.product_uom_qty if qty is None else qty
        picking.action_done()
        cls._set("stock_picking", picking.id, "date_done", done)

    @classmethod
    def _invoice(cls, campaign, amount, date, refund=False, validate=True):
        env = cls.env
        account = env["account.account"].search([
            ("user_type_id", "=", env.ref("account.data_account_type_revenue").id)], limit=1)
        invoice = env["account.invoice"].create({
            "partner_id": cls.customer.id, "type": "out_refund" if refund else "out_invoice",
            "campaign_id": campaign.id, "date_invoice": date,
            "invoice_line_ids": [(0, 0, {"name": "Pumps", "account_id": account.id,
                                         "quantity": 1, "price_unit": amount})]})
        if validate:
            invoice.action_invoice_open()
        return invoice

    def assertFigures(self, res, expected):
        for key, value in expected.items():
            if value is None:
                # missing: False over RPC (XML-RPC refuses None), never 0
                self.assertIs(res[key], False, key)
            else:
                self.assertAlmostEqual(res[key], value, places=2, msg=key)

    # -- tests -----------------------------------------------------------
    def test_fixtures(self):
        self.assertEqual(len(self.order_c.picking_ids), 2, "order C has a backorder")
        self.assertEqual(self.o1.ticket_id, self.ticket)
        self.assertTrue(self.o3.exists() and not self.o3.active)

    def test_team_summary(self):
        res = self.Sales.sales_summary(*PERIOD, sales_team_ids=[self.team.id])
        self.assertFigures(res, {
            "lead_count": 3,                              # L1, L2, L3 (L4 before)
            "lead_response_hours_avg": (2 + 6) / 2,       # L1 message, L2 done activity
            "won_count": 2, "lost_count": 1,              # O1, O2 / O3 (O4 after)
            "win_rate_pct": 100.0 * 2 / 3,
            "delivery_lead_days_avg": (2.5 + 5.5) / 2,    # A, B (C pending, D after)
            "delivered_count": 2,
            "campaign_revenue": 800 - 100 + 300,          # K1: I1 - R1 + O6 (O7 invoiced)
            "campaign_cost": 800.0,                       # K1 (K2 April)
            "campaign_roi_pct": 100.0 * (1000 - 800) / 800,
            "ticket_opportunity_revenue": 1000.0,         # O1
            "ticket_opportunity_count": 1,
        })
        self.assertEqual((res["date_from"], res["date_to"]), PERIOD)

    def test_campaign_responsible(self):
        res = self.Sales.sales_summary(*PERIOD, user_ids=[self.m2.id])
        self.assertFigures(res, {
            "campaign_revenue": 0.0, "campaign_cost": 200.0,       # K3
            "campaign_roi_pct": -100.0, "lead_count": 0,
            "lead_response_hours_avg": None, "win_rate_pct": None,
            "delivery_lead_days_avg": None})
        res = self.Sales.sales_summary("2026-04-01", "2026-04-30", user_ids=[self.m.id])
        self.assertFigures(res, {"campaign_revenue": 0.0, "campaign_cost": 5000.0})
        res = self.Sales.sales_summary("2026-05-01", "2026-05-31", user_ids=[self.m.id])
        self.assertIs(res["campaign_roi_pct"], False)             # no cost

    def test_grouped_by_user(self):
        users = [self.s1.id, self.s2.id, self.m.id]
        res = self.Sales.sales_summary_grouped(*PERIOD, group_by="user", user_ids=users)
        # RPC: the ids as strings, as JSON-RPC sends them
        res = {int(key): value for key, value in res.items() if key != "false"}
        self.assertFigures(res[self.s1.id], {
            "lead_count": 2, "lead_response_hours_avg": 4.0,
            "won_count": 2, "lost_count": 0, "win_rate_pct": 100.0,
            "delivery_lead_days_avg": 2.5, "ticket_opportunity_revenue": 1000.0})
        self.assertFigures(res[self.s2.id], {
            "lead_count": 1, "lead_response_hours_avg": None,
            "won_count": 0, "lost_count": 1, "win_rate_pct": 0.0,
            "delivery_lead_days_avg": 5.5})
        self.assertFigures(res[self.m.id], {
            "campaign_revenue": 1000.0, "campaign_cost": 800.0, "campaign_roi_pct": 25.0})
        # the grouped form is the plain one, split
        plain = self.Sales.sales_summary(*PERIOD, user_ids=[self.s2.id])
        for key in ("lead_count", "win_rate_pct", "delivery_lead_days_avg"):
            self.assertEqual(plain[key], res[self.s2.id][key], key)

    def test_several_periods_in_one_pass(self):
        """The dashboard's periods (the period and the one before) in the
        queries of one summary, each equal to its own summary."""
        periods = [("2026-03-02", "2026-03-06"), ("2026-02-23", "2026-03-01"),
                   ("2026-04-01", "2026-04-30"), ("2026-03-01", "2026-03-31")]
        for kw in ({"sales_team_ids": [self.team.id]}, {"user_ids": [self.m.id]}, {}):
            cr = self.env.cr
            self.Sales._sales_period_summaries([periods[0]], **kw)     # warm the caches
            cr.sql_log_count = 0
            self.Sales._sales_period_summaries([periods[0]], **kw)
            one = cr.sql_log_count
            cr.sql_log_count = 0
            together = self.Sales._sales_period_summaries(periods, **kw)
            self.assertEqual(cr.sql_log_count, one, kw)
            self.assertEqual(kpi.rpc_safe(together), [self.Sales.sales_summary(*period, **kw)
                                        for period in periods], kw)
        as_s1 = self.Sales.sudo(self.s1)
        self.assertEqual(kpi.rpc_safe(as_s1._sales_period_summaries(
            periods, sales_team_ids=[self.team.id])),
                         [as_s1.sales_summary(*period, sales_team_ids=[self.team.id])
                          for period in periods])

    def test_constant_number_of_queries(self):
        cr = self.env.cr
        # warm the caches (record rules, xml ids) first
        self.Sales.sales_summary_grouped(*PERIOD, group_by="user", user_ids=[self.s2.id])
        cr.sql_log_count = 0
        self.Sales.sales_summary_grouped(*PERIOD, group_by="user", user_ids=[self.s1.id])
        few = cr.sql_log_count
        cr.sql_log_count = 0
        self.Sales.sales_summary_grouped(
            *PERIOD, group_by="user",
            user_ids=[self.s1.id, self.s2.id, self.s3.id, self.m.id, self.m2.id])
        self.assertEqual(cr.sql_log_count, few)

    def test_time_zone(self):
        # L3 was created on Wed 2026-03-04 20:00 UTC = Thu 05:00 in Tokyo
        utc = self.Sales.sales_summary("2026-03-04", "2026-03-04", sales_team_ids=[self.team.id])
        self.assertEqual(utc["lead_count"], 1)
        tokyo = self.Sales.with_context(tz="Asia/Tokyo")
        self.assertEqual(tokyo.sales_summary(
            "2026-03-04", "2026-03-04", sales_team_ids=[self.team.id])["lead_count"], 0)
        self.assertEqual(tokyo.sales_summary(
            "2026-03-05", "2026-03-05", sales_team_ids=[self.team.id])["lead_count"], 1)

    def test_salesperson_sees_own_records(self):
        res = self.Sales.sudo(self.s1).sales_summary(*PERIOD, sales_team_ids=[self.team.id])
        self.assertFigures(res, {
            "lead_count": 2, "lead_response_hours_avg": 4.0,      # L1, L2 (L3 is S2's)
            "won_count": 2, "lost_count": 0,                     # O1, O2
            "delivery_lead_days_avg": 2.5,                       # A
            # S3's opportunity O6 is hidden: invoices only
            "campaign_revenue": 700.0, "campaign_cost": 800.0,
            "campaign_roi_pct": 100.0 * (700 - 800) / 800,
        })

    def test_bad_input(self):
        with self.assertRaises(UserError), self.cr.savepoint():
            self.Sales.sales_summary("2026-03-06", "2026-03-02")
        with self.assertRaises(UserError), self.cr.savepoint():
            self.Sales.sales_summary("2026-02-30", "2026-03-02")
        with self.assertRaises(UserError), self.cr.savepoint():
            self.Sales.sales_summary(*PERIOD, sales_team_ids=[10 ** 8])
        with self.assertRaises(UserError), self.cr.savepoint():
            self.Sales.sales_summary(*PERIOD, user_ids="x")
        with self.assertRaises(UserError), self.cr.savepoint():
            self.Sales.sales_summary_grouped(*PERIOD, group_by="campaign")

    def test_negative_cost_refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.k1.write({"cost": -1.0})
        self.assertEqual(self.k1.cost, 800.0)

    def test_opportunity_from_ticket(self):
        opp = self.o1
        self.assertEqual(opp.partner_id, self.customer)
        self.assertEqual(opp.type, "opportunity")
        self.assertEqual(opp.user_id, self.s1)          # the customer's salesperson
        self.assertEqual(opp.source_id, self.env.ref("crm_service_kpi.utm_source_service_ticket"))
        self.assertIn(self.ticket.number, opp.name)
        self.assertEqual(self.ticket.opportunity_count, 1)
        action = self.ticket.action_view_opportunities()
        self.assertEqual(self.env["crm.lead"].with_context(active_test=False).search(
            action["domain"]), opp)
        no_customer = self.env["helpdesk.ticket"].create({"name": "Anonymous", "description": "?"})
        with self.assertRaises(UserError), self.cr.savepoint():
            no_customer.action_create_opportunity()
        self.assertEqual(no_customer.opportunity_count, 0)

    def test_sales_report(self):
        Report = self.env["crm.service.sales.report"]
        domain = [("team_id", "=", self.team.id), ("date", ">=", "2026-03-01 00:00:00"),
                  ("date", "<", "2026-03-07 00:00:00")]
        row = Report.read_group(domain, ["lead_count", "response_hours", "win_pct",
                                         "delivery_days", "ticket_revenue",
                                         "campaign_revenue", "campaign_cost"], [])[0]
        self.assertEqual(row["lead_count"], 3)
        self.assertAlmostEqual(row["response_hours"], 4.0)
        self.assertAlmostEqual(row["win_pct"], 100.0 * 2 / 3)
        self.assertAlmostEqual(row["delivery_days"], 4.0)
        self.assertAlmostEqual(row["ticket_revenue"], 1000.0)
        self.assertAlmostEqual(row["campaign_revenue"], 1000.0)
        self.assertAlmostEqual(row["campaign_cost"], 800.0)
        by_user = {g["user_id"][0]: g for g in Report.read_group(
            domain, ["user_id", "win_pct", "lead_count"], ["user_id"])}
        self.assertAlmostEqual(by_user[self.s2.id]["win_pct"], 0.0)
        self.assertEqual(by_user[self.s1.id]["lead_count"], 2)
        # a salesperson limited to own documents sees only the rows of their
        # documents (and of documents without salesperson: invoices, campaign costs)
        mine = Report.sudo(self.s1).search(domain)
        self.assertEqual(set(mine.mapped("document_user_id").ids), {self.s1.id})
        self.assertEqual(set(mine.filtered("lead_id").mapped("lead_id.user_id").ids),
                         {self.s1.id})

    def test_sales_report_follows_the_documents_rules(self):
        """The campaign rows of a lead follow the lead's rules, not the
        campaign's responsible; rows of another company are hidden."""
        Report = self.env["crm.service.sales.report"]
        domain = [("campaign_id", "=", self.k1.id), ("kind", "=", "campaign_opportunity")]
        self.assertEqual(set(Report.search(domain).mapped("lead_id").ids), {self.o6.id})
        # M is K1's responsible but O6 is S3's lead: M may not read it
        self.assertFalse(self.env["crm.lead"].sudo(self.m).search([("id", "=", self.o6.id)]))
        self.assertFalse(Report.sudo(self.m).search(domain))
        self.assertEqual(Report.sudo(self.s3).search(domain).mapped("lead_id"), self.o6)
        # every lead row a salesperson reads is a lead they may read
        for user in (self.s1, self.s2, self.s3, self.m):
            rows = Report.sudo(user).search([("lead_id", "!=", False)])
            leads = self.env["crm.lead"].sudo(user).with_context(active_test=False).search(
                [("id", "in", rows.mapped("lead_id").ids)])
            self.assertEqual(set(rows.mapped("lead_id").ids), set(leads.ids), user.name)
        # all-leads salesperson: every row
        self.m.write({"groups_id": [(4, self.env.ref(
            "sales_team.group_sale_salesman_all_leads").id)]})
        self.assertEqual(Report.sudo(self.m).search(domain).mapped("lead_id"), self.o6)

    def test_sales_report_of_another_company(self):
        Company = self.env["res.company"]
        vals = {"name": "Sales KPI Other Company"}
        if "security_lead" in Company._fields:
            vals["security_lead"] = 0.0
        other = Company.create(vals)
        lead = self.env["crm.lead"].create({
            "name": "Other company lead", "type": "lead", "company_id": other.id,
            "team_id": False, "user_id": False})
        Report = self.env["crm.service.sales.report"]
        self.assertTrue(Report.search([("lead_id", "=", lead.id)]))
        self.m.write({"groups_id": [(4, self.env.ref(
            "sales_team.group_sale_salesman_all_leads").id)]})
        for user in (self.s1, self.m):
            self.assertFalse(Report.sudo(user).search([("lead_id", "=", lead.id)]), user.name)
            self.assertTrue(Report.sudo(user).search([("lead_id", "=", self.l1.id)]), user.name)

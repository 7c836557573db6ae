#!/usr/bin/env python3
# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Deterministic data generator for the CRM Customer Suite.

    .venv/bin/python scripts/generate_data.py --db crm_bench --scale bench
    .venv/bin/python scripts/generate_data.py --db crm_gen_demo --scale demo

Fills a database that has the three addons installed (plus sale_stock and
mass_mailing, and a chart of accounts) with customers (companies with
contacts, individuals; Chinese and English names), salespeople and support
agents, products with costs, opportunities, quotations and orders, invoices
and credit notes in two currencies (USD company currency, EUR), payments,
deliveries, meetings, emails / messages / notes / calls, mass-mailing sends,
helpdesk tickets with their messages and SLA figures, satisfaction feedback and
referrals; then runs the loyalty assessment.

How: master data (users, team, products, currencies, helpdesk teams, SLA
policies, mailings) through the ORM; every bulk table with set-based SQL
(INSERT ... SELECT over generate_series). Each bulk table copies a *template
row* that the ORM created in a savepoint (then rolled back), so every column
the generator does not set holds what Odoo itself would have stored (defaults,
computed values); ids come from the tables' sequences (sequences advance).
Randomness is md5 of (seed, tag, row number): the same seed, scale and
--today give the same data, except secrets: feedback link tokens come from
PostgreSQL's gen_random_uuid() and user passwords from ``secrets``, never from
the seed, so that nobody can derive them.

Idempotence: the run records itself in ir.config_parameter
``crm_perf.generated``; a second run on the same database refuses to start
unless --force is given (--force adds a second batch on top).

Scales: tiny (tests), demo (a few hundred customers), bench (100,000
customers, about 2 million timeline events, 200,000 tickets, 100,000 feedback,
one customer with about 20,000 events).
"""
import argparse
import datetime
import json
import logging
import os
import secrets
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from perf import names, odoo_env  # noqa: E402

_logger = logging.getLogger("generate_data")

MARKER = "crm_perf.generated"
DEFAULT_SEED = 20260601
EUR_RATE = 0.92  # EUR per USD (company currency USD)

SCALES = {
    # totals include the rows of the "big" customer (first company)
    "tiny": dict(customers=40, salespeople=3, agents=2, products=10, leads=60, orders=90,
                 meetings=40, messages=150, mailing=80, tickets=80, feedback=30,
                 big=dict(leads=6, orders=12, meetings=5, messages=15, mailing=4, tickets=6)),
    "demo": dict(customers=300, salespeople=5, agents=3, products=30, leads=450, orders=700,
                 meetings=300, messages=1000, mailing=600, tickets=600, feedback=300,
                 big=dict(leads=40, orders=70, meetings=30, messages=100, mailing=20,
                          tickets=30)),
    "bench": dict(customers=100000, salespeople=10, agents=6, products=60, leads=150000,
                  orders=200000, meetings=100000, messages=250000, mailing=150000,
                  tickets=200000, feedback=100000,
                  big=dict(leads=1500, orders=2600, meetings=1300, messages=3000,
                           mailing=500, tickets=1000)),
}
BULK_TABLES = (
    "res_partner", "sale_order", "sale_order_line", "procurement_group", "account_invoice",
    "account_invoice_line", "account_payment", "stock_picking", "crm_lead", "calendar_event",
    "mail_message", "mail_mail_statistics", "helpdesk_ticket", "crm_service_feedback",
)
# Feedback link tokens: 256 random bits (two version-4 UUIDs), URL-safe hex.
RANDOM_TOKEN_SQL = ("replace(gen_random_uuid()::text || gen_random_uuid()::text, "
                    "'-', '')")


def user_password():
    """A random password nobody knows: the generated users are only used as
    themselves by scripts that set a fresh password first (scripts/perf/users.py)."""
    return secrets.token_urlsafe(24)


class Generator(object):
    def __init__(self, env, scale, seed, today, batch=1, fast=False):
        self.batch = batch
        self.fast = fast
        self.env = env
        self.cr = env.cr
        self.scale = scale
        self.cfg = SCALES[scale]
        self.seed = seed
        self.today = today
        self.anchor = "'%s'::timestamp" % today.strftime("%Y-%m-%d")
        self.counts = {}

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def q(self, sql, params=None, label=None):
        start = time.time()
        self.cr.execute(sql, params)
        if label:
            _logger.info("%-28s %8s rows %6.1fs", label, self.cr.rowcount, time.time() - start)
        return self.cr

    def num(self, prefix, expr):
        """SQL of a document number: batch 2+ (--force) gets a 'B<n>-' prefix
        so that numbers stay unique."""
        batch = "B%d-" % self.batch if self.batch > 1 else ""
        return "'%s%s' || lpad(%s, 7, '0')" % (batch, prefix, expr)

    def lit(self, value):
        return self.cr._obj.mogrify("%s", [value]).decode()

    def arr(self, values):
        return self.cr._obj.mogrify("%s", [list(values)]).decode()

    @staticmethod
    def R(tag, i="g.i"):
        return "pg_temp.rnd('%s', (%s)::bigint)" % (tag, i)

    def pick(self, values, tag, i="g.i"):
        """SQL expression picking one of ``values`` at random."""
        return "(%s)[1 + floor(%s * %d)::int]" % (self.arr(values), self.R(tag, i), len(values))

    def columns(self, table):
        self.cr.execute(
            "SELECT column_name, data_type, udt_name FROM information_schema.columns "
            "WHERE table_name = %s AND table_schema = 'public' ORDER BY ordinal_position",
            [table])
        return [(c, udt) for c, dtype, udt in self.cr.fetchall()]

    def template(self, model, create, table=None, lines=None):
        """The row of a record created by ``create(env)`` in a savepoint,
        rolled back afterwards: what Odoo stores for such a record. With
        ``lines=(line_table, parent_column)``, also its first line's row:
        returns ``(row, line_row)``."""
        table = table or self.env[model]._table
        self.cr.execute("SAVEPOINT perf_template")
        try:
            record = create(self.env)
            self.env[model].recompute()
            self.cr.execute('SELECT * FROM "%s" WHERE id = %%s' % table, [record.id])
            row = self.cr.dictfetchone()
            if lines:
                self.cr.execute('SELECT * FROM "%s" WHERE "%s" = %%s' % lines, [record.id])
                row = (row, self.cr.dictfetchone())
        finally:
            self.cr.execute("ROLLBACK TO SAVEPOINT perf_template")
            self.env.clear()
        return row

    def insert(self, table, tpl, overrides, from_sql, label=None):
        """INSERT INTO table SELECT: ``overrides`` (column -> SQL expression
        over ``from_sql``) else the template's value."""
        cols, exprs = [], []
        for col, udt in self.columns(table):
            if col in overrides:
                expr = overrides[col]
            elif col == "access_token":
                expr = RANDOM_TOKEN_SQL
            elif col in ("create_uid", "write_uid"):
                expr = "1"
            else:
                value = tpl.get(col)
                if isinstance(value, dict):
                    value = json.dumps(value)
                expr = "%s::%s" % (self.lit(value), udt.lstrip("_") + "[]" if udt.startswith("_")
                                   else udt)
            cols.append('"%s"' % col)
            exprs.append(expr)
        unknown = set(overrides) - {c for c, _u in self.columns(table)}
        if unknown:
            raise ValueError("%s has no column %s" % (table, ", ".join(sorted(unknown))))
        sql = 'INSERT INTO "%s" (%s) SELECT %s FROM %s' % (
            table, ", ".join(cols), ", ".join(exprs), from_sql)
        self.q(sql, label=label or table)
        self.counts[table] = self.counts.get(table, 0) + self.cr.rowcount
        return self.cr.rowcount

    def temp(self, name, sql, label=None):
        self.q("DROP TABLE IF EXISTS %s" % name)
        self.q("CREATE TEMP TABLE %s AS %s" % (name, sql), label=label)
        self.q("ANALYZE %s" % name)

    # ------------------------------------------------------------------
    # master data (ORM)
    # ------------------------------------------------------------------
    def setup_functions(self):
        seed = int(self.seed)
        self.q("""
            CREATE OR REPLACE FUNCTION pg_temp.rnd(tag text, i bigint) RETURNS float8
            LANGUAGE sql IMMUTABLE AS $$
              SELECT ('x' || substr(md5('%d/' || tag || '/' || i), 1, 13))::bit(52)::bigint
                     / 4503599627370496.0 $$""" % seed)

    def master_data(self):
        env = self.env
        ref = env.ref
        company = env.user.company_id
        self.company = company
        usd = company.currency_id
        eur = ref("base.EUR")
        eur.active = True
        if not env["res.currency.rate"].search([("currency_id", "=", eur.id),
                                                ("company_id", "in", [company.id, False])]):
            env["res.currency.rate"].create({
                "currency_id": eur.id, "rate": EUR_RATE, "name": "2015-01-01",
                "company_id": company.id})
        self.usd, self.eur = usd, eur
        pricelist_usd = env["product.pricelist"].search(
            [("currency_id", "=", usd.id)], limit=1) or env["product.pricelist"].create(
            {"name": "Public Pricelist (USD)", "currency_id": usd.id})
        pricelist_eur = env["product.pricelist"].search(
            [("currency_id", "=", eur.id)], limit=1) or env["product.pricelist"].create(
            {"name": "Europe (EUR)", "currency_id": eur.id})
        self.pricelists = (pricelist_usd, pricelist_eur)

        team = ref("sales_team.team_sales_department")
        team.name = "Direct Sales 直销团队"
        self.team = team
        groups_sales = [ref("base.group_user").id, ref("sales_team.group_sale_salesman").id,
                        ref("helpdesk_mgmt.group_helpdesk_user").id]
        groups_agent = [ref("base.group_user").id, ref("helpdesk_mgmt.group_helpdesk_user").id]
        Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
        person = self._person_names()
        self.salespeople, self.agents = Users, Users
        for n in range(self.cfg["salespeople"]):
            login = "perf_sales%02d" % (n + 1)
            user = Users.search([("login", "=", login)]) or Users.create({
                "name": person[n], "login": login, "password": user_password(),
                "email": "%s@example.com" % login, "groups_id": [(6, 0, groups_sales)],
                "sale_team_id": team.id, "tz": "Asia/Shanghai",
            })
            self.salespeople |= user
        for n in range(self.cfg["agents"]):
            login = "perf_agent%02d" % (n + 1)
            user = Users.search([("login", "=", login)]) or Users.create({
                "name": person[50 + n], "login": login, "password": user_password(),
                "email": "%s@example.com" % login, "groups_id": [(6, 0, groups_agent)],
                "tz": "Asia/Shanghai",
            })
            self.agents |= user

        Product = env["product.product"].with_context(tracking_disable=True)
        self.products = Product
        count = self.cfg["products"]
        for n in range(count):
            base, price, cost_ratio = names.PRODUCTS[n % len(names.PRODUCTS)]
            variant = names.PRODUCT_VARIANTS[(n // len(names.PRODUCTS)) % len(names.PRODUCT_VARIANTS)]
            code = "PERF-%03d" % (n + 1)
            factor = 1 + 0.25 * (n // len(names.PRODUCTS))
            product = Product.search([("default_code", "=", code)]) or Product.create({
                "name": base + variant, "default_code": code, "type": "consu",
                "list_price": round(price * factor, 2),
                "standard_price": round(price * factor * cost_ratio, 2),
                "sale_ok": True, "invoice_policy": "order",
            })
            self.products |= product

        calendar = env["resource.calendar"].search([("name", "=", "Around the clock (24/7)")])
        if not calendar:
            calendar = env["resource.calendar"].create({"name": "Around the clock (24/7)"})
            calendar.attendance_ids.unlink()
        Team = env["helpdesk.ticket.team"]
        self.helpdesk_teams = Team
        for name, fr, res in (("Hardware Support 硬件支持", 4, 48),
                              ("Software Support 软件支持", 8, 72),
                              ("Billing 账务", 24, 120)):
            hteam = Team.search([("name", "=", name)]) or Team.create({
                "name": name, "resource_calendar_id": calendar.id, "tz": "UTC",
                "leader_id": self.agents[0].id, "user_ids": [(6, 0, self.agents.ids)],
            })
            self.helpdesk_teams |= hteam
            Policy = env["crm.service.sla.policy"]
            if not Policy.search([("team_id", "=", hteam.id), ("priority", "=", False),
                                  ("tier_name", "=", False)]):
                Policy.create({"name": "%s SLA" % name, "team_id": hteam.id,
                               "first_response_hours": fr, "resolution_hours": res,
                               "at_risk_pct": 80})
        if not env["crm.service.sla.policy"].search([("team_id", "=", False),
                                                     ("priority", "=", "3"),
                                                     ("tier_name", "=", False)]):
            env["crm.service.sla.policy"].create({
                "name": "Very high priority 紧急", "priority": "3",
                "first_response_hours": 1, "resolution_hours": 8, "at_risk_pct": 75})
        Stage = env["helpdesk.ticket.stage"]
        self.stage_done = Stage.search([("closed", "=", True)], order="sequence, id", limit=1)
        self.stages_open = Stage.search([("closed", "=", False)], order="sequence, id")

        Mailing = env["mail.mass_mailing"]
        self.mailings = Mailing
        partner_model = env["ir.model"]._get("res.partner")
        for name in ("Spring Trade Fair 春季展会邀请", "New Product Line 新品发布",
                     "Year-end Promotion 年终促销"):
            mailing = Mailing.search([("name", "=", name)]) or Mailing.create({
                "name": name, "email_from": "marketing@example.com",
                "mailing_model_id": partner_model.id, "mailing_domain": "[]",
                "body_html": "<p>%s</p>" % name, "state": "done",
            })
            self.mailings |= mailing

        self.journal_sale = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        self.journal_bank = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1)
        self.income_account = self.products[0].categ_id.property_account_income_categ_id or \
            self.journal_sale.default_credit_account_id
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        self.picking_type_out = warehouse.out_type_id
        self.location_customers = ref("stock.stock_location_customers")
        self.call_type = ref("mail.mail_activity_data_call")
        self.mt_comment = ref("mail.mt_comment")
        self.mt_note = ref("mail.mt_note")
        self.mt_activities = ref("mail.mt_activities")
        won = env["crm.stage"].search([("probability", "=", 100)], limit=1)
        self.stage_won = won
        self.stages_lead = env["crm.stage"].search([("probability", "<", 100)], order="sequence")
        self.program = env["crm.loyalty.program"].search(
            [("company_id", "=", company.id), ("active", "=", True)], limit=1)

    def _person_names(self):
        out = []
        for n in range(80):
            if n % 2:
                out.append(names.SURNAMES_ZH[(n * 7) % len(names.SURNAMES_ZH)]
                           + names.GIVEN_ZH[(n * 5) % len(names.GIVEN_ZH)])
            else:
                out.append("%s %s" % (names.FIRST_EN[(n * 3) % len(names.FIRST_EN)],
                                      names.LAST_EN[(n * 11) % len(names.LAST_EN)]))
        return out

    # ------------------------------------------------------------------
    # templates
    # ------------------------------------------------------------------
    def templates(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True,
                                    mail_create_nolog=True, mail_notrack=True,
                                    no_mail_to_attendees=True,
                                    mail_auto_subscribe_no_notify=True))
        self.env = env
        product = self.products[0]
        sales = self.salespeople[0]
        t = {}
        t["company"] = self.template("res.partner", lambda e: e["res.partner"].create({
            "name": "T", "is_company": True, "customer": True, "user_id": sales.id}))

        def contact(e):
            parent = e["res.partner"].create({"name": "TP", "is_company": True})
            return e["res.partner"].create({"name": "T", "parent_id": parent.id,
                                            "customer": True, "type": "contact"})
        t["contact"] = self.template("res.partner", contact)
        partner = lambda e: e["res.partner"].create({"name": "TC", "customer": True})  # noqa
        t["lead"] = self.template("crm.lead", lambda e: e["crm.lead"].create({
            "name": "T", "type": "opportunity", "partner_id": partner(e).id,
            "user_id": sales.id, "team_id": self.team.id}))

        def order(e):
            return e["sale.order"].create({
                "partner_id": partner(e).id, "user_id": sales.id, "team_id": self.team.id,
                "pricelist_id": self.pricelists[0].id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1,
                                       "price_unit": 1.0, "name": "T"})]})
        t["order"], t["order_line"] = self.template(
            "sale.order", order, lines=("sale_order_line", "order_id"))

        def invoice(e):
            p = partner(e)
            return e["account.invoice"].create({
                "partner_id": p.id, "type": "out_invoice", "user_id": sales.id,
                "team_id": self.team.id, "journal_id": self.journal_sale.id,
                "account_id": p.property_account_receivable_id.id,
                "currency_id": self.usd.id,
                "invoice_line_ids": [(0, 0, {
                    "product_id": product.id, "name": "T", "quantity": 1, "price_unit": 1.0,
                    "account_id": self.income_account.id, "uom_id": product.uom_id.id})]})
        t["invoice"], t["invoice_line"] = self.template(
            "account.invoice", invoice, lines=("account_invoice_line", "invoice_id"))
        t["payment"] = self.template("account.payment", lambda e: e["account.payment"].create({
            "payment_type": "inbound", "partner_type": "customer", "partner_id": partner(e).id,
            "amount": 1.0, "journal_id": self.journal_bank.id, "currency_id": self.usd.id,
            "payment_method_id": self.env.ref("account.account_payment_method_manual_in").id}))
        t["group"] = self.template("procurement.group", lambda e: e["procurement.group"].create({
            "name": "T", "move_type": "direct"}))
        t["picking"] = self.template("stock.picking", lambda e: e["stock.picking"].create({
            "partner_id": partner(e).id, "picking_type_id": self.picking_type_out.id,
            "location_id": self.picking_type_out.default_location_src_id.id,
            "location_dest_id": self.location_customers.id, "origin": "T"}))
        t["event"] = self.template("calendar.event", lambda e: e["calendar.event"].create({
            "name": "T", "start": "2024-01-01 09:00:00", "stop": "2024-01-01 10:00:00",
            "user_id": sales.id, "partner_ids": [(6, 0, [partner(e).id])]}))
        t["message"] = self.template("mail.message", lambda e: e["mail.message"].create({
            "model": "res.partner", "res_id": partner(e).id, "body": "<p>T</p>",
            "message_type": "email"}))
        t["stat"] = self.template("mail.mail.statistics", lambda e: e["mail.mail.statistics"]
                                  .create({"model": "res.partner", "res_id": partner(e).id,
                                           "mass_mailing_id": self.mailings[0].id,
                                           "sent": "2024-01-01 09:00:00"}))
        t["ticket"] = self.template("helpdesk.ticket", lambda e: e["helpdesk.ticket"].create({
            "name": "T", "description": "<p>T</p>", "partner_id": partner(e).id,
            "team_id": self.helpdesk_teams[0].id, "user_id": self.agents[0].id}))
        t["feedback"] = self.template("crm.service.feedback", lambda e: e[
            "crm.service.feedback"].create({"partner_id": partner(e).id, "state": "requested"}))
        self.tpl = t

    # ------------------------------------------------------------------
    # bulk data (SQL)
    # ------------------------------------------------------------------
    def ts(self, tag, days, i="g.i", power=1.0):
        """A timestamp in the ``days`` days before the anchor (to the second)."""
        return ("date_trunc('second', %s - make_interval(secs => power(%s, %s) * %d * 86400.0))"
                % (self.anchor, self.R(tag, i), power, days))

    def partners(self):
        cfg = self.cfg
        n_company = max(2, int(round(cfg["customers"] * 0.4)))
        n_person = cfg["customers"] - n_company
        users = self.arr(self.salespeople.ids)
        n_users = len(self.salespeople)
        cities = names.CITIES_EN
        company_zh = "%s || %s || %s || '有限公司'" % (
            self.pick(names.CITIES_ZH, "c1"), self.pick(names.WORDS_ZH, "c2"),
            self.pick(names.INDUSTRIES_ZH, "c3"))
        company_en = "%s || ' ' || %s || ' ' || %s" % (
            self.pick(names.WORDS_EN, "c2"), self.pick(names.INDUSTRIES_EN, "c3"),
            self.pick(names.SUFFIXES_EN, "c4"))
        countries = {c.code: c.id for c in self.env["res.country"].search(
            [("code", "in", sorted({c for _n, c in cities}))])}
        self.temp("gen_co", """
            SELECT g.i, nextval('res_partner_id_seq')::int AS id,
                   CASE WHEN g.i = 1 THEN '深圳巨龙电子有限公司 (Dragon Electronics)'
                        WHEN {r_zh} < 0.55 THEN {zh} ELSE {en} END AS name,
                   {r_zh} < 0.55 AS zh,
                   ({users})[1 + (g.i - 1) % {n_users}] AS user_id,
                   1 + floor({r_city} * {n_cities})::int AS city,
                   {created} AS created
              FROM generate_series(1, {n}) g(i) ORDER BY g.i
        """.format(r_zh=self.R("zh"), zh=company_zh, en=company_en, users=users,
                   n_users=n_users, r_city=self.R("city"), n_cities=len(cities),
                   created=self.ts("pc", 400) + " - interval '1100 days'", n=n_company),
            label="companies (driver)")
        person_zh = "%s || %s" % (self.pick(names.SURNAMES_ZH, "s1", "x.k"),
                                  self.pick(names.GIVEN_ZH, "s2", "x.k"))
        person_en = "%s || ' ' || %s" % (self.pick(names.FIRST_EN, "s3", "x.k"),
                                         self.pick(names.LAST_EN, "s4", "x.k"))
        self.temp("gen_ct", """
            SELECT x.*, nextval('res_partner_id_seq')::int AS id,
                   CASE WHEN {r_zh} < 0.6 THEN {zh} ELSE {en} END AS name
              FROM (SELECT c.i * 10 + n AS k, c.i AS ci, n, c.id AS parent_id,
                           c.name AS parent_name, c.user_id, c.city, c.created
                      FROM gen_co c,
                           generate_series(1, CASE WHEN c.i = 1 THEN 4
                               ELSE 1 + floor(pg_temp.rnd('nc', c.i) * 3)::int END) n
                     ORDER BY c.i, n) x
        """.format(r_zh=self.R("pz", "x.k"), zh=person_zh, en=person_en),
            label="contacts (driver)")
        self.temp("gen_pe", """
            SELECT x.*, nextval('res_partner_id_seq')::int AS id,
                   CASE WHEN {r_zh} < 0.55 THEN {zh} ELSE {en} END AS name
              FROM (SELECT g.i + 10000000 AS k, g.i,
                           ({users})[1 + (g.i - 1) % {n_users}] AS user_id,
                           1 + floor(pg_temp.rnd('pcity', g.i) * {n_cities})::int AS city,
                           {created} AS created
                      FROM generate_series(1, {n}) g(i) ORDER BY g.i) x
        """.format(r_zh=self.R("pz", "x.k"), zh=person_zh, en=person_en, users=users,
                   n_users=n_users, n_cities=len(cities),
                   created=self.ts("pp", 400) + " - interval '1100 days'", n=n_person),
            label="individuals (driver)")
        city_names = self.arr([c for c, _x in cities])
        city_countries = self.arr([countries[x] for _c, x in cities])
        common = {
            "active": "true", "customer": "true", "supplier": "false", "employee": "false",
            "company_id": str(self.company.id), "team_id": str(self.team.id),
            "lang": "'en_US'", "type": "'contact'",
            "city": "(%s)[g.city]" % city_names, "country_id": "(%s)[g.city]" % city_countries,
            "user_id": "g.user_id", "create_date": "g.created", "write_date": "g.created",
        }
        self.insert("res_partner", self.tpl["company"], dict(
            common, id="g.id", name="g.name", display_name="g.name",
            commercial_company_name="g.name", is_company="true", parent_id="NULL",
            commercial_partner_id="g.id", ref="'C' || lpad(g.i::text, 6, '0')",
            email="'info@c' || g.i || '.example.com'",
            phone="'+86 21 ' || lpad((g.i::bigint * 7919 % 100000000)::text, 8, '0')",
            street="g.i || ' ' || 'Industrial Road'",
            tz="CASE WHEN g.zh THEN 'Asia/Shanghai' ELSE 'Europe/London' END",
        ), "gen_co g", label="res_partner companies")
        self.insert("res_partner", self.tpl["contact"], dict(
            common, id="g.id", name="g.name", display_name="g.parent_name || ', ' || g.name",
            commercial_company_name="g.parent_name", is_company="false",
            parent_id="g.parent_id", commercial_partner_id="g.parent_id",
            ref="'C' || lpad(g.ci::text, 6, '0') || '-' || g.n",
            email="'contact' || g.n || '@c' || g.ci || '.example.com'",
            function=self.pick(names.JOBS, "job", "g.k"),
            mobile="'+86 139 ' || lpad((g.k::bigint * 104729 % 100000000)::text, 8, '0')",
        ), "gen_ct g", label="res_partner contacts")
        self.insert("res_partner", self.tpl["company"], dict(
            common, id="g.id", name="g.name", display_name="g.name",
            commercial_company_name="NULL", is_company="false", parent_id="NULL",
            commercial_partner_id="g.id", ref="'P' || lpad(g.i::text, 6, '0')",
            email="'person' || g.i || '@mail.example.com'",
            mobile="'+86 138 ' || lpad((g.i::bigint * 15485863 % 100000000)::text, 8, '0')",
        ), "gen_pe g", label="res_partner individuals")
        # every customer partner, shuffled by a hash (k), with its company and salesperson
        self.temp("gp", """
            SELECT row_number() OVER (ORDER BY md5('{seed}/' || id))::int AS k, id, cp,
                   user_id, created FROM (
                SELECT id, id AS cp, user_id, created FROM gen_co
                UNION ALL SELECT id, parent_id, user_id, created FROM gen_ct
                UNION ALL SELECT id, id, user_id, created FROM gen_pe) x
        """.format(seed=self.seed), label="partners (driver)")
        self.q("CREATE INDEX ON gen_co (i)")
        self.q("CREATE INDEX ON gp (k)")
        self.q("CREATE INDEX ON gp (id)")
        self.q("SELECT count(*) FROM gp")
        self.n_partners = self.cr.fetchone()[0]
        self.q("SELECT id FROM gen_co WHERE i = 1")
        self.big_company = self.cr.fetchone()[0]
        self.q("SELECT id FROM gen_ct WHERE ci = 1 ORDER BY n")
        self.big_partners = [self.big_company] + [r[0] for r in self.cr.fetchall()]
        # referrals: 5% of the customers were referred by an older one
        self.q("""
            UPDATE res_partner p SET referred_by_id = r.id
              FROM (SELECT c.id, 1 + floor(pg_temp.rnd('refby', c.i) * (c.i - 1))::int AS ri
                      FROM gen_co c WHERE c.i > 1 AND pg_temp.rnd('ref', c.i) < 0.05
                    UNION ALL
                    SELECT e.id, 1 + floor(pg_temp.rnd('refbyp', e.i)
                                           * (SELECT count(*) FROM gen_co))::int
                      FROM gen_pe e WHERE pg_temp.rnd('refp', e.i) < 0.04) x
              JOIN gen_co r ON r.i = x.ri
             WHERE p.id = x.id
        """, label="referrals")

    def driver(self, name, n, n_big, tag, seq, days=1095, power=1.0, extra=""):
        """Temp table ``name``: one row per document (i, id from ``seq``,
        partner, its company, salesperson, date d); the first ``n_big`` rows
        belong to the big customer and its contacts."""
        big = self.arr(self.big_partners)
        self.temp(name, """
            SELECT x.i, nextval('{seq}')::int AS id, x.partner_id, gp.cp, gp.user_id,
                   GREATEST(x.d, gp.created + interval '1 day') AS d {extra}
              FROM (SELECT y.i, y.d, COALESCE(y.bigp, gk.id) AS partner_id
                      FROM (SELECT g.i,
                                   CASE WHEN g.i <= {n_big} THEN ({big})[1 + g.i % {nb}]
                                        END AS bigp,
                                   1 + floor(power({r_k}, 1.5) * {np})::int AS k,
                                   {d} AS d
                              FROM generate_series(1, {n}) g(i)) y
                      LEFT JOIN gp gk ON gk.k = y.k AND y.bigp IS NULL
                     ORDER BY y.i) x
              JOIN gp ON gp.id = x.partner_id
             ORDER BY x.i
        """.format(seq=seq, n_big=n_big, big=big, nb=len(self.big_partners),
                   r_k=self.R(tag + "k"), np=self.n_partners, n=n,
                   d=self.ts(tag + "d", days, power=power), extra=extra),
            label="%s (driver)" % name)

    def products_table(self):
        rows = []
        for p in self.products:
            rows.append("(%d, %d, %s, %s, %d)" % (
                len(rows) + 1, p.id, self.lit(p.name), repr(float(p.list_price)), p.uom_id.id))
        self.temp("gen_prod", "SELECT * FROM (VALUES %s) v(k, id, name, price, uom)"
                  % ", ".join(rows))

    def orders(self):
        cfg, big = self.cfg, self.cfg["big"]
        rate = EUR_RATE
        self.driver("gen_so", cfg["orders"], big["orders"], "so", "sale_order_id_seq",
                    power=1.1, extra="""
            , CASE WHEN pg_temp.rnd('sost', x.i) < 0.08 THEN 'cancel'
                   WHEN pg_temp.rnd('sost', x.i) < 0.17 THEN 'draft'
                   WHEN pg_temp.rnd('sost', x.i) < 0.24 THEN 'sent'
                   ELSE 'sale' END AS state,
              pg_temp.rnd('soeur', x.i) < 0.2 AS eur,
              1 + floor(pg_temp.rnd('sonl', x.i) * 3)::int AS nlines""")
        self.q("""ALTER TABLE gen_so ADD COLUMN conf timestamp;
                  UPDATE gen_so SET conf = LEAST(d + make_interval(
                      secs => pg_temp.rnd('soconf', i) * 48 * 3600),
                      {anchor} - interval '1 hour') WHERE state = 'sale'""".format(
            anchor=self.anchor))
        self.temp("gen_sol", """
            SELECT x.*, nextval('sale_order_line_id_seq')::int AS id,
                   round((x.qty * x.price)::numeric, 2) AS subtotal
              FROM (SELECT l.k, l.order_id, l.i, l.n, l.state, l.eur, l.partner_id,
                           l.user_id, l.d, p.id AS product_id, p.name, p.uom,
                           (1 + floor(power(pg_temp.rnd('solq', l.k), 2) * 20
                                      * l.spend))::int AS qty,
                           CASE WHEN l.eur THEN round((p.price * {rate})::numeric, 2)
                                ELSE p.price::numeric END AS price
                      FROM (SELECT s.i * 10 + n AS k, s.id AS order_id, s.i, n, s.state,
                                   s.eur, s.partner_id, s.user_id, s.d,
                                   -- each customer's own order size (0.25 to 3 times
                                   -- the base): spend differs between customers
                                   0.25 + 2.75 * power(pg_temp.rnd('sospend', s.cp), 2)
                                       AS spend,
                                   1 + floor(pg_temp.rnd('solp', s.i * 10 + n)
                                             * {n_products})::int AS pk
                              FROM gen_so s, generate_series(1, s.nlines) n) l
                      JOIN gen_prod p ON p.k = l.pk
                     ORDER BY l.i, l.n) x
        """.format(rate=rate, n_products=len(self.products)), label="order lines (driver)")
        self.temp("gen_so_amt", "SELECT order_id, sum(subtotal) AS amount FROM gen_sol "
                  "GROUP BY order_id")
        self.q("CREATE INDEX ON gen_so_amt (order_id)")
        # one procurement group per confirmed order (deliveries link to it)
        self.q("ALTER TABLE gen_so ADD COLUMN group_id int; UPDATE gen_so SET group_id = "
               "nextval('procurement_group_id_seq') WHERE state = 'sale'")
        # sale_id is set once the orders exist (the two tables point at each other)
        self.insert("procurement_group", self.tpl["group"], {
            "id": "g.group_id", "name": self.num("SO", "g.i::text"),
            "partner_id": "g.partner_id", "sale_id": "NULL", "create_date": "g.conf",
            "write_date": "g.conf",
        }, "gen_so g WHERE g.state = 'sale'", label="procurement_group")
        pl_usd, pl_eur = self.pricelists
        self.insert("sale_order", self.tpl["order"], {
            "id": "g.id", "name": self.num("SO", "g.i::text"),
            "partner_id": "g.partner_id", "partner_invoice_id": "g.partner_id",
            "partner_shipping_id": "g.partner_id", "user_id": "g.user_id",
            "team_id": str(self.team.id), "date_order": "g.d", "create_date": "g.d",
            "write_date": "COALESCE(g.conf, g.d + interval '2 hours')",
            "confirmation_date": "g.conf", "state": "g.state",
            "pricelist_id": "CASE WHEN g.eur THEN %d ELSE %d END" % (pl_eur.id, pl_usd.id),
            "amount_untaxed": "a.amount", "amount_tax": "0", "amount_total": "a.amount",
            "invoice_status": "CASE WHEN g.state = 'sale' THEN 'invoiced' ELSE 'no' END",
            "procurement_group_id": "g.group_id",
            "validity_date": "(g.d + interval '30 days')::date",
        }, "gen_so g JOIN gen_so_amt a ON a.order_id = g.id", label="sale_order")
        self.q("UPDATE procurement_group p SET sale_id = g.id FROM gen_so g "
               "WHERE p.id = g.group_id")
        self.insert("sale_order_line", self.tpl["order_line"], {
            "id": "g.id", "order_id": "g.order_id", "name": "g.name", "sequence": "g.n",
            "product_id": "g.product_id", "product_uom": "g.uom",
            "product_uom_qty": "g.qty", "price_unit": "g.price", "discount": "0",
            "price_subtotal": "g.subtotal", "price_total": "g.subtotal", "price_tax": "0",
            "price_reduce": "g.price", "price_reduce_taxinc": "g.price",
            "price_reduce_taxexcl": "g.price",
            "qty_delivered": "CASE WHEN g.state = 'sale' THEN g.qty ELSE 0 END",
            "qty_invoiced": "CASE WHEN g.state = 'sale' THEN g.qty ELSE 0 END",
            "qty_to_invoice": "0", "state": "g.state",
            "invoice_status": "CASE WHEN g.state = 'sale' THEN 'invoiced' ELSE 'no' END",
            "currency_id": "CASE WHEN g.eur THEN %d ELSE %d END" % (self.eur.id, self.usd.id),
            "order_partner_id": "g.partner_id", "salesman_id": "g.user_id",
            "create_date": "g.d", "write_date": "g.d",
        }, "gen_sol g", label="sale_order_line")

    def invoices(self):
        rate = EUR_RATE
        anchor = self.anchor
        self.temp("gen_inv", """
            SELECT x.*, (x.date_invoice + 30) AS date_due,
                   pg_temp.rnd('invpaid', x.i) < CASE
                       WHEN x.date_invoice + 30 < {anchor}::date THEN 0.94 ELSE 0.4 END AS paid
              FROM (SELECT s.i, s.id AS order_id, s.partner_id, s.cp, s.user_id, s.eur,
                           s.group_id, s.conf,
                           nextval('account_invoice_id_seq')::int AS id,
                           LEAST((s.conf + make_interval(
                               days => floor(pg_temp.rnd('invd', s.i) * 6)::int))::date,
                               ({anchor} - interval '1 day')::date) AS date_invoice,
                           a.amount,
                           CASE WHEN s.eur THEN round(a.amount / {rate}, 2)
                                ELSE a.amount END AS amount_company
                      FROM gen_so s JOIN gen_so_amt a ON a.order_id = s.id
                     WHERE s.state = 'sale' ORDER BY s.i) x
        """.format(anchor=anchor, rate=rate), label="invoices (driver)")
        cur = "CASE WHEN g.eur THEN %d ELSE %d END" % (self.eur.id, self.usd.id)
        self.insert("account_invoice", self.tpl["invoice"], {
            "id": "g.id", "number": self.num("INV/", "g.i::text"),
            "move_name": self.num("INV/", "g.i::text"),
            "origin": self.num("SO", "g.i::text"), "type": "'out_invoice'",
            "state": "CASE WHEN g.paid THEN 'paid' ELSE 'open' END",
            "date_invoice": "g.date_invoice", "date": "g.date_invoice",
            "date_due": "g.date_due", "partner_id": "g.partner_id",
            "commercial_partner_id": "g.cp", "user_id": "g.user_id",
            "team_id": str(self.team.id), "currency_id": cur,
            "journal_id": str(self.journal_sale.id),
            "amount_untaxed": "g.amount", "amount_tax": "0", "amount_total": "g.amount",
            "amount_untaxed_signed": "g.amount_company",
            "amount_total_signed": "g.amount",
            "amount_total_company_signed": "g.amount_company",
            "residual": "CASE WHEN g.paid THEN 0 ELSE g.amount END",
            "residual_signed": "CASE WHEN g.paid THEN 0 ELSE g.amount END",
            "residual_company_signed": "CASE WHEN g.paid THEN 0 ELSE g.amount_company END",
            "reconciled": "g.paid", "sent": "true",
            "create_date": "g.date_invoice::timestamp + interval '9 hours'",
            "write_date": "g.date_invoice::timestamp + interval '9 hours'",
        }, "gen_inv g", label="account_invoice")
        self.temp("gen_invl", """
            SELECT l.*, i.id AS invoice_id, i.cp,
                   nextval('account_invoice_line_id_seq')::int AS line_id,
                   CASE WHEN i.eur THEN round(l.subtotal / {rate}, 2) ELSE l.subtotal END
                       AS subtotal_company,
                   i.date_invoice
              FROM gen_sol l JOIN gen_inv i ON i.order_id = l.order_id ORDER BY l.k
        """.format(rate=rate), label="invoice lines (driver)")
        line = {
            "name": "g.name", "sequence": "g.n", "product_id": "g.product_id",
            "uom_id": "g.uom", "account_id": str(self.income_account.id),
            "price_unit": "g.price", "quantity": "g.qty", "discount": "0",
            "partner_id": "g.cp", "currency_id": cur,
            "create_date": "g.date_invoice::timestamp + interval '9 hours'",
            "write_date": "g.date_invoice::timestamp + interval '9 hours'",
        }
        self.insert("account_invoice_line", self.tpl["invoice_line"], dict(
            line, id="g.line_id", invoice_id="g.invoice_id",
            origin=self.num("SO", "g.i::text"),
            price_subtotal="g.subtotal", price_total="g.subtotal",
            price_subtotal_signed="g.subtotal_company",
        ), "gen_invl g", label="account_invoice_line")
        self.q("INSERT INTO sale_order_line_invoice_rel (invoice_line_id, order_line_id) "
               "SELECT line_id, id FROM gen_invl", label="invoice/order line links")

        # credit notes: 5% of the paid invoices, one unit of their first line
        self.temp("gen_ref", """
            SELECT x.*, nextval('account_invoice_id_seq')::int AS rid,
                   nextval('account_invoice_line_id_seq')::int AS rline_id,
                   round((x.price)::numeric, 2) AS amount,
                   CASE WHEN x.eur THEN round(x.price / {rate}, 2) ELSE x.price END
                       AS amount_company
              FROM (SELECT DISTINCT ON (i.id) i.i, i.id AS invoice_id, i.partner_id, i.cp,
                           i.user_id, i.eur,
                           LEAST(i.date_invoice + 5 + floor(pg_temp.rnd('refd', i.i) * 40)::int,
                                 ({anchor} - interval '1 day')::date) AS date_invoice,
                           l.product_id, l.name, l.uom, l.price, l.n
                      FROM gen_inv i JOIN gen_invl l ON l.invoice_id = i.id
                     WHERE i.paid AND pg_temp.rnd('ref', i.i) < 0.05
                     ORDER BY i.id, l.n) x
             ORDER BY x.i
        """.format(rate=rate, anchor=anchor), label="refunds (driver)")
        self.insert("account_invoice", self.tpl["invoice"], {
            "id": "g.rid", "number": self.num("RINV/", "g.i::text"),
            "move_name": self.num("RINV/", "g.i::text"),
            "origin": self.num("INV/", "g.i::text"), "type": "'out_refund'",
            "refund_invoice_id": "g.invoice_id", "name": "'Damaged item 货物损坏'",
            "state": "'paid'", "date_invoice": "g.date_invoice", "date": "g.date_invoice",
            "date_due": "g.date_invoice", "partner_id": "g.partner_id",
            "commercial_partner_id": "g.cp", "user_id": "g.user_id",
            "team_id": str(self.team.id), "currency_id": cur,
            "journal_id": str(self.journal_sale.id),
            "amount_untaxed": "g.amount", "amount_tax": "0", "amount_total": "g.amount",
            "amount_untaxed_signed": "-g.amount_company",
            "amount_total_signed": "-g.amount",
            "amount_total_company_signed": "-g.amount_company",
            "residual": "0", "residual_signed": "0", "residual_company_signed": "0",
            "reconciled": "true", "sent": "true",
            "create_date": "g.date_invoice::timestamp + interval '10 hours'",
            "write_date": "g.date_invoice::timestamp + interval '10 hours'",
        }, "gen_ref g", label="account_invoice refunds")
        self.insert("account_invoice_line", self.tpl["invoice_line"], dict(
            line, id="g.rline_id", invoice_id="g.rid", sequence="1", quantity="1",
            origin=self.num("INV/", "g.i::text"),
            price_subtotal="g.amount", price_total="g.amount",
            price_subtotal_signed="-g.amount_company",
        ), "gen_ref g", label="account_invoice_line refunds")

        # payments of the paid invoices
        self.temp("gen_pay", """
            SELECT i.*, nextval('account_payment_id_seq')::int AS pid,
                   LEAST(i.date_invoice + floor(pg_temp.rnd('payd', i.i) * 35)::int,
                         ({anchor} - interval '1 day')::date) AS payment_date
              FROM gen_inv i WHERE i.paid ORDER BY i.i
        """.format(anchor=anchor), label="payments (driver)")
        self.insert("account_payment", self.tpl["payment"], {
            "id": "g.pid", "name": self.num("CUST.IN/", "g.i::text"),
            "move_name": self.num("CUST.IN/", "g.i::text"),
            "payment_type": "'inbound'", "partner_type": "'customer'",
            "partner_id": "g.cp", "amount": "g.amount", "currency_id": cur,
            "payment_date": "g.payment_date", "state": "'reconciled'",
            "communication": self.num("INV/", "g.i::text"),
            "journal_id": str(self.journal_bank.id),
            "create_date": "g.payment_date::timestamp + interval '11 hours'",
            "write_date": "g.payment_date::timestamp + interval '11 hours'",
        }, "gen_pay g", label="account_payment")
        self.q("INSERT INTO account_invoice_payment_rel (payment_id, invoice_id) "
               "SELECT pid, id FROM gen_pay", label="invoice/payment links")

    def deliveries(self):
        out = self.picking_type_out
        self.temp("gen_pick", """
            SELECT s.*, nextval('stock_picking_id_seq')::int AS pid,
                   s.conf + make_interval(secs => (1 + pg_temp.rnd('pickd', s.i) * 5)
                                                  * 86400) AS done
              FROM gen_so s WHERE s.state = 'sale' ORDER BY s.i
        """, label="deliveries (driver)")
        done = "g.done < %s" % self.anchor
        self.insert("stock_picking", self.tpl["picking"], {
            "id": "g.pid", "name": self.num("WH/OUT/", "g.i::text"),
            "origin": self.num("SO", "g.i::text"), "partner_id": "g.partner_id",
            "picking_type_id": str(out.id), "location_id": str(out.default_location_src_id.id),
            "location_dest_id": str(self.location_customers.id), "group_id": "g.group_id",
            "sale_id": "g.id", "move_type": "'direct'",
            "state": "CASE WHEN %s THEN 'done' ELSE 'assigned' END" % done,
            "date": "g.conf", "scheduled_date": "g.conf + interval '2 days'",
            "date_done": "CASE WHEN %s THEN g.done END" % done,
            "create_date": "g.conf", "write_date": "LEAST(g.done, %s)" % self.anchor,
        }, "gen_pick g", label="stock_picking")

    def leads(self):
        cfg, big = self.cfg, self.cfg["big"]
        self.driver("gen_lead", cfg["leads"], big["leads"], "ld", "crm_lead_id_seq", extra="""
            , CASE WHEN pg_temp.rnd('ldo', x.i) < 0.3 THEN 'won'
                   WHEN pg_temp.rnd('ldo', x.i) < 0.5 THEN 'lost' ELSE 'open' END AS outcome,
              round((1000 + power(pg_temp.rnd('ldr', x.i), 2) * 60000)::numeric, -2) AS revenue
        """)
        self.q("""ALTER TABLE gen_lead ADD COLUMN closed timestamp;
                  UPDATE gen_lead SET closed = GREATEST(d, LEAST(d + make_interval(
                      days => 5 + floor(pg_temp.rnd('ldc', i) * 85)::int),
                      {anchor} - interval '2 hours')) WHERE outcome <> 'open'
               """.format(anchor=self.anchor))
        stages = self.stages_lead
        stage_ids = self.arr(stages.ids)
        stage_prob = self.arr([s.probability for s in stages])
        pick = "1 + floor(pg_temp.rnd('lds', g.i) * %d)::int" % len(stages)
        self.insert("crm_lead", self.tpl["lead"], {
            "id": "g.id", "name": self.pick(names.LEADS, "ldn") + " || ' - ' || p.name",
            "type": "'opportunity'", "partner_id": "g.partner_id", "partner_name": "p.name",
            "email_from": "p.email", "user_id": "g.user_id", "team_id": str(self.team.id),
            "stage_id": "CASE WHEN g.outcome = 'won' THEN %d ELSE (%s)[%s] END" % (
                self.stage_won.id, stage_ids, pick),
            "probability": "CASE g.outcome WHEN 'won' THEN 100 WHEN 'lost' THEN 0 "
                           "ELSE (%s)[%s] END" % (stage_prob, pick),
            "active": "g.outcome <> 'lost'", "planned_revenue": "g.revenue",
            "date_open": "g.d", "create_date": "g.d", "date_closed": "g.closed",
            "date_last_stage_update": "COALESCE(g.closed, g.d)",
            "write_date": "COALESCE(g.closed, g.d)",
            "date_deadline": "(g.d + interval '60 days')::date",
            "company_id": str(self.company.id),
        }, "gen_lead g JOIN res_partner p ON p.id = g.partner_id", label="crm_lead")

    def meetings(self):
        cfg, big = self.cfg, self.cfg["big"]
        self.driver("gen_ev", cfg["meetings"], big["meetings"], "ev", "calendar_event_id_seq")
        start = ("(date_trunc('day', g.d) + make_interval(hours => 1 + floor("
                 "pg_temp.rnd('evh', g.i) * 9)::int))")
        self.insert("calendar_event", self.tpl["event"], {
            "id": "g.id", "name": self.pick(names.MEETINGS, "evn") + " || ' - ' || p.name",
            "start": start, "stop": start + " + interval '1 hour'",
            "start_datetime": start, "stop_datetime": start + " + interval '1 hour'",
            "display_start": "to_char(%s, 'YYYY-MM-DD HH24:MI:SS')" % start,
            "duration": "1", "allday": "false", "user_id": "g.user_id",
            "create_date": "g.d - interval '3 days'", "write_date": "g.d - interval '3 days'",
        }, "gen_ev g JOIN res_partner p ON p.id = g.partner_id", label="calendar_event")
        self.q("""INSERT INTO calendar_event_res_partner_rel (calendar_event_id, res_partner_id)
                  SELECT g.id, g.partner_id FROM gen_ev g
                  UNION ALL
                  SELECT g.id, u.partner_id FROM gen_ev g JOIN res_users u ON u.id = g.user_id
               """, label="meeting attendees")

    def messages(self):
        cfg, big = self.cfg, self.cfg["big"]
        self.driver("gen_msg", cfg["messages"], big["messages"], "msg", "mail_message_id_seq",
                    power=0.9, extra=", pg_temp.rnd('msgk', x.i) AS kind")
        self._insert_messages("gen_msg", "'res.partner'", "g.partner_id", "p.display_name")

    def _insert_messages(self, table, model, res_id, record_name, kind="g.kind",
                         author_user="g.user_id", date="g.d"):
        """Messages: kind < .4 email in; < .7 message out; < .9 note; else call."""
        email_in = "%s < 0.4" % kind
        out_author = "(SELECT partner_id FROM res_users WHERE id = %s)" % author_user
        self.insert("mail_message", self.tpl["message"], {
            "id": "g.id", "model": model, "res_id": res_id, "record_name": record_name,
            "date": date, "create_date": date, "write_date": date,
            "author_id": "CASE WHEN %s THEN g.partner_id ELSE %s END" % (email_in, out_author),
            "email_from": "CASE WHEN %s THEN p.email ELSE '\"Sales\" <sales@example.com>' END"
                          % email_in,
            "message_type": "CASE WHEN %s THEN 'email' ELSE 'comment' END" % email_in,
            "subtype_id": "CASE WHEN %s < 0.7 THEN %d WHEN %s < 0.9 THEN %d ELSE %d END" % (
                kind, self.mt_comment.id, kind, self.mt_note.id, self.mt_activities.id),
            "mail_activity_type_id": "CASE WHEN %s >= 0.9 THEN %d END" % (
                kind, self.call_type.id),
            "body": "CASE WHEN %s THEN %s WHEN %s < 0.7 THEN %s WHEN %s < 0.9 THEN %s "
                    "ELSE %s END" % (
                        email_in, self.pick(names.EMAIL_IN, "mb1"), kind,
                        self.pick(names.EMAIL_OUT, "mb2"), kind, self.pick(names.NOTES, "mb3"),
                        self.pick(names.CALLS, "mb4")),
            "subject": "CASE WHEN %s THEN 'Re: ' || p.name END" % email_in,
            "message_id": "'<perf.' || g.id || '@example.com>'",
            "reply_to": "NULL",
        }, "%s g JOIN res_partner p ON p.id = g.partner_id" % table,
            label="mail_message %s" % table)

    def mailings_sent(self):
        cfg, big = self.cfg, self.cfg["big"]
        self.driver("gen_stat", cfg["mailing"], big["mailing"], "ms",
                    "mail_mail_statistics_id_seq", days=700)
        mailings = self.arr(self.mailings.ids)
        opened = "pg_temp.rnd('mso', g.i) < 0.3"
        self.insert("mail_mail_statistics", self.tpl["stat"], {
            "id": "g.id", "model": "'res.partner'", "res_id": "g.partner_id",
            "mass_mailing_id": "(%s)[1 + g.i %% %d]" % (mailings, len(self.mailings)),
            "message_id": "'<perf.ms.' || g.id || '@example.com>'",
            "scheduled": "g.d - interval '5 minutes'", "sent": "g.d",
            "opened": "CASE WHEN %s THEN g.d + interval '3 hours' END" % opened,
            "state": "CASE WHEN %s THEN 'opened' ELSE 'sent' END" % opened,
            "state_update": "CASE WHEN %s THEN g.d + interval '3 hours' ELSE g.d END" % opened,
            "mail_mail_id": "NULL", "mail_mail_id_int": "NULL",
            "create_date": "g.d", "write_date": "g.d",
        }, "gen_stat g", label="mail_mail_statistics")

    def tickets(self):
        cfg, big = self.cfg, self.cfg["big"]
        agents = self.arr(self.agents.ids)
        teams = self.arr(self.helpdesk_teams.ids)
        anchor = self.anchor
        self.driver("gen_tk", cfg["tickets"], big["tickets"], "tk", "helpdesk_ticket_id_seq",
                    days=800, power=1.2, extra="""
            , CASE WHEN pg_temp.rnd('tkp', x.i) < 0.3 THEN '0'
                   WHEN pg_temp.rnd('tkp', x.i) < 0.75 THEN '1'
                   WHEN pg_temp.rnd('tkp', x.i) < 0.95 THEN '2' ELSE '3' END AS priority,
              ({agents})[1 + x.i % {na}] AS agent,
              ({teams})[1 + floor(pg_temp.rnd('tkt', x.i) * {nt})::int] AS team
        """.format(agents=agents, na=len(self.agents), teams=teams,
                   nt=len(self.helpdesk_teams)))
        self.q("""
            ALTER TABLE gen_tk ADD COLUMN closed_date timestamp,
                               ADD COLUMN first_response timestamp;
            UPDATE gen_tk SET
                first_response = CASE WHEN pg_temp.rnd('tkfr', i) < 0.97 THEN d + make_interval(
                    secs => power(pg_temp.rnd('tkfrh', i), 2) * 30 * 3600) END,
                closed_date = CASE WHEN pg_temp.rnd('tkc', i) < CASE
                    WHEN d < {anchor} - interval '10 days' THEN 0.96 ELSE 0.35 END
                    THEN d + make_interval(secs => (2 + power(pg_temp.rnd('tkch', i), 2) * 160)
                                                   * 3600) END;
            UPDATE gen_tk SET first_response = NULL WHERE first_response >= {anchor};
            UPDATE gen_tk SET closed_date = NULL WHERE closed_date >= {anchor};
            UPDATE gen_tk SET first_response = LEAST(first_response, closed_date)
             WHERE closed_date IS NOT NULL;
        """.format(anchor=anchor))
        open_stages = self.arr(self.stages_open.ids)
        self.insert("helpdesk_ticket", self.tpl["ticket"], {
            "id": "g.id", "number": self.num("HT", "g.i::text"),
            "name": self.pick(names.TICKETS, "tkn"),
            "description": "'<p>' || %s || '</p>'" % self.pick(names.TICKETS, "tkn"),
            "partner_id": "g.partner_id", "partner_name": "p.name", "partner_email": "p.email",
            "user_id": "g.agent", "team_id": "g.team", "priority": "g.priority",
            "stage_id": "CASE WHEN g.closed_date IS NOT NULL THEN %d ELSE (%s)[1 + floor("
                        "pg_temp.rnd('tks', g.i) * %d)::int] END" % (
                            self.stage_done.id, open_stages, len(self.stages_open)),
            "create_date": "g.d", "write_date": "COALESCE(g.closed_date, g.d)",
            "assigned_date": "g.d", "last_stage_update": "COALESCE(g.closed_date, g.d)",
            "closed_date": "g.closed_date", "sla_start_date": "g.d",
            "first_response_date": "g.first_response",
            "reopen_count": "CASE WHEN g.closed_date IS NOT NULL AND "
                            "pg_temp.rnd('tkro', g.i) < 0.04 THEN 1 ELSE 0 END",
            "company_id": str(self.company.id), "sla_paused_hours": "0",
            "sla_paused_since": "NULL", "sla_policy_id": "NULL", "sla_status": "NULL",
            "sla_risk_notified": "false", "sla_breach_notified": "false",
            "first_response_deadline": "NULL", "first_response_risk_date": "NULL",
            "resolution_deadline": "NULL", "resolution_risk_date": "NULL",
            "first_response_hours": "NULL", "resolution_hours": "NULL",
        }, "gen_tk g JOIN res_partner p ON p.id = g.partner_id", label="helpdesk_ticket")
        # the customer's email opening the ticket and the agent's first answer
        self.temp("gen_tkm", """
            SELECT t.i * 2 AS i, nextval('mail_message_id_seq')::int AS id, t.id AS ticket_id,
                   t.partner_id, t.agent AS user_id, t.d, 0.0::float8 AS kind
              FROM gen_tk t
            UNION ALL
            SELECT t.i * 2 + 1, nextval('mail_message_id_seq')::int, t.id, t.partner_id,
                   t.agent, t.first_response, 0.5::float8
              FROM gen_tk t WHERE t.first_response IS NOT NULL
        """, label="ticket messages (driver)")
        self._insert_messages("gen_tkm", "'helpdesk.ticket'", "g.ticket_id",
                              self.num("HT", "(g.i / 2)::text"))
        self.sla()
        self.ticket_causes()
        self.next_replies()

    # share of each cause among solved tickets (issue 16: user errors and
    # how-to questions are the avoidable ones)
    CAUSE_SHARES = (("user_error", 0.22), ("how_to", 0.18), ("product_defect", 0.30),
                    ("delivery", 0.12), ("billing", 0.10), ("other", 0.08))

    def ticket_causes(self):
        """A cause on every solved generated ticket (required to solve one),
        drawn with CAUSE_SHARES; cause_kind is the stored related kind."""
        causes = self.env["crm.service.ticket.cause"].search(
            ["|", ("company_id", "=", False), ("company_id", "=", self.company.id)],
            order="sequence, id")
        by_kind = {}
        for rec in causes:
            by_kind.setdefault(rec.kind, rec.id)
        drawn = [(kind, share) for kind, share in self.CAUSE_SHARES if kind in by_kind]
        if not drawn:
            return
        cases, bound = [], 0.0
        for kind, share in drawn[:-1]:
            bound += share / sum(sh for _k, sh in drawn)
            cases.append("WHEN pg_temp.rnd('tkcs', g.i) < %.4f THEN %d" % (bound, by_kind[kind]))
        self.q("""
            UPDATE helpdesk_ticket h SET cause_id = c.id, cause_kind = c.kind
              FROM gen_tk g
              JOIN crm_service_ticket_cause c ON c.id = (CASE {cases} ELSE {last} END)
             WHERE h.id = g.id AND g.closed_date IS NOT NULL
        """.format(cases=" ".join(cases), last=by_kind[drawn[-1][0]]), label="ticket causes")

    def next_replies(self):
        """Next-reply SLA figures (rules/sla.py, 24/7 calendar, no pause):
        tickets with a first response had 0-3 later customer messages
        answered, about 85 % of them in time; a quarter of the open ones
        have a customer message waiting on us since up to two days before
        --today, its deadline the policy's next-reply target after it, its
        state at --today (notified flags set as for the other SLA targets:
        the generated past was handled)."""
        self.q("""
            UPDATE helpdesk_ticket h SET
                next_reply_answered_count = floor(pg_temp.rnd('nra', g.i) * 4)::int,
                next_reply_met_count = GREATEST(0, floor(pg_temp.rnd('nra', g.i) * 4)::int
                    - CASE WHEN pg_temp.rnd('nrm', g.i) < 0.15 THEN 1 ELSE 0 END)
              FROM gen_tk g WHERE h.id = g.id AND g.first_response IS NOT NULL
        """, label="next replies answered")
        self.temp("gen_tknr", """
            SELECT g.i, nextval('mail_message_id_seq')::int AS id, g.id AS ticket_id,
                   g.partner_id, g.agent AS user_id, 0.0::float8 AS kind,
                   GREATEST(g.first_response + interval '1 minute',
                            {anchor} - make_interval(secs => pg_temp.rnd('nrs', g.i) * 48 * 3600)
                   ) AS d
              FROM gen_tk g
              JOIN helpdesk_ticket h ON h.id = g.id
              JOIN helpdesk_ticket_stage s ON s.id = h.stage_id
              JOIN crm_service_sla_policy p ON p.id = h.sla_policy_id
             WHERE g.closed_date IS NULL AND g.first_response IS NOT NULL
               AND NOT COALESCE(s.waiting_customer, FALSE)
               AND COALESCE(p.next_reply_hours, 0) > 0
               AND pg_temp.rnd('nrw', g.i) < 0.25
        """.format(anchor=self.anchor), label="next replies waiting (driver)")
        self.q("DELETE FROM gen_tknr WHERE d >= %s" % self.anchor)
        self._insert_messages("gen_tknr", "'helpdesk.ticket'", "g.ticket_id",
                              self.num("HT", "g.i::text"))
        self.q("""
            WITH w AS (
                SELECT n.ticket_id, n.id AS message_id, n.d AS start,
                       n.d + make_interval(secs => p.next_reply_hours * 3600) AS deadline,
                       n.d + make_interval(secs => p.next_reply_hours * p.at_risk_pct / 100.0
                                           * 3600) AS risk
                  FROM gen_tknr n
                  JOIN helpdesk_ticket h ON h.id = n.ticket_id
                  JOIN crm_service_sla_policy p ON p.id = h.sla_policy_id)
            UPDATE helpdesk_ticket h SET
                next_reply_start = w.start, next_reply_message_id = w.message_id,
                next_reply_paused_hours = 0, next_reply_deadline = w.deadline,
                next_reply_risk_date = w.risk,
                next_reply_state = CASE WHEN {anchor} > w.deadline THEN 'breached'
                                        WHEN {anchor} >= w.risk THEN 'at_risk'
                                        ELSE 'on_track' END,
                next_reply_risk_notified = {anchor} >= w.risk,
                next_reply_breach_notified = {anchor} > w.deadline
              FROM w WHERE h.id = w.ticket_id
        """.format(anchor=self.anchor), label="next replies waiting")

    def sla(self):
        """SLA fields of the generated tickets, as sla.py computes them for a
        team calendar without attendances (24/7, UTC) and no pause."""
        self.q("""
            WITH pol AS (
                SELECT t.id, p.id AS policy_id, p.first_response_hours AS frh,
                       p.resolution_hours AS rh, p.at_risk_pct AS risk
                  FROM gen_tk t
                  JOIN LATERAL (
                      SELECT p.* FROM crm_service_sla_policy p
                       WHERE p.active AND p.company_id = {company}
                         AND (p.team_id IS NULL OR p.team_id = t.team)
                         AND (p.priority IS NULL OR p.priority = t.priority)
                         AND p.tier_name IS NULL
                       ORDER BY ((CASE WHEN p.priority IS NOT NULL THEN 2 ELSE 0 END)
                                 + (CASE WHEN p.team_id IS NOT NULL THEN 1 ELSE 0 END)) DESC,
                                p.sequence, p.id
                       LIMIT 1) p ON true
            )
            UPDATE helpdesk_ticket h SET
                sla_policy_id = pol.policy_id,
                first_response_deadline = h.sla_start_date + make_interval(secs => pol.frh * 3600),
                first_response_risk_date = h.sla_start_date
                    + make_interval(secs => pol.frh * pol.risk / 100.0 * 3600),
                resolution_deadline = h.sla_start_date + make_interval(secs => pol.rh * 3600),
                resolution_risk_date = h.sla_start_date
                    + make_interval(secs => pol.rh * pol.risk / 100.0 * 3600)
              FROM pol WHERE h.id = pol.id
        """.format(company=self.company.id), label="SLA deadlines")
        # status: see sla.ticket_status / target_status (closed tickets count
        # their closing as first response when there was none)
        self.q("""
            WITH s AS (
                SELECT h.id,
                       CASE WHEN COALESCE(h.first_response_date, h.closed_date) IS NOT NULL
                            THEN CASE WHEN COALESCE(h.first_response_date, h.closed_date)
                                           <= h.first_response_deadline
                                      THEN 'met' ELSE 'breached' END
                            WHEN now() AT TIME ZONE 'UTC' > h.first_response_deadline THEN 'breached'
                            WHEN now() AT TIME ZONE 'UTC' >= h.first_response_risk_date THEN 'at_risk'
                            ELSE 'on_track' END AS fr,
                       CASE WHEN h.closed_date IS NOT NULL
                            THEN CASE WHEN h.closed_date <= h.resolution_deadline
                                      THEN 'met' ELSE 'breached' END
                            WHEN now() AT TIME ZONE 'UTC' > h.resolution_deadline THEN 'breached'
                            WHEN now() AT TIME ZONE 'UTC' >= h.resolution_risk_date THEN 'at_risk'
                            ELSE 'on_track' END AS res
                  FROM helpdesk_ticket h JOIN gen_tk g ON g.id = h.id
                 WHERE h.sla_policy_id IS NOT NULL
            )
            UPDATE helpdesk_ticket h SET sla_status = CASE
                    WHEN 'breached' IN (s.fr, s.res) THEN 'breached'
                    WHEN s.fr = 'met' AND s.res = 'met' THEN 'met'
                    WHEN 'at_risk' IN (s.fr, s.res) THEN 'at_risk' ELSE 'on_track' END,
                sla_risk_notified = 'at_risk' IN (s.fr, s.res),
                sla_breach_notified = 'breached' IN (s.fr, s.res)
              FROM s WHERE h.id = s.id
        """, label="SLA status")
        self.q("""
            UPDATE helpdesk_ticket h SET
                first_response_hours = CASE WHEN h.first_response_date IS NOT NULL THEN
                    round((EXTRACT(EPOCH FROM h.first_response_date - h.sla_start_date)
                           / 3600.0)::numeric, 4) ELSE NULL END,
                resolution_hours = CASE WHEN h.closed_date IS NOT NULL THEN
                    round((EXTRACT(EPOCH FROM h.closed_date - h.sla_start_date)
                           / 3600.0)::numeric, 4) ELSE NULL END
              FROM gen_tk g WHERE g.id = h.id
        """, label="ticket working hours")

    def feedback(self):
        n = self.cfg["feedback"]
        anchor = self.anchor
        self.temp("gen_fb", """
            SELECT x.*, nextval('crm_service_feedback_id_seq')::int AS fid,
                   pg_temp.rnd('fba', x.i) < 0.75 AS answered,
                   LEAST(5, 1 + floor(power(pg_temp.rnd('fbc', x.i), 0.55) * 5))::int AS csat
              FROM (SELECT t.i, t.id AS ticket_id, t.partner_id, t.agent, t.team,
                           t.closed_date + interval '1 hour' AS request_date
                      FROM gen_tk t WHERE t.closed_date IS NOT NULL
                       AND t.closed_date < {anchor} - interval '1 hour'
                     ORDER BY pg_temp.rnd('fbpick', t.i), t.i LIMIT {n}) x
             ORDER BY x.i
        """.format(anchor=anchor, n=n), label="feedback (driver)")
        nps = "LEAST(10, GREATEST(0, g.csat * 2 + floor(pg_temp.rnd('fbn', g.i) * 3)::int - 1))"
        answered_date = ("LEAST(g.request_date + make_interval(secs => (0.1 + pg_temp.rnd("
                         "'fbad', g.i) * 72) * 3600), %s - interval '1 minute')" % anchor)
        self.insert("crm_service_feedback", self.tpl["feedback"], {
            "id": "g.fid", "ticket_id": "g.ticket_id", "partner_id": "g.partner_id",
            "user_id": "g.agent", "team_id": "g.team", "company_id": str(self.company.id),
            "state": "CASE WHEN g.answered THEN 'answered' ELSE 'requested' END",
            "csat": "CASE WHEN g.answered THEN g.csat END",
            "nps": "CASE WHEN g.answered THEN %s END" % nps,
            "comment": "CASE WHEN g.answered THEN %s END" % self.pick(names.COMMENTS, "fbt"),
            "is_detractor": "g.answered AND (%s <= 6 OR g.csat <= 2)" % nps,
            "access_token": RANDOM_TOKEN_SQL,
            "request_date": "g.request_date",
            "expiry_date": "g.request_date + interval '30 days'",
            "answered_date": "CASE WHEN g.answered THEN %s END" % answered_date,
            "create_date": "g.request_date",
            "write_date": "CASE WHEN g.answered THEN %s ELSE g.request_date END"
                          % answered_date,
        }, "gen_fb g", label="crm_service_feedback")

    # ------------------------------------------------------------------
    def run(self):
        t0 = time.time()
        self.setup_functions()
        self.master_data()
        self.templates()
        # Master data is committed before the bulk inserts: the templates'
        # savepoints would otherwise make every foreign-key check of the bulk
        # rows lock parent rows through MultiXacts (minutes instead of seconds).
        # Master data is searched before it is created, so a rerun reuses it.
        self.cr.commit()
        if self.fast:
            # Skip the foreign-key triggers of the bulk inserts (about 2/3 of
            # their time): every key is taken from rows that exist; the
            # consistency checker verifies the relations afterwards.
            self.q("SET session_replication_role = replica")
        self.setup_functions()
        # first id of each bulk table in this batch: the checker looks at the
        # generated rows only (a database may also hold Odoo's demo data)
        self.first_ids = {}
        for table in BULK_TABLES:
            self.q("SELECT last_value, is_called FROM %s_id_seq" % table)
            last, called = self.cr.fetchone()
            self.first_ids[table] = last + 1 if called else last
        self.products_table()
        for step in (self.partners, self.orders, self.invoices, self.deliveries, self.leads,
                     self.meetings, self.messages, self.mailings_sent, self.tickets,
                     self.feedback):
            step()
        self.q("SELECT count(*) FROM gen_co")
        self.counts["companies"] = self.cr.fetchone()[0]
        self.counts["customers"] = self.cfg["customers"]
        self.counts["big_customer_id"] = self.big_company
        _logger.info("bulk data written in %.0fs", time.time() - t0)
        return self.counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--today", default=None,
                        help="anchor date YYYY-MM-DD (default: today, UTC); every generated "
                        "date is before it")
    parser.add_argument("--force", action="store_true",
                        help="run even if the database was already generated (adds a batch)")
    parser.add_argument("--fast", action="store_true",
                        help="skip foreign-key checks during the bulk inserts (needs a "
                        "PostgreSQL superuser; about twice as fast at the bench scale)")
    parser.add_argument("--dry-run", action="store_true",
                        help="generate, report the counts and roll everything back")
    parser.add_argument("--skip-loyalty", action="store_true",
                        help="do not run the loyalty assessment at the end")
    args = parser.parse_args(argv)
    today = datetime.datetime.strptime(args.today, "%Y-%m-%d").date() if args.today \
        else datetime.datetime.utcnow().date()
    odoo = odoo_env.configure(args.db)
    logging.getLogger("generate_data").setLevel(logging.INFO)
    registry = odoo.registry(args.db)
    t0 = time.time()
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "UTC"})
        done = env["ir.config_parameter"].sudo().get_param(MARKER)
        if done and not args.force:
            sys.stderr.write(
                "Database %s was already generated (%s). Use --force to add another batch.\n"
                % (args.db, done))
            return 2
        if "crm.loyalty.program" not in env or "helpdesk.ticket" not in env \
                or "mail.mass_mailing" not in env or "stock.picking" not in env:
            sys.stderr.write("Install l10n_generic_coa, sale_stock, mass_mailing, "
                             "crm_customer360, crm_loyalty and crm_service_kpi first.\n")
            return 3
        previous = json.loads(done) if done else None
        batches = (previous.get("batches") or [previous]) if previous else []
        fast = args.fast
        if fast:
            cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if not cr.fetchone()[0]:
                _logger.warning("--fast needs a PostgreSQL superuser: foreign keys stay checked")
                fast = False
        gen = Generator(env, args.scale, args.seed, today, batch=len(batches) + 1, fast=fast)
        counts = gen.run()
        if args.dry_run:
            cr.rollback()
            _logger.info("dry run, rolled back: %s", json.dumps(counts))
            return 0
        if fast:
            # only a superuser may set it, and only --fast (superuser) changed it
            cr.execute("SET session_replication_role = DEFAULT")
        # ANALYZE the database's own tables: the role owns them (a non-superuser
        # may not analyze the system catalogs, and need not)
        cr.execute("""SELECT quote_ident(relname) FROM pg_class
                      WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace""")
        cr.execute("ANALYZE " + ", ".join(r[0] for r in cr.fetchall()))
        run = {
            "scale": args.scale, "seed": args.seed, "today": str(today),
            "counts": counts, "big_customer_id": gen.big_company,
            "first_ids": gen.first_ids,
            "salespeople": gen.salespeople.mapped("login"),
            "generated_at": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S")}
        # the first batch describes the database; later ones (--force) are listed
        marker = dict(batches[0] if batches else run, batches=batches + [run])
        env["ir.config_parameter"].sudo().set_param(MARKER, json.dumps(marker))
        cr.commit()
        _logger.info("committed after %.0fs", time.time() - t0)
        if not args.skip_loyalty and gen.program:
            t1 = time.time()
            gen.program.with_context(tz="UTC")._recompute(today=str(today))
            cr.commit()
            _logger.info("loyalty assessment %.0fs", time.time() - t1)
        cr.execute("ANALYZE res_partner; ANALYZE crm_loyalty_tier_history")
        cr.commit()
    _logger.info("done in %.0fs: %s", time.time() - t0, json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())

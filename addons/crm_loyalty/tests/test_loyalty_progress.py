# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import re

from hypothesis import HealthCheck, given, settings, strategies as st
from werkzeug.test import Client
from werkzeug.wrappers import BaseResponse

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.tests.common import TransactionCase, get_db_name

from .common import FreshPopulationCase, fresh_population

TODAY = datetime.date.today()
REVENUE_ONLY = {"revenue": 1, "orders": 0, "recency": 0, "tenure": 0, "referrals": 0}


def day(offset):
    return fields.Date.to_string(TODAY + datetime.timedelta(days=offset))


def revenue_account(env, company):
    return env["account.account"].search(
        [
            ("company_id", "=", company.id),
            ("user_type_id", "=", env.ref("account.data_account_type_revenue").id),
        ],
        limit=1,
    )


def make_invoice(env, partner, amount, offset, refund=False, currency=None):
    """A validated customer invoice (or refund) of the main company."""
    company = env.ref("base.main_company")
    invoice = env["account.invoice"].create(
        {
            "partner_id": partner.id,
            "type": "out_refund" if refund else "out_invoice",
            "date_invoice": day(offset),
            "currency_id": (currency or company.currency_id).id,
            "invoice_line_ids": [
                (0, 0, {"name": "Goods", "quantity": 1, "price_unit": amount,
                        "account_id": revenue_account(env, company).id})
            ],
        }
    )
    invoice.action_invoice_open()
    return invoice


def make_order(env, partner, offset):
    """A confirmed sales order dated ``offset`` days from today."""
    order = env["sale.order"].create({"partner_id": partner.id})
    order.action_confirm()
    order.date_order = day(offset) + " 12:00:00"
    return order


def revenue_only_program(env):
    program = env.ref("crm_loyalty.crm_loyalty_program_default")
    program.write(dict({"weight_%s" % k: v for k, v in REVENUE_ONLY.items()},
                       window_days=365, grace_days=10))
    return program


def four_customers(env, prefix):
    """Customers with one invoice each of 50, 100, 500 and 1200: revenue
    percentiles 25, 50, 75 and 100, i.e. Silver, Gold, Platinum, Platinum."""
    Partner = env["res.partner"]
    customers = Partner
    for name, amount in (("One", 50), ("Two", 100), ("Three", 500), ("Four", 1200)):
        customer = Partner.create({"name": "%s %s Co" % (prefix, name), "is_company": True})
        make_invoice(env, customer, amount, -10)
        customers |= customer
    return customers


class TestPartnerProgress(FreshPopulationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = revenue_only_program(cls.env)
        cls.bronze, cls.silver, cls.gold, cls.platinum = cls.program.tier_ids.sorted("sequence")
        cls.one, cls.two, cls.three, cls.four = four_customers(cls.env, "Progress")
        cls.two_contact = cls.env["res.partner"].create(
            {"name": "Tess Two", "parent_id": cls.two.id}
        )
        cls.program._recompute(today=day(0))

    def test_progress_fields(self):
        self.assertEqual(self.two.loyalty_tier_id, self.gold)
        self.assertEqual(self.two.loyalty_score, 50)
        self.assertEqual(self.two.loyalty_next_tier_id, self.platinum)
        self.assertEqual(self.two.loyalty_next_tier_missing, 25)
        self.assertEqual(self.two.loyalty_keep_score, 50)
        # From 100 to 500: passing the third customer gives the 75th percentile.
        self.assertEqual(self.two.loyalty_revenue_to_next, 400)
        text = self.two.loyalty_progress_text
        self.assertIn("365 days", text)
        self.assertIn("25.00 points to reach Platinum", text)
        self.assertIn("400.00", text)
        self.assertIn("Keeps Gold while the score stays at or above 50.00", text)
        # The contact shows its company's progress.
        self.assertEqual(self.two_contact.loyalty_next_tier_id, self.platinum)
        self.assertEqual(self.two_contact.loyalty_revenue_to_next, 400)
        # Silver (25): 25 points to Gold means reaching 100.
        self.assertEqual(self.one.loyalty_tier_id, self.silver)
        self.assertEqual(self.one.loyalty_revenue_to_next, 50)
        # Top tier.
        self.assertFalse(self.four.loyalty_next_tier_id)
        self.assertIn("Platinum is the top tier.", self.four.loyalty_progress_text)

    def test_below_tier_and_not_assessed(self):
        # The state a downgrade in its grace period leaves: Platinum held with
        # a score of 50, below since 3 days.
        self.two.sudo().write({"loyalty_tier_id": self.platinum.id,
                               "loyalty_below_since": day(-3)})
        self.two.invalidate_cache()
        self.assertEqual(self.two.loyalty_keep_score, 75)
        self.assertFalse(self.two.loyalty_next_tier_id)
        self.assertIn("25.00 points below Platinum", self.two.loyalty_progress_text)
        self.assertIn(day(7), self.two.loyalty_progress_text)  # grace of 10 days
        newcomer = self.env["res.partner"].create({"name": "Newcomer"})
        self.assertEqual(newcomer.loyalty_next_tier_id, self.bronze)
        self.assertIn("Not assessed yet", newcomer.loyalty_progress_text)

    def test_threshold_explanation(self):
        self.program.window_days = 90
        self.assertIn("rolling window of 90 days", self.program.threshold_explanation)
        self.assertIn("never a single purchase", self.gold.threshold_explanation)


class PortalClient(Client):
    """A browser-like client of Odoo's WSGI application, with a remote address
    (Odoo's login records it) and cookies kept between requests."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("environ_base", {"REMOTE_ADDR": "127.0.0.1"})
        return super().open(*args, **kwargs)


class TestPortalLoyalty(TransactionCase):
    """The portal page, through Odoo's real WSGI application: the requests and
    the test share one test cursor that is rolled back at the end."""

    def setUp(self):
        super().setUp()
        self.registry.enter_test_mode()
        self.addCleanup(self.registry.leave_test_mode)
        self.tcr = self.registry.test_cr
        env = api.Environment(self.tcr, SUPERUSER_ID, {"tracking_disable": True})
        fresh_population(env, env.ref("base.main_company"))
        program = revenue_only_program(env)
        tiers = program.tier_ids.sorted("sequence")
        tiers[1].benefits = "<p>SILVER-PERK-456</p>"
        tiers[2].benefits = "<p>GOLD-PERK-123</p>"
        self.one, self.two = four_customers(env, "Portal")[:2]
        program._recompute(today=day(0))
        portal = env.ref("base.group_portal")
        Users = env["res.users"].with_context(no_reset_password=True)
        logins = ((self.one, "loyalty_portal_one"), (self.two, "loyalty_portal_two"))
        for customer, login in logins:
            contact = env["res.partner"].create(
                {"name": "Contact of %s" % customer.name, "parent_id": customer.id,
                 "email": "%s@example.com" % login}
            )
            Users.create({"login": login, "password": login + "-pw", "partner_id": contact.id,
                          "groups_id": [(6, 0, [portal.id])]})
        self.tcr.commit()  # a savepoint of the test cursor, rolled back at the end

    def _login(self, login):
        client = PortalClient(odoo.http.root, BaseResponse)
        db = get_db_name()
        page = client.get("/web/login?db=%s" % db, follow_redirects=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
        response = client.post(
            "/web/login",
            data={"login": login, "password": login + "-pw", "db": db,
                  "csrf_token": token.group(1), "redirect": "/my/home"},
        )
        self.assertIn(response.status_code, (200, 302, 303))
        return client

    def test_portal_page_shows_own_tier_only(self):
        client = self._login("loyalty_portal_two")
        home = client.get("/my/home").get_data(as_text=True)
        self.assertIn("/my/loyalty", home)
        self.assertIn("Gold", home)
        response = client.get("/my/loyalty")
        self.assertEqual(response.status_code, 200)
        page = response.get_data(as_text=True)
        self.assertIn("o_portal_loyalty_tier", page)
        self.assertIn("Gold", page)
        self.assertIn("GOLD-PERK-123", page)
        self.assertIn("25.00 points to reach Platinum", page)
        self.assertIn("Next tier: <strong>Platinum</strong>", page)
        # Nothing of the other customer (Silver, its benefits, its name).
        self.assertNotIn("SILVER-PERK-456", page)
        self.assertNotIn(self.one.name, page)

        other = self._login("loyalty_portal_one")
        page = other.get("/my/loyalty").get_data(as_text=True)
        self.assertIn("SILVER-PERK-456", page)
        self.assertNotIn("GOLD-PERK-123", page)
        self.assertIn("25.00 points to reach Gold", page)
        self.assertNotIn(self.two.name, page)

    @settings(max_examples=20, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(query=st.dictionaries(st.text(min_size=1, max_size=12),
                                 st.one_of(st.text(max_size=200), st.binary(max_size=20)),
                                 max_size=3))
    def test_portal_page_ignores_bad_input(self, query):
        if not getattr(self, "_client", None):
            self._client = self._login("loyalty_portal_two")
        self.tcr.execute("SELECT count(*) FROM crm_loyalty_tier_history")
        before = self.tcr.fetchone()
        response = self._client.get("/my/loyalty", query_string=query)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Gold", response.get_data(as_text=True))
        self.tcr.execute("SELECT count(*) FROM crm_loyalty_tier_history")
        self.assertEqual(self.tcr.fetchone(), before)

    def test_portal_requires_login(self):
        client = PortalClient(odoo.http.root, BaseResponse)
        client.get("/web/login?db=%s" % get_db_name(), follow_redirects=True)
        response = client.get("/my/loyalty")
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

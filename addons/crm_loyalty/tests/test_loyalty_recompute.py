# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
from unittest import mock

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import SavepointCase, at_install, post_install

from ..models import crm_loyalty_program
from ..rules import scoring
from .common import empty_population


@at_install(False)
@post_install(True)
class TestLoyaltyRecompute(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.ref("base.main_company")
        empty_population(cls.env, cls.company)
        cls.program = cls.env.ref("crm_loyalty.crm_loyalty_program_default")
        cls.program.write(
            {
                "weight_revenue": 1,
                "weight_orders": 0,
                "weight_recency": 0,
                "weight_tenure": 0,
                "weight_referrals": 0,
                "grace_days": 10,
                "max_downgrade_steps": 1,
                "window_days": 365,
            }
        )
        cls.bronze, cls.silver, cls.gold, cls.platinum = cls.program.tier_ids.sorted("sequence")
        cls.today = datetime.date.today()
        cls.eur = cls.env.ref("base.EUR")
        assert cls.company.currency_id != cls.eur
        Partner = cls.env["res.partner"]
        cls.a = Partner.create({"name": "Alpha Co", "is_company": True, "customer": True})
        cls.a_contact = Partner.create({"name": "Ann Alpha", "parent_id": cls.a.id})
        cls.b = Partner.create(
            {"name": "Beta Co", "is_company": True, "referred_by_id": cls.a_contact.id}
        )
        cls.c = Partner.create({"name": "Carl", "referred_by_id": cls.a.id})
        cls.d = Partner.create({"name": "Delta Co", "is_company": True})
        cls.account = cls.env["account.account"].search(
            [
                ("company_id", "=", cls.company.id),
                ("user_type_id", "=", cls.env.ref("account.data_account_type_revenue").id),
            ],
            limit=1,
        )
        # 1 EUR = 0.5 company currency on B's invoice date.
        for currency, rate in ((cls.eur, 2.0), (cls.company.currency_id, 1.0)):
            cls.env["res.currency.rate"].create(
                {"name": cls._day(-30), "rate": rate, "currency_id": currency.id,
                 "company_id": cls.company.id}
            )
        cls._invoice(cls.a, 1000, -10)
        cls._invoice(cls.a_contact, 500, -20)
        cls._invoice(cls.a, 300, -5, refund=True)
        cls._invoice(cls.b, 1000, -30, currency=cls.eur)
        cls._invoice(cls.c, 100, -200)
        cls._invoice(cls.d, 2000, -400)  # outside the 365-day window
        cls._invoice(cls.d, 50, -100)
        cls._order(cls.a_contact, -3)
        cls._order(cls.a, -40)
        cls._order(cls.c, -150)

    @classmethod
    def _day(cls, offset, base=None):
        return fields.Date.to_string((base or cls.today) + datetime.timedelta(days=offset))

    @classmethod
    def _invoice(cls, partner, amount, offset, refund=False, currency=None, company=None):
        invoice = cls.env["account.invoice"].create(
            {
                "partner_id": partner.id,
                "type": "out_refund" if refund else "out_invoice",
                "date_invoice": cls._day(offset),
                "currency_id": (currency or cls.company.currency_id).id,
                "invoice_line_ids": [
                    (0, 0, {"name": "Goods", "quantity": 1, "price_unit": amount,
                            "account_id": cls.account.id})
                ],
            }
        )
        invoice.action_invoice_open()
        return invoice

    @classmethod
    def _order(cls, partner, offset, company=None):
        order = cls.env["sale.order"].create(
            {"partner_id": partner.id, "company_id": (company or cls.company).id}
        )
        order.action_confirm()
        order.date_order = cls._day(offset) + " 12:00:00"
        return order

    def _recompute(self, offset=0, program=None):
        (program or self.program)._recompute(today=self._day(offset))

    def _history(self, partner):
        return self.env["crm.loyalty.tier.history"].search(
            [("partner_id", "=", partner.id)], order="id"
        )

    def test_metrics_from_invoices_refund_and_currency(self):
        self._recompute()
        # 1000 + 500 (contact) - 300 (refund), on the commercial entity.
        self.assertAlmostEqual(self.a.loyalty_revenue, 1200)
        self.assertEqual(self.a.loyalty_order_count, 2)
        self.assertEqual(self.a.loyalty_recency_days, 3)
        self.assertEqual(self.a.loyalty_tenure_days, 40)
        # 1000 EUR at 2 EUR per unit of company currency on the invoice date.
        self.assertAlmostEqual(self.b.loyalty_revenue, 500)
        self.assertEqual(self.b.loyalty_order_count, 0)
        # D: the old invoice is outside the window but counts in tenure.
        self.assertAlmostEqual(self.d.loyalty_revenue, 50)
        self.assertEqual(self.d.loyalty_tenure_days, 400)
        self.assertEqual(self.d.loyalty_recency_days, 100)
        # The contact shows the company's loyalty.
        self.assertEqual(self.a_contact.loyalty_revenue, 1200)
        self.assertEqual(self.a_contact.loyalty_tier_id, self.a.loyalty_tier_id)

    def test_scores_and_tiers(self):
        self._recompute()
        # Revenue only: D 50 < C 100 < B 500 < A 1200 -> percentiles 25/50/75/100.
        expected = scoring.percentile_scores([1200, 500, 100, 50])
        self.assertEqual(expected, [100, 75, 50, 25])
        partners = [self.a, self.b, self.c, self.d]
        self.assertEqual(partners and [p.loyalty_score for p in partners], expected)
        self.assertEqual(
            [p.loyalty_tier_id for p in partners],
            [self.platinum, self.platinum, self.gold, self.silver],
        )
        # Recency only: A (3 days) best, C (150 days) worst.
        self.program.write({"weight_revenue": 0, "weight_recency": 1})
        self._recompute()
        self.assertEqual(self.a.loyalty_score, 100)
        self.assertEqual(self.c.loyalty_score, 25)

    def test_referrals(self):
        self._recompute()
        # B (through A's contact) and C were referred by A.
        self.assertEqual(self.a.loyalty_referral_count, 2)
        self.assertEqual(self.b.loyalty_referral_count, 0)
        self.program.write({"weight_revenue": 0, "weight_referrals": 1})
        self._recompute()
        self.assertEqual(self.a.loyalty_score, 100)
        self.assertEqual(self.b.loyalty_score, 0)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.a.referred_by_id = self.a_contact

    def test_quintiles_and_segments(self):
        customers = self.env["res.partner"]
        for n in range(1, 11):
            customer = self.env["res.partner"].create({"name": "Q%02d" % n})
            self._invoice(customer, n * 1000, -n)
            customers |= customer
        self._recompute()
        # 14 active customers; the ten new ones carry the largest revenues.
        monetary = customers.mapped("loyalty_rfm_m")
        self.assertEqual(monetary, sorted(monetary))
        self.assertEqual(monetary[-1], 5)
        self.assertEqual(self.d.loyalty_rfm_m, 1)
        # Most recent (Q01, 1 day) gets R=5, C (150 days) R=1.
        self.assertEqual(customers[0].loyalty_rfm_r, 5)
        self.assertEqual(self.c.loyalty_rfm_r, 1)
        for partner in customers | self.a | self.c:
            self.assertEqual(
                partner.loyalty_segment,
                scoring.rfm_segment(partner.loyalty_rfm_r, partner.loyalty_rfm_f),
            )
        self.assertEqual(self.a.loyalty_rfm_f, 5)  # the only customer with 2 purchases
        # A is the 12th most recent of 14: ntile(5) buckets of 3,3,3,3,2 give R=4.
        self.assertEqual(self.a.loyalty_rfm_r, 4)
        self.assertEqual(self.a.loyalty_segment, "loyal")
        groups = self.env["crm.loyalty.membership"].read_group(
            [("partner_id", "in", (customers | self.a).ids)], ["segment"], ["segment"]
        )
        self.assertTrue(groups)
        self.assertEqual(
            self.env["res.partner"].search_count(
                [("loyalty_segment", "=", "loyal"), ("id", "=", self.a.id)]
            ),
            1,
        )

    def test_history_and_idempotence(self):
        self._recompute()
        history = self._history(self.a)
        self.assertEqual(len(history), 1)
        self.assertEqual(history.reason, "computed")
        self.assertFalse(history.from_tier_id)
        self.assertEqual(history.to_tier_id, self.platinum)
        self.assertAlmostEqual(history.revenue, 1200)
        self.assertEqual(history.order_count, 2)
        self.assertEqual(history.score, 100)
        state = self.a.read(["loyalty_score", "loyalty_tier_id", "loyalty_segment"])
        count = self.env["crm.loyalty.tier.history"].search_count([])
        self._recompute()
        self.program.action_recompute()
        self.assertEqual(self.env["crm.loyalty.tier.history"].search_count([]), count)
        self.assertEqual(self.a.read(["loyalty_score", "loyalty_tier_id", "loyalty_segment"]), state)
        with self.assertRaises(UserError), self.cr.savepoint():
            history.write({"reason": "override"})
        with self.assertRaises(UserError), self.cr.savepoint():
            history.unlink()

    def _row_versions(self, partners):
        # An UPDATE always writes a new row version (a new ctid), even when
        # the values stay the same.
        self.env.cr.execute(
            "SELECT partner_id, ctid::text FROM crm_loyalty_membership WHERE partner_id IN %s",
            (tuple(partners.ids),)
        )
        return dict(self.env.cr.fetchall())

    def test_rerun_writes_only_changed_rows(self):
        partners = self.a | self.a_contact | self.b | self.c | self.d
        self._recompute()
        before = self._row_versions(partners)
        # The same day again: loyalty and churn state unchanged, nothing written.
        self._recompute()
        self.assertEqual(self._row_versions(partners), before)
        # A membership out of step is corrected on its own.
        self.env.cr.execute(
            "UPDATE crm_loyalty_membership SET score = 0, days_since_purchase = 0 "
            "WHERE partner_id = %s", (self.a.id,)
        )
        before = self._row_versions(partners)
        self._recompute()
        after = self._row_versions(partners)
        self.assertNotEqual(after.pop(self.a.id), before.pop(self.a.id))
        self.assertEqual(after, before)
        self.env["res.partner"].invalidate_cache()
        self.assertEqual(self.a_contact.loyalty_score, self.a.loyalty_score)
        self.assertEqual(self.a_contact.loyalty_days_since_purchase, 3)
        # The next day every recency changes: the customers and contacts are written.
        before = self._row_versions(partners)
        self._recompute(1)
        after = self._row_versions(partners)
        self.assertFalse([pid for pid in before if after[pid] == before[pid]])
        self.assertEqual(self.a_contact.loyalty_recency_days, 4)
        self.assertEqual(self.a_contact.loyalty_days_since_purchase, 4)

    def test_grace_period_and_one_step_downgrade(self):
        self._recompute()
        self.assertEqual(self.a.loyalty_tier_id, self.platinum)
        # 400 days later nobody bought: score 0 (Bronze) but grace first.
        self._recompute(400)
        self.assertEqual(self.a.loyalty_tier_id, self.platinum)
        self.assertEqual(self.a.loyalty_below_since, self._day(400))
        self.assertEqual(self.a.loyalty_score, 0)
        self.assertEqual(self.a.loyalty_segment, "lost")
        self._recompute(409)
        self.assertEqual(self.a.loyalty_tier_id, self.platinum)
        self._recompute(410)
        self.assertEqual(self.a.loyalty_tier_id, self.gold)
        self.assertEqual(self._history(self.a)[-1].reason, "grace_expired")
        self._recompute(410)
        self.assertEqual(len(self._history(self.a)), 2)
        self._recompute(419)
        self.assertEqual(self.a.loyalty_tier_id, self.gold)
        self._recompute(420)
        self.assertEqual(self.a.loyalty_tier_id, self.silver)
        self.assertEqual(self.a_contact.loyalty_tier_id, self.silver)
        # Buying again upgrades at once.
        self._invoice(self.a, 5000, 421)
        self._recompute(421)
        self.assertEqual(self.a.loyalty_tier_id, self.platinum)
        self.assertFalse(self.a.loyalty_below_since)
        self.assertEqual(self._history(self.a)[-1].reason, "computed")

    def test_override_and_expiry(self):
        self._recompute()
        manager = self.env["res.users"].create(
            {"name": "Loyalty Manager", "login": "loy_manager",
             "groups_id": [(6, 0, [self.env.ref("crm_loyalty.group_loyalty_manager").id])]}
        )
        user = self.env["res.users"].create(
            {"name": "Loyalty User", "login": "loy_user",
             "groups_id": [(6, 0, [self.env.ref("crm_loyalty.group_loyalty_user").id])]}
        )
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.a.sudo(user)._loyalty_set_override(self.bronze, "No", self._day(5))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.a.sudo(manager)._loyalty_set_override(self.bronze, " ", self._day(5))
        wizard = self.env["crm.loyalty.override"].sudo(manager).create(
            {"partner_id": self.a_contact.id, "tier_id": self.bronze.id,
             "reason": "Unpaid invoices", "until": self._day(5)}
        )
        self.assertEqual(wizard.program_id, self.program)
        wizard.action_apply()
        self.assertEqual(self.a.loyalty_tier_id, self.bronze)
        self.assertEqual(self.a_contact.loyalty_tier_id, self.bronze)
        last = self._history(self.a)[-1]
        self.assertEqual((last.reason, last.note, last.from_tier_id), ("override", "Unpaid invoices", self.platinum))
        self._recompute(5)
        self.assertEqual(self.a.loyalty_tier_id, self.bronze)
        self._recompute(6)
        self.assertEqual(self.a.loyalty_tier_id, self.platinum)
        self.assertFalse(self.a.loyalty_override_tier_id)
        self.assertFalse(self.a_contact.loyalty_override_tier_id)
        self.assertEqual(self._history(self.a)[-1].reason, "override_expired")
        self.assertEqual(len(self._history(self.a)), 3)

    def test_new_contact_gets_company_tier(self):
        self._recompute()
        contact = self.env["res.partner"].create({"name": "New", "parent_id": self.a.id})
        self.assertEqual(contact.loyalty_tier_id, self.platinum)
        self.assertEqual(contact.loyalty_history_ids, self._history(self.a))

    def test_crash_leaves_nothing_half_updated(self):
        with mock.patch.object(
            crm_loyalty_program, "HISTORY_QUERY", "INSERT INTO no_such_table VALUES (1)"
        ), self.assertRaises(psycopg2.ProgrammingError), self.cr.savepoint():
            self._recompute()
        self.env["res.partner"].invalidate_cache()
        self.assertFalse(self.a.loyalty_tier_id)
        self.assertFalse(self.a.loyalty_assessed_date)

    def test_multi_company_isolation(self):
        company2 = self.env["res.company"].create({"name": "Loyalty Second Co"})
        program2 = self.env["crm.loyalty.program"].create(
            {"name": "Second", "company_id": company2.id,
             "tier_ids": [(0, 0, {"name": "Member", "sequence": 1, "min_score": 0})]}
        )
        x = self.env["res.partner"].create({"name": "Xeno", "is_company": True})
        self._order(x, -2, company=company2)
        self._recompute(program=program2)
        Member = self.env["crm.loyalty.membership"]
        member2 = Member.search([("partner_id", "=", x.id), ("program_id", "=", program2.id)])
        self.assertEqual(member2.tier_id, program2.tier_ids)
        # Company A's users see no assessment of the second company.
        self.assertFalse(x.loyalty_tier_id)
        self.assertFalse(self.a.loyalty_assessed_date)
        self._recompute()
        self.assertEqual(self.a.loyalty_tier_id, self.platinum)
        self.assertEqual(member2.tier_id, program2.tier_ids)
        self.assertEqual(member2.order_count, 1)
        self.assertFalse(self._history(x).filtered(lambda h: h.program_id == self.program))

    def test_cron(self):
        self.env["crm.loyalty.program"]._cron_recompute()
        self.assertEqual(self.a.loyalty_tier_id, self.platinum)

    def test_bad_input(self):
        zero = dict.fromkeys(["weight_%s" % m for m in scoring.METRICS], 0)
        for vals in (zero, {"weight_orders": -1}, {"grace_days": -1}, {"max_downgrade_steps": 0}):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.program.write(vals)
        self.assertEqual(self.program.weight_revenue, 1)

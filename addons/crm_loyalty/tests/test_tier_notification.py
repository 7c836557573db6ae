# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.exceptions import UserError

from .common import FreshPopulationCase
from .test_loyalty_progress import (
    day,
    four_customers,
    make_invoice,
    revenue_only_program,
)


class TestTierNotification(FreshPopulationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Earlier changes (demo data) are not this test's business.
        cls.env.cr.execute("UPDATE crm_loyalty_tier_history SET notified = true")
        cls.program = revenue_only_program(cls.env)
        cls.bronze, cls.silver, cls.gold, cls.platinum = cls.program.tier_ids.sorted("sequence")
        cls.customers = four_customers(cls.env, "Notify")
        cls.one, cls.two, cls.three, cls.four = cls.customers
        for customer in cls.customers:
            customer.email = "%s@example.com" % customer.name.replace(" ", ".").lower()
        cls.History = cls.env["crm.loyalty.tier.history"]

    def _notes(self, partner):
        return self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", partner.id),
             ("body", "ilike", "Loyalty tier changed")]
        )

    def _change(self, note):
        """The tier change a chatter note links to (the note copies no tier)."""
        ids = re.findall(r'data-oe-id="(\d+)"', note.body)
        self.assertEqual(len(ids), 1)
        return self.History.browse(int(ids[0]))

    def _emails(self, partner):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", partner.ids),
             ("subject", "like", "Your loyalty tier changed")]
        )

    def _pending(self):
        return self.History.search([("notified", "=", False)])

    def test_initial_assessment_chatter_only(self):
        self.program.notify_email = True
        self.program._recompute(today=day(0))
        self.assertEqual(len(self._pending()), 4)
        self.assertEqual(self.History._notify_pending(programs=self.program), 4)
        self.assertFalse(self._pending())
        note = self._notes(self.one)
        self.assertEqual(len(note), 1)
        change = self._change(note)
        self.assertEqual((change.from_tier_id, change.to_tier_id),
                         (self.History.from_tier_id, self.silver))
        self.assertNotIn("Silver", note.body)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(note.message_type, "notification")
        self.assertEqual(self._change(self._notes(self.two)).to_tier_id, self.gold)
        # First assignments are not emailed, even with the option on.
        for customer in self.customers:
            self.assertFalse(self._emails(customer))
        # Idempotent: nothing left, nothing posted twice.
        self.assertEqual(self.History._notify_pending(), 0)
        self.assertEqual(len(self._notes(self.one)), 1)

    def test_recompute_now_notifies_and_emails(self):
        self.program._recompute(today=day(0))
        self.History._notify_pending()
        self.program.notify_email = True
        # One jumps from 50 to 2050: top revenue, Platinum at once. The others
        # fall below their tiers but keep them during the grace period.
        make_invoice(self.env, self.one, 2000, -1)
        self.program.action_recompute()
        self.assertEqual(self.one.loyalty_tier_id, self.platinum)
        self.assertFalse(self._pending())
        notes = self._notes(self.one)
        self.assertEqual(len(notes), 2)
        change = self._change(notes[0])
        self.assertEqual((change.from_tier_id, change.to_tier_id), (self.silver, self.platinum))
        mail = self._emails(self.one)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, "Your loyalty tier changed: Platinum")
        self.assertIn("(it was Silver)", mail.body_html)
        self.assertIn("365 days", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.one)
        for customer in self.two | self.three | self.four:
            self.assertFalse(self._emails(customer))

    def test_override_and_old_changes(self):
        self.program._recompute(today=day(0))
        self.History._notify_pending()
        self.program.notify_email = True
        # A manager's override (created through the ORM) is covered too.
        self.two._loyalty_set_override(self.bronze, "Payment incidents")
        # A change dated three weeks ago is posted but not emailed.
        self.History.create({
            "partner_id": self.three.id, "program_id": self.program.id,
            "company_id": self.company.id, "from_tier_id": self.gold.id,
            "to_tier_id": self.platinum.id, "date": day(-21), "reason": "computed",
        })
        self.assertEqual(len(self._pending()), 2)
        self.History._cron_notify(commit=False)
        self.assertFalse(self._pending())
        self.assertEqual(self._change(self._notes(self.two)[0]).to_tier_id, self.bronze)
        self.assertIn("Manual override", self._notes(self.two)[0].body)
        self.assertEqual(len(self._emails(self.two)), 1)
        self.assertEqual(len(self._notes(self.three)), 2)
        self.assertFalse(self._emails(self.three))

    def test_option_off_and_batches(self):
        self.program._recompute(today=day(0))
        # Batches: three now, the fourth at the next run.
        self.assertEqual(self.History._notify_pending(limit=3), 3)
        self.assertEqual(len(self._pending()), 1)
        self.assertEqual(self.History._notify_pending(limit=3), 1)
        self.assertFalse(self._pending())
        self.two._loyalty_set_override(self.bronze, "Test without email")
        self.History._notify_pending()
        self.assertEqual(len(self._notes(self.two)), 2)
        self.assertFalse(self._emails(self.two))  # option off

    def test_history_stays_read_only(self):
        self.program._recompute(today=day(0))
        row = self.History.search([("partner_id", "=", self.one.id)])
        with self.assertRaises(UserError), self.cr.savepoint():
            row.write({"notified": True})
        self.History._notify_pending()
        row.invalidate_cache()
        self.assertTrue(row.notified)

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Seminar confirmation statuses (crm_customer360_event.rules.confirmation)."""
import unittest

from odoo.addons.crm_customer360_event.rules.confirmation import STATUSES, UNCONFIRMED, status


class TestConfirmationRules(unittest.TestCase):
    def test_status(self):
        sent = "2026-08-01 10:00:00"
        self.assertEqual(status("draft", "a@b.c", False, False, False), "not_needed")
        self.assertEqual(status("cancel", "a@b.c", sent, True, True), "not_needed")
        self.assertEqual(status("open", "  ", False, False, False), "no_email")
        self.assertEqual(status("open", False, False, False, False), "no_email")
        self.assertEqual(status("open", "a@b.c", sent, True, False), "failed")
        self.assertEqual(status("done", "a@b.c", sent, False, True), "failed")
        self.assertEqual(status("open", "a@b.c", False, True, False), "failed")
        self.assertEqual(status("open", "a@b.c", False, False, False), "missing")
        self.assertEqual(status("done", "a@b.c", sent, False, False), "sent")
        self.assertTrue(set(UNCONFIRMED) <= set(STATUSES))

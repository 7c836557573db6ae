# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tier change notification rules (crm_loyalty.rules.notification), without a database."""
import datetime
import unittest

from odoo.addons.crm_loyalty.rules import notification

D = datetime.date(2026, 3, 1)


class TestNotificationRules(unittest.TestCase):
    def test_should_email(self):
        email = "a@example.com"
        self.assertTrue(notification.should_email(True, 1, 2, D, D, email))
        # Option off, first assignment, loss of every tier, no address.
        self.assertFalse(notification.should_email(False, 1, 2, D, D, email))
        self.assertFalse(notification.should_email(True, None, 2, D, D, email))
        self.assertFalse(notification.should_email(True, 1, None, D, D, email))
        self.assertFalse(notification.should_email(True, 1, 2, D, D, None))
        # A week old is still news; eight days is not.
        week = D + datetime.timedelta(days=7)
        self.assertTrue(notification.should_email(True, 1, 2, D, week, email))
        later = D + datetime.timedelta(days=8)
        self.assertFalse(notification.should_email(True, 1, 2, D, later, email))

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Marketing consent rules (crm_customer360.rules.consent), without a database."""
import unittest

from odoo.addons.crm_customer360.rules import consent


class TestConsentRules(unittest.TestCase):
    """The plain business rules, without the database."""

    def test_align_opt_out(self):
        self.assertEqual(consent.align_opt_out({"consent_email": "refused"}),
                         ({"consent_email": "refused", "opt_out": True}, False))
        self.assertEqual(consent.align_opt_out({"consent_email": "granted"}),
                         ({"consent_email": "granted", "opt_out": False}, False))
        self.assertEqual(consent.align_opt_out({"opt_out": True}),
                         ({"opt_out": True, "consent_email": "refused"}, False))
        self.assertEqual(consent.align_opt_out({"opt_out": False}), ({"opt_out": False}, True))
        with self.assertRaises(ValueError):
            consent.align_opt_out({"opt_out": True, "consent_email": "granted"})

    def test_log_lines_and_origin(self):
        before = {1: {"email": False, "phone": "granted", "sms": False}}
        after = {1: {"email": "refused", "phone": "granted"}}
        self.assertEqual(consent.consent_log_lines(before, after),
                         [(1, "email", "unknown", "refused")])
        self.assertEqual(consent.consent_origin("/mail/mailing/7/unsubscribe"), "unsubscribe")
        self.assertEqual(consent.consent_origin("/web/dataset/call_kw"), "form")
        self.assertEqual(consent.consent_origin("/web/dataset/call_kw", importing=True), "import")
        self.assertEqual(consent.consent_origin(None), "api")
        self.assertEqual(consent.consent_origin("/xmlrpc/2/object"), "api")

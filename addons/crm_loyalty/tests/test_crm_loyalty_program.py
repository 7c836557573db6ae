# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import unittest

from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase, at_install, post_install


@at_install(False)
@post_install(True)
class TestLoyaltyProgram(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Loyalty Test Co"})
        cls.Program = cls.env["crm.loyalty.program"]

    def _program(self, tiers, **vals):
        return self.Program.create(
            dict(
                {
                    "name": "Test",
                    "company_id": self.company.id,
                    "tier_ids": [
                        (0, 0, {"name": n, "sequence": i, "min_score": s})
                        for i, (n, s) in enumerate(tiers)
                    ],
                },
                **vals
            )
        )

    def test_default_program_has_four_ordered_tiers(self):
        program = self.env.ref("crm_loyalty.crm_loyalty_program_default")
        self.assertEqual(
            program.tier_ids.mapped("name"), ["Bronze", "Silver", "Gold", "Platinum"]
        )

    def test_overlapping_thresholds_refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._program([("Bronze", 0), ("Silver", 50), ("Gold", 40)])
        self.assertFalse(self.Program.search([("company_id", "=", self.company.id)]))

    def test_program_needs_a_tier(self):
        with self.assertRaises(ValidationError):
            self._program([])

    def test_one_active_program_per_company(self):
        self._program([("Bronze", 0)])
        with self.assertRaises(ValidationError):
            self._program([("Bronze", 0)], name="Second")
        # An archived second program is fine.
        self._program([("Bronze", 0)], name="Archived", active=False)

    def test_window_must_be_positive(self):
        for days in (0, -5):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self._program([("Bronze", 0)], window_days=days)
        self.assertFalse(self.Program.search([("company_id", "=", self.company.id)]))


class TestSharedDefinitions(unittest.TestCase):
    """Net revenue and purchases are the suite's (crm_customer_base), never
    restated here: every query embeds the shared SQL fragments."""

    def test_queries_use_the_shared_fragments(self):
        from odoo.addons.crm_customer_base.rules import definitions

        from ..demo_data import crm_loyalty_demo as loyalty_demo
        from ..models import crm_loyalty_program
        from ..report import crm_loyalty_referral_report
        from ..rules import churn
        revenue = definitions.sql_is_revenue_invoice("i.type", "i.state")
        purchase = definitions.sql_is_purchase_invoice("i.type", "i.state")
        order = definitions.sql_is_purchase_order("o.state")
        amount = definitions.sql_net_revenue_amount("i.amount_untaxed_signed")
        for query in (crm_loyalty_program.METRICS_QUERY, crm_loyalty_program.COSTS_QUERY):
            self.assertIn(revenue, query)
        self.assertIn(amount, crm_loyalty_program.METRICS_QUERY)
        self.assertIn(order, crm_loyalty_program.METRICS_QUERY)
        self.assertIn(definitions.sql_is_purchase_invoice("type", "state"),
                      crm_loyalty_program.METRICS_QUERY)
        for query in (churn.STATS_CTE, loyalty_demo.EXISTING_QUERY):
            self.assertIn(purchase, query)
            self.assertIn(order, query)
        report = crm_loyalty_referral_report.CrmLoyaltyReferralReport._from(None)
        self.assertIn(revenue, report)
        self.assertIn(amount, report)
        for query in (crm_loyalty_program.METRICS_QUERY, churn.STATS_CTE,
                      loyalty_demo.EXISTING_QUERY, report):
            self.assertNotIn("IN ('open', 'paid')", query.replace(revenue, "").replace(
                purchase, "").replace(definitions.sql_is_purchase_invoice("type", "state"), ""))

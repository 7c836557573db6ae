# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Follow-up funnel rules (crm_customer360.rules.followup_funnel), without a database."""
import unittest
from datetime import datetime

from odoo.addons.crm_customer360.rules.followup_funnel import (
    STEPS,
    conversion,
    funnel,
    step_flags,
    summary_sql,
)


def d(day):
    return datetime(2026, 1, day, 9)


class TestFunnel(unittest.TestCase):
    def test_nested_steps_conversion_and_medians(self):
        rows = [
            {"reached_date": d(1), "lead_date": d(1), "contacted_date": d(3),
             "opportunity_date": d(6), "won_date": d(16)},
            {"reached_date": d(1), "lead_date": d(2), "contacted_date": d(9)},
            # contacted without a lead: stops at "reached" (the steps nest)
            {"reached_date": d(1), "contacted_date": d(2)},
            # a contact logged before the lead counts 0 days, never negative
            {"reached_date": d(1), "lead_date": d(5), "contacted_date": d(4)},
        ]
        self.assertEqual(step_flags(rows[2]), {"reached": True, "lead": False,
                                               "contacted": False, "opportunity": False,
                                               "won": False})
        result = funnel(rows)
        self.assertEqual([r["step"] for r in result], list(STEPS))
        self.assertEqual([r["count"] for r in result], [4, 3, 3, 1, 1])
        self.assertEqual([r["conversion"] for r in result], [None, 75.0, 100.0, 33.3, 100.0])
        self.assertEqual([r["median_days"] for r in result], [None, 1.0, 2.0, 3.0, 10.0])

    def test_empty_and_zero(self):
        self.assertEqual([r["count"] for r in funnel([])], [0] * 5)
        self.assertEqual([r["conversion"] for r in funnel([])], [None] * 5)
        self.assertIsNone(conversion(3, 0))

    def test_summary_sql_uses_the_alias(self):
        sql = summary_sql('"crm_followup_funnel"', '("crm_followup_funnel"."source_key" = %s)')
        self.assertIn('"crm_followup_funnel".won_date IS NOT NULL', sql)
        self.assertEqual(sql.count("percentile_cont"), 4)
        self.assertTrue(sql.endswith('WHERE ("crm_followup_funnel"."source_key" = %s)'))

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lead intake assignment for a salesperson who may own only their leads
(crm_customer360.rules.lead_intake.assign with own_user_id)."""
import unittest

from odoo.addons.crm_customer360.rules.lead_intake import assign, classify, parse_rows


class TestAssignOwn(unittest.TestCase):
    def _rows(self):
        table = [(1, ["name", "company", "email"]),
                 (2, ["A", "Acme Ltd", "a@x.com"]),
                 (3, ["D", "Delta GmbH", "d@x.com"]),
                 (4, ["E", "Eps", "e@x.com"]),
                 (5, ["", "", "bad"])]
        rows = classify(parse_rows(table, "CN"),
                        {"email": {"e@x.com": 50}, "company": {"delta": 51}}, {})
        for row in rows:
            row["country_id"] = 1
        return rows

    def test_everything_to_the_importer(self):
        offsets = {7: 4}
        rows = assign(self._rows(), {50: (30, 8), 51: (20, 7)}, [(1, None, 8)],
                      {7: [20, 21], 8: [22]}, 7, offsets, own_user_id=20)
        self.assertEqual([(r["user_id"], r["team_id"]) for r in rows],
                         [(20, 7), (20, 7), (20, 7), (None, None)])
        self.assertEqual([r.get("owner_id") for r in rows], [None, None, 30, None],
                         "a colleague's account is said, the importer's own is not")
        self.assertEqual(offsets, {7: 4}, "the round robin does not move")

    def test_without_own_user_the_rules_apply(self):
        rows = assign(self._rows(), {50: (30, 8)}, [(1, None, 8)], {7: [20, 21], 8: [22]},
                      7, {})
        self.assertEqual([r["user_id"] for r in rows], [22, 22, 30, None])
        self.assertFalse(any(r.get("owner_id") for r in rows))

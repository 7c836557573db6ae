# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Account handover rules (crm_customer360.rules.handover), without a database."""
import unittest

from odoo.addons.crm_customer360.rules.handover import (
    documents_to_move,
    following_contacts,
    handover_error,
    many2many_ids,
)


class TestHandoverRules(unittest.TestCase):
    def test_rules(self):
        to_user = {"id": 2, "name": "Nina", "active": True, "internal": True}
        leo = {"id": 3, "name": "Leo", "active": False, "internal": True}
        self.assertIsNone(handover_error("salesperson", leo, to_user, {"A": 3}))
        self.assertEqual(handover_error("salesperson", leo, leo, {"A": 3})[0], "bad_new_owner")
        self.assertEqual(handover_error("salesperson", to_user, to_user, {"A": 2})[0],
                         "same_owner")
        self.assertEqual(handover_error("customers", None, to_user, {"A": 2})[0],
                         "already_owned")
        self.assertEqual(handover_error("customers", None, None, {"A": 2})[0], "no_new_owner")
        self.assertEqual(following_contacts([(10, 1, 3), (11, 1, 4), (12, 9, 3)], {1: 3}), [10])
        self.assertEqual(documents_to_move([(20, 1, 3), (21, 1, False), (22, 1, 4)], {1: 3}),
                         [20])

    def test_many2many_ids(self):
        self.assertEqual(many2many_ids([1, (6, 0, [2, 3]), (4, 5), (5,)]), [1, 2, 3, 5])
        self.assertIsNone(many2many_ids("1,2"))
        self.assertIsNone(many2many_ids([True]))
        self.assertIsNone(many2many_ids([(6, 0, [2 ** 31])]))

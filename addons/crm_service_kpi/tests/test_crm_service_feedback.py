# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import SavepointCase

from odoo.addons.crm_customer_base.rules import definitions


class TestSatisfactionFormulas(SavepointCase):
    def test_formulas(self):
        self.assertAlmostEqual(definitions.csat_avg([5, 4, 1]), 10 / 3)
        self.assertEqual(definitions.csat_satisfied_pct([5, 4, 3, 1]), 50.0)
        # 2 promoters, 1 passive, 1 detractor out of 4: (2 - 1) / 4
        self.assertEqual(definitions.nps([10, 9, 7, 6]), 25.0)
        self.assertIsNone(definitions.nps([]))


class TestServiceFeedback(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Feedback Customer"})
        own = cls.env.ref("helpdesk_mgmt.group_helpdesk_user_own")
        cls.agent = cls.env["res.users"].create(
            {"name": "Agent A", "login": "agent.a.kpi", "groups_id": [(6, 0, [own.id])]}
        )
        cls.colleague = cls.env["res.users"].create(
            {"name": "Agent B", "login": "agent.b.kpi", "groups_id": [(6, 0, [own.id])]}
        )
        cls.Feedback = cls.env["crm.service.feedback"]

    def _feedback(self, **vals):
        return self.Feedback.create(
            dict({"partner_id": self.customer.id, "csat": 4, "nps": 9}, **vals)
        )

    def test_detractor_flag(self):
        self.assertFalse(self._feedback().is_detractor)
        self.assertTrue(self._feedback(nps=6).is_detractor)
        self.assertTrue(self._feedback(csat=2, nps=10).is_detractor)

    def test_scores_out_of_range_refused(self):
        for vals in ({"csat": 0}, {"csat": 6}, {"nps": -1}, {"nps": 11}):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self._feedback(**vals)
        self.assertFalse(self.Feedback.search([("partner_id", "=", self.customer.id)]))

    def test_agent_sees_only_own_feedback(self):
        mine = self._feedback(user_id=self.agent.id)
        theirs = self._feedback(user_id=self.colleague.id)
        visible = self.Feedback.sudo(self.agent).search([("partner_id", "=", self.customer.id)])
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            theirs.sudo(self.agent).read(["csat"])

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every public RPC method of crm_loyalty answers with values Odoo 11's
/xmlrpc/2/object can marshal (it refuses None): missing is False, and the
JSON-RPC answer is the same."""
import json
import xmlrpc.client

from .common import FreshPopulationCase, set_membership


class TestRpcAnswers(FreshPopulationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env.ref("crm_loyalty.crm_loyalty_program_default")
        cls.customer = cls.env["res.partner"].create(
            {"name": "RPC Customer", "is_company": True})

    def assertMarshallable(self, result):
        # Raises TypeError ("cannot marshal None") for a None anywhere.
        payload = xmlrpc.client.dumps((result,), allow_none=False)
        (over_xmlrpc,), _method = xmlrpc.client.loads(payload)
        self.assertEqual(json.loads(json.dumps(result)), over_xmlrpc)

    def test_pareto_shares_without_assessment(self):
        shares = self.program.pareto_shares(20)
        self.assertEqual(shares, {"revenue_share": False, "margin_share": False})
        self.assertMarshallable(shares)

    def test_pareto_shares_with_zero_margin(self):
        set_membership(self.env, self.customer, self.program, revenue=100.0, margin=0.0,
                       assessed_date="2026-06-01")
        shares = self.program.pareto_shares(100)
        self.assertEqual(shares["revenue_share"], 100.0)
        self.assertIs(shares["margin_share"], False)
        self.assertMarshallable(shares)

    def test_actions(self):
        self.assertMarshallable(self.program.action_recompute())
        self.assertMarshallable(self.customer.action_loyalty_schedule_activity())
        tier = self.program.tier_ids[:1]
        wizard = self.env["crm.loyalty.override"].create(
            {"partner_id": self.customer.id, "program_id": self.program.id,
             "tier_id": tier.id, "reason": "RPC test"})
        self.assertMarshallable(wizard.id)
        self.assertMarshallable(wizard.action_apply())
        if "mail.mass_mailing.list" in self.env:
            set_membership(self.env, self.customer, self.program, quadrant="reward_keep")
            self.customer.email = "rpc@example.com"
            mailing = self.env["crm.loyalty.mailing.list"].with_context(
                active_model="res.partner", active_ids=self.customer.ids).create({})
            self.assertMarshallable(mailing.action_build())

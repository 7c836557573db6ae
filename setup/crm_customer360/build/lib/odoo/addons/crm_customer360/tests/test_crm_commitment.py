# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase


class TestCrmCommitment(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.customer = cls.env["res.partner"].create({"name": "Acme Ltd", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ann of Acme", "parent_id": cls.customer.id}
        )
        cls.salesman = cls.env["res.users"].create(
            {
                "name": "Sam Seller",
                "login": "sam.c360",
                "groups_id": [(6, 0, [cls.env.ref("sales_team.group_sale_salesman").id])],
            }
        )
        cls.other = cls.env["res.users"].create(
            {
                "name": "Olga Other",
                "login": "olga.c360",
                "groups_id": [(6, 0, [cls.env.ref("sales_team.group_sale_salesman").id])],
            }
        )
        cls.customer.user_id = cls.other

    def _promise(self, user, **vals):
        vals = dict(
            {"name": "Free delivery", "partner_id": self.contact.id, "date_due": "2026-12-01"},
            **vals
        )
        return self.env["crm.commitment"].sudo(user).create(vals)

    def test_commitment_belongs_to_commercial_entity(self):
        promise = self._promise(self.salesman)
        self.assertEqual(promise.commercial_partner_id, self.customer)
        self.assertEqual(promise.user_id, self.salesman)
        self.assertEqual(promise.state, "open")

    def test_close_only_once(self):
        promise = self._promise(self.salesman)
        promise.action_keep()
        self.assertEqual(promise.state, "kept")
        with self.assertRaises(UserError):
            promise.action_break()
        self.assertEqual(promise.state, "kept")

    def test_salesman_sees_own_promises_and_own_customers_only(self):
        mine = self._promise(self.salesman)
        # Olga owns the customer: she sees Sam's promise to her customer.
        self.assertEqual(
            self.env["crm.commitment"].sudo(self.other).search([("id", "=", mine.id)]), mine
        )
        stranger = self.env["res.partner"].create({"name": "Stranger", "user_id": self.other.id})
        theirs = self._promise(self.other, partner_id=stranger.id)
        Commitment = self.env["crm.commitment"].sudo(self.salesman)
        self.assertFalse(Commitment.search([("id", "=", theirs.id)]))
        with self.assertRaises(AccessError):
            theirs.sudo(self.salesman).read(["name"])

    def test_overdue_promise_becomes_activity_once(self):
        promise = self._promise(self.salesman, date_due="2020-01-01")
        future = self._promise(self.salesman, date_due="2999-01-01")
        Commitment = self.env["crm.commitment"]
        flagged = Commitment._cron_flag_overdue()
        self.assertIn(promise, flagged)
        self.assertNotIn(future, flagged)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "crm.commitment"), ("res_id", "=", promise.id)])
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.salesman)
        self.assertTrue(promise.overdue_notified)
        # The account manager (Olga) is told on the customer's chatter.
        note = self.customer.message_ids[:1]
        self.assertIn(promise.name, note.body)
        self.assertIn(self.other.partner_id, note.partner_ids)
        # Rerunning the job changes nothing.
        self.assertFalse(Commitment._cron_flag_overdue() & promise)
        self.assertEqual(self.env["mail.activity"].search_count(
            [("res_model", "=", "crm.commitment"), ("res_id", "=", promise.id)]), 1)

    def test_promise_logged_from_any_document_chatter(self):
        lead = self.env["crm.lead"].create({"name": "Deal", "partner_id": self.contact.id})
        promise_type = self.env.ref("crm_customer360.mail_activity_type_promise")
        activity = self.env["mail.activity"].create({
            "res_model_id": self.env.ref("crm.model_crm_lead").id, "res_id": lead.id,
            "activity_type_id": promise_type.id, "summary": "Free installation",
            "date_deadline": "2026-12-24", "user_id": self.salesman.id})
        promise = activity.commitment_id
        self.assertEqual(promise.partner_id, self.contact)
        self.assertEqual(promise.commercial_partner_id, self.customer)
        self.assertEqual((promise.res_model, promise.res_id), ("crm.lead", lead.id))
        self.assertEqual(promise.date_due, "2026-12-24")
        self.assertEqual(promise.name, "Free installation")
        activity.action_feedback("Installed")
        self.assertEqual(promise.state, "kept")
        # Cancelling the activity cancels its promise.
        other = self.env["mail.activity"].create({
            "res_model_id": self.env.ref("base.model_res_partner").id, "res_id": self.customer.id,
            "activity_type_id": promise_type.id, "summary": "Discount next order",
            "date_deadline": "2026-12-24", "user_id": self.salesman.id})
        other_promise = other.commitment_id
        other.unlink()
        self.assertEqual(other_promise.state, "cancel")

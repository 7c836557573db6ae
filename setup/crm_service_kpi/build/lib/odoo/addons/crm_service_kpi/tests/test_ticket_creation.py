# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import unittest
from datetime import date, timedelta

from odoo.tests.common import SavepointCase


class TestTicketsFromPartner(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Ticket = cls.env["helpdesk.ticket"]
        own = cls.env.ref("helpdesk_mgmt.group_helpdesk_user_own")
        cls.agent = cls.env["res.users"].create(
            {"name": "Agent TC", "login": "agent.tc.kpi", "groups_id": [(6, 0, [own.id])]}
        )
        cls.colleague = cls.env["res.users"].create(
            {"name": "Colleague TC", "login": "colleague.tc.kpi", "groups_id": [(6, 0, [own.id])]}
        )
        salesman = cls.env.ref("sales_team.group_sale_salesman")
        cls.seller = cls.env["res.users"].create(
            {"name": "Seller TC", "login": "seller.tc.kpi", "groups_id": [(6, 0, [salesman.id])]}
        )
        cls.company = cls.env["res.partner"].create({"name": "Acme TC", "is_company": True})
        cls.contact_a = cls.env["res.partner"].create(
            {"name": "Ann TC", "email": "ann.tc@example.com", "parent_id": cls.company.id}
        )
        cls.contact_b = cls.env["res.partner"].create(
            {"name": "Ben TC", "parent_id": cls.company.id}
        )
        cls.stranger = cls.env["res.partner"].create({"name": "Stranger TC"})
        cls.tickets = cls.env["helpdesk.ticket"]
        for partner, user in (
            (cls.contact_a, cls.agent),
            (cls.contact_a, cls.colleague),
            (cls.company, False),
            (cls.stranger, cls.agent),
        ):
            cls.tickets |= cls.Ticket.create(
                {
                    "name": "Ticket of %s" % partner.name,
                    "description": "<p>x</p>",
                    "partner_id": partner.id,
                    "user_id": user and user.id,
                }
            )

    def test_ticket_count_covers_the_commercial_entity(self):
        partners = self.company | self.contact_a | self.contact_b | self.stranger
        self.assertEqual(partners.mapped("service_ticket_count"), [3, 3, 3, 1])
        # An agent who sees only own and unassigned tickets counts only those.
        as_agent = partners.sudo(self.agent)
        self.assertEqual(as_agent.mapped("service_ticket_count"), [2, 2, 2, 1])
        # No access to tickets at all: 0, not an error.
        self.assertEqual(self.company.sudo(self.seller).service_ticket_count, 0)

    def test_ticket_count_is_one_query_for_many_partners(self):
        partners = self.company | self.contact_a | self.contact_b | self.stranger
        partners.mapped("commercial_partner_id")
        partners._compute_service_ticket_count()  # warm the rule and access caches
        counts = {}
        for size in (1, 4):
            partners.invalidate_cache()
            queries = []
            cr_execute = self.env.cr.execute

            def counting_execute(query, params=None, log_exceptions=None):
                queries.append(query)
                return cr_execute(query, params)

            self.env.cr.execute = counting_execute
            try:
                partners[:size]._compute_service_ticket_count()
            finally:
                del self.env.cr.execute
            counts[size] = len(queries)
        # no query per partner: four partners cost no more than one
        self.assertLessEqual(counts[4], counts[1])

    def test_smart_button_opens_the_customers_tickets(self):
        action = self.contact_b.action_view_service_tickets()
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        found = self.Ticket.search(action["domain"])
        self.assertEqual(found, self.tickets[:3])
        self.assertEqual(action["context"]["default_partner_id"], self.contact_b.id)

    def test_new_ticket_action_prefills_the_customer(self):
        action = self.contact_a.action_new_service_ticket()
        self.assertEqual(
            (action["res_model"], action["views"], action["target"]),
            ("helpdesk.ticket", [[False, "form"]], "current"),
        )
        context = action["context"]
        self.assertEqual(
            (context["default_partner_id"], context["default_partner_name"],
             context["default_partner_email"]),
            (self.contact_a.id, "Ann TC", "ann.tc@example.com"),
        )
        ticket = self.Ticket.with_context(**context).create(
            {"name": "From the partner form", "description": "<p>x</p>"}
        )
        self.assertEqual(
            (ticket.partner_id, ticket.partner_name, ticket.partner_email),
            (self.contact_a, "Ann TC", "ann.tc@example.com"),
        )
        self.assertEqual(self.company.service_ticket_count, 4)

    def test_service_quick_action(self):
        """crm_service_kpi's contribution, whether or not crm_customer360 is there."""
        actions = self.contact_a._customer360_quick_actions_service()
        self.assertEqual([a["key"] for a in actions], ["new_ticket"])
        action = actions[0]["action"]
        self.assertEqual((action["res_model"], action["target"]), ("helpdesk.ticket", "new"))
        self.assertEqual(action["context"]["default_partner_id"], self.contact_a.id)
        # Only for users who may create tickets.
        self.assertEqual(self.contact_a.sudo(self.seller)._customer360_quick_actions_service(), [])
        self.assertEqual(
            len(self.contact_a.sudo(self.agent)._customer360_quick_actions_service()), 1
        )

    def test_customer360_quick_actions(self):
        if "crm.commitment" not in self.env:
            self.assertFalse(hasattr(self.env["res.partner"], "customer360_quick_actions"))
            raise unittest.SkipTest("crm_customer360 is not installed")
        actions = self.contact_a.customer360_quick_actions()
        keys = [a["key"] for a in actions]
        self.assertEqual(keys[:2], ["log_promise", "new_ticket"], "ordered by sequence")
        ticket_action = actions[1]["action"]
        self.assertEqual(ticket_action["context"]["default_partner_id"], self.contact_a.id)
        # A salesperson without helpdesk rights gets the promise only.
        seller_actions = self.contact_a.sudo(self.seller).customer360_quick_actions()
        seller_keys = [a["key"] for a in seller_actions]
        self.assertIn("log_promise", seller_keys)
        self.assertNotIn("new_ticket", seller_keys)


class TestSlaClassFromLoyaltyTier(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.has_loyalty = "crm.loyalty.tier" in cls.env
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Team SLA class"})
        cls.customer = cls.env["res.partner"].create({"name": "Tiered TC", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Tiered contact TC", "parent_id": cls.customer.id}
        )
        Policy = cls.env["crm.service.sla.policy"]
        cls.default_policy = Policy.create(
            {"name": "TC default", "team_id": cls.team.id,
             "first_response_hours": 8, "resolution_hours": 40}
        )
        cls.class_policy = Policy.create(
            {"name": "TC premium class", "team_id": cls.team.id, "tier_name": "premium-a",
             "first_response_hours": 1, "resolution_hours": 8}
        )
        cls.name_policy = Policy.create(
            {"name": "TC tier name", "team_id": cls.team.id, "tier_name": "Tier TC",
             "first_response_hours": 2, "resolution_hours": 16}
        )
        if cls.has_loyalty:
            program = cls.env["crm.loyalty.program"].search([], limit=1)
            cls.tier = cls.env["crm.loyalty.tier"].search(
                [("program_id", "=", program.id)], limit=1
            )
            cls.tier.write({"name": "Tier TC"})
            cls.customer.sudo().write({"loyalty_tier_id": cls.tier.id})

    def _ticket(self):
        return self.env["helpdesk.ticket"].create(
            {"name": "Tier ticket", "description": "<p>x</p>",
             "partner_id": self.contact.id, "team_id": self.team.id}
        )

    def test_without_tier(self):
        stranger = self.env["res.partner"].create({"name": "No tier TC"})
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "t", "description": "<p>x</p>", "partner_id": stranger.id,
             "team_id": self.team.id}
        )
        self.assertFalse(ticket._sla_customer_tier())
        self.assertEqual(ticket.sla_policy_id, self.default_policy)

    def test_sla_class_then_tier_name(self):
        if not self.has_loyalty:
            raise unittest.SkipTest("crm_loyalty is not installed")
        if "sla_class" not in self.tier._fields:
            raise unittest.SkipTest("crm.loyalty.tier has no sla_class yet")
        self.tier.write({"sla_class": "Premium-A"})
        ticket = self._ticket()
        self.assertEqual(ticket._sla_customer_tier(), "Premium-A")
        self.assertEqual(ticket.sla_policy_id, self.class_policy, "class compared without case")
        # Without a class, the tier's name is compared.
        self.tier.write({"sla_class": False})
        ticket = self._ticket()
        self.assertEqual(ticket._sla_customer_tier(), "Tier TC")
        self.assertEqual(ticket.sla_policy_id, self.name_policy)
        # A class matching no policy: the team's default policy.
        self.tier.write({"sla_class": "basic"})
        self.assertEqual(self._ticket().sla_policy_id, self.default_policy)


class TestDemoFillsTheDashboard(SavepointCase):
    def test_kpi_summary_after_demo(self):
        demo = self.env["ir.module.module"].search(
            [("name", "=", "crm_service_kpi"), ("demo", "=", True)]
        )
        if not demo:
            raise unittest.SkipTest("database without demo data")
        today = date.today()
        summary = self.env["helpdesk.ticket"].kpi_summary(
            str(today - timedelta(days=183)), str(today)
        )
        empty = sorted(key for key, value in summary.items() if value in (None, 0))
        self.assertEqual(empty, [], "every KPI has a value over the last 6 months")
        self.assertGreaterEqual(summary["ticket_count"], 150)
        self.assertGreater(summary["feedback_answered_count"], 30)
        # fast first responses score better than slow ones (driver analysis)
        self.env.cr.execute(
            """
            SELECT avg(f.csat) FILTER (WHERE t.first_response_hours <= 1),
                   avg(f.csat) FILTER (WHERE t.first_response_hours > 4)
              FROM crm_service_feedback f
              JOIN helpdesk_ticket t ON t.id = f.ticket_id
             WHERE f.state = 'answered'
            """
        )
        fast, slow = self.env.cr.fetchone()
        self.assertGreater(fast, slow)

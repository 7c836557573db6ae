"""Installed together, the addons enrich each other: tier and satisfaction in
the Customer 360 header, tier changes and feedback on the timeline."""
from odoo.tests.common import SavepointCase


class TestSuiteEnrichment(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.customer = cls.env["res.partner"].create({"name": "Enriched Co", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Erin Enriched", "parent_id": cls.customer.id})
        program = cls.env.ref("crm_loyalty.crm_loyalty_program_default")
        cls.silver, cls.gold = program.tier_ids.sorted("sequence")[1:3]

    def _feedback(self, csat, nps):
        Feedback = self.env["crm.service.feedback"]
        vals = {"partner_id": self.contact.id, "csat": csat, "nps": nps}
        if "state" in Feedback._fields:
            vals["state"] = "answered"
        return Feedback.create(vals)

    def test_header_shows_tier_and_satisfaction(self):
        self.customer.loyalty_tier_id = self.gold
        self._feedback(5, 10)
        self._feedback(2, 5)
        facts = self.customer.customer360_header()
        self.assertEqual(facts["tier"], self.gold.name)
        self.assertEqual(facts["satisfaction"]["count"], 2)
        self.assertEqual(facts["satisfaction"]["csat_avg"], 3.5)
        # one promoter, one detractor out of two: NPS 0
        self.assertEqual(facts["satisfaction"]["nps"], 0.0)

    def test_tier_change_and_feedback_on_timeline(self):
        history = self.env["crm.loyalty.tier.history"].create({
            "partner_id": self.customer.id,
            "program_id": self.silver.program_id.id,
            "company_id": self.silver.program_id.company_id.id,
            "from_tier_id": self.silver.id, "to_tier_id": self.gold.id,
            "date": "2026-06-01", "reason": "computed", "score": 60.0,
        })
        feedback = self._feedback(4, 9)
        events = self.customer.customer360_timeline(
            limit=20, event_types=["tier_change", "feedback"])["events"]
        found = {(e["event_type"], e["res_id"]) for e in events}
        self.assertIn(("tier_change", history.id), found)
        self.assertIn(("feedback", feedback.id), found)
        tier_event = [e for e in events if e["event_type"] == "tier_change"][0]
        self.assertIn(self.gold.name, tier_event["summary"])
        self.assertEqual(tier_event["department"], "marketing")

    def test_ticket_past_sla_is_an_open_problem(self):
        Problem = self.env["crm.customer360.problem"]
        self.assertEqual(Problem._customer360_problems_of(self.customer), [])
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Broken pump", "description": "x", "partner_id": self.contact.id})
        ticket.with_context(sla_skip=True).write({"sla_status": "breached"})
        problems = Problem._customer360_problems_of(self.contact)
        self.assertEqual([(p["model"], p["res_id"]) for p in problems],
                         [("helpdesk.ticket", ticket.id)])

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase

from odoo.addons.crm_customer_base.rules import definitions

PERIOD = ("2026-01-05", "2026-01-09")
# (csat, nps): promoters, passives, detractors, and unhappy CSAT with a passive NPS
ANSWERS = [(5, 10), (4, 9), (3, 8), (1, 7), (2, 6), (3, 0), (5, 9)]


class TestDefinitionsAgree(SavepointCase):
    """Issue #5: the ticket KPIs, the scorecards and the driver report count
    promoters, detractors and satisfied answers as crm_customer_base's
    definitions do; ``is_detractor`` of the feedback is the unhappy answer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz="UTC"))
        Users = env["res.users"].with_context(no_reset_password=True)
        cls.agent = Users.create({
            "name": "Definitions Agent", "login": "definitions_agent", "tz": "UTC",
            "groups_id": [(6, 0, [env.ref("base.group_user").id,
                                  env.ref("helpdesk_mgmt.group_helpdesk_user").id])]})
        cls.seller = Users.create({
            "name": "Definitions Seller", "login": "definitions_seller", "tz": "UTC",
            "groups_id": [(6, 0, [env.ref("base.group_user").id,
                                  env.ref("sales_team.group_sale_salesman").id])]})
        cls.team = env["helpdesk.ticket.team"].create({
            "name": "Definitions Team", "tz": "UTC", "user_ids": [(6, 0, [cls.agent.id])]})
        cls.customer = env["res.partner"].create({
            "name": "Definitions Customer", "customer": True, "user_id": cls.seller.id})
        Ticket = env["helpdesk.ticket"].with_context(sla_now="2026-01-05 09:00:00")
        cls.feedback = env["crm.service.feedback"]
        for i, (csat, nps) in enumerate(ANSWERS):
            ticket = Ticket.create({"name": "Definitions %s" % i, "team_id": cls.team.id,
                                    "user_id": cls.agent.id, "partner_id": cls.customer.id})
            cls.feedback |= env["crm.service.feedback"].create({
                "ticket_id": ticket.id, "partner_id": cls.customer.id,
                "user_id": cls.agent.id, "team_id": cls.team.id,
                "request_date": "2026-01-05 12:00:00", "state": "answered",
                "answered_date": "2026-01-06 10:00:00", "csat": csat, "nps": nps})
        cls.nps = definitions.nps([n for _c, n in ANSWERS])

    def test_ticket_kpis(self):
        summary = self.env["helpdesk.ticket"].kpi_summary(*PERIOD, team_ids=[self.team.id])
        self.assertEqual(summary["nps"], self.nps)
        self.assertAlmostEqual(summary["csat_satisfied_pct"], definitions.csat_satisfied_pct(
            [c for c, _n in ANSWERS]), places=2)

    def test_scorecards(self):
        Card = self.env["crm.service.scorecard"]
        service = Card.create({
            "name": "Definitions service", "department": "service",
            "helpdesk_team_ids": [(6, 0, [self.team.id])], "satisfaction_measure": "nps",
            "satisfaction_floor": -100.0, "satisfaction_weight": 1.0})
        rows = service.compute_scorecards(*PERIOD)
        self.assertEqual({r["satisfaction"] for r in rows}, {self.nps})
        sales = Card.create({
            "name": "Definitions sales", "department": "sales",
            "user_ids": [(6, 0, [self.seller.id])], "satisfaction_measure": "nps",
            "satisfaction_floor": -100.0, "satisfaction_weight": 1.0})
        row, = sales.compute_scorecards(*PERIOD)
        self.assertEqual(row["satisfaction"], self.nps)

    def test_driver_report(self):
        Report = self.env["crm.service.driver.report"]
        group, = Report.read_group(
            [("team_id", "=", self.team.id)],
            ["team_id", "nps_points", "is_promoter", "is_detractor", "is_satisfied"],
            ["team_id"])
        self.assertAlmostEqual(group["nps_points"], self.nps, places=2)
        self.assertEqual(group["is_promoter"],
                         sum(1 for _c, n in ANSWERS if definitions.is_promoter(n)))
        # the driver report's detractors are NPS detractors only
        self.assertEqual(group["is_detractor"],
                         sum(1 for _c, n in ANSWERS if definitions.is_detractor(n)))

    def test_unhappy_answer(self):
        for rec, (csat, nps) in zip(self.feedback, ANSWERS):
            self.assertEqual(rec.is_detractor, definitions.is_unhappy(csat, nps), (csat, nps))
        # CSAT 1 with a passive NPS: unhappy (follow-up), not an NPS detractor
        self.assertTrue(self.feedback[3].is_detractor)
        self.assertFalse(definitions.is_detractor(ANSWERS[3][1]))
        field = self.env["crm.service.feedback"]._fields["is_detractor"]
        self.assertEqual(field.string, "Unhappy Answer")
        self.assertIn("NPS 0-6", field.help)
        self.assertIn("CSAT of 1-2", field.help)

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase


class TestMissingFigures(SavepointCase):
    """Issue #11: a resolution not yet reached is missing (empty), never 0,
    on the ticket, in its pivot and in the SQL analysis report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        calendar = env["resource.calendar"].create({
            "name": "Missing Mon-Fri 8-17",
            "attendance_ids": [(0, 0, {"name": "Day %s" % d, "dayofweek": str(d),
                                       "hour_from": 8.0, "hour_to": 17.0}) for d in range(5)],
        })
        cls.team = env["helpdesk.ticket.team"].create({
            "name": "Missing Team", "tz": "UTC", "resource_calendar_id": calendar.id})
        Ticket = env["helpdesk.ticket"].with_context(sla_now="2026-01-05 08:00:00")
        cls.open = Ticket.create({"name": "Open", "team_id": cls.team.id})
        cls.solved = Ticket.create({"name": "Solved", "team_id": cls.team.id})
        cls.solved.write({"stage_id": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
                          "cause_id": env.ref("crm_service_kpi.ticket_cause_other").id})
        cls.solved.with_context(sla_skip=True).write({
            "first_response_date": "2026-01-05 09:00:00",
            "closed_date": "2026-01-05 12:00:00"})

    def test_ticket_fields(self):
        self.assertIs(self.open.resolution_hours, False)
        self.assertIs(self.open.first_response_hours, False)
        self.assertEqual(self.open.read(["resolution_hours"])[0]["resolution_hours"], False)
        self.assertAlmostEqual(self.solved.resolution_hours, 4.0)
        self.assertAlmostEqual(self.solved.first_response_hours, 1.0)
        # stored as NULL, so that averages leave the open ticket out
        self.env.cr.execute("SELECT resolution_hours FROM helpdesk_ticket WHERE id = %s",
                            [self.open.id])
        self.assertIsNone(self.env.cr.fetchone()[0])
        group, = self.env["helpdesk.ticket"].read_group(
            [("team_id", "=", self.team.id)], ["team_id", "resolution_hours"], ["team_id"])
        self.assertAlmostEqual(group["resolution_hours"], 4.0)
        # a group of open tickets only: missing, not 0
        group, = self.env["helpdesk.ticket"].read_group(
            [("id", "=", self.open.id)], ["team_id", "resolution_hours"], ["team_id"])
        self.assertIs(group["resolution_hours"], False)

    def test_analysis_report(self):
        Report = self.env["crm.service.kpi.report"]
        self.env["crm.service.kpi.report"].invalidate_cache()
        groups = {g["ticket_id"][0]: g for g in Report.read_group(
            [("team_id", "=", self.team.id)],
            ["ticket_id", "resolution_hours", "first_response_hours"], ["ticket_id"])}
        self.assertIs(groups[self.open.id]["resolution_hours"], False)
        self.assertIs(groups[self.open.id]["first_response_hours"], False)
        self.assertAlmostEqual(groups[self.solved.id]["resolution_hours"], 4.0)
        row = Report.search([("ticket_id", "=", self.open.id)])
        self.assertIs(row.resolution_hours, False)

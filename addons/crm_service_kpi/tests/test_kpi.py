# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase


class TestKpiSummary(SavepointCase):
    """KPIs on hand-made data, every expected figure computed by hand.

    Calendar Mon-Fri 08-17 UTC; period Mon 2026-01-05 .. Fri 2026-01-16
    (end = Sat 2026-01-17 00:00 UTC). Policy: first response 2h, resolution 8h.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz="UTC"))
        cls.Ticket = env["helpdesk.ticket"]
        cls.stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.calendar = env["resource.calendar"].create({
            "name": "KPI Mon-Fri 8-17",
            "attendance_ids": [(0, 0, {
                "name": "Day %s" % d, "dayofweek": str(d),
                "hour_from": 8.0, "hour_to": 17.0}) for d in range(5)],
        })
        own = env.ref("helpdesk_mgmt.group_helpdesk_user_own")
        Users = env["res.users"].with_context(no_reset_password=True)
        cls.agent_a, cls.agent_b = (Users.create({
            "name": "KPI Agent %s" % x, "login": "kpi_agent_%s" % x, "tz": "UTC",
            "groups_id": [(6, 0, [env.ref("base.group_user").id, own.id])],
        }) for x in "ab")
        cls.team = env["helpdesk.ticket.team"].create({
            "name": "KPI Team", "tz": "UTC", "resource_calendar_id": cls.calendar.id,
            "user_ids": [(6, 0, [cls.agent_a.id, cls.agent_b.id])],
        })
        cls.customer = env["res.partner"].create({"name": "KPI Customer"})
        env["crm.service.sla.policy"].create({
            "name": "KPI standard", "team_id": cls.team.id,
            "first_response_hours": 2.0, "resolution_hours": 8.0,
        })
        A, B = cls.agent_a, cls.agent_b
        # T1: Fri 16:00 -> answered Mon 09:00 (1+1 = 2h) -> closed Mon 15:00
        #     (1+7 = 8h), SLA met
        cls.t1 = cls._ticket(A, "2026-01-09 16:00:00", "2026-01-12 09:00:00",
                             "2026-01-12 15:00:00", "met")
        # T2: Mon 08:00 -> answered Mon 12:00 (4h) -> closed Tue 12:00
        #     (9+4 = 13h) minus 3h paused = 10h; breached, reopened once
        cls.t2 = cls._ticket(A, "2026-01-12 08:00:00", "2026-01-12 12:00:00",
                             "2026-01-13 12:00:00", "breached", paused=3.0, reopen=1)
        # T3: Tue 10:00 -> answered 10:30 (0.5h), still open
        cls.t3 = cls._ticket(B, "2026-01-13 10:00:00", "2026-01-13 10:30:00",
                             False, "on_track")
        # T4: Wed 16:00, no answer, open and breached
        cls.t4 = cls._ticket(B, "2026-01-14 16:00:00", False, False, "breached")
        # T5: opened before the period (Fri 2026-01-02 10:00), still open
        cls.t5 = cls._ticket(A, "2026-01-02 10:00:00", False, False, "breached")
        # T6: opened after the period: counts nowhere
        cls.t6 = cls._ticket(B, "2026-01-20 10:00:00", False, False, "on_track")

        def fb(ticket, user, requested, answered=False, csat=0, nps=0):
            vals = {"ticket_id": ticket.id, "partner_id": cls.customer.id,
                    "user_id": user.id, "team_id": cls.team.id,
                    "request_date": requested}
            if answered:
                vals.update(state="answered", answered_date=answered, csat=csat, nps=nps)
            else:
                vals.update(state="requested")
            return env["crm.service.feedback"].create(vals)
        fb(cls.t1, A, "2026-01-12 15:00:00", "2026-01-12 16:00:00", 5, 10)
        fb(cls.t2, A, "2026-01-13 13:00:00", "2026-01-14 09:00:00", 3, 6)
        fb(cls.t3, B, "2026-01-15 09:00:00", "2026-01-15 10:00:00", 4, 9)
        fb(cls.t4, B, "2026-01-15 11:00:00")
        # requested in the period, answered after it
        fb(cls.t5, A, "2026-01-16 09:00:00", "2026-01-20 09:00:00", 1, 0)

    @classmethod
    def _ticket(cls, user, start, first, closed, status, paused=0.0, reopen=0):
        ticket = cls.Ticket.with_context(sla_now=start).create({
            "name": "KPI %s" % start, "team_id": cls.team.id, "user_id": user.id,
            "partner_id": cls.customer.id, "stage_id": cls.stage_new.id})
        if closed:
            ticket.with_context(sla_now=closed).write({"stage_id": cls.stage_done.id, "cause_id": cls.env.ref("crm_service_kpi.ticket_cause_other").id})
        ticket.write({"first_response_date": first, "closed_date": closed})
        ticket.write({"sla_paused_hours": paused, "reopen_count": reopen,
                      "sla_status": status})
        return ticket

    def _summary(self, env=None, **kw):
        Ticket = (env or self.env)["helpdesk.ticket"]
        kw.setdefault("team_ids", [self.team.id])
        return Ticket.kpi_summary("2026-01-05", "2026-01-16", **kw)

    def assertFigures(self, res, expected):
        for key, value in expected.items():
            if value is None:
                # missing: False over RPC (XML-RPC refuses None), never 0
                self.assertIs(res[key], False, key)
            else:
                self.assertAlmostEqual(res[key], value, places=2, msg=key)

    def test_stored_working_hours(self):
        self.assertAlmostEqual(self.t1.first_response_hours, 2.0)
        self.assertAlmostEqual(self.t1.resolution_hours, 8.0)
        self.assertAlmostEqual(self.t2.first_response_hours, 4.0)
        self.assertAlmostEqual(self.t2.resolution_hours, 13.0 - 3.0)
        self.assertAlmostEqual(self.t3.first_response_hours, 0.5)
        self.assertEqual(self.t3.resolution_hours, 0.0)

    def test_summary_all(self):
        res = self._summary()
        self.assertFigures(res, {
            "ticket_count": 4,                                 # T1-T4
            "first_response_hours_avg": (2 + 4 + 0.5) / 3,     # T1, T2, T3
            "resolution_hours_avg": (8 + 10) / 2,              # T1, T2
            "sla_compliance_pct": 100.0 * 1 / 3,               # met T1 / T1, T2, T4
            "reopen_rate_pct": 100.0 * 1 / 2,                  # T2 / T1, T2
            "csat_avg": (5 + 3 + 4) / 3,
            "csat_satisfied_pct": 100.0 * 2 / 3,               # 5 and 4
            "nps": 100.0 * (2 - 1) / 3,                        # 10, 9 vs 6
            "feedback_response_rate_pct": 100.0 * 4 / 5,       # 5 requests, 4 answered
            "backlog_count": 3,                                # T3, T4, T5
            # ages at Sat 17 00:00: 3d14h, 2d8h, 14d14h
            "backlog_age_days_avg": (3 + 14 / 24 + 2 + 8 / 24 + 14 + 14 / 24) / 3,
        })

    def test_summary_by_user(self):
        res = self._summary(user_ids=[self.agent_b.id])
        self.assertFigures(res, {
            "ticket_count": 2, "first_response_hours_avg": 0.5,
            "resolution_hours_avg": None, "sla_compliance_pct": 0.0,
            "reopen_rate_pct": None, "csat_avg": 4.0, "nps": 100.0,
            "feedback_response_rate_pct": 50.0, "backlog_count": 2,
            "backlog_age_days_avg": (3 + 14 / 24 + 2 + 8 / 24) / 2,
        })

    def test_agent_sees_only_his_figures(self):
        res = self._summary(env=self.env(user=self.agent_a.id))
        self.assertFigures(res, {
            "ticket_count": 2,                                 # T1, T2
            "first_response_hours_avg": 3.0, "resolution_hours_avg": 9.0,
            "sla_compliance_pct": 50.0, "reopen_rate_pct": 50.0,
            "csat_avg": 4.0, "csat_satisfied_pct": 50.0, "nps": 0.0,
            "feedback_response_rate_pct": 100.0,
            "backlog_count": 1, "backlog_age_days_avg": 14 + 14 / 24,   # T5
        })

    def test_backlog_after_the_end_and_tickets_without_sla_start(self):
        B = self.agent_b
        # T7: Thu 10:00 -> answered 11:00 (1h) -> closed after the period, on
        #     Mon 19 10:00 (7 + 9 + 2 = 18h): in the backlog at the end
        self._ticket(B, "2026-01-15 10:00:00", "2026-01-15 11:00:00",
                     "2026-01-19 10:00:00", "met")
        # T8: created Wed 7 12:00 before the SLA feature (no SLA start): its
        #     creation opens it; still open
        t8 = self._ticket(B, "2026-01-07 12:00:00", False, False, "on_track")
        self.env.cr.execute("UPDATE helpdesk_ticket SET sla_start_date = NULL, create_date = %s"
                            " WHERE id = %s", ["2026-01-07 12:00:00", t8.id])
        # T9: created before the SLA feature after the period: nowhere
        t9 = self._ticket(B, "2026-01-20 12:00:00", False, False, "on_track")
        self.env.cr.execute("UPDATE helpdesk_ticket SET sla_start_date = NULL, create_date = %s"
                            " WHERE id = %s", ["2026-01-20 12:00:00", t9.id])
        self.Ticket.invalidate_cache()
        res = self._summary(user_ids=[B.id])
        self.assertFigures(res, {
            "ticket_count": 4,                                 # T3, T4, T7, T8
            "first_response_hours_avg": (0.5 + 1) / 2,         # T3, T7
            "resolution_hours_avg": 18.0,                      # T7
            "sla_compliance_pct": 50.0,                        # met T7 / T4, T7
            "reopen_rate_pct": 0.0,                            # 0 / T7
            "backlog_count": 4,                                # T3, T4, T7, T8
            # ages at Sat 17 00:00: 3d14h, 2d8h, 1d14h, 9d12h
            "backlog_age_days_avg": (3 + 14 / 24 + 2 + 8 / 24 + 1 + 14 / 24 + 9 + 12 / 24) / 4,
        })
        # the summary per employee gives the same figures
        grouped = self.Ticket.kpi_summary_grouped(
            "2026-01-05", "2026-01-16", "user", team_ids=[self.team.id])
        self.assertEqual(grouped[str(B.id)], res)

    def test_bad_input(self):
        Team = self.env["helpdesk.ticket.team"]
        last_team = Team.search([], order="id desc", limit=1).id
        with self.assertRaises(UserError), self.cr.savepoint():
            self.Ticket.kpi_summary("2026-01-16", "2026-01-05")
        with self.assertRaises(UserError), self.cr.savepoint():
            self.Ticket.kpi_summary("2026-13-01", "2026-01-05")
        with self.assertRaises(UserError), self.cr.savepoint():
            self.Ticket.kpi_summary("2026-01-05", "2026-01-16", team_ids=[last_team + 1000])
        with self.assertRaises(UserError), self.cr.savepoint():
            self.Ticket.kpi_summary("2026-01-05", "2026-01-16", user_ids=[10 ** 8])
        with self.assertRaises(UserError), self.cr.savepoint():
            self.Ticket.kpi_summary("2026-01-05", "2026-01-16", team_ids=["x"])

    def test_report_rows(self):
        Report = self.env["crm.service.kpi.report"]
        rows = {r.ticket_id: r for r in Report.search([("team_id", "=", self.team.id)])}
        self.assertEqual(len(rows), 6)
        t2 = rows[self.t2]
        self.assertEqual((t2.reopened, t2.sla_breached, t2.answered), (1, 1, 1))
        self.assertAlmostEqual(t2.resolution_hours, 10.0)
        self.assertEqual((t2.csat, t2.nps), (3.0, 6.0))
        self.assertEqual(rows[self.t1].sla_met, 1)
        self.assertEqual(rows[self.t4].answered, 0)
        self.assertEqual(rows[self.t1].open_month, "2026-01-01")
        # the agent limited to his own tickets sees only his rows
        agent_rows = Report.sudo(self.agent_a).search([("team_id", "=", self.team.id)])
        self.assertEqual(agent_rows.mapped("ticket_id"), self.t1 | self.t2 | self.t5)

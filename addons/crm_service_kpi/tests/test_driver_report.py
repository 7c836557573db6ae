# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase

from ..rules import driver


class TestDriverBucketsSql(SavepointCase):
    """The SQL that rules/driver.py owns agrees with its Python."""

    def test_sql_case_matches_python(self):
        for buckets in (driver.FIRST_RESPONSE_BUCKETS, driver.RESOLUTION_BUCKETS):
            case = driver.bucket_case_sql("h", buckets)
            for hours in (None, 0.0, 0.5, 1.0, 3.99, 4.0, 7.5, 8.0, 23.9, 24.0, 39.0,
                          40.0, 79.0, 80.0, 500.0):
                self.env.cr.execute("SELECT %s FROM (SELECT %%s::float AS h) x" % case,
                                    (hours,))
                self.assertEqual(self.env.cr.fetchone()[0], driver.bucket(hours, buckets),
                                 hours)

    def test_sla_outcome_sql_matches_python(self):
        case = driver.sla_outcome_sql("p", "s")
        for policy in (None, 7):
            for status in (None, "on_track", "at_risk", "breached", "met"):
                self.env.cr.execute(
                    "SELECT %s FROM (SELECT %%s::int AS p, %%s::varchar AS s) x" % case,
                    (policy, status))
                self.assertEqual(self.env.cr.fetchone()[0],
                                 driver.sla_outcome(bool(policy), status), (policy, status))


class TestDriverReport(SavepointCase):
    """Four answered tickets, hours counted on a Mon-Fri 08-17 UTC calendar.

    T1 (agent A, team D): answered in 0.5 h, solved in 6 h, SLA met, CSAT 5 NPS 10.
    T2 (A, D): 2 h, 13 h, breached, CSAT 3 NPS 7.
    T3 (agent B, D): 30 h, open, SLA pending, CSAT 1 NPS 2.
    T4 (agent C, team E without SLA policy): 5 h, open, CSAT 4 NPS 9.
    T5 (A, D): feedback requested, never answered: not in the report.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz="UTC"))
        cls.Ticket = env["helpdesk.ticket"]
        cls.stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        calendar = env["resource.calendar"].create({
            "name": "Driver Mon-Fri 8-17",
            "attendance_ids": [(0, 0, {"name": "Day %s" % d, "dayofweek": str(d),
                                       "hour_from": 8.0, "hour_to": 17.0}) for d in range(5)],
        })
        Users = env["res.users"].with_context(no_reset_password=True)

        def user(login, group):
            return Users.create({
                "name": "Driver %s" % login, "login": "driver_%s" % login, "tz": "UTC",
                "groups_id": [(6, 0, [env.ref("base.group_user").id, env.ref(group).id])]})
        cls.agent_a = user("a", "helpdesk_mgmt.group_helpdesk_user_own")
        cls.agent_b = user("b", "helpdesk_mgmt.group_helpdesk_user")
        cls.agent_c = user("c", "helpdesk_mgmt.group_helpdesk_user")
        cls.category = env["helpdesk.ticket.category"].create({"name": "Driver repairs"})
        cls.team_d = env["helpdesk.ticket.team"].create({
            "name": "Driver Team D", "tz": "UTC", "resource_calendar_id": calendar.id,
            "user_ids": [(6, 0, [cls.agent_a.id, cls.agent_b.id])]})
        cls.team_e = env["helpdesk.ticket.team"].create({
            "name": "Driver Team E", "tz": "UTC", "resource_calendar_id": calendar.id,
            "user_ids": [(6, 0, [cls.agent_c.id])]})
        env["crm.service.sla.policy"].create({
            "name": "Driver standard", "team_id": cls.team_d.id,
            "first_response_hours": 2.0, "resolution_hours": 8.0})
        cls.customer = env["res.partner"].create({"name": "Driver Customer"})
        A, B, C, D, E = cls.agent_a, cls.agent_b, cls.agent_c, cls.team_d, cls.team_e
        cls.t1 = cls._ticket(A, D, "2026-01-05 09:30:00", "2026-01-05 15:00:00", "met")
        cls.t2 = cls._ticket(A, D, "2026-01-05 11:00:00", "2026-01-06 13:00:00", "breached")
        cls.t3 = cls._ticket(B, D, "2026-01-08 12:00:00", False, "on_track")
        cls.t4 = cls._ticket(C, E, "2026-01-05 14:00:00", False, False)
        cls.t5 = cls._ticket(A, D, "2026-01-05 10:00:00", False, "on_track")
        Feedback = env["crm.service.feedback"]
        for ticket, csat, nps in ((cls.t1, 5, 10), (cls.t2, 3, 7), (cls.t3, 1, 2),
                                  (cls.t4, 4, 9)):
            Feedback.create({
                "ticket_id": ticket.id, "partner_id": cls.customer.id,
                "user_id": ticket.user_id.id, "team_id": ticket.team_id.id,
                "state": "answered", "answered_date": "2026-01-09 10:00:00",
                "csat": csat, "nps": nps})
        Feedback.create({"ticket_id": cls.t5.id, "partner_id": cls.customer.id,
                         "user_id": A.id, "team_id": D.id, "state": "requested"})

    @classmethod
    def _ticket(cls, user, team, first, closed, status):
        ticket = cls.Ticket.with_context(sla_now="2026-01-05 09:00:00").create({
            "name": "Driver ticket", "description": "x", "team_id": team.id,
            "user_id": user.id, "partner_id": cls.customer.id,
            "category_id": cls.category.id, "stage_id": cls.stage_new.id})
        if closed:
            ticket.with_context(sla_now=closed).write({"stage_id": cls.stage_done.id, "cause_id": cls.env.ref("crm_service_kpi.ticket_cause_other").id})
        ticket.write({"first_response_date": first, "closed_date": closed})
        if status:
            ticket.write({"sla_status": status})
        else:
            # no policy applies (demo data may hold company-wide policies)
            ticket._sla_bookkeeping().write({"sla_policy_id": False, "sla_status": False})
        return ticket

    def _rows(self, user=None):
        Report = self.env["crm.service.driver.report"]
        if user:
            Report = Report.sudo(user)
        return {r.ticket_id.id: r for r in Report.search(
            [("partner_id", "=", self.customer.id)])}

    def test_rows_and_buckets(self):
        rows = self._rows()
        self.assertEqual(set(rows), {self.t1.id, self.t2.id, self.t3.id, self.t4.id})
        self.assertEqual(
            [(rows[t.id].frt_bucket, rows[t.id].resolution_bucket, rows[t.id].sla_outcome)
             for t in (self.t1, self.t2, self.t3, self.t4)],
            [("1_lt_1", "1_lt_8", "met"),          # 0.5 h, 6 h
             ("2_1_4", "2_8_24", "breached"),      # 2 h, 8 + 5 = 13 h
             ("5_gt_24", "0_none", "pending"),     # 8 + 9 + 9 + 4 = 30 h, open
             ("3_4_8", "0_none", "none")])         # 3 + 2 = 5 h, no policy
        self.assertAlmostEqual(rows[self.t3.id].first_response_hours, 30.0)
        self.assertEqual(rows[self.t1.id].category_id, self.category)
        self.assertEqual((rows[self.t3.id].is_detractor, rows[self.t3.id].is_promoter), (1, 0))

    def test_satisfaction_by_driver(self):
        Report = self.env["crm.service.driver.report"]
        domain = [("partner_id", "=", self.customer.id)]
        total = Report.read_group(domain, ["csat", "nps_points", "is_satisfied",
                                           "feedback_count"], [])[0]
        self.assertEqual(total["feedback_count"], 4)
        self.assertAlmostEqual(total["csat"], (5 + 3 + 1 + 4) / 4)
        self.assertAlmostEqual(total["nps_points"], 100.0 * (2 - 1) / 4)   # 10, 9 vs 2
        self.assertAlmostEqual(total["is_satisfied"], 100.0 * 2 / 4)       # 5 and 4
        by_sla = {g["sla_outcome"]: g["csat"] for g in Report.read_group(
            domain, ["sla_outcome", "csat"], ["sla_outcome"])}
        self.assertEqual(by_sla, {"met": 5.0, "breached": 3.0, "pending": 1.0, "none": 4.0})
        by_team = {g["team_id"][0]: g["csat"] for g in Report.read_group(
            domain, ["team_id", "csat"], ["team_id"])}
        self.assertEqual(by_team, {self.team_d.id: 3.0, self.team_e.id: 4.0})
        by_frt = [g["frt_bucket"] for g in Report.read_group(
            domain, ["frt_bucket", "csat"], ["frt_bucket"], orderby="frt_bucket")]
        self.assertEqual(by_frt, ["1_lt_1", "2_1_4", "3_4_8", "5_gt_24"])   # fast to slow

    def test_access_follows_feedback_rules(self):
        # agent limited to own tickets: own feedback only
        self.assertEqual(set(self._rows(self.agent_a)), {self.t1.id, self.t2.id})
        # helpdesk user: own and own team's
        self.assertEqual(set(self._rows(self.agent_b)), {self.t1.id, self.t2.id, self.t3.id})
        self.assertEqual(set(self._rows(self.agent_c)), {self.t4.id})
        # the same as what they may read in the feedback itself
        for agent in (self.agent_a, self.agent_b, self.agent_c):
            feedback = self.env["crm.service.feedback"].sudo(agent).search(
                [("partner_id", "=", self.customer.id), ("state", "=", "answered")])
            self.assertEqual(set(feedback.mapped("ticket_id").ids), set(self._rows(agent)))

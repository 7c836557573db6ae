# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase

MON = "2026-01-12 %s:00"  # a Monday; calendar Mon-Fri 08-17 UTC


class TestNextReply(SavepointCase):
    """Issue 16 part 4: the next-reply SLA. Policy: next reply within 4
    working hours, at risk at 80 % (3.2 h)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz="UTC"))
        env["crm.service.sla.policy"].search([]).write({"active": False})
        cls.stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_waiting = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_waiting.waiting_customer = True
        calendar = env["resource.calendar"].create({
            "name": "NR Mon-Fri 8-17",
            "attendance_ids": [(0, 0, {"name": "Day %s" % d, "dayofweek": str(d),
                                       "hour_from": 8.0, "hour_to": 17.0}) for d in range(5)],
        })
        group_user = env.ref("helpdesk_mgmt.group_helpdesk_user")
        Users = env["res.users"].with_context(no_reset_password=True)
        cls.agent, cls.leader = (Users.create({
            "name": "NR %s" % x, "login": "nr_%s" % x, "email": "nr_%s@example.com" % x,
            "groups_id": [(6, 0, [env.ref("base.group_user").id, group_user.id])],
        }) for x in ("agent", "leader"))
        cls.team = env["helpdesk.ticket.team"].create({
            "name": "NR Team", "leader_id": cls.leader.id, "tz": "UTC",
            "resource_calendar_id": calendar.id,
            "user_ids": [(6, 0, [cls.agent.id, cls.leader.id])]})
        cls.customer = env["res.partner"].create({
            "name": "NR Customer", "email": "nr_customer@example.com"})
        cls.policy = env["crm.service.sla.policy"].create({
            "name": "NR standard", "team_id": cls.team.id, "first_response_hours": 2.0,
            "resolution_hours": 40.0, "next_reply_hours": 4.0})

    def _ticket(self):
        ticket = self.env["helpdesk.ticket"].with_context(sla_now=MON % "08:00").create({
            "name": "Router drops", "team_id": self.team.id, "partner_id": self.customer.id,
            "user_id": self.agent.id, "stage_id": self.stage_new.id})
        self._post(ticket, self.agent.partner_id, "08:30")
        return ticket

    def _post(self, ticket, author, at, note=False, day=MON):
        return ticket.with_context(sla_now=day % at).message_post(
            body="message at %s" % at, message_type="comment", author_id=author.id,
            subtype="mail.mt_note" if note else "mail.mt_comment")

    def _cron(self, at, day=MON):
        return self.env["helpdesk.ticket"]._cron_sla_status(now=day % at)

    def _activities(self, ticket, user):
        return self.env["mail.activity"].search([
            ("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id),
            ("user_id", "=", user.id), ("summary", "like", "Reply")])

    def test_customer_message_starts_clock_reply_stops_it(self):
        ticket = self._ticket()
        self.assertFalse(ticket.next_reply_start, "the first response is not a next reply")
        message = self._post(ticket, self.customer, "09:00")
        self.assertEqual(ticket.next_reply_start, MON % "09:00")
        self.assertEqual(ticket.next_reply_message_id, message)
        self.assertEqual(ticket.next_reply_deadline, MON % "13:00")
        self.assertEqual(ticket.next_reply_risk_date, MON % "12:12")
        self.assertEqual(ticket.next_reply_state, "on_track")
        # a second customer message keeps the clock of the first
        self._post(ticket, self.customer, "10:00")
        self.assertEqual(ticket.next_reply_start, MON % "09:00")
        # an internal note does not answer
        self._post(ticket, self.agent.partner_id, "10:30", note=True)
        self.assertEqual(ticket.next_reply_start, MON % "09:00")
        # the public reply stops it, in time
        self._post(ticket, self.agent.partner_id, "11:00")
        self.assertFalse(ticket.next_reply_start)
        self.assertFalse(ticket.next_reply_state)
        self.assertEqual((ticket.next_reply_answered_count, ticket.next_reply_met_count), (1, 1))

    def test_at_risk_then_breach_notify_once(self):
        ticket = self._ticket()
        self._post(ticket, self.customer, "09:00")
        self.assertNotIn(ticket.id, self._cron("12:00"))
        self.assertIn(ticket.id, self._cron("12:30"))
        self.assertEqual(ticket.next_reply_state, "at_risk")
        self.assertEqual(len(self._activities(ticket, self.agent)), 1)
        self.assertFalse(self._activities(ticket, self.leader))
        # idempotent: no second activity for the same waiting message
        self.assertNotIn(ticket.id, self._cron("12:45"))
        self.assertEqual(len(self._activities(ticket, self.agent)), 1)
        self._cron("13:30")
        self.assertEqual(ticket.next_reply_state, "breached")
        self.assertEqual(len(self._activities(ticket, self.agent)), 2)
        self.assertEqual(len(self._activities(ticket, self.leader)), 1)
        self._cron("14:00")
        self._cron("16:00")
        self.assertEqual(len(self._activities(ticket, self.agent)), 2)
        self.assertEqual(len(self._activities(ticket, self.leader)), 1)
        # the late reply: answered, not met
        self._post(ticket, self.agent.partner_id, "14:30")
        self.assertEqual((ticket.next_reply_answered_count, ticket.next_reply_met_count), (1, 0))
        # a new waiting message: a new clock, notified again
        self._post(ticket, self.customer, "15:00")
        self.assertFalse(ticket.next_reply_risk_notified)
        # Mon 15:00 + 3.2h at risk: Tue 09:12; due Tue 10:00
        self._cron("09:30", day="2026-01-13 %s:00")
        self.assertEqual(ticket.next_reply_state, "at_risk")
        self.assertEqual(len(self._activities(ticket, self.agent)), 3)

    def test_pause_while_waiting_on_customer(self):
        ticket = self._ticket()
        self._post(ticket, self.customer, "09:00")
        ticket.with_context(sla_now=MON % "10:00").write({"stage_id": self.stage_waiting.id})
        # paused: the cron leaves it alone, past the deadline too
        self.assertNotIn(ticket.id, self._cron("16:00"))
        self.assertEqual(ticket.next_reply_state, "on_track")
        ticket.with_context(sla_now="2026-01-13 10:00:00").write(
            {"stage_id": self.stage_progress.id})
        # paused Mon 10-17 (7h) + Tue 8-10 (2h): 9h added, Mon 09:00 + 13h
        self.assertAlmostEqual(ticket.next_reply_paused_hours, 9.0)
        self.assertEqual(ticket.next_reply_deadline, "2026-01-13 13:00:00")

    def test_pause_started_before_the_clock(self):
        ticket = self._ticket()
        ticket.with_context(sla_now=MON % "08:45").write({"stage_id": self.stage_waiting.id})
        self._post(ticket, self.customer, "09:00")
        ticket.with_context(sla_now=MON % "15:00").write({"stage_id": self.stage_progress.id})
        # only the pause since the clock started counts: 09:00-15:00 = 6h;
        # Mon 09:00 + 10h = Tue 10:00
        self.assertAlmostEqual(ticket.next_reply_paused_hours, 6.0)
        self.assertEqual(ticket.next_reply_deadline, "2026-01-13 10:00:00")

    def test_solving_stops_the_clock(self):
        ticket = self._ticket()
        self._post(ticket, self.customer, "09:00")
        ticket.with_context(sla_now=MON % "10:00").write({
            "stage_id": self.stage_done.id,
            "cause_id": self.env.ref("crm_service_kpi.ticket_cause_how_to").id})
        self.assertFalse(ticket.next_reply_start)
        self.assertEqual((ticket.next_reply_answered_count, ticket.next_reply_met_count), (1, 1))

    def test_compliance_in_kpi_summary_and_dashboard(self):
        ticket = self._ticket()
        self._post(ticket, self.customer, "09:00")
        self._post(ticket, self.agent.partner_id, "14:00")     # late
        self._post(ticket, self.customer, "14:30")
        self._post(ticket, self.agent.partner_id, "15:00")     # in time
        other = self._ticket()
        self._post(other, self.customer, "09:00")
        self._cron("13:30")                                    # waiting, breached
        self.assertEqual(other.next_reply_state, "breached")
        res = self.env["helpdesk.ticket"].kpi_summary(
            "2026-01-12", "2026-01-12", team_ids=[self.team.id])
        # met 1 / (answered 2 + waiting past deadline 1)
        self.assertAlmostEqual(res["next_reply_compliance_pct"], round(100.0 / 3, 2))
        grouped = self.env["helpdesk.ticket"].kpi_summary_grouped(
            "2026-01-12", "2026-01-12", "user", team_ids=[self.team.id])
        self.assertAlmostEqual(grouped[str(self.agent.id)]["next_reply_compliance_pct"],
                               round(100.0 / 3, 2))
        data = self.env["crm.service.kpi.dashboard"].get_dashboard_data(
            "2026-01-12", "2026-01-12", team_ids=[self.team.id])
        tile = {t["code"]: t for t in data["tiles"]}["next_reply_compliance_pct"]
        self.assertAlmostEqual(tile["value"], round(100.0 / 3, 2))
        self.assertTrue(tile["help"])

    def test_compliance_missing_without_customer_messages(self):
        self._ticket()
        res = self.env["helpdesk.ticket"].kpi_summary(
            "2026-01-12", "2026-01-12", team_ids=[self.team.id])
        self.assertIs(res["next_reply_compliance_pct"], False)

    def test_bad_policy_target(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.policy.write({"next_reply_hours": -1.0})
        self.policy.invalidate_cache()
        self.assertEqual(self.policy.next_reply_hours, 4.0)
        ticket = self._ticket()
        self.policy.write({"next_reply_hours": 0.0})
        self._post(ticket, self.customer, "09:00")
        self.assertFalse(ticket.next_reply_deadline, "no target: no deadline")
        self.assertFalse(ticket.next_reply_state)

    def test_portal_customer_message_starts_clock(self):
        portal = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "NR Portal", "login": "nr_portal", "email": "nr_portal@example.com",
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        ticket = self.env["helpdesk.ticket"].with_context(sla_now=MON % "08:00").create({
            "name": "Portal ticket", "team_id": self.team.id,
            "partner_id": portal.partner_id.id, "user_id": self.agent.id,
            "stage_id": self.stage_new.id})
        self._post(ticket, self.agent.partner_id, "08:30")
        # what the portal chatter (with the access token) and the mail gateway
        # do: post as superuser, the customer as author
        ticket.sudo().with_context(sla_now=MON % "09:00").message_post(
            body="still down", message_type="comment", author_id=portal.partner_id.id,
            subtype="mail.mt_comment")
        self.assertEqual(ticket.next_reply_start, MON % "09:00")
        self.assertEqual(ticket.next_reply_deadline, MON % "13:00")
        # the portal user reads the ticket, not the SLA policy
        self.assertEqual(ticket.sudo(portal).name, "Portal ticket")
        self.assertFalse(self.env["crm.service.sla.policy"].sudo(portal).check_access_rights(
            "read", raise_exception=False))

    def test_scorecard_measure(self):
        ticket = self._ticket()
        self._post(ticket, self.customer, "09:00")
        self._post(ticket, self.agent.partner_id, "14:00")     # late
        self._post(ticket, self.customer, "14:30")
        self._post(ticket, self.agent.partner_id, "15:00")     # in time
        self.env["crm.service.kpi.target"].create({
            "kpi": "next_reply_compliance_pct", "target": 100.0, "user_id": self.agent.id,
            "date_from": "2026-01-01", "date_to": "2026-01-31"})
        card = self.env["crm.service.scorecard"].create({
            "name": "NR card", "department": "service",
            "helpdesk_team_ids": [(6, 0, [self.team.id])], "satisfaction_weight": 0.0,
            "line_ids": [(0, 0, {"kpi": "next_reply_compliance_pct", "weight": 1.0})]})
        rows = card.compute_scorecards("2026-01-12", "2026-01-12")
        row, = [r for r in rows if r.get("user_id") == self.agent.id]
        self.assertEqual(row["kpis"]["next_reply_compliance_pct"],
                         {"value": 50.0, "target": 100.0, "attainment": 50.0})
        self.assertEqual(row["score"], 50.0)

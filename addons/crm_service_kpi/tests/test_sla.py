# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase

FRI_16 = "2026-01-09 16:00:00"  # a Friday


class TestSla(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        env["crm.service.sla.policy"].search([]).write({"active": False})
        cls.stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_waiting = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_waiting.waiting_customer = True
        cls.calendar = env["resource.calendar"].create({
            "name": "Mon-Fri 8-17",
            "attendance_ids": [(0, 0, {
                "name": "Day %s" % d, "dayofweek": str(d),
                "hour_from": 8.0, "hour_to": 17.0}) for d in range(5)],
        })
        group_user = env.ref("helpdesk_mgmt.group_helpdesk_user")
        Users = env["res.users"].with_context(no_reset_password=True)
        cls.agent = Users.create({
            "name": "SLA Agent", "login": "sla_agent", "email": "agent@example.com",
            "groups_id": [(6, 0, [env.ref("base.group_user").id, group_user.id])],
        })
        cls.leader = Users.create({
            "name": "SLA Leader", "login": "sla_leader", "email": "leader@example.com",
            "groups_id": [(6, 0, [env.ref("base.group_user").id, group_user.id])],
        })
        cls.team = env["helpdesk.ticket.team"].create({
            "name": "SLA Team", "leader_id": cls.leader.id, "tz": "UTC",
            "resource_calendar_id": cls.calendar.id,
            "user_ids": [(6, 0, [cls.agent.id, cls.leader.id])],
        })
        cls.customer = env["res.partner"].create({
            "name": "SLA Customer", "email": "customer@example.com"})
        cls.policy = env["crm.service.sla.policy"].create({
            "name": "Team standard", "team_id": cls.team.id,
            "first_response_hours": 2.0, "resolution_hours": 8.0,
        })

    def _ticket(self, **kw):
        vals = {"name": "Printer broken", "team_id": self.team.id,
                "partner_id": self.customer.id, "user_id": self.agent.id,
                "stage_id": self.stage_new.id}
        vals.update(kw)
        return self.env["helpdesk.ticket"].with_context(sla_now=FRI_16).create(vals)

    def _activities(self, ticket, user):
        return self.env["mail.activity"].search([
            ("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id),
            ("user_id", "=", user.id)])

    def test_deadlines_in_working_hours(self):
        ticket = self._ticket()
        self.assertEqual(ticket.sla_policy_id, self.policy)
        self.assertEqual(ticket.sla_start_date, FRI_16)
        # Friday 16:00 + 8h on Mon-Fri 8-17: 1h Friday, 7h Monday
        self.assertEqual(ticket.resolution_deadline, "2026-01-12 15:00:00")
        self.assertEqual(ticket.first_response_deadline, "2026-01-12 09:00:00")
        # at risk at 80 %: 6.4h -> Monday 13:24; 1.6h -> Monday 08:36
        self.assertEqual(ticket.resolution_risk_date, "2026-01-12 13:24:00")
        self.assertEqual(ticket.first_response_risk_date, "2026-01-12 08:36:00")
        self.assertEqual(ticket.sla_status, "on_track")

    def test_pause_while_waiting_on_customer(self):
        ticket = self._ticket()
        ticket.with_context(sla_now="2026-01-12 09:00:00").write(
            {"stage_id": self.stage_waiting.id})
        self.assertEqual(ticket.sla_paused_since, "2026-01-12 09:00:00")
        # past the original deadline while waiting: the cron leaves it alone
        Ticket = self.env["helpdesk.ticket"]
        self.assertNotIn(ticket.id, Ticket._cron_sla_status(now="2026-01-12 16:00:00"))
        self.assertNotEqual(ticket.sla_status, "breached")
        # back to work at 16:00: 7 working hours paused (Mon 9-16)
        ticket.with_context(sla_now="2026-01-12 16:00:00").write(
            {"stage_id": self.stage_progress.id})
        self.assertFalse(ticket.sla_paused_since)
        self.assertAlmostEqual(ticket.sla_paused_hours, 7.0)
        # 8 + 7 = 15h from Friday 16:00: 1h Fri, 9h Mon, 5h Tue -> Tue 13:00
        self.assertEqual(ticket.resolution_deadline, "2026-01-13 13:00:00")

    def test_paused_state_deadline_and_pause_agree(self):
        """Issue #9: a ticket waiting on the customer shows Paused, the
        deadline moved by the running pause and that pause's hours."""
        ticket = self._ticket()
        ticket.with_context(sla_skip=True).write({"first_response_date": "2026-01-09 16:30:00"})
        ticket.with_context(sla_now="2026-01-12 09:00:00").write(
            {"stage_id": self.stage_waiting.id})
        # Monday 16:00, still waiting: 7 working hours paused so far
        now = ticket.with_context(sla_now="2026-01-12 16:00:00")
        self.assertEqual(now.sla_state, "paused")
        self.assertAlmostEqual(now.sla_pause_hours_now, 7.0)
        # 8 + 7 = 15h from Friday 16:00 -> Tuesday 13:00, as when resumed now
        self.assertEqual(now.sla_due_date, "2026-01-13 13:00:00")
        # months later, still waiting: never "on track" with a past deadline
        later = ticket.with_context(sla_now="2026-04-01 12:00:00")
        self.assertEqual(later.sla_state, "paused")
        self.assertGreater(later.sla_due_date, "2026-04-01 12:00:00")
        self.assertGreater(later.sla_pause_hours_now, 7.0 * 9)
        # resumed on Monday 16:00: the same deadline and pause, state on track
        ticket.with_context(sla_now="2026-01-12 16:00:00").write(
            {"stage_id": self.stage_progress.id})
        resumed = ticket.with_context(sla_now="2026-01-12 16:00:00")
        self.assertEqual(resumed.sla_state, "on_track")
        self.assertEqual(resumed.sla_due_date, "2026-01-13 13:00:00")
        self.assertAlmostEqual(resumed.sla_pause_hours_now, 7.0)

    def test_paused_breach_stays_breached(self):
        ticket = self._ticket()
        self.env["helpdesk.ticket"]._cron_sla_status(now="2026-01-12 09:05:00")
        self.assertEqual(ticket.sla_status, "breached")
        ticket.with_context(sla_now="2026-01-12 10:00:00").write(
            {"stage_id": self.stage_waiting.id})
        later = ticket.with_context(sla_now="2026-01-12 12:00:00")
        self.assertEqual(later.sla_state, "breached")
        # the deadline it missed, not one moved by the pause
        self.assertEqual(later.sla_due_date, ticket.resolution_deadline)

    def test_first_response(self):
        ticket = self._ticket()
        ticket.message_post(body="internal", message_type="comment",
                            subtype="mail.mt_note", author_id=self.agent.partner_id.id)
        self.assertFalse(ticket.first_response_date, "a logged note is no response")
        ticket.message_post(body="any news?", message_type="email",
                            subtype="mail.mt_comment", author_id=self.customer.id)
        self.assertFalse(ticket.first_response_date, "the customer's own message")
        msg = ticket.message_post(body="we are on it", message_type="comment",
                                  subtype="mail.mt_comment",
                                  author_id=self.agent.partner_id.id)
        self.assertEqual(ticket.first_response_date, msg.date)
        ticket.message_post(body="again", message_type="comment",
                            subtype="mail.mt_comment", author_id=self.leader.partner_id.id)
        self.assertEqual(ticket.first_response_date, msg.date, "only the first counts")

    def test_at_risk_then_breach_activities_once(self):
        ticket = self._ticket()
        Ticket = self.env["helpdesk.ticket"]
        self.assertNotIn(ticket.id, Ticket._cron_sla_status(now="2026-01-09 16:30:00"))
        self.assertEqual(ticket.sla_status, "on_track")
        # first-response risk date Monday 08:36
        Ticket._cron_sla_status(now="2026-01-12 08:40:00")
        self.assertEqual(ticket.sla_status, "at_risk")
        self.assertEqual(len(self._activities(ticket, self.agent)), 1)
        self.assertNotIn(ticket.id, Ticket._cron_sla_status(now="2026-01-12 08:45:00"))
        self.assertEqual(len(self._activities(ticket, self.agent)), 1)
        # first-response deadline Monday 09:00
        Ticket._cron_sla_status(now="2026-01-12 09:05:00")
        self.assertEqual(ticket.sla_status, "breached")
        self.assertEqual(len(self._activities(ticket, self.leader)), 1)
        self.assertNotIn(ticket.id, Ticket._cron_sla_status(now="2026-01-12 10:00:00"))
        Ticket._cron_sla_status(now="2026-01-13 10:00:00")
        self.assertEqual(len(self._activities(ticket, self.leader)), 1)
        self.assertEqual(len(self._activities(ticket, self.agent)), 1)
        self.assertIn(ticket.id, Ticket._sla_open_problems([self.customer.id])[self.customer.id])
        # over RPC: string keys (XML-RPC cannot carry integer keys)
        self.assertIn(ticket.id, Ticket.sla_open_problems([self.customer.id])[str(self.customer.id)])

    def test_met_when_solved_in_time(self):
        ticket = self._ticket()
        ticket.message_post(body="on it", message_type="comment",
                            subtype="mail.mt_comment", author_id=self.agent.partner_id.id)
        ticket.with_context(sla_now="2026-01-12 10:00:00").write(
            {"stage_id": self.stage_done.id,
             "cause_id": self.env.ref("crm_service_kpi.ticket_cause_other").id})
        # message and closing dates come from the real clock: pin them in the SLA
        ticket.with_context(sla_skip=True).write({
            "first_response_date": "2026-01-09 16:30:00",
            "closed_date": "2026-01-12 10:00:00"})
        ticket.with_context(sla_now="2026-01-12 10:00:00")._sla_update_status()
        self.assertEqual(ticket.sla_status, "met")

    def test_reopen_on_customer_message(self):
        ticket = self._ticket()
        ticket.write({"stage_id": self.stage_done.id,
                      "cause_id": self.env.ref("crm_service_kpi.ticket_cause_other").id})
        self.assertTrue(ticket.closed_date)
        ticket.message_post(body="internal", message_type="comment",
                            subtype="mail.mt_comment", author_id=self.agent.partner_id.id)
        self.assertTrue(ticket.stage_id.closed, "an employee's message does not reopen")
        ticket.message_post(body="still broken", message_type="email",
                            subtype="mail.mt_comment", author_id=self.customer.id)
        first_open = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", False), ("waiting_customer", "=", False)],
            order="sequence, id", limit=1)
        self.assertEqual(ticket.stage_id, first_open)
        self.assertEqual(ticket.reopen_count, 1)
        self.assertFalse(ticket.closed_date)
        ticket.message_post(body="hello again", message_type="email",
                            subtype="mail.mt_comment", author_id=self.customer.id)
        self.assertEqual(ticket.reopen_count, 1, "an open ticket is not reopened")

    def test_policy_matching_on_tickets(self):
        Policy = self.env["crm.service.sla.policy"]
        generic = Policy.create({"name": "Everyone", "sequence": 1,
                                 "first_response_hours": 8, "resolution_hours": 40})
        urgent = Policy.create({"name": "Very high", "priority": "3",
                                "first_response_hours": 1, "resolution_hours": 4})
        other_team = self.env["helpdesk.ticket.team"].create({"name": "Other"})
        self.assertEqual(self._ticket(team_id=other_team.id).sla_policy_id, generic)
        self.assertEqual(self._ticket().sla_policy_id, self.policy)
        ticket = self._ticket(priority="3")
        self.assertEqual(ticket.sla_policy_id, urgent, "priority beats team")
        self.assertEqual(ticket.resolution_deadline, "2026-01-12 11:00:00")
        ticket.write({"priority": "1"})
        self.assertEqual(ticket.sla_policy_id, self.policy)

    def test_policy_save_updates_only_its_tickets_in_batch(self):
        """Issue #14: saving a policy re-assigns the open tickets of its
        company and scope only, in a bounded number of queries."""
        env = self.env(context=dict(self.env.context, sla_now=FRI_16))
        other_company = env["res.company"].create({"name": "SLA Other Co"})
        env["crm.service.sla.policy"].create({
            "name": "Other company", "company_id": other_company.id,
            "first_response_hours": 2.0, "resolution_hours": 8.0})
        other_team = env["helpdesk.ticket.team"].create({"name": "SLA Other Team"})
        mine = self._ticket()
        other_scope = self._ticket(team_id=other_team.id)
        elsewhere = self._ticket(company_id=other_company.id)
        self.assertEqual(mine.resolution_deadline, "2026-01-12 15:00:00")
        # stale values outside the policy's scope must stay as they are
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET resolution_deadline = '2000-01-01 00:00:00' "
            "WHERE id IN %s", [(other_scope.id, elsewhere.id)])
        self.env["helpdesk.ticket"].invalidate_cache()
        policy = self.policy.with_env(env)
        policy.write({"resolution_hours": 16.0})
        # Friday 16:00 + 16h: 1h Friday, 9h Monday, 6h Tuesday
        self.assertEqual(mine.resolution_deadline, "2026-01-13 14:00:00")
        self.assertEqual(other_scope.resolution_deadline, "2000-01-01 00:00:00")
        self.assertEqual(elsewhere.resolution_deadline, "2000-01-01 00:00:00")
        # batched: ten more tickets in scope cost (almost) no more queries
        cr = self.env.cr
        cr.sql_log_count = 0
        policy.write({"resolution_hours": 20.0})
        few = cr.sql_log_count
        for _i in range(10):
            self._ticket()
        cr.sql_log_count = 0
        policy.write({"resolution_hours": 24.0})
        self.assertLess(cr.sql_log_count, few + 5, (few, cr.sql_log_count))
        self.assertEqual(mine.resolution_deadline, "2026-01-14 13:00:00")

    def test_overlap_refused(self):
        Policy = self.env["crm.service.sla.policy"]
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Policy.create({"name": "Duplicate", "team_id": self.team.id,
                           "first_response_hours": 1, "resolution_hours": 2})
        Policy.create({"name": "Gold", "tier_name": "Gold",
                       "first_response_hours": 1, "resolution_hours": 2})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Policy.create({"name": "gold again", "tier_name": " gold ",
                           "first_response_hours": 1, "resolution_hours": 2})
        # an archived duplicate is allowed
        Policy.create({"name": "Old", "team_id": self.team.id, "active": False,
                       "first_response_hours": 1, "resolution_hours": 2})

    def test_bad_targets_refused(self):
        Policy = self.env["crm.service.sla.policy"]
        for vals in ({"first_response_hours": 0, "resolution_hours": 8},
                     {"first_response_hours": 2, "resolution_hours": -1},
                     {"first_response_hours": 2, "resolution_hours": 8,
                      "at_risk_pct": 120}):
            vals.update(name="Bad", priority="0")
            with self.assertRaises(ValidationError), self.cr.savepoint():
                Policy.create(vals)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.policy.write({"resolution_hours": 0})

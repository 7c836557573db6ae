# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 16: the SLA job creates the to-dos of many silent tickets in one
batch: followers subscribed once per user, no forced re-subscription and no
tracked write of the ticket per activity, the same to-dos as before."""
from odoo.tests.common import SavepointCase

from .test_next_reply import MON


class TestSlaBatch(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        env["crm.service.sla.policy"].search([]).write({"active": False})
        group_user = env.ref("helpdesk_mgmt.group_helpdesk_user")
        Users = env["res.users"].with_context(no_reset_password=True)
        cls.agent, cls.leader = (Users.create({
            "name": "SB %s" % x, "login": "sb_%s" % x, "email": "sb_%s@example.com" % x,
            "groups_id": [(6, 0, [env.ref("base.group_user").id, group_user.id])],
        }) for x in ("agent", "leader"))
        cls.team = env["helpdesk.ticket.team"].create({
            "name": "SB Team", "leader_id": cls.leader.id, "tz": "UTC",
            "user_ids": [(6, 0, [cls.agent.id, cls.leader.id])]})
        env["crm.service.sla.policy"].create({
            "name": "SB policy", "team_id": cls.team.id, "first_response_hours": 2.0,
            "resolution_hours": 400.0, "next_reply_hours": 4.0})
        cls.customer = env["res.partner"].create({"name": "SB Customer",
                                                  "email": "sb_customer@example.com"})
        stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        Ticket = env["helpdesk.ticket"].with_context(sla_now=MON % "08:00")
        cls.tickets = Ticket.browse()
        for n in range(6):
            ticket = Ticket.create({
                "name": "SB %d" % n, "team_id": cls.team.id, "partner_id": cls.customer.id,
                "user_id": cls.agent.id if n < 5 else False, "stage_id": stage.id,
                "description": "x"})
            ticket.with_context(sla_now=MON % "08:30").message_post(
                body="first", message_type="comment", author_id=cls.agent.partner_id.id,
                subtype="mail.mt_comment")
            ticket.with_context(sla_now=MON % "09:00").message_post(
                body="still broken", message_type="comment", author_id=cls.customer.id,
                subtype="mail.mt_comment")
            cls.tickets |= ticket
        # the agent already follows the first tickets (assigned): that
        # subscription is kept as it is, not re-created
        cls.tickets[0].message_subscribe(partner_ids=[cls.agent.partner_id.id])

    def _followers(self, partner):
        return self.env["mail.followers"].search([
            ("res_model", "=", "helpdesk.ticket"), ("res_id", "in", self.tickets.ids),
            ("partner_id", "=", partner.id)])

    def test_batch_creates_the_same_todos_once(self):
        kept = self._followers(self.agent.partner_id).filtered(
            lambda f: f.res_id == self.tickets[0].id)
        self.assertTrue(kept)
        messages_before = self.env["mail.message"].search_count([
            ("model", "=", "helpdesk.ticket"), ("res_id", "in", self.tickets.ids)])
        done = self.env["helpdesk.ticket"]._cron_sla_status(now="2026-01-14 12:00:00")
        self.assertEqual(set(done), set(self.tickets.ids))
        Activity = self.env["mail.activity"]
        todos = Activity.search([("res_model", "=", "helpdesk.ticket"),
                                 ("res_id", "in", self.tickets.ids),
                                 ("summary", "like", "Reply overdue")])
        # assigned tickets: the agent and the leader; the unassigned one: the leader
        self.assertEqual(len(todos.filtered(lambda a: a.user_id == self.agent)), 5)
        self.assertEqual(len(todos.filtered(lambda a: a.user_id == self.leader)), 6)
        self.assertTrue(all(todos.mapped("activity_type_id")))
        self.assertEqual(set(todos.mapped("res_name")), set(self.tickets.mapped("display_name")))
        # both follow every ticket they must act on, the kept subscription untouched
        self.assertEqual(set(self._followers(self.leader.partner_id).mapped("res_id")),
                         set(self.tickets.ids))
        self.assertLessEqual(set(self.tickets[:5].ids),
                             set(self._followers(self.agent.partner_id).mapped("res_id")))
        self.assertTrue(kept.exists())
        # no tracking message per activity (the followers' write is untracked)
        self.assertEqual(self.env["mail.message"].search_count([
            ("model", "=", "helpdesk.ticket"), ("res_id", "in", self.tickets.ids)]),
            messages_before)
        self.assertTrue(all(t.next_reply_breach_notified for t in self.tickets))
        # a rerun selects nothing and adds nothing
        domain = [("res_id", "in", self.tickets.ids), ("res_model", "=", "helpdesk.ticket")]
        count = Activity.search_count(domain)
        self.assertFalse(self.env["helpdesk.ticket"]._cron_sla_status(now="2026-01-14 13:00:00"))
        self.assertEqual(Activity.search_count(domain), count)

    def test_followers_done_context_only_skips_existing_followers(self):
        ticket = self.tickets[1]
        stranger = self.env["res.partner"].create({"name": "SB stranger"})
        ticket.with_context(sla_followers_done=True).message_subscribe(
            partner_ids=[stranger.id])
        self.assertIn(stranger, ticket.message_partner_ids)

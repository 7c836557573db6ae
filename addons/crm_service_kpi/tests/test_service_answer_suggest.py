# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase


class TestServiceAnswerSuggest(SavepointCase):
    """Issue 16 part 3: on a new ticket, the most similar answers and solved
    tickets (the answers' search rule) and a one-click reply with an answer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.main = env.ref("base.main_company")
        cls.company_b = env["res.company"].create({"name": "Suggest Company B"})
        Users = env["res.users"].with_context(no_reset_password=True)

        def user(login, groups, company=cls.main):
            return Users.create({
                "name": login, "login": login, "email": "%s@example.com" % login,
                "company_id": company.id, "company_ids": [(6, 0, [company.id])],
                "groups_id": [(6, 0, [env.ref(g).id for g in groups])]})
        cls.agent = user("sg_agent", ["base.group_user", "helpdesk_mgmt.group_helpdesk_user"])
        cls.agent_b = user("sg_agent_b", ["base.group_user", "helpdesk_mgmt.group_helpdesk_user"],
                           cls.company_b)
        cls.portal = user("sg_portal", ["base.group_portal"])
        Answer = env["crm.service.answer"]
        cls.answer = Answer.create({
            "name": "Frobnicator display flickers", "published": True,
            "body": "<p>Lower the frobnicator refresh rate to 60 Hz.</p>"})
        cls.internal = Answer.create({
            "name": "Frobnicator flicker, known defect (internal)", "published": False,
            "body": "<p>Batch 42 frobnicators have a loose display cable.</p>"})
        cls.answer_b = Answer.create({
            "name": "Frobnicator flickers (company B)", "published": True,
            "company_id": cls.company_b.id, "body": "<p>B frobnicator.</p>"})
        cause = env.ref("crm_service_kpi.ticket_cause_how_to")
        done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        Ticket = env["helpdesk.ticket"]
        cls.solved = Ticket.create({
            "name": "Frobnicator screen flickers", "description": "<p>frobnicator flicker</p>",
            "company_id": cls.main.id})
        cls.solved.write({"stage_id": done.id, "cause_id": cause.id})
        cls.open_similar = Ticket.create({
            "name": "Frobnicator flickers too", "company_id": cls.main.id})
        cls.solved_b = Ticket.create({
            "name": "Frobnicator flickers in B", "company_id": cls.company_b.id})
        cls.solved_b.write({"stage_id": done.id, "cause_id": cause.id})
        cls.ticket = Ticket.create({
            "name": "My frobnicator flickers", "user_id": cls.agent.id,
            "description": "<p>Since yesterday the frobnicator display flickers.</p>",
            "company_id": cls.main.id})

    def test_suggestions_on_the_ticket(self):
        ticket = self.ticket.sudo(self.agent)
        self.assertEqual(ticket.suggested_answer_ids[0], self.answer)
        self.assertIn(self.internal, ticket.suggested_answer_ids, "agents may use internal ones")
        self.assertNotIn(self.answer_b, ticket.suggested_answer_ids)
        # solved tickets only, of the agent's company, never the ticket itself
        self.assertEqual(ticket.similar_ticket_ids, self.solved)

    def test_suggestions_follow_the_ticket_text(self):
        self.ticket.write({"name": "Zyxwvut gizmoq", "description": "<p>zyxwvut</p>"})
        ticket = self.ticket.sudo(self.agent)
        self.assertNotIn(self.answer, ticket.suggested_answer_ids)
        self.assertFalse(ticket.similar_ticket_ids)

    def test_other_company_agent_sees_its_own(self):
        ticket_b = self.env["helpdesk.ticket"].create({
            "name": "Frobnicator flickers", "company_id": self.company_b.id})
        ticket_b = ticket_b.sudo(self.agent_b)
        self.assertEqual(ticket_b.suggested_answer_ids, self.answer_b)
        self.assertEqual(ticket_b.similar_ticket_ids, self.solved_b)

    def test_use_this_answer_posts_the_reply(self):
        before = len(self.ticket.message_ids)
        answer = self.answer.sudo(self.agent).with_context(ticket_id=self.ticket.id)
        self.assertIs(answer.action_use_on_ticket(), True)
        message = self.ticket.message_ids[0]
        self.assertEqual(len(self.ticket.message_ids), before + 1)
        self.assertIn("60 Hz", message.body)
        self.assertEqual(message.author_id, self.agent.partner_id)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))

    def test_use_this_answer_bad_input_writes_nothing(self):
        count = self.env["mail.message"].search_count([])
        answer = self.answer.sudo(self.agent)
        for bad in (None, 0, -3, 2 ** 40, "12", True, [self.ticket.id], 999999999):
            with self.assertRaises(UserError, msg=repr(bad)):
                answer.with_context(ticket_id=bad).action_use_on_ticket()
        with self.assertRaises(AccessError):
            answer.with_context(ticket_id=self.solved_b.id).action_use_on_ticket()
        with self.assertRaises(AccessError):
            self.answer.sudo(self.portal).with_context(
                ticket_id=self.ticket.id).action_use_on_ticket()
        self.assertEqual(self.env["mail.message"].search_count([]), count)

    def test_portal_cannot_read_suggestions(self):
        with self.assertRaises(AccessError):
            self.ticket.sudo(self.portal).read(["suggested_answer_ids"])

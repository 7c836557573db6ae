# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 16 part 5: the customer's tickets on the portal. Two companies, two
customers in the first one and one in the second, each with a portal user."""
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase

from odoo.addons.crm_service_kpi.controllers.portal import readable_ticket

MON = "2026-01-12 %s:00"  # a Monday


class TestPortal(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company1 = env.ref("base.main_company")
        cls.company2 = env["res.company"].create({"name": "Portal Test Company 2"})
        Partner = env["res.partner"]
        cls.customer_a = Partner.create({"name": "PT Customer A", "is_company": True})
        cls.contact_a = Partner.create({"name": "PT Contact A", "parent_id": cls.customer_a.id,
                                        "email": "pt_a@example.com"})
        cls.customer_b = Partner.create({"name": "PT Customer B", "email": "pt_b@example.com"})
        cls.customer_c = Partner.create({"name": "PT Customer C", "email": "pt_c@example.com",
                                         "company_id": cls.company2.id})
        portal = env.ref("base.group_portal")
        Users = env["res.users"].with_context(no_reset_password=True)

        def user(partner, login, company):
            return Users.create({
                "partner_id": partner.id, "login": login, "company_id": company.id,
                "company_ids": [(6, 0, [company.id])], "groups_id": [(6, 0, [portal.id])],
                "tz": "Asia/Shanghai", "lang": "en_US"})
        cls.user_a = user(cls.contact_a, "pt_portal_a", cls.company1)
        cls.user_b = user(cls.customer_b, "pt_portal_b", cls.company1)
        cls.user_c = user(cls.customer_c, "pt_portal_c", cls.company2)
        cls.agent = Users.create({
            "name": "PT Agent", "login": "pt_agent", "email": "pt_agent@example.com",
            "groups_id": [(6, 0, [env.ref("base.group_user").id,
                                  env.ref("helpdesk_mgmt.group_helpdesk_user").id])]})
        Ticket = env["helpdesk.ticket"].with_context(sla_now=MON % "08:00")
        cls.ticket_a = Ticket.create({"name": "PT A's router", "partner_id": cls.contact_a.id,
                                      "company_id": cls.company1.id, "description": "a"})
        cls.ticket_b = Ticket.create({"name": "PT B's printer", "partner_id": cls.customer_b.id,
                                      "company_id": cls.company1.id, "description": "b"})
        cls.ticket_c = Ticket.create({"name": "PT C's modem", "partner_id": cls.customer_c.id,
                                      "company_id": cls.company2.id, "description": "c"})
        # A's contact in copy of B's ticket: a follower, not B's customer
        cls.ticket_b.message_subscribe(partner_ids=[cls.contact_a.id])
        cls.ticket_c.sudo().message_subscribe(partner_ids=[cls.contact_a.id])

    def _env(self, user):
        return self.env(user=user.id)

    # -- who reads what --------------------------------------------------
    def test_rpc_search_read_only_own_tickets(self):
        mine = {self.ticket_a.id, self.ticket_b.id, self.ticket_c.id}
        for user, ticket in ((self.user_a, self.ticket_a), (self.user_b, self.ticket_b),
                             (self.user_c, self.ticket_c)):
            rows = self._env(user)["helpdesk.ticket"].search_read(
                [("id", "in", list(mine))], ["name", "stage_id"])
            self.assertEqual([r["id"] for r in rows], [ticket.id], user.login)

    def test_follower_of_another_customers_ticket_cannot_read_it(self):
        # OCA's portal rule lets a follower of the customer's company read it
        for ticket in (self.ticket_b, self.ticket_c):
            with self.assertRaises(AccessError):
                self._env(self.user_a)["helpdesk.ticket"].browse(ticket.id).read(["name"])
            self.assertFalse(readable_ticket(self._env(self.user_a), ticket.id))
        self.assertEqual(readable_ticket(self._env(self.user_a), self.ticket_a.id),
                         self.ticket_a)

    def test_colleague_of_the_same_customer_reads_it(self):
        colleague = self.env["res.partner"].create({
            "name": "PT Colleague A", "parent_id": self.customer_a.id})
        ticket = self.env["helpdesk.ticket"].create({
            "name": "PT colleague's", "partner_id": colleague.id,
            "company_id": self.company1.id, "description": "x"})
        self.assertEqual(readable_ticket(self._env(self.user_a), ticket.id), ticket)
        self.assertFalse(readable_ticket(self._env(self.user_b), ticket.id))

    def test_bad_ticket_ids_read_nothing(self):
        env = self._env(self.user_a)
        for bad in ("abc", None, -1, 0, 2 ** 31 - 1, "1; DROP TABLE x", 3.5, [1]):
            self.assertFalse(readable_ticket(env, bad), bad)

    def test_portal_user_cannot_write_or_close(self):
        Ticket = self._env(self.user_a)["helpdesk.ticket"]
        with self.assertRaises(AccessError):
            Ticket.browse(self.ticket_a.id).write({"name": "changed"})
        self.assertEqual(self.ticket_a.name, "PT A's router")

    def test_public_user_cannot_write_stages(self):
        public = self.env.ref("base.public_user")
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        with self.assertRaises(AccessError):
            self.env(user=public.id)["helpdesk.ticket.stage"].browse(stage.id).write(
                {"name": "hacked"})
        self.assertNotEqual(stage.name, "hacked")

    # -- conversation -----------------------------------------------------
    def test_conversation_public_messages_only(self):
        ticket = self.ticket_a
        reply = ticket.message_post(body="We are on it", message_type="comment",
                                    author_id=self.agent.partner_id.id,
                                    subtype="mail.mt_comment")
        note = ticket.message_post(body="Customer is grumpy", message_type="comment",
                                   author_id=self.agent.partner_id.id,
                                   subtype="mail.mt_note")
        email = ticket.message_post(body="Still broken", message_type="email",
                                    author_id=self.contact_a.id, subtype="mail.mt_comment")
        shown = ticket._portal_conversation()
        self.assertIn(reply, shown)
        self.assertIn(email, shown)
        self.assertNotIn(note, shown)
        # and over RPC, as the customer
        Message = self._env(self.user_a)["mail.message"]
        ids = Message.search([("model", "=", "helpdesk.ticket"),
                              ("res_id", "=", ticket.id)]).ids
        self.assertIn(reply.id, ids)
        self.assertNotIn(note.id, ids)
        with self.assertRaises(AccessError):
            Message.browse(note.id).read(["body"])
        # another customer reads none of them
        other = self._env(self.user_b)["mail.message"]
        self.assertFalse(other.search([("model", "=", "helpdesk.ticket"),
                                       ("res_id", "=", ticket.id)]))
        with self.assertRaises(AccessError):
            other.browse(reply.id).read(["body"])

    # -- next step in plain words -----------------------------------------
    def test_next_step_words_in_customer_time_zone(self):
        ticket = self.ticket_a
        ticket._sla_bookkeeping().write({
            "first_response_deadline": "2026-01-13 06:00:00", "first_response_date": False})
        words = self._env(self.user_a)["helpdesk.ticket"].browse(ticket.id).with_context(
            lang="en_US").portal_next_step_words(now=MON % "09:00")
        # 06:00 UTC Tuesday is 14:00 in Shanghai, the customer's time zone
        self.assertEqual(words, {str(ticket.id): "We will reply by tomorrow 14:00"})
        late = ticket.with_context(lang="en_US").portal_next_step_words(
            now="2026-01-13 06:00:01", tz_name="Asia/Shanghai")
        self.assertEqual(late[str(ticket.id)], "We will reply as soon as possible")
        # the Chinese words whichever languages the database has loaded
        self.env["ir.translation"].load_module_terms(["crm_service_kpi"], ["zh_CN"])
        cn = ticket.with_context(lang="zh_CN").portal_next_step_words(
            now=MON % "09:00", tz_name="Asia/Shanghai")
        self.assertIn("14:00", cn[str(ticket.id)])
        self.assertNotIn("reply", cn[str(ticket.id)])

    def test_next_step_solved_and_waiting(self):
        ticket = self.ticket_a
        cause = self.env["crm.service.ticket.cause"].search([], limit=1)
        ticket.write({"stage_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting").id})
        ticket.stage_id.waiting_customer = True
        words = ticket.with_context(lang="en_US").portal_next_step_words(now=MON % "09:00")
        self.assertEqual(words[str(ticket.id)], "Waiting for your answer")
        ticket.write({"cause_id": cause.id,
                      "stage_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id})
        ticket._sla_bookkeeping().write({"closed_date": "2026-01-12 17:30:00"})
        words = ticket.with_context(lang="en_US").portal_next_step_words(
            now=MON % "18:00", tz_name="Asia/Shanghai")
        self.assertEqual(words[str(ticket.id)], "Solved on Jan 13, 2026")

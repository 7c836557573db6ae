# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading

from odoo import SUPERUSER_ID
from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase


class TestCauseExemption(SavepointCase):
    """Issue 16: the superuser's exemption from the cause is for technical
    writes only; the administrator (uid 1 on Odoo 11) solving a ticket in the
    web client or over RPC must give the cause."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.ticket = cls.env["helpdesk.ticket"].create({
            "name": "PT exemption", "description": "x",
            "stage_id": cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new").id})

    def _as_session(self, uid):
        thread = threading.current_thread()
        old = getattr(thread, "uid", None)
        thread.uid = uid

        def restore():
            thread.uid = old
        self.addCleanup(restore)

    def test_admin_in_web_client_or_rpc_needs_a_cause(self):
        self.assertEqual(self.env.uid, SUPERUSER_ID)
        self._as_session(SUPERUSER_ID)
        # kanban drag and form save both write stage_id; RPC write as well
        with self.assertRaises(ValidationError):
            self.ticket.write({"stage_id": self.done.id})
        self.assertFalse(self.ticket.stage_id.closed)
        with self.assertRaises(ValidationError):
            self.env["helpdesk.ticket"].browse(self.ticket.id).write(
                {"stage_id": self.done.id, "name": "renamed"})
        self.assertEqual(self.ticket.name, "PT exemption")
        cause = self.env["crm.service.ticket.cause"].search([], limit=1)
        self.ticket.write({"stage_id": self.done.id, "cause_id": cause.id})
        self.assertTrue(self.ticket.stage_id.closed)

    def test_technical_write_stays_exempt(self):
        # no session (cron, script, mail gateway, OCA's tests), or code that
        # switches to the superuser while serving another user's request
        self._as_session(None)
        self.ticket.write({"stage_id": self.done.id})
        self.assertTrue(self.ticket.stage_id.closed)

    def test_sudo_inside_another_users_request_is_exempt(self):
        self._as_session(self.env.ref("base.user_demo").id)
        self.ticket.sudo().write({"stage_id": self.done.id})
        self.assertTrue(self.ticket.stage_id.closed)

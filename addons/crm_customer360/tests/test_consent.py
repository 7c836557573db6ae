# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from types import SimpleNamespace

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import SavepointCase



class ConsentCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True,
                                       mail_notrack=True, mail_create_nolog=True))
        env = cls.env
        cls.alice = env["res.partner"].create(
            {"name": "Alice Consent", "email": "alice.c360consent@example.com"})
        cls.bob = env["res.partner"].create(
            {"name": "Bob Consent", "email": "bob.c360consent@example.com"})
        cls.user = env["res.users"].create({
            "name": "Cora Consent", "login": "cora.c360consent", "email": "cora@example.com",
            "groups_id": [(6, 0, [env.ref("base.group_user").id,
                                  env.ref("base.group_partner_manager").id])],
        })
        cls.plain_user = env["res.users"].create({
            "name": "Pia Plain", "login": "pia.c360consent", "email": "pia@example.com",
            "groups_id": [(6, 0, [env.ref("base.group_user").id])],
        })

    def _logs(self, partner):
        return self.env["crm.consent.log"].search([("partner_id", "=", partner.id)])

    def test_consent_writes_history(self):
        start = fields.Datetime.now()
        self.alice.sudo(self.user).write(
            {"consent_phone": "granted", "consent_sms": "refused"})
        logs = self._logs(self.alice)
        self.assertEqual(sorted(logs.mapped("channel")), ["phone", "sms"])
        phone = logs.filtered(lambda l: l.channel == "phone")
        self.assertEqual((phone.old_value, phone.new_value), ("unknown", "granted"))
        self.assertEqual(logs.mapped("user_id"), self.user)
        self.assertEqual(set(logs.mapped("origin")), {"api"})
        self.assertTrue(all(l.date >= start for l in logs))
        self.assertEqual(logs.mapped("company_id"), self.alice.company_id)
        self.assertEqual(self.alice.consent_log_ids, logs)
        # Writing the same value again is not a change; no context means the API.
        self.alice.write({"consent_phone": "granted", "consent_sms": "granted"})
        logs = self._logs(self.alice)
        self.assertEqual(len(logs), 3)
        self.assertEqual(logs[0].origin, "api")
        self.assertEqual((logs[0].channel, logs[0].old_value, logs[0].new_value),
                         ("sms", "refused", "granted"))
        self.assertEqual(self.alice._customer360_consent(),
                         {"email": "unknown", "phone": "granted", "sms": "granted"})

    def test_recordset_write_one_line_per_partner(self):
        (self.alice | self.bob).write({"consent_email": "refused"})
        logs = self.env["crm.consent.log"].search(
            [("partner_id", "in", (self.alice | self.bob).ids)])
        self.assertEqual(len(logs), 2)
        self.assertEqual(set(logs.mapped("origin")), {"api"})
        self.assertTrue(self.alice.opt_out and self.bob.opt_out)

    def test_import_is_logged_as_import(self):
        result = self.env["res.partner"].sudo(self.user).load(
            [".id", "consent_phone"], [[str(self.alice.id), "refused"],
                                       [str(self.bob.id), "granted"]])
        self.assertFalse(result["messages"], result)
        logs = self.env["crm.consent.log"].search(
            [("partner_id", "in", (self.alice | self.bob).ids)])
        self.assertEqual(len(logs), 2)
        self.assertEqual(set(logs.mapped("origin")), {"import"})
        self.assertEqual(logs.mapped("user_id"), self.user)
        # After the import, a write is no longer an import.
        self.alice.sudo(self.user).write({"consent_sms": "granted"})
        self.assertEqual(self._logs(self.alice)[0].origin, "api")

    def test_origin_and_user_not_taken_from_the_caller(self):
        """A salesperson cannot log an unsubscribe without a user, nor any
        origin, by passing a context over RPC."""
        for key, value in (("consent_origin", "unsubscribe"), ("consent_origin", "sync"),
                           ("import_file", True)):
            self.alice.sudo(self.user).with_context(**{key: value}).write(
                {"consent_phone": "refused" if self.alice.consent_phone == "granted"
                 else "granted"})
            log = self._logs(self.alice)[0]
            self.assertEqual((log.origin, log.user_id), ("api", self.user), (key, value))

    def test_opt_out_and_consent_in_sync(self):
        self.alice.consent_email = "refused"
        self.assertTrue(self.alice.opt_out)
        self.alice.consent_email = "granted"
        self.assertFalse(self.alice.opt_out)
        self.alice.opt_out = True
        self.assertEqual(self.alice.consent_email, "refused")
        # Clearing an opt-out is not a consent: the refusal becomes unknown...
        self.alice.opt_out = False
        self.assertFalse(self.alice.consent_email)
        # ...while a granted consent stays granted.
        self.bob.consent_email = "granted"
        (self.alice | self.bob).write({"opt_out": False})
        self.assertEqual(self.bob.consent_email, "granted")
        self.assertEqual(self._logs(self.alice).mapped("new_value"),
                         ["unknown", "refused", "granted", "refused"])
        carl = self.env["res.partner"].create({"name": "Carl", "opt_out": True})
        self.assertEqual(carl.consent_email, "refused")
        self.assertEqual(self._logs(carl).mapped("new_value"), ["refused"])
        dora = self.env["res.partner"].create({"name": "Dora", "consent_email": "refused"})
        self.assertTrue(dora.opt_out)

    def test_bad_values_refused(self):
        with self.assertRaises(ValidationError) as error, self.cr.savepoint():
            self.alice.write({"consent_sms": "maybe"})
        self.assertIn("SMS Consent", str(error.exception.name))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["res.partner"].create({"name": "Eve", "consent_phone": "yes"})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.alice.write({"opt_out": True, "consent_email": "granted"})
        self.assertFalse(self._logs(self.alice))

    def test_history_is_read_only(self):
        self.alice.consent_sms = "granted"
        log = self._logs(self.alice)
        self.assertEqual(log.sudo(self.plain_user).read(["new_value"])[0]["new_value"], "granted")
        admin = self.env["res.users"].create({
            "name": "Sam Sysadmin", "login": "sam.c360consent", "email": "sam@example.com",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id,
                                  self.env.ref("base.group_system").id])],
        })
        Access = self.env["ir.model.access"]
        for user in (self.plain_user, self.user, admin):
            self.assertFalse(Access.sudo(user).check("crm.consent.log", "write", False))
            self.assertFalse(Access.sudo(user).check("crm.consent.log", "unlink", False))
        # Append-only for everyone, even code running as superuser.
        for user in (self.plain_user, self.user, admin, self.env.ref("base.user_root")):
            with self.assertRaises(UserError), self.cr.savepoint():
                log.sudo(user).write({"new_value": "refused"})
            with self.assertRaises(UserError), self.cr.savepoint():
                log.sudo(user).unlink()
        for user in (self.plain_user, self.user, admin):
            with self.assertRaises(AccessError), self.cr.savepoint():
                self.env["crm.consent.log"].sudo(user).create({
                    "partner_id": self.alice.id, "channel": "email",
                    "old_value": "unknown", "new_value": "granted"})
        self.assertEqual(log.new_value, "granted")

    def _mailing(self):
        if "mail.mass_mailing" not in self.env:
            self.skipTest("mass_mailing is not installed")
        partners = self.alice | self.bob
        return self.env["mail.mass_mailing"].create({
            "name": "Spring offer", "email_from": "shop@example.com",
            "body_html": "<p>Hello</p>", "keep_archives": True,
            "mailing_model_id": self.env.ref("base.model_res_partner").id,
            "mailing_domain": "[('id', 'in', %s)]" % partners.ids,
        })

    def test_unsubscribe_link_refuses(self):
        mailing = self._mailing()
        fake = SimpleNamespace(httprequest=SimpleNamespace(
            path="/mail/mailing/%s/unsubscribe" % mailing.id))
        http._request_stack.push(fake)
        try:
            # What the unsubscribe controller does, as public user through sudo.
            mailing.sudo().update_opt_out(self.bob.email, [self.bob.id], True)
        finally:
            http._request_stack.pop()
        self.assertTrue(self.bob.opt_out)
        self.assertEqual(self.bob.consent_email, "refused")
        log = self._logs(self.bob)
        self.assertEqual((log.channel, log.new_value, log.origin),
                         ("email", "refused", "unsubscribe"))
        self.assertFalse(log.user_id)

    def test_mass_mailing_excludes_refused(self):
        mailing = self._mailing()
        self.alice.consent_email = "granted"
        self.bob.consent_email = "refused"
        mailing.send_mail()
        stats = self.env["mail.mail.statistics"].search([("mass_mailing_id", "=", mailing.id)])
        by_partner = {s.res_id: s for s in stats}
        self.assertTrue(by_partner[self.alice.id].sent)
        self.assertFalse(by_partner[self.alice.id].exception)
        self.assertFalse(by_partner[self.bob.id].sent)
        self.assertTrue(by_partner[self.bob.id].exception)
        mails = self.env["mail.mail"].search([("mailing_id", "=", mailing.id)])
        states = {m.statistics_ids.res_id: m.state for m in mails}
        self.assertEqual(states, {self.alice.id: "sent", self.bob.id: "cancel"})

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the timeline must never show, and configurations that must never
break it."""
from odoo.exceptions import ValidationError

from .test_timeline import TimelineCase, _ago


class TestPortalInternalNotes(TimelineCase):
    """A portal user reading their own contact's timeline sees the messages
    Odoo shows them (discussions), never the employees' internal notes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.portal = env["res.users"].with_context(no_reset_password=True).create({
            "name": "Tina Portal", "login": "tina.portal.c360", "partner_id": cls.contact.id,
            "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
        })
        Message = env["mail.message"]
        cls.internal = Message.create({
            "model": "res.partner", "res_id": cls.contact.id, "message_type": "comment",
            "subtype_id": env.ref("mail.mt_note").id, "subject": "Credit risk",
            "body": "<p>credit risk, legal dispute</p>",
            "author_id": cls.seller.partner_id.id, "date": _ago(3),
        })
        cls.public = Message.create({
            "model": "res.partner", "res_id": cls.contact.id, "message_type": "comment",
            "subtype_id": env.ref("mail.mt_comment").id, "subject": "Thanks",
            "body": "<p>Thank you for your order</p>",
            "author_id": cls.seller.partner_id.id, "date": _ago(4),
        })

    def _message_ids(self, user):
        events = self.timeline(self.contact, user=user, limit=200)["events"]
        return events, {e["summary"] for e in events if e["res_model"] == "res.partner"}

    def test_odoo_refuses_the_note_to_the_portal_user(self):
        Message = self.env["mail.message"].sudo(self.portal)
        self.assertFalse(Message.search([("id", "=", self.internal.id)]))
        self.assertTrue(Message.search([("id", "=", self.public.id)]))

    def test_portal_timeline_hides_internal_notes(self):
        _events, summaries = self._message_ids(self.portal)
        self.assertIn("Thanks: Thank you for your order", summaries)
        self.assertFalse([s for s in summaries if "credit risk" in s], summaries)
        # Nor found by searching for its words.
        found = self.timeline(self.contact, user=self.portal, limit=50, search="legal dispute")
        self.assertFalse(found["events"])

    def test_employee_still_sees_internal_notes(self):
        _events, summaries = self._message_ids(self.seller)
        self.assertIn("Credit risk: credit risk, legal dispute", summaries)
        self.assertIn("Thanks: Thank you for your order", summaries)

    def test_portal_header_and_actions(self):
        contact = self.contact.sudo(self.portal)
        # The Customer 360 screens work for a portal user too.
        header = contact.customer360_header()
        self.assertEqual(header["last_contact"]["summary"], "Thanks: Thank you for your order")
        self.assertIs(header["open_pipeline"], False)
        self.assertIn("open_pipeline", header["hidden"])
        contact.customer360_quick_actions()


class TestProtectedPlaceholders(TimelineCase):
    """A summary shows only what the viewer may read."""

    BASE = {"name": "Order audit", "res_model": "sale.order", "partner_field": "partner_id",
            "date_field": "date_order", "department": "sales", "event_type": "order_audit"}

    def test_credentials_and_group_fields_refused(self):
        Source = self.env["crm.customer360.source"]
        secret = ("password_crypt" if "password_crypt" in self.env["res.users"]._fields
                  else "password")
        group_field = [name for name, field in self.env["res.users"]._fields.items()
                       if field.groups and field.store and field.column_type]
        templates = ["%%(create_uid.%s)s" % secret, "%(user_id.password)s"]
        templates += ["%%(create_uid.%s)s" % name for name in group_field[:1]]
        for template in templates:
            with self.assertRaises(ValidationError, msg=template), self.cr.savepoint():
                Source.create(dict(self.BASE, summary_template=template))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Source.create(dict(self.BASE, summary_template="x", amount_field="create_uid.password"))
        # Nor filter on one: the events shown would tell its value.
        for domain in ("[('create_uid.%s', 'like', 'a%%')]" % secret,
                       "['|', ('id', '=', 1), ('user_id.partner_id.user_ids.password', '=', 'x')]"):
            with self.assertRaises(ValidationError, msg=domain), self.cr.savepoint():
                Source.create(dict(self.BASE, summary_template="x", domain=domain))
        self.assertFalse(Source.search([("event_type", "=", "order_audit")]))

    def test_unreadable_related_model_not_rendered_nor_searchable(self):
        team = self.env["crm.team"].create({"name": "Zanzibar Team"})
        self.order.team_id = team
        self.env["crm.customer360.source"].create(dict(
            self.BASE, summary_template="Audit %(name)s by %(team_id.name)s"))
        seen = self.timeline(user=self.seller, limit=10, event_types=["order_audit"])["events"]
        self.assertEqual(seen[0]["summary"], "Audit %s by Zanzibar Team" % self.order.name)
        # A company that keeps sales teams to managers: no read right for Selma.
        self.env["ir.model.access"].search([
            ("model_id.model", "=", "crm.team"),
            "|", ("group_id", "=", False), ("group_id", "in", self.seller.groups_id.ids),
        ]).write({"active": False})
        self.assertFalse(self.env["crm.team"].sudo(self.seller).check_access_rights(
            "read", raise_exception=False))
        seen = self.timeline(user=self.seller, limit=10, event_types=["order_audit"])["events"]
        self.assertEqual(seen[0]["summary"], "Audit %s by" % self.order.name)
        self.assertFalse(self.timeline(user=self.seller, limit=10, event_types=["order_audit"],
                                       search="Zanzibar")["events"])
        self.assertTrue(self.timeline(user=self.seller, limit=10, event_types=["order_audit"],
                                      search=self.order.name)["events"])
        # The administrator still sees and finds it.
        self.assertTrue(self.timeline(limit=10, event_types=["order_audit"],
                                      search="Zanzibar")["events"])


class TestSourceValidation(TimelineCase):
    """A source the timeline's SQL cannot use is refused when saved; one
    broken afterwards is skipped and shown to the administrator."""

    BASE = {"name": "Repairs", "res_model": "sale.order", "partner_field": "partner_id",
            "date_field": "date_order", "department": "service", "event_type": "repair",
            "summary_template": "Repair %(name)s"}

    def test_unusable_configurations_refused(self):
        Source = self.env["crm.customer360.source"]
        for bad in ({"partner_field": "partner_id.parent_id"},
                    {"partner_field": "partner_id.nope"},
                    {"partner_field": "order_line"},
                    {"partner_field": "user_id"},
                    {"partner_field": "tag_ids"},
                    {"date_field": "partner_id.create_date"},
                    {"date_field": "name"},
                    {"user_field": "partner_id.user_id"},
                    {"amount_field": "partner_id.parent_id.credit_limit"},
                    {"summary_template": "Repair %(order_line)s"},
                    {"summary_template": "Repair %(order_line.name)s"},
                    {"summary_template": "Repair %(partner_id.)s"},
                    {"res_model": "Sale Order!"},
                    {"res_model": "sale.order", "link_kind": "document",
                     "ref_model_field": "partner_id.name", "ref_id_field": "id"},
                    {"domain": "42"},
                    {"domain": "[('nope', '=', 1)]"},
                    {"domain": "[('date_order', '<', 'not a date')]"},
                    {"domain": "[('amount_total', '>', 'much')]"}):
            with self.assertRaises(ValidationError, msg=bad), self.cr.savepoint():
                Source.create(dict(self.BASE, **bad))
        self.assertFalse(Source.search([("name", "=", "Repairs")]))

    def _broken_source(self, column, value):
        source = self.env["crm.customer360.source"].create(dict(self.BASE))
        self.assertEqual(source.state, "ok")
        self.env.cr.execute(
            "UPDATE crm_customer360_source SET %s = %%s WHERE id = %%s" % column,
            [value, source.id])
        source.invalidate_cache()
        return source

    def _assert_skipped(self, source):
        for user in (self.env.user, self.seller):
            events = self.timeline(user=user, limit=100)["events"]
            self.assertIn("order_confirmed", {e["event_type"] for e in events})
            self.assertNotIn("repair", {e["event_type"] for e in events})
            header = self.customer.sudo(user).customer360_header()
            self.assertEqual(header["last_contact"]["event_type"], "email_in")
        source.invalidate_cache()
        self.assertEqual(source.state, "skipped")
        self.assertTrue(source.last_error)

    def test_dotted_customer_field_written_by_sql_is_skipped(self):
        self._assert_skipped(self._broken_source("partner_field", "partner_id.parent_id"))

    def test_field_gone_is_skipped(self):
        self._assert_skipped(self._broken_source("date_field", "x_removed_by_uninstall"))

    def test_bad_domain_is_skipped(self):
        self._assert_skipped(self._broken_source("domain", "[('x_removed', '=', uid)]"))

    def test_domain_postgresql_refuses_is_skipped(self):
        self._assert_skipped(self._broken_source("domain", "[('date_order', '<', 'x')]"))

    def test_repaired_source_is_used_again(self):
        source = self._broken_source("partner_field", "partner_id.parent_id")
        self._assert_skipped(source)
        source.write({"partner_field": "partner_id"})
        self.assertIn("repair", {e["event_type"] for e in self.timeline(limit=100)["events"]})
        source.invalidate_cache()
        self.assertEqual(source.state, "ok")
        self.assertFalse(source.last_error)

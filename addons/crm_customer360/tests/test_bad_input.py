# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input to the addon's public methods gives a translated UserError or
ValidationError (or an AccessError) and writes nothing: never a traceback."""
import base64
import contextlib
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from odoo.exceptions import AccessError, UserError, ValidationError

from .test_timeline import TimelineCase

EXPECTED = (UserError, ValidationError, AccessError)
SETTINGS = settings(max_examples=30, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _cursor(values):
    raw = json.dumps(values).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# Values of the wrong type, size and encoding.
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2 ** 70, max_value=2 ** 70),
    st.floats(allow_nan=True), st.text(max_size=30), st.text(min_size=300, max_size=400),
    st.just("\x00"), st.just("sales\x00"), st.binary(max_size=20),
)
anything = st.one_of(
    scalars, st.lists(scalars, max_size=4), st.dictionaries(st.text(max_size=5), scalars,
                                                            max_size=3),
    st.lists(st.lists(scalars, max_size=3), max_size=3))
cursors = st.one_of(
    anything,
    st.lists(st.one_of(st.integers(min_value=-2 ** 40, max_value=2 ** 40), st.booleans(),
                       st.none(), st.text(max_size=30),
                       st.just("2026-06-01 10:00:00.000000")),
             max_size=5).map(_cursor),
    st.builds(lambda a, b, c: _cursor([a, "2026-06-01 10:00:00.000000", b, c]),
              st.one_of(st.integers(min_value=-2 ** 40, max_value=2 ** 40), st.booleans()),
              st.one_of(st.integers(min_value=-2 ** 40, max_value=2 ** 40), st.booleans()),
              st.one_of(st.integers(min_value=-2 ** 40, max_value=2 ** 40), st.booleans())),
)
ids = st.one_of(st.integers(min_value=-5, max_value=2 ** 31 + 5), st.just(2 ** 31 - 1))


class _Rollback(Exception):
    """Leaves a savepoint by rolling it back."""


class BadInputCase(TimelineCase):

    def _fingerprint(self):
        """What a call could write: the addon's tables and the documents
        its methods touch (row counts and contents)."""
        cr = self.env.cr
        result = []
        for table in ("res_partner", "crm_customer360_source", "crm_consent_log",
                      "crm_commitment", "crm_lead", "sale_order", "mail_activity",
                      "crm_customer360_handover"):
            cr.execute('SELECT count(*), md5(string_agg(t::text, \',\' ORDER BY t.id)) '
                       'FROM "%s" t' % table)
            result.append(cr.fetchone())
        cr.execute("SELECT count(*), max(id) FROM mail_message")
        result.append(cr.fetchone())
        return result

    def assertRefusedCleanly(self, call):
        """``call()`` either works or raises an expected error with a
        message; when it raises, nothing was written. Everything is rolled
        back afterwards. Returns the error or None."""
        found = None
        self.env["res.partner"].invalidate_cache()
        try:
            # _Rollback undoes the savepoint whatever the call did
            with contextlib.suppress(_Rollback), self.env.cr.savepoint():
                before = self._fingerprint()
                try:
                    call()
                except EXPECTED as error:
                    self.assertEqual(self._fingerprint(), before, "written before %r" % error)
                    self.assertIsInstance(error.name, str)
                    self.assertTrue(error.name)
                    found = error
                raise _Rollback()
        finally:
            self.env["res.partner"].invalidate_cache()
        return found

    def assertReadOnly(self, call):
        """``call()`` (a reading method) works or raises an expected error,
        and writes nothing either way."""
        self.env["res.partner"].invalidate_cache()
        with self.env.cr.savepoint():
            before = self._fingerprint()
            try:
                call()
            except EXPECTED as error:
                self.assertTrue(error.name)
            self.assertEqual(self._fingerprint(), before)
        self.env["res.partner"].invalidate_cache()


class TestBadInputExamples(BadInputCase):
    """The cases reported, one by one."""

    def test_timeline_bad_arguments(self):
        good = self.timeline(limit=1)["next_cursor"]
        self.assertTrue(good)
        partner, date, source_id, key_id = json.loads(
            base64.urlsafe_b64decode(good + "=" * (-len(good) % 4)))
        for kwargs in (
                {"cursor": _cursor([partner, date, True, key_id])},
                {"cursor": _cursor([True, date, source_id, key_id])},
                {"cursor": _cursor([partner, date, source_id, 2 ** 40])},
                {"cursor": _cursor({"a": 1, "b": 2, "c": 3, "d": 4})},
                {"cursor": 12}, {"cursor": ["x"]}, {"cursor": "\x00"},
                {"departments": 5}, {"departments": [None]}, {"departments": "sales"},
                {"departments": ["sales\x00"]},
                {"event_types": 5}, {"event_types": [None]}, {"event_types": [["a"]]},
                {"user_ids": 5}, {"user_ids": [True]}, {"user_ids": [2 ** 40]},
                {"user_ids": ["1"]},
                {"search": 123}, {"search": "abc\x00def"}, {"search": ["a"]},
                {"search": "x" * 10000},
                {"date_from": 20260101}, {"date_to": ["2026-01-01"]},
                {"date_from": "2026-01-01\x00"},
                {"limit": 10 ** 9}, {"limit": -1}, {"limit": 0}, {"limit": True},
                {"limit": 2.5}, {"limit": None}):
            error = self.assertRefusedCleanly(lambda: self.customer.customer360_timeline(
                **dict({"limit": 5}, **kwargs)))
            self.assertIsInstance(error, UserError, kwargs)

    def test_no_partner_or_two_partners(self):
        Partner = self.env["res.partner"]
        two = self.customer | self.other_customer
        gone = Partner.browse(2 ** 31 - 1)
        for records in (Partner, two, gone):
            for call in (lambda r: r.customer360_timeline(), lambda r: r.customer360_header(),
                         lambda r: r.customer360_quick_actions(),
                         lambda r: r.action_open_commitments()):
                error = self.assertRefusedCleanly(lambda: call(records))
                self.assertIsInstance(error, UserError, records)

    def test_commitment_actions_on_deleted_promises(self):
        promise = self.env["crm.commitment"].create({
            "name": "Call back", "partner_id": self.contact.id, "user_id": self.seller.id,
            "date_due": "2026-07-01"})
        gone = promise | self.env["crm.commitment"].browse(2 ** 31 - 1)
        for action in ("action_keep", "action_break", "action_cancel"):
            error = self.assertRefusedCleanly(lambda: getattr(gone, action)())
            self.assertIsInstance(error, UserError)
        self.assertEqual(promise.state, "open")

    def test_consent_values_of_the_wrong_type(self):
        for value in (["granted"], {"a": 1}, 5, "granted\x00", b"refused"):
            error = self.assertRefusedCleanly(
                lambda: self.contact.write({"consent_email": value}))
            self.assertIsInstance(error, ValidationError, value)

    def test_handover_bad_values(self):
        Wizard = self.env["crm.customer360.handover"]
        for vals in ({"mode": "everything", "to_user_id": self.seller.id},
                     {"to_user_id": 2 ** 31 - 1},
                     {"to_user_id": "1"},
                     {"from_user_id": True, "to_user_id": self.seller.id},
                     {"partner_ids": [(6, 0, [2 ** 31 - 1])], "to_user_id": self.seller.id},
                     {"partner_ids": [(6, 0, [None])], "to_user_id": self.seller.id},
                     {"partner_ids": "abc", "to_user_id": self.seller.id}):
            error = self.assertRefusedCleanly(lambda: Wizard.create(vals).action_handover())
            self.assertIsInstance(error, UserError, vals)

    def test_handover_report_bad_data(self):
        Report = self.env["report.crm_customer360.report_handover_brief"]
        for docids, data in ((["a"], None), ([True], None), (None, {"partner_ids": "x"}),
                             (None, "data"), ([self.customer.id], {"previous_owner_ids": 5}),
                             ([self.customer.id], {"previous_owner_ids": {"x": 1}})):
            error = self.assertRefusedCleanly(lambda: Report.get_report_values(docids, data))
            self.assertIsInstance(error, UserError, (docids, data))


class TestBadInputProperties(BadInputCase):
    """Generated arguments of the wrong type, size and encoding."""

    @SETTINGS
    @given(limit=st.one_of(st.integers(min_value=-10, max_value=300), anything),
           cursor=cursors, departments=anything, event_types=anything, user_ids=anything,
           date_from=anything, date_to=anything, search=anything)
    def test_timeline(self, limit, cursor, departments, event_types, user_ids, date_from,
                      date_to, search):
        for partner in (self.customer, self.customer.sudo(self.seller)):
            self.assertReadOnly(lambda: partner.customer360_timeline(
                limit=limit, cursor=cursor, departments=departments, event_types=event_types,
                user_ids=user_ids, date_from=date_from, date_to=date_to, search=search))

    @SETTINGS
    @given(partner_ids=st.lists(ids, max_size=3))
    def test_partner_screens(self, partner_ids):
        partners = self.env["res.partner"].browse(partner_ids)
        for method in ("customer360_header", "customer360_quick_actions",
                       "action_open_commitments", "customer360_timeline"):
            for records in (partners, partners.sudo(self.seller)):
                self.assertReadOnly(lambda: getattr(records, method)())

    @SETTINGS
    @given(promise_ids=st.lists(ids, max_size=3), own=st.booleans(),
           action=st.sampled_from(["action_keep", "action_break", "action_cancel"]))
    def test_commitment_actions(self, promise_ids, own, action):
        promise = self.env["crm.commitment"].create({
            "name": "Call back", "partner_id": self.contact.id, "user_id": self.seller.id,
            "date_due": "2026-07-01"})
        records = self.env["crm.commitment"].browse(([promise.id] if own else []) + promise_ids)
        for records in (records, records.sudo(self.seller)):
            self.assertRefusedCleanly(lambda: getattr(records, action)())

    @SETTINGS
    @given(field=st.sampled_from(["consent_email", "consent_phone", "consent_sms", "opt_out"]),
           value=st.one_of(anything, st.sampled_from(["granted", "refused", False])))
    def test_consent(self, field, value):
        self.assertRefusedCleanly(lambda: self.contact.write({field: value}))

    @SETTINGS
    @given(mode=st.one_of(st.sampled_from(["customers", "salesperson"]), anything),
           to_user=st.one_of(ids, anything), from_user=st.one_of(ids, anything),
           partners=st.one_of(st.lists(ids, max_size=3).map(lambda l: [(6, 0, l)]), anything))
    def test_handover(self, mode, to_user, from_user, partners):
        vals = {"mode": mode, "to_user_id": to_user, "from_user_id": from_user,
                "partner_ids": partners}
        Wizard = self.env["crm.customer360.handover"]
        self.assertRefusedCleanly(lambda: Wizard.create(vals).action_handover())

    @SETTINGS
    @given(docids=st.one_of(st.lists(ids, max_size=3), anything), data=anything)
    def test_handover_report(self, docids, data):
        Report = self.env["report.crm_customer360.report_handover_brief"]
        self.assertReadOnly(lambda: Report.get_report_values(docids, data))

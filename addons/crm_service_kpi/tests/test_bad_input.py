# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Arguments of the wrong type, size and encoding thrown at every public
method of the addon: a translated UserError, ValidationError or AccessError,
never another exception, and nothing written."""
from hypothesis import HealthCheck, given, settings, strategies as st

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import SavepointCase

from ..controllers.main import STATUS_HTTP, _form_score, page_subject
from ..rules import kpi_catalog

EXPECTED = (UserError, ValidationError, AccessError)
FUZZ = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

dates = st.sampled_from([
    "0001-01-01", "9999-12-31", "0000-00-00", "2026-02-30", "2026-02-01", "2026-02-28",
    "1899-12-31", "3000-01-01", "2026-02-01\x00", " 2026-02-01", "2026-W05", "",
])
junk = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-2 ** 70, max_value=2 ** 70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(max_size=10).map(lambda s: s + "\x00" + s),
    st.just("9" * 100000),
    st.lists(st.integers(min_value=-2 ** 40, max_value=2 ** 40), max_size=4),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    dates,
)
date_args = st.one_of(dates, junk)
codes = st.one_of(st.sampled_from([k["code"] for k in kpi_catalog.KPIS]), junk)
group_bys = st.one_of(st.sampled_from(["user", "team", None]), junk)
id_lists = st.one_of(
    st.none(), st.lists(st.integers(min_value=-2 ** 63, max_value=2 ** 63), max_size=3), junk)


class TestBadInput(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.Ticket = env["helpdesk.ticket"]
        cls.Sales = env["crm.service.kpi.sales"]
        cls.Dashboard = env["crm.service.kpi.dashboard"]
        cls.Feedback = env["crm.service.feedback"]
        cls.Target = env["crm.service.kpi.target"]
        cls.customer = env["res.partner"].create({"name": "Fuzz Customer"})
        cls.request = cls.Feedback._create_request(
            __import__("datetime").datetime(2026, 1, 1), 0,
            {"partner_id": cls.customer.id})
        cls.token = cls.request.sudo().access_token
        cls.scorecard = env["crm.service.scorecard"].create({
            "name": "Fuzz scorecard", "department": "service",
            "line_ids": [(0, 0, {"kpi": "csat_avg", "weight": 1.0})]})

    def _fingerprint(self):
        cr = self.env.cr
        res = []
        for table in ("crm_service_feedback", "crm_service_kpi_target", "mail_message",
                      "mail_activity", "crm_service_scorecard"):
            cr.execute("SELECT count(*), max(write_date) FROM %s" % table)
            res.append(cr.fetchone())
        return res

    def _call(self, method, *args, **kwargs):
        """Call; only the expected errors; nothing written either way."""
        before = self._fingerprint()
        try:
            with self.env.cr.savepoint():
                method(*args, **kwargs)
                self.assertEqual(self._fingerprint(), before, "wrote something")
        except EXPECTED as error:
            self.assertTrue(error.args and isinstance(error.args[0], str))
            self.assertLess(len(error.args[0]), 2000, "message echoes a huge input")
        self.assertEqual(self._fingerprint(), before)

    def test_known_bad_inputs(self):
        """The cases that gave a server error: years 1 and 9999, lists as
        group_by or KPI code, ids out of PostgreSQL's range, several records."""
        for method, args in (
                (self.Ticket.kpi_summary, ("0001-01-01", "2026-01-31")),
                (self.Ticket.kpi_summary, ("2026-01-01", "9999-12-31")),
                (self.Dashboard.get_dashboard_data, ("0001-01-01", "0001-01-31")),
                (self.Dashboard.get_dashboard_data, ("9999-12-01", "9999-12-31")),
                (self.Sales.sales_summary, ("2026-01-01", "9999-12-31")),
                (self.Ticket.kpi_summary_grouped, ("2026-01-01", "2026-01-31", ["user"])),
                (self.Sales.sales_summary_grouped, ("2026-01-01", "2026-01-31", ["user"])),
                (self.Dashboard.action_open_figure, (["nps"], "2026-01-01", "2026-01-31")),
                (self.Ticket.kpi_summary, ("2026-01-01", "2026-01-31", [2 ** 40])),
                (self.Sales.sales_summary, ("2026-01-01\x00", "2026-01-31")),
                (self.scorecard.compute_scorecards, ("0001-01-01", "9999-12-31")),
                ((self.scorecard | self.scorecard.browse(2 ** 40)).compute_scorecards,
                 ("2026-01-01", "2026-01-31")),
                (self.Feedback.browse([self.request.id, 2 ** 40]).get_feedback_url, ()),
                (self.Target.create, ({"kpi": ["nps"], "date_from": "2026-01-01",
                                       "date_to": "2026-01-31", "target": 10},)),
                (self.Target.create, ({"kpi": "nps", "date_from": "0001-01-01",
                                       "date_to": "9999-12-31", "target": "x" * 10 ** 5},)),
        ):
            with self.subTest(method=method.__name__, args=str(args)[:80]):
                with self.assertRaises(EXPECTED):
                    self._call_raw(method, *args)
                self._call(method, *args)

    def _call_raw(self, method, *args):
        with self.env.cr.savepoint():
            method(*args)

    @FUZZ
    @given(date_args, date_args, id_lists, id_lists)
    def test_kpi_summary(self, date_from, date_to, team_ids, user_ids):
        self._call(self.Ticket.kpi_summary, date_from, date_to, team_ids, user_ids)

    @FUZZ
    @given(date_args, date_args, group_bys, id_lists)
    def test_kpi_summary_grouped(self, date_from, date_to, group_by, team_ids):
        self._call(self.Ticket.kpi_summary_grouped, date_from, date_to, group_by, team_ids)

    @FUZZ
    @given(date_args, date_args, id_lists, id_lists, group_bys)
    def test_sales_summary(self, date_from, date_to, team_ids, user_ids, group_by):
        self._call(self.Sales.sales_summary, date_from, date_to, team_ids, user_ids)
        self._call(self.Sales.sales_summary_grouped, date_from, date_to, group_by,
                   team_ids, user_ids)

    @FUZZ
    @given(date_args, date_args, id_lists, id_lists, id_lists)
    def test_dashboard(self, date_from, date_to, team_ids, user_ids, sales_team_ids):
        self._call(self.Dashboard.get_dashboard_data, date_from, date_to, team_ids,
                   user_ids, sales_team_ids)

    @FUZZ
    @given(codes, date_args, date_args, id_lists)
    def test_open_figure(self, code, date_from, date_to, team_ids):
        self._call(self.Dashboard.action_open_figure, code, date_from, date_to, team_ids)

    @FUZZ
    @given(date_args, date_args, st.lists(st.integers(min_value=-2 ** 40, max_value=2 ** 40),
                                          max_size=2))
    def test_scorecard(self, date_from, date_to, extra_ids):
        cards = self.scorecard.browse([self.scorecard.id] + extra_ids)
        self._call(cards.compute_scorecards, date_from, date_to)

    @FUZZ
    @given(st.lists(st.integers(min_value=-2 ** 63, max_value=2 ** 63), max_size=3))
    def test_feedback_url(self, ids):
        self._call(self.Feedback.browse(ids).get_feedback_url)

    @FUZZ
    @given(codes, date_args, date_args, junk)
    def test_target(self, code, date_from, date_to, target):
        before = self._fingerprint()
        try:
            with self.env.cr.savepoint():
                self.Target.create({"kpi": code, "date_from": date_from,
                                    "date_to": date_to, "target": target})
        except EXPECTED:
            self.assertEqual(self._fingerprint(), before)

    @FUZZ
    @given(st.one_of(st.just("TOKEN"), junk), junk, junk, junk)
    def test_feedback_submit(self, token, csat, nps, comment):
        token = self.token if token == "TOKEN" else token
        before = self._fingerprint()
        with self.env.cr.savepoint():
            rec, status, errors = self.Feedback.sudo()._submit_answer_by_token(
                token, csat, nps, comment)
            if status != "valid":
                self.assertEqual(self._fingerprint(), before)
            # what the controller shows next
            html = self.env["ir.ui.view"].render_template(
                "crm_service_kpi.feedback_page_form", dict(
                    page_subject(rec), request=_FakeRequest(), token=self.token,
                    errors=errors, csat=_form_score(csat), nps=_form_score(nps),
                    comment=comment if isinstance(comment, str) else ""))
            self.assertTrue(html)
        self.assertIn(status, ("valid", "invalid", "unknown", "malformed"))
        self.assertLess(STATUS_HTTP[status], 500)


class _FakeRequest:
    def csrf_token(self, time_limit=None):
        return "csrf"

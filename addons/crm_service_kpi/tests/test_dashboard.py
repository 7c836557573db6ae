# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase

from ..rules import kpi
from ..rules import dashboard as rules


class TestDashboard(SavepointCase):
    """crm.service.kpi.dashboard on hand-made tickets and feedback.

    Period February 2026 (the whole month); compared with January 2026.
    Team A: T1, T2, T3 opened in February (T1 solved), T0 opened in the
    previous period; team B: T4 in February. Feedback of team A answered in
    February: (CSAT 5, NPS 10) and (CSAT 2, NPS 3); in the previous period:
    (CSAT 4, NPS 9)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz="UTC"))
        cls.Dashboard = env["crm.service.kpi.dashboard"]
        cls.Ticket = env["helpdesk.ticket"]
        cls.stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        group_user = env.ref("helpdesk_mgmt.group_helpdesk_user")
        Users = env["res.users"].with_context(no_reset_password=True)
        cls.agent_a, cls.agent_b = (Users.create({
            "name": "Dash Agent %s" % x, "login": "dash_agent_%s" % x, "tz": "UTC",
            "email": "dash_agent_%s@example.com" % x,
            "groups_id": [(6, 0, [env.ref("base.group_user").id, group_user.id])],
        }) for x in "ab")
        cls.team_a = env["helpdesk.ticket.team"].create({
            "name": "Dash Team A", "tz": "UTC", "leader_id": cls.agent_a.id,
            "user_ids": [(6, 0, [cls.agent_a.id])]})
        cls.team_b = env["helpdesk.ticket.team"].create({
            "name": "Dash Team B", "tz": "UTC", "user_ids": [(6, 0, [cls.agent_b.id])]})
        cls.customer = env["res.partner"].create({"name": "Dash Customer"})
        A, B = cls.team_a, cls.team_b
        cls.t0 = cls._ticket(A, cls.agent_a, "2026-01-20 10:00:00")
        cls.t1 = cls._ticket(A, cls.agent_a, "2026-02-02 10:00:00",
                             first="2026-02-02 11:00:00", closed="2026-02-03 10:00:00")
        cls.t2 = cls._ticket(A, cls.agent_a, "2026-02-10 10:00:00", first="2026-02-10 12:00:00")
        cls.t3 = cls._ticket(A, cls.agent_a, "2026-02-27 23:00:00")
        cls.t4 = cls._ticket(B, cls.agent_b, "2026-02-05 10:00:00")
        cls.t5 = cls._ticket(A, cls.agent_a, "2026-03-01 00:00:00")   # after the period
        Feedback = env["crm.service.feedback"]

        def fb(ticket, team, user, requested, answered=False, csat=0, nps=0):
            vals = {"ticket_id": ticket.id, "partner_id": cls.customer.id,
                    "user_id": user.id, "team_id": team.id, "request_date": requested}
            if answered:
                vals.update(state="answered", answered_date=answered, csat=csat, nps=nps)
            else:
                vals.update(state="requested")
            return Feedback.create(vals)
        cls.f0 = fb(cls.t0, A, cls.agent_a, "2026-01-21 09:00:00", "2026-01-22 09:00:00", 4, 9)
        cls.f1 = fb(cls.t1, A, cls.agent_a, "2026-02-03 11:00:00", "2026-02-04 09:00:00", 5, 10)
        cls.f2 = fb(cls.t2, A, cls.agent_a, "2026-02-11 11:00:00", "2026-02-12 09:00:00", 2, 3)
        cls.f3 = fb(cls.t3, A, cls.agent_a, "2026-02-28 11:00:00")
        cls.f4 = fb(cls.t4, B, cls.agent_b, "2026-02-06 11:00:00", "2026-02-07 09:00:00", 1, 0)

    @classmethod
    def _ticket(cls, team, user, opened, first=False, closed=False):
        ticket = cls.Ticket.with_context(sla_now=opened).create({
            "name": "Dash %s" % opened, "team_id": team.id, "user_id": user.id,
            "partner_id": cls.customer.id, "stage_id": cls.stage_new.id})
        if closed:
            ticket.with_context(sla_now=closed).write({"stage_id": cls.stage_done.id, "cause_id": cls.env.ref("crm_service_kpi.ticket_cause_other").id})
        ticket.write({"sla_start_date": opened, "first_response_date": first,
                      "closed_date": closed})
        return ticket

    def _data(self, env=None, **kw):
        Dashboard = (env or self.env)["crm.service.kpi.dashboard"]
        return Dashboard.get_dashboard_data("2026-02-01", "2026-02-28", **kw)

    @staticmethod
    def _tiles(data):
        return {tile["code"]: tile for tile in data["tiles"]}

    def test_periods(self):
        data = self._data(team_ids=[self.team_a.id])
        self.assertEqual(data["period"], {"date_from": "2026-02-01", "date_to": "2026-02-28"})
        self.assertEqual(
            {k: data["previous_period"][k] for k in ("date_from", "date_to", "kind")},
            {"date_from": "2026-01-01", "date_to": "2026-01-31", "kind": "month"})
        self.assertTrue(data["previous_period"]["label"])

    def test_comparison_like_with_like(self):
        """Issue #11: the dashboard compares with rules/dashboard.py's
        comparison period (its cases: tests/rules/test_skpi_dashboard.py)."""
        data = self.Dashboard.get_dashboard_data("2026-10-01", "2026-10-06",
                                                 comparison="quarter")
        self.assertEqual((data["previous_period"]["date_from"],
                          data["previous_period"]["date_to"]), ("2026-07-01", "2026-07-06"))
        with self.assertRaises(UserError):
            self.Dashboard.get_dashboard_data("2026-10-01", "2026-10-06", comparison="year")
        data = self.Dashboard.get_dashboard_data("2026-12-01", "2026-12-06")
        self.assertEqual((data["previous_period"]["date_from"],
                          data["previous_period"]["date_to"]), ("2026-11-01", "2026-11-06"))

    def test_values_equal_kpi_summary(self):
        data = self._data(team_ids=[self.team_a.id])
        tiles = self._tiles(data)
        summary = self.Ticket.kpi_summary("2026-02-01", "2026-02-28", team_ids=[self.team_a.id])
        previous = self.Ticket.kpi_summary("2026-01-01", "2026-01-31",
                                           team_ids=[self.team_a.id])
        for code, tile in tiles.items():
            if tile["department"] != "service":
                continue
            self.assertEqual(tile["value"], summary[code], code)
            self.assertEqual(tile["previous"], previous[code], code)
        # and by hand
        self.assertEqual(tiles["ticket_count"]["value"], 3)
        self.assertEqual(tiles["csat_avg"]["value"], 3.5)                 # (5 + 2) / 2
        self.assertEqual(tiles["csat_satisfied_pct"]["value"], 50.0)       # 5 of 5, 2
        self.assertEqual(tiles["nps"]["value"], 0.0)                       # 1 - 1 of 2
        self.assertAlmostEqual(tiles["feedback_response_rate_pct"]["value"], 100.0 * 2 / 3,
                               places=2)
        # sales tiles: sales_summary's figures (no sales team or employee filter)
        sales = self.env["crm.service.kpi.sales"].sales_summary("2026-02-01", "2026-02-28")
        for code, tile in tiles.items():
            if tile["department"] != "service":
                self.assertEqual(tile["value"], sales[code], code)
        self.assertIn("help", tiles["csat_avg"])
        self.assertTrue(tiles["csat_avg"]["help"])

    def test_service_figures_of_all_periods_in_one_pass(self):
        """The period, the previous period and the months of the series: the
        queries of one summary, each period's figures its kpi_summary's."""
        Ticket, cr = self.Ticket, self.env.cr
        bounds = ["2025-03-01 00:00:00", "2025-04-01 00:00:00", "2026-01-04 00:00:00",
                  "2026-02-01 00:00:00", "2026-03-01 00:00:00"]
        periods = [(bounds[3], bounds[4], True), (bounds[2], bounds[3], True),
                   (bounds[0], bounds[1], False), (bounds[0], bounds[4], True)]
        domain = [("team_id", "in", [self.team_a.id])]
        Ticket._kpi_period_summaries(domain, periods[:1])          # warm the caches
        cr.sql_log_count = 0
        Ticket._kpi_period_summaries(domain, periods[:1])
        one = cr.sql_log_count
        cr.sql_log_count = 0
        together = Ticket._kpi_period_summaries(domain, periods)[None]
        self.assertEqual(cr.sql_log_count, one)
        for (start, end, backlog), values in zip(periods, together):
            last_day = datetime.strptime(end, "%Y-%m-%d %H:%M:%S").date() - timedelta(days=1)
            summary = Ticket.kpi_summary(start[:10], str(last_day), team_ids=[self.team_a.id])
            for code, value in values.items():
                if backlog or not code.startswith("backlog"):
                    self.assertEqual(kpi.rpc_safe(value), summary[code], (start, end, code))
        self.assertEqual([values["ticket_count"] for values in together], [3, 1, 0, 4])
        self.assertEqual(together[3]["backlog_count"], 3)   # T0, T2, T3 (T1 solved)

    def test_trend_by_hand(self):
        tiles = self._tiles(self._data(team_ids=[self.team_a.id]))
        tc = tiles["ticket_count"]
        self.assertEqual((tc["value"], tc["previous"]), (3, 1))
        self.assertEqual((tc["delta"], tc["delta_pct"]), (2, 200.0))
        self.assertIs(tc["better"], False)              # no direction for a count
        self.assertIs(tc["direction"], False)
        csat = tiles["csat_avg"]
        self.assertEqual((csat["previous"], csat["delta"], csat["delta_pct"]), (4.0, -0.5, -12.5))
        self.assertEqual(csat["better"], "worse")       # down, higher is better
        self.assertEqual(csat["direction"], "higher")
        nps = tiles["nps"]
        self.assertEqual((nps["previous"], nps["delta"]), (100.0, -100.0))
        self.assertEqual(nps["better"], "worse")
        # first response: February has T1 (answered) and T2, none before: no trend
        fr = tiles["first_response_hours_avg"]
        self.assertIs(fr["previous"], False)
        self.assertIs(fr["delta"], False)
        self.assertIs(fr["better"], False)
        self.assertIs(rules.better(-1.0, False), True)  # a shorter time is better

    def test_targets_and_attainment(self):
        Target = self.env["crm.service.kpi.target"]
        Target.with_context(active_test=False).search([]).unlink()
        Target.create({"kpi": "csat_avg", "date_from": "2026-01-01", "date_to": "2026-03-31",
                       "target": 4.0})
        Target.create({"kpi": "csat_avg", "date_from": "2026-01-01", "date_to": "2026-03-31",
                       "target": 5.0, "team_id": self.team_a.id})
        team = self._tiles(self._data(team_ids=[self.team_a.id]))["csat_avg"]
        self.assertEqual((team["target"], team["attainment"]), (5.0, 70.0))   # 3.5 / 5
        # team B has no target of its own: the company-wide one; 1 / 4
        other = self._tiles(self._data(team_ids=[self.team_b.id]))["csat_avg"]
        self.assertEqual((other["target"], other["attainment"]), (4.0, 25.0))
        # two teams: no single target applies
        both = self._tiles(self._data(team_ids=[self.team_a.id, self.team_b.id]))["csat_avg"]
        self.assertIs(both["target"], False)

    def test_click_through_returns_the_records_counted(self):
        data = self._data(team_ids=[self.team_a.id])
        tiles = self._tiles(data)

        def records(code):
            action = tiles[code]["action"]
            Model = self.env[action["res_model"]].with_context(**action["context"])
            return Model.search(action["domain"])
        self.assertEqual(records("ticket_count"), self.t1 | self.t2 | self.t3)
        self.assertEqual(records("first_response_hours_avg"), self.t1 | self.t2)
        self.assertEqual(records("resolution_hours_avg"), self.t1)
        self.assertEqual(records("csat_avg"), self.f1 | self.f2)
        self.assertEqual(records("nps"), self.f1 | self.f2)
        self.assertEqual(records("feedback_response_rate_pct"), self.f1 | self.f2 | self.f3)
        # open at the end of February: T0, T2, T3 (T1 solved, T5 later)
        self.assertEqual(records("backlog_count"), self.t0 | self.t2 | self.t3)
        self.assertEqual(tiles["backlog_count"]["value"], 3)
        # the same action through action_open_figure
        action = self.Dashboard.action_open_figure(
            "ticket_count", "2026-02-01", "2026-02-28", [self.team_a.id], None, None)
        self.assertEqual(self.env["helpdesk.ticket"].search(action["domain"]),
                         self.t1 | self.t2 | self.t3)
        # every tile's action lists exactly what its count says
        self.assertEqual(len(records("ticket_count")), tiles["ticket_count"]["value"])

    def test_series(self):
        data = self._data(team_ids=[self.team_a.id])
        series = data["series"]
        self.assertEqual(len(series["months"]), 12)
        self.assertEqual(series["months"][0], "2025-03")
        self.assertEqual(series["months"][-1], "2026-02")
        for month, (d_from, d_to) in ((-1, ("2026-02-01", "2026-02-28")),
                                      (-2, ("2026-01-01", "2026-01-31"))):
            summary = self.Ticket.kpi_summary(d_from, d_to, team_ids=[self.team_a.id])
            for code in rules.SERIES_CODES:
                self.assertEqual(series[code][month], summary[code], (code, d_from))
        self.assertEqual(series["ticket_count"][-1], 3)
        self.assertEqual(series["ticket_count"][-2], 1)
        self.assertEqual(series["ticket_count"][0], 0)
        self.assertIs(series["csat_avg"][0], False)

    def test_bad_input(self):
        for args in (("2026-02-28", "2026-02-01"), ("2026-02-30", "2026-03-01"),
                     ("", "2026-02-01"), (False, False)):
            with self.assertRaises(UserError):
                self.Dashboard.get_dashboard_data(*args)
        with self.assertRaises(UserError):
            self.Dashboard.get_dashboard_data("2026-02-01", "2026-02-28", team_ids="x")
        with self.assertRaises(UserError):
            self.Dashboard.get_dashboard_data("2026-02-01", "2026-02-28", team_ids=[10 ** 8])
        with self.assertRaises(UserError):
            self.Dashboard.action_open_figure("nope", "2026-02-01", "2026-02-28")

    def test_team_member_sees_only_own_team(self):
        env_a = self.env(user=self.agent_a)
        data = self._data(env=env_a)
        self.assertEqual([t["id"] for t in data["filters"]["teams"]], [self.team_a.id])
        self.assertEqual(data["selected"]["team_ids"], [self.team_a.id])
        tiles = self._tiles(data)
        self.assertEqual(tiles["ticket_count"]["value"], 3)            # not T4 of team B
        self.assertEqual(tiles["csat_avg"]["value"], 3.5)              # not team B's CSAT 1
        self.assertEqual(data["series"]["ticket_count"][-1], 3)
        with self.assertRaises(UserError):
            self._data(env=env_a, team_ids=[self.team_b.id])
        with self.assertRaises(UserError):
            env_a["crm.service.kpi.dashboard"].action_open_figure(
                "ticket_count", "2026-02-01", "2026-02-28", [self.team_b.id], None, None)
        # a manager sees both teams
        everything = self._tiles(self._data(team_ids=[self.team_a.id, self.team_b.id]))
        self.assertEqual(everything["ticket_count"]["value"], 4)

    def test_user_without_team_sees_own_tickets(self):
        own = self.env.ref("helpdesk_mgmt.group_helpdesk_user_own")
        agent_c = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Dash Agent c", "login": "dash_agent_c", "tz": "UTC",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id, own.id])]})
        mine = self._ticket(self.team_b, agent_c, "2026-02-15 10:00:00")
        data = self._data(env=self.env(user=agent_c))
        self.assertEqual(data["filters"]["teams"], [])
        tiles = self._tiles(data)
        self.assertEqual(tiles["ticket_count"]["value"], 1)
        action = tiles["ticket_count"]["action"]
        self.assertEqual(self.env["helpdesk.ticket"].sudo(agent_c).search(action["domain"]),
                         mine)

    def test_digest_idempotent(self):
        Mail = self.env["mail.mail"]
        Dashboard = self.Dashboard.with_context(kpi_digest_today="2026-03-02")
        before = Mail.search([])
        sent = Dashboard._cron_send_kpi_digest()
        mails = Mail.search([]) - before
        self.assertEqual(len(mails), sent)
        to_leader = mails.filtered(lambda m: self.agent_a.partner_id in m.recipient_ids)
        self.assertEqual(len(to_leader), 1)
        self.assertIn("Dash Team A", to_leader.subject)
        self.assertIn("2026-02-23 - 2026-03-01", to_leader.body_html)
        self.assertEqual(self.team_a.kpi_digest_week, "2026-03-02")
        # a second run in the same week sends nothing
        self.assertEqual(Dashboard._cron_send_kpi_digest(), 0)
        self.assertEqual(Mail.search([]) - before, mails)
        # later in the same week: still nothing; next week: again
        self.assertEqual(Dashboard.with_context(kpi_digest_today="2026-03-08")
                         ._cron_send_kpi_digest(), 0)
        self.assertEqual(Dashboard.with_context(kpi_digest_today="2026-03-09")
                         ._cron_send_kpi_digest(), sent)
        # the button sends now, whatever was sent this week
        count = Mail.search_count([])
        self.team_a.with_context(kpi_digest_today="2026-03-09").action_send_kpi_digest()
        self.assertEqual(Mail.search_count([]), count + 1)
        with self.assertRaises(UserError):
            self.team_b.action_send_kpi_digest()

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import SavepointCase, at_install, post_install


@at_install(False)
@post_install(True)
class TestKpiTarget(SavepointCase):
    """crm.service.kpi.target: validation and the _find_target rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Target = env["crm.service.kpi.target"]
        # start from no target at all (demo targets would be found first)
        cls.Target.with_context(active_test=False).search([]).unlink()
        cls.team_a = env["helpdesk.ticket.team"].create({"name": "Target Team A"})
        cls.team_b = env["helpdesk.ticket.team"].create({"name": "Target Team B"})
        cls.sales_team = env["crm.team"].create({"name": "Target Sales Team"})
        Users = env["res.users"].with_context(no_reset_password=True)
        cls.agent = Users.create({
            "name": "Target Agent", "login": "target_agent",
            "groups_id": [(6, 0, [env.ref("base.group_user").id,
                                  env.ref("helpdesk_mgmt.group_helpdesk_user").id])],
        })

    def _target(self, date_from, date_to, target, kpi="sla_compliance_pct", **scope):
        vals = {"kpi": kpi, "date_from": date_from, "date_to": date_to, "target": target}
        vals.update({k: v.id for k, v in scope.items()})
        return self.Target.create(vals)

    def test_department_from_catalogue(self):
        self.assertEqual(self._target("2026-01-01", "2026-03-31", 90).department, "service")
        self.assertEqual(self._target("2026-01-01", "2026-03-31", 30, kpi="win_rate_pct")
                         .department, "sales")
        self.assertEqual(self._target("2026-01-01", "2026-03-31", 50, kpi="campaign_roi_pct")
                         .department, "marketing")

    def test_reversed_period_refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._target("2026-03-31", "2026-01-01", 90)
        self.assertFalse(self.Target.search([]))
        target = self._target("2026-01-01", "2026-03-31", 90)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            target.write({"date_to": "2025-12-31"})
        self.assertEqual(target.date_to, "2026-03-31")

    def test_one_day_period_allowed(self):
        self.assertTrue(self._target("2026-01-01", "2026-01-01", 90))

    def test_overlap_same_scope_refused(self):
        self._target("2026-01-01", "2026-03-31", 90, team_id=self.team_a)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._target("2026-03-31", "2026-06-30", 95, team_id=self.team_a)
        # adjacent period, other scope, other KPI, company-wide: all fine
        self._target("2026-04-01", "2026-06-30", 95, team_id=self.team_a)
        self._target("2026-01-01", "2026-03-31", 80, team_id=self.team_b)
        self._target("2026-01-01", "2026-03-31", 4.0, kpi="csat_avg", team_id=self.team_a)
        company = self._target("2026-01-01", "2026-12-31", 85)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._target("2026-06-01", "2026-06-30", 85)
        # an archived target does not block, and cannot be reactivated over another
        company.active = False
        other = self._target("2026-06-01", "2026-06-30", 85)
        self.assertTrue(other)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            company.active = True
        self.assertEqual(self.Target.search_count([("team_id", "=", self.team_a.id)]), 3)

    def test_one_scope_only(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._target("2026-01-01", "2026-03-31", 90, team_id=self.team_a,
                         user_id=self.agent)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._target("2026-01-01", "2026-03-31", 90, team_id=self.team_a,
                         sales_team_id=self.sales_team)

    def test_value_ranges(self):
        bad = [
            ("sla_compliance_pct", 100.5), ("sla_compliance_pct", -1),
            ("win_rate_pct", 101), ("nps", 100.1), ("nps", -101), ("csat_avg", 0.9),
            ("csat_avg", 5.1), ("first_response_hours_avg", -0.5), ("backlog_count", -1),
            ("ticket_opportunity_revenue", -10), ("campaign_roi_pct", -100.5),
        ]
        for kpi, value in bad:
            with self.assertRaises(ValidationError, msg="%s %s" % (kpi, value)), \
                    self.cr.savepoint():
                self._target("2026-01-01", "2026-03-31", value, kpi=kpi)
        good = [
            ("sla_compliance_pct", 0), ("sla_compliance_pct", 100), ("nps", -100),
            ("csat_avg", 1), ("csat_avg", 5), ("first_response_hours_avg", 0),
            ("campaign_roi_pct", 350), ("ticket_opportunity_revenue", 100000),
        ]
        for i, (kpi, value) in enumerate(good):
            # distinct periods: the same KPI may appear twice
            day = "2027-01-%02d" % (i + 1)
            self._target(day, day, value, kpi=kpi)
        self.assertEqual(self.Target.search_count([]), len(good))

    def test_find_target_rules(self):
        find = self.Target._find_target
        q1 = self._target("2026-01-01", "2026-03-31", 90, team_id=self.team_a)
        self._target("2026-04-01", "2026-06-30", 95, team_id=self.team_a)
        self._target("2026-01-01", "2026-12-31", 80)   # company-wide
        # the team's target whose period contains the asked period
        self.assertEqual(find("sla_compliance_pct", "2026-02-01", "2026-02-28",
                              team_id=self.team_a.id), 90)
        # no target contains 2026-03-15..2026-04-30 (17 days in Q1, 30 in Q2):
        # the one overlapping the most
        self.assertEqual(find("sla_compliance_pct", "2026-03-15", "2026-04-30",
                              team_id=self.team_a.id), 95)
        # 2026-03-02..2026-04-29: 30 days in Q1, 29 in Q2
        self.assertEqual(find("sla_compliance_pct", "2026-03-02", "2026-04-29",
                              team_id=self.team_a.id), 90)
        # a team without a target, and a period the team has none for:
        # the company-wide target
        self.assertEqual(find("sla_compliance_pct", "2026-02-01", "2026-02-28",
                              team_id=self.team_b.id), 80)
        self.assertEqual(find("sla_compliance_pct", "2026-08-01", "2026-08-31",
                              team_id=self.team_a.id), 80)
        self.assertEqual(find("sla_compliance_pct", "2026-02-01", "2026-02-28"), 80)
        # nothing at all
        self.assertIsNone(find("sla_compliance_pct", "2027-02-01", "2027-02-28",
                               team_id=self.team_a.id))
        self.assertIsNone(find("csat_avg", "2026-02-01", "2026-02-28"))
        # archived targets are ignored
        q1.active = False
        self.assertEqual(find("sla_compliance_pct", "2026-02-01", "2026-02-28",
                              team_id=self.team_a.id), 80)
        # an employee's target comes before the team's
        self._target("2026-01-01", "2026-12-31", 99, user_id=self.agent)
        self._target("2026-01-01", "2026-12-31", 35, kpi="win_rate_pct",
                     sales_team_id=self.sales_team)
        self.assertEqual(find("sla_compliance_pct", "2026-05-01", "2026-05-31",
                              team_id=self.team_a.id, user_id=self.agent.id), 99)
        self.assertEqual(find("win_rate_pct", "2026-05-01", "2026-05-31",
                              sales_team_id=self.sales_team.id), 35)
        self.assertIsNone(find("win_rate_pct", "2026-05-01", "2026-05-31"))

    def test_access(self):
        target = self._target("2026-01-01", "2026-03-31", 90)
        as_agent = self.Target.sudo(self.agent)
        self.assertEqual(as_agent.search([]), target)
        self.assertEqual(as_agent._find_target("sla_compliance_pct", "2026-01-01", "2026-01-31"),
                         90)
        with self.assertRaises(AccessError), self.cr.savepoint():
            as_agent.create({"kpi": "nps", "date_from": "2026-01-01",
                             "date_to": "2026-01-31", "target": 10})
        with self.assertRaises(AccessError), self.cr.savepoint():
            target.sudo(self.agent).write({"target": 50})

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Target Other Co"})
        self.Target.create({"kpi": "nps", "date_from": "2026-01-01", "date_to": "2026-03-31",
                            "target": 10, "company_id": other.id})
        mine = self._target("2026-01-01", "2026-03-31", 20, kpi="nps")
        # same KPI and period in another company: no overlap
        self.assertEqual(self.Target._find_target("nps", "2026-01-01", "2026-01-31"), 20)
        self.assertEqual(self.Target.sudo(self.agent).search([]), mine)

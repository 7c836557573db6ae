# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import SavepointCase


class TestTicketCause(SavepointCase):
    """Issue 16 part 1: a cause on every solved ticket, who configures the
    causes, and the avoidable shares in kpi_summary and the analysis.

    Calendar Mon-Fri 08-17 UTC; tickets opened Mon 2026-01-12 08:00 and
    solved the same day, so that their resolution hours are the hours
    between opening and closing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz="UTC"))
        cls.Ticket = env["helpdesk.ticket"]
        cls.stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.user_error = env.ref("crm_service_kpi.ticket_cause_user_error")
        cls.how_to = env.ref("crm_service_kpi.ticket_cause_how_to")
        cls.defect = env.ref("crm_service_kpi.ticket_cause_product_defect")
        calendar = env["resource.calendar"].create({
            "name": "Cause Mon-Fri 8-17",
            "attendance_ids": [(0, 0, {"name": "Day %s" % d, "dayofweek": str(d),
                                       "hour_from": 8.0, "hour_to": 17.0}) for d in range(5)],
        })
        cls.company_b = env["res.company"].create({"name": "Cause Company B"})
        Users = env["res.users"].with_context(no_reset_password=True)
        main = env.ref("base.main_company")

        def user(login, groups, company=main):
            return Users.create({
                "name": login, "login": login, "tz": "UTC",
                "company_id": company.id, "company_ids": [(6, 0, [company.id])],
                "groups_id": [(6, 0, [env.ref(g).id for g in groups])]})
        cls.agent = user("cause_agent", ["base.group_user", "helpdesk_mgmt.group_helpdesk_user"])
        cls.manager = user("cause_manager",
                           ["base.group_user", "helpdesk_mgmt.group_helpdesk_manager"])
        cls.manager_b = user("cause_manager_b",
                             ["base.group_user", "helpdesk_mgmt.group_helpdesk_manager"],
                             cls.company_b)
        cls.portal = user("cause_portal", ["base.group_portal"])
        cls.team = env["helpdesk.ticket.team"].create({
            "name": "Cause Team", "tz": "UTC", "resource_calendar_id": calendar.id,
            "user_ids": [(6, 0, [cls.agent.id])]})
        cls.product_a = env["product.product"].create({"name": "Cause Router"})
        cls.product_b = env["product.product"].create({"name": "Cause Modem"})

    def _ticket(self, name="Cause ticket", product=False, opened="2026-01-12 08:00:00"):
        """A ticket of the agent, handled as the agent (the rule is for the
        people who solve tickets; the superuser is exempt)."""
        return self.Ticket.with_context(sla_now=opened).create({
            "name": name, "team_id": self.team.id, "user_id": self.agent.id,
            "stage_id": self.stage_new.id, "product_id": product and product.id,
        }).sudo(self.agent)

    def _solve(self, ticket, cause, closed):
        ticket.with_context(sla_now=closed).write({
            "stage_id": self.stage_done.id, "cause_id": cause.id})
        ticket.with_context(sla_skip=True).write({"closed_date": closed})

    # -- the transition -------------------------------------------------
    def test_solve_without_cause_refused(self):
        ticket = self._ticket()
        with self.assertRaises(ValidationError) as caught:
            ticket.write({"stage_id": self.stage_done.id})
        self.assertIn(ticket.number, str(caught.exception.name))
        self.assertEqual(ticket.stage_id, self.stage_new, "nothing written")
        self.assertFalse(ticket.closed_date)

    def test_solve_with_cause_in_same_write_in_bulk(self):
        tickets = self._ticket("one") | self._ticket("two")
        tickets.write({"stage_id": self.stage_done.id, "cause_id": self.how_to.id})
        self.assertEqual(tickets.mapped("stage_id"), self.stage_done)
        self.assertEqual(set(tickets.mapped("cause_kind")), {"how_to"})

    def test_cause_set_before_solving(self):
        ticket = self._ticket()
        ticket.write({"cause_id": self.defect.id})
        ticket.write({"stage_id": self.stage_done.id})
        self.assertTrue(ticket.stage_id.closed)

    def test_bulk_refused_names_only_the_missing(self):
        with_cause, without = self._ticket("with"), self._ticket("without")
        with_cause.write({"cause_id": self.defect.id})
        with self.assertRaises(ValidationError) as caught:
            (with_cause | without).write({"stage_id": self.stage_done.id})
        self.assertIn(without.number, str(caught.exception.name))
        self.assertNotIn(with_cause.number, str(caught.exception.name))

    def test_old_closed_ticket_without_cause_not_retroactive(self):
        ticket = self._ticket()
        # closed before the rule existed
        self.env.cr.execute("UPDATE helpdesk_ticket SET stage_id = %s WHERE id = %s",
                            [self.stage_done.id, ticket.id])
        ticket.invalidate_cache()
        ticket.write({"priority": "2", "description": "<p>later edit</p>"})
        self.assertEqual(ticket.priority, "2")
        with self.assertRaises(ValidationError):
            ticket.write({"cause_id": False})

    def test_clearing_cause_of_solved_refused_reopening_allowed(self):
        ticket = self._ticket()
        self._solve(ticket, self.user_error, "2026-01-12 10:00:00")
        with self.assertRaises(ValidationError):
            ticket.write({"cause_id": False})
        self.assertEqual(ticket.cause_id, self.user_error)
        ticket.write({"stage_id": self.stage_new.id, "cause_id": False})
        self.assertFalse(ticket.cause_id)

    def test_bad_cause_values(self):
        ticket = self._ticket()
        for bad in (999999999, "user_error", -1, [1]):
            with self.assertRaises(ValidationError):
                ticket.write({"cause_id": bad})
        self.assertFalse(ticket.cause_id)

    # -- access -----------------------------------------------------------
    def test_superuser_writes_exempt(self):
        ticket = self._ticket().sudo()
        ticket.write({"stage_id": self.stage_done.id})
        self.assertTrue(ticket.stage_id.closed)
        self.assertFalse(ticket.cause_id)

    def test_agent_sets_cause_but_cannot_configure(self):
        ticket = self._ticket()
        ticket.sudo(self.agent).write({"stage_id": self.stage_done.id,
                                       "cause_id": self.user_error.id})
        self.assertEqual(ticket.cause_id, self.user_error)
        Cause = self.env["crm.service.ticket.cause"].sudo(self.agent)
        self.assertIn(self.user_error, Cause.search([]))
        with self.assertRaises(AccessError):
            Cause.create({"name": "Agent cause", "kind": "other"})
        with self.assertRaises(AccessError):
            self.user_error.sudo(self.agent).write({"kind": "other"})

    def test_manager_configures_per_company(self):
        Cause = self.env["crm.service.ticket.cause"]
        own = Cause.sudo(self.manager).create({"name": "Wrong cable", "kind": "user_error"})
        other = Cause.sudo(self.manager_b).create({
            "name": "B only", "kind": "billing", "company_id": self.company_b.id})
        visible_a = Cause.sudo(self.manager).search([])
        self.assertIn(own, visible_a)
        self.assertIn(self.user_error, visible_a, "shared causes are seen by all")
        self.assertNotIn(other, visible_a)
        self.assertIn(other, Cause.sudo(self.manager_b).search([]))
        with self.assertRaises(AccessError):
            other.sudo(self.manager).read(["name"])
        self.assertTrue(own.sudo(self.manager).avoidable)
        self.assertFalse(other.avoidable)

    def test_portal_cannot_read_causes(self):
        with self.assertRaises(AccessError):
            self.env["crm.service.ticket.cause"].sudo(self.portal).search([])

    # -- KPI --------------------------------------------------------------
    def _kpi_data(self):
        # hours: user error 2h, how-to 1h, defect 5h, an open ticket
        t1 = self._ticket("ue", self.product_a)
        self._solve(t1, self.user_error, "2026-01-12 10:00:00")
        t2 = self._ticket("howto", self.product_a)
        self._solve(t2, self.how_to, "2026-01-12 09:00:00")
        t3 = self._ticket("defect", self.product_b)
        self._solve(t3, self.defect, "2026-01-12 13:00:00")
        t4 = self._ticket("open", self.product_b)
        return t1, t2, t3, t4

    def test_kpi_summary_avoidable_shares(self):
        t1, t2, t3, _t4 = self._kpi_data()
        self.assertAlmostEqual(t1.resolution_hours, 2.0)
        self.assertAlmostEqual(t2.resolution_hours, 1.0)
        self.assertAlmostEqual(t3.resolution_hours, 5.0)
        res = self.Ticket.kpi_summary("2026-01-12", "2026-01-12", team_ids=[self.team.id])
        self.assertEqual(res["ticket_count"], 4)
        self.assertAlmostEqual(res["avoidable_ticket_pct"], round(100.0 * 2 / 3, 2))
        self.assertAlmostEqual(res["avoidable_hours_pct"], round(100.0 * 3 / 8, 2))
        self.assertAlmostEqual(res["avoidable_hours"], 3.0)

    def test_kpi_summary_missing_without_causes(self):
        self._ticket("open only")
        res = self.Ticket.kpi_summary("2026-01-12", "2026-01-12", team_ids=[self.team.id])
        for key in ("avoidable_ticket_pct", "avoidable_hours_pct", "avoidable_hours"):
            self.assertIs(res[key], False, key)

    def test_dashboard_tile(self):
        self._kpi_data()
        data = self.env["crm.service.kpi.dashboard"].get_dashboard_data(
            "2026-01-12", "2026-01-12", team_ids=[self.team.id])
        tiles = {t["code"]: t for t in data["tiles"]}
        self.assertAlmostEqual(tiles["avoidable_ticket_pct"]["value"], round(200.0 / 3, 2))
        self.assertAlmostEqual(tiles["avoidable_hours_pct"]["value"], 37.5)
        self.assertIn("user error", tiles["avoidable_hours_pct"]["help"])

    def test_report_share_per_product(self):
        self._kpi_data()
        Report = self.env["crm.service.kpi.report"]
        groups = Report.read_group(
            [("team_id", "=", self.team.id), ("solved_with_cause", "=", 1)],
            ["product_id", "avoidable_pct", "avoidable_hours", "service_hours"],
            ["product_id"])
        by_product = {g["product_id"][0]: g for g in groups}
        self.assertAlmostEqual(by_product[self.product_a.id]["avoidable_pct"], 100.0)
        self.assertAlmostEqual(by_product[self.product_a.id]["avoidable_hours"], 3.0)
        self.assertAlmostEqual(by_product[self.product_b.id]["avoidable_pct"], 0.0)
        self.assertAlmostEqual(by_product[self.product_b.id]["service_hours"], 5.0)
        self.assertFalse(by_product[self.product_b.id]["avoidable_hours"])

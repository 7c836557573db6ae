# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import SavepointCase

PERIOD = ("2026-01-05", "2026-01-09")   # Mon..Fri


class TestScorecard(SavepointCase):
    """Service and sales scorecards on hand-made data.

    Service team H (calendar Mon-Fri 08-17 UTC): agent A answers in 2 working
    hours, agent B in 4. Feedback: A is asked twice and answered once (CSAT
    5), B is asked once and answered (CSAT 2). Company-wide targets: first
    response 2 h, response rate 80 %; B's own first-response target: 4 h.
    Weights: first response 3, response rate 1, satisfaction (CSAT) 1; floor
    3, cap 60.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, tz="UTC"))
        calendar = env["resource.calendar"].create({
            "name": "Scorecard Mon-Fri 8-17",
            "attendance_ids": [(0, 0, {"name": "Day %s" % d, "dayofweek": str(d),
                                       "hour_from": 8.0, "hour_to": 17.0}) for d in range(5)],
        })
        Users = env["res.users"].with_context(no_reset_password=True)
        own = env.ref("helpdesk_mgmt.group_helpdesk_user_own")
        salesman = env.ref("sales_team.group_sale_salesman")
        cls.agent_a, cls.agent_b = (Users.create({
            "name": "Scorecard Agent %s" % x, "login": "scorecard_agent_%s" % x, "tz": "UTC",
            "groups_id": [(6, 0, [env.ref("base.group_user").id, own.id])],
        }) for x in "ab")
        cls.seller = Users.create({
            "name": "Scorecard Seller", "login": "scorecard_seller", "tz": "UTC",
            "groups_id": [(6, 0, [env.ref("base.group_user").id, salesman.id])]})
        cls.team = env["helpdesk.ticket.team"].create({
            "name": "Scorecard Team", "tz": "UTC", "resource_calendar_id": calendar.id,
            "user_ids": [(6, 0, [cls.agent_a.id, cls.agent_b.id])]})
        cls.sales_team = env["crm.team"].create({"name": "Scorecard Sales"})
        cls.customer = env["res.partner"].create({
            "name": "Scorecard Customer", "customer": True, "user_id": cls.seller.id,
            "team_id": cls.sales_team.id})
        cls.other = env["res.partner"].create({"name": "Scorecard Other", "customer": True})

        Ticket = env["helpdesk.ticket"]

        def ticket(user, first):
            rec = Ticket.with_context(sla_now="2026-01-05 09:00:00").create({
                "name": "Scorecard ticket", "description": "x", "team_id": cls.team.id,
                "user_id": user.id, "partner_id": cls.customer.id})
            rec.write({"first_response_date": first})
            return rec
        ta1 = ticket(cls.agent_a, "2026-01-05 11:00:00")       # 2 h
        ta2 = ticket(cls.agent_a, "2026-01-05 11:00:00")       # 2 h
        tb1 = ticket(cls.agent_b, "2026-01-05 13:00:00")       # 4 h

        Feedback = env["crm.service.feedback"]

        def feedback(tkt, user, partner, requested, answered=None, csat=0, nps=0):
            vals = {"ticket_id": tkt.id, "partner_id": partner.id, "user_id": user.id,
                    "team_id": cls.team.id, "request_date": requested, "state": "requested"}
            if answered:
                vals.update(state="answered", answered_date=answered, csat=csat, nps=nps)
            return Feedback.create(vals)
        feedback(ta1, cls.agent_a, cls.customer, "2026-01-05 12:00:00",
                 "2026-01-06 09:00:00", 5, 10)
        feedback(ta2, cls.agent_a, cls.customer, "2026-01-06 10:00:00")
        feedback(tb1, cls.agent_b, cls.other, "2026-01-05 14:00:00",
                 "2026-01-06 10:00:00", 2, 3)

        Target = env["crm.service.kpi.target"]
        for kpi, value, extra in (("first_response_hours_avg", 2.0, {}),
                                  ("feedback_response_rate_pct", 80.0, {}),
                                  ("first_response_hours_avg", 4.0,
                                   {"user_id": cls.agent_b.id})):
            Target.create(dict(extra, kpi=kpi, target=value, date_from="2026-01-01",
                               date_to="2026-01-31"))
        cls.card = env["crm.service.scorecard"].create({
            "name": "Agents", "department": "service",
            "helpdesk_team_ids": [(6, 0, [cls.team.id])],
            "satisfaction_measure": "csat", "satisfaction_weight": 1.0,
            "satisfaction_floor": 3.0, "score_cap": 60.0,
            "line_ids": [(0, 0, {"kpi": "first_response_hours_avg", "weight": 3.0}),
                         (0, 0, {"kpi": "feedback_response_rate_pct", "weight": 1.0})],
        })

        # sales: the seller won O1 and lost O2 in the period
        Lead = env["crm.lead"]
        won, lost = (Lead.create({
            "name": name, "type": "opportunity", "user_id": cls.seller.id,
            "team_id": cls.sales_team.id, "partner_id": cls.customer.id,
            "planned_revenue": 100.0}) for name in ("O1", "O2"))
        won.action_set_won()
        lost.action_set_lost()
        env.cr.execute("UPDATE crm_lead SET date_closed = '2026-01-06 10:00:00' "
                       "WHERE id IN %s", (tuple((won | lost).ids),))
        Target.create({"kpi": "win_rate_pct", "target": 50.0, "user_id": cls.seller.id,
                       "date_from": "2026-01-01", "date_to": "2026-01-31"})
        Target.create({"kpi": "win_rate_pct", "target": 100.0,
                       "sales_team_id": cls.sales_team.id,
                       "date_from": "2026-01-01", "date_to": "2026-01-31"})
        cls.sales_card = env["crm.service.scorecard"].create({
            "name": "Sellers", "department": "sales",
            "sales_team_ids": [(6, 0, [cls.sales_team.id])],
            "user_ids": [(6, 0, [cls.seller.id])],
            "satisfaction_measure": "csat", "satisfaction_weight": 1.0,
            "satisfaction_floor": 3.0, "score_cap": 60.0,
            "line_ids": [(0, 0, {"kpi": "win_rate_pct", "weight": 1.0})],
        })

    def _rows(self, card):
        rows = card.compute_scorecards(*PERIOD)
        return {("user", r["user_id"]) if "user_id" in r else ("team", r["team_id"]): r
                for r in rows}

    def test_service_scores(self):
        rows = self._rows(self.card)
        self.assertEqual(len(rows), 3)                          # A, B, team
        a = rows[("user", self.agent_a.id)]
        self.assertEqual(a["kpis"]["first_response_hours_avg"],
                         {"value": 2.0, "target": 2.0, "attainment": 100.0})
        self.assertEqual(a["kpis"]["feedback_response_rate_pct"],
                         {"value": 50.0, "target": 80.0, "attainment": 62.5})
        self.assertEqual(a["satisfaction"], 5.0)
        # (3 x 100 + 62.5 + CSAT 5 -> 100) / 5
        self.assertAlmostEqual(a["score"], (300 + 62.5 + 100) / 5)
        self.assertFalse(a["capped"])
        b = rows[("user", self.agent_b.id)]
        self.assertEqual(b["kpis"]["first_response_hours_avg"]["target"], 4.0)   # own target
        self.assertEqual(b["kpis"]["feedback_response_rate_pct"]["attainment"], 125.0)
        # (3 x 100 + min(125, 100) + CSAT 2 -> 25) / 5 = 85, CSAT 2 < 3: capped at 60
        self.assertEqual((b["score"], b["capped"]), (60.0, True))
        team = rows[("team", self.team.id)]
        # first response (2 + 2 + 4) / 3 h against 2 h; 2 of 3 requests answered vs 80
        # (kpi_summary rounds its figures to 2 decimals)
        frt_att = round(100.0 * 2 / round(8 / 3, 2), 2)
        rate_att = round(100.0 * round(100.0 * 2 / 3, 2) / 80, 2)
        self.assertAlmostEqual(team["kpis"]["first_response_hours_avg"]["attainment"], frt_att)
        self.assertAlmostEqual(team["kpis"]["feedback_response_rate_pct"]["attainment"],
                               rate_att)
        self.assertEqual(team["satisfaction"], 3.5)              # (5 + 2) / 2
        self.assertAlmostEqual(team["score"], round((3 * frt_att + rate_att + 62.5) / 5, 2))
        self.assertFalse(team["capped"])

    def test_grouped_service_summary_matches_kpi_summary(self):
        Ticket = self.env["helpdesk.ticket"]
        users = [self.agent_a.id, self.agent_b.id]
        grouped = Ticket.kpi_summary_grouped(*PERIOD, "user", user_ids=users)
        for user_id in users:   # RPC: the ids as strings, as JSON-RPC sends them
            self.assertEqual(grouped[str(user_id)],
                             Ticket.kpi_summary(*PERIOD, user_ids=[user_id]))
        by_team = Ticket.kpi_summary_grouped(*PERIOD, "team", team_ids=[self.team.id])
        self.assertEqual(by_team[str(self.team.id)],
                         Ticket.kpi_summary(*PERIOD, team_ids=[self.team.id]))
        # as an agent limited to own tickets: the rules apply the same way
        as_a = Ticket.sudo(self.agent_a)
        self.assertEqual(as_a.kpi_summary_grouped(*PERIOD, "team", team_ids=[self.team.id])[
            str(self.team.id)], as_a.kpi_summary(*PERIOD, team_ids=[self.team.id]))
        with self.assertRaises(UserError), self.cr.savepoint():
            Ticket.kpi_summary_grouped(*PERIOD, "category")
        with self.assertRaises(UserError), self.cr.savepoint():
            Ticket.kpi_summary_grouped(PERIOD[1], PERIOD[0], "user")

    def test_bounded_queries(self):
        cr = self.env.cr
        self.card.compute_scorecards(*PERIOD)           # warm the caches
        cr.sql_log_count = 0
        self.card.compute_scorecards(*PERIOD)
        with_two = cr.sql_log_count
        self.card.user_ids = self.agent_a | self.agent_b | self.seller
        self.card.compute_scorecards(*PERIOD)            # warm the new members
        cr.sql_log_count = 0
        self.card.compute_scorecards(*PERIOD)
        # one more row: one more target lookup, the KPI queries stay the same
        self.assertLessEqual(cr.sql_log_count, with_two + 2)

    def test_weights_change_the_score(self):
        self.card.line_ids.filtered(
            lambda l: l.kpi == "feedback_response_rate_pct").weight = 3.0
        a = self._rows(self.card)[("user", self.agent_a.id)]
        # (3 x 100 + 3 x 62.5 + 100) / 7
        self.assertAlmostEqual(a["score"], (300 + 187.5 + 100) / 7, places=2)

    def test_sales_satisfaction_of_own_customers(self):
        # the seller's customer answered CSAT 5 on Jan 6 (on agent A's ticket);
        # B's ticket feedback came from another customer
        self.env["crm.service.feedback"].search([
            ("partner_id", "=", self.customer.id), ("state", "=", "answered")]).ensure_one()
        rows = self._rows(self.sales_card)
        seller = rows[("user", self.seller.id)]
        self.assertEqual(seller["kpis"]["win_rate_pct"],
                         {"value": 50.0, "target": 50.0, "attainment": 100.0})
        self.assertEqual(seller["satisfaction"], 5.0)
        self.assertAlmostEqual(seller["score"], (100.0 + 100.0) / 2)
        team = rows[("team", self.sales_team.id)]
        self.assertEqual(team["kpis"]["win_rate_pct"]["attainment"], 50.0)   # target 100
        self.assertEqual(team["satisfaction"], 5.0)
        self.assertAlmostEqual(team["score"], (50.0 + 100.0) / 2)

    def test_marketing_scores(self):
        env = self.env
        marketer = env["res.users"].with_context(no_reset_password=True).create({
            "name": "Scorecard Marketer", "login": "scorecard_marketer", "tz": "UTC",
            "groups_id": [(6, 0, [env.ref("base.group_user").id])]})
        campaign = env["utm.campaign"].create({
            "name": "Scorecard fair", "user_id": marketer.id, "cost": 100.0,
            "date_start": "2026-01-05"})
        account = env["account.account"].search([
            ("user_type_id", "=", env.ref("account.data_account_type_revenue").id)], limit=1)
        invoice = env["account.invoice"].create({
            "partner_id": self.customer.id, "campaign_id": campaign.id,
            "date_invoice": "2026-01-06",
            "invoice_line_ids": [(0, 0, {"name": "Fair deal", "account_id": account.id,
                                         "quantity": 1, "price_unit": 150.0})]})
        invoice.action_invoice_open()
        env["crm.service.kpi.target"].create({
            "kpi": "campaign_roi_pct", "target": 100.0, "user_id": marketer.id,
            "date_from": "2026-01-01", "date_to": "2026-01-31"})
        card = env["crm.service.scorecard"].create({
            "name": "Marketers", "department": "marketing",
            "user_ids": [(6, 0, [marketer.id])], "satisfaction_weight": 1.0,
            "line_ids": [(0, 0, {"kpi": "campaign_roi_pct", "weight": 1.0})]})
        row = self._rows(card)[("user", marketer.id)]
        # ROI (150 - 100) / 100 = 50 % against 100 %
        self.assertEqual(row["kpis"]["campaign_roi_pct"],
                         {"value": 50.0, "target": 100.0, "attainment": 50.0})
        # the customer reached by the campaign answered CSAT 5 in the period
        self.assertEqual(row["satisfaction"], 5.0)
        self.assertAlmostEqual(row["score"], (50.0 + 100.0) / 2)

    def test_show_scorecard_lists_best_first(self):
        wizard = self.env["crm.service.scorecard.wizard"].create({
            "scorecard_id": self.card.id, "date_from": PERIOD[0], "date_to": PERIOD[1]})
        action = wizard.action_show()
        results = self.env["crm.service.scorecard.result"].search(action["domain"])
        self.assertEqual(results.mapped("name")[0], self.agent_a.name)
        self.assertEqual(len(results), 3)
        b = results.filtered(lambda r: r.user_id == self.agent_b)
        self.assertTrue(b.capped)
        self.assertEqual(b.score, 60.0)
        self.assertIn("62.5", results.filtered(lambda r: r.user_id == self.agent_a).details)

    def _show(self, card):
        wizard = self.env["crm.service.scorecard.wizard"].create({
            "scorecard_id": card.id, "date_from": PERIOD[0], "date_to": PERIOD[1]})
        return self.env["crm.service.scorecard.result"].search(wizard.action_show()["domain"])

    def test_missing_satisfaction_is_not_ranked(self):
        """Issue #10: an agent without any answer is not ranked first on a
        satisfaction shown as 0: not ranked, said why, satisfaction empty."""
        agent_c = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Scorecard Agent c", "login": "scorecard_agent_c", "tz": "UTC",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id])]})
        self.team.user_ids |= agent_c
        ticket = self.env["helpdesk.ticket"].with_context(sla_now="2026-01-05 09:00:00").create({
            "name": "Scorecard ticket", "description": "x", "team_id": self.team.id,
            "user_id": agent_c.id, "partner_id": self.customer.id})
        ticket.write({"first_response_date": "2026-01-05 10:00:00"})   # 1 h: beats 2 h
        c_row = self._rows(self.card)[("user", agent_c.id)]
        self.assertIsNot(c_row["satisfaction"], 0)
        self.assertFalse(c_row["satisfaction"] not in (None, False))
        self.assertEqual(c_row["score"], 100.0)     # on the KPIs alone it would win
        results = self._show(self.card)
        employees = results.filtered(lambda r: r.kind == "employee")
        self.assertEqual(employees.mapped("user_id"), self.agent_a | self.agent_b | agent_c)
        self.assertEqual([r.user_id for r in employees], [self.agent_a, self.agent_b, agent_c])
        self.assertEqual(employees.mapped("rank"), [1, 2, 0])
        c = employees[2]
        self.assertFalse(c.has_satisfaction)
        self.assertIn("Not ranked", c.rank_note)
        self.assertIn("satisfaction", c.rank_note)
        self.assertIn("Rank 1 of 2", employees[0].rank_note)
        team = results.filtered(lambda r: r.kind == "team")
        self.assertEqual(team.rank, 1)
        # satisfaction not weighed (floor only): ranked on the KPIs
        self.card.satisfaction_weight = 0.0
        employees = self._show(self.card).filtered(lambda r: r.kind == "employee")
        self.assertEqual(employees[0].user_id, agent_c)
        self.assertEqual(employees[0].rank, 1)

    def test_empty_scope_says_so(self):
        card = self.env["crm.service.scorecard"].create({
            "name": "Nobody", "department": "service", "satisfaction_weight": 1.0})
        with self.assertRaisesRegex(UserError, "scores nobody"):
            self._show(card)

    def test_bad_configuration(self):
        Card = self.env["crm.service.scorecard"]
        base = {"name": "Bad", "department": "service"}
        for vals in (
            {"line_ids": [(0, 0, {"kpi": "csat_avg", "weight": 0.0})]},
            {"line_ids": [(0, 0, {"kpi": "csat_avg", "weight": -2.0})]},
            {"satisfaction_weight": -1.0},
            {"satisfaction_weight": 0.0},                       # all weights zero
            {"satisfaction_floor": 6.0},                        # CSAT 1-5
            {"satisfaction_measure": "nps", "satisfaction_floor": 150.0},
            {"score_cap": 120.0},
            {"score_cap": -1.0},
            {"line_ids": [(0, 0, {"kpi": "ticket_count", "weight": 1.0})]},  # no direction
        ):
            with self.assertRaises(ValidationError, msg=vals), self.cr.savepoint():
                Card.create(dict(base, **vals))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.card.line_ids[0].weight = 0.0
        self.assertEqual(self.card.line_ids[0].weight, 3.0)
        ok = Card.create(dict(base, satisfaction_measure="nps", satisfaction_floor=-20.0))
        self.assertEqual(ok.satisfaction_floor, -20.0)

    def test_bad_period(self):
        with self.assertRaises(UserError), self.cr.savepoint():
            self.card.compute_scorecards("2026-01-09", "2026-01-05")

    def test_access(self):
        # an agent limited to own tickets does not see scorecards
        with self.assertRaises(AccessError):
            self.env["crm.service.scorecard"].sudo(self.agent_a).search([]).read(["name"])

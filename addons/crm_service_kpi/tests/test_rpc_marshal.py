# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import xmlrpc.client

from odoo.tests.common import SavepointCase

EMPTY = ("1990-01-01", "1990-01-31")   # a period without any record


def marshal(test, result, what):
    """The result goes through Odoo 11's XML-RPC (no None, string keys) and
    JSON-RPC gives the same answer (no key or value changed on the way)."""
    try:
        payload = xmlrpc.client.dumps((result,), allow_none=False)
    except TypeError as error:
        test.fail("%s does not marshal over XML-RPC: %s" % (what, error))
    over_xmlrpc = xmlrpc.client.loads(payload)[0][0]
    test.assertEqual(over_xmlrpc, json.loads(json.dumps(result)),
                     "%s differs between XML-RPC and JSON-RPC" % what)


class TestRpcMarshal(SavepointCase):
    """Issue #15: every public RPC method of the addon answers what XML-RPC
    can marshal (missing figures False), for an empty period and for a
    figure hidden from the user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.team = env["helpdesk.ticket.team"].create({"name": "RPC Team"})
        cls.card = env["crm.service.scorecard"].create({
            "name": "RPC card", "department": "service", "satisfaction_weight": 1.0,
            "helpdesk_team_ids": [(6, 0, [cls.team.id])],
            "user_ids": [(6, 0, [env.user.id])],
            "line_ids": [(0, 0, {"kpi": "first_response_hours_avg", "weight": 1.0})]})
        cls.agent = env["res.users"].with_context(no_reset_password=True).create({
            "name": "RPC Agent", "login": "rpc_agent",
            "groups_id": [(6, 0, [env.ref("base.group_user").id,
                                  env.ref("helpdesk_mgmt.group_helpdesk_user").id])]})

    def test_empty_period(self):
        env = self.env
        Ticket = env["helpdesk.ticket"]
        Sales = env["crm.service.kpi.sales"]
        Dashboard = env["crm.service.kpi.dashboard"]
        summary = Ticket.kpi_summary(*EMPTY)
        self.assertIs(summary["csat_avg"], False)
        self.assertIs(summary["first_response_hours_avg"], False)
        calls = {
            "kpi_summary": summary,
            "kpi_summary team": Ticket.kpi_summary(*EMPTY, team_ids=[self.team.id]),
            "kpi_summary_grouped user": Ticket.kpi_summary_grouped(*EMPTY, "user"),
            "kpi_summary_grouped team": Ticket.kpi_summary_grouped(
                *EMPTY, "team", team_ids=[self.team.id]),
            "sales_summary": Sales.sales_summary(*EMPTY),
            "sales_summary_grouped": Sales.sales_summary_grouped(*EMPTY, group_by="user"),
            "sales_summary_grouped none": Sales.sales_summary_grouped(*EMPTY),
            "get_dashboard_data": Dashboard.get_dashboard_data(*EMPTY),
            "action_open_figure": Dashboard.action_open_figure("csat_avg", *EMPTY),
            "compute_scorecards": self.card.compute_scorecards(*EMPTY),
            "action_show_scorecard": self.card.action_show_scorecard(),
        }
        wizard = env["crm.service.scorecard.wizard"].create({
            "scorecard_id": self.card.id, "date_from": EMPTY[0], "date_to": EMPTY[1]})
        calls["wizard action_show"] = wizard.action_show()
        for what, result in calls.items():
            marshal(self, result, what)
        tiles = {t["code"]: t for t in calls["get_dashboard_data"]["tiles"]}
        self.assertIs(tiles["csat_avg"]["value"], False)
        self.assertIs(tiles["csat_avg"]["better"], False)
        row = [r for r in calls["compute_scorecards"] if r.get("user_id")][0]
        self.assertIs(row["satisfaction"], False)
        self.assertIs(row["score"], False)

    def test_hidden_figure(self):
        """A helpdesk agent without sales access: the sales tiles are hidden
        (not available), their figures missing, still marshalled."""
        Dashboard = self.env["crm.service.kpi.dashboard"].sudo(self.agent)
        data = Dashboard.get_dashboard_data(*EMPTY)
        marshal(self, data, "get_dashboard_data (hidden sales)")
        hidden = [t for t in data["tiles"] if not t["available"]]
        self.assertTrue(hidden)
        self.assertTrue(all(t["value"] is False for t in hidden))
        marshal(self, self.env["helpdesk.ticket"].sudo(self.agent).kpi_summary(*EMPTY),
                "kpi_summary as agent")

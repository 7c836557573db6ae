"""The suite's documented methods over Odoo's external API, as an integration
calls them: XML-RPC (``/xmlrpc/2/object``, what Odoo documents for
integrations; it cannot carry ``None`` nor non-string dictionary keys) and
JSON-RPC (``/jsonrpc``). Every call must succeed over both and give the same
answer; bad input must give the same translated error over both, never a
traceback of the server's own marshalling."""
import ast
import datetime
import os
import xmlrpc.client

import odooly
import pytest

URL = os.environ.get("ODOO_URL", "").rstrip("/")
DB = os.environ.get("ODOO_DB")
LOGINS = {"admin": "admin", "demo": "demo", "portal": "portal"}
PROTOCOLS = ("xmlrpc/2", "jsonrpc")

_clients = {}


def client(login, protocol):
    key = (login, protocol)
    if key not in _clients:
        _clients[key] = odooly.Client("%s/%s" % (URL, protocol), DB, login, LOGINS[login])
    return _clients[key]


def call(login, protocol, model, method, *args, **kwargs):
    """('ok', result) or ('error', message) of one call. A refusal (access
    error) is an answer too: the same over both protocols, without a
    traceback."""
    try:
        return "ok", client(login, protocol).env.execute(model, method, *args, **kwargs)
    except xmlrpc.client.Fault as e:
        message = e.faultString.strip()
        if message.startswith("('"):
            # Odoo 11 sends an access error over XML-RPC as the repr of the
            # exception's arguments: (message, None)
            message = ast.literal_eval(message)[0].strip()
        return "error", message
    except odooly.ServerError as e:
        error = e.args[0]
        data = error.get("data") or {}
        message = (data.get("message") or error.get("message") or "").strip()
        # Odoo 11 joins the exception's arguments: (message, None)
        if message.endswith("\nNone"):
            message = message[:-len("\nNone")].strip()
        return "error", message


@pytest.fixture(scope="module")
def ids():
    env = client("admin", "jsonrpc").env
    agrolait = env.execute("res.partner", "search", [("name", "=", "Agrolait")], limit=1)
    portal = env.execute("res.users", "search_read", [("login", "=", "portal")],
                         ["partner_id"])[0]["partner_id"][0]
    program = env.execute("crm.loyalty.program", "search", [], limit=1)
    team = env.execute("helpdesk.ticket.team", "search", [], limit=1)
    return {"agrolait": agrolait[0], "portal": portal, "program": program and program[0],
            "team": team and team[0]}


def _periods():
    # Which period is used does not change what is asserted (both protocols
    # give the same answer); the year to date has data, 2001 has none.
    today = datetime.date.today()
    return {"empty": ("2001-01-01", "2001-01-31"),
            "year": ((today - datetime.timedelta(days=364)).isoformat(), today.isoformat())}


def _calls(ids):
    calls = []
    for login in LOGINS:
        partner = ids["portal"] if login == "portal" else ids["agrolait"]
        calls += [
            (login, "res.partner", "customer360_header", ([partner],), {}),
            (login, "res.partner", "customer360_timeline", ([partner],), {"limit": 5}),
            (login, "res.partner", "customer360_quick_actions", ([partner],), {}),
        ]
        for name, (date_from, date_to) in _periods().items():
            calls += [
                (login, "helpdesk.ticket", "kpi_summary", (date_from, date_to), {}),
                (login, "crm.service.kpi.sales", "sales_summary", (date_from, date_to), {}),
            ]
    for name, (date_from, date_to) in _periods().items():
        for login in ("admin", "demo"):
            calls += [
                (login, "helpdesk.ticket", "kpi_summary", (date_from, date_to),
                 {"team_ids": [ids["team"]]}),
                (login, "crm.service.kpi.dashboard", "get_dashboard_data",
                 (date_from, date_to), {}),
            ]
        calls += [
            ("admin", "crm.service.scorecard", "compute_scorecards", ([], date_from, date_to),
             {}),
        ]
    calls += [("admin", "crm.loyalty.program", "pareto_shares", ([ids["program"]], 20), {}),
              ("admin", "helpdesk.ticket", "sla_open_problems", ([ids["agrolait"]],), {}),
              ("admin", "helpdesk.ticket", "kpi_summary_grouped",
               _periods()["year"] + ("user",), {}),
              ("admin", "crm.service.kpi.sales", "sales_summary_grouped",
               _periods()["year"], {"group_by": "team"}),
              ("admin", "res.partner", "customer360_fact_action",
               ([ids["agrolait"]], "revenue_lifetime"), {})]
    return calls


def test_documented_methods_same_answer_over_xmlrpc_and_jsonrpc(ids):
    failures = []
    for login, model, method, args, kwargs in _calls(ids):
        answers = {p: call(login, p, model, method, *args, **kwargs) for p in PROTOCOLS}
        label = "%s %s.%s%r%r" % (login, model, method, args, kwargs)
        xml, json = answers["xmlrpc/2"], answers["jsonrpc"]
        if "Traceback" in str(xml) or "Traceback" in str(json):
            failures.append("%s: xmlrpc %s, jsonrpc %s" % (
                label, str(xml)[:300], str(json)[:300]))
        elif xml != json:
            failures.append("%s: xmlrpc %r != jsonrpc %r" % (label, xml[1], json[1]))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("model, method, args", [
    ("helpdesk.ticket", "kpi_summary", ("2001-02-01", "2001-01-31")),
    ("helpdesk.ticket", "kpi_summary", ("yesterday", "2001-01-31")),
    ("crm.service.kpi.sales", "sales_summary", ("2001-01-31", "2001-01-01")),
    ("crm.service.kpi.dashboard", "get_dashboard_data", ("2001-01-31", "2001-01-01")),
])
def test_bad_input_same_translated_error_over_both(model, method, args):
    answers = {p: call("admin", p, model, method, *args) for p in PROTOCOLS}
    for protocol, (status, message) in answers.items():
        assert status == "error", (protocol, message)
        assert "Traceback" not in message, (protocol, message)
    assert answers["xmlrpc/2"] == answers["jsonrpc"]


def test_header_of_a_partner_in_chinese_over_xmlrpc(ids):
    """A user's language travels in the context over both protocols."""
    answers = {}
    for protocol in PROTOCOLS:
        answers[protocol] = call("admin", protocol, "res.partner", "customer360_timeline",
                                 [ids["agrolait"]], limit=3, context={"lang": "zh_CN"})
        assert answers[protocol][0] == "ok", answers[protocol]
    assert answers["xmlrpc/2"] == answers["jsonrpc"]

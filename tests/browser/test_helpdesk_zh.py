"""A Chinese service team works in the helpdesk (OCA helpdesk_mgmt, translated by
crm_service_kpi/i18n_extra): ticket list, form, kanban by stage, teams and
categories, on a desktop and a phone, in zh_CN and zh_TW.

The admin's language is switched for the test and restored after it; a language
not yet loaded in the database is loaded first (Settings > Translations > Load
a Translation), which takes a minute.
"""
import os
import re
import urllib.request
from http.cookiejar import CookieJar

import pytest
from conftest import login, wait_idle, json_rpc, opener_call_kw

# What an agent reads on each screen, per language.
EXPECTED = {
    "zh_CN": {
        "tickets": "工单", "columns": ["工单编号", "标题", "负责人", "阶段", "优先级"],
        "form_labels": ["团队", "负责人", "类别", "标签", "描述", "其他信息"],
        "stages": ["新建", "进行中"], "teams": "团队", "categories": "类别",
        "stage_config": "阶段", "dashboard": "仪表板",
    },
    "zh_TW": {
        "tickets": "工單", "columns": ["工單編號", "標題", "負責人", "階段", "優先順序"],
        "form_labels": ["團隊", "負責人", "類別", "標籤", "說明", "其他資訊"],
        "stages": ["新建", "進行中"], "teams": "團隊", "categories": "類別",
        "stage_config": "階段", "dashboard": "儀表板",
    },
}
# helpdesk_mgmt's English on these screens, none of which may remain.
ENGLISH = re.compile(
    r"\b(Ticket number|Assigned user|Last Stage Update|Assign to me|In Progress|Awaiting"
    r"|Helpdesk|Tickets|Stage|Priority|Team|Category|Channel|Tags)\b")


_rpc = json_rpc
_call = opener_call_kw


@pytest.fixture(scope="module")
def admin(odoo_url):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    _rpc(opener, odoo_url + "/web/session/authenticate",
         {"db": os.environ.get("ODOO_DB"), "login": "admin", "password": "admin"})
    # a new ticket nobody has taken yet: its kanban card has no avatar to show
    ticket = _call(opener, odoo_url, "helpdesk.ticket", "create", [{
        "name": "Unassigned: printer offline", "description": "<p>Offline since noon.</p>"}])
    _call(opener, odoo_url, "helpdesk.ticket", "write", [[ticket], {"user_id": False}])
    return opener


@pytest.fixture(params=["zh_CN", "zh_TW"])
def lang(request, admin, odoo_url):
    """The admin works in this language during the test, then in his own again."""
    code = request.param
    if not _call(admin, odoo_url, "res.lang", "search", [[("code", "=", code)]]):
        wizard = _call(admin, odoo_url, "base.language.install", "create", [{"lang": code}])
        _call(admin, odoo_url, "base.language.install", "lang_install", [[wizard]], timeout=900)
    uid = _call(admin, odoo_url, "res.users", "search", [[("login", "=", "admin")]])
    before = _call(admin, odoo_url, "res.users", "read", [uid, ["lang"]])[0]["lang"]
    _call(admin, odoo_url, "res.users", "write", [uid, {"lang": code}])
    yield code
    _call(admin, odoo_url, "res.users", "write", [uid, {"lang": before}])


def _action(admin, odoo_url, xmlid):
    return _call(admin, odoo_url, "ir.model.data", "xmlid_to_res_id", [xmlid])


def _open(page, odoo_url, action, view_type):
    page.goto("%s/web#action=%s&view_type=%s" % (odoo_url, action, view_type))
    wait_idle(page)
    page.wait_for_selector(".o_view_manager_content .o_%s_view" % view_type, timeout=30000)
    wait_idle(page)


def _shots(page, name):
    page.screenshot(path=os.path.join(page.screenshot_dir, name + ".png"))


# The interface of a screen, not its data (team and category names are the user's).
CHROME = (".o_control_panel, .o_list_view thead, .o_form_view .o_form_label,"
          " .o_form_view button, .o_form_view .nav-tabs, .o_kanban_header_title")


def _no_english(page, where):
    text = "\n".join(page.locator(CHROME).all_inner_texts())
    found = sorted(set(ENGLISH.findall(text)))
    assert not found, "%s shows English: %s" % (where, found)


def test_helpdesk_screens_in_chinese(page, odoo_url, admin, lang):
    want = EXPECTED[lang]
    tickets = _action(admin, odoo_url, "helpdesk_mgmt.helpdesk_ticket_action")
    login(page, odoo_url)
    for size, viewport in (("desktop", (1366, 768)), ("phone", (390, 844))):
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        _open(page, odoo_url, tickets, "list")
        assert page.inner_text(".o_control_panel .breadcrumb").strip() == want["tickets"]
        headers = [h.strip() for h in page.locator(".o_list_view thead th").all_inner_texts()]
        for column in want["columns"]:
            assert column in headers, (column, headers)
        _no_english(page, "ticket list")
        _shots(page, "helpdesk-%s-list-%s" % (lang, size))

        page.click(".o_list_view tbody tr.o_data_row td:not(.o_list_record_selector)")
        wait_idle(page)
        page.wait_for_selector(".o_form_view .o_form_label", timeout=30000)
        wait_idle(page)
        form = page.inner_text(".o_form_view")
        for label in want["form_labels"] + want["stages"]:  # stages: the status bar
            assert label in form, label
        _no_english(page, "ticket form")
        _shots(page, "helpdesk-%s-form-%s" % (lang, size))

        _open(page, odoo_url, tickets, "kanban")  # grouped by stage
        columns = page.locator(".o_kanban_header_title").all_inner_texts()
        for stage in want["stages"]:
            assert any(stage in column for column in columns), (stage, columns)
        _no_english(page, "ticket kanban")
        _shots(page, "helpdesk-%s-kanban-%s" % (lang, size))

        for key, xmlid, view in (
                ("teams", "helpdesk_mgmt.helpdesk_ticket_team_action", "list"),
                ("categories", "helpdesk_mgmt.helpdesk_ticket_category_action", "list"),
                ("stage_config", "helpdesk_mgmt.helpdesk_ticket_stage_action", "list"),
                ("dashboard", "helpdesk_mgmt.helpdesk_ticket_dashboard_action", "kanban")):
            _open(page, odoo_url, _action(admin, odoo_url, xmlid), view)
            assert page.inner_text(".o_control_panel .breadcrumb").strip() == want[key]
            _no_english(page, key)
            _shots(page, "helpdesk-%s-%s-%s" % (lang, key, size))

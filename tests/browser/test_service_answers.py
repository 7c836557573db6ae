"""Customers find answers themselves (issue 16, part 2): the answers page and
the suggestions on the ticket submission page as they type, in English and in
简体中文, on a desktop and a phone; the portal routes refuse what a customer
may not read (unpublished or another company's answer, bad queries).

The portal user of the demo data ('portal') is used; for zh_CN the website gets
the language (as a Chinese shop's would have) and the user writes in it; both
are restored after the test.
"""
import json
import os
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

import pytest
from conftest import admin_opener, json_rpc, opener_call_kw

TEXT = {
    "en_US": {
        "query": "forgot wifi password", "expected": "How to reset the WiFi password of your router",
        "typed": "My WiFi password", "suggest_title": "These answers may solve it",
        "solved": "This solved my problem", "thanks": "Thank you", "prefix": "",
    },
    "zh_CN": {
        "query": "忘记wifi密码", "expected": "忘记无线路由器WiFi密码怎么办",
        "typed": "路由器密码忘了", "suggest_title": "这些答案也许能解决您的问题",
        "solved": "问题已解决", "thanks": "谢谢", "prefix": "/zh_CN",
    },
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def _call(opener, odoo_url, model, method, args, kwargs=None):
    return opener_call_kw(opener, odoo_url, model, method, args, kwargs)


@pytest.fixture(scope="module")
def admin(odoo_url):
    return admin_opener(odoo_url)


@pytest.fixture(params=["en_US", "zh_CN"])
def lang(request, admin, odoo_url):
    """The portal user reads in this language; the website offers it."""
    code = request.param
    if not _call(admin, odoo_url, "res.lang", "search", [[("code", "=", code)]]):
        wizard = _call(admin, odoo_url, "base.language.install", "create", [{"lang": code}])
        _call(admin, odoo_url, "base.language.install", "lang_install", [[wizard]])
    lang_id = _call(admin, odoo_url, "res.lang", "search", [[("code", "=", code)]])[0]
    portal = _call(admin, odoo_url, "res.users", "search", [[("login", "=", "portal")]])
    before = _call(admin, odoo_url, "res.users", "read", [portal, ["lang"]])[0]["lang"]
    websites = _call(admin, odoo_url, "website", "search_read", [[], ["language_ids"]])
    _call(admin, odoo_url, "res.users", "write", [portal, {"lang": code}])
    for site in websites:
        _call(admin, odoo_url, "website", "write", [[site["id"]], {
            "language_ids": [(4, lang_id)]}])
    yield code
    _call(admin, odoo_url, "res.users", "write", [portal, {"lang": before}])
    for site in websites:
        _call(admin, odoo_url, "website", "write", [[site["id"]], {
            "language_ids": [(6, 0, site["language_ids"])]}])


def _portal_login(page, odoo_url):
    db = os.environ.get("ODOO_DB")
    page.goto(odoo_url + "/web/login" + ("?db=" + db if db else ""))
    page.fill("input[name=login]", "portal")
    page.fill("input[name=password]", "portal")
    with page.expect_navigation(timeout=60000):
        page.click("button[type=submit]")
    assert "/web/login" not in page.url, "the portal user could not log in"


def _shot(page, name):
    page.screenshot(path=os.path.join(page.screenshot_dir, name + ".png"), full_page=True)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_customer_finds_answer_before_sending_a_ticket(page, odoo_url, lang, device):
    text = TEXT[lang]
    page.set_viewport_size(VIEWPORTS[device])
    _portal_login(page, odoo_url)
    base = odoo_url + text["prefix"]

    page.goto(base + "/help/answers?q=" + urllib.request.quote(text["query"]))
    page.wait_for_selector(".o_service_answers_results .list-group-item")
    titles = page.locator(".o_service_answers_results h4").all_inner_texts()
    assert text["expected"] in titles[:3], titles
    _shot(page, "service_answers_%s_%s_search" % (lang, device))

    page.locator(".o_service_answers_results .list-group-item", has_text=text["expected"]).click()
    page.wait_for_selector(".o_service_answer_body")
    assert text["expected"] in page.inner_text("h1")
    page.click("button.o_service_answer_solved")
    page.wait_for_selector(".o_service_answer_thanks")
    assert text["thanks"] in page.inner_text(".o_service_answer_thanks")
    _shot(page, "service_answers_%s_%s_answer" % (lang, device))

    page.goto(base + "/new/ticket")
    page.wait_for_selector("input[name=subject]")
    page.locator("input[name=subject]").type(text["typed"], delay=30)
    page.wait_for_selector(".o_service_answer_suggestion", timeout=15000)
    assert text["suggest_title"] in page.inner_text(".o_service_answer_suggest .panel-heading")
    suggestions = page.locator(".o_service_answer_suggestion strong").all_inner_texts()
    assert text["expected"] in suggestions, suggestions
    _shot(page, "service_answers_%s_%s_new_ticket" % (lang, device))


def _public():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def _status(opener, url):
    try:
        return opener.open(url, timeout=60).status
    except urllib.error.HTTPError as err:
        return err.code


@pytest.fixture(scope="module")
def hidden_answers(admin, odoo_url):
    """An internal answer of the main company and a published one of another
    company, removed after the tests."""
    company = _call(admin, odoo_url, "res.company", "search", [[("name", "=", "KB Browser B")]])
    company = company[0] if company else _call(
        admin, odoo_url, "res.company", "create", [{"name": "KB Browser B"}])
    internal = _call(admin, odoo_url, "crm.service.answer", "create", [{
        "name": "Kbinternal secret", "body": "<p>kbinternal</p>", "published": False}])
    other = _call(admin, odoo_url, "crm.service.answer", "create", [{
        "name": "Kbother answer", "body": "<p>kbother</p>", "published": True,
        "company_id": company}])
    yield internal, other
    _call(admin, odoo_url, "crm.service.answer", "unlink", [[internal, other]])


def test_portal_routes_refuse_what_customers_may_not_read(odoo_url, hidden_answers):
    internal, other = hidden_answers
    opener = _public()
    for answer_id in (internal, other, 2 ** 31, 0):
        assert _status(opener, "%s/help/answers/%d" % (odoo_url, answer_id)) == 404, answer_id
    html = opener.open(odoo_url + "/help/answers?q=kbinternal%20kbother", timeout=60).read()
    assert b"Kbinternal" not in html and b"Kbother" not in html
    suggest = odoo_url + "/help/answers/suggest"
    assert json_rpc(opener, suggest, {"query": "kbinternal kbother"}) == []
    assert json_rpc(opener, suggest, {"query": ""}) == []
    assert json_rpc(opener, suggest, {"query": None}) == []
    found = json_rpc(opener, suggest, {"query": "wifi password " * 20000, "limit": "x"})
    assert found and len(found) <= 5
    assert len(json_rpc(opener, suggest, {"query": "wifi", "limit": 10 ** 9})) <= 20
    # a POST of "solved" needs the form's CSRF token
    req = urllib.request.Request(suggest.replace("suggest", "1/solved"), b"", method="POST")
    assert _status_req(opener, req) in (400, 403, 404)


def _status_req(opener, req):
    try:
        return opener.open(req, timeout=60).status
    except urllib.error.HTTPError as err:
        return err.code


def test_suggest_is_json(odoo_url):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": {"query": "wifi"}}).encode()
    req = urllib.request.Request(odoo_url + "/help/answers/suggest", body,
                                 {"Content-Type": "application/json"})
    reply = json.loads(_public().open(req, timeout=60).read().decode())
    assert reply["result"] and {"id", "name", "snippet", "url"} <= set(reply["result"][0])


AGENT_TEXT = {
    "en_US": {"tab": "Suggested Answers", "use": "Use this answer",
              "subject": "Forgot the WiFi password of the router",
              "expected": "How to reset the WiFi password of your router",
              "body": "192.168.1.1"},
    "zh_CN": {"tab": "推荐答案", "use": "使用此答案", "subject": "路由器WiFi密码忘了",
              "expected": "忘记无线路由器WiFi密码怎么办", "body": "192.168.1.1"},
}


@pytest.fixture(params=["en_US", "zh_CN"])
def admin_lang(request, admin, odoo_url):
    """The administrator (a helpdesk manager) works in this language."""
    code = request.param
    uid = _call(admin, odoo_url, "res.users", "search", [[("login", "=", "admin")]])
    before = _call(admin, odoo_url, "res.users", "read", [uid, ["lang"]])[0]["lang"]
    _call(admin, odoo_url, "res.users", "write", [uid, {"lang": code}])
    yield code
    _call(admin, odoo_url, "res.users", "write", [uid, {"lang": before}])


def test_agent_replies_with_a_suggested_answer(page, odoo_url, admin, admin_lang):
    from conftest import login, wait_idle

    text = AGENT_TEXT[admin_lang]
    ticket = _call(admin, odoo_url, "helpdesk.ticket", "create", [{
        "name": text["subject"], "description": "<p>%s</p>" % text["subject"]}])
    try:
        page.set_viewport_size(VIEWPORTS["desktop"])
        login(page, odoo_url)
        page.goto("%s/web#model=helpdesk.ticket&id=%d&view_type=form" % (odoo_url, ticket))
        wait_idle(page)
        page.wait_for_selector(".o_form_view")
        page.click(".o_notebook a:has-text('%s')" % text["tab"])
        row = page.locator(".o_notebook .tab-pane.active tr.o_data_row",
                           has_text=text["expected"]).first
        row.wait_for()
        _shot(page, "service_answers_%s_desktop_agent_suggestions" % admin_lang)
        row.locator("button.o_service_use_answer").click()
        wait_idle(page)
        page.wait_for_selector(".o_thread_message:has-text('%s')" % text["body"], timeout=30000)
        _shot(page, "service_answers_%s_desktop_agent_replied" % admin_lang)
        messages = _call(admin, odoo_url, "mail.message", "search_read", [[
            ("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket),
            ("message_type", "=", "comment")], ["body"]])
        assert any(text["body"] in m["body"] for m in messages), messages
    finally:
        _call(admin, odoo_url, "helpdesk.ticket", "unlink", [[ticket]])

"""Lead intake and follow-up funnel (issue 15): the wizard's preview of a file
of business cards and the funnel of the demo trade fair campaign, in English
and in Chinese, on a desktop (1280x800) and a phone (390x844).

The preview's counts are those of the rows written in the file (a known
customer's email, a row given twice, a bad email); nothing is imported. The
funnel's figures on screen are the server's answer to the same user, and its
one click opens exactly the people nobody contacted yet.
Needs the demo data of crm_customer360 (the trade fair campaign).
"""
import os

from conftest import login, page_call_kw, wait_idle

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
_rpc = page_call_kw


def _shot(page, name, viewport=None):
    if viewport:
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        wait_idle(page)
    page.screenshot(path=os.path.join(page.screenshot_dir, name), full_page=True)


def _set_lang(page, lang):
    if not _rpc(page, "res.lang", "search", [[["code", "=", lang]]]):
        wizard = _rpc(page, "base.language.install", "create", [{"lang": lang}])
        _rpc(page, "base.language.install", "lang_install", [[wizard]])
    uid = _rpc(page, "res.users", "search", [[["login", "=", "admin"]]])[0]
    _rpc(page, "res.users", "write", [[uid], {"lang": lang}])
    # a fresh page, without the previous test's breadcrumbs
    page.goto(page.url.split("/web")[0] + "/web")
    # the web client has opened its first app (and written it in the address):
    # a later goto that changes only the #hash is not overwritten by it
    page.wait_for_function("() => location.hash.includes('action=')", timeout=60000)
    wait_idle(page)


def _cards(tmp_path, page):
    company = _rpc(page, "res.users", "search_read", [[["login", "=", "admin"]]],
                   {"fields": ["company_id"]})[0]["company_id"][0]
    known = _rpc(page, "res.partner", "search_read",
                 [[["email", "like", "@"], ["is_company", "=", True], ["customer", "=", True],
                   "|", ["company_id", "=", False], ["company_id", "=", company]]],
                 {"fields": ["email"], "limit": 1, "order": "id"})[0]["email"]
    path = tmp_path / "trade_fair_cards.csv"
    path.write_text(
        "姓名,公司,职位,手机,邮箱,国家\n"
        "周杰,苏州精密机械有限公司,采购经理,＋８６ １３９ ００１２ ３４５６,zhou.browser@intake.example,CN\n"
        "Mia Chen,Chen Electronics Co. Ltd.,CTO,+886 912 345 678,mia.browser@intake.example,TW\n"
        "Known Customer,,Buyer,,%s,\n"
        "周杰,苏州精密,,,ZHOU.browser@intake.example,CN\n"
        "Bad Row,,,,not-an-email,\n"
        "Lee Ann,Lee Ltd,,,lee.browser@intake.example,\n" % known,
        encoding="utf-8")
    return str(path)


def _preview(page, odoo_url, path):
    # a dialog action opens over a page: the Customer 360 app, then its menu
    page.goto(odoo_url + "/web#action=crm_customer360.crm_commitment_action")
    wait_idle(page)
    page.click("a[data-menu-xmlid='crm_customer360.crm_lead_intake_c360_menu']")
    page.wait_for_selector(".modal .o_form_view")
    wait_idle(page)
    page.set_input_files(".modal .o_field_binary_file input.o_input_file", path)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.modal .o_field_binary_file input')]"
        ".some(i => i.value && i.value.indexOf('trade_fair_cards') >= 0)")
    page.click(".modal .modal-footer button[name=action_preview]")
    page.wait_for_selector(".modal .o_field_one2many .o_data_row")
    wait_idle(page)


def _count(page, field):
    return page.inner_text(".modal span[name=%s], .modal .o_field_widget[name=%s]" % (
        field, field)).strip()


def test_intake_preview(page, odoo_url, tmp_path):
    login(page, odoo_url)
    try:
        for lang, suffix in (("en_US", "en"), ("zh_CN", "zh_CN")):
            _set_lang(page, lang)
            page.set_viewport_size(DESKTOP)
            _preview(page, odoo_url, _cards(tmp_path, page))
            assert (_count(page, "count_total"), _count(page, "count_new"),
                    _count(page, "count_customer"), _count(page, "count_in_file"),
                    _count(page, "count_error")) == ("6", "3", "1", "1", "1")
            rows = page.locator(".modal .o_field_one2many .o_data_row")
            assert rows.count() == 6
            assert "+8613900123456" in page.inner_text(".modal .o_field_one2many")
            assert ("Line 6" if lang == "en_US" else "第 6 行") in page.inner_text(".modal")
            if lang == "zh_CN":
                assert "导入" in page.inner_text(".modal .modal-footer")
            _shot(page, "intake_preview_%s_desktop.png" % suffix)
            _shot(page, "intake_preview_%s_phone.png" % suffix, PHONE)
            page.click(".modal .modal-footer button:has-text('%s')" % (
                "Close" if lang == "en_US" else "关闭"))
            wait_idle(page)
    finally:
        _set_lang(page, "en_US")
    assert not _rpc(page, "crm.lead", "search", [[["email_from", "=", "mia.browser@intake.example"]]])


def test_followup_funnel(page, odoo_url):
    login(page, odoo_url)
    try:
        for lang, suffix in (("en_US", "en"), ("zh_CN", "zh_CN")):
            _set_lang(page, lang)
            page.set_viewport_size(DESKTOP)
            campaign = _rpc(page, "utm.campaign", "search_read",
                            [[["name", "in", ["Trade fair 2026 (Shanghai)", "2026 展会（上海）"]]]],
                            {"fields": ["id"]})[0]
            key = "campaign,%d" % campaign["id"]
            data = _rpc(page, "crm.followup.funnel", "get_funnel_data", [key])
            page.goto(odoo_url + "/web#action=crm_customer360.crm_followup_funnel_client_action")
            wait_idle(page)
            page.wait_for_selector(".o_c360_funnel_source")
            page.select_option(".o_c360_funnel_source", key)
            wait_idle(page)
            page.wait_for_selector(".o_c360_funnel_svg")
            bars = page.locator(".o_c360_funnel_svg .o_c360_funnel_bar")
            assert bars.count() == 5
            cells = page.eval_on_selector_all(
                ".o_c360_funnel_table tbody tr",
                "rows => rows.map(r => r.children[1].innerText.trim())")
            assert cells == [str(s["count"]) for s in data["steps"]]
            assert data["steps"][0]["count"] > data["steps"][2]["count"] > 0
            assert str(data["not_contacted"]) in page.inner_text(".o_c360_funnel_not_contacted")
            if lang == "zh_CN":
                assert "首次联系" in page.inner_text(".o_c360_funnel_table")
            _shot(page, "followup_funnel_%s_desktop.png" % suffix)
            _shot(page, "followup_funnel_%s_phone.png" % suffix, PHONE)
            page.set_viewport_size(DESKTOP)
            wait_idle(page)
            page.click(".o_c360_funnel_not_contacted")
            page.wait_for_selector(".o_list_view")
            wait_idle(page)
            assert page.locator(".o_list_view .o_data_row").count() == min(
                80, data["not_contacted"])
    finally:
        _set_lang(page, "en_US")

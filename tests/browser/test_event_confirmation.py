"""Seminar confirmations (issue 15, part 4; crm_customer360_event): the
organiser's list of registrations that got no confirmation email, in English
and in Chinese, on a desktop (1280x800) and a phone (390x844), and the
one-click resend from a line.

Skipped when crm_customer360_event is not installed (no ``event`` app).
"""
import os
import uuid

import pytest
from conftest import login, page_call_kw, wait_idle

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ACTION = "crm_customer360_event.event_registration_unconfirmed_action"
TITLES = {"en_US": "Unconfirmed registrations", "zh_CN": "未确认的报名"}


def _set_lang(page, lang):
    if not page_call_kw(page, "res.lang", "search", [[["code", "=", lang]]]):
        wizard = page_call_kw(page, "base.language.install", "create", [{"lang": lang}])
        page_call_kw(page, "base.language.install", "lang_install", [[wizard]])
    uid = page_call_kw(page, "res.users", "search", [[["login", "=", "admin"]]])[0]
    page_call_kw(page, "res.users", "write", [[uid], {"lang": lang}])


@pytest.mark.parametrize("lang", ["en_US", "zh_CN"])
def test_unconfirmed_registrations(page, odoo_url, lang):
    login(page, odoo_url)
    installed = page_call_kw(page, "ir.module.module", "search_count", [[
        ["name", "=", "crm_customer360_event"], ["state", "=", "installed"]]])
    if not installed:
        pytest.skip("crm_customer360_event is not installed")
    event = page_call_kw(page, "event.event", "search", [[]], {"limit": 1})[0]
    name = "Una Unconfirmed %s %s" % (lang, uuid.uuid4().hex[:6])
    # Confirmed by hand, without the confirmation scheduler: nothing sent.
    reg = page_call_kw(page, "event.registration", "create", [{
        "event_id": event, "name": name, "email": "una.%s@example.com" % lang.lower()}],
        {"context": {"registration_force_draft": True}})
    page_call_kw(page, "event.registration", "write", [[reg], {"state": "open"}])
    status = page_call_kw(page, "event.registration", "read",
                          [[reg], ["confirmation_status"]])[0]["confirmation_status"]
    assert status == "missing", status
    _set_lang(page, lang)
    try:
        for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            page.goto("%s/web#action=%s" % (odoo_url, ACTION))
            page.reload()  # the menus and labels in the user's language
            page.wait_for_selector(".o_list_view")
            wait_idle(page)
            assert TITLES[lang] in page.inner_text(".o_control_panel")
            row = page.locator(".o_list_view .o_data_row", has_text=name)
            assert row.count() == 1
            page.screenshot(path=os.path.join(
                page.screenshot_dir, "unconfirmed_registrations_%s_%s.png" % (lang, size)))
        page.set_viewport_size(DESKTOP)
        row = page.locator(".o_list_view .o_data_row", has_text=name)
        row.locator("button.o_c360_resend_confirmation").click()
        wait_idle(page)
        page.wait_for_function(
            "name => ![...document.querySelectorAll('.o_list_view .o_data_row')]"
            ".some(r => r.innerText.includes(name))", arg=name)
        status = page_call_kw(page, "event.registration", "read",
                              [[reg], ["confirmation_status"]])[0]["confirmation_status"]
        assert status == "sent", status
    finally:
        _set_lang(page, "en_US")

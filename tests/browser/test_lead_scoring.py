"""Issue 15, parts 3 and 6 in the web client: the win chance and its reasons on
an opportunity, the sales manager's lead scoring check, and the "Who to send"
panels of an opportunity and of a ticket; in English and Simplified Chinese,
on a desktop (1280x800) and a phone (390x844).

Uses the demo data (crm_customer360's scored demo history, the helpdesk demo
tickets); the admin is a sales and helpdesk manager.
"""
import os

import pytest
from conftest import login, page_call_kw, wait_idle

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WORDS = {
    "en_US": {"score": "Lead score", "why": "Why this score", "rate": "average win rate",
              "who": "Who to send", "check": "AUC", "calibration": "Really won",
              "shrink": "after shrinking"},
    "zh_CN": {"score": "线索评分", "why": "评分原因", "rate": "倍", "who": "派谁去",
              "check": "AUC", "calibration": "实际赢单", "shrink": "收缩后"},
}


def _shot(page, name, viewport):
    page.set_viewport_size(viewport)
    wait_idle(page)
    page.screenshot(path=os.path.join(page.screenshot_dir, name + ".png"), full_page=True)


def _set_lang(page, code):
    uid = page_call_kw(page, "res.users", "search", [[["login", "=", "admin"]]])
    page_call_kw(page, "res.users", "write", [uid, {"lang": code}])


def _form(page, odoo_url, model, res_id, action=None):
    action_id = page_call_kw(page, "ir.model.data", "xmlid_to_res_id", [action]) if action else 0
    page.goto("%s/web#id=%d&model=%s&view_type=form%s" % (
        odoo_url, res_id, model, "&action=%d" % action_id if action_id else ""))
    wait_idle(page)
    page.wait_for_selector(".o_form_view", timeout=30000)
    wait_idle(page)


@pytest.mark.parametrize("lang", ["en_US", "zh_CN"])
def test_lead_score_and_who_to_send(page, odoo_url, lang):
    words = WORDS[lang]
    page.set_viewport_size(DESKTOP)
    login(page, odoo_url)
    _set_lang(page, lang)
    try:
        leads = page_call_kw(page, "crm.lead", "search_read", [[
            ["lead_score_known", "=", True], ["type", "=", "opportunity"],
            ["team_id", "!=", False]]], {"fields": ["id"], "limit": 1,
                                          "order": "lead_score desc"})
        assert leads, "no scored demo opportunity"
        lead_id = leads[0]["id"]
        _form(page, odoo_url, "crm.lead", lead_id, "crm.crm_lead_opportunities_tree_view")
        block = page.locator(".o_lead_score")
        text = block.inner_text()
        assert words["score"] in text and words["why"] in text, text
        assert words["rate"] in text, text
        assert words["check"] in text, text
        _shot(page, "lead_score_%s_desktop" % lang, DESKTOP)
        _shot(page, "lead_score_%s_phone" % lang, PHONE)

        page.set_viewport_size(DESKTOP)
        page.click(".o_form_statusbar button.o_who_to_send")
        page.wait_for_selector(".modal .o_salesperson_recommendation tbody tr.o_data_row",
                               timeout=30000)
        wait_idle(page)
        panel = page.locator(".modal").last.inner_text()
        assert words["who"] in panel and words["shrink"] in panel, panel
        rows = page.locator(".modal .o_salesperson_recommendation tbody tr.o_data_row")
        assert rows.count() >= 1
        _shot(page, "who_to_send_lead_%s_desktop" % lang, DESKTOP)
        _shot(page, "who_to_send_lead_%s_phone" % lang, PHONE)
        page.keyboard.press("Escape")

        models = page_call_kw(page, "crm.lead.score.model", "search", [[]])
        assert models, "no lead scoring model"
        page.set_viewport_size(DESKTOP)
        _form(page, odoo_url, "crm.lead.score.model", models[0])
        page.wait_for_selector(".o_lead_score_calibration", timeout=30000)
        assert words["calibration"] in page.locator(".o_form_view").inner_text()
        _shot(page, "lead_score_check_%s_desktop" % lang, DESKTOP)
        _shot(page, "lead_score_check_%s_phone" % lang, PHONE)

        tickets = page_call_kw(page, "helpdesk.ticket", "search_read", [[
            ["team_id", "!=", False], ["partner_id", "!=", False],
            ["stage_id.closed", "=", False]]],
            {"fields": ["id"], "limit": 1})
        assert tickets, "no open demo ticket with a team"
        page.set_viewport_size(DESKTOP)
        _form(page, odoo_url, "helpdesk.ticket", tickets[0]["id"])
        page.click(".o_form_statusbar button.o_who_to_send")
        page.wait_for_selector(".modal .o_technician_recommendation tbody tr.o_data_row",
                               timeout=30000)
        wait_idle(page)
        panel = page.locator(".modal").last.inner_text()
        assert words["who"] in panel and words["shrink"] in panel, panel
        _shot(page, "who_to_send_ticket_%s_desktop" % lang, DESKTOP)
        _shot(page, "who_to_send_ticket_%s_phone" % lang, PHONE)
        page.keyboard.press("Escape")
    finally:
        _set_lang(page, "en_US")

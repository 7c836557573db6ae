"""A customer gives feedback on the public page from a phone-sized window."""
import os
import secrets
import urllib.request
from http.cookiejar import CookieJar

import pytest
from conftest import json_rpc, opener_call_kw


_rpc = json_rpc
_call = opener_call_kw


def _admin(odoo_url):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    _rpc(opener, odoo_url + "/web/session/authenticate",
         {"db": os.environ.get("ODOO_DB"), "login": "admin", "password": "admin"})
    return opener


@pytest.fixture
def feedback_token(odoo_url):
    """A fresh feedback request on a demo ticket, created as admin over JSON-RPC."""
    return _new_request(_admin(odoo_url), odoo_url)


def _new_request(opener, odoo_url):
    """(token, ticket) of a fresh feedback request on a demo ticket."""
    ticket_ids = _call(opener, odoo_url, "helpdesk.ticket", "search", [[("partner_id", "!=", False)]],
                       {"limit": 1})
    assert ticket_ids, "the demo data has no ticket with a customer"
    ticket = _call(opener, odoo_url, "helpdesk.ticket", "read", [ticket_ids, ["number", "name", "partner_id"]])[0]
    token = secrets.token_urlsafe(32)
    _call(opener, odoo_url, "crm.service.feedback", "create", [{
        "state": "requested",
        "ticket_id": ticket["id"],
        "partner_id": ticket["partner_id"][0],
        "access_token": token,
        "expiry_date": "2099-12-31 00:00:00",
    }])
    return token, ticket


def test_customer_submits_feedback_on_phone(page, odoo_url, feedback_token):
    token, ticket = feedback_token
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(odoo_url + "/service/feedback/" + token)
    page.wait_for_selector("form.o_fb_form")
    assert ticket["number"] in page.inner_text(".o_fb_ticket")
    # No horizontal scroll at 375px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=os.path.join(page.screenshot_dir, "feedback_page_phone_form.png"), full_page=True)

    page.click("label[for=csat_4]")
    page.click("label[for=nps_9]")
    page.fill("textarea[name=comment]", "Quick and friendly, thank you.")
    assert page.is_checked("#csat_4") and page.is_checked("#nps_9")
    page.screenshot(path=os.path.join(page.screenshot_dir, "feedback_page_phone_filled.png"), full_page=True)
    page.click("button.o_fb_submit")
    page.wait_for_selector(".o_fb_thanks")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=os.path.join(page.screenshot_dir, "feedback_page_phone_thanks.png"), full_page=True)

    # An answer is final: the same link thanks the customer again, without a form.
    page.goto(odoo_url + "/service/feedback/" + token)
    page.wait_for_selector(".o_fb_thanks")
    assert not page.query_selector("form.o_fb_form")


def test_customer_can_choose_nps_zero(page, odoo_url, feedback_token):
    token, _ticket = feedback_token
    page.goto(odoo_url + "/service/feedback/" + token)
    page.wait_for_selector("form.o_fb_form")
    assert page.get_attribute("#nps_0", "value") == "0"
    page.click("label[for=csat_1]")
    page.click("label[for=nps_0]")
    assert page.is_checked("#nps_0")
    page.click("button.o_fb_submit")
    page.wait_for_selector(".o_fb_thanks")


def test_every_score_can_be_submitted(page, odoo_url):
    """Issue #1: each NPS score 0-10 and each CSAT score 1-5, chosen on the
    page, is the answer stored (a fresh request per submission)."""
    opener = _admin(odoo_url)
    pairs = [(nps, nps % 5 + 1) for nps in range(11)]  # every NPS, every CSAT
    assert {csat for _nps, csat in pairs} == {1, 2, 3, 4, 5}
    for nps, csat in pairs:
        token, _ticket = _new_request(opener, odoo_url)
        page.goto(odoo_url + "/service/feedback/" + token)
        page.wait_for_selector("form.o_fb_form")
        assert page.get_attribute("#nps_%d" % nps, "value") == str(nps)
        assert page.get_attribute("#csat_%d" % csat, "value") == str(csat)
        page.click("label[for=csat_%d]" % csat)
        page.click("label[for=nps_%d]" % nps)
        page.click("button.o_fb_submit")
        page.wait_for_selector(".o_fb_thanks")
        stored = _call(opener, odoo_url, "crm.service.feedback", "search_read",
                       [[("access_token", "=", token)], ["state", "csat", "nps"]])
        assert len(stored) == 1
        assert (stored[0]["state"], stored[0]["nps"], stored[0]["csat"]) == (
            "answered", nps, csat), (nps, csat, stored)

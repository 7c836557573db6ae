"""The price popover of a quotation line (issue 15, part 5): one click on the
icon of a line of the demo's returning customer shows what they paid
before, the colleague's conflicting quotation and the tier price, in English
and in Chinese, on a desktop (1280x800) and a phone (390x844).

What the popover shows is compared with the server's answer to the same user.
Needs the demo data of crm_customer360 (sale_order_price_admin_demo).
"""
import os

import pytest
from conftest import login, page_call_kw, wait_idle

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
LABELS = {
    "en_US": ("Paid before for this product", "Colleagues' open quotations", "Conflict", "Tier price"),
    "zh_CN": ("此前购买该产品的价格", "同事的未结报价", "冲突", "等级价格"),
}


def _set_lang(page, lang):
    if not page_call_kw(page, "res.lang", "search", [[["code", "=", lang]]]):
        wizard = page_call_kw(page, "base.language.install", "create", [{"lang": lang}])
        page_call_kw(page, "base.language.install", "lang_install", [[wizard]])
    uid = page_call_kw(page, "res.users", "search", [[["login", "=", "admin"]]])[0]
    page_call_kw(page, "res.users", "write", [[uid], {"lang": lang}])


@pytest.mark.parametrize("lang", ["en_US", "zh_CN"])
def test_price_popover(page, odoo_url, lang):
    login(page, odoo_url)
    order_id = page_call_kw(page, "ir.model.data", "xmlid_to_res_id",
                            ["crm_customer360.sale_order_price_admin_demo"])
    assert order_id, "demo quotation missing"
    _set_lang(page, lang)
    try:
        order = page_call_kw(page, "sale.order", "read", [[order_id], ["order_line", "name"]])[0]
        info = page_call_kw(page, "sale.order.line", "customer360_price_info",
                            [], {"line_id": order["order_line"][0]})
        assert info["history"] and info["colleagues"], info
        for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            page.goto("%s/web#id=%d&model=sale.order&view_type=form" % (odoo_url, order_id))
            page.reload()  # the menus and labels in the user's language
            page.wait_for_selector(".o_form_view .o_c360_price_icon")
            wait_idle(page)
            page.click(".o_form_view .o_c360_price_icon >> visible=true")
            popover = page.wait_for_selector(".o_c360_price_popover.in")
            wait_idle(page)
            page.wait_for_timeout(400)  # bootstrap's fade-in
            text = popover.inner_text()
            for label in LABELS[lang][:3]:
                assert label in text, (label, text)
            assert info["history"][0]["doc_name"] in text, text
            # The line's own net price (its discount included) on every layout.
            net = "{:,.2f}".format(info["net"])
            assert net in page.inner_text(".o_c360_price_head"), (net, text)
            assert info["colleagues"][0]["order"] in text, text
            if info["tier"]:
                assert info["tier"]["name"] in text, text
                if info["tier"]["tier_price"]:
                    assert LABELS[lang][3] in text, text
                    assert info["tier"]["tier_price"]["pricelist"] in text, text
            # Neither the line's form nor its edition opened.
            assert not page.query_selector(".modal .o_form_view")
            page.screenshot(path=os.path.join(
                page.screenshot_dir, "price_popover_%s_%s.png" % (lang, size)))
            # A click elsewhere closes it.
            page.evaluate("document.querySelector('.o_form_view .o_form_sheet').click()")
            page.wait_for_selector(".o_c360_price_popover", state="detached")
    finally:
        _set_lang(page, "en_US")

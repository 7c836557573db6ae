"""The three loyalty screens a manager looks at: the value x loyalty matrix,
the Pareto chart and the customer's Loyalty tab, in English and in Chinese,
on a desktop (1366x768) and a phone (390x844).

Figures on screen are compared with the server's own answer to the same
user; a click on a quadrant must open exactly that quadrant's customers.
Needs the demo data of crm_loyalty (assessed customers in every quadrant).
"""
import os
import re

import pytest
from conftest import login, wait_idle, page_call_kw

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
QUADRANTS = ("reward_keep", "sell_more", "win_loyalty", "low_cost")
MATRIX = "crm_loyalty.crm_loyalty_value_matrix_action"
PARETO = "crm_loyalty.crm_loyalty_pareto_action"


_rpc = page_call_kw


def _shot(page, name, viewport=None):
    if viewport:
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)  # the chart is redrawn 100 ms after a resize
        wait_idle(page)
    page.screenshot(path=os.path.join(page.screenshot_dir, name), full_page=True)


def _open(page, odoo_url, xmlid):
    page.goto(odoo_url + "/web#action=%s" % xmlid)
    wait_idle(page)


def _amount(value):
    """The web client's amount without decimals in English: 12,345."""
    text = "{:,.0f}".format(abs(value))
    return "-" + text if round(value) < 0 else text


def _company_id(page):
    users = _rpc(page, "res.users", "search_read", [[["login", "=", "admin"]]],
                 {"fields": ["company_id"]})
    return users[0]["company_id"][0]


def _set_lang(page, lang):
    """The admin's language, the language loaded first when missing."""
    if not _rpc(page, "res.lang", "search", [[["code", "=", lang]]]):
        wizard = _rpc(page, "base.language.install", "create", [{"lang": lang}])
        _rpc(page, "base.language.install", "lang_install", [[wizard]])
    uid = _rpc(page, "res.users", "search", [[["login", "=", "admin"]]])[0]
    _rpc(page, "res.users", "write", [[uid], {"lang": lang}])


def test_value_matrix(page, odoo_url):
    login(page, odoo_url)
    page.set_viewport_size(DESKTOP)
    data = _rpc(page, "crm.loyalty.membership", "get_value_matrix_data", [])
    by_code = {q["code"]: q for q in data["quadrants"]}
    assert set(by_code) == set(QUADRANTS)
    assert all(q["count"] for q in data["quadrants"]), "a demo quadrant is empty"
    _open(page, odoo_url, MATRIX)
    page.wait_for_selector(".o_loyalty_quadrant")
    # Value on the vertical axis (high first), loyalty across (low first).
    order = page.eval_on_selector_all(
        ".o_loyalty_matrix_cells .o_loyalty_quadrant", "els => els.map(e => e.dataset.quadrant)")
    assert order == ["win_loyalty", "reward_keep", "low_cost", "sell_more"]
    for code, quad in by_code.items():
        cell = page.locator(".o_loyalty_quadrant[data-quadrant=%s]" % code)
        text = cell.inner_text()
        assert quad["name"] in text and quad["action"] in text, text
        assert cell.locator(".o_loyalty_quadrant_count_value").inner_text() == str(quad["count"])
        assert _amount(quad["revenue"]) in cell.locator(".o_loyalty_quadrant_revenue").inner_text()
        assert _amount(quad["profit"]) in cell.locator(".o_loyalty_quadrant_profit").inner_text()
        if data["has_clv"]:
            assert _amount(quad["predicted_clv"]) in cell.locator(
                ".o_loyalty_quadrant_clv").inner_text()
        else:
            assert not cell.locator(".o_loyalty_quadrant_clv").count()
    total = page.inner_text(".o_loyalty_matrix_total")
    assert str(data["total"]["count"]) in total and _amount(data["total"]["revenue"]) in total
    _shot(page, "loyalty_value_matrix_en_desktop.png")
    _shot(page, "loyalty_value_matrix_en_phone.png", PHONE)
    page.set_viewport_size(DESKTOP)

    # One click: the customers of that quadrant, and only them.
    expected = _rpc(
        page, "crm.loyalty.membership", "search_read",
        [[["quadrant", "=", "win_loyalty"], ["program_id.active", "=", True],
          ["company_id", "=", _company_id(page)]]],
        {"fields": ["partner_id"]},
    )
    page.click(".o_loyalty_quadrant[data-quadrant=win_loyalty] button.o_loyalty_quadrant_open")
    page.wait_for_selector(".o_list_view .o_data_row")
    wait_idle(page)
    assert page.locator(".o_list_view .o_data_row").count() == by_code["win_loyalty"]["count"]
    names = page.eval_on_selector_all(
        ".o_list_view .o_data_row td[data-field=partner_id], "
        ".o_list_view .o_data_row td:nth-child(2)",
        "els => els.map(e => e.innerText.trim())")
    for row in expected:
        assert row["partner_id"][1] in names, row
    assert by_code["win_loyalty"]["name"] in page.inner_text(".breadcrumb")
    page.click(".breadcrumb li:first-child a")
    page.wait_for_selector(".o_loyalty_quadrant")
    wait_idle(page)

    # Bulk actions: the mailing-list wizard on the quadrant's customers...
    page.click(".o_loyalty_quadrant[data-quadrant=reward_keep] .o_loyalty_quadrant_mailing")
    page.wait_for_selector(".modal .o_form_view")
    wait_idle(page)
    assert "Loyalty – Reward and keep:" in page.inner_text(".modal")
    _shot(page, "loyalty_value_matrix_mailing_en_desktop.png")
    page.click(".modal .modal-footer button:has-text('Cancel')")
    wait_idle(page)
    # ... and a to-do per customer of the quadrant.
    members = _rpc(
        page, "crm.loyalty.membership", "search_read",
        [[["quadrant", "=", "low_cost"], ["program_id.active", "=", True],
          ["company_id", "=", _company_id(page)]]],
        {"fields": ["partner_id"]},
    )
    partner_ids = [m["partner_id"][0] for m in members]
    page.click(".o_loyalty_quadrant[data-quadrant=low_cost] .o_loyalty_quadrant_activity")
    page.wait_for_selector(".o_notification:has-text('Recommended action scheduled')")
    todo = _rpc(page, "mail.activity", "search_read",
                [[["res_model", "=", "res.partner"], ["res_id", "in", partner_ids],
                  ["summary", "=", by_code["low_cost"]["action"]]]],
                {"fields": ["res_id"]})
    assert {a["res_id"] for a in todo} == set(partner_ids)

    # The list is one click away.
    page.click(".o_loyalty_matrix_list")
    page.wait_for_selector(".o_pivot table, .o_list_view")
    wait_idle(page)


def test_pareto(page, odoo_url):
    login(page, odoo_url)
    page.set_viewport_size(DESKTOP)
    data = _rpc(page, "crm.loyalty.pareto.report", "get_pareto_data", [])
    assert data["customer_count"] >= 10 and data["points"]
    _open(page, odoo_url, PARETO)
    page.wait_for_selector(".o_loyalty_pareto_svg")
    headline = page.inner_text(".o_loyalty_pareto_headline")
    assert "{:.0f}".format(data["top"]["revenue_share"]) in headline, headline
    if data["top"]["profit_share"] is not False:
        assert "{:.0f}".format(data["top"]["profit_share"]) in headline, headline
    # The revenue curve has one vertex per point of the server's curve.
    vertices = page.get_attribute(
        ".o_loyalty_pareto_svg polyline.o_loyalty_pareto_revenue", "points").split()
    assert len(vertices) == len(data["points"])
    xticks = page.eval_on_selector_all(
        ".o_loyalty_pareto_xtick", "els => els.map(e => e.textContent)")
    assert xticks == ["0%", "20%", "40%", "60%", "80%", "100%"]
    assert page.locator(".o_loyalty_pareto_80").count() == 1
    legend = page.eval_on_selector_all(
        ".o_loyalty_pareto_legend", "els => els.map(e => e.textContent)")
    assert "Revenue" in legend
    profit_curve = [p for p in data["points"] if p[2] is not False]
    assert page.locator("polyline.o_loyalty_pareto_profit").count() == (
        1 if len(profit_curve) > 1 else 0)
    assert str(data["customer_count"]) in page.inner_text(".o_loyalty_pareto")
    _shot(page, "loyalty_pareto_en_desktop.png")
    wide = page.get_attribute(".o_loyalty_pareto_svg", "viewBox").split()[2]
    _shot(page, "loyalty_pareto_en_phone.png", PHONE)
    # Redrawn at the phone's width: the text keeps a readable size.
    narrow = page.get_attribute(".o_loyalty_pareto_svg", "viewBox").split()[2]
    assert int(narrow) <= PHONE["width"] < int(wide), (narrow, wide)


def _customer_with_next_tier(page):
    customers = _rpc(
        page, "res.partner", "search_read",
        [[["loyalty_tier_id", "!=", False], ["is_company", "=", True],
          ["loyalty_override_tier_id", "=", False]]],
        {"fields": ["name", "loyalty_tier_id", "loyalty_next_tier_id", "loyalty_tier_progress",
                    "loyalty_profit", "loyalty_revenue", "loyalty_progress_text"]},
    )
    customers = [c for c in customers if c["loyalty_next_tier_id"]]
    assert customers, "no demo customer below the top tier"
    return customers[0]


def _open_tab(page, odoo_url, customer):
    page.goto(odoo_url + "/web#model=res.partner&id=%d&view_type=form" % customer["id"])
    wait_idle(page)
    page.wait_for_selector(".o_form_view .o_notebook")
    page.click(".o_notebook .nav-tabs a[href] >> text=/Loyalty|忠诚度/")
    wait_idle(page)
    return page.locator(".o_notebook .tab-pane.active")


def test_loyalty_tab(page, odoo_url):
    login(page, odoo_url)
    page.set_viewport_size(DESKTOP)
    customer = _customer_with_next_tier(page)
    tab = _open_tab(page, odoo_url, customer)
    text = tab.inner_text()
    for heading in ("Tier and progress", "In words", "Customer value", "Profit over the window",
                    "Cost to serve", "Value × loyalty", "Churn risk", "Purchases and RFM"):
        assert heading in text, heading
    assert customer["loyalty_tier_id"][1] in text
    assert customer["loyalty_next_tier_id"][1] in text
    # The bar shows the server's progress.
    bar = tab.locator(".o_field_widget[name=loyalty_tier_progress]")
    assert "%d%%" % round(customer["loyalty_tier_progress"]) in bar.inner_text().replace(" ", "")
    first_line = customer["loyalty_progress_text"].splitlines()[0]
    assert first_line in text
    # The form shows the figure with its two decimals (12,345.67).
    profit = customer["loyalty_profit"]
    assert "{}{:,.2f}".format("-" if profit < 0 else "", abs(profit)) in tab.locator(
        ".o_field_widget[name=loyalty_profit]").inner_text()
    _shot(page, "loyalty_tab_en_desktop.png", {"width": 1366, "height": 1800})
    _shot(page, "loyalty_tab_en_phone.png", {"width": 390, "height": 4600})


@pytest.fixture
def chinese(page, odoo_url):
    login(page, odoo_url)
    _set_lang(page, "zh_CN")
    yield
    _set_lang(page, "en_US")


def test_screens_in_chinese(page, odoo_url, chinese):
    page.reload()
    page.wait_for_selector(".oe_application_menu_placeholder", timeout=60000)
    wait_idle(page)
    page.set_viewport_size(DESKTOP)
    data = _rpc(page, "crm.loyalty.membership", "get_value_matrix_data", [],
                {"context": {"lang": "zh_CN"}})
    _open(page, odoo_url, MATRIX)
    page.wait_for_selector(".o_loyalty_quadrant")
    matrix = page.inner_text(".o_loyalty_matrix")
    for quad in data["quadrants"]:
        assert quad["name"] in matrix and quad["action"] in matrix
    assert "Customers" not in matrix and "Reward and keep" not in matrix, matrix
    _shot(page, "loyalty_value_matrix_zh_desktop.png")
    _shot(page, "loyalty_value_matrix_zh_phone.png", PHONE)
    page.set_viewport_size(DESKTOP)

    _open(page, odoo_url, PARETO)
    page.wait_for_selector(".o_loyalty_pareto_svg")
    pareto = page.inner_text(".o_loyalty_pareto")
    assert "Customers are ranked" not in pareto, pareto
    legend = page.eval_on_selector_all(
        ".o_loyalty_pareto_legend", "els => els.map(e => e.textContent)")
    assert "Revenue" not in legend and legend, legend
    _shot(page, "loyalty_pareto_zh_desktop.png")
    _shot(page, "loyalty_pareto_zh_phone.png", PHONE)
    page.set_viewport_size(DESKTOP)

    customer = _customer_with_next_tier(page)
    tab = _open_tab(page, odoo_url, customer)
    text = tab.inner_text()
    for english in ("Tier and progress", "Profit over the window", "Churn risk"):
        assert english not in text, english
    # Every section's explanation is in Chinese too.
    for help_text in tab.locator(".o_loyalty_section_help").all_inner_texts():
        assert not re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", help_text), help_text
    _shot(page, "loyalty_tab_zh_desktop.png", {"width": 1366, "height": 1800})
    _shot(page, "loyalty_tab_zh_phone.png", {"width": 390, "height": 4600})

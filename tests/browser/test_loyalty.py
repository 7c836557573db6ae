"""Loyalty analysis in the web client: value x loyalty, customers by tier,
Pareto, and a customer with its tier, benefits and tier history.

Needs the demo data of crm_loyalty (demo customers assessed in every tier).
"""
import json
import os

from conftest import login, wait_idle, page_call_kw
from playwright.sync_api import TimeoutError as PlaywrightTimeout

TIERS = ("Bronze", "Silver", "Gold", "Platinum")


_rpc = page_call_kw


def _shot(page, name, height=900):
    """Screenshot; the web client scrolls inside its content area, so a tall
    page is shown by making the viewport tall."""
    if height != 900:
        page.set_viewport_size({"width": 1366, "height": height})
        wait_idle(page)
    page.screenshot(path=os.path.join(page.screenshot_dir, name), full_page=True)
    if height != 900:
        page.set_viewport_size({"width": 1366, "height": 900})


def _open_action(page, odoo_url, xmlid, view_type):
    page.goto(odoo_url + "/web#action=%s&view_type=%s" % (xmlid, view_type))
    wait_idle(page)


def test_loyalty_analysis(page, odoo_url):
    login(page, odoo_url)
    # Customers grouped by tier: every tier has customers.
    _open_action(page, odoo_url, "crm_loyalty.res_partner_action_loyalty", "list")
    page.wait_for_selector(".o_list_view .o_group_header")
    groups = page.inner_text(".o_list_view")
    for tier in TIERS:
        assert tier in groups, "no %s group in the loyalty customers" % tier
    page.click(".o_list_view .o_group_header:has-text('Platinum')")
    page.wait_for_selector(".o_list_view .o_data_row")
    wait_idle(page)
    _shot(page, "loyalty_customers.png")

    # Value x loyalty matrix: high/low on both axes.
    _open_action(page, odoo_url, "crm_loyalty.res_partner_action_value_loyalty", "pivot")
    page.wait_for_selector(".o_pivot table")
    pivot = page.inner_text(".o_pivot")
    assert "High" in pivot and "Low" in pivot, pivot
    _shot(page, "loyalty_value_matrix.png")
    # The same customers as a list, grouped by quadrant.
    page.click(".o_cp_switch_list")
    page.wait_for_selector(".o_list_view .o_data_row")
    wait_idle(page)
    rows = page.inner_text(".o_list_view")
    for label in ("Reward and keep", "Serve at low cost"):
        assert label in rows, label
    _shot(page, "loyalty_value_list.png")
    # Bulk action: one mailing list per quadrant of the selection.
    page.click(".o_list_view thead .o_list_record_selector input")
    page.click(".o_cp_sidebar button:has-text('Action')")
    page.click(".o_cp_sidebar .dropdown-menu a:has-text('Build mailing lists per quadrant')")
    page.wait_for_selector(".modal .o_form_view")
    wait_idle(page)
    dialog = page.inner_text(".modal")
    assert "Loyalty – Reward and keep:" in dialog, dialog
    _shot(page, "loyalty_mailing_list_wizard.png")
    page.click(".modal .modal-footer button:has-text('Cancel')")
    wait_idle(page)

    # Pareto: the cumulative curve is drawn.
    _open_action(page, odoo_url, "crm_loyalty.crm_loyalty_pareto_report_action", "graph")
    page.wait_for_selector(".o_graph_svg_container svg, .o_graph svg", timeout=30000)
    wait_idle(page)
    _shot(page, "loyalty_pareto.png")


def test_customer_tier_benefits_history(page, odoo_url):
    login(page, odoo_url)
    customers = _rpc(
        page, "res.partner", "search_read",
        [[["loyalty_override_tier_id", "!=", False], ["is_company", "=", True]]],
        {"fields": ["name", "loyalty_tier_id"], "limit": 1},
    )
    assert customers, "the demo data has no customer with an overridden tier"
    customer = customers[0]
    tier = customer["loyalty_tier_id"][1]
    page.goto(odoo_url + "/web#model=res.partner&id=%d&view_type=form" % customer["id"])
    wait_idle(page)
    page.wait_for_selector(".o_form_view .o_notebook")
    page.click(".o_notebook .nav-tabs a:has-text('Loyalty')")
    wait_idle(page)
    tab = page.locator(".o_notebook .tab-pane.active")
    text = tab.inner_text()
    assert tier in text
    assert "Tier benefits" in text and "catalogue price" in text, text[:2000]
    # Profit is broken down: cost of goods with its basis, cost to serve.
    for label in ("Cost basis", "Cost to serve", "Late payment cost", "Credit notes"):
        assert label in text, label
    history = tab.locator(".o_field_widget[name=loyalty_history_ids] .o_data_row")
    assert history.count() >= 1
    history_text = tab.locator(".o_field_widget[name=loyalty_history_ids]").inner_text()
    assert "Manual override" in history_text
    _shot(page, "loyalty_customer_tab.png", height=1900)

    # A new quotation for this customer: tier pricelist and benefits shown.
    _open_action(page, odoo_url, "sale.action_quotations", "list")
    page.click(".o_list_button_add")
    wait_idle(page)
    page.wait_for_selector(".o_form_view .o_field_widget[name=partner_id] input")
    page.fill(".o_field_widget[name=partner_id] input", customer["name"])
    page.wait_for_selector(".ui-autocomplete li a:has-text(%s)" % json.dumps(customer["name"]))
    page.click(".ui-autocomplete li a:has-text(%s)" % json.dumps(customer["name"]))
    wait_idle(page)
    # With crm_service_kpi, a customer with a ticket past its SLA has open
    # problems: crm_customer360 warns the salesperson in a dialog first.
    # The onchange's warning comes after the customer's other onchanges.
    page.wait_for_selector(".o_loyalty_tier_info:visible")
    try:
        page.wait_for_selector(".modal:visible .modal-footer button:has-text('Ok')",
                               timeout=5000)
    except PlaywrightTimeout:
        pass  # this customer has no open problem
    else:
        assert "open problems" in page.inner_text(".modal:visible .modal-title")
        page.click(".modal:visible .modal-footer button:has-text('Ok')")
        wait_idle(page)
    info = page.inner_text(".o_loyalty_tier_info")
    assert tier in info and "catalogue price" in info, info
    pricelist = page.input_value(".o_field_widget[name=pricelist_id] input")
    assert "%s customers" % tier in pricelist, pricelist
    _shot(page, "loyalty_quotation.png")
    page.click(".o_form_button_cancel")


def test_tier_configuration(page, odoo_url):
    login(page, odoo_url)
    _open_action(page, odoo_url, "crm_loyalty.crm_loyalty_program_action", "list")
    page.click(".o_list_view .o_data_row:has-text('Customer Loyalty')")
    page.wait_for_selector(".o_form_view .o_field_widget[name=tier_ids] .o_data_row")
    wait_idle(page)
    tiers = page.inner_text(".o_field_widget[name=tier_ids]")
    for tier in TIERS:
        assert tier in tiers, tier
    assert "Gold customers" in tiers  # the Gold tier's pricelist
    _shot(page, "loyalty_program.png", height=1400)
    page.click(".o_field_widget[name=tier_ids] .o_data_row:has-text('Platinum')")
    page.wait_for_selector(".modal .o_form_view")
    wait_idle(page)
    dialog = page.inner_text(".modal")
    for text in ("Pricelist", "SLA class", "Platinum customers", "dedicated account manager"):
        assert text in dialog, text
    _shot(page, "loyalty_tier_form.png")
    page.click(".modal .close")

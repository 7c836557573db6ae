"""Smoke test of the web client: log in, open a customer form."""
import os

from conftest import login, wait_idle


def test_open_customer_form(page, odoo_url):
    login(page, odoo_url)
    page.goto(odoo_url + "/web#action=base.action_partner_form&view_type=list")
    wait_idle(page)
    page.wait_for_selector(".o_list_view .o_data_row")
    page.click(".o_list_view .o_data_row:has-text('Agrolait')")
    page.wait_for_selector(".o_form_view .o_field_widget[name=name]")
    wait_idle(page)
    assert "Agrolait" in page.inner_text(".o_form_view .oe_title")
    page.screenshot(path=os.path.join(page.screenshot_dir, "customer_form.png"), full_page=True)


def test_suite_menus_present(page, odoo_url):
    login(page, odoo_url)
    page.wait_for_selector(".oe_application_menu_placeholder")
    wait_idle(page)
    menus = page.inner_text(".oe_application_menu_placeholder")
    for name in ("Customer 360", "Loyalty", "Service KPIs"):
        assert name in menus, "top menu %r missing" % name
    page.screenshot(path=os.path.join(page.screenshot_dir, "home_menu.png"))


def _call_kw(page, model, method, args=(), kwargs=None):
    from test_customer360 import call_kw
    return call_kw(page, model, method, args, kwargs)


def test_confirm_sale_over_open_problems_asks_first(page, odoo_url):
    """*Confirm Sale* for a customer with open problems opens a dialog
    listing them: Cancel leaves the quotation, Confirm anyway confirms it."""
    login(page, odoo_url)
    agrolait = _call_kw(page, "ir.model.data", "xmlid_to_res_id", ["base.res_partner_2"])
    assert _call_kw(page, "res.partner", "customer360_header", [[agrolait]])["open_problems"]
    product = _call_kw(page, "product.product", "search", [[("sale_ok", "=", True)]],
                       {"limit": 1})[0]
    order_id = _call_kw(page, "sale.order", "create", [{
        "partner_id": agrolait,
        "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1})]}])
    page.goto("%s/web#id=%d&model=sale.order&view_type=form" % (odoo_url, order_id))
    page.wait_for_selector(".o_form_view .o_statusbar_buttons")
    wait_idle(page)
    confirm = ".o_statusbar_buttons button:has-text('Confirm Sale'):visible"
    page.click(confirm)
    page.wait_for_selector(".modal .o_c360_confirm_anyway")
    wait_idle(page)
    text = page.inner_text(".modal")
    assert "past" in text, text
    page.screenshot(path=os.path.join(page.screenshot_dir, "confirm_over_open_problems.png"))
    page.click(".modal .o_c360_confirm_cancel")
    page.wait_for_selector(".modal", state="detached")
    wait_idle(page)
    state = _call_kw(page, "sale.order", "read", [[order_id], ["state"]])[0]["state"]
    assert state == "draft", state
    page.click(confirm)
    page.wait_for_selector(".modal .o_c360_confirm_anyway")
    page.click(".modal .o_c360_confirm_anyway")
    page.wait_for_selector(".modal", state="detached")
    wait_idle(page)
    state = _call_kw(page, "sale.order", "read", [[order_id], ["state"]])[0]["state"]
    assert state == "sale", state
    page.wait_for_selector(".o_statusbar_status .btn-primary:has-text('Sales Order')")

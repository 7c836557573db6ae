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

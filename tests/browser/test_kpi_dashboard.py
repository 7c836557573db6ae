"""KPI dashboard web UI: the client action crm_service_kpi.dashboard, its
tiles, filters and the click-through to the records behind a figure."""
import os
import re

from conftest import login, wait_idle

ACTION = "crm_service_kpi.crm_service_kpi_dashboard_action"


def open_dashboard(page, odoo_url):
    page.goto("%s/web#action=%s" % (odoo_url, ACTION))
    # the first page after a change of the assets compiles them: be patient
    page.wait_for_selector(".o_kpi_dash .o_kpi_tile", timeout=120000)
    wait_idle(page)


def choose_period(page, preset):
    with page.expect_response(lambda r: "get_dashboard_data" in r.url):
        page.select_option(".o_kpi_dash_preset", preset)
    wait_idle(page)
    page.wait_for_selector(".o_kpi_tile[data-code=ticket_count]")


def tile_value(page, code):
    return page.inner_text(".o_kpi_tile[data-code=%s] .o_kpi_tile_value" % code).strip()


def test_tiles_and_click_through(page, odoo_url):
    login(page, odoo_url)
    open_dashboard(page, odoo_url)
    # one section per department, service first, and the monthly charts
    headings = page.eval_on_selector_all(".o_kpi_dash_department h3",
                                         "els => els.map(e => e.textContent.trim())")
    assert headings[:1] == ["Service"], headings
    assert page.query_selector_all(".o_kpi_dash_chart svg"), "no chart drawn"
    choose_period(page, "last_12_months")
    value = tile_value(page, "ticket_count")
    assert re.match(r"^\d+$", value), value
    count = int(value)
    assert count > 0, "no ticket in the last 12 months of the demo data"
    # every service tile shows a figure or "No data", never an empty box
    for code in ("first_response_hours_avg", "csat_avg", "nps", "sla_compliance_pct"):
        assert tile_value(page, code), code
    # the formula under the question mark
    page.click(".o_kpi_tile[data-code=csat_avg] .o_kpi_tile_help")
    formula = page.inner_text(".o_kpi_tile[data-code=csat_avg] .o_kpi_tile_formula")
    assert "CSAT" in formula, formula
    page.screenshot(path=os.path.join(page.screenshot_dir, "kpi_dashboard.png"), full_page=True)
    page.eval_on_selector(".o_kpi_dash_charts_section", "el => el.scrollIntoView()")
    page.screenshot(path=os.path.join(page.screenshot_dir, "kpi_dashboard_charts.png"))
    # click through to the tickets behind "Tickets opened"
    page.click(".o_kpi_tile[data-code=ticket_count]")
    page.wait_for_selector(".o_list_view", timeout=60000)
    wait_idle(page)
    assert "Tickets opened" in page.inner_text(".o_control_panel .breadcrumb")
    if count <= 80:
        rows = page.query_selector_all(".o_list_view tbody tr.o_data_row")
        assert len(rows) == count, (len(rows), count)
    else:
        assert page.inner_text(".o_pager_limit").strip() == str(count)
    page.screenshot(path=os.path.join(page.screenshot_dir, "kpi_dashboard_records.png"))
    # back through the breadcrumbs: the dashboard keeps its period
    page.click(".o_control_panel .breadcrumb a:has-text('KPI Dashboard')")
    page.wait_for_selector(".o_kpi_dash .o_kpi_tile")
    wait_idle(page)
    assert page.input_value(".o_kpi_dash_preset") == "last_12_months"
    assert tile_value(page, "ticket_count") == value


def test_pivot_link(page, odoo_url):
    login(page, odoo_url)
    open_dashboard(page, odoo_url)
    page.click(".o_kpi_dash_pivot")
    page.wait_for_selector(".o_pivot", timeout=60000)
    wait_idle(page)


def test_phone_layout(page, odoo_url):
    login(page, odoo_url)  # the app menu is collapsed on a phone: log in wide
    page.set_viewport_size({"width": 375, "height": 812})
    open_dashboard(page, odoo_url)
    page.reload()  # the web client measures the screen when it starts
    page.wait_for_selector(".o_kpi_dash .o_kpi_tile", timeout=60000)
    wait_idle(page)
    overflow = page.evaluate(
        "() => { const el = document.querySelector('.o_kpi_dash');"
        " return [el.scrollWidth, el.clientWidth, el.getBoundingClientRect().right]; }")
    assert overflow[0] <= overflow[1] and overflow[2] <= 375, overflow
    # tiles stacked: one per row, none overlapping the next
    boxes = [el.bounding_box() for el in page.query_selector_all(".o_kpi_tile")]
    for above, below in zip(boxes, boxes[1:]):
        assert above["x"] + above["width"] <= 375 + 0.5, above
        assert below["y"] >= above["y"] + above["height"] - 0.5, (above, below)
    page.screenshot(path=os.path.join(page.screenshot_dir, "kpi_dashboard_phone.png"),
                    full_page=True)
    page.eval_on_selector(".o_kpi_dash_charts_section", "el => el.scrollIntoView()")
    page.screenshot(path=os.path.join(page.screenshot_dir, "kpi_dashboard_phone_charts.png"))


def test_comparison_period_like_with_like(page, odoo_url):
    """Issue #11: this month to date is compared with the same days of the
    previous month, this quarter to date with the same days of the previous
    quarter, and the screen says so; a missing previous figure is shown as
    missing, never as 0."""
    import datetime
    login(page, odoo_url)
    open_dashboard(page, odoo_url)
    today = datetime.date.today()
    choose_period(page, "this_month")
    text = page.inner_text(".o_kpi_dash_period")
    assert "the same days of the previous month" in text, text
    # "compared with <first of last month> - <same day of last month>"
    first_prev = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    assert str(first_prev.year) in text.split("compared with")[1], text
    choose_period(page, "this_quarter")
    text = page.inner_text(".o_kpi_dash_period")
    assert "the same days of the previous quarter" in text, text
    # missing previous figures read as missing, never "vs 0.0"
    for tile in page.query_selector_all(".o_kpi_tile"):
        body = tile.inner_text()
        assert "vs 0.0 h" not in body, body

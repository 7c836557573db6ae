"""Customer 360 web UI: the client action crm_customer360.timeline and the
smart button on the partner form."""
import os

from conftest import login, wait_idle

# Departments that must appear on the busiest demo customer's first page.
MIN_DEPARTMENTS = 5
ACTION = "crm_customer360.action_customer360_timeline"
PAGE_SIZE = 10

CALL_KW = """async ([model, method, args, kwargs]) => {
    const response = await fetch('/web/dataset/call_kw/' + model + '/' + method, {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({jsonrpc: '2.0', method: 'call', id: 1,
                              params: {model, method, args, kwargs}}),
    });
    const data = await response.json();
    if (data.error) { throw new Error(JSON.stringify(data.error)); }
    return data.result;
}"""


def call_kw(page, model, method, args=(), kwargs=None):
    return page.evaluate(CALL_KW, [model, method, list(args), kwargs or {}])


def busiest_customer(page):
    """(id, name, departments) of the demo company with the most departments
    (then events) on the first 200 events of its timeline."""
    companies = call_kw(page, "res.partner", "search_read", [[("is_company", "=", True)]],
                        {"fields": ["display_name"], "limit": 40})
    best = None
    for company in companies:
        events = call_kw(page, "res.partner", "customer360_timeline", [[company["id"]]],
                         {"limit": 200})["events"]
        key = (len({e["department"] for e in events}), len(events))
        if best is None or key > best[0]:
            best = (key, company["id"], company["display_name"])
    assert best and best[0][1] > PAGE_SIZE, "no demo customer has more than %d events" % PAGE_SIZE
    return best[1], best[2], best[0][0]


def row_departments(page):
    return page.eval_on_selector_all(
        ".o_c360_event", "rows => rows.map(r => r.getAttribute('data-department'))")


def open_timeline(page, odoo_url, partner_id, limit=None):
    url = "%s/web#action=%s&active_id=%d" % (odoo_url, ACTION, partner_id)
    if limit:
        url += "&limit=%d" % limit
    page.goto(url)
    page.wait_for_selector(".o_c360 .o_c360_event", timeout=60000)
    wait_idle(page)


def test_smart_button_opens_timeline(page, odoo_url):
    login(page, odoo_url)
    partner_id, name, _ = busiest_customer(page)
    page.goto("%s/web#id=%d&model=res.partner&view_type=form" % (odoo_url, partner_id))
    page.wait_for_selector(".o_form_view .o_c360_smart_button")
    wait_idle(page)
    # The compact timeline in the form's "Timeline" tab.
    page.click(".o_form_view .o_notebook a:has-text('Timeline')")
    page.wait_for_selector(".o_form_view .o_c360_compact .o_c360_event")
    wait_idle(page)
    assert page.is_visible(".o_form_view .o_c360_compact .o_c360_open_full")
    page.screenshot(path=os.path.join(page.screenshot_dir, "customer360_partner_form.png"), full_page=True)
    page.click(".o_form_view .o_c360_smart_button")
    page.wait_for_selector(".o_c360 .o_c360_event", timeout=60000)
    wait_idle(page)
    assert name in page.inner_text(".o_c360_header")
    departments = set(row_departments(page))
    while len(departments) < MIN_DEPARTMENTS and page.is_visible(".o_c360_load_more"):
        count = len(row_departments(page))
        page.click(".o_c360_load_more")
        page.wait_for_function("(n) => document.querySelectorAll('.o_c360_event').length > n", arg=count)
        wait_idle(page)
        departments = set(row_departments(page))
    assert len(departments) >= MIN_DEPARTMENTS, departments
    # Day headings, newest first.
    days = page.eval_on_selector_all(".o_c360_day", "els => els.map(e => e.getAttribute('data-day'))")
    assert days and days == sorted(days, reverse=True), days
    # Breadcrumbs lead back to the form.
    assert "Customer 360" in page.inner_text(".o_control_panel .breadcrumb")
    page.screenshot(path=os.path.join(page.screenshot_dir, "customer360_desktop.png"), full_page=True)


def test_filter_load_more_and_open(page, odoo_url):
    login(page, odoo_url)
    partner_id, _, _ = busiest_customer(page)
    open_timeline(page, odoo_url, partner_id, limit=PAGE_SIZE)
    rows = row_departments(page)
    assert len(rows) == PAGE_SIZE
    assert page.is_visible(".o_c360_load_more")

    # Filter on the department of the first event: every row is of it.
    department = rows[0]
    page.click(".o_c360_dept[data-department=%s]" % department)
    wait_idle(page)
    page.wait_for_function(
        "(d) => { const rows = [...document.querySelectorAll('.o_c360_event')];"
        " return rows.length && rows.every(r => r.dataset.department === d); }",
        arg=department)
    assert page.get_attribute(".o_c360_dept[data-department=%s]" % department, "aria-pressed") == "true"
    assert set(row_departments(page)) == {department}

    # Back to all departments, then load the next page.
    page.click(".o_c360_dept[data-department=%s]" % department)
    wait_idle(page)
    page.wait_for_function("() => document.querySelectorAll('.o_c360_event').length === %d" % PAGE_SIZE)
    page.click(".o_c360_load_more")
    page.wait_for_function("() => document.querySelectorAll('.o_c360_event').length > %d" % PAGE_SIZE)
    wait_idle(page)
    assert len(row_departments(page)) > PAGE_SIZE

    # A free-text search that matches nothing shows the empty state.
    page.fill(".o_c360_search", "zzz-no-such-event-zzz")
    page.press(".o_c360_search", "Enter")
    page.wait_for_selector(".o_c360_empty")
    assert not page.is_visible(".o_c360_load_more")
    page.click(".o_c360_clear")
    page.wait_for_function("() => document.querySelectorAll('.o_c360_event').length === %d" % PAGE_SIZE)
    wait_idle(page)

    # Clicking an event opens its document's form.
    res_model = page.get_attribute(".o_c360_event >> nth=0", "data-res-model")
    res_id = page.get_attribute(".o_c360_event >> nth=0", "data-res-id")
    page.click(".o_c360_event >> nth=0")
    page.wait_for_selector(".o_form_view", timeout=60000)
    wait_idle(page)
    assert "model=%s" % res_model in page.url and "id=%s" % res_id in page.url, page.url
    # ... and the breadcrumb comes back to the timeline.
    page.click(".o_control_panel .breadcrumb li:has-text('Customer 360') a")
    page.wait_for_selector(".o_c360 .o_c360_event")
    wait_idle(page)


def test_phone_layout(page, odoo_url):
    login(page, odoo_url)  # the app menu is collapsed on a phone: log in wide
    partner_id, _, _ = busiest_customer(page)
    page.set_viewport_size({"width": 375, "height": 812})
    open_timeline(page, odoo_url, partner_id)
    page.reload()  # the web client measures the screen when it starts
    page.wait_for_selector(".o_c360 .o_c360_event", timeout=60000)
    wait_idle(page)
    overflow = page.evaluate(
        "() => { const el = document.querySelector('.o_c360');"
        " return [el.scrollWidth, el.clientWidth, el.getBoundingClientRect().right]; }")
    assert overflow[0] <= overflow[1] and overflow[2] <= 375, overflow
    # The filter fields fold away on a phone; opened, they are stacked.
    assert not page.is_visible(".o_c360_search")
    page.screenshot(path=os.path.join(page.screenshot_dir, "customer360_phone.png"))
    page.click(".o_c360_toggle_filters")
    box = page.query_selector(".o_c360_search").bounding_box()
    assert box["width"] > 250, box
    overflow = page.evaluate("() => document.querySelector('.o_c360').scrollWidth")
    assert overflow <= 375, overflow
    page.screenshot(path=os.path.join(page.screenshot_dir, "customer360_phone_filters.png"))


def test_without_customer_asks_for_one(page, odoo_url):
    """Opened from a menu (no active_id), the action offers to pick a customer."""
    login(page, odoo_url)
    _, name, _ = busiest_customer(page)
    page.goto("%s/web#action=%s" % (odoo_url, ACTION))
    page.wait_for_selector(".o_c360_choose .o_c360_partner_search")
    wait_idle(page)
    page.fill(".o_c360_partner_search", name)
    page.wait_for_function(
        "(name) => { const choices = [...document.querySelectorAll('.o_c360_partner_choice')];"
        " return choices.length && choices.every(c => c.textContent.includes(name)); }",
        arg=name)
    page.click(".o_c360_partner_choice:has-text(%r)" % name)
    page.wait_for_selector(".o_c360 .o_c360_event", timeout=60000)
    wait_idle(page)
    assert name in page.inner_text(".o_c360_header")


def test_header_facts_open_their_records(page, odoo_url):
    """Every figure of the header has its definition as a tooltip; clicking
    the open quotations opens exactly the quotations it counts."""
    login(page, odoo_url)
    agrolait = call_kw(page, "ir.model.data", "xmlid_to_res_id", ["base.res_partner_2"])
    header = call_kw(page, "res.partner", "customer360_header", [[agrolait]])
    assert header["open_quotations"]["count"] > 0, header["open_quotations"]
    open_timeline(page, odoo_url, agrolait)
    page.wait_for_selector(".o_c360_fact")
    titles = page.eval_on_selector_all(
        ".o_c360_fact", "els => els.map(e => [e.className, e.getAttribute('title')])")
    assert titles and all(title for _cls, title in titles), titles
    if header["open_problems"]:
        text = page.inner_text(".o_c360_fact_open_problems")
        assert "past" in text and "promises past due, tickets past their SLA" not in text, text
    page.screenshot(path=os.path.join(page.screenshot_dir, "customer360_header.png"), full_page=True)
    page.click(".o_c360_fact_open_quotations")
    page.wait_for_selector(".o_list_view", timeout=60000)
    wait_idle(page)
    rows = page.eval_on_selector_all(".o_list_view tbody tr.o_data_row", "rows => rows.length")
    assert rows == header["open_quotations"]["count"], (rows, header["open_quotations"])
    assert "Open quotations" in page.inner_text(".o_control_panel .breadcrumb")
    # The last contact opens its document.
    page.click(".o_control_panel .breadcrumb li:has-text('Customer 360') a")
    page.wait_for_selector(".o_c360_fact_last_contact.o_c360_fact_link")
    wait_idle(page)
    contact = header["last_contact"]
    page.click(".o_c360_fact_last_contact")
    page.wait_for_selector(".o_form_view", timeout=60000)
    wait_idle(page)
    assert "model=%s" % contact["res_model"] in page.url and "id=%s" % contact["res_id"] in page.url, page.url

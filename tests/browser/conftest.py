"""Browser test harness: Playwright for Python driving Debian's chromium.

Needs a running Odoo (scripts/test.sh starts one) given by ODOO_URL and
ODOO_DB, and the server's log file in ODOO_LOG. Every test fails on a
JavaScript error in the page and on a traceback in the server log written
while it ran. Screenshots go to $SCREENSHOT_DIR (default artifacts/screenshots).
"""
import json
import os
import re
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium's own background traffic is refused on these machines; see README.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = os.environ.get(
    "SCREENSHOT_DIR",
    os.path.join(os.path.dirname(__file__), "..", "..", "artifacts", "screenshots"),
)


def pytest_collection_modifyitems(config, items):
    if not os.environ.get("ODOO_URL"):
        skip = pytest.mark.skip(reason="ODOO_URL not set: run through scripts/test.sh")
        for item in items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def odoo_url():
    return os.environ["ODOO_URL"].rstrip("/")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ServerLog:
    """The part of the server log written since the test started."""

    def __init__(self, path):
        self.path = path
        self.offset = os.path.getsize(path) if path and os.path.exists(path) else 0

    def new_text(self):
        if not self.path or not os.path.exists(self.path):
            return ""
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            return f.read().decode("utf-8", "replace")

    def errors(self):
        text = self.new_text()
        return [
            line for line in text.splitlines()
            if "Traceback (most recent call last)" in line or re.search(r"\d (ERROR|CRITICAL) ", line)
        ]


def _console_error(js_errors, msg):
    """Record a console error, with the address of a resource that failed.

    Chromium asks for /favicon.ico on its own when a page names no icon
    (Odoo's plain 404 page does not) and reports the 404 as a console error,
    sometimes after the test has moved on: that request is the browser's,
    not the page's, and is not counted."""
    if msg.type != "error":
        return
    text = msg.text
    if text.startswith("Failed to load resource"):
        url = (msg.location or {}).get("url") or ""
        if urllib.parse.urlsplit(url).path == "/favicon.ico":
            return
        text = "%s (%s)" % (text, url)
    js_errors.append(text)


@pytest.fixture
def page(browser, request, odoo_url):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    log = ServerLog(os.environ.get("ODOO_LOG"))
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    js_errors = []
    page.on("pageerror", lambda exc: js_errors.append(str(exc)))
    page.on("console", lambda msg: _console_error(js_errors, msg))
    page.js_errors = js_errors
    page.screenshot_dir = SCREENSHOTS
    yield page
    page.screenshot(path=os.path.join(SCREENSHOTS, request.node.name + "-last.png"))
    context.close()
    assert not js_errors, "JavaScript errors in the page: %s" % js_errors
    errors = log.errors()
    assert not errors, "Server log errors during the test:\n%s" % log.new_text()[-5000:]


def login(page, odoo_url, login="admin", password="admin"):
    db = os.environ.get("ODOO_DB")
    page.goto(odoo_url + "/web/login" + ("?db=" + db if db else ""))
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector(".oe_application_menu_placeholder", timeout=60000)
    wait_idle(page)
    skip_tours(page)


def skip_tours(page):
    """Mark Odoo's onboarding tours done for the logged-in user, as a user
    who clicked through them would have: their tips float over buttons and
    take the clicks (which of them are pending depends on what earlier tests
    did in the same database)."""
    pending = page.evaluate(
        """() => {
            const service = odoo.__DEBUG__.services['web_tour.tour'];
            if (!service) { return []; }
            return Object.keys(service.tours).filter(
                name => !service.consumed_tours.includes(name));
        }""")
    if pending:
        page_call_kw(page, "web_tour.tour", "consume", [pending])
        page.reload()
        page.wait_for_selector(".oe_application_menu_placeholder", timeout=60000)
        wait_idle(page)


def wait_idle(page, timeout=30000):
    """Wait until the web client has no RPC in flight and nothing is blocked.

    Not "networkidle": the bus keeps a long-polling request open."""
    page.wait_for_load_state("load", timeout=timeout)
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.o_loading, .blockUI')]"
        ".some(el => el.offsetParent !== null)",
        timeout=timeout,
    )


def page_call_kw(page, model, method, args, kwargs=None):
    """Call the server from the logged-in page (the user's own rights)."""
    result = page.evaluate(
        """async ([model, method, args, kwargs]) => {
            const response = await fetch('/web/dataset/call_kw', {
                method: 'POST',
                headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({jsonrpc: '2.0', method: 'call', params: {
                    model: model, method: method, args: args, kwargs: kwargs}}),
            });
            return await response.json();
        }""",
        [model, method, args, kwargs or {}],
    )
    assert "error" not in result, json.dumps(result.get("error"))[:2000]
    return result.get("result")  # Odoo leaves "result" out when it is None


def json_rpc(opener, url, params, timeout=60):
    """One JSON-RPC call outside the browser, with ``opener``'s session."""
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}).encode()
    req = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    reply = json.loads(opener.open(req, timeout=timeout).read().decode())
    if reply.get("error"):
        raise AssertionError(reply["error"])
    return reply.get("result")  # Odoo leaves "result" out when it is None


def opener_call_kw(opener, odoo_url, model, method, args, kwargs=None, timeout=60):
    return json_rpc(opener, odoo_url + "/web/dataset/call_kw",
                    {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
                    timeout=timeout)


def admin_opener(odoo_url):
    """A cookie session logged in as the administrator."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    json_rpc(opener, odoo_url + "/web/session/authenticate",
             {"db": os.environ.get("ODOO_DB"), "login": "admin", "password": "admin"})
    return opener

"""The customer value model check on the loyalty program form (issue 14):
the widget draws the holdout check stored on the program.

The suite's test database has too few repeat customers for the model (the
program says so: checked first). The check drawn is then the one of the
CDNOW sample (scripts/data), computed by the rules module and stored on the
program for the test, and put back afterwards.
"""
import importlib.util
import json
import os

import numpy as np
from conftest import login, wait_idle
from test_loyalty import _rpc, _shot

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _cdnow_check():
    path = os.path.join(ROOT, "addons", "crm_loyalty", "rules", "clv.py")
    spec = importlib.util.spec_from_file_location("clv_rules", path)
    clv = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(clv)
    raw = np.loadtxt(os.path.join(ROOT, "scripts", "data", "cdnow_sample.txt"),
                     usecols=(1, 2), dtype=int)
    # days since 1997-01-01 (numpy's calendar)
    dates = np.array(["%04d-%02d-%02d" % (d // 10000, d // 100 % 100, d % 100)
                      for d in raw[:, 1]], dtype="datetime64[D]")
    days = (dates - np.datetime64("1997-01-01")).astype(int)
    pairs = np.unique(np.column_stack([raw[:, 0] - 1, days]), axis=0)
    return clv.holdout_check(pairs[:, 0], pairs[:, 1], 273, 546)


def test_model_check_chart(page, odoo_url):
    login(page, odoo_url)
    program = _rpc(page, "crm.loyalty.program", "search_read", [[]],
                   {"fields": ["clv_status", "clv_check", "clv_status_params"],
                    "limit": 1})[0]
    page.goto(odoo_url + "/web#model=crm.loyalty.program&id=%d&view_type=form" % program["id"])
    wait_idle(page)
    form = page.inner_text(".o_form_view")
    assert "Customer value" in form
    if program["clv_status"] != "fitted":
        # too little data: the reason in words, no chart
        assert "customers with a repeat purchase" in form or "history" in form, form[-2000:]
        assert page.locator(".o_clv_check svg").count() == 0
    check = _cdnow_check()
    _rpc(page, "crm.loyalty.program", "write",
         [[program["id"]], {"clv_status": "fitted", "clv_check": json.dumps(check),
                            "clv_status_params": json.dumps({"customers": 2357,
                                                             "repeat": 946})}])
    try:
        page.reload()
        wait_idle(page)
        page.wait_for_selector(".o_clv_check svg")
        assert page.locator(".o_clv_check svg").count() == 2
        # one point a week on both lines, a bar pair per group, the table
        lines = page.locator(".o_clv_tracking polyline")
        assert lines.count() == 2
        points = lines.first.get_attribute("points").split()
        assert len(points) == len(check["weekly"]) == 78
        assert page.locator(".o_clv_groups rect[height]").count() >= 14
        rows = page.locator(".o_clv_check_table tbody tr")
        assert rows.count() == 7
        assert rows.last.inner_text().split()[0] == "6+"
        page.locator(".o_clv_check").scroll_into_view_if_needed()
        _shot(page, "loyalty_clv_model_check.png", height=2400)
    finally:
        _rpc(page, "crm.loyalty.program", "write",
             [[program["id"]], {"clv_status": program["clv_status"],
                                "clv_check": program["clv_check"],
                                "clv_status_params": program["clv_status_params"]}])

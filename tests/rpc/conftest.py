"""External API tests: run against a live server (scripts/test.sh starts one)
given by ODOO_URL and ODOO_DB, through odooly, an RPC client from PyPI."""
import os

import pytest


def pytest_collection_modifyitems(config, items):
    if not os.environ.get("ODOO_URL"):
        skip = pytest.mark.skip(reason="ODOO_URL not set: run through scripts/test.sh")
        for item in items:
            item.add_marker(skip)

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""bin/odoo for the load test, plus one Python 3.11 fix for multi-worker mode.

Odoo 11's prefork worker sets its CPU limit with
``resource.setrlimit(RLIMIT_CPU, (ru_utime + limit_time_cpu, hard))``:
``ru_utime`` is a float and Python 3.11 refuses floats there, so every worker
dies at its first request (``TypeError: 'float' object cannot be interpreted as
an integer``) and ``--workers=2`` serves nothing. This launcher gives
odoo.service.server a ``resource`` module whose setrlimit rounds the limits; the
same patch belongs in odoo11_compat (see docs/PERFORMANCE.md).

    .venv/bin/python scripts/perf/odoo_server.py -c /path/to/odoo.conf --workers=2 ...
"""
import os
import resource
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

import odoo11_compat  # noqa: E402

odoo11_compat.apply()

import odoo  # noqa: E402
import odoo.service.server  # noqa: E402


class _IntLimits(object):
    """The resource module, with setrlimit accepting float limits."""

    def __getattr__(self, name):
        return getattr(resource, name)

    @staticmethod
    def setrlimit(which, limits):
        return resource.setrlimit(which, tuple(int(v) for v in limits))


odoo.service.server.resource = _IntLimits()

if __name__ == "__main__":
    odoo.cli.main()

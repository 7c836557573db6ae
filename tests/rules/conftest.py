"""Unit tests of the business rules packages (``addons/<addon>/rules``).

No database and no Odoo server: the rules are plain functions and the SQL they
own. They live in ``odoo.addons.<addon>.rules`` (so the addons import them by
the one name), which is why this conftest applies the compatibility layer and
puts ``addons/`` on the ``odoo.addons`` path; no registry is loaded and no
model is instantiated.
Run: .venv/bin/pytest -p no:odoo tests/rules -q   (a few seconds)
"""
import os

import odoo11_compat

odoo11_compat.apply()

import odoo.addons  # noqa: E402

ADDONS = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "addons"))
if ADDONS not in odoo.addons.__path__:
    odoo.addons.__path__.append(ADDONS)

# "openerp" as an alias of "odoo", as Odoo's start-up installs it
# (odoo.modules.module.initialize_sys_path): importing an addon runs its
# controllers, and OCA helpdesk_mgmt's still import openerp.http.
import sys  # noqa: E402

from odoo.modules.module import OdooHook  # noqa: E402

if not any(isinstance(hook, OdooHook) for hook in sys.meta_path):
    sys.meta_path.append(OdooHook())

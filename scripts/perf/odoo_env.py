# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Open an Odoo 11 registry on a database from a plain script (the same
configuration as bin/odoo with the options of scripts/setup.sh)."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import odoo11_compat  # noqa: E402

odoo11_compat.apply()

import odoo  # noqa: E402

ODOO_ADDONS = os.path.join(ROOT, ".venv/lib/python3.11/site-packages/odoo/addons")
ADDONS_PATH = "%s,%s" % (ODOO_ADDONS, os.path.join(ROOT, "addons"))
DB_ARGS = {
    "host": os.environ.get("PGHOST", "127.0.0.1"),
    "port": os.environ.get("PGPORT", "5432"),
    "user": os.environ.get("PGUSER", "odoo"),
    "password": os.environ.get("PGPASSWORD", "odoo"),
}


def configure(db, extra=None):
    """Parse Odoo's configuration for ``db`` (no server is started)."""
    args = [
        "--addons-path=%s" % ADDONS_PATH,
        "--db_host=%s" % DB_ARGS["host"],
        "--db_port=%s" % DB_ARGS["port"],
        "--db_user=%s" % DB_ARGS["user"],
        "--db_password=%s" % DB_ARGS["password"],
        "-d", db,
        "--log-level=warn",
    ] + list(extra or [])
    odoo.tools.config.parse_config(args)
    odoo.netsvc.init_logger()
    return odoo


def registry(db):
    configure(db)
    return odoo.registry(db)


def pg_connect(db):
    """A plain psycopg2 connection (for the SQL floor and admin tasks)."""
    import psycopg2

    return psycopg2.connect(dbname=db, **DB_ARGS)

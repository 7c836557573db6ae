# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Passwords of the generated users (perf_salesNN, perf_agentNN).

The generator gives them random passwords nobody knows. A script that must
log in as one of them (over HTTP) sets a fresh random password first, through
the ORM, and uses it for the run:

    from perf import odoo_env, users
    passwords = users.set_random_passwords(db, ["perf_sales01"])
"""
import secrets

from . import odoo_env


def set_random_passwords(db, logins):
    """Give each user of ``logins`` a new random password (ORM, committed);
    returns {login: password}. Unknown logins are an error."""
    odoo = odoo_env.configure(db)
    registry = odoo.registry(db)
    passwords = {}
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Users = env["res.users"].with_context(active_test=False, no_reset_password=True)
        for login in logins:
            user = Users.search([("login", "=", login)], limit=1)
            if not user:
                raise ValueError("no user with login %r" % login)
            passwords[login] = secrets.token_urlsafe(24)
            user.write({"password": passwords[login]})
    return passwords

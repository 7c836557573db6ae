#!/usr/bin/env bash
# Run Odoo 11's own test suites (base, web, mail, crm, sale, account, rating,
# survey, project, sale_management, calendar) on this platform; logs and
# summary.md in artifacts/odoo-own-tests/. See scripts/odoo_own_tests.py.
# Usage: scripts/odoo-own-tests.sh [--modules a,b,c] [--strict] [--parse-only]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_all
export PGHOST PGPORT DB_USER DB_PASSWORD VENV
exec "$VENV/bin/python" "$ROOT/scripts/odoo_own_tests.py" "$@"

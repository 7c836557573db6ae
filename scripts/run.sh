#!/usr/bin/env bash
# Set up everything (scripts/setup.sh), create the database with demo data and
# the three addons if it does not exist yet, and serve Odoo on
# http://localhost:8069 (login admin / admin). A database created here also
# gets demo-scale generated data (scripts/generate_data.py --scale demo).
#
#   scripts/run.sh                 # database "crm_demo"
#   DB=mydb scripts/run.sh         # another database
#   scripts/run.sh --reset         # drop and recreate the database first
#   PORT=8070 scripts/run.sh       # another port
# Extra arguments after -- go to Odoo (e.g. -- --workers=2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

DB="${DB:-crm_demo}"
PORT="${PORT:-8069}"
ADDONS="crm_customer360,crm_loyalty,crm_service_kpi"
# Optional ERP apps whose records feed the timeline (deliveries, mailings, events, surveys).
EXTRA_ADDONS="${EXTRA_ADDONS:-web_responsive,sale_stock,mass_mailing,event,survey}"
RESET=0
while [ $# -gt 0 ]; do
    case "$1" in
        --reset) RESET=1; shift ;;
        --) shift; break ;;
        *) die "unknown option $1 (use --reset, or -- followed by Odoo options)" ;;
    esac
done

setup_all

port_free "$PORT" ||
    die "port $PORT is already taken (another Odoo?). Stop it, or run with PORT=<free port>"

if db_exists "$DB" && [ "$RESET" = 1 ]; then
    say "dropping database $DB (--reset)"
    PGPASSWORD="$DB_PASSWORD" dropdb -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" "$DB"
fi
if db_exists "$DB"; then
    say "database $DB exists: updating the suite's addons (use --reset to start from scratch)"
    odoo_cmd -d "$DB" -u "$ADDONS" --stop-after-init --log-level=warn
else
    say "creating database $DB with demo data, $EXTRA_ADDONS and $ADDONS (a few minutes)"
    # The optional apps first, so that the suite's demo data can use them.
    if [ -n "$EXTRA_ADDONS" ]; then
        odoo_cmd -d "$DB" -i "$EXTRA_ADDONS" --stop-after-init --log-level=warn
    fi
    odoo_cmd -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn
    # A fresh database also gets the generated customers (a few hundred, with
    # their orders, invoices, tickets, feedback...; scripts/generate_data.py).
    # The generator refuses to run twice on the same database.
    say "generating demo-scale customers and their history (scripts/generate_data.py)"
    PGUSER="$DB_USER" PGPASSWORD="$DB_PASSWORD" \
        "$VENV/bin/python" "$ROOT/scripts/generate_data.py" --db "$DB" --scale demo
fi
say "serving Odoo on http://localhost:$PORT (database $DB, login admin / admin); Ctrl-C stops it"
exec env PATH="$ROOT/node_modules/.bin:$PATH" "$VENV/bin/python" "$ROOT/bin/odoo" -c "$ROOT/odoo.conf" \
    --addons-path="$(ADDONS_PATH)" --db_host="$PGHOST" --db_port="$PGPORT" \
    --db_user="$DB_USER" --db_password="$DB_PASSWORD" \
    -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" "$@"

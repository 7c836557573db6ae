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
#   scripts/run.sh --no-serve      # set up and create/update the database, then stop
# Extra arguments after -- go to Odoo (e.g. -- --workers=2).
#
# A database is created in steps (Odoo's apps, the suite, generated data) that
# take minutes; it carries the comment "crm-suite: building" until the last
# step is done, then "crm-suite: ready". A run that finds a database still
# "building" (an earlier run was interrupted or failed) drops it and creates it
# again: a half-populated demo database is never served.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

DB="${DB:-crm_demo}"
PORT="${PORT:-8069}"
ADDONS="crm_customer360,crm_loyalty,crm_service_kpi"
# Optional ERP apps whose records feed the timeline (deliveries, mailings, events, surveys).
EXTRA_ADDONS="${EXTRA_ADDONS:-web_responsive,sale_stock,mass_mailing,event,survey}"
RESET=0
SERVE=1
while [ $# -gt 0 ]; do
    case "$1" in
        --reset) RESET=1; shift ;;
        --no-serve) SERVE=0; shift ;;
        --) shift; break ;;
        *) die "unknown option $1 (use --reset, or -- followed by Odoo options)" ;;
    esac
done

setup_all

if [ "$SERVE" = 1 ]; then
    port_free "$PORT" ||
        die "port $PORT is already taken (another Odoo?). Stop it, or run with PORT=<free port>"
fi

db_state() {
    PGPASSWORD="$DB_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d postgres -tAc \
        "select coalesce(shobj_description(oid, 'pg_database'), '') from pg_database where datname = '$1'"
}
set_db_state() {
    PGPASSWORD="$DB_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d postgres -qc \
        "COMMENT ON DATABASE \"$1\" IS 'crm-suite: $2'"
}
drop_db() {
    PGPASSWORD="$DB_PASSWORD" dropdb -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" "$1" ||
        die "could not drop database $1 (is a server still connected to it? stop it and rerun)"
    # Odoo's attachments of the dropped database (default data_dir)
    rm -rf "${HOME}/.local/share/Odoo/filestore/$1"
}

if db_exists "$DB" && [ "$RESET" = 1 ]; then
    say "dropping database $DB (--reset)"
    drop_db "$DB"
fi
if db_exists "$DB" && [ "$(db_state "$DB")" = "crm-suite: building" ]; then
    say "database $DB was left half-built by an earlier run (interrupted or failed): dropping it and starting again"
    drop_db "$DB"
fi
if db_exists "$DB"; then
    say "database $DB exists: updating the suite's addons (use --reset to start from scratch)"
    odoo_cmd -d "$DB" -u "$ADDONS" --stop-after-init --log-level=warn
else
    say "creating database $DB with demo data, $EXTRA_ADDONS and $ADDONS (a few minutes)"
    # Created empty here (as Odoo would: UTF8, C collation, template0) so that
    # it can be marked "building" before Odoo fills it.
    PGPASSWORD="$DB_PASSWORD" createdb -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" \
        -E UTF8 --lc-collate=C -T template0 "$DB" || die "could not create database $DB"
    set_db_state "$DB" building
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
        "$VENV/bin/python" "$ROOT/scripts/generate_data.py" --db "$DB" --scale demo ||
        die "generating the demo data failed: the next run drops $DB and starts again"
    set_db_state "$DB" ready
    say "database $DB is ready"
fi
if [ "$SERVE" = 0 ]; then
    say "database $DB is set up (--no-serve: not serving)"
    exit 0
fi
say "serving Odoo on http://localhost:$PORT (database $DB, login admin / admin); Ctrl-C stops it"
exec env PATH="$ROOT/node_modules/.bin:$PATH" "$VENV/bin/python" "$ROOT/bin/odoo" -c "$ROOT/odoo.conf" \
    --addons-path="$(ADDONS_PATH)" --db_host="$PGHOST" --db_port="$PGPORT" \
    --db_user="$DB_USER" --db_password="$DB_PASSWORD" \
    -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" "$@"

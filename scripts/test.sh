#!/usr/bin/env bash
# Set up everything (scripts/setup.sh) and run every test:
#   1. the compatibility layer's unit tests (tests/platform, no database);
#   2. each addon installed alone on a fresh database (install check + its tests);
#   3. the three addons together on a fresh database with demo data:
#      pytest-odoo over addons/*/tests and the cross-addon tests in tests/;
#   3b. the data generator's determinism and consistency test (tests/perf) on
#      a throwaway copy of that database;
#   4. the browser tests (Playwright + Debian's chromium) and the external API
#      tests (tests/rpc: XML-RPC and JSON-RPC through odooly) against a server
#      on that database, scheduled jobs off (they would race with the clicks).
#      Screenshots: artifacts/screenshots/.
# The test databases are this script's own (names start with "crm_test_") and
# are recreated on every run; no other database is touched.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_all

ARTIFACTS="$ROOT/artifacts"
mkdir -p "$ARTIFACTS/screenshots"
PYTEST="$VENV/bin/pytest"
ADDONS="crm_customer_base crm_customer360 crm_loyalty crm_service_kpi crm_customer360_event"
TEST_DB=crm_test_suite
PORT="${TEST_PORT:-8469}"
FAILED=0
START=$(date +%s)

recreate_db() {
    db_exists "$1" && PGPASSWORD="$DB_PASSWORD" dropdb -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" "$1"
    return 0
}

pytest_odoo() {
    # $1: database, rest: pytest arguments
    local db="$1"; shift
    local conf="$ARTIFACTS/odoo-test-$db.conf"
    cat > "$conf" <<CONF
[options]
addons_path = $(ADDONS_PATH)
db_host = $PGHOST
db_port = $PGPORT
db_user = $DB_USER
db_password = $DB_PASSWORD
db_name = $db
CONF
    (cd "$ROOT" && "$PYTEST" --odoo-config="$conf" -p no:cacheprovider "$@")
}

install_db() {
    # $1: database, then one or more comma-separated addon lists installed in turn
    local db="$1"; shift
    recreate_db "$db"
    : > "$ARTIFACTS/install-$db.log"
    for addons in "$@"; do
        say "installing $addons on $db"
        if ! odoo_cmd -d "$db" -i "$addons" --stop-after-init --log-level=warn --logfile="$ARTIFACTS/install-$db.log"; then
            die "installing $addons failed (see $ARTIFACTS/install-$db.log)"
        fi
    done
    if grep -E "[0-9] (ERROR|CRITICAL) " "$ARTIFACTS/install-$db.log"; then
        die "installing on $db logged errors (see $ARTIFACTS/install-$db.log)"
    fi
}

say "0/4 OCA checks (scripts/lint.sh: pylint-odoo mandatory, oca-odoo-pre-commit-hooks, ruff, whitespace/XML)"
bash "$ROOT/scripts/lint.sh" || FAILED=1

say "0/4 packaging: each addon's README.rst is generated from readme/, and builds as a wheel"
(cd "$ROOT" && "$VENV/bin/python" scripts/gen_addon_readme.py --check) || FAILED=1
rm -rf "$ARTIFACTS/wheels"
for addon in $ADDONS; do
    # setuptools-odoo (OCA's packaging) takes the files git tracks: a clean checkout
    "$VENV/bin/pip" wheel --no-deps --quiet -w "$ARTIFACTS/wheels" "$ROOT/setup/$addon" || FAILED=1
done
"$VENV/bin/python" - "$ARTIFACTS/wheels" "$ROOT" $ADDONS <<'PY' || FAILED=1
import glob, os, sys, zipfile
folder, root, addons = sys.argv[1], sys.argv[2], sys.argv[3:]
for addon in addons:
    wheels = glob.glob(os.path.join(folder, "odoo11_addon_%s-11.0.*.whl" % addon))
    assert len(wheels) == 1, "no wheel for %s" % addon
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    for needed in ("__manifest__.py", "README.rst", "security/ir.model.access.csv"):
        if needed.startswith("security/") and not os.path.exists(
                os.path.join(root, "addons", addon, needed)):
            continue  # an addon without models of its own (crm_customer_base)
        assert "odoo/addons/%s/%s" % (addon, needed) in names, "%s: %s missing" % (wheels[0], needed)
    print("%s: %d files" % (os.path.basename(wheels[0]), len(names)))
PY

say "1/4 compatibility layer unit tests"
(cd "$ROOT" && "$PYTEST" -p no:odoo -p no:cacheprovider tests/platform -q) || FAILED=1

say "1b/4 business rules unit tests: each addon's rules package, no database"
(cd "$ROOT" && "$PYTEST" -p no:odoo -p no:cacheprovider tests/rules -q -p no:warnings) || FAILED=1

say "1c/4 customer value models against the published CDNOW figures (scripts/clv_validate.py)"
(cd "$ROOT" && "$VENV/bin/python" scripts/clv_validate.py) || FAILED=1

say "2/4 each addon alone"
for addon in $ADDONS; do
    # l10n_generic_coa: a chart of accounts, so that tests can validate invoices.
    install_db "crm_test_$addon" "$addon,l10n_generic_coa"
    pytest_odoo "crm_test_$addon" "addons/$addon" -q -p no:warnings || FAILED=1
done

say "3/4 the three addons together, with the optional apps that feed the timeline"
# The optional apps first, as scripts/run.sh does, so that the demo data uses them.
install_db "$TEST_DB" "l10n_generic_coa,sale_stock,mass_mailing,event,survey" "$(echo $ADDONS | tr ' ' ',')"
pytest_odoo "$TEST_DB" addons tests/integration -q -p no:warnings || FAILED=1

say "3b/4 the data generator: deterministic, consistent (a copy of $TEST_DB, dropped after)"
(cd "$ROOT" && CRM_GEN_TEMPLATE="$TEST_DB" PGHOST="$PGHOST" PGPORT="$PGPORT" PGUSER="$DB_USER" \
    PGPASSWORD="$DB_PASSWORD" "$PYTEST" -p no:odoo -p no:cacheprovider tests/perf -q -p no:warnings) || FAILED=1

say "3c/4 Odoo's and OCA's own tests (983) with the suite installed, against the baseline without it"
AB_DB=own_ab_suite
recreate_db "$AB_DB"
PGPASSWORD="$DB_PASSWORD" createdb -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -T "$TEST_DB" "$AB_DB"
FILESTORE="$HOME/.local/share/Odoo/filestore"
[ -d "$FILESTORE/$TEST_DB" ] && rm -rf "${FILESTORE:?}/$AB_DB" && cp -a "$FILESTORE/$TEST_DB" "$FILESTORE/$AB_DB"
(cd "$ROOT" && PATH="$ROOT/node_modules/.bin:$PATH" PGHOST="$PGHOST" PGPORT="$PGPORT" DB_USER="$DB_USER" \
    DB_PASSWORD="$DB_PASSWORD" VENV="$VENV" "$VENV/bin/python" scripts/odoo_own_tests_ab.py --db "$AB_DB") || FAILED=1
recreate_db "$AB_DB"
rm -rf "${FILESTORE:?}/$AB_DB"

say "4/4 browser tests and the external API (XML-RPC, JSON-RPC) on http://127.0.0.1:$PORT"
port_free "$PORT" && port_free "$((PORT + 3))" ||
    die "port $PORT or $((PORT + 3)) is taken: stop what uses it or set TEST_PORT"
LOG="$ARTIFACTS/server-browser-tests.log"
: > "$LOG"
PATH="$ROOT/node_modules/.bin:$PATH" "$VENV/bin/python" "$ROOT/bin/odoo" -c "$ROOT/odoo.conf" \
    --addons-path="$(ADDONS_PATH)" --db_host="$PGHOST" --db_port="$PGPORT" \
    --db_user="$DB_USER" --db_password="$DB_PASSWORD" -d "$TEST_DB" --db-filter="^$TEST_DB\$" \
    --http-port="$PORT" --longpolling-port="$((PORT + 3))" --max-cron-threads=0 \
    --logfile="$LOG" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
# No request before the registry is loaded: Odoo 11 imports every addon in the
# thread of the first request (http.Root.load_addons) while the main thread
# still loads the registry; the two imports racing once left res.partner
# without a field of `event` ("Field `event_count` does not exist") for the
# whole run.
for _ in $(seq 1 120); do
    grep -q "odoo.modules.loading: Modules loaded." "$LOG" && break
    kill -0 $SERVER 2>/dev/null || die "the Odoo server stopped (see $LOG)"
    sleep 1
done
for _ in $(seq 1 60); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/web/login" && break
    kill -0 $SERVER 2>/dev/null || die "the Odoo server stopped (see $LOG)"
    sleep 1
done
(cd "$ROOT" && ODOO_URL="http://127.0.0.1:$PORT" ODOO_DB="$TEST_DB" ODOO_LOG="$LOG" \
    SCREENSHOT_DIR="$ARTIFACTS/screenshots" \
    "$PYTEST" -p no:odoo -p no:cacheprovider tests/browser -q -p no:warnings) || FAILED=1
# a run of its own: each folder has its own conftest.py
(cd "$ROOT" && ODOO_URL="http://127.0.0.1:$PORT" ODOO_DB="$TEST_DB" \
    "$PYTEST" -p no:odoo -p no:cacheprovider tests/rpc -q -p no:warnings) || FAILED=1
kill $SERVER; wait $SERVER 2>/dev/null || true
trap - EXIT

say "finished in $(( $(date +%s) - START )) s"
if [ "$FAILED" != 0 ]; then
    die "some tests failed (see above)"
fi
say "all tests passed"

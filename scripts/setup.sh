#!/usr/bin/env bash
# Install everything the suite needs on a Debian machine, idempotently:
#   - Debian packages: PostgreSQL, libpq headers, a compiler, Node.js/npm,
#     Chromium (browser tests);
#   - a running PostgreSQL cluster with a login role for Odoo;
#   - lessc (npm, from package.json) for the web client's LESS bundles;
#   - the virtualenv .venv with the pinned requirements, Odoo 11 and the
#     Python 3.11 compatibility layer (odoo11_compat.pth).
# Safe to rerun: each step checks first and does nothing when already done.
# Sourced by run.sh and test.sh; can be run alone.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
DB_USER="${DB_USER:-odoo}"
DB_PASSWORD="${DB_PASSWORD:-odoo}"
export PGHOST PGPORT

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@";
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@";
    else die "root is needed to run: $* (run as root, or give this user passwordless sudo, or install it by hand)"; fi
}

apt_packages() {
    local want=(postgresql postgresql-contrib libpq-dev build-essential python3-dev
                python3-venv libxml2-dev libxslt1-dev libjpeg-dev zlib1g-dev
                nodejs npm chromium fonts-noto-cjk git wkhtmltopdf)
    local missing=()
    for p in "${want[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    # A machine may bring its own Node.js (not from Debian): accept it.
    if command -v node >/dev/null && command -v npm >/dev/null; then
        missing=("${missing[@]/nodejs/}"); missing=("${missing[@]/npm/}")
    fi
    missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
    if [ "${#missing[@]}" -gt 0 ]; then
        say "installing Debian packages: ${missing[*]}"
        command -v apt-get >/dev/null || die "apt-get not found: this script expects Debian; install ${missing[*]} by hand"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

postgres() {
    if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
        if command -v pg_lsclusters >/dev/null; then
            local ver
            ver=$(pg_lsclusters -h | awk -v p="$PGPORT" '$3==p {print $1" "$2; exit}')
            if [ -z "$ver" ]; then
                local major; major=$(ls /usr/lib/postgresql | sort -n | tail -1)
                say "creating PostgreSQL $major cluster 'main' on port $PGPORT"
                as_root pg_createcluster "$major" main -p "$PGPORT" >/dev/null
                ver="$major main"
            fi
            say "starting PostgreSQL cluster $ver"
            as_root pg_ctlcluster $ver start || true
        fi
        for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
        pg_isready -q -h "$PGHOST" -p "$PGPORT" ||
            die "PostgreSQL is unreachable on $PGHOST:$PGPORT (see /var/log/postgresql/); start it and rerun"
    fi
    if ! PGPASSWORD="$DB_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d postgres -tAc 'select 1' >/dev/null 2>&1; then
        say "creating PostgreSQL role '$DB_USER' (login, may create databases, not a superuser)"
        as_postgres_psql "DO \$\$BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
                CREATE ROLE $DB_USER LOGIN CREATEDB NOSUPERUSER PASSWORD '$DB_PASSWORD';
            ELSE ALTER ROLE $DB_USER LOGIN CREATEDB NOSUPERUSER PASSWORD '$DB_PASSWORD'; END IF; END\$\$" ||
            die "could not create the PostgreSQL role '$DB_USER'"
        PGPASSWORD="$DB_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d postgres -tAc 'select 1' >/dev/null ||
            die "role '$DB_USER' cannot log in on $PGHOST:$PGPORT (check pg_hba.conf allows md5/scram on localhost)"
    fi
    # Odoo's role is never a superuser: what the suite does must work without it.
    if [ "$(PGPASSWORD="$DB_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d postgres -tAc \
            "select rolsuper from pg_roles where rolname = current_user")" = "t" ]; then
        say "PostgreSQL role '$DB_USER' is a superuser: making it an ordinary role (NOSUPERUSER)"
        as_postgres_psql "ALTER ROLE $DB_USER NOSUPERUSER" ||
            die "role '$DB_USER' is a superuser and could not be changed (ALTER ROLE $DB_USER NOSUPERUSER)"
    fi
}

as_postgres_psql() {
    # As the cluster's owner over the local socket (peer authentication): the
    # environment's PGHOST/PGPASSWORD (TCP, password) must not leak into it.
    as_root su -s /bin/sh -c "env -u PGHOST -u PGHOSTADDR -u PGUSER -u PGPASSWORD -u PGDATABASE \
        psql -p $PGPORT -d postgres -v ON_ERROR_STOP=1 -qc \"\$1\"" postgres sh "$1"
}

node_tools() {
    if [ ! -x "$ROOT/node_modules/.bin/lessc" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
        say "installing lessc (npm ci)"
        (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed (is the npm registry reachable?)"
    fi
}

virtualenv() {
    local stamp="$VENV/.crm-suite-installed"
    local want
    want=$(cat "$ROOT/requirements.txt" "$ROOT/requirements-odoo.txt" | sha1sum | cut -d' ' -f1)
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' ||
            die "Python 3.11 is required (set PYTHON=/path/to/python3.11)"
        say "creating virtualenv $VENV"
        "$PYTHON" -m venv "$VENV" || die "could not create the virtualenv (apt-get install python3-venv)"
    fi
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "installing Python requirements into $VENV"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check "pip==24.0" 2>&1 | grep -v '^WARNING: Location' || true
        "$VENV/bin/pip" install -q --no-binary psycopg2 -r "$ROOT/requirements.txt" 2>&1 | grep -v '^WARNING: Location' || true
        "$VENV/bin/pip" install -q --no-deps -r "$ROOT/requirements-odoo.txt" 2>&1 | grep -v '^WARNING: Location' || true
    fi
    # The layer is applied on the first 'import odoo' of every interpreter of
    # this virtualenv: server, shell, pytest(-odoo), scripts.
    local site
    site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    printf '%s\nimport odoo11_compat; odoo11_compat.install()\n' "$ROOT" > "$site/odoo11_compat.pth"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        "$VENV/bin/python" -c 'import odoo.modules, psycopg2, pytest_odoo, playwright' ||
            die "the virtualenv is incomplete (see pip's messages above)"
        echo "$want" > "$stamp"
    fi
}

setup_all() {
    apt_packages
    postgres
    node_tools
    virtualenv
}

# Helpers for run.sh and test.sh.
SITE_ADDONS() { "$VENV/bin/python" -c 'import odoo.addons, os; print(os.path.dirname(odoo.addons.__file__))'; }
ADDONS_PATH() { echo "$(SITE_ADDONS),$ROOT/addons"; }
port_free() {
    "$VENV/bin/python" - "$1" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
}
db_exists() { PGPASSWORD="$DB_PASSWORD" psql -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d postgres -tAc "select 1 from pg_database where datname='$1'" | grep -q 1; }
odoo_cmd() {
    # Odoo's sub-commands (shell, scaffold...) come before the options.
    local sub=()
    case "${1:-}" in shell|scaffold|deploy) sub=("$1"); shift ;; esac
    PATH="$ROOT/node_modules/.bin:$PATH" "$VENV/bin/python" "$ROOT/bin/odoo" "${sub[@]}" -c "$ROOT/odoo.conf" \
        --addons-path="$(ADDONS_PATH)" --db_host="$PGHOST" --db_port="$PGPORT" \
        --db_user="$DB_USER" --db_password="$DB_PASSWORD" "$@"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    setup_all
    say "done"
fi

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The data generator is deterministic and its data is consistent.

Run with pytest-odoo disabled (the test makes its own database):

    CRM_GEN_TEMPLATE=crm_test_suite .venv/bin/pytest -p no:odoo -p no:cacheprovider \
        tests/perf/test_generator.py -q

The throwaway database ``crm_test_gen`` (or $CRM_GEN_DB) is copied from CRM_GEN_TEMPLATE (default
``crm_gen_demo``: any database with l10n_generic_coa, sale_stock, mass_mailing
and the three addons installed, and no open connection), filled at the tiny
scale twice with the same seed and --today, and dropped at the end. When the
template was itself generated, the tiny batch is added with --force.
"""
import json
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTHON = os.path.join(ROOT, ".venv", "bin", "python")
DB = os.environ.get("CRM_GEN_DB", "crm_test_gen")
TEMPLATE = os.environ.get("CRM_GEN_TEMPLATE", "crm_gen_demo")
TODAY = "2026-06-01"
SEED = "4242"

sys.path.insert(0, os.path.join(ROOT, "scripts"))


def _pg(dbname="postgres"):
    import psycopg2

    conn = psycopg2.connect(
        dbname=dbname, host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"), user=os.environ.get("PGUSER", "odoo"),
        password=os.environ.get("PGPASSWORD", "odoo"))
    conn.autocommit = True
    return conn


def _sql(sql, params=None, dbname="postgres"):
    # no "with conn": psycopg2 would open a transaction block (no DROP DATABASE)
    conn = _pg(dbname)
    try:
        cur = conn.cursor()
        cur.execute(sql, params)
        return cur.fetchall() if cur.description else None
    finally:
        conn.close()


def _drop():
    _sql("DROP DATABASE IF EXISTS %s" % DB)


def _fresh_copy():
    _drop()
    if not _sql("SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE]):
        pytest.skip("template database %s does not exist" % TEMPLATE)
    _sql('CREATE DATABASE %s TEMPLATE "%s"' % (DB, TEMPLATE))
    return bool(_sql("SELECT value FROM ir_config_parameter "
                     "WHERE key = 'crm_perf.generated'", dbname=DB))


def _run(*args):
    return subprocess.run([PYTHON] + list(args), cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def _generate_and_check(tmp_path, name):
    generated_before = _fresh_copy()
    (feedback_before,), = _sql("SELECT COALESCE(max(id), 0) FROM crm_service_feedback",
                               dbname=DB)
    args = ["scripts/generate_data.py", "--db", DB, "--scale", "tiny", "--seed", SEED,
            "--today", TODAY]
    if generated_before:
        args.append("--force")
    gen = _run(*args)
    assert gen.returncode == 0, gen.stderr[-3000:]
    out = tmp_path / ("%s.json" % name)
    check = _run("scripts/check_consistency.py", "--db", DB, "--fingerprint", "--json",
                 str(out))
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-2000:]
    return dict(json.loads(out.read_text()), feedback_before=feedback_before)


@pytest.fixture(scope="module", autouse=True)
def cleanup():
    yield
    _drop()


def test_generator_is_deterministic_and_consistent(tmp_path):
    first = _generate_and_check(tmp_path, "first")
    assert first["failed"] == 0
    # the tiny batch: 40 customers, 80 tickets, 30 feedback on top of the template
    counts = {c["check"]: c for c in first["checks"]}
    assert counts["count customers"]["value"] == counts["count customers"]["expected"][0]
    # a second run on the same database is refused without --force
    again = _run("scripts/generate_data.py", "--db", DB, "--scale", "tiny", "--seed", SEED,
                 "--today", TODAY)
    assert again.returncode == 2, again.stderr[-2000:]
    assert "already generated" in again.stderr
    first_tokens = _tokens(first["feedback_before"])
    second = _generate_and_check(tmp_path, "second")
    assert second["failed"] == 0
    assert first["fingerprint"] == second["fingerprint"]
    # feedback links are secret: random, not derived from the seed, but
    # present, unique and well formed
    second_tokens = _tokens(second["feedback_before"])
    assert len(second_tokens) == len(first_tokens) > 0
    assert not set(first_tokens) & set(second_tokens)
    assert all(TOKEN_RE.match(token) for token in second_tokens)


TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43,128}$")


def _tokens(after_id):
    """Link tokens of the feedback the generator added (ids above
    ``after_id``); all present and unique."""
    rows = _sql("SELECT access_token FROM crm_service_feedback WHERE id > %s ORDER BY id",
                [after_id], dbname=DB)
    tokens = [token for (token,) in rows]
    assert None not in tokens
    assert len(set(tokens)) == len(tokens)
    return tokens


def test_generated_users_have_no_known_password():
    import generate_data

    assert generate_data.user_password() != generate_data.user_password()
    assert len(generate_data.user_password()) >= 32

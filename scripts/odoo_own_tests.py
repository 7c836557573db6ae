#!/usr/bin/env python3
"""Run Odoo 11's own test suites on this platform (Python 3.11 + odoo11_compat).

For each module: a fresh database ``own_<module>`` (databases whose names start
with ``own_`` belong to this script and are dropped/recreated), then
``bin/odoo -d own_<module> -i <module> --test-enable --stop-after-init
--log-level=test`` with demo data. The log goes to
``artifacts/odoo-own-tests/<module>.log`` and is parsed into pass / fail /
error / skip counts; ``summary.md`` next to it holds the table and the list of
failures.

To keep the runs short, ``base`` and the modules it auto-installs (``web``...)
are tested on a fresh database (their tests run when base is installed), and
every other module's database is a copy of a template database (``own__base``,
base + auto-installed modules with demo data, created once, no tests), so only
the tests of the module and of the dependencies it installs run. Counts are
attributed to the module a test belongs to (from its dotted path); a module's
row comes from its own run, or from the first run that tested it.

How Odoo 11 logs unit tests (odoo/modules/module.py, ``run_unit_tests``): one
``TextTestRunner(verbosity=2)`` per test module, whose stream logs each line on
the logger named after the test module: ``test_x (odoo.addons.m.tests.t.Cls)``,
then a status (``ok`` is filtered out; ``FAIL``, ``ERROR``, ``skipped '...'``,
``expected failure``, ``unexpected success``), then ``FAIL: ...``/``ERROR: ...``
headings with tracebacks, ``Ran N tests in Xs`` and ``OK``/``FAILED (...)``.

Usage: scripts/odoo-own-tests.sh [--modules a,b] [--strict] [--parse-only]
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.environ.get("VENV", os.path.join(ROOT, ".venv"))
PYTHON = os.path.join(VENV, "bin", "python")
OUT = os.path.join(ROOT, "artifacts", "odoo-own-tests")
DATA_DIR = os.path.join(OUT, "data-dir")
DEFAULT_MODULES = "base,web,mail,crm,sale,account,rating,survey,project,sale_management,calendar"
# base installs these itself (auto_install): their tests run in own_base.
WITH_BASE = ("base", "web")
TEMPLATE = "own__base"
# --test-enable starts Odoo's HTTP server (HttpCase tests call it). Not 8069
# (the development server) nor 8169 (scripts/test.sh's test server).
HTTP_PORT = int(os.environ.get("OWN_TESTS_HTTP_PORT", "8269"))

PG = {
    "host": os.environ.get("PGHOST", "127.0.0.1"),
    "port": os.environ.get("PGPORT", "5432"),
    "user": os.environ.get("DB_USER", "odoo"),
    "password": os.environ.get("DB_PASSWORD", "odoo"),
}

LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>[\w.]+): (?P<msg>.*)$")
DESCRIPTION = re.compile(r"^(?P<method>\w+) \((?P<cls>odoo\.addons\.[\w.]+)\)")
HEADING = re.compile(r"^(?P<kind>FAIL|ERROR): (?P<method>\w+) \((?P<cls>[\w.]+)\)(?P<rest>.*)$")
RAN = re.compile(r"^Ran (\d+) tests? in ([\d.]+)s$")
# "OK"/"FAILED" and " (failures=1, skipped=2)" are two writes, so two lines.
RESULT = re.compile(r"^(?:OK|FAILED)?(?: ?\(((?:[a-z ]+=\d+(?:, )?)+)\))?$")
CLASS_LEVEL = ("setUpClass", "tearDownClass", "setUpModule", "tearDownModule")
PHANTOM = re.compile(r"phantom", re.I)


def addon_of(dotted):
    """``odoo.addons.crm.tests.test_x`` -> ``crm``."""
    parts = dotted.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["odoo", "addons"] else dotted


class Counts:
    def __init__(self):
        self.run = self.failures = self.errors = self.skipped = 0
        self.xfail = self.xpass = self.class_errors = self.phantom = 0
        self.failed = []     # (kind, test id, first line of the cause)
        self.phantom_tests = []
        self.yml = self.yml_errors = 0

    # A test with failing subtests has one heading per subtest: count tests.
    def _ids(self, kinds):
        return {re.sub(r"\).*$", ")", t) for k, t, _ in self.failed if k in kinds}

    @property
    def failed_tests(self):
        return len(self._ids(("FAIL",)))

    @property
    def error_tests(self):
        return len(self._ids(("ERROR",)))

    @property
    def passed(self):
        bad = {t for t in self._ids(("FAIL", "ERROR")) if not t.startswith(CLASS_LEVEL)}
        return max(0, self.run - len(bad) - self.skipped - self.xfail - self.xpass)


def parse_log(path):
    """Return ({addon: Counts}, [other error lines]) for one Odoo log."""
    counts = collections.defaultdict(Counts)
    others = []
    current = {}            # test-module logger -> test id being run
    heading = None          # [kind, test id, addon, collected message lines]
    lines = open(path, encoding="utf-8", errors="replace").read().splitlines()

    def close_heading():
        nonlocal heading
        if heading:
            kind, test, addon, body = heading
            cause = next((b for b in reversed(body) if b and not b.startswith(("File ", "Traceback"))), "")
            counts[addon].failed.append((kind, test, cause[:300]))
            heading = None

    for raw in lines:
        m = LINE.match(raw)
        if not m:
            continue
        level, logger, msg = m.group("level"), m.group("logger"), m.group("msg")
        is_test_stream = ".tests" in logger and logger.startswith("odoo.addons.")
        if heading and not (is_test_stream and msg.startswith(("` ", "Traceback"))):
            close_heading()
        if heading:
            if msg.startswith("` "):
                heading[3].append(msg[2:].strip())
            continue
        if is_test_stream:
            addon = addon_of(logger)
            c = counts[addon]
            d = DESCRIPTION.match(msg)
            h = HEADING.match(msg)
            r = RAN.match(msg)
            s = RESULT.match(msg)
            if h:
                test = "%s (%s)%s" % (h.group("method"), h.group("cls"), h.group("rest"))
                heading = [h.group("kind"), test, addon, []]
                if h.group("method") in CLASS_LEVEL:
                    c.class_errors += 1
            elif d and level == "INFO":
                current[logger] = "%s (%s)" % (d.group("method"), d.group("cls"))
            elif r:
                c.run += int(r.group(1))
            elif s:
                for item in (s.group(1) or "").split(","):
                    if "=" not in item:
                        continue
                    k, v = item.strip().split("=")
                    v = int(v)
                    if k == "failures":
                        c.failures += v
                    elif k == "errors":
                        c.errors += v
                    elif k == "skipped":
                        c.skipped += v
                    elif k == "expected failures":
                        c.xfail += v
                    elif k == "unexpected successes":
                        c.xpass += v
            elif msg.startswith("skipped ") and logger in current:
                if PHANTOM.search(msg):
                    c.phantom += 1
                    c.phantom_tests.append(current[logger])
            continue
        # YAML tests (the manifest's 'test' list) and failures outside unittest.
        ym = re.match(r"^loading (\w+)/(test/\S+\.yml)$", msg)
        if ym:
            counts[ym.group(1)].yml += 1
            continue
        ye = re.match(r"^module (\w+): an exception occurred in a test", msg)
        if ye:
            counts[ye.group(1)].yml_errors += 1
        ie = re.match(r"^Can not `import (odoo\.addons\.\w+)[\w.]*`", msg)
        if ie:
            addon = addon_of(ie.group(1))
            counts[addon].failed.append(("ERROR", "import " + ie.group(1), "test module import failed"))
        if level in ("ERROR", "CRITICAL") and not msg.startswith(("Module ", "At least one test failed")):
            others.append("%s %s: %s" % (level, logger, msg[:300]))
    close_heading()
    return counts, others


def psql(sql, db="postgres"):
    env = dict(os.environ, PGPASSWORD=PG["password"])
    return subprocess.run(
        ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", db, "-tAc", sql],
        env=env, check=True, capture_output=True, text=True).stdout.strip()


def drop_db(name):
    assert name.startswith("own_"), name
    psql('DROP DATABASE IF EXISTS "%s"' % name)
    shutil.rmtree(os.path.join(DATA_DIR, "filestore", name), ignore_errors=True)


def addons_path():
    site = subprocess.run(
        [PYTHON, "-c", "import odoo.addons, os; print(os.path.dirname(odoo.addons.__file__))"],
        check=True, capture_output=True, text=True).stdout.strip()
    return "%s,%s" % (site, os.path.join(ROOT, "addons"))


def odoo(db, args, logfile):
    cmd = [PYTHON, os.path.join(ROOT, "bin", "odoo"), "-c", os.path.join(ROOT, "odoo.conf"),
           "--addons-path=" + addons_path(), "--db_host=" + PG["host"], "--db_port=" + PG["port"],
           "--db_user=" + PG["user"], "--db_password=" + PG["password"],
           "--data-dir=" + DATA_DIR, "--http-interface=127.0.0.1",
           "--http-port=%d" % HTTP_PORT, "--longpolling-port=%d" % (HTTP_PORT + 3), "--workers=0", "--max-cron-threads=0",
           "-d", db, "--stop-after-init", "--logfile=" + logfile] + args
    env = dict(os.environ, PATH=os.path.join(ROOT, "node_modules", ".bin") + os.pathsep + os.environ["PATH"])
    return subprocess.run(cmd, env=env).returncode


def template():
    if psql("select 1 from pg_database where datname='%s'" % TEMPLATE) == "1":
        return
    print("creating template database %s (base with demo data, no tests)" % TEMPLATE, flush=True)
    drop_db(TEMPLATE)
    rc = odoo(TEMPLATE, ["-i", "base", "--log-level=warn"], os.path.join(OUT, "_template.log"))
    if rc:
        sys.exit("creating %s failed (see %s/_template.log)" % (TEMPLATE, OUT))


def port_free(port):
    import socket
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def run_module(module):
    db = "own_" + module
    if not port_free(HTTP_PORT):
        sys.exit("port %d is in use: set OWN_TESTS_HTTP_PORT to a free port" % HTTP_PORT)
    log = os.path.join(OUT, module + ".log")
    drop_db(db)
    if module not in WITH_BASE:
        template()
        psql('CREATE DATABASE "%s" TEMPLATE "%s"' % (db, TEMPLATE))
        src = os.path.join(DATA_DIR, "filestore", TEMPLATE)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(DATA_DIR, "filestore", db))
    if os.path.exists(log):
        os.unlink(log)
    t0 = time.time()
    rc = odoo(db, ["-i", module, "--test-enable", "--log-level=test"], log)
    return rc, time.time() - t0


def table(rows):
    head = ["module", "run", "passed", "failed", "errors", "skipped", "phantomjs", "yml", "seconds", "from",
            "other log errors"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        out.append("| " + " | ".join(str(x) for x in r) + " |")
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--modules", default=DEFAULT_MODULES)
    p.add_argument("--strict", action="store_true", help="exit 1 when a test failed")
    p.add_argument("--parse-only", action="store_true", help="only parse the existing logs")
    opts = p.parse_args()
    modules = [m.strip() for m in opts.modules.split(",") if m.strip()]
    os.makedirs(OUT, exist_ok=True)

    timing = {}
    if not opts.parse_only:
        done = set()
        for module in modules:
            if module in done and module in WITH_BASE:
                continue   # already tested by the base run
            print("== %s: running (log %s/%s.log)" % (module, OUT, module), flush=True)
            rc, secs = run_module(module)
            timing[module] = secs
            counts, _ = parse_log(os.path.join(OUT, module + ".log"))
            done.update(a for a, c in counts.items() if c.run)
            print("== %s: exit %s after %.0fs" % (module, rc, secs), flush=True)

    results = {}    # run name -> counts
    for f in sorted(os.listdir(OUT)):
        if f.endswith(".log") and not f.startswith("_"):
            results[f[:-4]] = parse_log(os.path.join(OUT, f))
    rows, failures, phantoms, bad = [], [], [], False
    for module in modules:
        src = module if module in results and results[module][0][module].run + results[module][0][module].yml \
            else next((r for r in results if results[r][0][module].run), module if module in results else None)
        c = results[src][0][module] if src else Counts()
        secs = timing.get(src)
        if secs is None and src:
            log = os.path.join(OUT, src + ".log")
            secs = _log_seconds(log)
        rows.append([module, c.run, c.passed, c.failed_tests, c.error_tests, c.skipped, c.phantom,
                     "%d/%d err" % (c.yml, c.yml_errors) if c.yml else "-",
                     "%.0f" % secs if secs else "-", ("own_" + src) if src else "not run",
                     len(results[src][1]) if src else "-"])
        bad = bad or c.failed or c.yml_errors
        for kind, test, cause in c.failed:
            failures.append("- %s `%s` %s: %s" % (module, test, kind, cause))
        for t in c.phantom_tests:
            phantoms.append("- %s `%s`: needs PhantomJS (skipped: not installed)" % (module, t))
    lines = table(rows)
    print("\n".join(lines))
    md = ["# Odoo 11 own tests (Python %s)" % sys.version.split()[0], ""] + lines
    md += ["", "## Failures and errors", ""] + (failures or ["none"])
    md += ["", "## Needs PhantomJS", ""] + (phantoms or ["none"])
    md += ["", "## Tests of other modules that ran too (dependencies installed by a run)", ""]
    for run, (counts, _) in sorted(results.items()):
        for addon, c in sorted(counts.items()):
            if addon not in modules and c.run:
                md.append("- own_%s: %s ran %d, passed %d, failed %d, errors %d, skipped %d%s" % (
                    run, addon, c.run, c.passed, c.failed_tests, c.error_tests, c.skipped,
                    "".join("; %s %s: %s" % (k, t, cause) for k, t, cause in c.failed)))
    md += ["", "## Other ERROR log lines, per run", ""]
    for run, (_, errs) in sorted(results.items()):
        for e in errs[:40]:
            md.append("- own_%s: %s" % (run, e))
    with open(os.path.join(OUT, "summary.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    if failures:
        print("\n".join(["", "failures and errors:"] + failures))
    print("\nsummary: %s" % os.path.join(OUT, "summary.md"))
    return 1 if (opts.strict and bad) else 0


def _log_seconds(path):
    stamps = [l[:19] for l in open(path, errors="replace") if LINE.match(l)]
    if len(stamps) < 2:
        return None
    fmt = "%Y-%m-%d %H:%M:%S"
    return time.mktime(time.strptime(stamps[-1], fmt)) - time.mktime(time.strptime(stamps[0], fmt))


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load test: concurrent salespeople on a multi-worker Odoo.

Start the server (2 workers) on the bench database, then run the test:

    .venv/bin/python bin/odoo -c odoo.conf --addons-path=... -d crm_bench \\
        --db-filter='^crm_bench$' --workers=2 --http-port=8161 --longpolling-port=8162 &
    .venv/bin/python scripts/loadtest.py --url http://127.0.0.1:8161 --db crm_bench

Each of --users threads logs in as a different generated salesperson
(perf_salesNN; each gets a fresh random password through the ORM first,
scripts/perf/users.py), then until --duration seconds
or --max-requests requests in total: opens a customer's timeline
(/web/dataset/call_kw res.partner customer360_timeline), loads more (the
keyset cursor) once or twice, opens the 360 header, and every few rounds the
service KPI dashboard (crm.service.kpi.dashboard get_dashboard_data, when the
model has it). Reports throughput, p50/p95/p99 per call and in total, and
errors (any HTTP error or JSON-RPC error counts; the target is 0). Results in
artifacts/loadtest.md and artifacts/loadtest.json; exit 1 on any error.
"""
import argparse
import datetime
import json
import os
import random
import statistics
import sys
import threading
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def generated_big_customer(db):
    """The generator's big customer, read from the database itself:
    salespeople may not read system parameters over RPC. None when
    PostgreSQL is not reachable with the PG* environment (default: the
    project's odoo/odoo on 127.0.0.1)."""
    try:
        import psycopg2

        conn = psycopg2.connect(
            dbname=db, host=os.environ.get("PGHOST", "127.0.0.1"),
            port=os.environ.get("PGPORT", "5432"), user=os.environ.get("PGUSER", "odoo"),
            password=os.environ.get("PGPASSWORD", "odoo"))
    except Exception:  # noqa: B902 (the load test runs without it)
        return None
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT value FROM ir_config_parameter WHERE key = %s",
                        ["crm_perf.generated"])
            row = cur.fetchone()
        return json.loads(row[0]).get("big_customer_id") if row else None
    finally:
        conn.close()


def pct(values, p):
    values = sorted(values)
    if not values:
        return None
    k = (len(values) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


class Client(object):
    def __init__(self, url, db, login, password, stats, lock):
        self.url, self.db, self.login, self.password = url.rstrip("/"), db, login, password
        self.session = requests.Session()
        self.stats, self.lock = stats, lock
        self.uid = None
        self.n = 0

    def _post(self, path, params, kind):
        self.n += 1
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": self.n}
        t = time.perf_counter()
        error = None
        result = None
        try:
            resp = self.session.post(self.url + path, json=payload, timeout=900)
            if resp.status_code != 200:
                error = "HTTP %s" % resp.status_code
            else:
                body = resp.json()
                if body.get("error"):
                    error = (body["error"].get("data") or {}).get("message") or str(body["error"])
                else:
                    result = body.get("result")
        except requests.RequestException as exc:
            error = str(exc)
        elapsed = (time.perf_counter() - t) * 1000
        with self.lock:
            self.stats.setdefault(kind, {"times": [], "errors": []})
            self.stats[kind]["times"].append(elapsed)
            if error:
                self.stats[kind]["errors"].append(error[:300])
        return result, error

    def login_(self):
        result, error = self._post("/web/session/authenticate", {
            "db": self.db, "login": self.login,
            "password": self.password}, "login")
        if error or not result or not result.get("uid"):
            raise RuntimeError("login %s failed: %s" % (self.login, error or result))
        self.uid = result["uid"]

    def call(self, model, method, args, kwargs=None, kind=None):
        return self._post("/web/dataset/call_kw/%s/%s" % (model, method), {
            "model": model, "method": method, "args": args,
            "kwargs": dict(kwargs or {}, context={"lang": "en_US", "tz": "Asia/Shanghai"})},
            kind or method)


def worker(args, login, password, stats, lock, deadline, budget, customers_of, dashboard):
    client = Client(args.url, args.db, login, password, stats, lock)
    client.login_()
    customers, _error = client.call(
        "res.partner", "search", [[("user_id", "=", client.uid), ("is_company", "=", True)]],
        {"limit": 200, "order": "id"}, kind="search customers")
    customers = customers or []
    if customers_of is not None:
        customers = [customers_of] + customers
    rnd = random.Random(login)
    rounds = 0
    today = datetime.date.today()
    while time.time() < deadline and budget.acquire(blocking=False):
        rounds += 1
        partner = customers[0] if rounds % 5 == 1 else rnd.choice(customers)
        page, error = client.call("res.partner", "customer360_timeline", [[partner]],
                                  {"limit": 50}, kind="timeline first page")
        cursor = page and page.get("next_cursor")
        for _n in range(rnd.randint(1, 2)):
            if not cursor or time.time() >= deadline or not budget.acquire(blocking=False):
                break
            page, error = client.call("res.partner", "customer360_timeline", [[partner]],
                                      {"limit": 50, "cursor": cursor}, kind="timeline load more")
            cursor = page and page.get("next_cursor")
        if budget.acquire(blocking=False):
            client.call("res.partner", "customer360_header", [[partner]], kind="360 header")
        if dashboard and rounds % 4 == 0 and budget.acquire(blocking=False):
            client.call("crm.service.kpi.dashboard", "get_dashboard_data", [
                (today - datetime.timedelta(days=30)).strftime("%Y-%m-%d"),
                today.strftime("%Y-%m-%d")], kind="dashboard")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8161")
    parser.add_argument("--db", default="crm_bench")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--max-requests", type=int, default=3000)
    parser.add_argument("--big-customer", type=int, default=None,
                        help="partner id opened every 5th round by every user (default: the "
                        "generator's big customer for perf_sales01)")
    parser.add_argument("--out", default=os.path.join(ROOT, "artifacts"))
    args = parser.parse_args(argv)

    probe = Client(args.url, args.db, "perf_sales01", {}, threading.Lock())
    probe.login_()
    has_dashboard, _e = probe.call("ir.model", "search_count",
                                   [[("model", "=", "crm.service.kpi.dashboard")]])
    dashboard = bool(has_dashboard)
    big = args.big_customer
    if big is None:
        # salespeople may not read system parameters over RPC
        big = generated_big_customer(args.db)
        # None: every salesperson opens their own first companies
    # the generated users' passwords are random and unknown: set new ones
    from perf import users

    logins = ["perf_sales%02d" % (n + 1) for n in range(args.users)]
    passwords = users.set_random_passwords(args.db, logins)
    stats, lock = {}, threading.Lock()
    budget = threading.Semaphore(args.max_requests)
    deadline = time.time() + args.duration
    start = time.time()
    threads = []
    for n, login in enumerate(logins):
        t = threading.Thread(target=worker, args=(
            args, login, passwords[login], stats, lock, deadline, budget,
            big if n == 0 else None, dashboard))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    elapsed = time.time() - start
    rows, all_times, errors = [], [], []
    for kind, data in sorted(stats.items()):
        times = data["times"]
        if kind not in ("login", "search customers"):
            all_times += times
        errors += data["errors"]
        rows.append({"call": kind, "count": len(times), "errors": len(data["errors"]),
                     "p50_ms": pct(times, 50), "p95_ms": pct(times, 95),
                     "p99_ms": pct(times, 99), "mean_ms": statistics.mean(times)})
    total = {"call": "all RPC calls (timeline, load more, header, dashboard)",
             "count": len(all_times), "errors": len(errors),
             "p50_ms": pct(all_times, 50), "p95_ms": pct(all_times, 95),
             "p99_ms": pct(all_times, 99),
             "throughput_rps": len(all_times) / elapsed if elapsed else None}
    load = open("/proc/loadavg").read().strip()
    report = {"url": args.url, "db": args.db, "users": args.users, "duration_s": elapsed,
              "max_requests": args.max_requests, "dashboard": dashboard, "load": load,
              "big_customer": big,
              "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
              "total": total, "calls": rows, "error_samples": errors[:10]}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "loadtest.json"), "w") as f:
        json.dump(report, f, indent=1)
    lines = ["# Load test (%s, %s, %d users, %.0f s, dashboard: %s, big customer: %s; "
             "load average after: %s)"
             % (report["date"], args.db, args.users, elapsed,
                "yes" if dashboard else "not yet", big or "none", load), "",
             "| call | requests | errors | p50 (ms) | p95 (ms) | p99 (ms) |",
             "| --- | --- | --- | --- | --- | --- |"]
    for row in rows + [total]:
        lines.append("| %s | %d | %d | %.0f | %.0f | %.0f |" % (
            row["call"], row["count"], row["errors"], row["p50_ms"] or 0,
            row["p95_ms"] or 0, row["p99_ms"] or 0))
    lines.append("")
    lines.append("Throughput: %.1f requests/s over %.0f s (%d requests)." % (
        total["throughput_rps"] or 0, elapsed, total["count"]))
    if errors:
        lines.append("Errors (first): %s" % "; ".join(errors[:5]))
    with open(os.path.join(args.out, "loadtest.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

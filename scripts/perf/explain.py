# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""EXPLAIN ANALYZE the SQL of one hot path as the generated salesperson.

    .venv/bin/python scripts/perf/explain.py --db crm_bench timeline [--cursor-pages 99]
    .venv/bin/python scripts/perf/explain.py --db crm_bench header
    .venv/bin/python scripts/perf/explain.py --db crm_bench timeline --repeat 15

--repeat N: also run the slowest statement N times with EXPLAIN (ANALYZE,
TIMING OFF) on the same connection and print the median and minimum of its
planning and execution times, which say more than one timing on a shared
machine.
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmark import QueryLog  # noqa: E402
from perf import odoo_env  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_bench")
    parser.add_argument("path", choices=["timeline", "header"])
    parser.add_argument("--partner", type=int)
    parser.add_argument("--cursor-pages", type=int, default=0)
    parser.add_argument("--all", action="store_true", help="explain every query, not the slowest")
    parser.add_argument("--plan-only", action="store_true",
                        help="EXPLAIN without running: capture the SQL with a 0 s timeout")
    parser.add_argument("--repeat", type=int, default=0,
                        help="time the slowest statement N more times (median, min)")
    args = parser.parse_args()
    odoo = odoo_env.configure(args.db)
    with odoo.api.Environment.manage():
        registry = odoo.registry(args.db)
        cr = registry.cursor()
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        marker = json.loads(env["ir.config_parameter"].get_param("crm_perf.generated"))
        user = env["res.users"].search([("login", "=", marker["salespeople"][0])])
        uenv = odoo.api.Environment(cr, user.id, {"tz": "UTC", "lang": "en_US"})
        partner = uenv["res.partner"].browse(args.partner or marker["big_customer_id"])
        cursor = None
        for _n in range(args.cursor_pages):
            cursor = partner.customer360_timeline(limit=50, cursor=cursor)["next_cursor"]
        log = QueryLog(cr)
        timings = []
        orig = log.cr.execute

        def timed_execute(query, params=None, log_exceptions=None):
            t = time.perf_counter()
            res = orig(query, params)
            timings.append(((time.perf_counter() - t) * 1000, query, params))
            return res
        log.cr.execute = timed_execute
        if args.plan_only:
            captured = []

            def capture(query, params=None, log_exceptions=None):
                # The timeline's statement has one part per source group
                # (" AS events "): no UNION ALL when only one is left.
                if " AS events " in query or "UNION ALL" in query or "COALESCE(sum(" in query:
                    captured.append((query, params))
                    if " AS events " in query or "UNION ALL" in query:
                        orig("EXPLAIN " + query, params)
                        print("\n".join(r[0] for r in cr.fetchall()))
                        raise SystemExit(0)
                return orig(query, params)
            log.cr.execute = capture
        t = time.perf_counter()
        if args.path == "timeline":
            partner.customer360_timeline(limit=50, cursor=cursor)
        else:
            partner.customer360_header()
        total = (time.perf_counter() - t) * 1000
        log.cr.execute = orig
        print("total %.1f ms, %d queries, SQL %.1f ms" % (
            total, len(timings), sum(x[0] for x in timings)))
        for ms, query, params in sorted(timings, key=lambda x: -x[0])[:8]:
            print("%8.1f ms  %s" % (ms, " ".join(query.split())[:150]))
        targets = timings if args.all else sorted(timings, key=lambda x: -x[0])[:1]
        for ms, query, params in targets:
            cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
            print("\n".join(r[0] for r in cr.fetchall()))
        if args.repeat:
            ms, query, params = sorted(timings, key=lambda x: -x[0])[0]
            planning, execution = [], []
            for _n in range(args.repeat):
                cr.execute("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY) " + query, params)
                for (line,) in cr.fetchall():
                    if line.startswith("Planning Time:"):
                        planning.append(float(line.split()[2]))
                    elif line.startswith("Execution Time:"):
                        execution.append(float(line.split()[2]))
            print("slowest statement, %d runs: planning median %.1f ms (min %.1f), "
                  "execution median %.1f ms (min %.1f)" % (
                      args.repeat, statistics.median(planning), min(planning),
                      statistics.median(execution), min(execution)))
        cr.rollback()
        cr.close()


if __name__ == "__main__":
    main()

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""EXPLAIN ANALYZE the SQL of one hot path as the generated salesperson.

    .venv/bin/python scripts/perf/explain.py --db crm_bench timeline [--cursor-pages 99]
    .venv/bin/python scripts/perf/explain.py --db crm_bench header
"""
import argparse
import json
import os
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
                if "UNION ALL" in query or "COALESCE(sum(" in query:
                    captured.append((query, params))
                    if "UNION ALL" in query:
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
        cr.rollback()
        cr.close()


if __name__ == "__main__":
    main()

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Peak Python memory (tracemalloc) of one loyalty recompute, rolled back.

    .venv/bin/python scripts/perf/loyalty_memory.py --db crm_bench [--batch 5000]

Run it on databases of different sizes (or with different --batch values) to
see that the peak depends on the batch, not on the number of customers.
"""
import argparse
import json
import os
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from perf import odoo_env  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_bench")
    parser.add_argument("--batch", type=int, default=None)
    parser.add_argument("--base-only", action="store_true",
                        help="crm_loyalty's own _recompute, without the overrides of "
                        "other modules (churn, notifications)")
    args = parser.parse_args()
    odoo = odoo_env.configure(args.db)
    from odoo.addons.crm_loyalty.models import crm_loyalty_program as clp

    if args.batch:
        clp.RECOMPUTE_BATCH = args.batch
    with odoo.api.Environment.manage():
        registry = odoo.registry(args.db)
        cr = registry.cursor()
        try:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "UTC"})
            program = env["crm.loyalty.program"].search([("active", "=", True)], limit=1)
            marker = json.loads(env["ir.config_parameter"].get_param("crm_perf.generated") or "{}")
            cr.execute("SELECT count(*) FROM res_partner WHERE id = commercial_partner_id "
                       "AND customer")
            customers = cr.fetchone()[0]
            tracemalloc.start()
            t = time.time()
            if args.base_only:
                clp.CrmLoyaltyProgram._recompute(program, today=marker.get("today"))
            else:
                program._recompute(today=marker.get("today"))
            elapsed = time.time() - t
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(json.dumps({"db": args.db, "customers": customers,
                              "batch": clp.RECOMPUTE_BATCH, "base_only": args.base_only,
                              "peak_kb": peak // 1024,
                              "seconds_with_tracemalloc": round(elapsed, 1)}))
        finally:
            cr.rollback()
            cr.close()


if __name__ == "__main__":
    main()

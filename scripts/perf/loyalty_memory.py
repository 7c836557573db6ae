# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Peak Python memory (tracemalloc) of one loyalty recompute, rolled back.

    .venv/bin/python scripts/perf/loyalty_memory.py --db crm_bench [--batch 5000]

Run it on databases of different sizes (or with different --batch values) to
see that the peak depends on the batch, not on the number of customers.

Options for profiling and for checking that a change keeps the results:

* ``--statements``: the duration of every SQL statement of the run (slowest
  first), without tracemalloc;
* ``--fingerprint``: md5 digests of the loyalty state after the run (loyalty
  and churn columns of the memberships, tier history, churn activities),
  taken in the same rolled-back transaction: equal digests before and after a
  change mean the same results. Since crm_loyalty 11.0.1.1.0 the state is in
  crm.loyalty.membership (one row per customer and program), no longer on
  res_partner: digests taken before that version are not comparable;
* ``--today``: assess at another date than the generator's (e.g. the next
  day, when every customer's recency changes).
"""
import argparse
import json
import os
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from perf import odoo_env  # noqa: E402

# The loyalty state of every membership (customer, program), the tier history
# (ids and timestamps left out: sequences advance in rolled-back runs, and a
# run may create memberships) and the churn activities.
_MEMBERSHIP_COLUMNS = """
    partner_id, program_id, tier_id, score, revenue, order_count,
    recency_days, tenure_days, referral_count,
    rfm_r, rfm_f, rfm_m, segment,
    tier_date, below_since, assessed_date,
    override_tier_id, override_reason, override_until,
    company_id, cost, margin, service_hours,
    profit, value_level, loyalty_level,
    quadrant, typical_interval, days_since_purchase,
    churn_risk, churn_risk_since, cost_basis, service_basis, service_cost,
    payment_delay_cost, delivery_cost, cost_to_serve, refund_amount, discount_amount"""
_MEMBERSHIPS = """
        SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t.partner_id, t.program_id))
          FROM (SELECT %s FROM crm_loyalty_membership) t"""
FINGERPRINTS = {
    "memberships": _MEMBERSHIPS % _MEMBERSHIP_COLUMNS,
    # the same with the money columns rounded to 6 decimals: a float sum of
    # the last bits (the cost of goods before it was summed as numeric)
    "memberships_rounded": _MEMBERSHIPS % _MEMBERSHIP_COLUMNS.replace(
        "cost, margin,", "round(cost::numeric, 6), round(margin::numeric, 6),").replace(
        "profit,", "round(profit::numeric, 6),"),
    "history": """
        SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (
            SELECT partner_id, program_id, company_id, from_tier_id, to_tier_id, date,
                   reason, note, score, revenue, order_count, recency_days, tenure_days,
                   referral_count, notified
              FROM crm_loyalty_tier_history) t""",
    "activities": """
        SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (
            SELECT res_model, res_id, res_name, activity_type_id, summary, note,
                   date_deadline, user_id
              FROM mail_activity) t""",
}


def fingerprint(cr):
    result = {}
    for name, query in FINGERPRINTS.items():
        cr.execute(query)
        result[name] = list(cr.fetchone())
    return result


def log_statements(cr):
    """Wrap this cursor's execute; return the list of (seconds, query)."""
    timings = []
    orig = cr.execute

    def execute(query, params=None, log_exceptions=None):
        t = time.time()
        try:
            if log_exceptions is None:
                return orig(query, params)
            return orig(query, params, log_exceptions)
        finally:
            timings.append((time.time() - t, " ".join(str(query).split())))
    cr.execute = execute
    return timings


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_bench")
    parser.add_argument("--batch", type=int, default=None)
    parser.add_argument("--base-only", action="store_true",
                        help="the tiers, scores and value only (_recompute_tiers), without "
                        "the churn assessment")
    parser.add_argument("--today", help="assessment date (default: the generator's)")
    parser.add_argument("--statements", action="store_true",
                        help="time every SQL statement (no tracemalloc)")
    parser.add_argument("--fingerprint", action="store_true",
                        help="md5 of the loyalty state after the run")
    parser.add_argument("--runs", type=int, default=1,
                        help="recomputations in the same transaction (the last is measured)")
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
            today = args.today or marker.get("today")
            cr.execute("SELECT count(*) FROM res_partner WHERE id = commercial_partner_id "
                       "AND customer")
            customers = cr.fetchone()[0]

            def run():
                if args.base_only:
                    program._recompute_tiers(today=today)
                else:
                    program._recompute(today=today)
            for _i in range(args.runs - 1):
                run()
            timings = log_statements(cr) if args.statements else None
            if not args.statements:
                tracemalloc.start()
            t = time.time()
            run()
            elapsed = time.time() - t
            result = {"db": args.db, "customers": customers, "today": today,
                      "batch": clp.RECOMPUTE_BATCH, "base_only": args.base_only,
                      "seconds": round(elapsed, 1), "tracemalloc": not args.statements}
            if not args.statements:
                result["peak_kb"] = tracemalloc.get_traced_memory()[1] // 1024
                tracemalloc.stop()
            else:
                del cr.execute  # the class's execute again
                result["sql_seconds"] = round(sum(s for s, _q in timings), 1)
                result["statements"] = len(timings)
            if args.fingerprint:
                result["fingerprint"] = fingerprint(cr)
            print(json.dumps(result, indent=1))
            if timings:
                for seconds, query in sorted(timings, reverse=True)[:15]:
                    print("%8.3f s  %s" % (seconds, query[:160]))
        finally:
            cr.rollback()
            cr.close()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the suite's hot paths on a generated database.

    .venv/bin/python scripts/benchmark.py --db crm_bench [--no-fail] [--only timeline]

Each path is timed three ways:

* ours: the real entry point (the RPC method, through odoo.api.Environment as
  a plain salesperson with their record rules; a fresh environment cache per
  run, as for a web request);
* naive: the way a typical module would write it (ORM search per source and
  sort in Python; a per-partner ORM loop; one read_group per figure);
* floor: the minimal raw SQL computing the same result, run through a plain
  psycopg2 connection (no ORM). For the timeline, the header and kpi_summary
  the floor is the SQL statement(s) ours sends, replayed alone: what remains
  when the ORM glue (rules, rendering, names) costs nothing.

For each path: median and p95 of repeated runs, ours/floor and naive/ours,
the number of SQL queries ours sent (the cursor's execute is wrapped in this
script only), peak Python memory of one extra run (tracemalloc), and whether
the three results are equal. Results: artifacts/benchmark.md and
artifacts/benchmark.json. Exit 1 when a budget is missed (--no-fail: report only).

Loyalty state in crm.loyalty.membership (one row per customer and program,
crm_loyalty 11.0.1.1.0) instead of columns on res_partner; what changed here,
paths, budgets and output unchanged:

* loyalty recompute: the program is the salesperson's company's (the one the
  list shows). The floor writes memberships as the real recompute does:
  metrics query (with its cost step), INSERT of the missing memberships, one
  UPDATE of the same metric figures as before (revenue, orders, recency,
  tenure, R/F/M), one row per customer instead of every partner of the
  customer; one untimed floor run first (ours has one too). Naive: the per-
  customer ORM loop writes the customer's membership (search, write or
  create). "equal" is now checked: ours and the floor leave the same metric
  figures on the program's memberships (naive, a subset, is not compared).
* customer value (``--only clv``): ours = fit and score of the customer value
  models (rules/clv.py via crm.loyalty.program._clv_score) on every customer
  of the company; floor = the set-based SQL extracting their inputs
  (CLV_INPUT_QUERY); the whole step of the recompute in the notes. Budget:
  <= 30 s and <= 2x the input SQL from 10,000 customers on (CLV_RATIO_FROM);
  below, <= 1 s (the fits' fixed cost dominates a SQL of a few ms).
* customer list: search_read of crm.loyalty.membership (the loyalty list
  view's fields) with the value x loyalty action's domain, in the model's
  order (revenue desc, id), as the salesperson; floor = crm_loyalty_membership
  of the company's program joined with res_partner and the tier.
* the small customer of the header/timeline query counts has a tier in the
  salesperson's company's program when the big customer has one.
* lead scoring (``--only lead_scoring``, issue 15): ours = the nightly
  training of the salesperson's company (crm.lead.score.model._train_company:
  feature SQL, time-split fit and held-out check, refit, reasons, one UPDATE
  of every open lead's score), rolled back after each run; floor = the
  feature SQL alone; the rules' fit and score alone in the notes. Budget:
  <= 60 s.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from perf import odoo_env  # noqa: E402

ROOT = odoo_env.ROOT
MARKER = "crm_perf.generated"


#: Customers from which the customer value path must take <= 2x its input SQL.
#: Below, the maximum likelihood fits' fixed cost (tens of L-BFGS iterations,
#: whatever the number of customers) dominates while the SQL takes a few ms:
#: 82 ms against 30 ms at 220 customers, a ratio that says nothing about
#: scaling; the small scale gets an absolute budget instead.
CLV_RATIO_FROM = 10000


def clv_checks(customers, ours_ms, floor_ms):
    """Budget checks of the customer value path for ``customers`` rows."""
    if customers >= CLV_RATIO_FROM:
        return {"median <= 30 s": ours_ms <= 30000,
                "<= 2x the input SQL": ours_ms <= 2 * floor_ms}
    return {"median <= 1 s (under %d customers: no ratio)" % CLV_RATIO_FROM: ours_ms <= 1000}


# ----------------------------------------------------------------------
# measuring helpers
# ----------------------------------------------------------------------
class QueryLog(object):
    """Wraps one Odoo cursor's execute (instance attribute, nothing global)."""

    def __init__(self, cr):
        self.cr = cr
        self.queries = []
        self._orig = cr.execute

        def execute(query, params=None, log_exceptions=None):
            self.queries.append((query, params))
            if log_exceptions is None:
                return self._orig(query, params)
            return self._orig(query, params, log_exceptions)
        cr.execute = execute

    def reset(self):
        self.queries = []

    def restore(self):
        self.cr.execute = self._orig


def pct(values, p):
    values = sorted(values)
    if not values:
        return None
    k = (len(values) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def timed(fn, runs, warmup, before=None):
    """(median ms, p95 ms, last result, all times)"""
    times, result = [], None
    for n in range(warmup + runs):
        if before:
            before()
        t = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - t) * 1000
        if n >= warmup:
            times.append(elapsed)
    return statistics.median(times), pct(times, 95), result, times


def peak_memory(fn, before=None):
    if before:
        before()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class Bench(object):
    def __init__(self, args):
        self.args = args
        self.odoo = odoo_env.configure(args.db)
        self.registry = self.odoo.registry(args.db)
        self.cr = self.registry.cursor()
        self.log = QueryLog(self.cr)
        self.pg = odoo_env.pg_connect(args.db)
        self.pg.autocommit = False
        self.pgcur = self.pg.cursor()
        api = self.odoo.api
        self.env_su = api.Environment(self.cr, self.odoo.SUPERUSER_ID, {"tz": "UTC"})
        self.pgcur.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [MARKER])
        marker = self.pgcur.fetchone()
        # without the generator's marker (a demo database) only the paths
        # that need no generated customer run (--only intake)
        self.marker = json.loads(marker[0]) if marker else {}
        self.big = self.marker.get("big_customer_id")
        login = (self.marker.get("salespeople") or ["demo"])[0]
        self.user = self.env_su["res.users"].search([("login", "=", login)])
        self.env = api.Environment(self.cr, self.user.id, {"tz": "UTC", "lang": "en_US"})
        self.results = []

    def fresh(self):
        self.env.clear()
        self.env_su.clear()

    def program(self):
        """The active loyalty program of the salesperson's company: the one
        whose memberships the partner's loyalty fields and the lists show."""
        return self.env_su["crm.loyalty.program"].search(
            [("active", "=", True), ("company_id", "=", self.user.company_id.id)], limit=1)

    def small_customer(self):
        """A company of the same salesperson with few events, with a loyalty
        tier when the big customer has one (the header then shows the same
        figures for both: the query counts compare like with like)."""
        self.pgcur.execute("""
            WITH tier AS (
                SELECT m.partner_id, m.tier_id FROM crm_loyalty_membership m
                 WHERE m.program_id = %(program)s)
            SELECT p.id FROM res_partner p
              LEFT JOIN tier t ON t.partner_id = p.id
             WHERE p.is_company AND p.user_id = %(user)s AND p.id <> %(big)s
               AND p.ref ~ '^C[0-9]+$'
               AND (t.tier_id IS NULL) = (
                   SELECT b.tier_id IS NULL FROM res_partner bp
                     LEFT JOIN tier b ON b.partner_id = bp.id WHERE bp.id = %(big)s)
               AND (SELECT count(*) FROM sale_order o JOIN res_partner c ON c.id = o.partner_id
                     WHERE c.commercial_partner_id = p.id) BETWEEN 1 AND 3
             ORDER BY p.id LIMIT 1""",
                           {"program": self.program().id or 0, "user": self.user.id,
                            "big": self.big})
        return self.pgcur.fetchone()[0]

    def record(self, path, budget, ours, naive=None, floor=None, queries=None,
               queries_small=None, memory=None, equal=None, notes="", checks=None):
        row = {
            "path": path, "budget": budget,
            "ours_median_ms": ours[0], "ours_p95_ms": ours[1], "ours_runs": len(ours[3]),
            "naive_median_ms": naive[0] if naive else None,
            "naive_p95_ms": naive[1] if naive else None,
            "naive_runs": len(naive[3]) if naive else 0,
            "floor_median_ms": floor[0] if floor else None,
            "floor_p95_ms": floor[1] if floor else None,
            "ours_over_floor": (ours[0] / floor[0]) if floor and floor[0] else None,
            "naive_over_ours": (naive[0] / ours[0]) if naive and ours[0] else None,
            "queries": queries, "queries_small_customer": queries_small,
            "peak_memory_kb": round(memory / 1024.0) if memory is not None else None,
            "equal": equal, "notes": notes, "budget_checks": checks or {},
        }
        row["budget_ok"] = all(row["budget_checks"].values()) if row["budget_checks"] else None
        self.results.append(row)
        print(json.dumps({k: (round(v, 2) if isinstance(v, float) else v)
                          for k, v in row.items()}, ensure_ascii=False, default=str),
              flush=True)
        return row

    def floor_sql(self, queries, runs, warmup):
        """Replay SQL statements on the plain connection."""
        def run():
            out = None
            for query, params in queries:
                self.pgcur.execute(query, params)
                out = self.pgcur.fetchall() if self.pgcur.description else None
            return out
        return timed(run, runs, warmup)

    # ------------------------------------------------------------------
    # timeline
    # ------------------------------------------------------------------
    def _timeline(self, partner_id, **kw):
        return self.env["res.partner"].browse(partner_id).customer360_timeline(**kw)

    def naive_timeline(self, partner_id, limit=50, offset=0):
        """Every source searched through the ORM as the user, rows read and
        sorted in Python, the page sliced."""
        env = self.env
        Source = env["crm.customer360.source"]
        partner = env["res.partner"].browse(partner_id)
        partners = partner.commercial_partner_id == partner and \
            env["res.partner"].search([("commercial_partner_id", "=", partner.id)]) or partner
        sources = Source.sudo().search([]).filtered(lambda s: s._usable())
        docs = {"res.partner": set(partners.ids)}
        rows = []
        for source in sources.filtered(lambda s: s.link_kind == "partner"):
            Model = env[source.res_model]
            if not Model.check_access_rights("read", raise_exception=False):
                continue
            domain = source._source_domain() + [(source.partner_field, "in", partners.ids)]
            records = Model.search(domain)
            docs.setdefault(source.res_model, set()).update(records.ids)
            for rec in records:
                date = rec[source.date_field]
                if not date:
                    continue
                rows.append((str(date) if len(str(date)) > 10 else str(date) + " 00:00:00",
                             source.id, rec.id, source.res_model, rec.id))
        for source in sources.filtered(lambda s: s.link_kind == "document"):
            Model = env[source.res_model]
            if not Model.check_access_rights("read", raise_exception=False):
                continue
            for model, ids in docs.items():
                if not ids:
                    continue
                domain = source._source_domain() + [
                    (source.ref_model_field, "=", model), (source.ref_id_field, "in", list(ids))]
                for rec in Model.search(domain):
                    date = rec[source.date_field]
                    if date:
                        rows.append((str(date), source.id, rec.id, model,
                                     rec[source.ref_id_field]))
        rows.sort(key=lambda r: (r[0][:19], r[1], r[2]), reverse=True)
        return [(r[0][:19], r[3], r[4]) for r in rows[offset:offset + limit]]

    @staticmethod
    def key_events(events):
        return [(e["date"], e["res_model"], e["res_id"]) for e in events]

    def deep_cursor(self, partner_id, skip):
        """The 'load more' cursor after the newest ``skip`` events. A keyset
        cursor only names the last event seen, so it does not depend on the
        page size: pages of the maximum size (200) reach event 4,950 in 25
        calls of the real entry point instead of 99 pages of 50."""
        cursor, left = None, skip
        while left > 0:
            size = min(left, 200)
            page = self._timeline(partner_id, limit=size, cursor=cursor)
            cursor = page["next_cursor"]
            if not cursor:
                raise RuntimeError("the timeline has fewer than %d events" % skip)
            left -= size
        return cursor

    def bench_timeline(self):
        a = self.args
        big = self.big
        # ours, first page (query counts after one warm-up call of each)
        small = self.small_customer()
        self._timeline(big, limit=50)
        self._timeline(small, limit=50)
        self.fresh()
        self.log.reset()
        self._timeline(big, limit=50)
        queries = len(self.log.queries)
        merged = [q for q in self.log.queries if "UNION ALL" in q[0]]
        self.fresh()
        self.log.reset()
        self._timeline(small, limit=50)
        queries_small = len(self.log.queries)
        ours = timed(lambda: self._timeline(big, limit=50), a.runs, a.warmup, self.fresh)
        memory = peak_memory(lambda: self._timeline(big, limit=50), self.fresh)
        floor = self.floor_sql(merged[-1:], a.runs, a.warmup)
        naive = timed(lambda: self.naive_timeline(big, 50), a.naive_runs, 1, self.fresh)
        floor_keys = [(r[0][:19] if isinstance(r[0], str) else r[0].strftime("%Y-%m-%d %H:%M:%S"),
                       r[3], r[4]) for r in floor[2][:50]]
        ours_keys = self.key_events(ours[2]["events"])
        equal = ours_keys == floor_keys == naive[2]
        self.record(
            "timeline first page (50 events), 20,000-event customer, salesperson",
            "median <= 100 ms; <= 3x floor", ours, naive, floor, queries, queries_small,
            memory, equal,
            notes="floor = the merged UNION ALL statement ours sends, replayed alone",
            checks={"median <= 100 ms": ours[0] <= 100,
                    "<= 3x floor": ours[0] <= 3 * floor[0],
                    ">= 10x faster than naive": naive[0] >= 10 * ours[0]})
        # page 100 via the cursor (99 pages to walk first: skipped when a page
        # is so slow that the walk would not end in reasonable time)
        if ours[0] > self.args.deep_page_limit_ms:
            self.results.append({
                "path": "timeline page 100 (keyset 'load more')",
                "budget": "within 1.5x of the first page", "budget_ok": False,
                "notes": "not measured: the first page takes %.0f ms, reaching event 4,950 "
                "(25 pages of 200) would take %.0f min" % (ours[0], ours[0] * 25 * 2 / 60000.0)})
            print("timeline page 100: skipped")
            return
        cursor = self.deep_cursor(big, 99 * 50)
        self.fresh()
        self.log.reset()
        deep = self._timeline(big, limit=50, cursor=cursor)
        queries_deep = len(self.log.queries)
        merged = [q for q in self.log.queries if "UNION ALL" in q[0]]
        ours_deep = timed(lambda: self._timeline(big, limit=50, cursor=cursor), a.runs,
                          a.warmup, self.fresh)
        floor_deep = self.floor_sql(merged[-1:], a.runs, a.warmup)
        naive_deep = timed(lambda: self.naive_timeline(big, 50, offset=99 * 50), a.naive_runs,
                           1, self.fresh)
        floor_keys = [(r[0][:19] if isinstance(r[0], str) else r[0].strftime("%Y-%m-%d %H:%M:%S"),
                       r[3], r[4]) for r in floor_deep[2][:50]]
        equal = self.key_events(deep["events"]) == floor_keys == naive_deep[2]
        self.record(
            "timeline page 100 (keyset 'load more')", "within 1.5x of the first page",
            ours_deep, naive_deep, floor_deep, queries_deep, None, None, equal,
            notes="cursor of page 100 reached in 25 calls of 200 events (a keyset cursor "
            "does not depend on the page size); naive = offset 4,950 of the Python-sorted list",
            checks={"<= 1.5x first page": ours_deep[0] <= 1.5 * ours[0],
                    ">= 10x faster than naive": naive_deep[0] >= 10 * ours_deep[0]})

    # ------------------------------------------------------------------
    # header
    # ------------------------------------------------------------------
    def _header(self, partner_id):
        return self.env["res.partner"].browse(partner_id).customer360_header()

    def naive_header(self, partner_id):
        env = self.env
        partner = env["res.partner"].browse(partner_id)
        partners = env["res.partner"].search([("commercial_partner_id", "=", partner.id)])
        today = datetime.date.today().strftime("%Y-%m-%d")
        year_ago = (datetime.date.today() - datetime.timedelta(days=365)).strftime("%Y-%m-%d")
        inv = env["account.invoice"].search([
            ("partner_id", "in", partners.ids), ("type", "in", ("out_invoice", "out_refund")),
            ("state", "in", ("open", "paid"))])
        out = {
            "revenue_lifetime": sum(inv.mapped("amount_untaxed_signed")),
            "revenue_12_months": sum(i.amount_untaxed_signed for i in inv
                                     if i.date_invoice >= year_ago),
            "overdue_receivables": sum(i.residual_company_signed for i in inv
                                       if i.type == "out_invoice" and i.state == "open"
                                       and i.date_due < today),
        }
        leads = env["crm.lead"].search([("partner_id", "in", partners.ids),
                                        ("type", "=", "opportunity"), ("probability", "<", 100)])
        out["open_pipeline"] = sum(leads.mapped("planned_revenue"))
        orders = env["sale.order"].search([("partner_id", "in", partners.ids),
                                           ("state", "in", ("draft", "sent"))])
        out["open_quotations"] = sum(orders.mapped("amount_untaxed"))
        return out

    def bench_header(self):
        a = self.args
        self._header(self.big)
        self._header(self.small_customer())
        self.fresh()
        self.log.reset()
        header = self._header(self.big)
        queries = len(self.log.queries)
        replay = [q for q in self.log.queries if q[0].lstrip().upper().startswith("SELECT")]
        self.fresh()
        self.log.reset()
        self._header(self.small_customer())
        queries_small = len(self.log.queries)
        ours = timed(lambda: self._header(self.big), a.runs, a.warmup, self.fresh)
        memory = peak_memory(lambda: self._header(self.big), self.fresh)
        floor = self.floor_sql(replay, a.runs, a.warmup)
        naive = timed(lambda: self.naive_header(self.big), a.naive_runs, 1, self.fresh)
        equal = all(abs((header[k] or {}).get("amount", 0) - v) < 0.01
                    for k, v in naive[2].items())
        self.record("360 header of the 20,000-event customer", "median <= 150 ms", ours, naive,
                    floor, queries, queries_small, memory, equal,
                    notes="floor = the SELECT statements ours sends, replayed; naive = ORM "
                    "search + Python sums (5 money figures compared)",
                    checks={"median <= 150 ms": ours[0] <= 150,
                            ">= 10x faster than naive": naive[0] >= 10 * ours[0]})

    # ------------------------------------------------------------------
    # loyalty
    # ------------------------------------------------------------------
    def bench_loyalty(self):
        a = self.args
        program = self.program()
        # The generator assessed the customers at its anchor date: a rerun on
        # that day changes (and writes) almost nothing. The daily job runs the
        # next day, when every customer's recency has moved: that is the run
        # timed (ours and floor); the same-day rerun is reported in the notes.
        same_day = self.marker["today"]
        today = (datetime.datetime.strptime(same_day, "%Y-%m-%d").date()
                 + datetime.timedelta(days=1)).strftime("%Y-%m-%d")

        def ours_run(today=today, check=None):
            # the query log keeps every statement's parameters (the recompute's
            # batch arrays, ~20 MB a run): keep only this run's, or the memory
            # figure measures the log
            self.log.reset()
            self.cr.execute("SAVEPOINT bench_loyalty")
            try:
                program._recompute(today=today)
                if check:
                    check()
            finally:
                self.cr.execute("ROLLBACK TO SAVEPOINT bench_loyalty")
                self.fresh()
        # the metric figures the floor also writes, on the program's memberships
        figures_sql = (
            "SELECT md5(string_agg(concat_ws(',', partner_id, round(revenue::numeric, 2), "
            "order_count, recency_days, tenure_days, rfm_r, rfm_f, rfm_m), '|' "
            "ORDER BY partner_id)) FROM crm_loyalty_membership WHERE program_id = %s")
        figures = {}

        def ours_figures():
            # not through the query log: not one of the queries ours sends
            self.log._orig(figures_sql, [program.id])
            figures["ours"] = self.cr.fetchone()[0]
        self.log.reset()
        ours_run(check=ours_figures)
        queries = len(self.log.queries)
        ours = timed(ours_run, a.loyalty_runs, 0)
        rerun = timed(lambda: ours_run(same_day), 1, 0)
        # peak memory as the growth of the process's high-water mark (RSS):
        # tracemalloc would slow a 100,000-customer run several times
        import resource

        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        ours_run()
        memory = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before, 0) * 1024
        # floor: the metrics query, the missing memberships inserted and a
        # set-based UPDATE of the same figures on the memberships, in SQL only
        from odoo.addons.crm_loyalty.models import crm_loyalty_program as clp

        start = (datetime.datetime.strptime(today, "%Y-%m-%d").date()
                 - datetime.timedelta(days=program.window_days - 1))
        metrics = clp.METRICS_QUERY.replace("__COSTS__", program._costs_query())
        params = {"company": program.company_id.id, "today": today, "start": start,
                  "tiers": tuple(program.tier_ids.ids), "program": program.id,
                  "delivery_known": program._delivery_known(),
                  "uid": self.odoo.SUPERUSER_ID}
        floor_sql = ("CREATE TEMP TABLE bench_m ON COMMIT DROP AS " + metrics
                     + "; INSERT INTO crm_loyalty_membership (create_uid, create_date, "
                     "write_uid, write_date, partner_id, program_id, company_id) "
                     "SELECT %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, "
                     "now() AT TIME ZONE 'UTC', m.cp, %(program)s, %(company)s FROM bench_m m "
                     "ON CONFLICT (partner_id, program_id) DO NOTHING"
                     "; UPDATE crm_loyalty_membership p SET revenue = m.revenue, "
                     "order_count = m.orders, recency_days = m.recency, "
                     "tenure_days = m.tenure, rfm_r = m.r, rfm_f = m.f, "
                     "rfm_m = m.m FROM bench_m m "
                     "WHERE p.partner_id = m.cp AND p.program_id = %(program)s")

        def floor_run(check=False):
            try:
                self.pgcur.execute(floor_sql, params)
                if check:
                    self.pgcur.execute(figures_sql, [program.id])
                    figures["floor"] = self.pgcur.fetchone()[0]
            finally:
                self.pg.rollback()
            return None
        floor_run(check=True)
        floor = timed(floor_run, a.loyalty_runs, 0)
        # naive: per-partner ORM loop on a sample, extrapolated
        Partner = self.env_su["res.partner"]
        Membership = self.env_su["crm.loyalty.membership"]
        sample = Partner.search([("customer", "=", True), ("parent_id", "=", False)],
                                limit=a.naive_sample, order="id")
        total = Partner.search_count([("customer", "=", True), ("parent_id", "=", False)])
        start_s = start.strftime("%Y-%m-%d")

        def naive_run():
            for partner in sample:
                members = Partner.search([("commercial_partner_id", "=", partner.id)])
                invoices = self.env_su["account.invoice"].search([
                    ("partner_id", "in", members.ids), ("type", "in", ("out_invoice", "out_refund")),
                    ("state", "in", ("open", "paid")), ("date_invoice", ">=", start_s),
                    ("date_invoice", "<=", today)])
                orders = self.env_su["sale.order"].search_count([
                    ("partner_id", "in", members.ids), ("state", "in", ("sale", "done")),
                    ("date_order", ">=", start_s)])
                revenue = sum(invoices.mapped("amount_untaxed_signed"))
                member = Membership.search([("partner_id", "=", partner.id),
                                            ("program_id", "=", program.id)])
                vals = {"revenue": revenue, "order_count": orders}
                if member:
                    member.write(vals)
                else:
                    Membership.create(dict(vals, partner_id=partner.id,
                                           program_id=program.id))
        self.cr.execute("SAVEPOINT bench_naive")
        naive_sample = timed(naive_run, 1, 0, self.fresh)
        self.cr.execute("ROLLBACK TO SAVEPOINT bench_naive")
        factor = total / float(len(sample) or 1)
        naive = (naive_sample[0] * factor, naive_sample[1] * factor, None, naive_sample[3])
        self.record(
            "loyalty recompute, all %d customers" % total, "<= 60 s; <= 3x floor; memory flat",
            ours, naive, floor, queries, None, memory,
            bool(figures.get("ours")) and figures.get("ours") == figures.get("floor"),
            notes="the daily run of program %d (memberships): assessed at %s, the day after "
            "the generator's anchor "
            "(a same-day rerun, which writes only what changed, takes %.0f ms); "
            "peak memory = growth of the process RSS high-water mark during one extra "
            "run (the earlier runs may already have raised it); ours: %d runs in a "
            "rolled-back savepoint; floor = metrics query + INSERT of the missing memberships "
            "+ UPDATE of the metric columns of the memberships (no scoring/tiers); naive = "
            "per-customer ORM loop on %d customers (revenue and orders written on the "
            "membership) extrapolated x%.0f; equal = ours and floor leave the same metric "
            "figures on the memberships (naive computes a subset: not compared)" % (
                program.id, today, rerun[0], a.loyalty_runs, len(sample), factor),
            checks={"<= 60 s": ours[0] <= 60000, "<= 3x floor": ours[0] <= 3 * floor[0],
                    ">= 10x faster than naive": naive[0] >= 10 * ours[0]})

    # ------------------------------------------------------------------
    # kpi_summary and dashboard
    # ------------------------------------------------------------------
    def naive_kpi(self, env, start, end):
        """kpi figures the way a typical module computes them: one
        search_count / read_group per figure (UTC bounds)."""
        T = env["helpdesk.ticket"]
        F = env["crm.service.feedback"]
        period = [("create_date", ">=", start), ("create_date", "<", end)]
        out = {"ticket_count": T.search_count(period)}
        g = T.read_group(period + [("first_response_date", "!=", False)],
                         ["first_response_hours"], [])
        out["first_response_hours_avg"] = g[0]["first_response_hours"] if g else None
        g = T.read_group(period + [("closed_date", "!=", False), ("stage_id.closed", "=", True)],
                         ["resolution_hours"], [])
        out["resolution_hours_avg"] = g[0]["resolution_hours"] if g else None
        met = T.search_count(period + [("sla_policy_id", "!=", False),
                                       ("sla_status", "=", "met")])
        T.search_count(period + [("sla_policy_id", "!=", False)])
        T.search_count(period + [("reopen_count", ">", 0)])
        ans = [("state", "=", "answered"), ("answered_date", ">=", start),
               ("answered_date", "<", end)]
        g = F.read_group(ans, ["csat"], [])
        out["csat_avg"] = g[0]["csat"] if g else None
        F.search_count(ans + [("csat", ">=", 4)])
        F.search_count(ans + [("nps", ">=", 9)])
        F.search_count(ans + [("nps", "<=", 6)])
        F.search_count([("request_date", ">=", start), ("request_date", "<", end)])
        T.search_count([("create_date", "<", end), ("stage_id.closed", "=", False)])
        out["met"] = met
        return out

    def naive_dashboard_service(self, data):
        """The dashboard's service figures the naive way (as the
        administrator, time zone UTC): the naive kpi of the period, of the
        previous period and of each month of the charts. Returns whether
        they equal ``data`` (ours)."""
        def bounds(d_from, d_to):
            end = (datetime.datetime.strptime(d_to, "%Y-%m-%d").date()
                   + datetime.timedelta(days=1))
            return d_from + " 00:00:00", end.strftime("%Y-%m-%d") + " 00:00:00"
        env = self.env_su
        current = self.naive_kpi(env, *bounds(data["period"]["date_from"],
                                                 data["period"]["date_to"]))
        previous = self.naive_kpi(env, *bounds(data["previous_period"]["date_from"],
                                                  data["previous_period"]["date_to"]))
        months = env["crm.service.kpi.dashboard"]._series_bounds(
            datetime.datetime.strptime(data["period"]["date_to"], "%Y-%m-%d").date())
        monthly = [self.naive_kpi(env, start, end) for start, end in months]

        def same(x, y):
            # missing: None from read_group, False from the RPC methods
            x, y = (None if x is False else x), (None if y is False else y)
            return (x is None and y is None) or (
                x is not None and y is not None and abs(x - y) < 0.01)
        tiles = {t["code"]: t for t in data["tiles"]}
        codes = ("ticket_count", "first_response_hours_avg", "resolution_hours_avg", "csat_avg")
        ok = all(same(tiles[c]["value"], current[c]) and same(tiles[c]["previous"], previous[c])
                 for c in codes)
        for code in ("ticket_count", "first_response_hours_avg", "csat_avg"):
            ok = ok and all(same(x, m[code]) for x, m in zip(data["series"][code], monthly))
        return ok

    def bench_kpi(self):
        a = self.args
        today = datetime.datetime.strptime(self.marker["today"], "%Y-%m-%d").date()
        d_from = (today - datetime.timedelta(days=365)).strftime("%Y-%m-%d")
        d_to = (today - datetime.timedelta(days=1)).strftime("%Y-%m-%d")
        Ticket = self.env["helpdesk.ticket"]
        self.log.reset()
        res = Ticket.kpi_summary(d_from, d_to)
        queries = len(self.log.queries)
        # the statements may be psycopg2.sql objects: compare and replay their text
        replay = [(q if isinstance(q, str) else q.as_string(self.cr._obj), p)
                  for q, p in self.log.queries]
        replay = [q for q in replay if "FILTER" in q[0]]
        ours = timed(lambda: self.env["helpdesk.ticket"].kpi_summary(d_from, d_to), a.runs,
                     a.warmup, self.fresh)
        memory = peak_memory(lambda: self.env["helpdesk.ticket"].kpi_summary(d_from, d_to),
                             self.fresh)
        floor = self.floor_sql(replay, a.runs, a.warmup)
        start, end = d_from + " 00:00:00", (today.strftime("%Y-%m-%d") + " 00:00:00")

        def naive_run():
            return self.naive_kpi(self.env, start, end)
        naive = timed(naive_run, a.naive_runs, 1, self.fresh)
        nv = naive[2]
        # missing: None from read_group, False from kpi_summary (RPC-safe)
        res = {k: (None if v is False else v) for k, v in res.items()}
        nv = {k: (None if v is False else v) for k, v in nv.items()}
        equal = nv["ticket_count"] == res["ticket_count"] and all(
            res[k] is None and nv[k] is None or
            (res[k] is not None and nv[k] is not None and abs(res[k] - nv[k]) < 0.01)
            for k in ("first_response_hours_avg", "resolution_hours_avg", "csat_avg"))
        self.record("kpi_summary, 12 months, all teams", "median <= 500 ms", ours, naive, floor,
                    queries, None, memory, equal,
                    notes="naive = one search_count/read_group per figure (4 figures compared); "
                    "floor = its two aggregate queries replayed (user tz %s)" % (
                        self.user.tz),
                    checks={"median <= 500 ms": ours[0] <= 500,
                            ">= 10x faster than naive": naive[0] >= 10 * ours[0]})

    def bench_dashboard(self):
        a = self.args
        model = "crm.service.kpi.dashboard"
        if model not in self.env or not hasattr(self.env[model], "get_dashboard_data"):
            self.results.append({"path": "dashboard page load", "budget": "<= 1.5 s",
                                 "notes": "not yet (crm.service.kpi.dashboard.get_dashboard_data "
                                 "does not exist)", "budget_ok": None})
            print("dashboard: not yet")
            return
        today = datetime.datetime.strptime(self.marker["today"], "%Y-%m-%d").date()
        d_from = (today - datetime.timedelta(days=30)).strftime("%Y-%m-%d")
        d_to = (today - datetime.timedelta(days=1)).strftime("%Y-%m-%d")

        # as the salesperson (their own sales figures; no helpdesk team, so the
        # service tiles are empty) and as the administrator, who sees every
        # team's tickets and every salesperson's figures: the heaviest page
        for env, who in ((self.env, "salesperson %s" % self.user.login),
                         (self.env_su, "administrator, every team and salesperson")):
            def run(env=env):
                return env[model].get_dashboard_data(d_from, d_to)
            try:
                self.log.reset()
                run()
            except Exception as error:  # noqa: B902 (reported, not raised)
                self.cr.rollback()
                self.results.append({"path": "dashboard page load (%s)" % who,
                                     "budget": "<= 1.5 s", "notes": "error: %s" % error,
                                     "budget_ok": False})
                print("dashboard: error %s" % error)
                continue
            queries = len(self.log.queries)
            ours = timed(run, a.runs, a.warmup, self.fresh)
            memory = peak_memory(run, self.fresh)
            naive, equal, checks = None, None, {"median <= 1500 ms": ours[0] <= 1500}
            notes = "one RPC (get_dashboard_data, the page's only call) through the Environment"
            if env is self.env_su:
                naive = timed(lambda: self.naive_dashboard_service(ours[2]), a.naive_runs, 1,
                              self.fresh)
                equal = naive[2]
                checks[">= 10x faster than naive"] = naive[0] >= 10 * ours[0]
                notes += ("; naive = the service part only (a subset: 4 tiles for both "
                          "periods and 3 monthly charts, one search_count/read_group per "
                          "figure, the kpi_summary naive of each period and month), compared "
                          "with ours' tiles and charts; no floor")
            else:
                notes += "; no naive/floor (the salesperson's service tiles are empty)"
            self.record("dashboard page load (get_dashboard_data, last 30 days, %s)" % who,
                        "<= 1.5 s", ours, naive, None, queries, None, memory, equal,
                        notes=notes, checks=checks)

    # ------------------------------------------------------------------
    # customer list
    # ------------------------------------------------------------------
    # the fields of the loyalty list view (crm_loyalty_membership_view_tree;
    # company_id only for multi-company users, as the web client asks)
    LIST_FIELDS = ["partner_id", "tier_id", "score", "segment", "rfm_r", "rfm_f", "rfm_m",
                   "revenue", "cost", "cost_basis", "margin", "cost_to_serve", "profit",
                   "quadrant", "order_count", "recency_days", "referral_count"]
    # the value x loyalty action's domain: assessed memberships of active programs
    # (the record rules keep the user's company's)
    LIST_DOMAIN = [("quadrant", "!=", False), ("program_id.active", "=", True)]
    LIST_MODEL = "crm.loyalty.membership"

    def bench_list(self):
        a = self.args
        fields = list(self.LIST_FIELDS)
        if self.user.has_group("base.group_multi_company"):
            fields.insert(1, "company_id")

        def run():
            # what /web/dataset/search_read does for a list view: the page, then
            # the total (the page is full)
            Membership = self.env[self.LIST_MODEL]
            records = Membership.search_read(
                self.LIST_DOMAIN, fields, limit=80, order="revenue desc, id")
            if len(records) == 80:
                Membership.search_count(self.LIST_DOMAIN)
            return records
        run()
        self.fresh()
        self.log.reset()
        run()
        queries = len(self.log.queries)
        ours = timed(run, a.runs, a.warmup, self.fresh)
        memory = peak_memory(run, self.fresh)

        def naive_run():
            members = self.env[self.LIST_MODEL].search(self.LIST_DOMAIN)
            rows = members.read(["revenue", "partner_id", "tier_id", "segment"])
            rows.sort(key=lambda r: (-r["revenue"], r["id"]))
            return rows[:80]
        naive = timed(naive_run, max(1, a.naive_runs // 2), 1, self.fresh)
        program = self.program()
        floor_sql = ("SELECT m.id, p.display_name, t.name, m.segment, m.revenue "
                     "FROM crm_loyalty_membership m JOIN res_partner p ON p.id = m.partner_id "
                     "LEFT JOIN crm_loyalty_tier t ON t.id = m.tier_id "
                     "WHERE m.program_id = %s AND m.quadrant IS NOT NULL "
                     "ORDER BY m.revenue DESC, m.id LIMIT 80")
        floor = self.floor_sql([(floor_sql, [program.id or 0])], a.runs, a.warmup)
        equal = [r["id"] for r in ours[2]] == [r["id"] for r in naive[2]] == \
            [r[0] for r in floor[2]]
        self.record("customer list with tier and segment, 80 rows by revenue",
                    "median <= 200 ms", ours, naive, floor, queries, None, memory, equal,
                    notes="search_read of crm.loyalty.membership (the loyalty list view's "
                    "fields) plus the total count, as /web/dataset/search_read; domain of the "
                    "value x loyalty action; floor = memberships of program %d joined with the "
                    "partner and the tier" % (program.id or 0),
                    checks={"median <= 200 ms": ours[0] <= 200,
                            ">= 10x faster than naive": naive[0] >= 10 * ours[0]})

    # ------------------------------------------------------------------
    # customer value (issue 14)
    # ------------------------------------------------------------------
    def bench_clv(self):
        """Fit and score of the customer value models (BG/NBD, Gamma-Gamma,
        P(alive), expected purchases, CLV, value at risk) on every customer
        of the salesperson's company, against the set-based SQL extracting
        their inputs (floor). The whole step as the recompute runs it (SQL,
        fit, score, batched UPDATEs, holdout model check) is in the notes."""
        import numpy
        from odoo.addons.crm_loyalty.models import crm_loyalty_program as customer_value
        a = self.args
        program = self.program()
        today = self.marker["today"]
        params = {"company": program.company_id.id, "today": today, "program": program.id}
        floor = self.floor_sql([(customer_value.CLV_INPUT_QUERY, params)], a.runs, a.warmup)
        data = numpy.array(floor[2], dtype=float).reshape(-1, 7)
        day = datetime.datetime.strptime(today, "%Y-%m-%d").date()
        runs = max(1, a.loyalty_runs)
        ours = timed(lambda: program._clv_score(day, data), runs, 1)
        memory = peak_memory(lambda: program._clv_score(day, data))

        def whole():
            self.cr.execute("SAVEPOINT bench_clv")
            try:
                return program._assess_clv(today=today)
            finally:
                self.cr.execute("ROLLBACK TO SAVEPOINT bench_clv")
        whole_run = timed(whole, runs, 0)
        fit, _spend = ours[2][1], ours[2][2]
        self.record(
            "customer value: fit and score %d customers" % len(data),
            "median <= 30 s and <= 2x the input SQL (from %d customers; "
            "below: <= 1 s)" % CLV_RATIO_FROM, ours, None, floor, None, None, memory,
            None,
            notes="rules/clv.py through crm.loyalty.program._clv_score on the rows of "
            "CLV_INPUT_QUERY (floor: that query alone, %.0f ms); BG/NBD r=%.3f alpha=%.3f "
            "a=%.3f b=%.3f; the whole step of the recompute (_assess_clv: SQL, fit, score, "
            "batched UPDATEs, holdout model check): median %.0f ms" % (
                floor[0], fit["r"], fit["alpha"], fit["a"], fit["b"], whole_run[0]),
            checks=clv_checks(len(data), ours[0], floor[0]))

    # ------------------------------------------------------------------
    # lead intake (issue 15)
    # ------------------------------------------------------------------
    def intake_cards(self, count):
        """A CSV of ``count`` business cards like a trade fair's: ~10 % with
        the email of a customer of the salesperson's company, ~5 % with a
        customer's phone, ~4 % given twice, ~1 % in error, the rest new;
        Chinese and English, full-width digits. Deterministic."""
        import random
        rnd = random.Random(15)
        company = self.user.company_id.id
        self.pgcur.execute(
            "SELECT email FROM res_partner WHERE email LIKE '%%@%%.%%' AND active "
            "AND (company_id IS NULL OR company_id = %s) ORDER BY id LIMIT 2000", [company])
        emails = [r[0] for r in self.pgcur.fetchall()]
        self.pgcur.execute(
            "SELECT phone FROM res_partner WHERE phone ~ '[0-9]{7}' AND active "
            "AND (company_id IS NULL OR company_id = %s) ORDER BY id LIMIT 2000", [company])
        phones = [r[0] for r in self.pgcur.fetchall()]
        self.pg.rollback()
        surnames, given = "王李张刘陈杨黄赵周吴", "伟芳娜敏静丽强磊洋艳"
        lines = ["姓名,公司,职位,手机,邮箱"]
        for i in range(count):
            kind = rnd.random()
            name = surnames[i % 10] + given[(i * 7) % 10] if i % 3 else "Card Person %d" % i
            company_name = "苏州精密%d有限公司" % (i % 700) if i % 2 else "Acme %d Co., Ltd." % (i % 700)
            email, phone = "card%d@intake-bench.example" % i, "１３９%08d" % i
            if kind < 0.10 and emails:
                email = rnd.choice(emails)
            elif kind < 0.15 and phones:
                email, phone = "", rnd.choice(phones)
            elif kind < 0.19 and i > 10:
                email = "card%d@intake-bench.example" % (i - 7)
            elif kind < 0.20:
                email = "broken-%d@" % i
            lines.append(",".join(v.replace(",", " ") for v in (
                name, company_name, "采购经理", phone, email)))
        return ("\n".join(lines) + "\n").encode("utf-8")

    def bench_intake(self):
        """Preview and import of 5,000 business cards through the lead intake
        wizard, as the salesperson (their rights), in a savepoint rolled back
        after each run: matching in SQL, then one ORM ``create`` per lead
        (defaults once per team, stored computed fields after all the leads,
        followers subscribed per salesperson, one message per salesperson).
        Budget: <= 60 s for both steps."""
        import base64
        a = self.args
        count = 5000
        content = base64.b64encode(self.intake_cards(count))
        outcome = {}

        def run():
            self.cr.execute("SAVEPOINT bench_intake")
            try:
                wizard = self.env["crm.lead.intake"].create({
                    "file": content, "filename": "cards.csv", "import_mode": "good"})
                t = time.perf_counter()
                wizard.action_preview()
                outcome["preview_ms"] = (time.perf_counter() - t) * 1000
                outcome["counts"] = {k: wizard[k] for k in (
                    "count_new", "count_customer", "count_duplicate", "count_in_file",
                    "count_error")}
                wizard.action_import()
                outcome["created"] = wizard.count_created
                return outcome["created"]
            finally:
                self.cr.execute("ROLLBACK TO SAVEPOINT bench_intake")
                self.fresh()
        self.log.reset()
        run()
        queries = len(self.log.queries)
        ours = timed(run, max(1, a.intake_runs), 0, self.fresh)

        def naive_sample():
            # the usual way: one search per key and row, one ORM create per lead
            self.cr.execute("SAVEPOINT bench_intake_naive")
            try:
                Partner, Lead = self.env["res.partner"], self.env["crm.lead"]
                for i in range(200):
                    email = "card%d@intake-bench.example" % i
                    Partner.search([("email", "=ilike", email)], limit=1)
                    Lead.search([("email_from", "=ilike", email)], limit=1)
                    Lead.with_context(tracking_disable=True, mail_create_nolog=True).create({
                        "name": "Card %d" % i, "email_from": email, "type": "lead"})
            finally:
                self.cr.execute("ROLLBACK TO SAVEPOINT bench_intake_naive")
                self.fresh()
        naive = timed(naive_sample, 1, 0, self.fresh)
        self.record("lead intake: preview and import of 5,000 business cards",
                    "median <= 60 s", ours, None, None, queries, None, None,
                    None,
                    notes="preview %.0f ms of the last run; statuses %s; %d leads created; "
                    "naive per-row ORM (search partner, search lead, create) on 200 cards: "
                    "%.0f ms, i.e. ~%.0f s for 5,000" % (
                        outcome["preview_ms"], json.dumps(outcome["counts"]),
                        outcome["created"], naive[0], naive[0] * count / 200 / 1000),
                    checks={"median <= 60 s": ours[0] <= 60000})

    # ------------------------------------------------------------------
    # next-reply SLA job (issue 16)
    # ------------------------------------------------------------------
    def _sla_silent_tickets(self, count):
        """Make ``count`` tickets silent (inside the caller's savepoint), the
        open ones first, solved ones reopened when there are not enough: a
        customer message waiting on us since ten days before --today, its
        next-reply deadline long past, nobody told yet. Returns (ticket ids,
        the cron's now)."""
        now = "%s 08:00:00" % self.marker["today"]
        self.cr.execute("""
            SELECT t.id FROM helpdesk_ticket t
              JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
             WHERE NOT COALESCE(s.waiting_customer, FALSE)
             ORDER BY COALESCE(s.closed, FALSE), t.id LIMIT %s""", [count])
        ids = [row[0] for row in self.cr.fetchall()]
        self.cr.execute("""
            UPDATE helpdesk_ticket SET
                stage_id = (SELECT id FROM helpdesk_ticket_stage
                             WHERE NOT COALESCE(closed, FALSE)
                               AND NOT COALESCE(waiting_customer, FALSE)
                             ORDER BY sequence, id LIMIT 1),
                closed_date = NULL,
                sla_policy_id = COALESCE(sla_policy_id, (
                    SELECT id FROM crm_service_sla_policy WHERE active ORDER BY id LIMIT 1)),
                first_response_date = COALESCE(first_response_date, sla_start_date, create_date),
                next_reply_start = %(now)s::timestamp - interval '10 days',
                next_reply_deadline = %(now)s::timestamp - interval '9 days',
                next_reply_risk_date = %(now)s::timestamp - interval '9 days 2 hours',
                next_reply_state = 'on_track', next_reply_risk_notified = FALSE,
                next_reply_breach_notified = FALSE,
                sla_risk_notified = TRUE, sla_breach_notified = TRUE, sla_status = 'breached'
             WHERE id = ANY(%(ids)s)""", {"now": now, "ids": ids})
        self.env_su.clear()
        return ids, now

    def bench_sla(self):
        """The scheduled job of the SLA (every 15 minutes) when many tickets
        went silent at once: it selects them in SQL, moves their next-reply
        state to breached and creates the to-dos of the assignee and the
        team leader (or a note on unassigned tickets). Ours: the cron method
        as the cron runs it (superuser), activities through the ORM in one
        batch (followers subscribed first, one write per user). Naive: the
        same to-dos created one by one the plain way (each activity forces
        the assignee's re-subscription, a tracked write of the ticket), on a
        sample, extrapolated. Floor: the cron's SELECT plus one INSERT ...
        SELECT of the activities."""
        a = self.args
        count = a.sla_tickets
        Ticket = self.env_su["helpdesk.ticket"]
        self.cr.execute("SAVEPOINT bench_sla")
        ids, now = self._sla_silent_tickets(count)
        self.cr.execute("SELECT count(*) FROM mail_activity")
        before = self.cr.fetchone()[0]
        self.log.reset()
        start = time.perf_counter()
        selected = Ticket._cron_sla_status(now=now)
        once = (time.perf_counter() - start) * 1000
        queries = len(self.log.queries)
        self.cr.execute("SELECT count(*) FROM mail_activity")
        created = self.cr.fetchone()[0] - before
        self.cr.execute("SELECT count(*) FROM helpdesk_ticket WHERE id = ANY(%s) AND "
                        "next_reply_state = 'breached' AND next_reply_breach_notified", [ids])
        notified = self.cr.fetchone()[0]
        # a rerun finds nothing new (flags): the job is idempotent
        rerun = Ticket._cron_sla_status(now=now)
        self.cr.execute("ROLLBACK TO SAVEPOINT bench_sla")
        self.env_su.clear()
        runs = max(1, a.sla_runs)
        state = {"open": False}

        def setup():
            # the previous run's work is undone, the tickets made silent again
            # (not timed)
            if state["open"]:
                self.cr.execute("ROLLBACK TO SAVEPOINT bench_sla")
            self.cr.execute("SAVEPOINT bench_sla")
            state["open"] = True
            self._sla_silent_tickets(count)
        ours = timed(lambda: Ticket._cron_sla_status(now=now), runs, 0, setup)
        self.cr.execute("ROLLBACK TO SAVEPOINT bench_sla")
        self.env_su.clear()

        # naive: the to-dos of a sample created one by one, extrapolated
        sample = min(len(ids), a.naive_sample // 3 or 1)

        def naive_run():
            Activity = self.env_su["mail.activity"]
            model_id = self.env_su["ir.model"]._get("helpdesk.ticket").id
            for ticket in Ticket.browse(ids[:sample]):
                for user in (ticket.user_id | ticket.team_id.leader_id):
                    Activity.create({
                        "res_model_id": model_id, "res_id": ticket.id, "user_id": user.id,
                        "summary": "Reply overdue", "note": "naive"})
                if not ticket.user_id and not ticket.team_id.leader_id:
                    ticket.message_post(body="naive", subtype="mail.mt_note")
        state["open"] = False
        naive_sample = timed(naive_run, 1, 0, setup)
        self.cr.execute("ROLLBACK TO SAVEPOINT bench_sla")
        self.env_su.clear()
        factor = len(ids) / float(sample or 1)
        naive = (naive_sample[0] * factor, naive_sample[1] * factor, None, naive_sample[3])

        # floor: the cron's SELECT and one INSERT of the activities
        floor_queries = [(
            "SAVEPOINT bench_sla_floor", None), ("""
            INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, user_id,
                                       date_deadline, summary, create_uid, write_uid,
                                       create_date, write_date)
            SELECT m.id, 'helpdesk.ticket', t.id, t.name, u.uid, %(today)s::date,
                   'Reply overdue', 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM helpdesk_ticket t
              LEFT JOIN helpdesk_ticket_team tm ON tm.id = t.team_id
              CROSS JOIN LATERAL (SELECT DISTINCT x.uid FROM unnest(
                    ARRAY[t.user_id, tm.leader_id]) AS x(uid) WHERE x.uid IS NOT NULL) u
              JOIN ir_model m ON m.model = 'helpdesk.ticket'
             WHERE t.id = ANY(%(ids)s)
             RETURNING id""", {"today": self.marker["today"], "ids": ids}),
            ("ROLLBACK TO SAVEPOINT bench_sla_floor", None)]
        self.pg.rollback()
        floor = self.floor_sql(floor_queries, runs, 0)
        self.pg.rollback()
        equal = bool(len(selected) == len(ids) == notified and not rerun and created)
        self.record(
            "next-reply SLA job: %d silent tickets" % len(ids),
            "median <= 300 ms per ticket; >= 2x faster than naive", ours, naive, floor,
            queries, None, None, equal,
            notes="cron _cron_sla_status as superuser after %d tickets went silent (open ones "
            "first, solved ones reopened) "
            "(customer message waiting, next-reply deadline 9 days past): first run %.0f ms, "
            "%d activities created, %d tickets breached and flagged, rerun selects %d; "
            "naive = the to-dos created one by one (forced re-subscription and tracked "
            "write per activity) on %d tickets, extrapolated; floor = one INSERT ... SELECT "
            "of the activities (no ORM side effects)" % (
                len(ids), once, created, notified, len(rerun), sample),
            checks={"median <= 300 ms per ticket": ours[0] <= 300 * max(1, len(ids)),
                    ">= 2x faster than naive": naive[0] >= 2 * ours[0]})

    # ------------------------------------------------------------------
    # lead scoring (issue 15)
    # ------------------------------------------------------------------
    def bench_lead_scoring(self):
        """Train the lead scoring model of the salesperson's company on its
        closed leads and score all its open leads, as the nightly job does
        (feature SQL, fit on the time-split history, refit, reasons, batched
        UPDATE of the scores), against the feature SQL alone (floor)."""
        from odoo.addons.crm_customer360.rules import lead_scoring
        a = self.args
        Model = self.env_su["crm.lead.score.model"]
        company = self.user.company_id
        today = self.marker["today"]
        query = lead_scoring.feature_query(
            mailing="mail.mail.statistics" in self.env_su,
            event="event.registration" in self.env_su)
        params = {"company": company.id, "as_of": today + " 23:59:59"}
        floor = self.floor_sql([(query, params)], max(1, a.loyalty_runs), 1)
        rows = Model._features(company, today)

        def whole():
            self.cr.execute("SAVEPOINT bench_lead_scoring")
            try:
                return Model._train_company(company, today).read(
                    ["state", "won_count", "lost_count", "open_count", "auc"])[0]
            finally:
                self.cr.execute("ROLLBACK TO SAVEPOINT bench_lead_scoring")
        runs = max(1, a.loyalty_runs)
        ours = timed(whole, runs, 0)
        fit = timed(lambda: lead_scoring.train(rows), runs, 0)
        memory = peak_memory(lambda: lead_scoring.train(rows))
        info = ours[2]
        self.record(
            "lead scoring: train and score %d open leads (%d won, %d lost)" % (
                info["open_count"], info["won_count"], info["lost_count"]),
            "median <= 60 s", ours, None, floor, None, None, memory, None,
            notes="crm.lead.score.model._train_company (feature SQL, time-split fit and "
            "check, refit, reasons, one UPDATE); feature SQL alone (floor) %.0f ms, "
            "rules/lead_scoring.train alone %.0f ms; state %s, held-out AUC %s" % (
                floor[0], fit[0], info["state"], info["auc"]),
            checks={"median <= 60 s": ours[0] <= 60000})

    # ------------------------------------------------------------------
    def machine(self):
        def sh(cmd):
            try:
                return subprocess.check_output(cmd, shell=True, text=True).strip()
            except Exception:  # noqa: B902
                return "?"
        self.pgcur.execute("SHOW server_version")
        pg = self.pgcur.fetchone()[0]
        self.pg.rollback()
        return {
            "nproc": os.cpu_count(), "ram": sh("free -h | awk '/Mem:/ {print $2}'"),
            "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"),
            "postgresql": pg, "python": platform.python_version(),
            "load_before": sh("cat /proc/loadavg"),
            "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
            "db": self.args.db, "scale": self.marker.get("scale"),
            "salesperson": self.user.login,
        }

    def run(self):
        info = self.machine()
        paths = {"timeline": self.bench_timeline, "header": self.bench_header,
                 "kpi": self.bench_kpi, "dashboard": self.bench_dashboard,
                 "list": self.bench_list, "loyalty": self.bench_loyalty,
                 "clv": self.bench_clv, "intake": self.bench_intake,
                 "sla": self.bench_sla, "lead_scoring": self.bench_lead_scoring}
        for name, fn in paths.items():
            if self.args.only and name not in self.args.only:
                continue
            try:
                fn()
            finally:
                self.cr.rollback()
                self.pg.rollback()
        info["load_after"] = open("/proc/loadavg").read().strip()
        self.log.restore()
        self.cr.rollback()
        self.cr.close()
        return info


def fmt(v, unit=""):
    if v is None:
        return "–"
    if isinstance(v, float):
        return ("%.0f" % v if v >= 100 else "%.1f" % v) + unit
    return "%s%s" % (v, unit)


def write_reports(info, results, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "benchmark.json"), "w") as f:
        json.dump({"machine": info, "results": results}, f, indent=1, default=str)
    lines = [
        "# Benchmark (%s, database %s, scale %s)" % (info["date"], info["db"], info["scale"]),
        "",
        "Machine: %s cores (%s), %s RAM, PostgreSQL %s, Python %s; load average before %s, "
        "after %s. Ours runs as salesperson `%s`." % (
            info["nproc"], info["cpu"], info["ram"], info["postgresql"], info["python"],
            info["load_before"], info.get("load_after"), info["salesperson"]),
        "",
        "| path | budget | ours median / p95 (ms) | naive median (ms) | floor median (ms) "
        "| ours/floor | naive/ours | queries (big / small) | peak mem (KB) | equal | budget |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        if "ours_median_ms" not in r:
            lines.append("| %s | %s | %s | | | | | | | | n/a |" % (r["path"], r["budget"],
                                                                 r["notes"]))
            continue
        ok = r["budget_ok"]
        missed = [k for k, v in r["budget_checks"].items() if not v]
        lines.append("| %s | %s | %s / %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["path"], r["budget"], fmt(r["ours_median_ms"]), fmt(r["ours_p95_ms"]),
            fmt(r["naive_median_ms"]), fmt(r["floor_median_ms"]),
            fmt(r["ours_over_floor"], "x"), fmt(r["naive_over_ours"], "x"),
            "%s / %s" % (r["queries"], fmt(r["queries_small_customer"])),
            fmt(r["peak_memory_kb"]), {True: "yes", False: "NO", None: "–"}[r["equal"]],
            "ok" if ok else "MISSED: " + ", ".join(missed)))
    lines.append("")
    lines.append("Notes:")
    for r in results:
        lines.append("- %s: %s (runs: ours %s, naive %s)" % (
            r["path"], r.get("notes", ""), r.get("ours_runs", "–"), r.get("naive_runs", "–")))
    with open(os.path.join(out_dir, "benchmark.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="crm_bench")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--naive-runs", type=int, default=3)
    parser.add_argument("--naive-sample", type=int, default=300,
                        help="customers of the naive loyalty loop (extrapolated)")
    parser.add_argument("--loyalty-runs", type=int, default=3)
    parser.add_argument("--intake-runs", type=int, default=2)
    parser.add_argument("--deep-page-limit-ms", type=float, default=3000,
                        help="skip the page-100 walk when the first page is slower")
    parser.add_argument("--sla-tickets", type=int, default=1500,
                        help="open tickets made silent for the next-reply SLA job")
    parser.add_argument("--sla-runs", type=int, default=3)
    parser.add_argument("--only", nargs="*",
                        help="timeline header kpi dashboard list loyalty clv intake sla "
                        "lead_scoring")
    parser.add_argument("--out", default=os.path.join(ROOT, "artifacts"))
    parser.add_argument("--no-fail", action="store_true", help="report only, exit 0")
    args = parser.parse_args(argv)
    with odoo_env.odoo.api.Environment.manage():
        bench = Bench(args)
        info = bench.run()
    table = write_reports(info, bench.results, args.out)
    print(table)
    missed = [r["path"] for r in bench.results if r.get("budget_ok") is False]
    if missed and not args.no_fail:
        print("budgets missed: %s" % "; ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

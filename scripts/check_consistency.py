#!/usr/bin/env python3
# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Consistency checks of a generated database (scripts/generate_data.py).

    .venv/bin/python scripts/check_consistency.py --db crm_bench
    .venv/bin/python scripts/check_consistency.py --db crm_gen_demo --fingerprint

Each check is an SQL query that returns the number of offending rows (0 =
pass), plus the counts expected of the scale the database was generated at and
a sample of tickets whose SLA fields are recomputed with the addon's own
plain-Python rules (addons/crm_service_kpi/rules/sla.py). Exit code 1 when a
check fails. --fingerprint prints a digest of the generated content (natural
keys, no database ids) used to prove that the generator is deterministic.
"""
import argparse
import datetime
import importlib.util
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from perf.odoo_env import pg_connect  # noqa: E402  (no Odoo import needed)

MARKER = "crm_perf.generated"
EUR_RATE = 0.92

CHECKS = [
    ("partner: commercial entity of a company or individual is itself", """
        SELECT count(*) FROM res_partner
         WHERE parent_id IS NULL AND commercial_partner_id <> id
           AND (is_company OR customer)"""),
    ("partner: a contact's commercial entity is its company's", """
        SELECT count(*) FROM res_partner c JOIN res_partner p ON p.id = c.parent_id
         WHERE c.commercial_partner_id <> p.commercial_partner_id"""),
    ("partner: display name of a contact is 'Company, Name'", """
        SELECT count(*) FROM res_partner c JOIN res_partner p ON p.id = c.parent_id
         WHERE c.type = 'contact' AND c.display_name <> p.name || ', ' || c.name"""),
    ("partner: referrer is another customer entity", """
        SELECT count(*) FROM res_partner c JOIN res_partner r ON r.id = c.referred_by_id
         WHERE r.commercial_partner_id = c.commercial_partner_id"""),
    ("order: amounts equal the sum of the lines", """
        SELECT count(*) FROM sale_order o
          LEFT JOIN (SELECT order_id, sum(price_subtotal) s, sum(price_total) t
                       FROM sale_order_line GROUP BY order_id) l ON l.order_id = o.id
         WHERE abs(o.amount_untaxed - coalesce(l.s, 0)) > 0.005
            OR abs(o.amount_total - coalesce(l.t, 0)) > 0.005"""),
    ("order: line currency is the pricelist's", """
        SELECT count(*) FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
          JOIN product_pricelist p ON p.id = o.pricelist_id
         WHERE l.currency_id <> p.currency_id"""),
    ("order: confirmed orders have a confirmation date", """
        SELECT count(*) FROM sale_order
         WHERE state IN ('sale', 'done') AND confirmation_date IS NULL"""),
    ("invoice: untaxed amount equals the sum of the lines", """
        SELECT count(*) FROM account_invoice i
          LEFT JOIN (SELECT invoice_id, sum(price_subtotal) s FROM account_invoice_line
                      GROUP BY invoice_id) l ON l.invoice_id = i.id
         WHERE i.state IN ('open', 'paid')
           AND abs(i.amount_untaxed - coalesce(l.s, 0)) > 0.005"""),
    ("invoice: total = untaxed + tax", """
        SELECT count(*) FROM account_invoice
         WHERE abs(amount_total - amount_untaxed - amount_tax) > 0.005"""),
    ("invoice: signed amounts in company currency (sign and rate)", """
        SELECT count(*) FROM account_invoice i
          JOIN res_company c ON c.id = i.company_id
         WHERE i.state IN ('open', 'paid') AND i.type IN ('out_invoice', 'out_refund')
           AND abs(i.amount_untaxed_signed
                   - CASE WHEN i.type = 'out_refund' THEN -1 ELSE 1 END
                     * CASE WHEN i.currency_id = c.currency_id THEN i.amount_untaxed
                            ELSE i.amount_untaxed / %(rate)s END) > 0.01
           AND i.currency_id IN (c.currency_id,
                                 (SELECT id FROM res_currency WHERE name = 'EUR'))"""),
    ("invoice: line company amounts add up to the invoice's", """
        SELECT count(*) FROM account_invoice i
          JOIN (SELECT invoice_id, sum(price_subtotal_signed) s FROM account_invoice_line
                 GROUP BY invoice_id) l ON l.invoice_id = i.id
         WHERE i.state IN ('open', 'paid') AND i.type IN ('out_invoice', 'out_refund')
           AND abs(l.s - i.amount_untaxed_signed) > 0.01 * 4"""),
    ("invoice: commercial_partner_id is the partner's commercial entity", """
        SELECT count(*) FROM account_invoice i JOIN res_partner p ON p.id = i.partner_id
         WHERE i.commercial_partner_id <> p.commercial_partner_id"""),
    ("invoice: residual is 0 when paid, the total when open without payment", """
        SELECT count(*) FROM account_invoice i
         WHERE (i.state = 'paid' AND i.residual <> 0)
            OR (i.state = 'open' AND i.residual <> i.amount_total
                AND NOT EXISTS (SELECT 1 FROM account_invoice_payment_rel r
                                 WHERE r.invoice_id = i.id))"""),
    ("invoice: a paid customer invoice has payments for its total", """
        SELECT count(*) FROM account_invoice i
          LEFT JOIN (SELECT r.invoice_id, sum(p.amount) a FROM account_invoice_payment_rel r
                       JOIN account_payment p ON p.id = r.payment_id GROUP BY r.invoice_id) x
                 ON x.invoice_id = i.id
         WHERE i.type = 'out_invoice' AND i.state = 'paid'
           AND abs(coalesce(x.a, 0) - i.amount_total) > 0.005"""),
    ("invoice: a credit note refunds an invoice of the same customer", """
        SELECT count(*) FROM account_invoice r LEFT JOIN account_invoice i
            ON i.id = r.refund_invoice_id
         WHERE r.type = 'out_refund' AND r.state IN ('open', 'paid')
           AND (i.id IS NULL OR i.commercial_partner_id <> r.commercial_partner_id
                OR r.amount_total > i.amount_total)"""),
    ("payment: customer payment's partner is a commercial entity", """
        SELECT count(*) FROM account_payment p JOIN res_partner c ON c.id = p.partner_id
         WHERE p.partner_type = 'customer' AND c.commercial_partner_id <> c.id"""),
    ("delivery: done pickings have a done date, others none", """
        SELECT count(*) FROM stock_picking
         WHERE (state = 'done') <> (date_done IS NOT NULL)"""),
    ("delivery: linked order is confirmed and of the same customer", """
        SELECT count(*) FROM stock_picking p JOIN sale_order o ON o.id = p.sale_id
         WHERE o.state NOT IN ('sale', 'done') OR o.partner_shipping_id <> p.partner_id"""),
    ("lead: won = probability 100 in a won stage, lost = archived at 0", """
        SELECT count(*) FROM crm_lead l JOIN crm_stage s ON s.id = l.stage_id
         WHERE (l.probability = 100 AND s.probability <> 100)
            OR (NOT l.active AND l.probability <> 0)
            OR (l.date_closed IS NOT NULL AND l.date_closed < l.create_date)"""),
    ("meeting: the customer and the salesperson attend", """
        SELECT count(*) FROM calendar_event e
         WHERE NOT EXISTS (SELECT 1 FROM calendar_event_res_partner_rel r
                            WHERE r.calendar_event_id = e.id)
            OR e.stop <= e.start"""),
    ("message: points to an existing document", """
        SELECT count(*) FROM mail_message m
         WHERE (m.model = 'res.partner' AND NOT EXISTS (
                    SELECT 1 FROM res_partner p WHERE p.id = m.res_id))
            OR (m.model = 'helpdesk.ticket' AND NOT EXISTS (
                    SELECT 1 FROM helpdesk_ticket t WHERE t.id = m.res_id))"""),
    ("mailing: statistics point to existing partners", """
        SELECT count(*) FROM mail_mail_statistics s
         WHERE s.model = 'res.partner' AND NOT EXISTS (
               SELECT 1 FROM res_partner p WHERE p.id = s.res_id)"""),
    ("ticket: partner exists, belongs to a customer entity, same company", """
        SELECT count(*) FROM helpdesk_ticket t LEFT JOIN res_partner p ON p.id = t.partner_id
         WHERE t.partner_id IS NOT NULL AND (p.id IS NULL OR p.commercial_partner_id IS NULL
               OR (p.company_id IS NOT NULL AND p.company_id <> t.company_id))"""),
    ("ticket: closed exactly when in a closed stage", """
        SELECT count(*) FROM helpdesk_ticket t JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
         WHERE s.closed <> (t.closed_date IS NOT NULL)"""),
    ("ticket: dates in order (open <= first response <= close)", """
        SELECT count(*) FROM helpdesk_ticket
         WHERE first_response_date < sla_start_date OR closed_date < sla_start_date
            OR first_response_date > closed_date"""),
    ("ticket: first response is the first employee message", """
        SELECT count(*) FROM helpdesk_ticket t
         WHERE t.first_response_date IS NOT NULL AND t.first_response_date IS DISTINCT FROM (
               SELECT min(m.date) FROM mail_message m
                 JOIN res_users u ON u.partner_id = m.author_id AND NOT u.share
                WHERE m.model = 'helpdesk.ticket' AND m.res_id = t.id
                  AND m.message_type IN ('comment', 'email') AND m.subtype_id = (
                      SELECT res_id FROM ir_model_data
                       WHERE module = 'mail' AND name = 'mt_comment'))"""),
    ("ticket: working hours match the dates (24/7 calendar)", """
        SELECT count(*) FROM helpdesk_ticket t
          JOIN helpdesk_ticket_team tm ON tm.id = t.team_id
          JOIN resource_calendar c ON c.id = tm.resource_calendar_id
         WHERE NOT EXISTS (SELECT 1 FROM resource_calendar_attendance a
                            WHERE a.calendar_id = c.id)
           AND t.sla_paused_hours = 0 AND t.first_response_date IS NOT NULL
           AND abs(t.first_response_hours - EXTRACT(EPOCH FROM
                   t.first_response_date - COALESCE(t.sla_start_date, t.create_date)) / 3600)
               > 0.01"""),
    ("feedback: linked ticket and customer agree", """
        SELECT count(*) FROM crm_service_feedback f
          LEFT JOIN helpdesk_ticket t ON t.id = f.ticket_id
          LEFT JOIN res_partner p ON p.id = f.partner_id
         WHERE p.id IS NULL OR (f.ticket_id IS NOT NULL AND (t.id IS NULL
               OR t.partner_id <> f.partner_id OR t.closed_date IS NULL
               OR f.request_date < t.closed_date))"""),
    ("feedback: answered ones have valid scores and dates, requests none", """
        SELECT count(*) FROM crm_service_feedback
         WHERE (state = 'answered' AND (csat NOT BETWEEN 1 AND 5 OR nps NOT BETWEEN 0 AND 10
                OR answered_date IS NULL OR answered_date < request_date))
            OR (state = 'requested' AND (csat IS NOT NULL OR answered_date IS NOT NULL))"""),
    ("feedback: detractor flag = NPS <= 6 or CSAT <= 2", """
        SELECT count(*) FROM crm_service_feedback
         WHERE is_detractor IS DISTINCT FROM (state = 'answered'
               AND (nps <= 6 OR csat <= 2))"""),
    ("feedback: tokens unique and present", """
        SELECT count(*) - count(DISTINCT access_token) + count(*) FILTER (
               WHERE access_token IS NULL) FROM crm_service_feedback"""),
    ("loyalty: memberships are of commercial entities, in their program's company", """
        SELECT count(*) FROM crm_loyalty_membership m
          JOIN res_partner p ON p.id = m.partner_id
          JOIN crm_loyalty_program prog ON prog.id = m.program_id
         WHERE p.id <> p.commercial_partner_id
            OR m.company_id IS DISTINCT FROM prog.company_id"""),
    ("loyalty: a tiered customer has a tier history row in its program", """
        SELECT count(*) FROM crm_loyalty_membership m
         WHERE m.tier_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM crm_loyalty_tier_history h
                            WHERE h.partner_id = m.partner_id
                              AND h.program_id = m.program_id)"""),
    ("sequences: ahead of every table's ids", """
        SELECT count(*) FROM (VALUES
            ('res_partner'), ('sale_order'), ('sale_order_line'), ('account_invoice'),
            ('account_invoice_line'), ('account_payment'), ('stock_picking'),
            ('crm_lead'), ('calendar_event'), ('mail_message'), ('mail_mail_statistics'),
            ('helpdesk_ticket'), ('crm_service_feedback'), ('procurement_group')) t(name)
         WHERE (xpath('/row/m/text()', query_to_xml(
                   format('SELECT coalesce(max(id), 0) AS m FROM %%I', t.name),
                   false, true, '')))[1]::text::bigint
               > (xpath('/row/v/text()', query_to_xml(
                   format('SELECT last_value AS v FROM %%I', t.name || '_id_seq'),
                   false, true, '')))[1]::text::bigint"""),
]

# timeline events per source, as the default sources define them (for counts)
EVENT_COUNT_SQL = """
SELECT
 (SELECT count(*) FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id WHERE {c})
 + (SELECT count(*) FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
     WHERE {c} AND l.probability = 100 AND l.active AND l.date_closed IS NOT NULL)
 + (SELECT count(*) FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
     WHERE {c} AND NOT l.active AND l.probability = 0)
 + (SELECT count(*) FROM sale_order o JOIN res_partner p ON p.id = o.partner_id WHERE {c})
 + (SELECT count(*) FROM sale_order o JOIN res_partner p ON p.id = o.partner_id
     WHERE {c} AND o.state IN ('sale', 'done', 'cancel'))
 + (SELECT count(*) FROM account_invoice i JOIN res_partner p ON p.id = i.partner_id
     WHERE {c} AND i.state IN ('open', 'paid'))
 + (SELECT count(*) FROM account_invoice i JOIN res_partner p ON p.id = i.partner_id
     WHERE {c} AND i.state = 'open' AND i.type = 'out_invoice' AND i.date_due < %(today)s)
 + (SELECT count(*) FROM account_payment y JOIN res_partner p ON p.id = y.partner_id
     WHERE {c})
 + (SELECT count(*) FROM stock_picking k JOIN res_partner p ON p.id = k.partner_id
     WHERE {c} AND (k.state = 'done' OR k.scheduled_date < now() AT TIME ZONE 'UTC'))
 + (SELECT count(*) FROM calendar_event_res_partner_rel r
      JOIN res_partner p ON p.id = r.res_partner_id WHERE {c})
 + (SELECT count(*) FROM helpdesk_ticket t JOIN res_partner p ON p.id = t.partner_id
     WHERE {c}) * 1
 + (SELECT count(*) FROM helpdesk_ticket t JOIN res_partner p ON p.id = t.partner_id
     WHERE {c} AND t.closed_date IS NOT NULL)
 + (SELECT count(*) FROM crm_service_feedback f JOIN res_partner p ON p.id = f.partner_id
     WHERE {c} AND f.state = 'answered')
 + (SELECT count(*) FROM crm_loyalty_tier_history h JOIN res_partner p ON p.id = h.partner_id
     WHERE {c})
 + (SELECT count(*) FROM mail_message m JOIN res_partner p ON p.id = m.res_id
     WHERE m.model = 'res.partner' AND {c} AND m.message_type IN ('email', 'comment'))
 + (SELECT count(*) FROM mail_message m JOIN helpdesk_ticket t ON t.id = m.res_id
      JOIN res_partner p ON p.id = t.partner_id
     WHERE m.model = 'helpdesk.ticket' AND {c} AND m.message_type IN ('email', 'comment'))
 + (SELECT count(*) FROM mail_mail_statistics s JOIN res_partner p ON p.id = s.res_id
     WHERE s.model = 'res.partner' AND {c} AND s.sent IS NOT NULL)
"""

FINGERPRINT_SQL = [
    ("partners", """SELECT p.ref, p.name, p.email, p.is_company, p.city, par.ref,
                           ref.ref, u.login
                      FROM res_partner p LEFT JOIN res_partner par ON par.id = p.parent_id
                      LEFT JOIN res_partner ref ON ref.id = p.referred_by_id
                      LEFT JOIN res_users u ON u.id = p.user_id
                     WHERE p.ref ~ '^[CP][0-9]'"""),
    ("orders", """SELECT o.name, p.ref, o.state, o.amount_total, o.date_order,
                         o.confirmation_date, c.name
                    FROM sale_order o JOIN res_partner p ON p.id = o.partner_id
                    JOIN product_pricelist c ON c.id = o.pricelist_id"""),
    ("invoices", """SELECT i.number, i.type, i.state, p.ref, i.amount_total,
                           i.amount_untaxed_signed, i.date_invoice, i.residual
                      FROM account_invoice i JOIN res_partner p ON p.id = i.partner_id"""),
    ("payments", """SELECT y.name, y.amount, y.payment_date FROM account_payment y"""),
    ("pickings", """SELECT name, state, date_done FROM stock_picking"""),
    ("leads", """SELECT l.name, p.ref, l.probability, l.planned_revenue, l.create_date,
                        l.date_closed, l.active
                   FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id"""),
    ("meetings", """SELECT e.name, e.start, u.login FROM calendar_event e
                      LEFT JOIN res_users u ON u.id = e.user_id"""),
    ("messages", """SELECT m.model, m.date, m.message_type, m.body, a.name
                      FROM mail_message m LEFT JOIN res_partner a ON a.id = m.author_id
                     WHERE m.message_id LIKE '<perf.%'"""),
    ("mailing", """SELECT p.ref, s.sent, s.opened FROM mail_mail_statistics s
                     JOIN res_partner p ON p.id = s.res_id"""),
    ("tickets", """SELECT t.number, p.ref, t.priority, t.create_date, t.first_response_date,
                          t.closed_date, t.first_response_hours, t.resolution_hours,
                          sp.name, t.first_response_deadline
                     FROM helpdesk_ticket t JOIN res_partner p ON p.id = t.partner_id
                     LEFT JOIN crm_service_sla_policy sp ON sp.id = t.sla_policy_id"""),
    # not the link tokens: random on purpose (checked unique and present above)
    ("feedback", """SELECT t.number, f.state, f.csat, f.nps, f.answered_date
                      FROM crm_service_feedback f JOIN helpdesk_ticket t ON t.id = f.ticket_id"""),
    ("loyalty", """SELECT p.ref, m.score, m.segment, tr.name, m.revenue
                     FROM res_partner p
                     LEFT JOIN crm_loyalty_membership m ON m.partner_id = p.id
                     LEFT JOIN crm_loyalty_tier tr ON tr.id = m.tier_id
                    WHERE p.ref ~ '^[CP][0-9]'"""),
]


def load_plain_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_sla_sample(cur, sample=300):
    """Recompute deadlines and status of a sample of tickets with the addon's
    sla.py (24/7 calendar: no attendance, no leave) and compare."""
    sla = load_plain_module(os.path.join(ROOT, "addons/crm_service_kpi/rules/sla.py"),
                            "perf_sla")
    cur.execute("""
        SELECT t.id, COALESCE(t.sla_start_date, t.create_date), t.sla_paused_hours,
               p.first_response_hours, p.resolution_hours, p.at_risk_pct,
               t.first_response_deadline, t.first_response_risk_date,
               t.resolution_deadline, t.resolution_risk_date,
               t.first_response_date, t.closed_date, s.closed, s.waiting_customer,
               t.sla_status, tm.tz
          FROM helpdesk_ticket t
          JOIN crm_service_sla_policy p ON p.id = t.sla_policy_id
          JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
          JOIN helpdesk_ticket_team tm ON tm.id = t.team_id
          JOIN resource_calendar c ON c.id = tm.resource_calendar_id
         WHERE NOT EXISTS (SELECT 1 FROM resource_calendar_attendance a
                            WHERE a.calendar_id = c.id)
         ORDER BY md5(t.id::text) LIMIT %s""", [sample])
    now = datetime.datetime.utcnow()
    bad = []

    def dt(value):
        # Odoo's psycopg2 typecasters (registered once odoo is imported) give strings
        if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == " ":
            fmt = "%Y-%m-%d %H:%M:%S.%f" if "." in value else "%Y-%m-%d %H:%M:%S"
            return datetime.datetime.strptime(value, fmt)
        return value
    for row in cur.fetchall():
        row = [dt(v) for v in row]
        (tid, start, paused, frh, rh, risk, frd, frr, rd, rr, first, closed, is_closed,
         waiting, status, tz) = row
        fr = sla.compute_deadlines(start, frh, risk, paused or 0, [], tz or "UTC", [])
        res = sla.compute_deadlines(start, rh, risk, paused or 0, [], tz or "UTC", [])
        expected = sla.ticket_status(now, (fr[0], fr[1], first), (res[0], res[1], closed),
                                     closed=is_closed, paused=waiting, previous=status)
        if (fr[0], res[0]) != (frd, rd) or abs((fr[1] - frr).total_seconds()) > 1 \
                or expected != status:
            bad.append((tid, fr, frd, res, rd, expected, status))
    return bad


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--fingerprint", action="store_true",
                        help="also print the content digest (determinism)")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    conn = pg_connect(args.db)
    cur = conn.cursor()
    cur.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [MARKER])
    row = cur.fetchone()
    if not row:
        print("%s was not generated by scripts/generate_data.py" % args.db)
        return 1
    marker = json.loads(row[0])
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from generate_data import SCALES  # noqa: E402  (plain module, Odoo imported lazily)

    batches = marker.get("batches") or [marker]
    # Only the generated rows are checked when the generator recorded where
    # they start (a database may also hold Odoo's demo data): temporary views
    # named after the tables shadow them (pg_temp comes first in search_path).
    scoped = [i for i, b in enumerate(batches) if b.get("first_ids")]
    if scoped:
        batches = batches[scoped[0]:]
        for table, first in sorted(batches[0]["first_ids"].items()):
            cur.execute('CREATE TEMP VIEW "%s" AS SELECT * FROM public."%s" WHERE id >= %d'
                        % (table, table, int(first)))
    cfg = {key: sum(SCALES[b["scale"]][key] for b in batches)
           for key in ("customers", "tickets", "feedback")}
    results, failed = [], 0
    for name, sql in CHECKS:
        cur.execute(sql, {"rate": EUR_RATE})
        bad = cur.fetchone()[0]
        results.append({"check": name, "offending": bad})
        failed += bool(bad)
        print("%-4s %-70s %s" % ("ok" if not bad else "FAIL", name, bad or ""))
    bad = check_sla_sample(cur)
    results.append({"check": "SLA sample recomputed with sla.py", "offending": len(bad)})
    failed += bool(bad)
    print("%-4s %-70s %s" % ("ok" if not bad else "FAIL",
                             "ticket: SLA deadlines/status = sla.py on a sample", bad[:3] or ""))

    # counts of the scale
    cur.execute("SELECT count(*) FROM res_partner WHERE ref ~ '^[CP][0-9]+$' "
                "AND id = commercial_partner_id")
    customers = cur.fetchone()[0]
    cur.execute("SELECT count(*) FROM helpdesk_ticket WHERE number ~ '^(B[0-9]+-)?HT[0-9]+$'")
    tickets = cur.fetchone()[0]
    cur.execute("SELECT count(*) FROM crm_service_feedback")
    feedback = cur.fetchone()[0]
    today = marker["today"]
    cur.execute(EVENT_COUNT_SQL.format(c="true"), {"today": today})
    events = cur.fetchone()[0]
    big = marker["big_customer_id"]
    cur.execute(EVENT_COUNT_SQL.format(c="p.commercial_partner_id = %d" % int(big)),
                {"today": today})
    big_events = cur.fetchone()[0]
    expected = {
        "customers": (customers, cfg["customers"], cfg["customers"]),
        "tickets": (tickets, cfg["tickets"], cfg["tickets"]),
        "feedback": (feedback, cfg["feedback"], cfg["feedback"]),
    }
    if marker["scale"] == "bench":
        expected["timeline events"] = (events, 1800000, 2600000)
        expected["events of the big customer"] = (big_events, 18000, 24000)
    for name, (value, low, high) in expected.items():
        ok = low <= value <= high
        failed += not ok
        results.append({"check": "count %s" % name, "value": value, "expected": [low, high]})
        print("%-4s %-70s %s" % ("ok" if ok else "FAIL", "count of %s in [%s, %s]" % (
            name, low, high), value))
    print("info timeline events: %d in total, %d for the big customer (id %s)"
          % (events, big_events, big))
    summary = {"db": args.db, "scale": marker["scale"], "failed": failed, "checks": results,
               "events": events, "big_customer_events": big_events}
    if args.fingerprint:
        summary["fingerprint"] = fingerprint(cur)
        print("fingerprint %s" % summary["fingerprint"])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(summary, f, indent=1, default=str)
    print("%d check(s) failed" % failed if failed else "all checks passed")
    return 1 if failed else 0


def fingerprint(cur):
    import hashlib

    digest = hashlib.md5()
    for name, sql in FINGERPRINT_SQL:
        cur.execute("SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM (%s) x" % sql)
        digest.update(("%s:%s;" % (name, cur.fetchone()[0])).encode())
    return digest.hexdigest()


if __name__ == "__main__":
    sys.exit(main())

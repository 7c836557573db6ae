#!/usr/bin/env python3
# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Which search finds the right knowledge-base answer more often?

    .venv/bin/python scripts/answer_search_eval.py --dsn "dbname=crm_h_kb_eval \
        host=127.0.0.1 user=odoo password=odoo"

Loads the demo answers of crm_service_kpi (demo/crm_service_answer_demo.xml)
into a temporary table of the given (scratch) database and asks every question
of scripts/data/answer_search_questions.json (zh_CN, zh_TW, en; paraphrases and
typos, each with the answer that solves it) with each method:

* ``jieba_tsvector``: the shipped search (rules/answer_search.py: normalised,
  jieba-segmented text, weighted 'simple' tsvector, ts_rank), its very SQL;
* ``plain_tsvector``: PostgreSQL full-text search on the raw text ('simple'),
  no segmentation: the baseline that does not split Chinese;
* ``trgm_similarity`` / ``trgm_word_similarity``: pg_trgm on the normalised
  text (title and body), ranked by similarity / word_similarity.

Prints top-1 and top-3 hit rates per method and language. pg_trgm is created
in the database if it is not there (a trusted extension on PostgreSQL 13+).

Then the agent's suggestions (issue 16 part 3): every question becomes a
generated ticket, its subject the question and its description the question
wrapped in what customers add around it (greeting, order number, thanks, in
the question's language); the ticket's query (``rules.ticket_query``) is run
with the shipped search, and the hit rates are printed the same way.
"""
import argparse
import html
import importlib.util
import json
import os
import sys

import psycopg2
from lxml import etree

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
ADDON = os.path.join(ROOT, "addons", "crm_service_kpi")
DEMO = os.path.join(ADDON, "demo", "crm_service_answer_demo.xml")
QUESTIONS = os.path.join(ROOT, "scripts", "data", "answer_search_questions.json")


def _rules():
    path = os.path.join(ADDON, "rules", "answer_search.py")
    spec = importlib.util.spec_from_file_location("answer_search", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_answers():
    """[(xml id, title, plain body)] of the demo answers."""
    rows = []
    for rec in etree.parse(DEMO).getroot().iter("record"):
        fields = {f.get("name"): f.text or "" for f in rec.iter("field")}
        rows.append((rec.get("id"), fields["name"], html.unescape(fields["body"])))
    return rows


def setup(cr, rules, answers):
    cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    cr.execute("""CREATE TEMP TABLE eval_answer (
        id int PRIMARY KEY, xmlid text, search_title text, search_body text,
        raw_text text, norm_text text)""")
    for i, (xmlid, title, body) in enumerate(answers, 1):
        text = rules.html_to_text(body)
        cr.execute(
            "INSERT INTO eval_answer VALUES (%s, %s, %s, %s, %s, %s)",
            (i, xmlid, rules.segmented(title), rules.segmented(text),
             title + " " + text, rules.normalize(title + " " + text)),
        )


def run(cr, rules, method, query):
    """The xml ids found for a query, best first (at most 3)."""
    if method == "jieba_tsvector":
        if not rules.tsquery(query):
            return []
        params = rules.search_params(query, 3)
        cr.execute(rules.search_sql("eval_answer"), params)
    elif method == "plain_tsvector":
        cr.execute("""SELECT id, ts_rank(to_tsvector('simple', raw_text), q) s
                        FROM eval_answer,
                             CAST(replace(plainto_tsquery('simple', %s)::text, '&', '|')
                                  AS tsquery) AS q
                       WHERE to_tsvector('simple', raw_text) @@ q
                       ORDER BY s DESC, id LIMIT 3""", (query,))
    else:
        fn = "similarity" if method == "trgm_similarity" else "word_similarity"
        cr.execute("""SELECT id, {fn}(%s, norm_text) s FROM eval_answer
                       WHERE {fn}(%s, norm_text) > 0
                       ORDER BY s DESC, id LIMIT 3""".format(fn=fn),
                   (rules.normalize(query),) * 2)
    ids = [row[0] for row in cr.fetchall()]
    if not ids:
        return []
    cr.execute("SELECT id, xmlid FROM eval_answer WHERE id = ANY(%s)", (ids,))
    names = dict(cr.fetchall())
    return [names[i] for i in ids]


# What customers write around their question, per language (generated tickets).
TICKET_WRAP = {
    "en_US": ("<p>Hello,</p><p>I bought this from you last month (order S00{n}). {q}. "
              "I tried again this morning and it is the same.</p><p>Thanks for your help</p>"),
    "zh_CN": ("<p>您好，</p><p>上个月在你们这里买的（订单 S00{n}）。{q}。今天早上又试了一次，"
              "还是一样。</p><p>谢谢！</p>"),
    "zh_TW": ("<p>您好，</p><p>上個月在你們這裡買的（訂單 S00{n}）。{q}。今天早上又試了一次，"
              "還是一樣。</p><p>謝謝！</p>"),
}


def generated_tickets(questions):
    """[(lang, expected, subject, description html)] of one ticket per question."""
    return [(q["lang"], q["expected"], q["q"],
             TICKET_WRAP[q["lang"]].format(n=100 + i, q=q["q"]))
            for i, q in enumerate(questions)]


def evaluate_tickets(cr, rules, tickets):
    """{lang or 'all': {1: rate, 3: rate}} of the suggestions for the tickets."""
    rows = [(lang, expected, run(cr, rules, "jieba_tsvector", rules.ticket_query(subject, desc)))
            for lang, expected, subject, desc in tickets]
    per = {"all": rules.hit_rates((e, f) for _lang, e, f in rows)}
    for lang in sorted({r[0] for r in rows}):
        per[lang] = rules.hit_rates((e, f) for la, e, f in rows if la == lang)
    return per


METHODS = ("jieba_tsvector", "plain_tsvector", "trgm_similarity", "trgm_word_similarity")


def evaluate(cr, rules, questions):
    """{method: {lang or 'all': {1: rate, 3: rate}}}."""
    out = {}
    for method in METHODS:
        rows = [(q["lang"], q["expected"], run(cr, rules, method, q["q"])) for q in questions]
        per = {"all": rules.hit_rates((e, f) for _lang, e, f in rows)}
        for lang in sorted({r[0] for r in rows}):
            per[lang] = rules.hit_rates((e, f) for la, e, f in rows if la == lang)
        out[method] = per
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", required=True, help="libpq connection string (scratch db)")
    args = parser.parse_args(argv)
    rules = _rules()
    answers = load_answers()
    with open(QUESTIONS, encoding="utf-8") as f:
        questions = json.load(f)
    conn = psycopg2.connect(args.dsn)
    try:
        cr = conn.cursor()
        setup(cr, rules, answers)
        results = evaluate(cr, rules, questions)
        tickets = evaluate_tickets(cr, rules, generated_tickets(questions))
    finally:
        conn.rollback()
        conn.close()
    langs = sorted({q["lang"] for q in questions})
    print("%d answers, %d questions (%s)" % (
        len(answers), len(questions),
        ", ".join("%s %d" % (la, sum(q["lang"] == la for q in questions)) for la in langs)))
    print("%-22s %-8s %6s %6s" % ("method", "lang", "top-1", "top-3"))
    for method, per in results.items():
        for lang in ["all"] + langs:
            print("%-22s %-8s %5.0f%% %5.0f%%" % (
                method, lang, 100 * per[lang][1], 100 * per[lang][3]))
    print("\nsuggestions on %d generated tickets (shipped search)" % len(questions))
    for lang in ["all"] + langs:
        print("%-22s %-8s %5.0f%% %5.0f%%" % (
            "ticket_suggestions", lang, 100 * tickets[lang][1], 100 * tickets[lang][3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

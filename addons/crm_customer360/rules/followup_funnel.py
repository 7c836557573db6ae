# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Follow-up funnel of a campaign or an event (no Odoo import).

One row per source (campaign or event) and person reached, with the date of
each step; a person is the contact (partner), else the lead, else the email.
The steps, each counted among the people who reached the previous one:

* ``reached``: first time the source reached the person: a mass mailing of
  the campaign sent to them, a registration to the event (attended or not),
  or their business card imported by the lead intake for the campaign or
  event;
* ``lead``: a lead of that person exists: the intake's lead, the lead the
  mailing went to, a lead of the campaign with their contact or email, or
  (event) a lead with their contact or email created after they registered;
* ``contacted``: first email, logged note or call, done activity or meeting
  by an internal user on the lead or on the contact (or its company), after
  they were reached;
* ``opportunity``: the lead became an opportunity (its conversion date);
* ``won``: the opportunity is won (active, probability 100; its close date).

Median days of a step: from the previous step's date to its own, among the
people who reached it (0 when the step came first).
"""
import statistics

from odoo.addons.crm_customer_base.rules import definitions

STEPS = ("reached", "lead", "contacted", "opportunity", "won")
DATE_COLUMNS = {
    "reached": "reached_date", "lead": "lead_date", "contacted": "contacted_date",
    "opportunity": "opportunity_date", "won": "won_date",
}
REACH_KINDS = ("mailing", "registered", "attended", "card")


def step_flags(row):
    """{step: bool}: whether the person reached each step (nested)."""
    flags, ok = {}, True
    for step in STEPS:
        ok = ok and bool(row.get(DATE_COLUMNS[step]))
        flags[step] = ok
    return flags


def _days(later, earlier):
    return max(0.0, (later - earlier).total_seconds() / 86400.0)


def conversion(count, previous):
    """count / previous x 100, None when previous is 0."""
    return round(100.0 * count / previous, 1) if previous else None


def funnel(rows):
    """Python reference of :func:`summary_sql`: [{step, count, conversion,
    median_days}] of rows with the date columns (datetime objects)."""
    counts = dict.fromkeys(STEPS, 0)
    days = {step: [] for step in STEPS}
    for row in rows:
        flags = step_flags(row)
        previous = None
        for step in STEPS:
            if not flags[step]:
                break
            counts[step] += 1
            if previous:
                days[step].append(_days(row[DATE_COLUMNS[step]], row[DATE_COLUMNS[previous]]))
            previous = step
    return assemble(counts, {s: (statistics.median(d) if d else None) for s, d in days.items()})


def assemble(counts, medians):
    result, previous = [], None
    for step in STEPS:
        result.append({
            "step": step, "count": counts.get(step) or 0,
            "conversion": conversion(counts.get(step) or 0, counts.get(previous) or 0)
            if previous else None,
            "median_days": None if medians.get(step) is None else round(medians[step], 1),
        })
        previous = step
    return result


def view_sql(has_mailing, has_event, is_employee):
    """The SELECT of the funnel view. ``is_employee``: a function giving
    the SQL truth of "this contact column is an employee"."""
    reach = [
        "SELECT 'campaign'::varchar AS source_type, l.campaign_id, NULL::int AS event_id, "
        "'card'::varchar AS reach_kind, l.intake_date AS reached_date, l.partner_id, "
        "l.id AS lead_id, lower(trim(l.email_from)) AS email, l.company_id "
        "FROM crm_lead l WHERE l.intake_date IS NOT NULL AND l.campaign_id IS NOT NULL",
    ]
    if has_mailing:
        reach.append(
            "SELECT 'campaign', mm.campaign_id, NULL, 'mailing', s.sent, "
            "CASE WHEN s.model = 'res.partner' THEN s.res_id END, "
            "CASE WHEN s.model = 'crm.lead' THEN s.res_id END, NULL, NULL "
            "FROM mail_mail_statistics s JOIN mail_mass_mailing mm ON mm.id = s.mass_mailing_id "
            "WHERE s.sent IS NOT NULL AND mm.campaign_id IS NOT NULL "
            "AND s.model IN ('res.partner', 'crm.lead')")
    if has_event:
        reach.append(
            "SELECT 'event', NULL, r.event_id, "
            "CASE WHEN r.state = 'done' THEN 'attended' ELSE 'registered' END, r.create_date, "
            "r.partner_id, NULL, lower(trim(r.email)), r.company_id "
            "FROM event_registration r WHERE r.state <> 'cancel'")
        reach.append(
            "SELECT 'event', NULL, substring(l.intake_event_ref FROM '^event\\.event,([0-9]+)$')::int, "
            "'card', l.intake_date, l.partner_id, l.id, lower(trim(l.email_from)), l.company_id "
            "FROM crm_lead l WHERE l.intake_date IS NOT NULL "
            "AND l.intake_event_ref ~ '^event\\.event,[0-9]+$'")
    source_name = "uc.name"
    event_join = ""
    if has_event:
        source_name = "COALESCE(uc.name, ev.name)"
        event_join = "LEFT JOIN event_event ev ON ev.id = p.event_id "
    return """
        WITH reach AS (%(reach)s),
        person AS (
            SELECT DISTINCT ON (r.source_type, r.campaign_id, r.event_id, r.person_key) r.*
              FROM (SELECT r.*, COALESCE('p' || r.partner_id, 'l' || r.lead_id, 'e' || r.email)
                           AS person_key FROM reach r) r
             WHERE r.person_key IS NOT NULL AND r.reached_date IS NOT NULL
             ORDER BY r.source_type, r.campaign_id, r.event_id, r.person_key, r.reached_date,
                      r.lead_id)
        SELECT row_number() OVER (ORDER BY p.source_type, p.campaign_id, p.event_id,
                                  p.person_key)::int AS id,
               p.source_type, p.campaign_id, p.event_id,
               (p.source_type || ',' || COALESCE(p.campaign_id, p.event_id))::varchar
                   AS source_key,
               %(source_name)s::varchar AS source_name,
               p.reach_kind, p.reached_date,
               COALESCE(p.partner_id, ld.partner_id) AS partner_id,
               ld.id AS lead_id, ld.user_id, ld.team_id,
               COALESCE(ld.company_id, pp.company_id, p.company_id) AS company_id,
               ld.create_date AS lead_date,
               ct.contacted_date,
               CASE WHEN ld.type = 'opportunity'
                    THEN COALESCE(ld.date_conversion, ld.create_date) END AS opportunity_date,
               CASE WHEN ld.type = 'opportunity' AND %(is_won)s
                    THEN COALESCE(ld.date_closed, ld.write_date) END AS won_date
          FROM person p
          LEFT JOIN utm_campaign uc ON uc.id = p.campaign_id
          %(event_join)s
          LEFT JOIN res_partner pp ON pp.id = p.partner_id
          LEFT JOIN LATERAL (
              SELECT l.* FROM crm_lead l
               WHERE l.id = p.lead_id
                  OR (p.lead_id IS NULL
                      AND ((p.partner_id IS NOT NULL AND l.partner_id = p.partner_id)
                           OR (p.email IS NOT NULL AND lower(trim(l.email_from)) = p.email))
                      AND ((p.source_type = 'campaign' AND l.campaign_id = p.campaign_id)
                           OR (p.source_type = 'event' AND l.create_date >= p.reached_date)))
               ORDER BY (l.id = p.lead_id) DESC, l.create_date, l.id
               LIMIT 1) ld ON TRUE
          LEFT JOIN LATERAL (
              SELECT min(x.d) AS contacted_date FROM (
                  SELECT m.date AS d FROM mail_message m
                   WHERE ((m.model = 'crm.lead' AND m.res_id = ld.id)
                          OR (m.model = 'res.partner' AND m.res_id IN (
                              COALESCE(p.partner_id, ld.partner_id), pp.commercial_partner_id)))
                     AND m.date >= p.reached_date
                     AND (m.message_type IN ('email', 'comment')
                          OR m.mail_activity_type_id IS NOT NULL)
                     AND %(is_employee)s
                  UNION ALL
                  SELECT e.start FROM calendar_event e
                   WHERE e.start >= p.reached_date AND e.active
                     AND (e.opportunity_id = ld.id
                          OR EXISTS (SELECT 1 FROM calendar_event_res_partner_rel rel
                                      WHERE rel.calendar_event_id = e.id
                                        AND rel.res_partner_id = COALESCE(
                                            p.partner_id, ld.partner_id)))) x) ct ON TRUE
    """ % {"reach": "\n UNION ALL ".join(reach), "source_name": source_name,
           "event_join": event_join, "is_employee": is_employee("m.author_id"),
           "is_won": definitions.sql_is_won_lead("ld")}


def summary_sql(from_clause, where_clause):
    """One statement: counts of each step (nested) and the median days from
    the previous step, over the funnel rows of ``where_clause``."""
    alias = from_clause.strip().split()[-1]
    cols = {s: "%s.%s" % (alias, DATE_COLUMNS[s]) for s in STEPS}
    selects, reached = [], []
    previous = None
    for step in STEPS:
        reached.append("%s IS NOT NULL" % cols[step])
        condition = " AND ".join(reached)
        selects.append("count(*) FILTER (WHERE %s)" % condition)
        if previous:
            selects.append(
                "percentile_cont(0.5) WITHIN GROUP (ORDER BY GREATEST(0, EXTRACT(EPOCH FROM "
                "%s - %s) / 86400.0)) FILTER (WHERE %s)" % (
                    cols[step], cols[previous], condition))
        else:
            selects.append("NULL")
        previous = step
    return "SELECT %s FROM %s%s" % (
        ", ".join(selects), from_clause, (" WHERE " + where_clause) if where_clause else "")


def summary_from_sql_row(row):
    counts = {step: row[2 * i] for i, step in enumerate(STEPS)}
    medians = {step: (None if row[2 * i + 1] is None else float(row[2 * i + 1]))
               for i, step in enumerate(STEPS)}
    return assemble(counts, medians)

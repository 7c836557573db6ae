# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Did a seminar registration get its confirmation email? (no Odoo import)

A confirmed registration (open or attended) needs one. It got one when the
event's confirmation scheduler (interval type ``after_sub``) or a resend
sent it (``confirmation_sent_date``) and no email to it failed (a mail in
exception) or bounced since. Statuses, in the order they are checked:

- ``not_needed``: a draft or cancelled registration;
- ``no_email``: nobody to send it to;
- ``failed``: the last confirmation failed or bounced;
- ``missing``: never sent;
- ``sent``.
"""

STATUSES = ("not_needed", "no_email", "failed", "missing", "sent")
#: The statuses the organiser has to act on.
UNCONFIRMED = ("failed", "missing")
#: Registration states that need a confirmation.
CONFIRMED_STATES = ("open", "done")


def status(state, email, sent_date, failed_since_sent, bounced):
    """Python reference of STATUS_SQL for one registration."""
    if state not in CONFIRMED_STATES:
        return "not_needed"
    if not (email or "").strip():
        return "no_email"
    if bounced or failed_since_sent:
        return "failed"
    if not sent_date:
        return "missing"
    return "sent"


# The status of every registration of {where} ("r" is event_registration),
# in one statement: an email in exception for the registration created at or
# after the last sending (or any, never sent) makes it failed.
STATUS_SQL = """
    SELECT r.id,
           CASE WHEN r.state NOT IN ('open', 'done') THEN 'not_needed'
                WHEN COALESCE(btrim(r.email), '') = '' THEN 'no_email'
                WHEN r.confirmation_bounced OR EXISTS (
                    SELECT 1 FROM mail_mail mm
                      JOIN mail_message msg ON msg.id = mm.mail_message_id
                     WHERE msg.model = 'event.registration' AND msg.res_id = r.id
                       AND mm.state = 'exception'
                       AND (r.confirmation_sent_date IS NULL
                            OR mm.create_date >= r.confirmation_sent_date)) THEN 'failed'
                WHEN r.confirmation_sent_date IS NULL THEN 'missing'
                ELSE 'sent'
           END AS status
      FROM event_registration r
     WHERE {where}
"""

# Registrations whose confirmation scheduler already sent them (before this
# addon was installed): the sent line's scheduled date, else the
# registration's confirmation date.
BACKFILL_SQL = """
    UPDATE event_registration r
       SET confirmation_sent_date = sent.date
      FROM (SELECT emr.registration_id, max(COALESCE(emr.scheduled_date, reg.date_open,
                                                     reg.create_date)) AS date
              FROM event_mail_registration emr
              JOIN event_mail em ON em.id = emr.scheduler_id
              JOIN event_registration reg ON reg.id = emr.registration_id
             WHERE emr.mail_sent AND em.interval_type = 'after_sub'
          GROUP BY emr.registration_id) sent
     WHERE sent.registration_id = r.id AND r.confirmation_sent_date IS NULL
"""

# Mark the registrations of sent confirmation lines (ids) as confirmed now.
MARK_SENT_SQL = """
    UPDATE event_registration r
       SET confirmation_sent_date = %(now)s, confirmation_bounced = FALSE
      FROM event_mail_registration emr
      JOIN event_mail em ON em.id = emr.scheduler_id
     WHERE emr.id IN %(ids)s AND emr.mail_sent AND em.interval_type = 'after_sub'
       AND r.id = emr.registration_id
"""

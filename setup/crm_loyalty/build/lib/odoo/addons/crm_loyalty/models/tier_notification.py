# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models, tools
from odoo.tools import html_escape

from . import notification_rules

_logger = logging.getLogger(__name__)

BATCH_SIZE = 500

# Un-notified tier changes, oldest first; rows another notifier is processing
# are skipped rather than waited for, so that two runs never post twice.
PENDING_QUERY = """
SELECT h.id, h.partner_id, h.program_id, h.from_tier_id, h.to_tier_id, h.date,
       h.reason, h.score, p.email, p.display_name
  FROM crm_loyalty_tier_history h
  JOIN res_partner p ON p.id = h.partner_id
 WHERE h.notified IS NOT TRUE
   AND (%(programs)s::int[] IS NULL OR h.program_id = ANY(%(programs)s::int[]))
 ORDER BY h.id
 LIMIT %(limit)s
   FOR UPDATE OF h SKIP LOCKED
"""

POST_QUERY = """
INSERT INTO mail_message
    (create_uid, create_date, write_uid, write_date, date, model, res_id,
     record_name, message_type, subtype_id, author_id, email_from, body,
     message_id, no_auto_thread)
SELECT %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC',
       now() AT TIME ZONE 'UTC', 'res.partner', v.res_id, v.record_name,
       'notification', %(subtype)s, %(author)s, %(email_from)s, v.body,
       v.message_id, false
  FROM unnest(%(res_id)s::int[], %(record_name)s::varchar[], %(body)s::text[],
              %(message_id)s::varchar[]) AS v(res_id, record_name, body, message_id)
"""

MARK_QUERY = "UPDATE crm_loyalty_tier_history SET notified = true WHERE id = ANY(%s)"


class CrmLoyaltyProgram(models.Model):
    _inherit = "crm.loyalty.program"

    notify_email = fields.Boolean(
        string="Email customers on tier change",
        help="Email the customer, in their language, when they move from one tier to "
        "another. First assignments (from no tier, e.g. the initial assessment of a new "
        "program), losing every tier and changes older than a week are only noted on "
        "the customer's chatter.",
    )
    notify_template_id = fields.Many2one(
        "mail.template",
        string="Tier change email",
        domain=[("model", "=", "crm.loyalty.tier.history")],
        default=lambda self: self.env.ref(
            "crm_loyalty.mail_template_tier_change", raise_if_not_found=False
        ),
        help="Template sent to the customer when 'Email customers on tier change' is on.",
    )

    @api.multi
    def action_recompute(self):
        """Recompute, then notify at once so that the chatter shows the changes."""
        result = super().action_recompute()
        self.env["crm.loyalty.tier.history"]._notify_pending(programs=self)
        return result


class CrmLoyaltyTierHistory(models.Model):
    _inherit = "crm.loyalty.tier.history"

    @api.model
    def _cron_notify(self, commit=True):
        """Scheduled job: notify every pending tier change, batch by batch.

        Each batch is committed on its own (``commit``, off in tests): its
        chatter notes, its queued emails and its ``notified`` flags land
        together, so that a crash loses at most the batch in progress, which
        the next run redoes, and a large backlog does not hold one long
        transaction.
        """
        while self._notify_pending(limit=BATCH_SIZE):
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _notify_pending(self, programs=None, limit=None):
        """Post (and email) up to ``limit`` pending tier changes; return how many.

        Without ``limit`` it loops over batches of ``BATCH_SIZE`` in the
        current transaction (used right after a manual recompute).
        """
        total = 0
        while True:
            done = self._notify_batch(programs, limit or BATCH_SIZE)
            total += done
            if limit or done < BATCH_SIZE:
                return total

    @api.model
    def _notify_batch(self, programs, limit):
        cr = self.env.cr
        cr.execute(
            PENDING_QUERY,
            {"programs": programs.ids if programs else None, "limit": limit},
        )
        rows = cr.fetchall()
        if not rows:
            return 0
        Tier = self.env["crm.loyalty.tier"].sudo()
        tier_ids = {row[3] for row in rows} | {row[4] for row in rows}
        tiers = {t.id: t for t in Tier.browse([i for i in tier_ids if i])}
        Program = self.env["crm.loyalty.program"].sudo()
        programs_by_id = {p.id: p for p in Program.browse(list({r[2] for r in rows}))}
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        default_template = self.env.ref(
            "crm_loyalty.mail_template_tier_change", raise_if_not_found=False
        )
        today = fields.Date.from_string(fields.Date.context_today(self))
        post = {"res_id": [], "record_name": [], "body": [], "message_id": []}
        to_email = []
        for (hid, partner_id, program_id, from_id, to_id, date, reason, score, email,
             name) in rows:
            from_tier, to_tier = tiers.get(from_id), tiers.get(to_id)
            post["res_id"].append(partner_id)
            post["record_name"].append(name)
            post["message_id"].append(tools.generate_tracking_message_id("loyalty-tier"))
            post["body"].append(
                self._tier_change_body(from_tier, to_tier, reasons.get(reason, reason), score)
            )
            program = programs_by_id[program_id]
            template = program.notify_template_id or default_template
            if notification_rules.should_email(
                program.notify_email and template,
                from_id,
                to_id,
                fields.Date.from_string(date),
                today,
                email,
            ):
                to_email.append((hid, template))
        author = self.env.user.partner_id
        cr.execute(
            POST_QUERY,
            dict(
                post,
                uid=self.env.uid,
                subtype=self.env.ref("mail.mt_note").id,
                author=author.id,
                email_from=author.email_formatted if author.email else None,
            ),
        )
        # Emails are rendered per customer (their language) and only queued
        # here: the mail queue sends them after this transaction commits.
        for hid, template in to_email:
            template.sudo().send_mail(hid, force_send=False)
        cr.execute(MARK_QUERY, ([row[0] for row in rows],))
        self.invalidate_cache(["notified"])
        self.env["mail.message"].invalidate_cache()
        _logger.info("Loyalty: %d tier changes notified, %d emailed", len(rows), len(to_email))
        return len(rows)

    @api.model
    def _tier_change_body(self, from_tier, to_tier, reason, score):
        params = {
            "from": html_escape(from_tier.name if from_tier else _("no tier")),
            "to": html_escape(to_tier.name if to_tier else _("no tier")),
            "reason": html_escape(reason),
            "score": tools.float_repr(score or 0.0, 2),
        }
        return _(
            "<p>Loyalty tier changed from <b>%(from)s</b> to <b>%(to)s</b> "
            "(%(reason)s, score %(score)s).</p>"
        ) % params

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from ..rules import notification

_logger = logging.getLogger(__name__)

BATCH_SIZE = 500

# Un-notified tier changes, oldest first; rows another notifier is processing
# are skipped rather than waited for, so that two runs never post twice.
PENDING_QUERY = """
SELECT h.id, h.partner_id, h.program_id, h.from_tier_id, h.to_tier_id, h.date,
       h.reason, h.score, p.email, h.company_id
  FROM crm_loyalty_tier_history h
  JOIN res_partner p ON p.id = h.partner_id
 WHERE h.notified IS NOT TRUE
   AND (%(programs)s::int[] IS NULL OR h.program_id = ANY(%(programs)s::int[]))
 ORDER BY h.id
 LIMIT %(limit)s
   FOR UPDATE OF h SKIP LOCKED
"""

MARK_QUERY = "UPDATE crm_loyalty_tier_history SET notified = true WHERE id = ANY(%s)"

REASONS = [
    ("computed", "Computed"),
    ("grace_expired", "Grace period expired"),
    ("override", "Manual override"),
    ("override_expired", "Override expired"),
]


class CrmLoyaltyTierHistory(models.Model):
    _name = "crm.loyalty.tier.history"
    _description = "Loyalty Tier History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="cascade", readonly=True
    )
    program_id = fields.Many2one(
        "crm.loyalty.program", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    from_tier_id = fields.Many2one("crm.loyalty.tier", readonly=True, ondelete="set null")
    to_tier_id = fields.Many2one("crm.loyalty.tier", readonly=True, ondelete="set null")
    date = fields.Date(required=True, readonly=True, index=True)
    reason = fields.Selection(REASONS, required=True, readonly=True)
    note = fields.Text(readonly=True, help="Reason given for a manual override.")
    score = fields.Float(readonly=True)
    revenue = fields.Float(string="Net revenue", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    recency_days = fields.Integer(string="Days since last purchase", readonly=True)
    tenure_days = fields.Integer(string="Days since first purchase", readonly=True)
    referral_count = fields.Integer(string="Referrals", readonly=True)
    notified = fields.Boolean(
        default=False,
        readonly=True,
        copy=False,
        help="Set once the change is posted on the customer's chatter (and emailed "
        "when the program asks for it). Rows inserted by the recompute leave it empty, "
        "which also means not notified yet.",
    )

    @api.model_cr
    def init(self):
        # The notifier looks for the few pending rows among a long history.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_loyalty_tier_history_pending_idx "
            "ON crm_loyalty_tier_history (id) WHERE notified IS NOT TRUE"
        )

    @api.multi
    def write(self, vals):
        """The history is an append-only ledger: no change, for anyone.

        The notifier flags the rows it posted with SQL (``notified``, which is
        bookkeeping of the notifier, not part of the ledger)."""
        if self and vals:
            raise UserError(_("The loyalty tier history cannot be changed."))
        return super().write(vals)

    @api.multi
    def unlink(self):
        """Append-only ledger: rows go only with their customer or program
        (database cascade), never one by one, superuser included."""
        if self:
            raise UserError(_("The loyalty tier history cannot be deleted."))
        return super().unlink()

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
        # Superuser: the notifier runs as the scheduled job or right after a
        # manager's recompute, over rows the recompute wrote for the whole
        # company; it only reads programs and companies, posts internal notes
        # and queues the program's own emails.
        Program = self.env["crm.loyalty.program"].sudo()
        programs_by_id = {p.id: p for p in Program.browse(list({r[2] for r in rows}))}
        companies = {c.id: c for c in self.env["res.company"].sudo().browse(
            list({r[9] for r in rows}))}
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        default_template = self.env.ref(
            "crm_loyalty.mail_template_tier_change", raise_if_not_found=False
        )
        today = fields.Date.from_string(fields.Date.context_today(self))
        to_post = []
        to_email = []
        for (hid, partner_id, program_id, from_id, to_id, date, reason, _score, email,
             company_id) in rows:
            to_post.append(
                (partner_id, self._tier_change_body(
                    hid, companies[company_id], reasons.get(reason, reason)))
            )
            program = programs_by_id[program_id]
            template = program.notify_template_id or default_template
            if notification.should_email(
                program.notify_email and template,
                from_id,
                to_id,
                fields.Date.from_string(date),
                today,
                email,
            ):
                to_email.append((hid, template))
        author = self.env.user.partner_id
        # Internal notes through the ORM (followers subscribed to notes are
        # notified, other modules' overrides run), one per change: Odoo 11's
        # message_post takes one message. The note only links to the history
        # row, which the company rule shows to that company's users only.
        Partner = self.env["res.partner"].sudo().with_context(
            mail_create_nosubscribe=True, mail_notify_force_send=False
        )
        for partner_id, body in to_post:
            Partner.browse(partner_id).message_post(
                body=body,
                subtype="mail.mt_note",
                message_type="notification",
                author_id=author.id,
            )
        # Emails are rendered per customer (their language) and only queued
        # here: the mail queue sends them after this transaction commits.
        for hid, template in to_email:
            template.sudo().send_mail(hid, force_send=False)
        cr.execute(MARK_QUERY, ([row[0] for row in rows],))
        self.invalidate_cache(["notified"])
        _logger.info("Loyalty: %d tier changes notified, %d emailed", len(rows), len(to_email))
        return len(rows)

    @api.model
    def _tier_change_body(self, history_id, company, reason):
        """Chatter note of one tier change: who changed it and a link to the
        history row, never the tiers or the score. The partner's chatter is
        read by every company; the row only by the users of its company."""
        params = {
            "company": html_escape(company.name),
            "reason": html_escape(reason),
            "url": "/web#model=crm.loyalty.tier.history&id=%d&view_type=form" % history_id,
            "id": history_id,
        }
        return _(
            "<p>Loyalty tier changed in %(company)s (%(reason)s): see the "
            "<a href=\"%(url)s\" data-oe-model=\"crm.loyalty.tier.history\" "
            "data-oe-id=\"%(id)d\">tier change</a>.</p>"
        ) % params

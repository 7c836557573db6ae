# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

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

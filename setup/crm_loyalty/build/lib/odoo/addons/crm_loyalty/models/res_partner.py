# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .value_matrix import QUADRANTS

SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential", "Potential"),
    ("new", "New"),
    ("at_risk", "At risk"),
    ("cannot_lose", "Cannot lose"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]

# Loyalty state lives on the commercial entity and is copied to its contacts
# (by the recompute's UPDATE, and by Odoo's commercial-field sync).
LOYALTY_FIELDS = [
    "loyalty_tier_id",
    "loyalty_score",
    "loyalty_revenue",
    "loyalty_order_count",
    "loyalty_recency_days",
    "loyalty_tenure_days",
    "loyalty_referral_count",
    "loyalty_rfm_r",
    "loyalty_rfm_f",
    "loyalty_rfm_m",
    "loyalty_segment",
    "loyalty_tier_date",
    "loyalty_below_since",
    "loyalty_assessed_date",
    "loyalty_override_tier_id",
    "loyalty_override_reason",
    "loyalty_override_until",
    "loyalty_company_id",
    "loyalty_cost",
    "loyalty_margin",
    "loyalty_service_hours",
    "loyalty_profit",
    "loyalty_value_level",
    "loyalty_loyalty_level",
    "loyalty_quadrant",
]

VALUE_LEVELS = [("high", "High value"), ("low", "Low value")]
LOYALTY_LEVELS = [("high", "High loyalty"), ("low", "Low loyalty")]


class ResPartner(models.Model):
    _inherit = "res.partner"

    referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred by",
        index=True,
        ondelete="set null",
        help="The customer who brought this one; referrals count in the referrer's score.",
    )
    loyalty_tier_id = fields.Many2one(
        "crm.loyalty.tier", string="Loyalty tier", readonly=True, index=True,
        ondelete="set null",
    )
    # Indexed: the loyalty lists sort customers by score or revenue (80 rows of
    # 100,000 read in index order instead of sorting the whole table).
    loyalty_score = fields.Float(readonly=True, group_operator="avg", index=True)
    loyalty_revenue = fields.Float(string="Net revenue (window)", readonly=True, index=True)
    loyalty_order_count = fields.Integer(string="Orders (window)", readonly=True)
    loyalty_recency_days = fields.Integer(string="Days since last purchase", readonly=True)
    loyalty_tenure_days = fields.Integer(string="Days since first purchase", readonly=True)
    loyalty_referral_count = fields.Integer(string="Referrals", readonly=True)
    loyalty_rfm_r = fields.Integer(string="Recency score", readonly=True)
    loyalty_rfm_f = fields.Integer(string="Frequency score", readonly=True)
    loyalty_rfm_m = fields.Integer(string="Monetary score", readonly=True)
    loyalty_segment = fields.Selection(SEGMENTS, string="RFM segment", readonly=True, index=True)
    loyalty_tier_date = fields.Date(string="In tier since", readonly=True)
    loyalty_below_since = fields.Date(
        string="Below tier since",
        readonly=True,
        help="First assessment at which the score was below the current tier: "
        "the grace period runs from this day.",
    )
    loyalty_assessed_date = fields.Date(string="Last assessment", readonly=True)
    loyalty_override_tier_id = fields.Many2one(
        "crm.loyalty.tier", string="Override tier", readonly=True, ondelete="set null"
    )
    loyalty_override_reason = fields.Char(string="Override reason", readonly=True)
    loyalty_override_until = fields.Date(string="Override until", readonly=True)
    loyalty_company_id = fields.Many2one(
        "res.company", string="Assessed in company", readonly=True, index=True,
        ondelete="set null",
    )
    loyalty_cost = fields.Float(
        string="Cost of goods (window)",
        readonly=True,
        help="Invoiced quantities times the products' cost as it is today (not at "
        "the invoice date), refunds subtracted.",
    )
    loyalty_margin = fields.Float(
        string="Gross margin (window)", readonly=True, help="Net revenue minus cost of goods."
    )
    loyalty_service_hours = fields.Float(string="Service hours (window)", readonly=True)
    loyalty_profit = fields.Float(
        string="Profit (window)",
        readonly=True,
        help="Net revenue minus cost of goods minus service hours times the "
        "program's cost to serve per hour.",
    )
    loyalty_value_level = fields.Selection(VALUE_LEVELS, string="Value", readonly=True)
    loyalty_loyalty_level = fields.Selection(LOYALTY_LEVELS, string="Loyalty", readonly=True)
    loyalty_quadrant = fields.Selection(
        QUADRANTS, string="Value x loyalty", readonly=True, index=True
    )
    loyalty_history_ids = fields.Many2many(
        "crm.loyalty.tier.history",
        compute="_compute_loyalty_history_ids",
        string="Tier history",
    )

    @api.model_cr
    def init(self):
        # The loyalty lists show the assessed commercial entities (the actions'
        # domains end with "is a company or has no parent"). Their web client
        # asks for a page sorted by revenue and for the total: a partial index
        # over the ~100,000 entities (not the contacts) serves both, the count
        # as an index-only scan thanks to the included filter columns.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS res_partner_loyalty_entity_revenue_index "
            "ON res_partner (loyalty_revenue DESC, id) "
            "INCLUDE (active, type, loyalty_quadrant, loyalty_assessed_date) "
            "WHERE is_company OR parent_id IS NULL"
        )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + LOYALTY_FIELDS

    @api.multi
    def _compute_loyalty_history_ids(self):
        History = self.env["crm.loyalty.tier.history"]
        for partner in self:
            partner.loyalty_history_ids = History.search(
                [("partner_id", "=", partner.commercial_partner_id.id)]
            )

    @api.constrains("referred_by_id")
    def _check_referred_by(self):
        for partner in self:
            referrer = partner.referred_by_id
            if referrer and referrer.commercial_partner_id == partner.commercial_partner_id:
                raise ValidationError(
                    _("%(partner)s cannot be referred by their own company or themselves.")
                    % {"partner": partner.display_name}
                )

    @api.multi
    def _loyalty_set_override(self, tier, reason, until=False):
        """Force the tier of these customers (commercial entities) until a date."""
        if not self.env.user.has_group("crm_loyalty.group_loyalty_manager"):
            raise AccessError(_("Only loyalty managers can override a customer's tier."))
        if not (reason or "").strip():
            raise ValidationError(_("Give a reason for the tier override."))
        today = fields.Date.context_today(self)
        if until and until < today:
            raise ValidationError(_("The override cannot end in the past."))
        History = self.env["crm.loyalty.tier.history"].sudo()
        for partner in self.mapped("commercial_partner_id"):
            if partner.loyalty_tier_id != tier:
                History.create(
                    {
                        "partner_id": partner.id,
                        "program_id": tier.program_id.id,
                        "company_id": tier.program_id.company_id.id,
                        "from_tier_id": partner.loyalty_tier_id.id,
                        "to_tier_id": tier.id,
                        "date": today,
                        "reason": "override",
                        "note": reason,
                        "score": partner.loyalty_score,
                        "revenue": partner.loyalty_revenue,
                        "order_count": partner.loyalty_order_count,
                        "recency_days": partner.loyalty_recency_days,
                        "tenure_days": partner.loyalty_tenure_days,
                        "referral_count": partner.loyalty_referral_count,
                    }
                )
            partner.sudo().write(
                {
                    "loyalty_override_tier_id": tier.id,
                    "loyalty_override_reason": reason,
                    "loyalty_override_until": until or False,
                    "loyalty_tier_id": tier.id,
                    "loyalty_tier_date": today,
                    "loyalty_below_since": False,
                }
            )
        return True

    @api.multi
    def action_loyalty_schedule_activity(self):
        """Schedule the recommended action of their quadrant for these customers.

        One to-do per customer (commercial entity) with a quadrant, assigned to
        its salesperson (else the current user); a customer who already has an
        open activity with the same summary gets no second one.
        """
        labels = dict(self._fields["loyalty_quadrant"]._description_selection(self.env))
        partners = self.mapped("commercial_partner_id").filtered("loyalty_quadrant")
        if not partners:
            return True
        model = self.env["ir.model"]._get(self._name)
        Activity = self.env["mail.activity"]
        open_ = {
            (a.res_id, a.summary)
            for a in Activity.search(
                [("res_model", "=", self._name), ("res_id", "in", partners.ids)]
            )
        }
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        today = fields.Date.context_today(self)
        for partner in partners:
            summary = labels[partner.loyalty_quadrant]
            if (partner.id, summary) in open_:
                continue
            Activity.create(
                {
                    "res_model_id": model.id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": summary,
                    "date_deadline": today,
                    "user_id": (partner.user_id or self.env.user).id,
                }
            )
        return True

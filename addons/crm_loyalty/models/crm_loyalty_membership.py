# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

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
VALUE_LEVELS = [("high", "High value"), ("low", "Low value")]
LOYALTY_LEVELS = [("high", "High loyalty"), ("low", "Low loyalty")]


class CrmLoyaltyMembership(models.Model):
    """The loyalty state of one customer (commercial entity) in one program.

    A customer who buys in two companies has one membership per company's
    program: each company's assessment reads and writes its own row only.
    Written by the recompute (SQL), the churn assessment and the override;
    read-only for everyone else. The partner shows the membership of the
    user's current company (non-stored fields ``loyalty_*``)."""

    _name = "crm.loyalty.membership"
    _description = "Loyalty Membership"
    _order = "revenue desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, readonly=True,
        ondelete="cascade", help="The customer (commercial entity) assessed.",
    )
    program_id = fields.Many2one(
        "crm.loyalty.program", string="Program", required=True, index=True, readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", string="Assessed in company", related="program_id.company_id",
        store=True, readonly=True, index=True,
    )
    tier_id = fields.Many2one(
        "crm.loyalty.tier", string="Loyalty tier", readonly=True, index=True,
        ondelete="set null",
    )
    score = fields.Float(
        readonly=True, group_operator="avg",
        help="Weighted score (0-100) of the customer's metrics over the rolling window.",
    )
    revenue = fields.Float(
        string="Net revenue (window)", readonly=True,
        help="Posted customer invoices minus credit notes, untaxed, in company currency, "
        "over the program's rolling window.",
    )
    order_count = fields.Integer(
        string="Orders (window)", readonly=True,
        help="Confirmed sale orders over the rolling window.",
    )
    recency_days = fields.Integer(
        string="Days since last purchase", readonly=True, group_operator="avg",
        help="Days from the last purchase (posted invoice or confirmed order) to the "
        "assessment.",
    )
    tenure_days = fields.Integer(
        string="Days since first purchase", readonly=True, group_operator="avg",
        help="Days from the first purchase to the assessment.",
    )
    referral_count = fields.Integer(
        string="Referrals", readonly=True,
        help="Buying customers whose 'referred by' is this customer.",
    )
    rfm_r = fields.Integer(string="Recency score", readonly=True, group_operator="avg",
                           help="Quintile (1-5) of recency among the company's customers.")
    rfm_f = fields.Integer(string="Frequency score", readonly=True, group_operator="avg",
                           help="Quintile (1-5) of purchases in the window.")
    rfm_m = fields.Integer(string="Monetary score", readonly=True, group_operator="avg",
                           help="Quintile (1-5) of net revenue in the window.")
    segment = fields.Selection(
        SEGMENTS, string="RFM segment", readonly=True, index=True,
        help="Segment from the recency and frequency scores.",
    )
    tier_date = fields.Date(string="In tier since", readonly=True)
    below_since = fields.Date(
        string="Below tier since", readonly=True,
        help="First assessment at which the score was below the current tier: "
        "the grace period runs from this day.",
    )
    assessed_date = fields.Date(string="Last assessment", readonly=True, index=True)
    override_tier_id = fields.Many2one(
        "crm.loyalty.tier", string="Override tier", readonly=True, ondelete="set null",
    )
    override_reason = fields.Char(string="Override reason", readonly=True)
    override_until = fields.Date(string="Override until", readonly=True)
    cost = fields.Float(
        string="Cost of goods (window)", readonly=True,
        help="Invoiced quantities times the products' cost, refunds subtracted.",
    )
    margin = fields.Float(
        string="Gross margin (window)", readonly=True, help="Net revenue minus cost of goods.",
    )
    service_hours = fields.Float(
        string="Service hours (window)", readonly=True,
        help="Service time spent on the customer's tickets over the window.",
    )
    profit = fields.Float(
        string="Profit (window)", readonly=True,
        help="Net revenue minus cost of goods minus cost to serve.",
    )
    value_level = fields.Selection(
        VALUE_LEVELS, string="Value", readonly=True,
        help="High when the gross margin (or revenue without known costs) is at or "
        "above the program's value split.",
    )
    loyalty_level = fields.Selection(
        LOYALTY_LEVELS, string="Loyalty", readonly=True,
        help="High when the score is at or above the program's loyalty split.",
    )
    quadrant = fields.Selection(
        QUADRANTS, string="Value x loyalty", readonly=True, index=True,
        help="Value level crossed with loyalty level, with its recommended action.",
    )
    typical_interval = fields.Float(
        string="Typical days between purchases", readonly=True, group_operator="avg",
        help="Median gap in days between the customer's consecutive purchase days "
        "(invoices and confirmed orders), once they have enough purchases.",
    )
    days_since_purchase = fields.Integer(
        string="Days since last purchase (any)", readonly=True, group_operator="avg",
        help="Days from the last purchase, whole history, to the last assessment.",
    )
    churn_risk = fields.Boolean(
        string="At risk of churning", readonly=True, index=True,
        help="The days since the last purchase exceed the program's churn factor times "
        "the customer's typical interval.",
    )
    churn_risk_since = fields.Date(
        string="At risk since", readonly=True,
        help="Day the customer crossed the churn threshold.",
    )

    _sql_constraints = [
        ("partner_program_uniq", "unique (partner_id, program_id)",
         "A customer has one loyalty membership per program."),
    ]

    @api.model_cr
    def init(self):
        # The loyalty lists show memberships by revenue, 80 at a time.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_loyalty_membership_revenue_index "
            "ON crm_loyalty_membership (program_id, revenue DESC, id)"
        )

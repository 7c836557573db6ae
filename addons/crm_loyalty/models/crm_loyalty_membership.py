# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules.value_matrix import MATRIX_ACTIONS, MATRIX_QUERY, QUADRANTS

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
COST_BASES = [
    ("history", "Cost at invoice date"),
    ("current", "Current cost (no cost history)"),
    ("mixed", "Cost at invoice date, current cost where no history"),
]
SERVICE_BASES = [
    ("timesheet", "Timesheets"),
    ("estimate", "Estimate: working hours to solve the tickets"),
]
LOYALTY_LEVELS = [("high", "High loyalty"), ("low", "Low loyalty")]


def orm_sql(model, domain, sql):
    """``sql`` with __FROM__/__WHERE__ replaced by the ORM's query of
    ``domain`` on ``model`` (read record rules applied), and its params."""
    query = model._where_calc(domain)
    model._apply_ir_rules(query, "read")
    from_clause, where_clause, params = query.get_sql()
    return (
        sql.replace("__FROM__", from_clause).replace("__WHERE__", where_clause or "TRUE"),
        list(params),
    )


def company_currency(company):
    currency = company.currency_id
    return {"symbol": currency.symbol or "", "position": currency.position or "after"}


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
        help="Posted invoice lines of the window (credit notes subtracted): quantity in "
        "the product's unit of measure x the product's cost on the invoice date "
        "(price history), or today's standard price when the product has no cost "
        "history (see Cost basis). Delivery products excluded (Delivery costs).",
    )
    cost_basis = fields.Selection(
        COST_BASES, string="Cost basis", readonly=True,
        help="Which product cost the cost of goods uses: the cost on the invoice date "
        "(product price history), today's standard price for products without "
        "history, or both.",
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
    service_basis = fields.Selection(
        SERVICE_BASES, string="Service time basis", readonly=True,
        help="Where the service hours come from: time logged on the customer's tickets "
        "(timesheets), or, without timesheets, an estimate: the working hours from "
        "opening to solving of the tickets solved in the window, waiting on the customer "
        "excluded (open tickets count once solved). Empty: no service data (service KPI "
        "module absent).",
    )
    service_cost = fields.Float(
        string="Service cost (window)", readonly=True,
        help="Service hours x the program's cost to serve per hour.",
    )
    payment_delay_cost = fields.Float(
        string="Late payment cost (window)", readonly=True,
        help="For the window's posted invoices with a due date: amount x days paid after "
        "the due date (paid: total until the last payment; open: residual until the "
        "assessment) x the program's annual cost of capital / 365.",
    )
    delivery_cost = fields.Float(
        string="Delivery costs (window)", readonly=True,
        help="Cost of the invoiced delivery products (carriers of the Delivery module). "
        "Empty when the Delivery module is not installed: the ERP does not know them.",
    )
    cost_to_serve = fields.Float(
        string="Cost to serve (window)", readonly=True,
        help="Service cost + late payment cost + delivery costs (a missing component "
        "counts as nothing).",
    )
    refund_amount = fields.Float(
        string="Credit notes (window)", readonly=True,
        help="Untaxed amount of the posted credit notes of the window (returns). Already "
        "deducted from net revenue: shown, not subtracted again.",
    )
    discount_amount = fields.Float(
        string="Discounts granted (window)", readonly=True,
        help="On the window's posted invoices, per line: list price x quantity (in the "
        "product's unit) - untaxed line amount in company currency, when positive. "
        "Already deducted from net revenue: shown, not subtracted again.",
    )
    cost_notes = fields.Text(
        string="About these costs", compute="_compute_cost_notes",
        help="Which sources the costs come from and which are unknown.",
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

    salesperson_id = fields.Many2one(
        "res.users", string="Account manager", related="partner_id.user_id", readonly=True)
    clv_known = fields.Boolean(
        string="Customer value known", readonly=True,
        help="The customer value model scored this customer at the last assessment; "
        "without it, P(alive), CLV and value at risk are empty.")
    clv_p_alive = fields.Float(
        string="P(alive)", readonly=True, group_operator="avg", digits=(16, 3),
        help="Probability that the customer still buys from the company (BG/NBD model, "
        "from their number of purchase days, the last one and the first one).")
    clv_expected_90 = fields.Float(
        string="Expected purchases (90 days)", readonly=True, digits=(16, 2),
        help="Expected number of purchase days in the next 90 days.")
    clv_expected_365 = fields.Float(
        string="Expected purchases (365 days)", readonly=True, digits=(16, 2),
        help="Expected number of purchase days in the next 365 days.")
    clv_order_value = fields.Float(
        string="Expected order value", readonly=True, group_operator="avg",
        help="Expected net revenue per purchase day (Gamma-Gamma model): the "
        "customer's own mean, drawn towards the company's mean when they bought "
        "few times.")
    clv_value = fields.Float(
        string="Predicted CLV", readonly=True,
        help="Expected margin of the customer's purchases over the program's CLV horizon "
        "(expected purchases month by month x expected order value x the customer's "
        "profit margin), discounted at the program's annual rate.")
    clv_value_at_risk = fields.Float(
        string="Value at risk", readonly=True,
        help="The customer's predicted value if they are still a customer x (1 - P(alive)): "
        "the value lost with the probability that they have left (0 for a customer of "
        "negative value).")
    clv_risk_since = fields.Date(
        string="Slipping away since", readonly=True,
        help="Day P(alive) fell below the program's threshold (no purchase since).")

    _sql_constraints = [
        ("partner_program_uniq", "unique (partner_id, program_id)",
         "A customer has one loyalty membership per program."),
    ]

    def _compute_cost_notes(self):
        delivery_known = self.env["crm.loyalty.program"]._delivery_known()
        # the labels in the user's language
        bases = dict(self._fields["cost_basis"]._description_selection(self.env))
        services = dict(self._fields["service_basis"]._description_selection(self.env))
        for member in self:
            lines = []
            if member.cost_basis:
                lines.append(_("Cost of goods: %(basis)s.")
                             % {"basis": bases[member.cost_basis]})
            if member.service_basis:
                lines.append(_("Service time: %(basis)s.")
                             % {"basis": services[member.service_basis]})
            elif member.assessed_date:
                lines.append(_("Service time: unknown (no service data)."))
            if not delivery_known:
                lines.append(_("Delivery costs: unknown (the Delivery module is not "
                               "installed)."))
            member.cost_notes = "\n".join(lines) or False

    @api.model_cr
    def init(self):
        # The loyalty lists show memberships by revenue, 80 at a time.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_loyalty_membership_revenue_index "
            "ON crm_loyalty_membership (program_id, revenue DESC, id)"
        )
        # The cost of goods looks up, per invoice line, the product's latest
        # cost on or before the invoice day (product price history has no
        # index but its primary key).
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_loyalty_price_history_lookup_index "
            "ON product_price_history (product_id, company_id, datetime DESC, id DESC)"
        )

    # Value x loyalty screen ------------------------------------------------

    @api.model
    def _value_matrix_domain(self):
        """The customers of the matrix: the current company's active program."""
        return [
            ("company_id", "=", self.env.user.company_id.id),
            ("program_id.active", "=", True),
            ("quadrant", "!=", False),
        ]

    @api.model
    def _value_matrix_clv_column(self):
        """SQL expression of a membership's predicted CLV (NULL when the
        customer value model did not score it), or None for no CLV at all:
        the one place the matrix reads the customer value model."""
        return ("CASE WHEN crm_loyalty_membership.clv_known "
                "THEN crm_loyalty_membership.clv_value END")

    @api.model
    def _value_matrix_texts(self):
        """{quadrant: (name, recommended action, why)}, translated."""
        actions = dict(self._fields["quadrant"]._description_selection(self.env))
        return {
            "reward_keep": (
                _("Loyal and valuable"),
                actions["reward_keep"],
                _("They bring most of the margin: reward them, keep the service "
                  "personal, never let them slip."),
            ),
            "sell_more": (
                _("Loyal, small"),
                actions["sell_more"],
                _("They come back but spend little: offer more of the range and ask "
                  "them to recommend you."),
            ),
            "win_loyalty": (
                _("Valuable, not loyal"),
                actions["win_loyalty"],
                _("They spend a lot but buy elsewhere too: win them with what only "
                  "you offer."),
            ),
            "low_cost": (
                _("Small, not loyal"),
                actions["low_cost"],
                _("Little value and little loyalty: serve them well through "
                  "low-cost channels."),
            ),
        }

    @api.model
    def get_value_matrix_data(self):
        """The value x loyalty matrix of the current company.

        Returns a dict: ``company``, ``currency`` ({symbol, position}),
        ``has_clv`` and ``quadrants``, a list in the order of QUADRANTS of
        {code, name, action, help, count, revenue, margin, profit,
        predicted_clv (of the customers the customer value model scored;
        False when it scored none of them)}, and
        ``total`` with the same sums over the four.
        """
        self.check_access_rights("read")
        clv = self._value_matrix_clv_column()
        sql, params = orm_sql(self, self._value_matrix_domain(),
                              MATRIX_QUERY.replace("__CLV__", clv or "NULL::numeric"))
        self.env.cr.execute(sql, params)
        sums = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        # CLV only when the model scored at least one of these customers.
        has_clv = any(row[4] is not None for row in sums.values())
        texts = self._value_matrix_texts()
        quadrants = []
        total = {"count": 0, "revenue": 0.0, "margin": 0.0, "profit": 0.0,
                 "predicted_clv": 0.0 if has_clv else False}
        for code, _label in QUADRANTS:
            count, revenue, margin, profit, predicted = sums.get(code, (0, 0, 0, 0, None))
            name, action, why = texts[code]
            row = {
                "code": code, "name": name, "action": action, "help": why,
                "count": count, "revenue": float(revenue), "margin": float(margin),
                "profit": float(profit),
                "predicted_clv": float(predicted or 0.0) if has_clv else False,
            }
            quadrants.append(row)
            for key in ("count", "revenue", "margin", "profit"):
                total[key] += row[key]
            if has_clv:
                total["predicted_clv"] += row["predicted_clv"]
        company = self.env.user.company_id
        return {
            "company": company.name,
            "currency": company_currency(company),
            "has_clv": has_clv,
            "quadrants": quadrants,
            "total": total,
        }

    @api.model
    def action_value_matrix(self, quadrant, kind="list"):
        """What one click on a quadrant does: ``list`` opens its customers,
        ``mailing`` the mailing-list wizard on them, ``activity`` schedules
        their recommended action (returns the number of customers)."""
        if not (isinstance(quadrant, str) and quadrant in dict(QUADRANTS)
                and isinstance(kind, str) and kind in MATRIX_ACTIONS):
            raise UserError(_("Choose one of the four quadrants and one of its actions."))
        self.check_access_rights("read")
        name = self._value_matrix_texts()[quadrant][0]
        domain = self._value_matrix_domain()[:-1] + [("quadrant", "=", quadrant)]
        if kind == "list":
            return {
                "type": "ir.actions.act_window",
                "name": name,
                "res_model": self._name,
                "view_mode": "tree,form",
                "views": [
                    [self.env.ref("crm_loyalty.crm_loyalty_membership_view_tree").id, "list"],
                    [self.env.ref("crm_loyalty.crm_loyalty_membership_view_form").id, "form"],
                ],
                "search_view_id": [
                    self.env.ref("crm_loyalty.crm_loyalty_membership_view_search").id],
                "domain": domain,
                "target": "current",
            }
        members = self.search(domain)
        if kind == "mailing":
            return {
                "type": "ir.actions.act_window",
                "name": _("Build mailing lists"),
                "res_model": "crm.loyalty.mailing.list",
                "view_mode": "form",
                "views": [[False, "form"]],
                "target": "new",
                "context": {"active_model": self._name, "active_ids": members.ids},
            }
        members.mapped("partner_id").action_loyalty_schedule_activity()
        return len(members)

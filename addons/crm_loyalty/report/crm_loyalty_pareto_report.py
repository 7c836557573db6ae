# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools


class CrmLoyaltyParetoReport(models.Model):
    """Pareto curve of the last assessment, one row per customer.

    Customers: memberships (commercial entities) of the companies' active
    programs with a positive net revenue in the window at the program's
    latest assessment. Ranked by revenue (largest first,
    then by id); the cumulative shares are those of the customers ranked at
    or above this one: "the top <percentile>% of customers bring
    <cumulative revenue share>% of revenue and <cumulative margin share>% of
    gross margin". The margin share can exceed 100 when others lose money.
    """

    _name = "crm.loyalty.pareto.report"
    _description = "Loyalty Pareto Analysis"
    _auto = False
    _order = "company_id, revenue_rank"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    revenue = fields.Float(
        string="Net revenue", readonly=True,
        help="Posted customer invoices minus credit notes, untaxed, over the window.")
    cost = fields.Float(
        string="Cost of goods", readonly=True,
        help="Quantities in the product's unit x the product's cost on the invoice date "
        "(today's cost for products without cost history).")
    margin = fields.Float(string="Gross margin", readonly=True,
                          help="Net revenue minus cost of goods.")
    service_cost = fields.Float(
        string="Service cost", readonly=True,
        help="Service hours x the program's cost to serve per hour.")
    payment_delay_cost = fields.Float(
        string="Late payment cost", readonly=True,
        help="Amount x days paid late x annual cost of capital / 365.")
    delivery_cost = fields.Float(
        string="Delivery costs", readonly=True,
        help="Cost of invoiced delivery products; empty without the Delivery module.")
    cost_to_serve = fields.Float(
        string="Cost to serve", readonly=True,
        help="Service cost + late payment cost + delivery costs.")
    profit = fields.Float(
        readonly=True, help="Net revenue minus cost of goods minus cost to serve.")
    revenue_rank = fields.Integer(
        string="Rank", readonly=True, group_operator="max",
        help="Rank by net revenue within the company, 1 = largest; ties by customer.",
    )
    customer_count = fields.Integer(string="Customers", readonly=True, group_operator="max")
    percentile = fields.Integer(
        string="Top % of customers",
        readonly=True,
        group_operator="max",
        help="100 x rank / number of customers, rounded up.",
    )
    cum_revenue_share = fields.Float(
        string="Cumulative revenue share (%)", readonly=True, group_operator="max"
    )
    cum_margin_share = fields.Float(
        string="Cumulative margin share (%)", readonly=True, group_operator="max"
    )

    is_current_company = fields.Boolean(
        compute="_compute_is_current_company", search="_search_is_current_company",
        string="My company",
        help="The row belongs to your current company (ranks are per company).",
    )

    @api.multi
    def _compute_is_current_company(self):
        for row in self:
            row.is_current_company = row.company_id == self.env.user.company_id

    @api.model
    def _search_is_current_company(self, operator, value):
        positive = (operator == "=") == bool(value)
        return [("company_id", "=" if positive else "!=", self.env.user.company_id.id)]

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
CREATE OR REPLACE VIEW %s AS (
WITH latest AS (
    SELECT m.id, m.partner_id, m.company_id, m.revenue, m.cost, m.margin, m.profit,
           m.service_cost, m.payment_delay_cost, m.delivery_cost, m.cost_to_serve,
           m.assessed_date,
           max(m.assessed_date) OVER (PARTITION BY m.program_id) AS last_d
      FROM crm_loyalty_membership m
      JOIN crm_loyalty_program prog ON prog.id = m.program_id AND prog.active
), customers AS (
    SELECT * FROM latest WHERE assessed_date = last_d AND revenue > 0
), ranked AS (
    SELECT c.*,
           row_number() OVER w AS revenue_rank,
           count(*) OVER (PARTITION BY company_id) AS customer_count,
           sum(revenue) OVER w AS cum_revenue,
           sum(margin) OVER w AS cum_margin,
           sum(revenue) OVER (PARTITION BY company_id) AS total_revenue,
           sum(margin) OVER (PARTITION BY company_id) AS total_margin
      FROM customers c
    -- Ranks per company, unique: ties broken by the customer's id.
    WINDOW w AS (PARTITION BY company_id ORDER BY revenue DESC, partner_id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT id, partner_id, company_id, revenue, cost, margin, service_cost,
       payment_delay_cost, delivery_cost, cost_to_serve, profit,
       revenue_rank, customer_count,
       ceil(100.0 * revenue_rank / customer_count)::int AS percentile,
       100 * cum_revenue / nullif(total_revenue, 0) AS cum_revenue_share,
       100 * cum_margin / nullif(total_margin, 0) AS cum_margin_share
  FROM ranked
)"""
            % self._table
        )

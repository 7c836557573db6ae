# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools

from odoo.addons.crm_customer_base.rules import definitions


class CrmLoyaltyReferralReport(models.Model):
    """Network value: each referrer (commercial entity) is credited with the net
    revenue of the customers they referred, per company.

    Net revenue is the score's: validated customer invoices minus refunds,
    untaxed, in company currency at the invoice date. The window is the
    rolling window of the company's active loyalty program (365 days without
    one), ending today. A customer referred by contacts of two different
    companies credits both referrers.
    """

    _name = "crm.loyalty.referral.report"
    _description = "Referral Network Value"
    _auto = False
    _order = "revenue_window desc, revenue_lifetime desc"
    _rec_name = "referrer_id"

    referrer_id = fields.Many2one(
        "res.partner", string="Referrer", readonly=True,
        help="The customer (commercial entity) who brought the referred customer.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Referred customer", readonly=True,
        help="Commercial entity whose 'referred by' (on itself or a contact) is the referrer.",
    )
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    referred_count = fields.Integer(
        string="Customers referred", readonly=True, help="Referred customers with revenue."
    )
    revenue_window = fields.Float(
        string="Net revenue (window)",
        readonly=True,
        help="Net revenue of the referred customer over the loyalty program's rolling window.",
    )
    revenue_lifetime = fields.Float(
        string="Net revenue (lifetime)",
        readonly=True,
        help="Net revenue of the referred customer since their first invoice.",
    )
    last_invoice_date = fields.Date(string="Last invoice", readonly=True)

    def _select(self):
        return """
            SELECT row_number() OVER (
                       ORDER BY pairs.referrer_id, pairs.partner_id, rev.company_id) AS id,
                   pairs.referrer_id, pairs.partner_id, rev.company_id,
                   1 AS referred_count,
                   rev.revenue_window, rev.revenue_lifetime, rev.last_invoice_date
        """

    def _from(self):
        return """
            FROM (
                SELECT DISTINCT r.commercial_partner_id AS referrer_id,
                       c.commercial_partner_id AS partner_id
                  FROM res_partner c
                  JOIN res_partner r ON r.id = c.referred_by_id
                 WHERE c.commercial_partner_id <> r.commercial_partner_id
            ) pairs
            JOIN (
                SELECT p.commercial_partner_id AS cp, i.company_id,
                       sum({amount}) AS revenue_lifetime,
                       coalesce(sum({amount}) FILTER (
                           WHERE i.date_invoice > current_date
                                 - coalesce(prog.window_days, 365)), 0) AS revenue_window,
                       max(i.date_invoice) AS last_invoice_date
                  FROM account_invoice i
                  JOIN res_partner p ON p.id = i.partner_id
                  LEFT JOIN crm_loyalty_program prog
                         ON prog.company_id = i.company_id AND prog.active
                 WHERE {is_revenue}
                   AND i.date_invoice <= current_date
                 GROUP BY p.commercial_partner_id, i.company_id
            ) rev ON rev.cp = pairs.partner_id
        """.format(
            amount=definitions.sql_net_revenue_amount("i.amount_untaxed_signed"),
            is_revenue=definitions.sql_is_revenue_invoice("i.type", "i.state"),
        )

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            "CREATE OR REPLACE VIEW {} AS ({} {})".format(
                self._table, self._select(), self._from()
            )
        )

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import logging

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from . import churn_rules

_logger = logging.getLogger(__name__)

CHURN_FIELDS = [
    "loyalty_typical_interval",
    "loyalty_days_since_purchase",
    "loyalty_churn_risk",
    "loyalty_churn_risk_since",
]

# One statement assesses the churn risk of every customer (commercial entity)
# of the company, writes it on the entity and its contacts (only the rows
# whose churn state changes), and schedules one to-do per entity newly at risk
# (False -> True) whose threshold was crossed recently, for its salesperson or
# the fallback user, never a second open one of the same type. It returns the
# number of entities newly at risk and of activities created: nothing per
# customer reaches Python.
# Mirrors churn_rules.typical_interval / is_at_risk / needs_activity.
CHURN_QUERY = """
WITH purchases AS (
    SELECT p.commercial_partner_id AS cp, i.date_invoice AS d
      FROM account_invoice i
      JOIN res_partner p ON p.id = i.partner_id
     WHERE i.company_id = %(company)s
       AND i.type = 'out_invoice'
       AND i.state IN ('open', 'paid')
       AND i.date_invoice <= %(today)s
     UNION
    SELECT p.commercial_partner_id, o.date_order::date
      FROM sale_order o
      JOIN res_partner p ON p.id = o.partner_id
     WHERE o.company_id = %(company)s
       AND o.state IN ('sale', 'done')
       AND o.date_order::date <= %(today)s
), gaps AS (
    SELECT cp, d, d - lag(d) OVER (PARTITION BY cp ORDER BY d) AS gap
      FROM purchases
), stats AS (
    SELECT cp,
           CASE WHEN count(*) >= greatest(%(min_purchases)s, 2)
                THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) END AS interval,
           %(today)s::date - max(d) AS since
      FROM gaps
     GROUP BY cp
), target AS (
    SELECT cp, interval, since,
           coalesce(interval > 0 AND since > %(factor)s * interval, false) AS at_risk
      FROM stats
     UNION ALL
    -- Customers flagged before whose purchases were all cancelled since.
    SELECT p.id, NULL, NULL, false
      FROM res_partner p
     WHERE p.id = p.commercial_partner_id
       AND p.loyalty_churn_risk
       AND (p.loyalty_company_id = %(company)s OR p.loyalty_company_id IS NULL)
       AND NOT EXISTS (SELECT 1 FROM stats s WHERE s.cp = p.id)
), assessed AS (
    SELECT t.cp, t.interval, t.since, t.at_risk,
           CASE WHEN t.at_risk
                THEN coalesce(old.loyalty_churn_risk_since, %(today)s::date) END AS risk_since,
           t.at_risk AND old.loyalty_churn_risk IS NOT TRUE
               AND t.since - %(factor)s * t.interval <= %(horizon)s AS needs_activity
      FROM target t
      JOIN res_partner old ON old.id = t.cp
), changed AS (
    UPDATE res_partner p
       SET loyalty_typical_interval = a.interval,
           loyalty_days_since_purchase = a.since,
           loyalty_churn_risk = a.at_risk,
           loyalty_churn_risk_since = a.risk_since
      FROM assessed a
     WHERE p.commercial_partner_id = a.cp
       AND (p.loyalty_typical_interval, p.loyalty_days_since_purchase,
            p.loyalty_churn_risk, p.loyalty_churn_risk_since)
           IS DISTINCT FROM (a.interval, a.since, a.at_risk, a.risk_since)
    RETURNING p.id, p.id = a.cp AND a.needs_activity AS newly
), newly AS (
    SELECT id FROM changed WHERE newly
), created AS (
    INSERT INTO mail_activity
        (create_uid, create_date, write_uid, write_date, res_model_id, res_model,
         res_id, res_name, activity_type_id, summary, note, date_deadline, user_id)
    SELECT %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC',
           %(model)s, 'res.partner', p.id, p.display_name, %(type)s, %(summary)s,
           %(note)s, %(today)s, coalesce(u.id, %(fallback)s)
      FROM newly n
      JOIN res_partner p ON p.id = n.id
      LEFT JOIN res_users u ON u.id = p.user_id AND u.active
     WHERE NOT EXISTS (
            SELECT 1 FROM mail_activity a
             WHERE a.res_model = 'res.partner' AND a.res_id = p.id
               AND a.activity_type_id = %(type)s)
    RETURNING id
)
SELECT (SELECT count(*) FROM newly), (SELECT count(*) FROM created)
"""


class CrmLoyaltyProgram(models.Model):
    _inherit = "crm.loyalty.program"

    churn_factor = fields.Float(
        string="Churn factor (k)",
        default=2.0,
        required=True,
        help="A customer is at risk when the days since their last purchase exceed k "
        "times their own typical interval between purchases. Must be above 1.",
    )
    churn_min_purchases = fields.Integer(
        string="Purchases for a typical interval",
        default=3,
        required=True,
        help="Distinct purchase days a customer needs before their typical interval "
        "(the median gap between purchases) is known; at least 2.",
    )
    churn_user_id = fields.Many2one(
        "res.users",
        string="At-risk activities for customers without salesperson",
        help="Receives the churn-risk activity of customers who have no salesperson. "
        "Empty: the user running the assessment (the scheduled job's user) gets it.",
    )

    @api.constrains("churn_factor", "churn_min_purchases")
    def _check_churn(self):
        for program in self:
            if churn_rules.factor_error(program.churn_factor):
                raise ValidationError(
                    _("The churn factor must be greater than 1: a customer is at risk "
                      "when their gap exceeds k times their typical interval.")
                )
            if program.churn_min_purchases < 2:
                raise ValidationError(
                    _("A typical interval needs at least 2 purchases.")
                )

    @api.multi
    def _recompute(self, today=None):
        if isinstance(today, datetime.date):
            # Odoo 11 dates are strings; accept a date object as well.
            today = fields.Date.to_string(today)
        result = super()._recompute(today=today)
        self._assess_churn(today=today)
        return result

    @api.multi
    def _assess_churn(self, today=None):
        """Flag the customers at risk of churning and schedule their activity."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        activity_type = self.env.ref("crm_loyalty.mail_activity_type_churn_risk")
        cr = self.env.cr
        cr.execute(
            CHURN_QUERY,
            {
                "company": self.company_id.id,
                "today": today,
                "min_purchases": self.churn_min_purchases,
                "factor": self.churn_factor,
                "horizon": churn_rules.ACTIVITY_HORIZON_DAYS,
                "uid": self.env.uid,
                "model": self.env["ir.model"]._get("res.partner").id,
                "type": activity_type.id,
                "summary": _("Customer at risk of churning"),
                "note": _(
                    "<p>This customer has gone much longer than usual without buying: "
                    "see the typical interval and the days since the last purchase "
                    "on the Loyalty tab, and get in touch.</p>"
                ),
                "fallback": (self.churn_user_id or self.env.user).id,
            },
        )
        newly, created = cr.fetchone()
        self.env["res.partner"].invalidate_cache(CHURN_FIELDS)
        self.env["mail.activity"].invalidate_cache()
        _logger.info(
            "Loyalty program %s: %d customers newly at risk, %d activities",
            self.id, newly, created,
        )
        return True


class ResPartner(models.Model):
    _inherit = "res.partner"

    loyalty_typical_interval = fields.Float(
        string="Typical days between purchases",
        readonly=True,
        group_operator="avg",
        help="Median gap in days between the customer's consecutive purchase days "
        "(invoices and confirmed orders), once they have enough purchases.",
    )
    loyalty_days_since_purchase = fields.Integer(
        string="Days since last purchase (any)",
        readonly=True,
        group_operator="avg",
        help="Days from the last purchase, whole history, to the last assessment.",
    )
    loyalty_churn_risk = fields.Boolean(
        string="At risk of churning",
        readonly=True,
        index=True,
        help="The days since the last purchase exceed the program's churn factor times "
        "the customer's typical interval.",
    )
    loyalty_churn_risk_since = fields.Date(
        string="At risk since",
        readonly=True,
        help="Assessment at which the customer was first found at risk.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + CHURN_FIELDS

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import logging

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from . import churn_rules
from .res_partner import INTERNAL_GROUP

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
# entities newly at risk, their user and whether they need an activity: only
# those few reach Python, where the activities are created through the ORM
# (followers, notifications, the partner's stored next deadline).
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
     -- A customer assessed by another company keeps that company's figures.
     WHERE old.loyalty_company_id IS NULL OR old.loyalty_company_id = %(company)s
), changed AS (
    UPDATE res_partner p
       SET loyalty_typical_interval = a.interval,
           loyalty_days_since_purchase = a.since,
           loyalty_churn_risk = a.at_risk,
           loyalty_churn_risk_since = a.risk_since,
           loyalty_company_id = %(company)s
      FROM assessed a
     WHERE p.commercial_partner_id = a.cp
       AND (p.loyalty_typical_interval, p.loyalty_days_since_purchase,
            p.loyalty_churn_risk, p.loyalty_churn_risk_since, p.loyalty_company_id)
           IS DISTINCT FROM (a.interval, a.since, a.at_risk, a.risk_since, %(company)s)
    RETURNING p.id, p.id = a.cp AND a.needs_activity AS newly
), newly AS (
    SELECT id FROM changed WHERE newly
)
SELECT n.id, coalesce(u.id, %(fallback)s),
       NOT EXISTS (
            SELECT 1 FROM mail_activity a
             WHERE a.res_model = 'res.partner' AND a.res_id = n.id
               AND a.activity_type_id = %(type)s)
  FROM newly n
  JOIN res_partner p ON p.id = n.id
  LEFT JOIN res_users u ON u.id = p.user_id AND u.active
 ORDER BY n.id
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
        summary = _("Customer at risk of churning")
        note = _(
            "<p>This customer has gone much longer than usual without buying: "
            "see the typical interval and the days since the last purchase "
            "on the Loyalty tab, and get in touch.</p>"
        )
        cr.execute(
            CHURN_QUERY,
            {
                "company": self.company_id.id,
                "today": today,
                "min_purchases": self.churn_min_purchases,
                "factor": self.churn_factor,
                "horizon": churn_rules.ACTIVITY_HORIZON_DAYS,
                "type": activity_type.id,
                "fallback": (self.churn_user_id or self.env.user).id,
            },
        )
        rows = cr.fetchall()
        self.env["res.partner"].invalidate_cache(CHURN_FIELDS + ["loyalty_company_id"])
        model_id = self.env["ir.model"]._get("res.partner").id
        values = [
            {
                "res_model_id": model_id,
                "res_id": partner_id,
                "activity_type_id": activity_type.id,
                "summary": summary,
                "note": note,
                "date_deadline": today,
                "user_id": user_id,
            }
            for partner_id, user_id, needed in rows
            if needed
        ]
        # Superuser: the assessment (run by the scheduled job or a loyalty
        # manager, see action_recompute) schedules these to-dos for the
        # customers' salespeople; a manager need not be allowed to edit every
        # contact. One create per activity (Odoo 11's create takes one dict):
        # only the customers newly at risk, a few per run.
        Activity = self.env["mail.activity"].sudo().with_context(
            mail_create_nosubscribe=True, tracking_disable=True
        )
        for vals in values:
            Activity.create(vals)
        # Odoo 11 links an activity to its record by an integer res_id: the
        # partners' cached activity lists are not updated, so their stored
        # "next activity" fields are recomputed here, once for the batch.
        partners = self.env["res.partner"].browse([vals["res_id"] for vals in values])
        partners.invalidate_cache(["activity_ids"])
        partners.modified(["activity_ids"])
        partners.recompute()
        _logger.info(
            "Loyalty program %s: %d customers newly at risk, %d activities",
            self.id, len(rows), len(values),
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
        groups=INTERNAL_GROUP,
    )
    loyalty_days_since_purchase = fields.Integer(
        string="Days since last purchase (any)",
        readonly=True,
        group_operator="avg",
        help="Days from the last purchase, whole history, to the last assessment.",
        groups=INTERNAL_GROUP,
    )
    loyalty_churn_risk = fields.Boolean(
        string="At risk of churning",
        readonly=True,
        index=True,
        help="The days since the last purchase exceed the program's churn factor times "
        "the customer's typical interval.",
        groups=INTERNAL_GROUP,
    )
    loyalty_churn_risk_since = fields.Date(
        string="At risk since",
        readonly=True,
        help="Assessment at which the customer was first found at risk.",
        groups=INTERNAL_GROUP,
    )

    @api.model
    def _loyalty_synced_fields(self):
        return super()._loyalty_synced_fields() + CHURN_FIELDS

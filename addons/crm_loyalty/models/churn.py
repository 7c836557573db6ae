# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import logging

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_customer_base.rules import definitions

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
# entities newly at risk, their user and whether they need an activity: only
# those few reach Python, where the activities are created through the ORM
# (followers, notifications, the partner's stored next deadline).
# Mirrors churn_rules.typical_interval / is_at_risk / needs_activity.
STATS_CTE = """
purchases AS (
    SELECT p.commercial_partner_id AS cp, i.date_invoice AS d
      FROM account_invoice i
      JOIN res_partner p ON p.id = i.partner_id
     WHERE i.company_id = %(company)s
       AND {is_purchase_invoice}
       AND i.date_invoice <= %(today)s
     UNION
    SELECT p.commercial_partner_id, o.date_order::date
      FROM sale_order o
      JOIN res_partner p ON p.id = o.partner_id
     WHERE o.company_id = %(company)s
       AND {is_purchase_order}
       AND o.date_order::date <= %(today)s
), gaps AS (
    SELECT cp, d, d - lag(d) OVER (PARTITION BY cp ORDER BY d) AS gap
      FROM purchases
), stats AS (
    SELECT cp,
           CASE WHEN count(*) >= greatest(%(min_purchases)s, 2)
                THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) END AS interval,
           %(today)s::date - max(d) AS since,
           max(d) AS last_d
      FROM gaps
     GROUP BY cp
)""".format(
    is_purchase_invoice=definitions.sql_is_purchase_invoice("i.type", "i.state"),
    is_purchase_order=definitions.sql_is_purchase_order("o.state"),
)

# Every customer with a purchase in the company gets a membership of the
# program (their churn state lives there), in one statement.
CHURN_MEMBERSHIP_QUERY = "WITH " + STATS_CTE + """
INSERT INTO crm_loyalty_membership
    (create_uid, create_date, write_uid, write_date, partner_id, program_id, company_id)
SELECT %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC',
       s.cp, %(program)s, %(company)s
  FROM stats s
    ON CONFLICT (partner_id, program_id) DO NOTHING
"""

CHURN_QUERY = "WITH " + STATS_CTE + """, thresholds AS (
    SELECT s.*,
           CASE WHEN s.interval > 0
                THEN greatest(%(factor)s * s.interval, %(min_gap)s)
                WHEN s.interval IS NULL AND %(few_days)s > 0
                THEN %(few_days)s::float END AS threshold
      FROM stats s
), target AS (
    -- With the customer value model (use_clv): valuable customers slipping
    -- away, P(alive) below the program's threshold with value at risk; else
    -- the gap since the last purchase above the threshold. Either way not
    -- lost (a purchase within lost_after days).
    SELECT t.cp, t.interval, t.since, t.last_d,
           CASE WHEN %(use_clv)s
                THEN coalesce(m.clv_known AND m.clv_p_alive < %(alive)s
                              AND m.clv_value_at_risk > 0, false)
                ELSE coalesce(t.since > t.threshold, false) END
               AND (%(lost_after)s <= 0 OR t.since <= %(lost_after)s) AS at_risk,
           t.threshold, m.clv_risk_since
      FROM thresholds t
      LEFT JOIN crm_loyalty_membership m
             ON m.partner_id = t.cp AND m.program_id = %(program)s
     UNION ALL
    -- Customers flagged before whose purchases were all cancelled since.
    SELECT m.partner_id, NULL, NULL, NULL, false, NULL, NULL
      FROM crm_loyalty_membership m
     WHERE m.program_id = %(program)s
       AND m.churn_risk
       AND NOT EXISTS (SELECT 1 FROM stats s WHERE s.cp = m.partner_id)
), assessed AS (
    SELECT t.cp, t.interval, t.since, t.at_risk,
           -- the day the threshold was crossed: last purchase + threshold, or
           -- the day P(alive) fell below the threshold
           CASE WHEN t.at_risk AND %(use_clv)s THEN t.clv_risk_since
                WHEN t.at_risk
                THEN (t.last_d + floor(t.threshold)::int + 1) END AS risk_since,
           t.at_risk AND old.churn_risk IS NOT TRUE
               AND CASE WHEN %(use_clv)s
                        THEN %(today)s::date - t.clv_risk_since <= %(horizon)s
                        ELSE t.since - t.threshold <= %(horizon)s END AS needs_activity
      FROM target t
      JOIN crm_loyalty_membership old
             ON old.partner_id = t.cp AND old.program_id = %(program)s
), changed AS (
    UPDATE crm_loyalty_membership p
       SET typical_interval = a.interval,
           days_since_purchase = a.since,
           churn_risk = a.at_risk,
           churn_risk_since = a.risk_since
      FROM assessed a
     WHERE p.partner_id = a.cp
       AND p.program_id = %(program)s
       AND (p.typical_interval, p.days_since_purchase, p.churn_risk, p.churn_risk_since)
           IS DISTINCT FROM (a.interval, a.since, a.at_risk, a.risk_since)
    RETURNING p.partner_id AS id
), newly AS (
    SELECT a.cp AS id FROM assessed a JOIN changed w ON w.id = a.cp WHERE a.needs_activity
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
    churn_min_gap_days = fields.Integer(
        string="Minimum days without purchase",
        default=120,
        required=True,
        help="A customer is never at risk before this many days without a purchase, "
        "however short their typical interval: a weekly buyer who skips three weeks "
        "is not churning.",
    )
    churn_few_purchases_days = fields.Integer(
        string="Days without purchase (few purchases)",
        default=365,
        required=True,
        help="Customers with too few purchases for a typical interval are at risk "
        "after this many days without a purchase; 0: never flagged.",
    )
    churn_user_id = fields.Many2one(
        "res.users",
        string="At-risk activities for customers without salesperson",
        help="Receives the churn-risk activity of customers who have no salesperson. "
        "Empty: the user running the assessment (the scheduled job's user) gets it.",
    )

    @api.constrains("churn_factor", "churn_min_purchases", "churn_min_gap_days",
                    "churn_few_purchases_days")
    def _check_churn(self):
        for program in self:
            if churn_rules.factor_error(program.churn_factor):
                raise ValidationError(
                    _("The churn factor must be greater than 1: a customer is at risk "
                      "when their gap exceeds k times their typical interval.")
                )
            if program.churn_min_gap_days < 0 or program.churn_few_purchases_days < 0:
                raise ValidationError(_("Churn day thresholds cannot be negative."))
            if program.churn_min_purchases < 2:
                raise ValidationError(
                    _("A typical interval needs at least 2 purchases.")
                )

    @api.multi
    def _recompute(self, today=None, service_hours=None):
        if isinstance(today, datetime.date):
            # Odoo 11 dates are strings; accept a date object as well.
            today = fields.Date.to_string(today)
        result = super()._recompute(today=today, service_hours=service_hours)
        self._assess_churn(today=today)
        return result

    @api.multi
    def _clv_use_model(self):
        """Whether customers at risk follow the customer value model (see
        customer_value.py); the churn rule otherwise."""
        return False

    @api.multi
    def _assess_churn(self, today=None):
        """Flag the customers at risk of churning and schedule their activity."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        activity_type = self.env.ref("crm_loyalty.mail_activity_type_churn_risk")
        cr = self.env.cr
        use_clv = self._clv_use_model()
        if use_clv:
            summary = _("Valuable customer slipping away")
            note = _(
                "<p>The probability that this customer still buys from us has fallen "
                "below the program's threshold, and their predicted value is at stake: "
                "see P(alive), the predicted CLV and the value at risk on the Loyalty "
                "tab, and get in touch.</p>"
            )
        else:
            summary = _("Customer at risk of churning")
            note = _(
                "<p>This customer has gone much longer than usual without buying: "
                "see the typical interval and the days since the last purchase "
                "on the Loyalty tab, and get in touch.</p>"
            )
        params = {
            "company": self.company_id.id,
            "program": self.id,
            "uid": self.env.uid,
            "today": today,
            "min_purchases": self.churn_min_purchases,
            "factor": self.churn_factor,
            "min_gap": self.churn_min_gap_days,
            "few_days": self.churn_few_purchases_days,
            # no purchase in the window: lost (RFM segments), not at risk
            "lost_after": self.window_days,
            "horizon": churn_rules.ACTIVITY_HORIZON_DAYS,
            "type": activity_type.id,
            "fallback": (self.churn_user_id or self.env.user).id,
            "use_clv": use_clv,
            "alive": self.clv_alive_threshold,
        }
        cr.execute(CHURN_MEMBERSHIP_QUERY, params)
        cr.execute(CHURN_QUERY, params)
        rows = cr.fetchall()
        self.env["crm.loyalty.membership"].invalidate_cache()
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

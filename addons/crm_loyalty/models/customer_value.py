# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer value (issue 14): the Odoo glue of ``rules/clv.py``.

Daily with the loyalty recompute, per company: one set-based statement
extracts each customer's purchase days (the suite's purchase definition) as
frequency (repeat purchase days), recency and age, with their net revenue and
the window's profit; BG/NBD and Gamma-Gamma are fitted (plain rules, weeks as
time unit, like the papers); each membership gets P(alive), the expected
purchases in 90 and 365 days, the expected order value, the predicted CLV and
the value at risk, written by batches with one UPDATE ... FROM unnest each.
Too little data: a message on the program, the figures empty, and the churn
rule of ``churn.py`` stays the fallback.
"""
import datetime
import json
import logging

import numpy as np

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_customer_base.rules import definitions

from ..rules import clv
from .crm_loyalty_program import MAX_DAYS
from .res_partner import INTERNAL_GROUP, MEMBERSHIP_FIELDS, _mirror

_logger = logging.getLogger(__name__)

#: Days per model time unit (weeks, as in the papers).
UNIT_DAYS = 7.0
#: Customers written per UPDATE statement.
CLV_BATCH = 5000
#: Longest holdout period of the model check, in days (26 weeks).
HOLDOUT_DAYS = 182

PURCHASES_CTE = """
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
)""".format(
    is_purchase_invoice=definitions.sql_is_purchase_invoice("i.type", "i.state"),
    is_purchase_order=definitions.sql_is_purchase_order("o.state"),
)

# Per customer (commercial entity) of the company: repeat purchase days x,
# recency t_x and age T in days, net revenue of the whole history, the
# window's net revenue and profit (the membership, written by the recompute
# just before). Mean order value = net revenue / purchase days.
CLV_INPUT_QUERY = "WITH " + PURCHASES_CTE + """, life AS (
    SELECT cp, count(*) - 1 AS x, max(d) - min(d) AS t_x, %(today)s::date - min(d) AS age,
           count(*) AS days
      FROM purchases GROUP BY cp
), revenue AS (
    SELECT p.commercial_partner_id AS cp, sum({amount})::float AS amount
      FROM account_invoice i
      JOIN res_partner p ON p.id = i.partner_id
     WHERE i.company_id = %(company)s
       AND {is_revenue}
       AND i.date_invoice <= %(today)s
     GROUP BY 1
)
SELECT l.cp, l.x, l.t_x, l.age, coalesce(r.amount, 0) / l.days,
       coalesce(m.revenue, 0), coalesce(m.profit, 0)
  FROM life l
  LEFT JOIN revenue r ON r.cp = l.cp
  LEFT JOIN crm_loyalty_membership m ON m.partner_id = l.cp AND m.program_id = %(program)s
 ORDER BY l.cp
""".format(
    amount=definitions.sql_net_revenue_amount("i.amount_untaxed_signed"),
    is_revenue=definitions.sql_is_revenue_invoice("i.type", "i.state"),
)

# The model check's input: one row per customer and purchase day (days since
# the company's first purchase).
CLV_CHECK_QUERY = "WITH " + PURCHASES_CTE + """
SELECT dense_rank() OVER (ORDER BY cp) - 1, d - min(d) OVER () FROM purchases
"""

CLV_MEMBERSHIP_INSERT = """
INSERT INTO crm_loyalty_membership
    (create_uid, create_date, write_uid, write_date, partner_id, program_id, company_id)
SELECT %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC',
       v.cp, %(program)s, %(company)s
  FROM unnest(%(cp)s::int[]) AS v(cp)
    ON CONFLICT (partner_id, program_id) DO NOTHING
"""

CLV_COLUMNS = ("clv_p_alive", "clv_expected_90", "clv_expected_365", "clv_order_value",
               "clv_value", "clv_value_at_risk", "clv_risk_since")

CLV_UPDATE = """
UPDATE crm_loyalty_membership m
   SET clv_known = true,
       clv_p_alive = v.p_alive, clv_expected_90 = v.e90, clv_expected_365 = v.e365,
       clv_order_value = v.aov, clv_value = v.value, clv_value_at_risk = v.risk,
       clv_risk_since = v.since,
       write_date = now() AT TIME ZONE 'UTC'
  FROM unnest(%(cp)s::int[], %(p_alive)s::float[], %(e90)s::float[], %(e365)s::float[],
              %(aov)s::float[], %(value)s::float[], %(risk)s::float[], %(since)s::date[])
    AS v(cp, p_alive, e90, e365, aov, value, risk, since)
 WHERE m.partner_id = v.cp AND m.program_id = %(program)s
   AND (m.clv_known, m.clv_p_alive, m.clv_expected_90, m.clv_expected_365,
        m.clv_order_value, m.clv_value, m.clv_value_at_risk, m.clv_risk_since)
       IS DISTINCT FROM (true, v.p_alive, v.e90, v.e365, v.aov, v.value, v.risk, v.since)
"""

# Memberships that have no (more) figures: no model, or no purchase left.
CLV_CLEAR = """
UPDATE crm_loyalty_membership m
   SET clv_known = false, clv_p_alive = NULL, clv_expected_90 = NULL,
       clv_expected_365 = NULL, clv_order_value = NULL, clv_value = NULL,
       clv_value_at_risk = NULL, clv_risk_since = NULL,
       write_date = now() AT TIME ZONE 'UTC'
 WHERE m.program_id = %(program)s
   AND (m.clv_known OR m.clv_p_alive IS NOT NULL)
   AND m.partner_id <> ALL(%(keep)s::int[])
"""

STATUSES = [
    ("fitted", "Fitted"),
    ("not_enough_data", "Not enough repeat customers"),
    ("short_history", "History too short"),
    ("failed", "Could not be fitted"),
]


def _round(values, digits=6):
    return [None if v is None else round(float(v), digits) for v in values]


class CrmLoyaltyProgram(models.Model):
    _inherit = "crm.loyalty.program"

    clv_horizon_days = fields.Integer(
        string="CLV horizon (days)", default=365, required=True,
        help="Predicted customer lifetime value counts the expected margin of the "
        "purchases over this many days.",
    )
    clv_discount_rate = fields.Float(
        string="CLV annual discount rate (%)", default=10.0, required=True,
        help="Future margin is discounted at this yearly rate, month by month.",
    )
    clv_min_repeat_customers = fields.Integer(
        string="Repeat customers needed", default=200, required=True,
        help="The customer value model is fitted only when at least this many customers "
        "bought on two different days or more; otherwise the churn rule applies.",
    )
    clv_min_history_days = fields.Integer(
        string="History needed (days)", default=365, required=True,
        help="The customer value model needs purchases over at least this many days.",
    )
    clv_alive_threshold = fields.Float(
        string="Slipping away below P(alive)", default=0.5, required=True,
        help="With the customer value model, a customer is slipping away when the "
        "probability that they are still a customer falls below this value.",
    )
    clv_status = fields.Selection(
        STATUSES, string="Customer value model", readonly=True, copy=False,
    )
    clv_status_params = fields.Char(
        string="Model status figures", readonly=True, copy=False,
        help="The figures of the status message (JSON).")
    clv_message = fields.Text(string="Model status", compute="_compute_clv_message")
    clv_date = fields.Date(string="Model fitted on", readonly=True, copy=False)
    clv_customers = fields.Integer(string="Customers in the model", readonly=True, copy=False)
    clv_repeat_customers = fields.Integer(
        string="Customers with a repeat purchase", readonly=True, copy=False)
    clv_r = fields.Float(string="BG/NBD r", readonly=True, copy=False)
    clv_alpha = fields.Float(string="BG/NBD alpha", readonly=True, copy=False)
    clv_a = fields.Float(string="BG/NBD a", readonly=True, copy=False)
    clv_b = fields.Float(string="BG/NBD b", readonly=True, copy=False)
    clv_log_likelihood = fields.Float(
        string="BG/NBD log-likelihood", readonly=True, copy=False, digits=(16, 2))
    clv_p = fields.Float(string="Gamma-Gamma p", readonly=True, copy=False)
    clv_q = fields.Float(string="Gamma-Gamma q", readonly=True, copy=False)
    clv_gamma = fields.Float(
        string="Gamma-Gamma gamma", readonly=True, copy=False)
    clv_check = fields.Text(
        string="Model check", readonly=True, copy=False,
        help="Holdout check of the model on the company's own data (JSON).",
    )
    clv_check_mae = fields.Float(
        string="Mean absolute error per customer", readonly=True, copy=False, digits=(16, 3),
        help="Model check: mean over customers of |predicted - actual| repeat purchases "
        "in the holdout period.",
    )
    clv_check_error_pct = fields.Float(
        string="Total error (%)", readonly=True, copy=False, digits=(16, 1),
        help="Model check: (predicted - actual) / actual repeat purchases of all "
        "customers in the holdout period.",
    )

    @api.constrains("clv_horizon_days", "clv_discount_rate", "clv_min_repeat_customers",
                    "clv_min_history_days", "clv_alive_threshold")
    def _check_clv_settings(self):
        for program in self:
            if not 1 <= program.clv_horizon_days <= MAX_DAYS:
                raise ValidationError(
                    _("The CLV horizon is from 1 to %(days)d days.") % {"days": MAX_DAYS})
            if not 0 <= program.clv_discount_rate <= 100:
                raise ValidationError(
                    _("The CLV discount rate is a percentage from 0 to 100."))
            if program.clv_min_repeat_customers < 1:
                raise ValidationError(
                    _("The customer value model needs at least one repeat customer."))
            if not 0 <= program.clv_min_history_days <= MAX_DAYS:
                raise ValidationError(
                    _("The history needed is from 0 to %(days)d days.") % {"days": MAX_DAYS})
            if not 0 < program.clv_alive_threshold < 1:
                raise ValidationError(
                    _("The P(alive) threshold is a probability between 0 and 1."))

    @api.depends("clv_status", "clv_status_params")
    def _compute_clv_message(self):
        for program in self:
            params = {key: int(value) if isinstance(value, float) and value.is_integer()
                      else value
                      for key, value in json.loads(program.clv_status_params or "{}").items()}
            status = program.clv_status
            if status == "fitted":
                message = _(
                    "Fitted on %(customers)s customers, %(repeat)s of them with a repeat "
                    "purchase: P(alive), CLV and value at risk are up to date, and "
                    "customers slipping away are those with P(alive) below the threshold."
                ) % params
            elif status == "not_enough_data":
                message = _(
                    "Not enough data for the customer value model: %(repeat)s customers "
                    "with a repeat purchase, %(minimum)s needed. P(alive), CLV and value "
                    "at risk stay empty; customers at risk follow the churn rule (k x the "
                    "typical interval)."
                ) % params
            elif status == "short_history":
                message = _(
                    "Not enough history for the customer value model: %(history)s days of "
                    "purchases, %(minimum)s needed. P(alive), CLV and value at risk stay "
                    "empty; customers at risk follow the churn rule (k x the typical "
                    "interval)."
                ) % params
            elif status == "failed":
                message = _(
                    "The customer value model could not be fitted on this company's "
                    "purchases. P(alive), CLV and value at risk stay empty; customers at "
                    "risk follow the churn rule (k x the typical interval).")
            else:
                message = _("Not assessed yet: the model is fitted with the next recompute.")
            program.clv_message = message

    @api.multi
    def _assess_churn(self, today=None):
        # the churn assessment reads P(alive) and value at risk: fit first
        self._assess_clv(today=today)
        return super()._assess_churn(today=today)

    @api.multi
    def _clv_use_model(self):
        """Whether customers at risk follow the customer value model."""
        self.ensure_one()
        return self.clv_status == "fitted"

    @api.multi
    def _assess_clv(self, today=None):
        """Fit the customer value models on the company's purchases and write
        each customer's figures (see the module docstring)."""
        self.ensure_one()
        today = fields.Date.from_string(today or fields.Date.context_today(self))
        cr = self.env.cr
        params = {"company": self.company_id.id, "today": today, "program": self.id}
        cr.execute(CLV_INPUT_QUERY, params)
        rows = cr.fetchall()
        data = np.array(rows, dtype=float).reshape(-1, 7)
        cp = [row[0] for row in rows]
        x, age = data[:, 1], data[:, 3]
        values = {"clv_date": fields.Date.to_string(today), "clv_customers": len(cp),
                  "clv_repeat_customers": int(np.count_nonzero(x > 0))}
        try:
            clv.check_enough_data(x, age, self.clv_min_repeat_customers,
                                  self.clv_min_history_days)
            figures, fit, spend = self._clv_score(today, data)
        except clv.ClvError as error:
            status = error.code if error.code in ("not_enough_data", "short_history") \
                else "failed"
            values.update(self._clv_empty_values(), clv_status=status,
                          clv_status_params=json.dumps(error.params))
            cr.execute(CLV_CLEAR, {"program": self.id, "keep": []})
            self.write(values)
            self.env["crm.loyalty.membership"].invalidate_cache()
            _logger.info("Loyalty program %s: customer value model not fitted (%s)",
                         self.id, error)
            return False
        cr.execute(CLV_MEMBERSHIP_INSERT, dict(params, uid=self.env.uid, cp=cp))
        for start in range(0, len(cp), CLV_BATCH):
            batch = slice(start, start + CLV_BATCH)
            cr.execute(CLV_UPDATE, dict(
                {key: column[batch] for key, column in figures.items()},
                cp=cp[batch], program=self.id))
        cr.execute(CLV_CLEAR, {"program": self.id, "keep": cp})
        values.update(
            clv_status="fitted",
            clv_status_params=json.dumps({"customers": len(cp),
                                          "repeat": values["clv_repeat_customers"]}),
            clv_r=fit["r"], clv_alpha=fit["alpha"], clv_a=fit["a"], clv_b=fit["b"],
            clv_log_likelihood=fit["log_likelihood"],
            clv_p=spend["p"], clv_q=spend["q"], clv_gamma=spend["gamma"])
        values.update(self._clv_model_check(today))
        self.write(values)
        self.env["crm.loyalty.membership"].invalidate_cache()
        self.env["res.partner"].invalidate_cache(list(CLV_PARTNER_FIELDS))
        _logger.info("Loyalty program %s: customer value model fitted on %d customers",
                     self.id, len(cp))
        return True

    @api.model
    def _clv_empty_values(self):
        return {name: False for name in (
            "clv_r", "clv_alpha", "clv_a", "clv_b", "clv_log_likelihood", "clv_p", "clv_q",
            "clv_gamma", "clv_check", "clv_check_mae", "clv_check_error_pct")}

    @api.multi
    def _clv_score(self, today, data):
        """Fit both models on the input rows (CLV_INPUT_QUERY) and score every
        customer: ({column: list}, BG/NBD fit, Gamma-Gamma fit)."""
        self.ensure_one()
        x, t_x, T = data[:, 1], data[:, 2] / UNIT_DAYS, data[:, 3] / UNIT_DAYS
        zbar, revenue, profit = data[:, 4], data[:, 5], data[:, 6]
        fit = clv.bgnbd_fit(x, t_x, T)
        params = (fit["r"], fit["alpha"], fit["a"], fit["b"])
        spend = clv.gamma_gamma_fit(x, zbar)
        order_value = clv.expected_order_value((spend["p"], spend["q"], spend["gamma"]),
                                               x, zbar)
        margin = clv.margin_per_order(order_value, revenue, profit)
        p_alive = clv.p_alive(params, x, t_x, T)
        # the value if still a customer; the CLV is P(alive) x that (eq. 10)
        value_if_alive = clv.clv(params, x, t_x, T, margin, self.clv_horizon_days,
                                 self.clv_discount_rate / 100.0, UNIT_DAYS, if_alive=True)
        value = value_if_alive * p_alive
        risk_age = clv.slipping_age(params, x, t_x, self.clv_alive_threshold)
        # the day P(alive) fell below the threshold: first purchase + that age
        first = [today - datetime.timedelta(days=int(a)) for a in data[:, 3]]
        since = [
            None if not np.isfinite(ra) or ra * UNIT_DAYS > age
            else first_day + datetime.timedelta(days=int(np.ceil(ra * UNIT_DAYS)))
            for ra, age, first_day in zip(risk_age, data[:, 3], first)]
        figures = {
            "p_alive": _round(p_alive),
            "e90": _round(clv.expected_purchases(params, x, t_x, T, 90 / UNIT_DAYS)),
            "e365": _round(clv.expected_purchases(params, x, t_x, T, 365 / UNIT_DAYS)),
            "aov": _round(order_value, 2),
            "value": _round(value, 2),
            "risk": _round(clv.value_at_risk(value_if_alive, p_alive), 2),
            "since": [s if pa < self.clv_alive_threshold else None
                      for s, pa in zip(since, p_alive)],
        }
        return figures, fit, spend

    @api.multi
    def _clv_model_check(self, today):
        """Holdout check on the company's purchases: calibrate on all but the
        last 26 weeks (or the last third of the history when shorter),
        predict those weeks. Program values (JSON and error figures)."""
        self.ensure_one()
        cr = self.env.cr
        cr.execute(CLV_CHECK_QUERY, {"company": self.company_id.id, "today": today})
        rows = np.array(cr.fetchall(), dtype=float).reshape(-1, 2)
        span = float(rows[:, 1].max()) + 1 if rows.size else 0.0
        holdout = min(HOLDOUT_DAYS, int(span // 3) // 7 * 7)
        try:
            if holdout < 7:
                raise clv.ClvError(clv.ERR_SHORT_HISTORY, "history too short")
            check = clv.holdout_check(rows[:, 0], rows[:, 1], span - holdout, span,
                                      period=UNIT_DAYS)
        except clv.ClvError as error:
            return {"clv_check": json.dumps({"error": error.code}),
                    "clv_check_mae": False, "clv_check_error_pct": False}
        start = today - datetime.timedelta(days=int(span) - 1)
        check["start"] = fields.Date.to_string(start)
        check["calibration_end_date"] = fields.Date.to_string(
            start + datetime.timedelta(days=int(span - holdout)))
        return {"clv_check": json.dumps(check),
                "clv_check_mae": check["mae"],
                "clv_check_error_pct": check["total_error_pct"]
                if check["total_error_pct"] is not None else False}


class CrmLoyaltyMembership(models.Model):
    _inherit = "crm.loyalty.membership"

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


CLV_PARTNER_FIELDS = {
    "loyalty_clv_known": "clv_known",
    "loyalty_clv_p_alive": "clv_p_alive",
    "loyalty_clv_expected_90": "clv_expected_90",
    "loyalty_clv_expected_365": "clv_expected_365",
    "loyalty_clv_order_value": "clv_order_value",
    "loyalty_clv_value": "clv_value",
    "loyalty_clv_value_at_risk": "clv_value_at_risk",
}
MEMBERSHIP_FIELDS.update(CLV_PARTNER_FIELDS)


class ResPartner(models.Model):
    _inherit = "res.partner"

    loyalty_clv_known = _mirror(
        "loyalty_clv_known", fields.Boolean, string="Customer value known",
        groups=INTERNAL_GROUP)
    loyalty_clv_p_alive = _mirror(
        "loyalty_clv_p_alive", fields.Float, string="P(alive)", groups=INTERNAL_GROUP,
        digits=(16, 3), help="Probability that the customer still buys from the company.")
    loyalty_clv_expected_90 = _mirror(
        "loyalty_clv_expected_90", fields.Float, string="Expected purchases (90 days)",
        groups=INTERNAL_GROUP, digits=(16, 2))
    loyalty_clv_expected_365 = _mirror(
        "loyalty_clv_expected_365", fields.Float, string="Expected purchases (365 days)",
        groups=INTERNAL_GROUP, digits=(16, 2))
    loyalty_clv_order_value = _mirror(
        "loyalty_clv_order_value", fields.Float, string="Expected order value",
        groups=INTERNAL_GROUP)
    loyalty_clv_value = _mirror(
        "loyalty_clv_value", fields.Float, string="Predicted CLV", groups=INTERNAL_GROUP)
    loyalty_clv_value_at_risk = _mirror(
        "loyalty_clv_value_at_risk", fields.Float, string="Value at risk",
        groups=INTERNAL_GROUP,
        help="The customer's predicted value if they are still a customer x (1 - P(alive)): "
        "the value lost with the probability that they have left (0 for a customer of "
        "negative value).")

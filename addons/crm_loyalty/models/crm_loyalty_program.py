# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import logging

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from . import scoring
from .tier_rules import NO_TIER, assess_tier, threshold_errors, tier_for_score

_logger = logging.getLogger(__name__)

# One query computes the metrics, normalised metrics and RFM quintiles of all
# the company's customers (commercial entities), joined with their current
# loyalty state. Population: customers with a purchase in the window
# ("active"), plus current holders of one of the program's tiers who are no
# longer active (they score 0 and fall to R=F=M=1 so that they can be
# downgraded).
METRICS_QUERY = """
WITH inv AS (
    SELECT p.commercial_partner_id AS cp, i.type, i.date_invoice AS d,
           i.amount_untaxed_signed AS amount
      FROM account_invoice i
      JOIN res_partner p ON p.id = i.partner_id
     WHERE i.company_id = %(company)s
       AND i.type IN ('out_invoice', 'out_refund')
       AND i.state IN ('open', 'paid')
       AND i.date_invoice <= %(today)s
), so AS (
    SELECT p.commercial_partner_id AS cp, o.date_order::date AS d
      FROM sale_order o
      JOIN res_partner p ON p.id = o.partner_id
     WHERE o.company_id = %(company)s
       AND o.state IN ('sale', 'done')
       AND o.date_order::date <= %(today)s
), purchases AS (
    SELECT cp, d FROM inv WHERE type = 'out_invoice'
    UNION ALL
    SELECT cp, d FROM so
), life AS (
    SELECT cp, min(d) AS first_d, max(d) AS last_d,
           bool_or(d >= %(start)s) AS active
      FROM purchases GROUP BY cp
), win_inv AS (
    SELECT cp, sum(amount) AS revenue,
           count(*) FILTER (WHERE type = 'out_invoice') AS invoices
      FROM inv WHERE d >= %(start)s GROUP BY cp
), win_so AS (
    SELECT cp, count(*) AS orders FROM so WHERE d >= %(start)s GROUP BY cp
), referrals AS (
    SELECT r.commercial_partner_id AS cp,
           count(DISTINCT c.commercial_partner_id) AS n
      FROM res_partner c
      JOIN res_partner r ON r.id = c.referred_by_id
      JOIN life l ON l.cp = c.commercial_partner_id
     WHERE c.commercial_partner_id <> r.commercial_partner_id
     GROUP BY r.commercial_partner_id
), metrics AS (
    SELECT l.cp,
           coalesce(wi.revenue, 0) AS revenue,
           coalesce(ws.orders, 0) AS orders,
           greatest(coalesce(ws.orders, 0), coalesce(wi.invoices, 0)) AS frequency,
           %(today)s::date - l.last_d AS recency,
           %(today)s::date - l.first_d AS tenure,
           coalesce(rf.n, 0) AS referrals
      FROM life l
      LEFT JOIN win_inv wi ON wi.cp = l.cp
      LEFT JOIN win_so ws ON ws.cp = l.cp
      LEFT JOIN referrals rf ON rf.cp = l.cp
     WHERE l.active
), ranked AS (
    SELECT m.*,
           CASE WHEN revenue > 0
                THEN 100 * cume_dist() OVER (ORDER BY revenue) ELSE 0 END AS n_revenue,
           CASE WHEN orders > 0
                THEN 100 * cume_dist() OVER (ORDER BY orders) ELSE 0 END AS n_orders,
           100 * cume_dist() OVER (ORDER BY recency DESC) AS n_recency,
           CASE WHEN tenure > 0
                THEN 100 * cume_dist() OVER (ORDER BY tenure) ELSE 0 END AS n_tenure,
           CASE WHEN referrals > 0
                THEN 100 * cume_dist() OVER (ORDER BY referrals) ELSE 0 END AS n_referrals,
           ntile(5) OVER (ORDER BY recency DESC, cp) AS r,
           ntile(5) OVER (ORDER BY frequency, cp) AS f,
           ntile(5) OVER (ORDER BY revenue, cp) AS m
      FROM metrics m
), population AS (
    SELECT * FROM ranked
    UNION ALL
    SELECT p.id, 0, 0, 0,
           %(today)s::date - l.last_d, %(today)s::date - l.first_d, 0,
           0, 0, 0, 0, 0, 1, 1, 1
      FROM res_partner p
      LEFT JOIN life l ON l.cp = p.id
     WHERE p.loyalty_tier_id IN %(tiers)s
       AND p.id = p.commercial_partner_id
       AND p.id NOT IN (SELECT cp FROM ranked)
)
SELECT x.cp, x.revenue, x.orders, x.recency, x.tenure, x.referrals,
       x.n_revenue, x.n_orders, x.n_recency, x.n_tenure, x.n_referrals,
       x.r, x.f, x.m,
       p.loyalty_tier_id, p.loyalty_below_since, p.loyalty_tier_date,
       p.loyalty_override_tier_id, p.loyalty_override_until
  FROM population x
  JOIN res_partner p ON p.id = x.cp
 ORDER BY x.cp
"""

# One statement writes the state of every assessed customer onto the
# commercial entity and all its contacts.
UPDATE_QUERY = """
UPDATE res_partner p
   SET loyalty_score = v.score,
       loyalty_revenue = v.revenue,
       loyalty_order_count = v.orders,
       loyalty_recency_days = v.recency,
       loyalty_tenure_days = v.tenure,
       loyalty_referral_count = v.referrals,
       loyalty_rfm_r = v.r,
       loyalty_rfm_f = v.f,
       loyalty_rfm_m = v.m,
       loyalty_segment = v.segment,
       loyalty_tier_id = v.tier,
       loyalty_tier_date = v.tier_date,
       loyalty_below_since = v.below_since,
       loyalty_override_tier_id = CASE WHEN v.clear_override
            THEN NULL ELSE p.loyalty_override_tier_id END,
       loyalty_override_until = CASE WHEN v.clear_override
            THEN NULL ELSE p.loyalty_override_until END,
       loyalty_override_reason = CASE WHEN v.clear_override
            THEN NULL ELSE p.loyalty_override_reason END,
       loyalty_assessed_date = %(today)s
  FROM unnest(%(cp)s::int[], %(score)s::float[], %(revenue)s::float[],
              %(orders)s::int[], %(recency)s::int[], %(tenure)s::int[],
              %(referrals)s::int[], %(r)s::int[], %(f)s::int[], %(m)s::int[],
              %(segment)s::varchar[], %(tier)s::int[], %(tier_date)s::date[],
              %(below_since)s::date[], %(clear_override)s::bool[])
    AS v(cp, score, revenue, orders, recency, tenure, referrals, r, f, m,
         segment, tier, tier_date, below_since, clear_override)
 WHERE p.commercial_partner_id = v.cp
"""

HISTORY_QUERY = """
INSERT INTO crm_loyalty_tier_history
    (create_uid, create_date, write_uid, write_date, program_id, company_id,
     partner_id, from_tier_id, to_tier_id, date, reason, score, revenue,
     order_count, recency_days, tenure_days, referral_count)
SELECT %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC',
       %(program)s, %(company)s, v.*
  FROM unnest(%(cp)s::int[], %(from_tier)s::int[], %(to_tier)s::int[],
              %(date)s::date[], %(reason)s::varchar[], %(score)s::float[],
              %(revenue)s::float[], %(orders)s::int[], %(recency)s::int[],
              %(tenure)s::int[], %(referrals)s::int[]) AS v
"""


class CrmLoyaltyProgram(models.Model):
    _name = "crm.loyalty.program"
    _description = "Loyalty Program"
    _order = "company_id, name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
    )
    window_days = fields.Integer(
        string="Rolling window (days)",
        default=365,
        required=True,
        help="Purchases of the last N days count towards the score. Thresholds "
        "are cumulative over this window, never per single purchase.",
    )
    tier_ids = fields.One2many("crm.loyalty.tier", "program_id", string="Tiers", copy=True)
    weight_revenue = fields.Float(
        string="Weight: net revenue",
        default=40.0,
        help="Net invoiced revenue over the window (refunds subtracted, in "
        "company currency at the invoice date).",
    )
    weight_orders = fields.Float(
        string="Weight: orders",
        default=20.0,
        help="Number of confirmed sales orders over the window.",
    )
    weight_recency = fields.Float(
        string="Weight: recency",
        default=20.0,
        help="Days since the last purchase: fewer is better.",
    )
    weight_tenure = fields.Float(
        string="Weight: tenure", default=10.0, help="Days since the first purchase."
    )
    weight_referrals = fields.Float(
        string="Weight: referrals",
        default=10.0,
        help="Number of buying customers whose 'referred by' is this customer.",
    )
    grace_days = fields.Integer(
        string="Downgrade grace period (days)",
        default=30,
        required=True,
        help="A customer whose score falls below their tier keeps it for this "
        "many days before being moved down.",
    )
    max_downgrade_steps = fields.Integer(
        string="Maximum tiers down per assessment",
        default=1,
        required=True,
    )
    last_recompute = fields.Datetime(readonly=True, copy=False)

    def _weights(self):
        self.ensure_one()
        return {name: self["weight_%s" % name] for name in scoring.METRICS}

    @api.constrains(
        "weight_revenue", "weight_orders", "weight_recency", "weight_tenure", "weight_referrals"
    )
    def _check_weights(self):
        for program in self:
            for error in scoring.weight_errors(program._weights()):
                if error[0] == "negative":
                    raise ValidationError(
                        _("The weight of %(metric)s cannot be negative.")
                        % {"metric": program._fields["weight_%s" % error[1]].string}
                    )
                raise ValidationError(
                    _(
                        "The weights of program %(program)s sum to zero: give at "
                        "least one metric a positive weight."
                    )
                    % {"program": program.name}
                )

    @api.constrains("grace_days", "max_downgrade_steps")
    def _check_downgrade_rules(self):
        for program in self:
            if program.grace_days < 0:
                raise ValidationError(_("The downgrade grace period cannot be negative."))
            if program.max_downgrade_steps < 1:
                raise ValidationError(
                    _("A downgrade moves a customer down by at least one tier per assessment.")
                )

    @api.constrains("window_days")
    def _check_window_days(self):
        if any(program.window_days <= 0 for program in self):
            raise ValidationError(_("The rolling window must be at least one day."))

    @api.constrains("active", "company_id")
    def _check_one_active_per_company(self):
        for program in self.filtered("active"):
            others = self.search_count(
                [
                    ("active", "=", True),
                    ("company_id", "=", program.company_id.id),
                    ("id", "!=", program.id),
                ]
            )
            if others:
                raise ValidationError(
                    _("Only one loyalty program can be active in %(company)s.")
                    % {"company": program.company_id.name}
                )

    @api.constrains("tier_ids")
    def _check_tiers(self):
        messages = {
            "no_tier": _("A loyalty program needs at least one tier."),
            "negative": _("The minimum score of tier %(tier)s cannot be negative."),
            "not_increasing": _(
                "Tier %(tier)s must need a higher score than tier %(below)s: "
                "thresholds are in increasing order and never overlap."
            ),
        }
        for program in self:
            tiers = program.tier_ids.sorted(lambda t: (t.sequence, t.id))
            errors = threshold_errors([(t.name, t.min_score) for t in tiers])
            if errors:
                error = errors[0]
                if error == "no_tier":
                    raise ValidationError(messages["no_tier"])
                values = {"tier": error[1], "below": error[2] if len(error) > 2 else ""}
                raise ValidationError(messages[error[0]] % values)

    @api.model
    def _cron_recompute(self):
        for program in self.search([]):
            program._recompute()

    @api.multi
    def action_recompute(self):
        for program in self:
            program._recompute()
        return True

    @api.multi
    def _recompute(self, today=None):
        """Assess every customer of the program's company in one transaction.

        One query reads metrics, normalised metrics, RFM quintiles and the
        current loyalty state of all customers; one Python pass over those
        tuples applies the plain scoring and tier rules; one UPDATE writes
        every customer and one INSERT the tier changes.
        """
        self.ensure_one()
        today = fields.Date.from_string(today or fields.Date.context_today(self))
        tiers = self.tier_ids.sorted(lambda t: (t.sequence, t.id))
        if not tiers:
            raise ValidationError(_("A loyalty program needs at least one tier."))
        cr = self.env.cr
        # Serialise recomputations of the same program.
        cr.execute("SELECT id FROM crm_loyalty_program WHERE id = %s FOR UPDATE", (self.id,))
        self.recompute()  # pending stored computations (invoice amounts) reach the DB
        thresholds = [(t.name, t.min_score) for t in tiers]
        index_of = {t.id: i for i, t in enumerate(tiers)}
        weights = self._weights()
        start = today - datetime.timedelta(days=self.window_days - 1)
        cr.execute(
            METRICS_QUERY,
            {"company": self.company_id.id, "today": today, "start": start,
             "tiers": tuple(tiers.ids)},
        )
        rows = cr.fetchall()
        update = {key: [] for key in (
            "cp", "score", "revenue", "orders", "recency", "tenure", "referrals", "r",
            "f", "m", "segment", "tier", "tier_date", "below_since", "clear_override")}
        history = {key: [] for key in (
            "cp", "from_tier", "to_tier", "date", "reason", "score", "revenue",
            "orders", "recency", "tenure", "referrals")}
        for (cp, revenue, orders, recency, tenure, referrals, n_rev, n_ord, n_rec,
             n_ten, n_ref, r, f, m, tier_id, below_since, tier_date, override_id,
             override_until) in rows:
            score = scoring.weighted_score(
                {"revenue": n_rev, "orders": n_ord, "recency": n_rec, "tenure": n_ten,
                 "referrals": n_ref},
                weights,
            )
            # Odoo's cursor returns dates as strings.
            below_since = fields.Date.from_string(below_since)
            tier_date = fields.Date.from_string(tier_date)
            override_until = fields.Date.from_string(override_until)
            computed = tier_for_score(thresholds, score)
            current = index_of.get(tier_id, NO_TIER)
            new, below_since, reason, clear_override = assess_tier(
                current,
                NO_TIER if computed is None else computed,
                below_since,
                tier_date,
                today,
                self.grace_days,
                self.max_downgrade_steps,
                index_of.get(override_id),
                override_until,
            )
            new_tier_id = tiers[new].id if new != NO_TIER else None
            if reason:
                tier_date = today
                for key, value in (
                    ("cp", cp), ("from_tier", tier_id), ("to_tier", new_tier_id),
                    ("date", today), ("reason", reason), ("score", score),
                    ("revenue", revenue), ("orders", orders), ("recency", recency),
                    ("tenure", tenure), ("referrals", referrals),
                ):
                    history[key].append(value)
            for key, value in (
                ("cp", cp), ("score", score), ("revenue", revenue), ("orders", orders),
                ("recency", recency), ("tenure", tenure), ("referrals", referrals),
                ("r", r), ("f", f), ("m", m), ("segment", scoring.rfm_segment(r, f)),
                ("tier", new_tier_id), ("tier_date", tier_date),
                ("below_since", below_since), ("clear_override", clear_override),
            ):
                update[key].append(value)
        if rows:
            cr.execute(UPDATE_QUERY, dict(update, today=today))
        if history["cp"]:
            cr.execute(
                HISTORY_QUERY,
                dict(history, uid=self.env.uid, program=self.id, company=self.company_id.id),
            )
        self.write({"last_recompute": fields.Datetime.now()})
        self.env["res.partner"].invalidate_cache()
        self.env["crm.loyalty.tier.history"].invalidate_cache()
        _logger.info(
            "Loyalty program %s: %d customers assessed, %d tier changes",
            self.id, len(rows), len(history["cp"]),
        )
        return True

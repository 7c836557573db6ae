# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Server side of the two loyalty screens of the web client (client actions
``crm_loyalty.value_matrix`` and ``crm_loyalty.pareto``): one read method
each, one set-based SQL statement each, for the user's current company, record
rules applied, values XML-RPC can carry (string keys, False for missing).
"""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from . import progress
from .value_matrix import QUADRANTS

# Quadrant sums over the memberships selected by the ORM's query
# (__FROM__/__WHERE__: domain and record rules). __CLV__ is the predicted CLV
# expression, or NULL while the customer value model is not installed.
MATRIX_QUERY = """
SELECT crm_loyalty_membership.quadrant, count(*),
       coalesce(sum(crm_loyalty_membership.revenue), 0),
       coalesce(sum(crm_loyalty_membership.margin), 0),
       coalesce(sum(crm_loyalty_membership.profit), 0),
       sum(__CLV__)
  FROM __FROM__
 WHERE __WHERE__
 GROUP BY crm_loyalty_membership.quadrant
"""

# The Pareto curve of one company, at most one point per percentile: the
# last customer of each percentile, with the cumulative shares of revenue and
# of profit of the customers ranked at or above it (ranks as in the report).
PARETO_QUERY = """
WITH rows AS (
    SELECT crm_loyalty_pareto_report.revenue_rank AS rank,
           crm_loyalty_pareto_report.customer_count AS n,
           crm_loyalty_pareto_report.percentile,
           crm_loyalty_pareto_report.cum_revenue_share AS revenue_share,
           sum(crm_loyalty_pareto_report.profit) OVER (
               ORDER BY crm_loyalty_pareto_report.revenue_rank
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum_profit,
           sum(crm_loyalty_pareto_report.profit) OVER () AS total_profit
      FROM __FROM__
     WHERE __WHERE__
)
SELECT DISTINCT ON (percentile)
       rank, n, revenue_share,
       CASE WHEN total_profit > 0 THEN 100 * cum_profit / total_profit END
  FROM rows
 ORDER BY percentile, rank DESC
"""

# The share of revenue and of profit of the top X % (rank <= floor(N * X / 100)),
# as in value_matrix.pareto_shares. Shares of profit only when the total
# profit is positive: a share of a loss says nothing.
PARETO_TOP_QUERY = """
WITH rows AS (
    SELECT crm_loyalty_pareto_report.revenue_rank AS rank,
           crm_loyalty_pareto_report.customer_count AS n,
           crm_loyalty_pareto_report.revenue, crm_loyalty_pareto_report.profit
      FROM __FROM__
     WHERE __WHERE__
)
SELECT 100 * sum(revenue) FILTER (WHERE rank <= floor(n * %s / 100.0))
           / nullif(sum(revenue), 0),
       CASE WHEN sum(profit) > 0
            THEN 100 * sum(profit) FILTER (WHERE rank <= floor(n * %s / 100.0))
                 / sum(profit) END
  FROM rows
"""

MATRIX_ACTIONS = ("list", "activity", "mailing")


def _orm_sql(model, domain, sql):
    """``sql`` with __FROM__/__WHERE__ replaced by the ORM's query of
    ``domain`` on ``model`` (read record rules applied), and its params."""
    query = model._where_calc(domain)
    model._apply_ir_rules(query, "read")
    from_clause, where_clause, params = query.get_sql()
    return (
        sql.replace("__FROM__", from_clause).replace("__WHERE__", where_clause or "TRUE"),
        list(params),
    )


def _currency(company):
    currency = company.currency_id
    return {"symbol": currency.symbol or "", "position": currency.position or "after"}


class CrmLoyaltyMembership(models.Model):
    _inherit = "crm.loyalty.membership"

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
        """SQL expression of a membership's predicted CLV, or None.

        The one hook for predicted CLV per quadrant: return
        ``"crm_loyalty_membership.predicted_clv"`` once the customer value
        model declares that field in this addon."""
        return None

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
        predicted_clv (False without the customer value model)}, and
        ``total`` with the same sums over the four.
        """
        self.check_access_rights("read")
        clv = self._value_matrix_clv_column()
        sql, params = _orm_sql(
            self, self._value_matrix_domain(), MATRIX_QUERY.replace("__CLV__", clv or "NULL::numeric")
        )
        self.env.cr.execute(sql, params)
        sums = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        texts = self._value_matrix_texts()
        quadrants = []
        total = {"count": 0, "revenue": 0.0, "margin": 0.0, "profit": 0.0,
                 "predicted_clv": 0.0 if clv else False}
        for code, _label in QUADRANTS:
            count, revenue, margin, profit, predicted = sums.get(code, (0, 0, 0, 0, None))
            name, action, why = texts[code]
            row = {
                "code": code, "name": name, "action": action, "help": why,
                "count": count, "revenue": float(revenue), "margin": float(margin),
                "profit": float(profit),
                "predicted_clv": float(predicted or 0.0) if clv else False,
            }
            quadrants.append(row)
            for key in ("count", "revenue", "margin", "profit"):
                total[key] += row[key]
            if clv:
                total["predicted_clv"] += row["predicted_clv"]
        company = self.env.user.company_id
        return {
            "company": company.name,
            "currency": _currency(company),
            "has_clv": bool(clv),
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


class CrmLoyaltyParetoReport(models.Model):
    _inherit = "crm.loyalty.pareto.report"

    @api.model
    def get_pareto_data(self, top_pct=20):
        """The Pareto curve of the current company.

        Returns a dict: ``company``, ``customer_count``, ``points`` (a list of
        [share of customers, cumulative share of revenue, cumulative share of
        profit (False unless the total profit is positive)], in %, from [0, 0, 0] to the
        last customer, at most one per percentile) and ``top`` ({pct,
        revenue_share, profit_share}: what the top ``top_pct`` % bring).
        """
        if isinstance(top_pct, bool) or not isinstance(top_pct, (int, float)) or not (
            0 < top_pct <= 100
        ):
            raise UserError(_("The top share of customers is a percentage above 0 and up "
                              "to 100."))
        self.check_access_rights("read")
        company = self.env.user.company_id
        domain = [("company_id", "=", company.id)]
        sql, params = _orm_sql(self, domain, PARETO_QUERY)
        self.env.cr.execute(sql, params)
        rows = self.env.cr.fetchall()
        count = rows[-1][1] if rows else 0
        has_profit = any(row[3] is not None for row in rows)
        points = [[0.0, 0.0, 0.0 if has_profit else False]] + [
            [
                100.0 * rank / n,
                float(revenue_share or 0.0),
                float(profit_share) if profit_share is not None else False,
            ]
            for rank, n, revenue_share, profit_share in rows
        ]
        sql, params = _orm_sql(self, domain, PARETO_TOP_QUERY)
        self.env.cr.execute(sql, params + [top_pct, top_pct])
        revenue_share, profit_share = self.env.cr.fetchone()
        return {
            "company": company.name,
            "customer_count": count,
            "points": points if count else [],
            "top": {
                "pct": top_pct,
                "revenue_share": float(revenue_share) if revenue_share is not None else False,
                "profit_share": float(profit_share) if profit_share is not None else False,
            },
        }


class ResPartner(models.Model):
    _inherit = "res.partner"

    loyalty_tier_progress = fields.Float(
        compute="_compute_loyalty_tier_progress", string="Progress to next tier",
        groups="crm_loyalty.group_loyalty_user",
        help="Share of the way from the current tier's minimum score to the next "
        "tier's (100 at the top tier).",
    )

    @api.depends("loyalty_score", "loyalty_tier_id", "loyalty_next_tier_id")
    def _compute_loyalty_tier_progress(self):
        for partner in self:
            entity = partner.commercial_partner_id
            partner.loyalty_tier_progress = progress.progress_pct(
                entity.loyalty_score,
                entity.loyalty_tier_id.min_score if entity.loyalty_tier_id else None,
                partner.loyalty_next_tier_id.min_score if partner.loyalty_next_tier_id else None,
            )

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.tools import formatLang

from . import progress

# Window revenues of the customers who were active (a purchase in the window)
# at the company's last assessment: the population of the revenue percentile.
ACTIVE_REVENUES_QUERY = """
SELECT m.revenue
  FROM crm_loyalty_membership m
 WHERE m.program_id = %(program)s
   AND m.recency_days < %(window)s
   AND m.assessed_date = (
        SELECT max(assessed_date) FROM crm_loyalty_membership
         WHERE program_id = %(program)s)
"""


class CrmLoyaltyProgram(models.Model):
    _inherit = "crm.loyalty.program"

    threshold_explanation = fields.Char(
        compute="_compute_threshold_explanation",
        string="How thresholds work",
        help="Thresholds are cumulative over the rolling window, never per single purchase.",
    )

    @api.depends("window_days")
    def _compute_threshold_explanation(self):
        for program in self:
            program.threshold_explanation = program._threshold_text()

    @api.multi
    def _threshold_text(self):
        self.ensure_one()
        return _(
            "Tier thresholds are cumulative over the rolling window of %(days)s days: the "
            "score counts everything bought in the last %(days)s days, never a single "
            "purchase."
        ) % {"days": self.window_days}

    @api.model
    def _active_for_company(self, company):
        return self.search([("company_id", "=", company.id)], limit=1)


class CrmLoyaltyTier(models.Model):
    _inherit = "crm.loyalty.tier"

    threshold_explanation = fields.Char(
        related="program_id.threshold_explanation", readonly=True,
        string="How thresholds work",
        help="Thresholds are cumulative over the rolling window, never per single purchase.",
    )


class ResPartner(models.Model):
    _inherit = "res.partner"

    loyalty_next_tier_id = fields.Many2one(
        "crm.loyalty.tier",
        compute="_compute_loyalty_progress",
        string="Next tier",
        help="The tier just above the customer's current tier.",
    )
    loyalty_next_tier_missing = fields.Float(
        compute="_compute_loyalty_progress",
        string="Score missing for next tier",
        help="Score points the customer still needs, over the rolling window, to "
        "reach the next tier.",
    )
    loyalty_keep_score = fields.Float(
        compute="_compute_loyalty_progress",
        string="Score to keep the tier",
        help="Minimum score of the current tier: below it, the downgrade grace period runs.",
    )
    loyalty_revenue_to_next = fields.Float(
        compute="_compute_loyalty_progress",
        string="Extra revenue for next tier (estimate)",
        help="Net revenue over the window that would close the gap to the next tier at "
        "the program's current weights, with the customer's other metrics and the "
        "other customers unchanged. Zero when revenue alone cannot close it.",
    )
    loyalty_progress_text = fields.Text(
        compute="_compute_loyalty_progress",
        string="Progress",
        help="How far the customer is from the next tier and what keeps the current one.",
    )

    @api.multi
    def _loyalty_program(self):
        """The program that assesses this customer (commercial entity)."""
        self.ensure_one()
        # Superuser: the program of the customer's own assessment, read for
        # its tiers and weights (portal users cannot read programs).
        Program = self.env["crm.loyalty.program"].sudo()
        return Program._active_for_company(self._loyalty_company())

    @api.multi
    def _compute_loyalty_progress(self):
        revenues_of = {}
        for partner in self:
            # Superuser to read the internal figures (score, revenue) that the
            # progress is derived from: the progress is shown to the customer,
            # the figures themselves are not (field groups, company masking).
            entity = partner.commercial_partner_id.sudo().with_context(
                loyalty_company_id=self._loyalty_company().id)
            program = entity._loyalty_program() if entity else False
            values = {
                "loyalty_next_tier_id": False,
                "loyalty_next_tier_missing": 0.0,
                "loyalty_keep_score": 0.0,
                "loyalty_revenue_to_next": 0.0,
                "loyalty_progress_text": False,
            }
            if program:
                if program.id not in revenues_of:
                    revenues_of[program.id] = self._loyalty_active_revenues(program)
                values.update(entity._loyalty_progress_values(program, revenues_of[program.id]))
            partner.update(values)

    @api.model
    def _loyalty_active_revenues(self, program):
        self.env.cr.execute(
            ACTIVE_REVENUES_QUERY,
            {"program": program.id, "window": program.window_days},
        )
        return [row[0] or 0.0 for row in self.env.cr.fetchall()]

    @api.multi
    def _loyalty_progress_values(self, program, revenues):
        """Progress values of this commercial entity within ``program``."""
        self.ensure_one()
        tiers = program.tier_ids.sorted(lambda t: (t.sequence, t.id))
        if not self.loyalty_assessed_date:
            return {
                "loyalty_next_tier_id": tiers[:1].id,
                "loyalty_progress_text": _(
                    "Not assessed yet: the tier is computed from purchases over the "
                    "rolling window of %(days)s days."
                )
                % {"days": program.window_days},
            }
        thresholds = [(t.name, t.min_score) for t in tiers]
        tier = self.loyalty_tier_id
        current = tiers.ids.index(tier.id) if tier in tiers else None
        state = progress.tier_progress(thresholds, current, self.loyalty_score)
        active = (self.loyalty_recency_days or 0) < program.window_days
        revenue = self.loyalty_revenue or 0.0
        population = revenues if active else revenues + [revenue]
        to_gain = None
        if state["next"] is not None:
            to_gain = progress.revenue_to_gain(
                population, revenue, state["missing"], program._weights()
            )
        currency = program.company_id.currency_id
        params = {
            "days": program.window_days,
            "tier": tier.name,
            "next": tiers[state["next"]].name if state["next"] is not None else "",
            "missing": formatLang(self.env, state["missing"] or 0.0),
            "keep": formatLang(self.env, state["keep"] or 0.0),
            "margin": formatLang(self.env, abs(state["margin"] or 0.0)),
            "score": formatLang(self.env, self.loyalty_score),
            "amount": formatLang(self.env, to_gain or 0.0, currency_obj=currency),
            "grace": program.grace_days,
        }
        lines = [_("Score %(score)s, cumulative over the last %(days)s days.") % params]
        if state["next"] is None:
            lines.append(_("%(tier)s is the top tier.") % params)
        elif not state["missing"]:
            lines.append(
                _("Qualifies for %(next)s: the upgrade applies at the next assessment.")
                % params
            )
        else:
            lines.append(_("%(missing)s points to reach %(next)s.") % params)
            if to_gain:
                lines.append(
                    _(
                        "That is about %(amount)s more net revenue over the window at the "
                        "current weights, other purchases unchanged."
                    )
                    % params
                )
            else:
                lines.append(_("Net revenue alone cannot close this gap."))
        if self.loyalty_override_tier_id:
            if self.loyalty_override_until:
                params["until"] = self.loyalty_override_until
                lines.append(_("%(tier)s is granted by a manager until %(until)s.") % params)
            else:
                lines.append(_("%(tier)s is granted by a manager.") % params)
        elif current is not None and state["margin"] >= 0:
            lines.append(
                _(
                    "Keeps %(tier)s while the score stays at or above %(keep)s "
                    "(%(margin)s points to spare)."
                )
                % params
            )
        elif current is not None:
            below = fields.Date.from_string(self.loyalty_below_since) or datetime.date.today()
            params["end"] = fields.Date.to_string(
                below + datetime.timedelta(days=program.grace_days)
            )
            lines.append(
                _(
                    "%(margin)s points below %(tier)s: reach %(keep)s again before "
                    "%(end)s, when the grace period of %(grace)s days ends, to keep it."
                )
                % params
            )
        return {
            "loyalty_next_tier_id": (
                tiers[state["next"]].id if state["next"] is not None else False
            ),
            "loyalty_next_tier_missing": state["missing"] or 0.0,
            "loyalty_keep_score": state["keep"] or 0.0,
            "loyalty_revenue_to_next": to_gain or 0.0,
            "loyalty_progress_text": "\n".join(lines),
        }

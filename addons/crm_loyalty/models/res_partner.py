# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import re

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import formatLang

from ..rules import progress
from ..rules.value_matrix import QUADRANTS
from .crm_loyalty_membership import (  # noqa: F401
    COST_BASES, LOYALTY_LEVELS, SEGMENTS, SERVICE_BASES, VALUE_LEVELS)

# Internal loyalty figures (score, revenue, margin, profit, RFM, churn...):
# readable by loyalty users only (sales users imply the group). A portal
# customer sees their tier, its benefits and their progress only.
INTERNAL_GROUP = "crm_loyalty.group_loyalty_user"

# Longest free text (override reason) this addon accepts.
TEXT_SIZE = 1000

# Loyalty state lives in crm.loyalty.membership, one row per (customer,
# program). The partner shows the membership of the program of the user's
# CURRENT company through these non-stored fields (partner field -> membership
# field): searchable, and written (inverse) by superuser / loyalty managers only.
MEMBERSHIP_FIELDS = {
    "loyalty_tier_id": "tier_id",
    "loyalty_score": "score",
    "loyalty_revenue": "revenue",
    "loyalty_order_count": "order_count",
    "loyalty_recency_days": "recency_days",
    "loyalty_tenure_days": "tenure_days",
    "loyalty_referral_count": "referral_count",
    "loyalty_rfm_r": "rfm_r",
    "loyalty_rfm_f": "rfm_f",
    "loyalty_rfm_m": "rfm_m",
    "loyalty_segment": "segment",
    "loyalty_tier_date": "tier_date",
    "loyalty_below_since": "below_since",
    "loyalty_assessed_date": "assessed_date",
    "loyalty_override_tier_id": "override_tier_id",
    "loyalty_override_reason": "override_reason",
    "loyalty_override_until": "override_until",
    "loyalty_company_id": "company_id",
    "loyalty_cost": "cost",
    "loyalty_margin": "margin",
    "loyalty_service_hours": "service_hours",
    "loyalty_profit": "profit",
    "loyalty_value_level": "value_level",
    "loyalty_loyalty_level": "loyalty_level",
    "loyalty_quadrant": "quadrant",
    "loyalty_typical_interval": "typical_interval",
    "loyalty_days_since_purchase": "days_since_purchase",
    "loyalty_churn_risk": "churn_risk",
    "loyalty_churn_risk_since": "churn_risk_since",
    "loyalty_cost_basis": "cost_basis",
    "loyalty_service_basis": "service_basis",
    "loyalty_service_cost": "service_cost",
    "loyalty_payment_delay_cost": "payment_delay_cost",
    "loyalty_delivery_cost": "delivery_cost",
    "loyalty_cost_to_serve": "cost_to_serve",
    "loyalty_refund_amount": "refund_amount",
    "loyalty_discount_amount": "discount_amount",
    "loyalty_cost_notes": "cost_notes",
    "loyalty_clv_known": "clv_known",
    "loyalty_clv_p_alive": "clv_p_alive",
    "loyalty_clv_expected_90": "clv_expected_90",
    "loyalty_clv_expected_365": "clv_expected_365",
    "loyalty_clv_order_value": "clv_order_value",
    "loyalty_clv_value": "clv_value",
    "loyalty_clv_value_at_risk": "clv_value_at_risk",
}
# Kept for callers that list the loyalty fields of a partner.
LOYALTY_FIELDS = list(MEMBERSHIP_FIELDS)


def _mirror(name, field_class, *args, **kwargs):
    """The partner field ``name`` showing its membership field of the
    current company (see MEMBERSHIP_FIELDS)."""
    kwargs.setdefault("readonly", True)
    return field_class(
        *args,
        compute="_compute_loyalty_membership",
        inverse=lambda records: records._loyalty_inverse(name),
        search=lambda records, operator, value: records._loyalty_search_mirror(
            name, operator, value),
        **kwargs
    )

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


class ResPartner(models.Model):
    _inherit = "res.partner"

    referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred by",
        index=True,
        ondelete="set null",
        help="The customer who brought this one; referrals count in the referrer's score.",
        groups="base.group_user",
    )
    loyalty_membership_id = fields.Many2one(
        "crm.loyalty.membership", string="Loyalty membership",
        compute="_compute_loyalty_membership", groups=INTERNAL_GROUP,
        help="The customer's loyalty state in the program of your current company.",
    )
    loyalty_tier_id = _mirror(
        "loyalty_tier_id", fields.Many2one, "crm.loyalty.tier", string="Loyalty tier",
        help="Tier of the customer in the loyalty program of your current company.",
    )
    loyalty_score = _mirror(
        "loyalty_score", fields.Float, string="Loyalty score", groups=INTERNAL_GROUP,
        help="Weighted score (0-100) of the customer's metrics over the rolling window.",
    )
    loyalty_revenue = _mirror(
        "loyalty_revenue", fields.Float, string="Net revenue (window)", groups=INTERNAL_GROUP,
        help="Posted customer invoices minus credit notes, untaxed, in company currency, "
        "over the program's rolling window.",
    )
    loyalty_order_count = _mirror(
        "loyalty_order_count", fields.Integer, string="Orders (window)", groups=INTERNAL_GROUP,
        help="Confirmed sale orders over the rolling window.",
    )
    loyalty_recency_days = _mirror(
        "loyalty_recency_days", fields.Integer, string="Days since last purchase",
        groups=INTERNAL_GROUP,
        help="Days from the last purchase (posted invoice or confirmed order) to the "
        "assessment.",
    )
    loyalty_tenure_days = _mirror(
        "loyalty_tenure_days", fields.Integer, string="Days since first purchase",
        groups=INTERNAL_GROUP, help="Days from the first purchase to the assessment.",
    )
    loyalty_referral_count = _mirror(
        "loyalty_referral_count", fields.Integer, string="Referrals", groups=INTERNAL_GROUP,
        help="Buying customers whose 'referred by' is this customer.",
    )
    loyalty_rfm_r = _mirror(
        "loyalty_rfm_r", fields.Integer, string="Recency score", groups=INTERNAL_GROUP,
        help="Quintile (1-5) of recency among the company's customers.",
    )
    loyalty_rfm_f = _mirror(
        "loyalty_rfm_f", fields.Integer, string="Frequency score", groups=INTERNAL_GROUP,
        help="Quintile (1-5) of purchases in the window.",
    )
    loyalty_rfm_m = _mirror(
        "loyalty_rfm_m", fields.Integer, string="Monetary score", groups=INTERNAL_GROUP,
        help="Quintile (1-5) of net revenue in the window.",
    )
    loyalty_segment = _mirror(
        "loyalty_segment", fields.Selection, SEGMENTS, string="RFM segment",
        groups=INTERNAL_GROUP, help="Segment from the recency and frequency scores.",
    )
    loyalty_tier_date = _mirror(
        "loyalty_tier_date", fields.Date, string="In tier since",
        help="Day the customer entered the current tier.",
    )
    loyalty_below_since = _mirror(
        "loyalty_below_since", fields.Date, string="Below tier since", groups=INTERNAL_GROUP,
        help="First assessment at which the score was below the current tier: "
        "the grace period runs from this day.",
    )
    loyalty_assessed_date = _mirror(
        "loyalty_assessed_date", fields.Date, string="Last assessment", groups=INTERNAL_GROUP,
        help="Day of the last assessment of the customer in your company's program.",
    )
    loyalty_override_tier_id = _mirror(
        "loyalty_override_tier_id", fields.Many2one, "crm.loyalty.tier",
        string="Override tier", groups=INTERNAL_GROUP,
        help="Tier forced by a loyalty manager.",
    )
    loyalty_override_reason = _mirror(
        "loyalty_override_reason", fields.Char, string="Override reason",
        groups=INTERNAL_GROUP,
    )
    loyalty_override_until = _mirror(
        "loyalty_override_until", fields.Date, string="Override until", groups=INTERNAL_GROUP,
        help="After this day the computed tier applies again; empty: no expiry.",
    )
    loyalty_company_id = _mirror(
        "loyalty_company_id", fields.Many2one, "res.company", string="Assessed in company",
        groups=INTERNAL_GROUP,
    )
    loyalty_cost = _mirror(
        "loyalty_cost", fields.Float, string="Cost of goods (window)", groups=INTERNAL_GROUP,
        help="Posted invoice lines of the window (credit notes subtracted): quantity in "
        "the product's unit of measure x the product's cost on the invoice date "
        "(price history), or today's standard price when the product has no cost "
        "history (see Cost basis). Delivery products excluded (Delivery costs).",
    )
    loyalty_cost_basis = _mirror(
        "loyalty_cost_basis", fields.Selection, COST_BASES, string="Cost basis",
        groups=INTERNAL_GROUP,
        help="Which product cost the cost of goods uses: the cost on the invoice date "
        "(product price history), today's standard price for products without "
        "history, or both.",
    )
    loyalty_service_basis = _mirror(
        "loyalty_service_basis", fields.Selection, SERVICE_BASES,
        string="Service time basis", groups=INTERNAL_GROUP,
        help="Where the service hours come from: time logged on the customer's tickets "
        "(timesheets), or, without timesheets, an estimate: the working hours from "
        "opening to solving of the tickets solved in the window, waiting on the customer "
        "excluded (open tickets count once solved). Empty: no service data (service KPI "
        "module absent).",
    )
    loyalty_service_cost = _mirror(
        "loyalty_service_cost", fields.Float, string="Service cost (window)",
        groups=INTERNAL_GROUP,
        help="Service hours x the program's cost to serve per hour.",
    )
    loyalty_payment_delay_cost = _mirror(
        "loyalty_payment_delay_cost", fields.Float, string="Late payment cost (window)",
        groups=INTERNAL_GROUP,
        help="For the window's posted invoices with a due date: amount x days paid after "
        "the due date (paid: total until the last payment; open: residual until the "
        "assessment) x the program's annual cost of capital / 365.",
    )
    loyalty_delivery_cost = _mirror(
        "loyalty_delivery_cost", fields.Float, string="Delivery costs (window)",
        groups=INTERNAL_GROUP,
        help="Cost of the invoiced delivery products (carriers of the Delivery module). "
        "Empty when the Delivery module is not installed: the ERP does not know them.",
    )
    loyalty_cost_to_serve = _mirror(
        "loyalty_cost_to_serve", fields.Float, string="Cost to serve (window)",
        groups=INTERNAL_GROUP,
        help="Service cost + late payment cost + delivery costs (a missing component "
        "counts as nothing).",
    )
    loyalty_refund_amount = _mirror(
        "loyalty_refund_amount", fields.Float, string="Credit notes (window)",
        groups=INTERNAL_GROUP,
        help="Untaxed amount of the posted credit notes of the window (returns). Already "
        "deducted from net revenue: shown, not subtracted again.",
    )
    loyalty_discount_amount = _mirror(
        "loyalty_discount_amount", fields.Float, string="Discounts granted (window)",
        groups=INTERNAL_GROUP,
        help="On the window's posted invoices, per line: list price x quantity (in the "
        "product's unit) - untaxed line amount in company currency, when positive. "
        "Already deducted from net revenue: shown, not subtracted again.",
    )
    loyalty_cost_notes = _mirror(
        "loyalty_cost_notes", fields.Text, string="About these costs",
        groups=INTERNAL_GROUP,
        help="Which sources the costs come from and which are unknown.",
    )
    loyalty_margin = _mirror(
        "loyalty_margin", fields.Float, string="Gross margin (window)", groups=INTERNAL_GROUP,
        help="Net revenue minus cost of goods.",
    )
    loyalty_service_hours = _mirror(
        "loyalty_service_hours", fields.Float, string="Service hours (window)",
        groups=INTERNAL_GROUP,
        help="Service time spent on the customer's tickets over the window.",
    )
    loyalty_profit = _mirror(
        "loyalty_profit", fields.Float, string="Profit (window)", groups=INTERNAL_GROUP,
        help="Net revenue minus cost of goods minus cost to serve.",
    )
    loyalty_value_level = _mirror(
        "loyalty_value_level", fields.Selection, VALUE_LEVELS, string="Value",
        groups=INTERNAL_GROUP,
        help="High when the gross margin (or revenue without known costs) is at or "
        "above the program's value split.",
    )
    loyalty_loyalty_level = _mirror(
        "loyalty_loyalty_level", fields.Selection, LOYALTY_LEVELS, string="Loyalty",
        groups=INTERNAL_GROUP,
        help="High when the score is at or above the program's loyalty split.",
    )
    loyalty_quadrant = _mirror(
        "loyalty_quadrant", fields.Selection, QUADRANTS, string="Value x loyalty",
        groups=INTERNAL_GROUP,
        help="Value level crossed with loyalty level, with its recommended action.",
    )
    loyalty_typical_interval = _mirror(
        "loyalty_typical_interval", fields.Float, string="Typical days between purchases",
        groups=INTERNAL_GROUP,
        help="Median gap in days between the customer's consecutive purchase days "
        "(invoices and confirmed orders), once they have enough purchases.",
    )
    loyalty_days_since_purchase = _mirror(
        "loyalty_days_since_purchase", fields.Integer,
        string="Days since last purchase (any)", groups=INTERNAL_GROUP,
        help="Days from the last purchase, whole history, to the last assessment.",
    )
    loyalty_churn_risk = _mirror(
        "loyalty_churn_risk", fields.Boolean, string="At risk of churning",
        groups=INTERNAL_GROUP,
        help="The days since the last purchase exceed the program's churn factor times "
        "the customer's typical interval.",
    )
    loyalty_churn_risk_since = _mirror(
        "loyalty_churn_risk_since", fields.Date, string="At risk since",
        groups=INTERNAL_GROUP, help="Day the customer crossed the churn threshold.",
    )
    loyalty_history_ids = fields.Many2many(
        "crm.loyalty.tier.history",
        compute="_compute_loyalty_history_ids",
        string="Tier history",
        groups=INTERNAL_GROUP,
    )

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

    # Membership of the current company -------------------------------------

    @api.model
    def _loyalty_company(self):
        """The company whose memberships the partner fields show: the user's
        current company. Code that reads them as superuser (portal page,
        progress, quotations) names the real user's or the document's company
        in the context key ``loyalty_company_id``; the key is honoured for the
        superuser only, so that a client cannot ask for another company."""
        company_id = self.env.context.get("loyalty_company_id")
        if self.env.uid == SUPERUSER_ID and isinstance(company_id, int) and \
                not isinstance(company_id, bool):
            return self.env["res.company"].browse(company_id)
        return self.env.user.company_id

    @api.model
    def _loyalty_current_program(self):
        """The active loyalty program of the current company (superuser:
        portal users cannot read programs; only its id is used)."""
        return self.env["crm.loyalty.program"].sudo().search(
            [("company_id", "=", self._loyalty_company().id)], limit=1)

    @api.multi
    def _loyalty_memberships(self, program=None):
        """{commercial partner id: membership (superuser)} in ``program``
        (default: the current company's), one query."""
        program = program if program is not None else self._loyalty_current_program()
        if not program:
            return {}
        entity_ids = list({p.commercial_partner_id.id or p.id for p in self if p.id})
        if not entity_ids:
            return {}
        members = self.env["crm.loyalty.membership"].sudo().search(
            [("partner_id", "in", entity_ids), ("program_id", "=", program.id)])
        return {m.partner_id.id: m for m in members}

    @api.multi
    def _compute_loyalty_membership(self):
        members = self._loyalty_memberships()
        empty = self.env["crm.loyalty.membership"]
        for partner in self:
            member = members.get(partner.commercial_partner_id.id or partner.id, empty)
            partner.loyalty_membership_id = member.id
            for name, mname in MEMBERSHIP_FIELDS.items():
                # No membership: every figure missing (empty), never 0.
                value = member[mname] if member else False
                if isinstance(value, models.BaseModel):
                    value = value.id
                partner[name] = value

    @api.model
    def _loyalty_search_mirror(self, name, operator, value):
        """Domain on partners for ``name operator value``, evaluated on the
        memberships of the current company's program in SQL (a sub-select,
        not a list of ids). A customer without membership has every figure
        empty: it matches when the empty value does."""
        program = self._loyalty_current_program()
        mname = MEMBERSHIP_FIELDS[name]
        Member = self.env["crm.loyalty.membership"].sudo()
        query = Member._where_calc([(mname, operator, value),
                                    ("program_id", "=", program.id or 0)])
        from_clause, where_clause, params = query.get_sql()
        matching = [("commercial_partner_id", "inselect", (
            "SELECT crm_loyalty_membership.partner_id FROM %s WHERE %s"
            % (from_clause, where_clause), params))]
        field = self._fields[name]
        empty = 0 if field.type in ("float", "integer") else False
        values = value if isinstance(value, (list, tuple)) else [value]
        empty_matches = {
            "=": empty in values if field.type not in ("float", "integer") else value == 0,
            "!=": empty not in values,
            "in": empty in values or False in values,
            "not in": empty not in values and False not in values,
            "<": field.type in ("float", "integer") and isinstance(value, (int, float))
            and 0 < value,
            "<=": field.type in ("float", "integer") and isinstance(value, (int, float))
            and 0 <= value,
            ">": field.type in ("float", "integer") and isinstance(value, (int, float))
            and 0 > value,
            ">=": field.type in ("float", "integer") and isinstance(value, (int, float))
            and 0 >= value,
        }.get(operator, False)
        if not empty_matches:
            return matching
        member_query = "SELECT partner_id FROM crm_loyalty_membership WHERE program_id = %s"
        return ["|", ("commercial_partner_id", "not inselect",
                      (member_query, [program.id or 0]))] + matching

    @api.multi
    def _loyalty_inverse(self, name):
        """Write ``name`` onto the customers' membership of the current
        company's program (created when missing). Loyalty managers and the
        superuser only: figures are otherwise written by the assessment."""
        if self.env.uid != SUPERUSER_ID and not self.env.user.has_group(
                "crm_loyalty.group_loyalty_manager"):
            raise AccessError(_("Loyalty figures are computed: they cannot be edited."))
        program = self._loyalty_current_program()
        if not program:
            raise UserError(_("Your current company has no active loyalty program."))
        members = self._loyalty_memberships(program)
        Member = self.env["crm.loyalty.membership"].sudo()
        mname = MEMBERSHIP_FIELDS[name]
        if mname == "company_id":
            return
        for partner in self:
            value = partner[name]
            if isinstance(value, models.BaseModel):
                value = value.id
            entity = partner.commercial_partner_id.id or partner.id
            member = members.get(entity)
            if member:
                member.write({mname: value})
            else:
                members[entity] = Member.create(
                    {"partner_id": entity, "program_id": program.id, mname: value})
        self.invalidate_cache(list(MEMBERSHIP_FIELDS) + ["loyalty_membership_id"])

    # Company scope of the figures ------------------------------------------

    @api.model
    def _loyalty_allowed_company_ids(self):
        """Companies whose assessments the current user may see: their current
        company and its children (as the company record rules)."""
        # Superuser to walk the company tree only (ids, no figures).
        return (
            self.env["res.company"]
            .sudo()
            .search([("id", "child_of", self.env.user.company_id.ids)])
            .ids
        )

    @api.model
    def _loyalty_check_fields(self, names):
        """Raise AccessError when the user may not read one of the loyalty
        fields ``names`` (Odoo 11 checks field groups in read only)."""
        for name in names:
            if name not in MEMBERSHIP_FIELDS:
                continue
            field = self._fields.get(name)
            if field.groups and not self.user_has_groups(field.groups):
                raise AccessError(
                    _("You are not allowed to see the loyalty figure %(field)s.")
                    % {"field": field.string}
                )

    @api.model
    def _loyalty_domain_fields(self, domain):
        return [
            leaf[0].split(".")[0]
            for leaf in domain or []
            if isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[0], str)
        ]

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        if self.env.uid != SUPERUSER_ID:
            self._loyalty_check_fields(self._loyalty_domain_fields(args))
        return super()._search(
            args, offset=offset, limit=limit, order=order, count=count,
            access_rights_uid=access_rights_uid,
        )

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        # Odoo 11 silently skips non-stored fields in read_group: asking for
        # a figure the user may not read is refused, as read() does.
        if self.env.uid != SUPERUSER_ID:
            groupbys = [groupby] if isinstance(groupby, str) else list(groupby or [])
            names = [f.split(":")[0] for f in fields or [] if isinstance(f, str)]
            names += [g.split(":")[0] for g in groupbys if isinstance(g, str)]
            self._loyalty_check_fields(names + self._loyalty_domain_fields(domain))
        return super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )

    @api.multi
    def export_data(self, fields_to_export, raw_data=False):
        # Odoo 11 checks field groups in read() only: export checks them too.
        if self.env.uid != SUPERUSER_ID:
            self._loyalty_check_fields(
                [re.split(r"[/.:]", path or "")[0] for path in fields_to_export])
        return super().export_data(fields_to_export, raw_data=raw_data)

    @api.multi
    def _compute_loyalty_history_ids(self):
        History = self.env["crm.loyalty.tier.history"]
        for partner in self:
            partner.loyalty_history_ids = History.search(
                [("partner_id", "=", partner.commercial_partner_id.id)]
            )

    @api.constrains("referred_by_id")
    def _check_referred_by(self):
        for partner in self:
            referrer = partner.referred_by_id
            if referrer and referrer.commercial_partner_id == partner.commercial_partner_id:
                raise ValidationError(
                    _("%(partner)s cannot be referred by their own company or themselves.")
                    % {"partner": partner.display_name}
                )

    @api.model
    def _loyalty_parse_date(self, value, label):
        """``value`` as an Odoo date string (False when empty); a translated
        UserError for anything that is not a date (e.g. '31/12/2030')."""
        if not value:
            return False
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return fields.Date.to_string(value)
        error = _("%(field)s must be a date such as 2030-12-31.") % {"field": label}
        if isinstance(value, str) and len(value) == 10:
            try:
                return fields.Date.to_string(fields.Date.from_string(value))
            except ValueError:
                raise UserError(error) from None
        raise UserError(error)

    @api.model
    def _loyalty_clean_text(self, value, label, size=TEXT_SIZE):
        """``value`` stripped; a translated UserError when it is not text, is
        too long or holds characters the database refuses."""
        if value in (False, None):
            return ""
        if not isinstance(value, str) or len(value) > size or "\x00" in value:
            raise UserError(
                _("%(field)s must be a text of at most %(size)d characters.")
                % {"field": label, "size": size}
            )
        return value.strip()

    @api.multi
    def _loyalty_set_override(self, tier, reason, until=False):
        """Force the tier of these customers (commercial entities) until a date."""
        if not self.env.user.has_group("crm_loyalty.group_loyalty_manager"):
            raise AccessError(_("Only loyalty managers can override a customer's tier."))
        reason = self._loyalty_clean_text(reason, _("The override reason"))
        if not reason:
            raise ValidationError(_("Give a reason for the tier override."))
        until = self._loyalty_parse_date(until, _("The override end"))
        today = fields.Date.context_today(self)
        if until and until < today:
            raise ValidationError(_("The override cannot end in the past."))
        if not isinstance(tier, models.BaseModel) or tier._name != "crm.loyalty.tier" or \
                len(tier) != 1 or not tier.exists():
            raise UserError(_("Choose one loyalty tier for the override."))
        entities = self.mapped("commercial_partner_id")
        # The writes below run as superuser: the real user's company and
        # rights are checked first. The tier must be one of the user's
        # current company (record rule of tiers), the customers readable by
        # the user, and neither shared with nor assessed by another company.
        tier.check_access_rights("read")
        tier.check_access_rule("read")
        (self | entities).check_access_rights("read")
        (self | entities).check_access_rule("read")
        company = tier.program_id.company_id
        allowed = self._loyalty_allowed_company_ids()
        if company.id not in allowed:
            raise AccessError(
                _("The tier %(tier)s belongs to %(company)s, not to your current company.")
                % {"tier": tier.name, "company": company.name}
            )
        # Superuser to read the companies of the customers (checked readable above).
        for partner in entities.sudo():
            if partner.company_id and partner.company_id != company:
                raise UserError(
                    _("%(partner)s is a customer of another company: the tier of "
                      "%(company)s cannot be set on it.")
                    % {"partner": partner.display_name, "company": company.name}
                )
        # Superuser after the checks above: the tier history is read-only for
        # everyone (ledger), and memberships are written by the assessment
        # and this method only. The override is set on the membership of the
        # tier's program: another company's membership is left alone.
        History = self.env["crm.loyalty.tier.history"].sudo()
        Member = self.env["crm.loyalty.membership"].sudo()
        program = tier.sudo().program_id
        members = entities._loyalty_memberships(program)
        for partner in entities.sudo():
            member = members.get(partner.id) or Member.create(
                {"partner_id": partner.id, "program_id": program.id})
            if member.tier_id != tier:
                History.create(
                    {
                        "partner_id": partner.id,
                        "program_id": program.id,
                        "company_id": company.id,
                        "from_tier_id": member.tier_id.id,
                        "to_tier_id": tier.id,
                        "date": today,
                        "reason": "override",
                        "note": reason,
                        "score": member.score,
                        "revenue": member.revenue,
                        "order_count": member.order_count,
                        "recency_days": member.recency_days,
                        "tenure_days": member.tenure_days,
                        "referral_count": member.referral_count,
                    }
                )
            member.write(
                {
                    "override_tier_id": tier.id,
                    "override_reason": reason,
                    "override_until": until or False,
                    "tier_id": tier.id,
                    "tier_date": today,
                    "below_since": False,
                }
            )
        self.invalidate_cache(list(MEMBERSHIP_FIELDS) + ["loyalty_membership_id"])
        return True

    @api.multi
    def action_loyalty_schedule_activity(self):
        """Schedule the recommended action of their quadrant for these customers.

        One to-do per customer (commercial entity) with a quadrant, assigned to
        its salesperson (else the current user); a customer who already has an
        open activity with the same summary gets no second one.
        """
        labels = dict(self._fields["loyalty_quadrant"]._description_selection(self.env))
        # Only quadrants of the user's company: another company's assessment
        # must not reach this company's to-do lists.
        allowed = self._loyalty_allowed_company_ids()
        partners = self.mapped("commercial_partner_id").filtered(
            lambda p: p.loyalty_quadrant and p.loyalty_company_id.id in allowed
        )
        if not partners:
            return True
        model = self.env["ir.model"]._get(self._name)
        Activity = self.env["mail.activity"]
        open_ = {
            (a.res_id, a.summary)
            for a in Activity.search(
                [("res_model", "=", self._name), ("res_id", "in", partners.ids)]
            )
        }
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        today = fields.Date.context_today(self)
        for partner in partners:
            summary = labels[partner.loyalty_quadrant]
            if (partner.id, summary) in open_:
                continue
            Activity.create(
                {
                    "res_model_id": model.id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": summary,
                    "date_deadline": today,
                    "user_id": (partner.user_id or self.env.user).id,
                }
            )
        return True

    loyalty_tier_benefits = fields.Html(
        string="Tier benefits",
        compute="_compute_loyalty_tier_benefits",
        help="What the customer's loyalty tier entitles them to.",
    )

    @api.multi
    def _compute_loyalty_tier_benefits(self):
        # The tier of the current company's membership (not a related field:
        # Odoo computes those as superuser, i.e. in the superuser's company);
        # superuser to read the text of that tier only.
        for partner in self:
            partner.loyalty_tier_benefits = partner.loyalty_tier_id.sudo().benefits

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
    loyalty_tier_progress = fields.Float(
        compute="_compute_loyalty_tier_progress", string="Progress to next tier",
        groups=INTERNAL_GROUP,
        help="Share of the way from the current tier's minimum score to the next "
        "tier's (100 at the top tier).",
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

    @api.depends("loyalty_score", "loyalty_tier_id", "loyalty_next_tier_id")
    def _compute_loyalty_tier_progress(self):
        for partner in self:
            entity = partner.commercial_partner_id
            partner.loyalty_tier_progress = progress.progress_pct(
                entity.loyalty_score,
                entity.loyalty_tier_id.min_score if entity.loyalty_tier_id else None,
                partner.loyalty_next_tier_id.min_score if partner.loyalty_next_tier_id else None,
            )

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

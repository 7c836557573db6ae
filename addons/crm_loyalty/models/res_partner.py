# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import itertools
import re

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from .value_matrix import QUADRANTS

SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential", "Potential"),
    ("new", "New"),
    ("at_risk", "At risk"),
    ("cannot_lose", "Cannot lose"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]

# Loyalty state lives on the commercial entity and is copied to its contacts
# (by the recompute's UPDATE, and by Odoo's commercial-field sync).
LOYALTY_FIELDS = [
    "loyalty_tier_id",
    "loyalty_score",
    "loyalty_revenue",
    "loyalty_order_count",
    "loyalty_recency_days",
    "loyalty_tenure_days",
    "loyalty_referral_count",
    "loyalty_rfm_r",
    "loyalty_rfm_f",
    "loyalty_rfm_m",
    "loyalty_segment",
    "loyalty_tier_date",
    "loyalty_below_since",
    "loyalty_assessed_date",
    "loyalty_override_tier_id",
    "loyalty_override_reason",
    "loyalty_override_until",
    "loyalty_company_id",
    "loyalty_cost",
    "loyalty_margin",
    "loyalty_service_hours",
    "loyalty_profit",
    "loyalty_value_level",
    "loyalty_loyalty_level",
    "loyalty_quadrant",
]

# Internal loyalty figures (score, revenue, margin, profit, RFM, churn...):
# readable by loyalty users only (sales users imply the group). A portal
# customer sees their tier, its benefits and their progress only.
INTERNAL_GROUP = "crm_loyalty.group_loyalty_user"

# Fields that hold one company's assessment of the customer: shown to users
# whose current company is that company (or one of its parents) only.
# ``loyalty_company_id`` itself says which company it is and stays readable.
COMPANY_FIELDS_EXTRA = [
    "loyalty_tier_benefits",
    "loyalty_next_tier_id",
    "loyalty_next_tier_missing",
    "loyalty_keep_score",
    "loyalty_revenue_to_next",
    "loyalty_progress_text",
]

# Longest free text (override reason) this addon accepts.
TEXT_SIZE = 1000

VALUE_LEVELS = [("high", "High value"), ("low", "Low value")]
LOYALTY_LEVELS = [("high", "High loyalty"), ("low", "Low loyalty")]


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
    loyalty_tier_id = fields.Many2one(
        "crm.loyalty.tier", string="Loyalty tier", readonly=True, index=True,
        ondelete="set null",
    )
    # Indexed: the loyalty lists sort customers by score or revenue (80 rows of
    # 100,000 read in index order instead of sorting the whole table).
    loyalty_score = fields.Float(
        readonly=True, group_operator="avg", index=True, groups=INTERNAL_GROUP,
    )
    loyalty_revenue = fields.Float(
        string="Net revenue (window)", readonly=True, index=True, groups=INTERNAL_GROUP,
    )
    loyalty_order_count = fields.Integer(
        string="Orders (window)", readonly=True, groups=INTERNAL_GROUP,
    )
    loyalty_recency_days = fields.Integer(
        string="Days since last purchase", readonly=True, groups=INTERNAL_GROUP,
    )
    loyalty_tenure_days = fields.Integer(
        string="Days since first purchase", readonly=True, groups=INTERNAL_GROUP,
    )
    loyalty_referral_count = fields.Integer(
        string="Referrals", readonly=True, groups=INTERNAL_GROUP,
    )
    loyalty_rfm_r = fields.Integer(string="Recency score", readonly=True, groups=INTERNAL_GROUP)
    loyalty_rfm_f = fields.Integer(string="Frequency score", readonly=True, groups=INTERNAL_GROUP)
    loyalty_rfm_m = fields.Integer(string="Monetary score", readonly=True, groups=INTERNAL_GROUP)
    loyalty_segment = fields.Selection(
        SEGMENTS, string="RFM segment", readonly=True, index=True, groups=INTERNAL_GROUP,
    )
    loyalty_tier_date = fields.Date(string="In tier since", readonly=True)
    loyalty_below_since = fields.Date(
        string="Below tier since",
        readonly=True,
        help="First assessment at which the score was below the current tier: "
        "the grace period runs from this day.",
        groups=INTERNAL_GROUP,
    )
    loyalty_assessed_date = fields.Date(
        string="Last assessment", readonly=True, groups=INTERNAL_GROUP,
    )
    loyalty_override_tier_id = fields.Many2one(
        "crm.loyalty.tier", string="Override tier", readonly=True, ondelete="set null",
        groups=INTERNAL_GROUP,
    )
    loyalty_override_reason = fields.Char(
        string="Override reason", readonly=True, groups=INTERNAL_GROUP,
    )
    loyalty_override_until = fields.Date(
        string="Override until", readonly=True, groups=INTERNAL_GROUP,
    )
    loyalty_company_id = fields.Many2one(
        "res.company", string="Assessed in company", readonly=True, index=True,
        ondelete="set null",
        groups=INTERNAL_GROUP,
    )
    loyalty_cost = fields.Float(
        string="Cost of goods (window)",
        readonly=True,
        help="Invoiced quantities times the products' cost as it is today (not at "
        "the invoice date), refunds subtracted.",
        groups=INTERNAL_GROUP,
    )
    loyalty_margin = fields.Float(
        string="Gross margin (window)", readonly=True, help="Net revenue minus cost of goods.",
        groups=INTERNAL_GROUP,
    )
    loyalty_service_hours = fields.Float(
        string="Service hours (window)", readonly=True, groups=INTERNAL_GROUP,
    )
    loyalty_profit = fields.Float(
        string="Profit (window)",
        readonly=True,
        help="Net revenue minus cost of goods minus service hours times the "
        "program's cost to serve per hour.",
        groups=INTERNAL_GROUP,
    )
    loyalty_value_level = fields.Selection(
        VALUE_LEVELS, string="Value", readonly=True, groups=INTERNAL_GROUP,
    )
    loyalty_loyalty_level = fields.Selection(
        LOYALTY_LEVELS, string="Loyalty", readonly=True, groups=INTERNAL_GROUP,
    )
    loyalty_quadrant = fields.Selection(
        QUADRANTS, string="Value x loyalty", readonly=True, index=True,
        groups=INTERNAL_GROUP,
    )
    loyalty_history_ids = fields.Many2many(
        "crm.loyalty.tier.history",
        compute="_compute_loyalty_history_ids",
        string="Tier history",
        groups=INTERNAL_GROUP,
    )

    @api.model_cr
    def init(self):
        # The loyalty lists show the assessed commercial entities (the actions'
        # domains end with "is a company or has no parent"). Their web client
        # asks for a page sorted by revenue and for the total: a partial index
        # over the ~100,000 entities (not the contacts) serves both, the count
        # as an index-only scan thanks to the included filter columns.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS res_partner_loyalty_entity_revenue_index "
            "ON res_partner (loyalty_revenue DESC, id) "
            "INCLUDE (active, type, loyalty_quadrant, loyalty_assessed_date) "
            "WHERE is_company OR parent_id IS NULL"
        )

    @api.model
    def _loyalty_synced_fields(self):
        """Loyalty state of the commercial entity, copied to its contacts.

        Not commercial fields of Odoo's sync: that sync writes them as the
        user who edits a contact, who may not be allowed to (INTERNAL_GROUP);
        ``_loyalty_sync_contacts`` copies them in SQL instead, like the
        recompute does."""
        return list(LOYALTY_FIELDS)

    @api.model
    def _loyalty_company_fields(self):
        """Fields of one company's assessment (see COMPANY_FIELDS_EXTRA)."""
        return set(self._loyalty_synced_fields()) - {"loyalty_company_id"} | set(
            COMPANY_FIELDS_EXTRA
        )

    @api.multi
    def _loyalty_sync_contacts(self):
        """Copy the loyalty state of the commercial entities of these partners
        onto all their contacts, in one statement."""
        entity_ids = list(set(self.mapped("commercial_partner_id").ids))
        if not entity_ids:
            return
        columns = self._loyalty_synced_fields()
        # Column names come from the field list above, values from the rows.
        self.env.cr.execute(
            "UPDATE res_partner p SET ({cols}) = ({src}) FROM res_partner c "
            "WHERE c.id = ANY(%s) AND p.commercial_partner_id = c.id AND p.id <> c.id".format(
                cols=", ".join(columns), src=", ".join("c.%s" % col for col in columns)
            ),
            (entity_ids,),
        )
        self.invalidate_cache(columns)

    @api.multi
    def _commercial_sync_from_company(self):
        result = super()._commercial_sync_from_company()
        self._loyalty_sync_contacts()
        return result

    @api.multi
    def _commercial_sync_to_children(self):
        result = super()._commercial_sync_to_children()
        self._loyalty_sync_contacts()
        return result

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if set(vals) & set(self._loyalty_synced_fields()):
            self.filtered(lambda p: p.commercial_partner_id == p)._loyalty_sync_contacts()
        return result

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
    def _loyalty_company_domain(self):
        return [
            "|",
            ("loyalty_company_id", "=", False),
            ("loyalty_company_id", "in", self._loyalty_allowed_company_ids()),
        ]

    @api.model
    def _loyalty_check_fields(self, names):
        """Raise AccessError when the user may not read one of the loyalty
        fields ``names`` (Odoo 11 checks field groups in read only). Return
        whether one of them is company-scoped."""
        company_fields = self._loyalty_company_fields()
        scoped = False
        for name in names:
            if name not in company_fields and name != "loyalty_company_id":
                continue
            field = self._fields.get(name)
            if field.groups and not self.user_has_groups(field.groups):
                raise AccessError(
                    _("You are not allowed to see the loyalty figure %(field)s.")
                    % {"field": field.string}
                )
            scoped = scoped or name in company_fields
        return scoped

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
        if self.env.uid != SUPERUSER_ID and self._loyalty_check_fields(
            self._loyalty_domain_fields(args)
        ):
            args = expression.AND([list(args), self._loyalty_company_domain()])
        return super()._search(
            args, offset=offset, limit=limit, order=order, count=count,
            access_rights_uid=access_rights_uid,
        )

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        if self.env.uid != SUPERUSER_ID:
            groupbys = [groupby] if isinstance(groupby, str) else list(groupby or [])
            if not fields:
                # Odoo then aggregates every stored field: only those the
                # user may read.
                fields = [name for name in self.check_field_access_rights("read", None)
                          if self._fields[name].store]
            names = [f.split(":")[0] for f in fields]
            names += [g.split(":")[0] for g in groupbys] + self._loyalty_domain_fields(domain)
            if self._loyalty_check_fields(names):
                domain = expression.AND([domain or [], self._loyalty_company_domain()])
        return super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )

    @api.model
    def _loyalty_foreign_ids(self, ids):
        """Of the partners ``ids``, those assessed by a company the user is
        not in (one query)."""
        self.env.cr.execute(
            "SELECT id FROM res_partner WHERE id = ANY(%s) "
            "AND loyalty_company_id IS NOT NULL AND loyalty_company_id <> ALL(%s)",
            (list(ids), self._loyalty_allowed_company_ids()),
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.multi
    def export_data(self, fields_to_export, raw_data=False):
        if self.env.uid == SUPERUSER_ID:
            return super().export_data(fields_to_export, raw_data=raw_data)
        company_fields = self._loyalty_company_fields()
        firsts = [re.split(r"[/.:]", path or "")[0] for path in fields_to_export]
        self._loyalty_check_fields(firsts)
        masked = [i for i, name in enumerate(firsts) if name in company_fields]
        foreign = self._loyalty_foreign_ids(self.ids) if masked else set()
        if not foreign:
            return super().export_data(fields_to_export, raw_data=raw_data)
        # Records in their order, by runs of foreign / own ones; the foreign
        # ones are exported without the other company's figures.
        datas = []
        for is_foreign, run in itertools.groupby(self, key=lambda p: p.id in foreign):
            run = self.browse([partner.id for partner in run])
            if not is_foreign:
                datas += super(ResPartner, run).export_data(
                    fields_to_export, raw_data=raw_data)["datas"]
                continue
            names = [path if i not in masked else "id" for i, path in
                     enumerate(fields_to_export)]
            for row in super(ResPartner, run).export_data(names, raw_data=raw_data)["datas"]:
                datas.append([(False if raw_data else "") if i in masked else value
                              for i, value in enumerate(row)])
        return {"datas": datas}

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields=fields, load=load)
        if self.env.uid == SUPERUSER_ID or not result:
            return result
        company_fields = self._loyalty_company_fields()
        masked = [name for name in result[0] if name in company_fields]
        if not masked:
            return result
        foreign = self._loyalty_foreign_ids([row["id"] for row in result])
        if not foreign:
            return result
        empty = {}
        for name in masked:
            field = self._fields[name]
            if field.type in ("float", "integer", "monetary"):
                empty[name] = 0
            elif field.type in ("one2many", "many2many"):
                empty[name] = []
            else:
                empty[name] = False
        for row in result:
            if row["id"] in foreign:
                row.update(empty)
        return result

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
        if isinstance(value, str) and len(value) == 10:
            try:
                return fields.Date.to_string(fields.Date.from_string(value))
            except ValueError:
                pass
        raise UserError(
            _("%(field)s must be a date such as 2030-12-31.") % {"field": label}
        )

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
            if (partner.company_id and partner.company_id != company) or (
                partner.loyalty_company_id and partner.loyalty_company_id != company
            ):
                raise UserError(
                    _("%(partner)s is a customer of another company: the tier of "
                      "%(company)s cannot be set on it.")
                    % {"partner": partner.display_name, "company": company.name}
                )
        # Superuser after the checks above: the tier history is read-only for
        # everyone (ledger), and the loyalty fields are written by this
        # method only, never by the user's own write().
        History = self.env["crm.loyalty.tier.history"].sudo()
        for partner in entities.sudo():
            if partner.loyalty_tier_id != tier:
                History.create(
                    {
                        "partner_id": partner.id,
                        "program_id": tier.program_id.id,
                        "company_id": company.id,
                        "from_tier_id": partner.loyalty_tier_id.id,
                        "to_tier_id": tier.id,
                        "date": today,
                        "reason": "override",
                        "note": reason,
                        "score": partner.loyalty_score,
                        "revenue": partner.loyalty_revenue,
                        "order_count": partner.loyalty_order_count,
                        "recency_days": partner.loyalty_recency_days,
                        "tenure_days": partner.loyalty_tenure_days,
                        "referral_count": partner.loyalty_referral_count,
                    }
                )
            partner.write(
                {
                    "loyalty_override_tier_id": tier.id,
                    "loyalty_override_reason": reason,
                    "loyalty_override_until": until or False,
                    "loyalty_tier_id": tier.id,
                    "loyalty_tier_date": today,
                    "loyalty_below_since": False,
                    "loyalty_company_id": company.id,
                }
            )
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

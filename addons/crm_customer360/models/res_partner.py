# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextvars
from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.crm_customer_base.rules import definitions

from ..rules import awaiting_reply, consent, quick_actions, timeline
from .sale_order import CUSTOMER_CONFLICT_SQL, OPEN_STATES

REPLY_HOURS_PARAM = "crm_customer360.reply_hours"

# Set while res.partner.load() (the import) runs in this thread: the origin
# of a change is the code path that makes it, not a context key.
_IMPORTING = contextvars.ContextVar("crm_customer360_consent_importing", default=False)

# Customer columns of the default timeline sources that Odoo does not index;
# without them every timeline page scans these tables in full (seen with
# EXPLAIN on 100,000 customers). Created when the table exists.
TIMELINE_INDEXES = (
    ("account_invoice", ("partner_id",)),
    ("account_payment", ("partner_id",)),
    ("stock_picking", ("partner_id",)),
    ("helpdesk_ticket", ("partner_id",)),
    ("mail_mail_statistics", ("model", "res_id")),
    ("mail_activity", ("res_model", "res_id")),
)
REPLY_LOOKBACK_DAYS = 365
# Conversion of a document's amount into the user's company currency
# (params: the user's company, its currency twice): the latest rate on or
# before the document's date, of the document's company (or the user's when
# it has none), company-specific rates first, 1.0 without a rate, exactly as
# res.currency._compute_current_rate does. Rates are "units of the currency
# per unit of the company's reference": amount * rate(to) / rate(from).
CONVERSION_JOIN = """
    CROSS JOIN LATERAL (
        SELECT %(currency)s AS currency_id, %(date)s AS day,
               COALESCE(%(company)s, %%s) AS company_id
    ) AS fx_doc
    CROSS JOIN LATERAL (
        SELECT CASE WHEN fx_doc.currency_id IS NULL OR fx_doc.currency_id = %%s THEN 1.0
               ELSE COALESCE((
                   SELECT r.rate FROM res_currency_rate r
                    WHERE r.currency_id = %%s AND r.name <= fx_doc.day
                      AND (r.company_id IS NULL OR r.company_id = fx_doc.company_id)
                 ORDER BY r.company_id, r.name DESC LIMIT 1), 1.0)
                  / COALESCE(NULLIF((
                   SELECT r.rate FROM res_currency_rate r
                    WHERE r.currency_id = fx_doc.currency_id AND r.name <= fx_doc.day
                      AND (r.company_id IS NULL OR r.company_id = fx_doc.company_id)
                 ORDER BY r.company_id, r.name DESC LIMIT 1), 0), 1.0)
               END AS factor
    ) AS fx"""
# The timeline events that count as a contact with the customer (header).
CONTACT_EVENT_TYPES = ("email_in", "message", "call", "meeting")

_ERRORS = {
    "bad_limit": lambda v: _("The page size must be a whole number from 1 to %(max)s, not %(value)s.") % v,
    "unknown_department": lambda v: _("Unknown department: %(value)s.") % v,
    "bad_user_ids": lambda v: _("Employees must be given as user ids, not %(value)s.") % v,
    "bad_date": lambda v: _("%(value)s is not a date (expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS).") % v,
    "reversed_dates": lambda v: _("The date range is reversed: %(date_from)s is after %(date_to)s.") % v,
    "bad_event_types": lambda v: _("Event types must be given as a list of codes, not %(value)s.") % v,
    "bad_search": lambda v: _("The search must be a text of at most %(max)s characters without NUL characters, not %(value)s.") % v,
    "bad_cursor": lambda v: _("This 'load more' cursor is malformed."),
    "foreign_cursor": lambda v: _("This 'load more' cursor belongs to another customer's timeline."),
}


def _request_path():
    try:
        return request.httprequest.path if request else None
    except (AttributeError, RuntimeError):
        return None


class ResPartner(models.Model):
    _inherit = "res.partner"

    commitment_open_count = fields.Integer(
        compute="_compute_commitment_open_count", string="Open Promises",
        groups="base.group_user")
    awaiting_reply_since = fields.Datetime(
        readonly=True, index=True, copy=False, groups="base.group_user",
        help="Time of the customer's oldest email still without an answer from "
        "an employee after the configured delay (Settings > Sales).")

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        """Odoo 11 checks field groups in ``read`` only: grouping or
        aggregating by a field the user may not read would show its values.
        Refused here, for every field of a contact that carries groups."""
        if self.env.uid != SUPERUSER_ID:
            groupbys = [groupby] if isinstance(groupby, str) else list(groupby or [])
            names = {str(name).split(":")[0] for name in list(fields or []) + groupbys}
            hidden = sorted(
                self._fields[name].string for name in names
                if name in self._fields and self._fields[name].groups
                and not self.user_has_groups(self._fields[name].groups))
            if hidden:
                raise AccessError(_("You are not allowed to group by or total: %s.")
                                  % ", ".join(hidden))
        return super(ResPartner, self).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)

    @api.model_cr
    def init(self):
        res = super(ResPartner, self).init()
        for table, columns in TIMELINE_INDEXES:
            name = "%s_%s_c360_index" % (table, "_".join(columns))
            if tools.table_exists(self.env.cr, table) and \
                    not tools.index_exists(self.env.cr, name):
                tools.create_index(self.env.cr, name, table, ['"%s"' % c for c in columns])
        self._consent_init()
        return res

    def _consent_init(self):
        """Existing opt-outs are refusals (and a refusal is an opt-out): align
        both columns set-based, logging the contacts that changed."""
        cr = self.env.cr
        if not tools.column_exists(cr, "res_partner", "consent_email"):
            return
        cr.execute("""
            WITH old AS (
                SELECT id, COALESCE(consent_email, 'unknown') AS value
                  FROM res_partner
                 WHERE opt_out AND consent_email IS DISTINCT FROM 'refused'
            )
            UPDATE res_partner p SET consent_email = 'refused'
              FROM old WHERE p.id = old.id
            RETURNING p.id, old.value
        """)
        changed = cr.fetchall()
        cr.execute("UPDATE res_partner SET opt_out = TRUE "
                   "WHERE consent_email = 'refused' AND opt_out IS NOT TRUE")
        if changed and tools.table_exists(cr, "crm_consent_log"):
            cr.execute("""
                INSERT INTO crm_consent_log (partner_id, channel, old_value, new_value, date,
                                             origin, company_id, create_uid, create_date,
                                             write_uid, write_date)
                SELECT p.id, 'email', c.old_value, 'refused', now() at time zone 'UTC', 'sync',
                       p.company_id, %(uid)s, now() at time zone 'UTC', %(uid)s,
                       now() at time zone 'UTC'
                  FROM res_partner p
                  JOIN (SELECT unnest(%(ids)s) AS id, unnest(%(olds)s) AS old_value) c
                    ON c.id = p.id
            """, {"uid": self.env.uid, "ids": [r[0] for r in changed],
                  "olds": [r[1] for r in changed]})

    @api.multi
    def _compute_commitment_open_count(self):
        """One read_group for the whole recordset; a company counts its
        contacts' promises (commercial entity)."""
        groups = self.env["crm.commitment"].read_group(
            [("commercial_partner_id", "in", self.mapped("commercial_partner_id").ids),
             ("state", "=", "open")],
            ["commercial_partner_id", "partner_id"], ["commercial_partner_id", "partner_id"],
            lazy=False)
        by_company, by_contact = {}, {}
        for group in groups:
            company = group["commercial_partner_id"][0]
            contact = group["partner_id"][0]
            by_company[company] = by_company.get(company, 0) + group["__count"]
            by_contact[contact] = by_contact.get(contact, 0) + group["__count"]
        for partner in self:
            if partner.commercial_partner_id == partner:
                partner.commitment_open_count = by_company.get(partner.id, 0)
            else:
                partner.commitment_open_count = by_contact.get(partner.id, 0)

    @api.multi
    def _customer360_check_one(self):
        """The Customer 360 screens show one existing customer the user may
        read: anything else is a UserError (or AccessError), not a crash."""
        if len(self) != 1:
            raise UserError(_("The Customer 360 view shows one customer at a time "
                              "(%(count)s given).") % {"count": len(self)})
        if not self.exists():
            raise UserError(_("This customer does not exist any more."))
        self.check_access_rights("read")
        self.check_access_rule("read")

    @api.multi
    def action_open_commitments(self):
        self._customer360_check_one()
        action = self.env.ref("crm_customer360.crm_commitment_action").read()[0]
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_open": 1, "default_partner_id": self.id}
        return action

    @api.model
    def _customer360_specs(self):
        """The usable timeline sources, in their order, as timeline.SourceSpec
        (their configuration and the SQL of their columns), checked and
        built once per version of the sources and language: checking every
        source (fields, domain) on each call cost dozens of queries per
        timeline page, and reading the sources and building their SQL a
        tenth of its time. The cache key is a digest of the sources' rows
        (a few dozen) and of their translations, so any change is seen at
        once; installing a module resets the cache. What depends on the
        user and the time (domains, record rules) is evaluated on each
        call."""
        self.env.cr.execute(
            "SELECT md5(string_agg(s::text, ',' ORDER BY s.id)) || COALESCE(("
            "SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM ir_translation t "
            "WHERE t.name IN ('crm.customer360.source,name', "
            "'crm.customer360.source,summary_template')), '') FROM crm_customer360_source s")
        stamp = self.env.cr.fetchone()[0]
        specs = self._customer360_source_specs(stamp, self.env.lang)
        # What the user may read of each source's summary and amount.
        return self.env["crm.customer360.source"]._visible_specs(specs)

    @tools.ormcache("stamp", "lang")
    def _customer360_source_specs(self, stamp, lang):
        Source = self.env["crm.customer360.source"].sudo().with_context(lang=lang)
        specs = (source._spec_or_skip() for source in Source.search([]))
        return tuple(spec for spec in specs if spec is not None)

    def _customer360_partner_sql(self):
        """Sub-select of the partners whose events make this customer's
        timeline: a company (commercial entity) brings its contacts."""
        self.ensure_one()
        # Only this field is read (not every column of the partner).
        if self.with_context(prefetch_fields=False).commercial_partner_id.id == self.id:
            return "SELECT id FROM res_partner WHERE commercial_partner_id = %d" % self.id
        return "SELECT %d" % self.id

    @api.multi
    def customer360_timeline(self, limit=50, cursor=None, departments=None, event_types=None,
                             user_ids=None, date_from=None, date_to=None, search=None):
        """One page of the customer's timeline, newest first.

        Returns ``{"events": [...], "next_cursor": str or False}``; each event
        is a dict with date (UTC, %Y-%m-%d %H:%M:%S), department, event_type,
        summary, user, amount, currency, res_model, res_id. An event is
        returned only when the user could open its document: each source's
        access rights and record rules are applied inside the SQL query.
        No value is None (XML-RPC refuses it): a missing user, amount or
        currency is False.

        ``search`` matches what the row shows: the event's kind (in the
        user's language), its summary's words and values (selection labels,
        message bodies as text), case-insensitive.
        """
        self._customer360_check_one()
        try:
            filters = timeline.validate_filters(
                limit, departments, event_types, user_ids, date_from, date_to)
            position = timeline.decode_cursor(cursor, self.id) if cursor else None
            search = timeline.validate_search(search)
        except timeline.TimelineInputError as error:
            raise UserError(_ERRORS[error.code](error.values))

        Source = self.env["crm.customer360.source"]
        usable = self._customer360_specs()
        specs = usable
        if filters["event_types"]:
            specs = [s for s in specs if s.event_type in filters["event_types"]]
        if filters["departments"]:
            # Messages take the department of their document: keep document
            # sources and filter their rows on the department below.
            specs = [s for s in specs
                     if s.link_kind == "document" or s.department in filters["departments"]]
        if filters["user_ids"]:
            specs = [s for s in specs if s.has_user]
        partner_sql = self._customer360_partner_sql()
        # The SQL is built as the calling user, so their rules apply; each
        # model's rules are evaluated once for the page.
        rules = {}
        doc_specs = [s for s in specs if s.link_kind == "document"]
        targets = Source._targets(usable, partner_sql, rules) if doc_specs else []
        if filters["departments"]:
            targets = [t for t in targets if t[1] is None or t[1] in filters["departments"]]
        present = Source._targets_present(doc_specs, targets) if doc_specs else {}
        subqueries, params = [], []
        limit = filters["limit"] + 1
        for group in timeline.groups(specs):
            for block_specs, parts, parts_params in Source._key_parts(
                    group, partner_sql, present.get(group[0].id, targets), limit, rules,
                    filters, search, position):
                sql, sql_params = timeline.events_sql(block_specs, parts, parts_params, limit)
                subqueries.append(sql)
                params += sql_params
        if not subqueries:
            return {"events": [], "next_cursor": False}
        self.env.cr.execute(timeline.merge_sql(subqueries, filters["limit"] + 1), params)
        rows = self.env.cr.dictfetchall()
        has_more = len(rows) > filters["limit"]
        rows = rows[: filters["limit"]]
        events = self._customer360_events(rows, specs)
        next_cursor = False
        if has_more and rows:
            last = rows[-1]
            next_cursor = timeline.encode_cursor(
                self.id, last["date"], last["source_id"], last["key_id"])
        return {"events": events, "next_cursor": next_cursor}

    def _customer360_events(self, rows, specs):
        """Turn merged rows into event dicts: user and currency names come
        from one query each, summaries from the sources' templates
        (``specs``: see _customer360_specs)."""
        user_ids = tuple({r["user_id"] for r in rows if r["user_id"]})
        currency_ids = tuple({r["currency_id"] for r in rows if r["currency_id"]})
        users, currencies = {}, {}
        if user_ids:
            self.env.cr.execute(
                "SELECT u.id, p.name FROM res_users u JOIN res_partner p ON p.id = u.partner_id "
                "WHERE u.id IN %s", [user_ids])
            users = dict(self.env.cr.fetchall())
        if currency_ids:
            self.env.cr.execute("SELECT id, name FROM res_currency WHERE id IN %s", [currency_ids])
            currencies = dict(self.env.cr.fetchall())
        # Selection labels of the sources of this page, in the user's language.
        page_sources = {r["source_id"] for r in rows}
        Source = self.env["crm.customer360.source"]
        kinds = {s.id: (s, Source._summary_labels(s)) for s in specs if s.id in page_sources}
        events = []
        for row in rows:
            spec, labels = kinds[row["source_id"]]
            values = row["summary_values"]
            for path, selection in labels.items():
                if values and values.get(path) in selection:
                    values[path] = selection[values[path]]
            events.append({
                "date": timeline.format_date(row["date"]),
                # A date (not datetime) source: no time of day, no time zone shift.
                "all_day": spec.date_is_day,
                "department": row["department"],
                "event_type": spec.event_type,
                "event_type_label": spec.name,
                "summary": timeline.render_summary(spec.template, values),
                "user": users.get(row["user_id"], False),
                "user_id": row["user_id"] or False,
                "amount": float(row["amount"]) if row["amount"] is not None else False,
                "currency": currencies.get(row["currency_id"], False),
                "res_model": row["res_model"],
                "res_id": row["res_id"],
            })
        return events

    # ------------------------------------------------------------------
    # The facts before you talk to a customer
    # ------------------------------------------------------------------
    def _customer360_scope(self, model_name, domain, rules=None):
        """(from, where, params) of ``domain`` with the user's record rules,
        or None when the user may not read the model at all. ``rules``: the
        rules already evaluated in this call (see Source._rule_clauses)."""
        if model_name not in self.env:
            return None
        return self.env["crm.customer360.source"]._readable_query(
            self.env[model_name], domain, rules)

    def _customer360_sums(self, model_name, domain, figures, partner_column="partner_id",
                          rules=None, money=None):
        """{name: {"count", "amount"}} of several figures on the rows of
        ``domain`` (record rules applied once), each figure a FILTER
        (SQL condition and params) and an expression to sum; None each
        when the user may not read the model.

        ``money``: (currency, date, company) SQL expressions of the
        document's amount currency, date and company: each amount is then
        converted into the user's company currency at the rate of that
        date (the latest rate on or before it, of the document's company,
        as Odoo converts), in the same statement (lateral join)."""
        scope = self._customer360_scope(model_name, domain, rules)
        if scope is None:
            return {name: None for name, _cond, _params, _expr in figures}
        from_clause, where_clause, params = scope
        table = self.env[model_name]._table
        columns, column_params = [], []
        for _name, condition, condition_params, expression in figures:
            if money:
                expression = "(%s) * fx.factor" % expression
            columns.append("count(*) FILTER (WHERE %s), COALESCE(sum(%s) FILTER (WHERE %s), 0)"
                           % (condition, expression, condition))
            column_params += condition_params + condition_params
        fx_join, fx_params = "", []
        if money:
            currency_sql, date_sql, company_sql = money
            company = self.env.user.company_id
            fx_join = CONVERSION_JOIN % {
                "currency": currency_sql, "date": date_sql, "company": company_sql}
            fx_params = [company.id, company.currency_id.id, company.currency_id.id]
        self.env.cr.execute(
            'SELECT %s FROM (SELECT "%s".* FROM %s WHERE (%s) AND "%s"."%s" IN (%s)) AS "%s" %s'
            % (", ".join(columns), table, from_clause, where_clause, table, partner_column,
               self._customer360_partner_sql(), table, fx_join),
            column_params + params + fx_params)
        row = self.env.cr.fetchone()
        return {name: {"count": row[2 * i], "amount": float(row[2 * i + 1])}
                for i, (name, _c, _p, _e) in enumerate(figures)}

    def _customer360_sum(self, model_name, domain, expression, partner_column="partner_id",
                         rules=None, money=None):
        return self._customer360_sums(
            model_name, domain, [("sum", "TRUE", [], expression)],
            partner_column=partner_column, rules=rules, money=money)["sum"]

    def _customer360_today(self):
        """The day the header counts from: the user's today, or the
        ``customer360_today`` context key (YYYY-MM-DD; tests, reports of a
        past day)."""
        today = self.env.context.get("customer360_today")
        if today:
            try:
                return fields.Date.to_string(fields.Date.from_string(today))
            except (TypeError, ValueError):
                raise UserError(_ERRORS["bad_date"]({"value": today}))
        return fields.Date.context_today(self)

    def _customer360_fact_domains(self, today):
        """{fact: (model, domain)} of the header's figures on documents,
        without the customer: the header sums these rows (record rules
        applied) and customer360_fact_action opens them."""
        year_ago = fields.Date.to_string(fields.Date.from_string(today) - timedelta(days=365))
        revenue = [("type", "in", definitions.REVENUE_INVOICE_TYPES),
                   ("state", "in", definitions.POSTED_INVOICE_STATES)]
        return {
            "revenue_lifetime": ("account.invoice", revenue),
            "revenue_12_months": ("account.invoice", revenue + [("date_invoice", ">=", year_ago)]),
            # what the Aged Receivable report counts as overdue, on invoices:
            # open credit notes past their date are deducted
            "overdue_receivables": ("account.invoice", [
                ("type", "in", definitions.REVENUE_INVOICE_TYPES), ("state", "=", "open"),
                ("date_due", "<", today)]),
            "open_pipeline": ("crm.lead", [("type", "=", "opportunity"),
                                           ("probability", "<", 100)]),
            "open_quotations": ("sale.order", [("state", "in", ("draft", "sent"))]),
            "open_promises": ("crm.commitment", [("state", "=", "open")]),
            "overdue_promises": ("crm.commitment", [("state", "=", "open"),
                                                    ("date_due", "<", today)]),
        }

    def _customer360_fact_domain(self, fact):
        return self._customer360_fact_domains(self._customer360_today())[fact][1]

    def _customer360_partner_ids(self):
        self.env.cr.execute(self._customer360_partner_sql())
        return [row[0] for row in self.env.cr.fetchall()]

    @api.multi
    def customer360_fact_action(self, fact):
        """The window action listing the records behind one figure of
        customer360_header (``fact``: one of its keys, or ``problem_promises``
        / ``problem_tickets`` for the two kinds of open problems): the
        domain is the one the figure counts, searched under the user's
        access rights, so the list reproduces the figure (amounts converted
        into the company currency at the document's date). A figure the
        user may not see, or a fact without records, is a UserError."""
        self._customer360_check_one()
        if not isinstance(fact, str):
            raise UserError(_("Unknown figure: %(value)s.") % {"value": fact})
        today = self._customer360_today()
        customer = self.commercial_partner_id
        domains = self._customer360_fact_domains(today)
        names = self._customer360_fact_names()
        if fact in domains:
            model, domain = domains[fact]
            domain = domain + [("partner_id", "in", self._customer360_partner_ids())]
        elif fact == "problem_promises":
            model = "crm.commitment"
            domain = [("commercial_partner_id", "=", customer.id), ("state", "=", "open"),
                      ("date_due", "<", today)]
        elif fact == "problem_tickets" and "helpdesk.ticket" in self.env and hasattr(
                self.env["helpdesk.ticket"], "_sla_open_problems"):
            model = "helpdesk.ticket"
            ids = self.env["helpdesk.ticket"].sudo()._sla_open_problems(customer.ids)
            domain = [("id", "in", ids.get(customer.id, []))]
        elif fact == "unanswered":
            model = "mail.message"
            params = dict(self._awaiting_reply_params(), customer_id=customer.id)
            self.env.cr.execute(awaiting_reply.ids_sql(), params)
            domain = [("id", "in", [row[0] for row in self.env.cr.fetchall()])]
        elif fact == "price_conflicts":
            model = "sale.order"
            domain = [("id", "in", sorted({i for pair in self._customer360_price_conflicts()
                                           for i in pair["order_ids"]}))]
        elif fact == "satisfaction" and "crm.service.feedback" in self.env:
            model = "crm.service.feedback"
            domain = [("state", "=", "answered"),
                      ("partner_id", "in", self._customer360_partner_ids())]
        elif fact == "tier" and "crm.loyalty.tier.history" in self.env:
            model = "crm.loyalty.tier.history"
            domain = [("partner_id", "=", customer.id)]
        elif fact == "consent":
            model = "crm.consent.log"
            domain = [("partner_id", "in", self._customer360_partner_ids())]
        else:
            raise UserError(_("Unknown figure: %(value)s.") % {"value": fact})
        Model = self.env[model]
        if not Model.check_access_rights("read", raise_exception=False):
            raise UserError(_("This figure is not available to you."))
        return {
            "type": "ir.actions.act_window",
            "name": _("%(figure)s: %(customer)s") % {
                "figure": names.get(fact, fact), "customer": customer.display_name},
            "res_model": model,
            "views": [[False, "list"], [False, "form"]],
            "view_mode": "tree,form",
            "domain": domain,
            "context": {"create": False},
            "target": "current",
        }

    @api.model
    def _customer360_fact_names(self):
        return {
            "revenue_lifetime": _("Revenue, lifetime"),
            "revenue_12_months": _("Revenue, last 12 months"),
            "overdue_receivables": _("Overdue receivables"),
            "open_pipeline": _("Open pipeline"),
            "open_quotations": _("Open quotations"),
            "open_promises": _("Open promises"),
            "overdue_promises": _("Overdue promises"),
            "problem_promises": _("Promises past due"),
            "problem_tickets": _("Tickets past their SLA"),
            "unanswered": _("Awaiting our reply"),
            "price_conflicts": _("Conflicting quotes"),
            "satisfaction": _("Satisfaction"),
            "consent": _("Consent history"),
            "tier": _("Loyalty tier history"),
        }

    @api.multi
    def customer360_header(self):
        """The facts a person needs before talking to this customer, each
        computed with one query under the user's access rights.

        Every value can be sent over XML-RPC (no None): a figure the user may
        not see is False and its key is listed in ``hidden``; False outside
        ``hidden`` means missing (no tier, no answer, no activity...).
        ``customer360_fact_action(key)`` opens the records behind a figure.

        Amounts are in the currency of the user's current company
        (``currency``): each document's amount is converted at its own date
        (invoices: invoice date, quotations: order date, opportunities: the
        header's day) with the rates of the document's company. Documents
        of every company the user's record rules let them read are counted
        (a user working in several companies sees them all, converted)."""
        self._customer360_check_one()
        today = self._customer360_today()
        year_ago = fields.Date.to_string(fields.Date.from_string(today) - timedelta(days=365))
        company = self.env.user.company_id
        facts = {"currency": company.currency_id.name}
        # Each model's record rules are evaluated once for the header.
        rules = {}
        # One query per model: the figures of a model are FILTERs of one
        # scan of the customer's rows.
        inv = '"account_invoice"'
        invoice_money = (
            "(SELECT currency_id FROM res_company WHERE id = %s.company_id)" % inv,
            "%s.date_invoice" % inv, "%s.company_id" % inv)
        revenue = definitions.sql_net_revenue_amount("%s.amount_untaxed_signed" % inv)
        facts.update(self._customer360_sums(
            "account.invoice", self._customer360_fact_domain("revenue_lifetime"),
            [("revenue_lifetime", "TRUE", [], revenue),
             ("revenue_12_months", "%s.date_invoice >= %%s" % inv, [year_ago], revenue),
             ("overdue_receivables",
              "%s.type IN ('out_invoice', 'out_refund') AND %s.state = 'open' "
              "AND %s.date_due < %%s" % (inv, inv, inv), [today],
              "%s.residual_company_signed" % inv)],
            rules=rules, money=invoice_money))
        # Planned revenue is in the lead's company currency: converted at
        # the header's day (a forecast has no document date).
        facts["open_pipeline"] = self._customer360_sum(
            "crm.lead", self._customer360_fact_domain("open_pipeline"),
            '"crm_lead".planned_revenue', rules=rules,
            money=("(SELECT currency_id FROM res_company WHERE id = \"crm_lead\".company_id)",
                   "'%s'::date" % today, '"crm_lead".company_id'))
        # Quotations are in their pricelist's currency, converted at their
        # order date.
        facts["open_quotations"] = self._customer360_sum(
            "sale.order", self._customer360_fact_domain("open_quotations"),
            '"sale_order".amount_untaxed', rules=rules,
            money=('(SELECT currency_id FROM product_pricelist '
                   'WHERE id = "sale_order".pricelist_id)',
                   '"sale_order".date_order', '"sale_order".company_id'))
        facts.update(self._customer360_sums(
            "crm.commitment", [("state", "=", "open")],
            [("open_promises", "TRUE", [], "1"),
             ("overdue_promises", '"crm_commitment".date_due < %s', [today], "1")],
            rules=rules))
        # The usable sources and the documents messages may point to are
        # computed once for the last contact and the next activity.
        specs = self._customer360_specs()
        targets = self.env["crm.customer360.source"]._targets(
            specs, self._customer360_partner_sql(), rules)
        facts["last_contact"] = self._customer360_last_contact(specs, targets, rules)
        facts["next_activity"] = self._customer360_next_activity(specs, targets, rules)
        facts["unanswered"] = self._customer360_unanswered()
        facts["consent"] = self._customer360_consent()
        # Counts only: which quotations and problems are involved is shown on
        # the documents themselves, under their own access rules.
        facts["price_conflicts"] = len(self._customer360_price_conflicts())
        problems = self.env["crm.customer360.problem"]._customer360_problem_counts(self)
        facts["open_problems"] = problems["promises"] + problems["tickets"]
        facts["problem_promises"] = problems["promises"]
        facts["problem_tickets"] = problems["tickets"]
        facts.update(self._customer360_header_extra(rules))
        # XML-RPC cannot send None: a figure the user may not see is False
        # and named in "hidden" (False alone is "missing": no tier, no
        # answer yet...).
        hidden = sorted(name for name, value in facts.items() if value is None)
        for name in hidden:
            facts[name] = False
        facts["hidden"] = hidden
        return facts

    def _customer360_last_contact(self, specs, targets, rules=None):
        """The newest contact event (CONTACT_EVENT_TYPES), the same event as
        the first one of ``customer360_timeline(limit=1, event_types=...)``,
        under the same access rights and record rules, in one statement that
        only finds its key, and one that reads the event.

        The parts are the timeline's (see Source._key_parts), limited to one
        row: the email, message and call sources all read mail_message and
        share one part per document model."""
        self.ensure_one()
        Source = self.env["crm.customer360.source"]
        specs = [s for s in specs if s.event_type in CONTACT_EVENT_TYPES]
        if not specs:
            return False
        rules = {} if rules is None else rules
        partner_sql = self._customer360_partner_sql()
        doc_specs = [s for s in specs if s.link_kind == "document"]
        present = Source._targets_present(doc_specs, targets) if doc_specs else {}
        parts, params = [], []
        for group in timeline.groups(specs):
            for _specs, group_parts, group_params in Source._key_parts(
                    group, partner_sql, present.get(group[0].id, targets), 1, rules):
                parts += group_parts
                params += group_params
        if not parts:
            return False
        self.env.cr.execute(
            "SELECT * FROM (%s) AS contact ORDER BY date DESC, source_id DESC, key_id DESC "
            "LIMIT 1" % " UNION ALL ".join("(%s)" % p for p in parts), params)
        row = self.env.cr.dictfetchone()
        if not row:
            return False
        # The event's columns, read for the one row found (already checked).
        spec = [s for s in specs if s.id == row["source_id"]][0]
        self.env.cr.execute(
            'SELECT %s AS user_id, %s AS amount, %s AS currency_id, %s AS summary_values '
            'FROM "%s" WHERE "%s".id = %%s' % (
                spec.user_sql, spec.amount_sql, spec.currency_sql, spec.values_sql,
                spec.table, spec.table),
            list(spec.placeholders) + [row["key_id"]])
        row.update(self.env.cr.dictfetchone())
        return self._customer360_events([row], [spec])[0]

    def _customer360_next_activity(self, specs=None, targets=None, rules=None):
        """The next activity due on the customer or one of its documents."""
        Source = self.env["crm.customer360.source"]
        if targets is None:
            targets = Source._targets(
                specs or self._customer360_specs(), self._customer360_partner_sql(), rules)
        scope = self._customer360_scope("mail.activity", [], rules)
        if scope is None or not targets:
            return False
        from_clause, where_clause, params = scope
        # Only the document models that activities reference at all (one
        # index probe each): the others' parts would return nothing.
        self.env.cr.execute(
            "SELECT m FROM unnest(%s::varchar[]) AS m WHERE EXISTS "
            "(SELECT 1 FROM mail_activity WHERE res_model = m)", [[t[0] for t in targets]])
        found = {row[0] for row in self.env.cr.fetchall()}
        targets = [t for t in targets if t[0] in found]
        if not targets:
            return False
        # One part per document model (UNION ALL), each on the
        # (res_model, res_id) index; an OR of the targets scanned the table.
        parts, all_params = [], []
        for target_model, _department, target_sql, target_params in targets:
            parts.append(
                '(SELECT "mail_activity".id, "mail_activity".date_deadline FROM %s '
                'WHERE (%s) AND "mail_activity".res_model = %%s '
                'AND "mail_activity".res_id IN (%s) '
                'ORDER BY "mail_activity".date_deadline, "mail_activity".id LIMIT 1)'
                % (from_clause, where_clause, target_sql))
            all_params += params + [target_model] + list(target_params)
        self.env.cr.execute(
            "SELECT id FROM (%s) AS parts ORDER BY date_deadline, id LIMIT 1"
            % " UNION ALL ".join(parts),
            all_params)
        row = self.env.cr.fetchone()
        if not row:
            return False
        activity = self.env["mail.activity"].browse(row[0])
        return {
            "date_deadline": activity.date_deadline,
            "summary": activity.summary or self._customer360_name(
                activity, "activity_type_id") or False,
            # The owner may be a user the reader cannot read (another
            # company): no name then, not an error.
            "user": self._customer360_name(activity, "user_id") or False,
            "res_model": activity.res_model,
            "res_id": activity.res_id,
        }

    @api.model
    def _customer360_name(self, record, fname):
        """The display name of ``record``'s many2one ``fname`` if the user
        may read it, False when it is empty, None when the user may not
        read it (the header shows it missing instead of failing)."""
        Source = self.env["crm.customer360.source"]
        if not Source._path_readable(record._name, fname):
            return None
        value = record[fname]
        if not value:
            return False
        if not value.check_access_rights("read", raise_exception=False):
            return None
        try:
            value.check_access_rule("read")
        except AccessError:
            return None
        return value.name_get()[0][1]

    # ------------------------------------------------------------------
    # Unanswered customers
    # ------------------------------------------------------------------
    @api.model
    def _awaiting_reply_params(self):
        hours = self.env["ir.config_parameter"].sudo().get_param(REPLY_HOURS_PARAM, "24")
        try:
            hours = max(float(hours), 0.0)
        except ValueError:
            hours = 24.0
        now = fields.Datetime.from_string(fields.Datetime.now())
        return {
            "before": fields.Datetime.to_string(now - timedelta(hours=hours)),
            "since": fields.Datetime.to_string(now - timedelta(days=REPLY_LOOKBACK_DAYS)),
            "discussion": self.env.ref("mail.mt_comment").id,
        }

    @api.model
    def _cron_awaiting_reply(self):
        """Recompute ``awaiting_reply_since`` for every customer with two
        set-based statements; idempotent, safe to rerun after a crash (each
        run recomputes from the messages, nothing is incremental)."""
        params = self._awaiting_reply_params()
        for sql in awaiting_reply.refresh_sql():
            self.env.cr.execute(sql, params)
        self.invalidate_cache(["awaiting_reply_since"])

    def _customer360_unanswered(self):
        self.ensure_one()
        params = dict(self._awaiting_reply_params(), customer_id=self.commercial_partner_id.id)
        self.env.cr.execute(awaiting_reply.count_sql(), params)
        count, oldest = self.env.cr.fetchone()
        return {"count": count, "oldest": oldest or False}

    def _customer360_header_extra(self, rules=None):
        """Tier and satisfaction when crm_loyalty and crm_service_kpi are
        installed (read by name, so that each addon still installs alone);
        other addons may extend this hook."""
        extra = {"tier": False, "satisfaction": False}
        customer = self.commercial_partner_id
        if "loyalty_tier_id" in self._fields:
            # None (hidden) for a user who may not read tiers.
            extra["tier"] = self._customer360_name(customer, "loyalty_tier_id")
        if "crm.service.feedback" in self.env:
            scope = self._customer360_scope("crm.service.feedback", [], rules)
            if scope is None:
                extra["satisfaction"] = None
            else:
                from_clause, where_clause, params = scope
                self.env.cr.execute(
                    'SELECT count(*), avg("crm_service_feedback".csat), '
                    'count("crm_service_feedback".nps), '
                    'count(*) FILTER (WHERE %s), count(*) FILTER (WHERE %s) '
                    "FROM %s WHERE (%s) AND \"crm_service_feedback\".state = 'answered' "
                    'AND "crm_service_feedback".partner_id IN (%s)'
                    % (definitions.sql_is_promoter('"crm_service_feedback".nps'),
                       definitions.sql_is_detractor('"crm_service_feedback".nps'),
                       from_clause, where_clause, self._customer360_partner_sql()),
                    params)
                count, csat, nps_answers, promoters, detractors = self.env.cr.fetchone()
                if count:
                    nps = definitions.nps_value(promoters, detractors, nps_answers)
                    extra["satisfaction"] = {
                        "count": count,
                        "csat_avg": round(float(csat), 2) if csat is not None else False,
                        "nps": round(nps, 1) if nps is not None else False}
        return extra

    consent_email = fields.Selection(
        consent.CONSENT_VALUES, string="Marketing Email Consent", track_visibility="onchange", copy=False,
        help="Empty: unknown. 'Refused' is the same as the Mailing Opt-Out: "
             "mass mailings are never sent to this contact's address.")
    consent_phone = fields.Selection(
        consent.CONSENT_VALUES, string="Phone Consent", track_visibility="onchange", copy=False,
        help="Empty: unknown. May this contact be called for marketing?")
    consent_sms = fields.Selection(
        consent.CONSENT_VALUES, string="SMS Consent", track_visibility="onchange", copy=False,
        help="Empty: unknown. May this contact receive marketing text messages?")
    consent_log_ids = fields.One2many(
        "crm.consent.log", "partner_id", string="Consent History", readonly=True,
        groups="base.group_user")

    # ------------------------------------------------------------------
    # Form: keep both fields aligned before saving
    # ------------------------------------------------------------------
    @api.onchange("consent_email")
    def _onchange_consent_email(self):
        self.opt_out = self.consent_email == "refused"

    @api.onchange("opt_out")
    def _onchange_opt_out_consent(self):
        if self.opt_out:
            self.consent_email = "refused"
        elif self.consent_email == "refused":
            self.consent_email = False

    # ------------------------------------------------------------------
    # Writes
    # ------------------------------------------------------------------
    @api.model
    def _consent_prepare_vals(self, vals):
        bad = consent.bad_consent_values(vals)
        if bad:
            fname, value = bad[0]
            value = repr(value)
            raise ValidationError(_(
                "%(value)s is not a valid value for %(field)s: use 'granted', 'refused', "
                "or leave it empty for unknown.") % {
                    "value": value if len(value) <= 60 else value[:59] + "\u2026",
                    "field": self._fields[fname].string})
        try:
            return consent.align_opt_out(vals)
        except ValueError:
            raise ValidationError(_(
                "Marketing email consent '%(consent)s' contradicts Mailing Opt-Out = %(opt_out)s: "
                "a contact who refused marketing email is opted out, and only they are.") % {
                    "consent": vals.get("consent_email") or _("unknown"),
                    "opt_out": bool(vals.get("opt_out"))})

    @api.model
    def load(self, fields, data):
        """An import: its consent changes are logged with the "import" origin."""
        token = _IMPORTING.set(True)
        try:
            return super(ResPartner, self).load(fields, data)
        finally:
            _IMPORTING.reset(token)

    @api.model
    def create(self, vals):
        if not ({"opt_out"} | set(consent.CONSENT_FIELDS.values())) & set(vals):
            return super(ResPartner, self).create(vals)
        vals, _reset = self._consent_prepare_vals(vals)
        partner = super(ResPartner, self).create(vals)
        after = {partner.id: {channel: vals[fname] for channel, fname in consent.CONSENT_FIELDS.items()
                              if fname in vals}}
        partner._consent_write_log(consent.consent_log_lines({}, after))
        return partner

    @api.multi
    def write(self, vals):
        if not ({"opt_out"} | set(consent.CONSENT_FIELDS.values())) & set(vals):
            return super(ResPartner, self).write(vals)
        vals, reset_refused = self._consent_prepare_vals(vals)
        before = {partner.id: {channel: partner[fname]
                               for channel, fname in consent.CONSENT_FIELDS.items()}
                  for partner in self}
        written = {channel: vals[fname] for channel, fname in consent.CONSENT_FIELDS.items()
                   if fname in vals}
        after = {partner_id: dict(written) for partner_id in before}
        if reset_refused:
            refused = self.filtered(lambda p: p.consent_email == "refused")
            others = self - refused
            if refused:
                super(ResPartner, refused).write(dict(vals, consent_email=False))
                for partner_id in refused.ids:
                    after[partner_id]["email"] = False
            if others:
                super(ResPartner, others).write(vals)
            result = True
        else:
            result = super(ResPartner, self).write(vals)
        self._consent_write_log(consent.consent_log_lines(before, after))
        return result

    def _consent_write_log(self, lines):
        """One crm.consent.log per line, as superuser (users cannot write
        history themselves), recording the real user."""
        if not lines:
            return
        origin = consent.consent_origin(_request_path(), _IMPORTING.get())
        # The contact changed it themselves only through the unsubscribe
        # link (a public route); anyone else is recorded.
        user_id = False if origin == "unsubscribe" else self.env.uid
        now = fields.Datetime.now()
        Log = self.env["crm.consent.log"].sudo()
        for partner_id, channel, old, new in lines:
            Log.create({"partner_id": partner_id, "channel": channel, "old_value": old,
                        "new_value": new, "user_id": user_id, "date": now, "origin": origin})

    # ------------------------------------------------------------------
    # 360 header
    # ------------------------------------------------------------------
    @api.multi
    def _customer360_consent(self):
        """{"email": ..., "phone": ..., "sms": ...}, each 'granted', 'refused'
        or 'unknown'."""
        self.ensure_one()
        return {channel: self[fname] or "unknown" for channel, fname in consent.CONSENT_FIELDS.items()}

    @api.multi
    def customer360_quick_actions(self):
        """The header buttons of the Customer 360 view for this customer,
        for the current user (each provider checks its own access rights).

        Extension point: any addon adds buttons by defining, on res.partner,
        a method named ``_customer360_quick_actions_<name>`` (see
        ``rules/quick_actions.py`` for what it returns).

        :return: list of {"key", "name", "icon", "sequence", "action"}
        """
        self._customer360_check_one()
        actions = []
        for name in sorted(dir(type(self))):
            if name.startswith(quick_actions.QUICK_ACTION_PREFIX):
                actions.extend(getattr(self, name)() or [])
        return quick_actions.sort_quick_actions(actions)

    @api.multi
    def _customer360_quick_actions_promise(self):
        """*Log a promise* made to this customer, for users who may create one."""
        self.ensure_one()
        if not self.env["crm.commitment"].check_access_rights("create", raise_exception=False):
            return []
        return [
            {
                "key": "log_promise",
                "name": _("Log a promise"),
                "icon": "fa-handshake-o",
                "sequence": 10,
                "action": {
                    "type": "ir.actions.act_window",
                    "name": _("Log a promise"),
                    "res_model": "crm.commitment",
                    "view_mode": "form",
                    "views": [[False, "form"]],
                    "target": "new",
                    "context": {"default_partner_id": self.id},
                },
            }
        ]

    @api.multi
    def _customer360_price_conflicts(self):
        """Conflicting open quotation pairs of these customers' commercial
        entities: a list of ``{"order_ids": [a, b], "product_ids": [...]}``
        with a < b (one SQL query, no record rules: for the 360 header)."""
        commercial = self.mapped("commercial_partner_id")
        if not commercial:
            return []
        self.env.cr.execute(CUSTOMER_CONFLICT_SQL, {
            "partners": tuple(commercial.ids), "states": OPEN_STATES,
            "digits": self.env["decimal.precision"].precision_get("Product Price")})
        rows = self.env.cr.fetchall()
        return [{"order_ids": [a, b], "product_ids": sorted(products)}
                for a, b, products in rows]

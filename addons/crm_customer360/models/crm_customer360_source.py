# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from . import timeline

DEPARTMENT_SELECTION = [
    ("sales", "Sales"),
    ("marketing", "Marketing"),
    ("service", "Service"),
    ("finance", "Finance"),
    ("logistics", "Logistics"),
    ("other", "Other"),
]
_logger = logging.getLogger(__name__)
_PLACEHOLDER = re.compile(r"%\(([a-z0-9_.]+)\)s")


class CrmCustomer360Source(models.Model):
    """Where timeline events come from: configuration, not code.

    A source names a model, the field that links its records to the customer
    (or, for messages and activities, the model/res_id pair that links them to
    the customer or to a document of another source), the date of the event,
    its department and type, and a summary template. A source whose model is
    not installed is simply inactive.
    """

    _name = "crm.customer360.source"
    _description = "Customer 360 Timeline Source"
    _order = "sequence, id"

    name = fields.Char(string="Event", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    res_model = fields.Char(
        string="Model", required=True, help="Technical name, e.g. sale.order or repair.order"
    )
    model_installed = fields.Boolean(compute="_compute_model_installed")
    link_kind = fields.Selection(
        [
            ("partner", "A customer field of the record"),
            ("document", "A document reference (model + record id)"),
        ],
        required=True,
        default="partner",
        help="Messages, activities and mailing statistics point to a record "
        "(model + id): they belong to the customer when that record is the "
        "customer or one of its documents from another source.",
    )
    partner_field = fields.Char(
        string="Customer field", help="Many2one or many2many to Contacts, e.g. partner_id"
    )
    ref_model_field = fields.Char(string="Document model field", default="model")
    ref_id_field = fields.Char(string="Document id field", default="res_id")
    date_field = fields.Char(required=True, help="Date or datetime of the event")
    user_field = fields.Char(
        string="Employee field",
        help="Many2one to Users, or to Contacts (the user with that contact is taken)",
    )
    amount_field = fields.Char()
    currency_field = fields.Char(help="e.g. currency_id or company_id.currency_id")
    department = fields.Selection(DEPARTMENT_SELECTION, required=True, default="other")
    event_type = fields.Char(
        required=True, help="Technical code of the event type, e.g. order_confirmed"
    )
    domain = fields.Char(default="[]", help="Which records are events of this kind")
    summary_template = fields.Char(
        required=True,
        translate=True,
        help="One line; %(field)s or %(many2one_field.field)s placeholders, "
        "e.g. Quotation %(name)s for %(partner_id.name)s",
    )

    _sql_constraints = [
        ("event_type_code", "CHECK (event_type ~ '^[a-z0-9_]+$')",
         "The event type is a technical code: lowercase letters, digits and _."),
    ]

    @api.depends("res_model")
    def _compute_model_installed(self):
        for source in self:
            source.model_installed = bool(source.res_model) and source.res_model in self.env

    # ------------------------------------------------------------------
    # Validation: a source must point at real, stored fields of its model.
    # ------------------------------------------------------------------
    def _field(self, model, path, types, comodels=None, label=""):
        """Resolve ``field`` or ``many2one.field``; raise a clear error."""
        names = path.split(".")
        if len(names) > 2:
            raise ValidationError(
                _("Source %(source)s: %(label)s %(path)s may follow at most one relation.")
                % {"source": self.name, "label": label, "path": path}
            )
        current = model
        field = None
        for i, name in enumerate(names):
            field = current._fields.get(name)
            if field is not None and getattr(field, "inherited", False):
                # _inherits: the value is stored on the parent record.
                field = self.env[field.related_field.model_name]._fields[name]
            if field is None or not field.store:
                raise ValidationError(
                    _("Source %(source)s: %(model)s has no stored field %(field)s (%(label)s).")
                    % {"source": self.name, "model": current._name, "field": name, "label": label}
                )
            if i < len(names) - 1:
                if field.type != "many2one":
                    raise ValidationError(
                        _("Source %(source)s: %(field)s is not a many2one (%(label)s).")
                        % {"source": self.name, "field": name, "label": label}
                    )
                current = self.env[field.comodel_name]
        if types and field.type not in types:
            raise ValidationError(
                _("Source %(source)s: %(label)s %(path)s must be of type %(types)s, not %(type)s.")
                % {"source": self.name, "label": label, "path": path,
                   "types": ", ".join(types), "type": field.type}
            )
        if comodels and field.comodel_name not in comodels:
            raise ValidationError(
                _("Source %(source)s: %(label)s %(path)s must point to %(comodels)s.")
                % {"source": self.name, "label": label, "path": path,
                   "comodels": ", ".join(comodels)}
            )
        return field

    def _check_one(self):
        self.ensure_one()
        if not self.model_installed:
            return
        model = self.env[self.res_model]
        if model._abstract or not model._auto:
            raise ValidationError(
                _("Source %(source)s: %(model)s is not stored in a table.")
                % {"source": self.name, "model": self.res_model}
            )
        if self.link_kind == "partner":
            if not self.partner_field:
                raise ValidationError(
                    _("Source %(source)s needs a customer field.") % {"source": self.name}
                )
            self._field(model, self.partner_field, ("many2one", "many2many"),
                        ("res.partner",), _("customer field"))
        else:
            self._field(model, self.ref_model_field or "", ("char", "selection"),
                        label=_("document model field"))
            self._field(model, self.ref_id_field or "", ("integer", "many2one_reference"),
                        label=_("document id field"))
        self._field(model, self.date_field, ("date", "datetime"), label=_("date field"))
        if self.user_field:
            self._field(model, self.user_field, ("many2one",), ("res.users", "res.partner"),
                        _("employee field"))
        if self.amount_field:
            self._field(model, self.amount_field, ("float", "monetary", "integer"),
                        label=_("amount field"))
        if self.currency_field:
            self._field(model, self.currency_field, ("many2one",), ("res.currency",),
                        _("currency field"))
        for path in _PLACEHOLDER.findall(self.summary_template or ""):
            self._field(model, path, None, label=_("summary placeholder"))
        try:
            domain = self._source_domain()
            model._where_calc(domain)
        except Exception as error:
            raise ValidationError(
                _("Source %(source)s: the domain %(domain)s is invalid: %(error)s")
                % {"source": self.name, "domain": self.domain, "error": error}
            )

    @api.constrains(
        "res_model", "link_kind", "partner_field", "ref_model_field", "ref_id_field",
        "date_field", "user_field", "amount_field", "currency_field", "summary_template",
        "domain",
    )
    def _check_fields(self):
        for source in self:
            source._check_one()

    def _usable(self):
        """Installed and consistent: a source whose model was installed after
        it was created is checked here; a broken one is skipped, not fatal."""
        self.ensure_one()
        if not self.model_installed:
            return False
        try:
            self._check_one()
        except ValidationError as error:
            _logger.warning("Customer 360 source %s skipped: %s", self.id, error)
            return False
        return True

    # ------------------------------------------------------------------
    # SQL
    # ------------------------------------------------------------------
    @api.model
    def _employee_partner_ids(self):
        """Partners whose users are all internal (employees): an email from
        anyone else was received from outside. One query on res_users, so
        that a domain using it stays a short list (the former
        ('author_id.user_ids', '=', False) became 180,000 partner ids)."""
        self.env.cr.execute(
            "SELECT partner_id FROM res_users WHERE partner_id IS NOT NULL "
            "GROUP BY partner_id HAVING NOT bool_or(COALESCE(share, FALSE)) ORDER BY partner_id")
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _domain_context(self, domain=None):
        import datetime
        import time

        from dateutil.relativedelta import relativedelta

        return {
            "time": time,
            "datetime": datetime,
            "relativedelta": relativedelta,
            "context_today": lambda: fields.Date.from_string(fields.Date.context_today(self)),
            "uid": self.env.uid,
            # Computed only for the domains that use it.
            "employee_partner_ids": (
                self._employee_partner_ids()
                if domain and "employee_partner_ids" in domain else []),
        }

    def _column(self, model, table, path):
        """SQL expression of ``field`` or ``many2one.field`` on ``table``;
        a field delegated through ``_inherits`` is read on the parent."""
        names = path.split(".")
        expr = '"%s"."%s"' % (table, names[0])
        field = model._fields[names[0]]
        if getattr(field, "inherited", False):
            expr = self._inherited_column(model, expr_id='"%s".id' % table, name=names[0])
        if len(names) == 1:
            return expr
        comodel = self.env[field.comodel_name]
        sub = comodel._fields[names[1]]
        if getattr(sub, "inherited", False):
            return self._inherited_column(comodel, expr_id=expr, name=names[1])
        return '(SELECT "%s" FROM "%s" WHERE id = %s)' % (names[1], comodel._table, expr)

    def _inherited_column(self, model, expr_id, name):
        parent_name = model._fields[name].related_field.model_name
        parent = self.env[parent_name]
        link = model._inherits[parent_name]
        return '(SELECT p."%s" FROM "%s" p JOIN "%s" c ON c."%s" = p.id WHERE c.id = %s)' % (
            name, parent._table, model._table, link, expr_id)

    def _summary_labels(self):
        """{placeholder: {value: translated label}} for the selection fields
        of the summary template, so that summaries never show raw codes."""
        self.ensure_one()
        labels = {}
        for path in set(_PLACEHOLDER.findall(self.summary_template or "")):
            model = self.env[self.res_model]
            names = path.split(".")
            field = model._fields[names[0]]
            if len(names) == 2:
                field = self.env[field.comodel_name]._fields[names[1]]
            if field.type == "selection":
                labels[path] = dict(field._description_selection(self.env))
        return labels

    def _date_is_day(self):
        return self.env[self.res_model]._fields[self.date_field].type == "date"

    def _date_column(self, model, table):
        expr = self._column(model, table, self.date_field)
        if model._fields[self.date_field].type == "date":
            expr = "(%s)::timestamp" % expr
        return expr

    def _user_column(self, model, table):
        if not self.user_field:
            return "NULL::integer"
        expr = self._column(model, table, self.user_field)
        if model._fields[self.user_field].comodel_name == "res.partner":
            expr = (
                "(SELECT min(u.id) FROM res_users u WHERE u.partner_id = %s "
                "AND u.share IS NOT TRUE)" % expr
            )
        return expr

    def _readable_query(self, model, domain):
        """(from, where, params) of ``domain`` on ``model`` with the current
        user's record rules applied, or None if the user may not read it."""
        if not model.check_access_rights("read", raise_exception=False):
            return None
        query = model._where_calc(domain)
        model._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        return from_clause, where_clause or "TRUE", params

    def _source_domain(self):
        return safe_eval(self.domain or "[]", self._domain_context(self.domain))

    def _partner_condition(self, model, table, partner_sql):
        """SQL condition: the record belongs to one of the customer's partners.

        ``partner_sql`` is a sub-select of the partner ids (no parameters)."""
        field = model._fields[self.partner_field]
        if field.type == "many2one":
            return '"%s"."%s" IN (%s)' % (table, self.partner_field, partner_sql)
        return 'EXISTS (SELECT 1 FROM "%s" rel WHERE rel."%s" = "%s".id AND rel."%s" IN (%s))' % (
            field.relation, field.column1, table, field.column2, partner_sql)

    def _select_sql(self, partner_sql, filters, search, cursor, targets):
        """The ordered, limited sub-query of this source, with its params,
        or None when the user cannot read anything of it."""
        self.ensure_one()
        model = self.env[self.res_model]
        readable = self._readable_query(model, self._source_domain())
        if readable is None:
            return None
        from_clause, where_clause, params = readable
        table = model._table
        date = self._date_column(model, table)
        user = self._user_column(model, table)
        key = '"%s".id' % table
        amount = self._column(model, table, self.amount_field) if self.amount_field else "NULL"
        currency = (
            self._column(model, table, self.currency_field)
            if self.currency_field else "NULL::integer"
        )
        placeholders = sorted(set(_PLACEHOLDER.findall(self.summary_template or "")))
        summary_values = "json_build_object(%s)" % ", ".join(
            "%%s, %s" % self._column(model, table, p) for p in placeholders
        ) if placeholders else "'{}'::json"
        if search and not placeholders:
            return None
        # Conditions shared by every part: filters, search, cursor.
        tail, tail_params = "", []
        if filters["user_ids"]:
            tail += " AND %s IN %%s" % user
            tail_params.append(tuple(filters["user_ids"]))
        if filters["date_from"]:
            tail += " AND %s >= %%s" % date
            tail_params.append(filters["date_from"])
        if filters["date_to"]:
            tail += " AND %s <= %%s" % date
            tail_params.append(filters["date_to"])
        if search:
            tail += " AND concat_ws(' ', %s) ILIKE %%s" % ", ".join(
                "(%s)::text" % self._column(model, table, p) for p in placeholders)
            tail_params.append("%" + search + "%")
        if cursor:
            tail += " AND " + timeline.keyset_sql(date, self.id, key)
            tail_params += timeline.keyset_params(cursor)
        order = " ORDER BY %s DESC, %s DESC LIMIT %d" % (date, key, filters["limit"] + 1)
        select = (
            "SELECT {date} AS date, {source} AS source_id, {key} AS key_id, "
            "{res_model} AS res_model, {res_id} AS res_id, {user} AS user_id, "
            "{amount}::numeric AS amount, {currency} AS currency_id, "
            "{department} AS department, {values} AS summary_values "
            "FROM {from_} WHERE ({where}) AND {link} AND {date} IS NOT NULL"
        )

        def part(res_model_sql, res_id_sql, department_sql, link_sql, head_params, link_params):
            sql = select.format(
                date=date, source=int(self.id), key=key, res_model=res_model_sql,
                res_id=res_id_sql, user=user, amount=amount, currency=currency,
                department=department_sql, values=summary_values, from_=from_clause,
                where=where_clause, link=link_sql,
            ) + tail + order
            # Parameters follow the placeholders' order in the statement.
            return sql, head_params + list(placeholders) + params + link_params + tail_params

        if self.link_kind == "partner":
            return part("%s", key, "%s", self._partner_condition(model, table, partner_sql),
                        [self.res_model, self.department], [])
        # Document references: one part per target model, merged with UNION
        # ALL. An OR of the targets made PostgreSQL scan the whole message
        # table; each part alone uses the (model, res_id) index. The parts
        # only find the keys of the newest rows; the columns (user, amount,
        # summary values and their sub-selects) are computed once, on the
        # rows kept, which keeps the planning of dozens of parts short.
        if not targets:
            return None
        ref_model = self._column(model, table, self.ref_model_field)
        ref_id = self._column(model, table, self.ref_id_field)
        parts, parts_params = [], []
        for target_model, target_department, target_sql, target_params in targets:
            parts.append(
                "SELECT {date} AS date, {key} AS key_id, %s::varchar AS res_model, "
                "{res_id} AS res_id, %s::varchar AS department FROM {from_} "
                "WHERE ({where}) AND {ref_model} = %s AND {res_id} IN ({target}) "
                "AND {date} IS NOT NULL".format(
                    date=date, key=key, res_id=ref_id, from_=from_clause, where=where_clause,
                    ref_model=ref_model, target=target_sql) + tail + order)
            parts_params += [target_model, target_department or self.department]
            parts_params += params + [target_model] + list(target_params) + tail_params
        sql = (
            "SELECT c360_key.date, {source} AS source_id, c360_key.key_id, "
            "c360_key.res_model, c360_key.res_id, {user} AS user_id, "
            "{amount}::numeric AS amount, {currency} AS currency_id, "
            "c360_key.department, {values} AS summary_values "
            "FROM (SELECT * FROM ({parts}) AS c360_part "
            "ORDER BY date DESC, key_id DESC LIMIT {limit}) AS c360_key "
            'JOIN "{table}" ON "{table}".id = c360_key.key_id '
            "ORDER BY c360_key.date DESC, c360_key.key_id DESC"
        ).format(
            source=int(self.id), user=user, amount=amount, currency=currency,
            values=summary_values, parts=" UNION ALL ".join("(%s)" % p for p in parts),
            limit=filters["limit"] + 1, table=table)
        return sql, list(placeholders) + parts_params

    @api.multi
    def _targets_present(self, targets):
        """{source id: the targets whose model occurs in the source's table}.
        A part for a document model that no row of the table references
        returns nothing: leaving it out keeps the result and saves its
        planning (six document sources times every target model). One
        index probe per model, one query per table and reference column."""
        present, by_table = {}, {}
        for source in self.filtered(lambda s: s.link_kind == "document"):
            model = self.env[source.res_model]
            column = source._column(model, model._table, source.ref_model_field)
            by_table.setdefault((model._table, column), []).append(source.id)
        models = [t[0] for t in targets]
        for (table, column), source_ids in by_table.items():
            found = set()
            if models:
                self.env.cr.execute(
                    'SELECT m FROM unnest(%%s::varchar[]) AS m WHERE EXISTS '
                    '(SELECT 1 FROM "%s" WHERE %s = m)' % (table, column), [models])
                found = {row[0] for row in self.env.cr.fetchall()}
            for source_id in source_ids:
                present[source_id] = [t for t in targets if t[0] in found]
        return present

    @api.model
    def _targets(self, sources, partner_sql):
        """Documents that messages and activities may point to: the customer's
        partners themselves and the records of every readable partner-kind
        source model, as (model, department, id sub-select, params)."""
        targets = []
        partner = self.env["res.partner"]
        readable = self._readable_query(partner, [])
        if readable:
            from_clause, where_clause, params = readable
            targets.append((
                "res.partner", None,
                'SELECT "res_partner".id FROM %s WHERE (%s) AND "res_partner".id IN (%s)'
                % (from_clause, where_clause, partner_sql),
                params,
            ))
        seen = {"res.partner"}
        for source in sources.filtered(lambda s: s.link_kind == "partner"):
            if source.res_model in seen:
                continue
            seen.add(source.res_model)
            model = self.env[source.res_model]
            readable = self._readable_query(model, [])
            if not readable:
                continue
            from_clause, where_clause, params = readable
            targets.append((
                source.res_model, source.department,
                'SELECT "%s".id FROM %s WHERE (%s) AND %s' % (
                    model._table, from_clause, where_clause,
                    source._partner_condition(model, model._table, partner_sql)),
                params,
            ))
        return targets

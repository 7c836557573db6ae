# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast
import copy
import logging
import re

import psycopg2

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv.query import Query
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_customer_base.rules import definitions

from ..rules import timeline

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
# Technical names of models (installed or not).
_MODEL_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# Fields never shown on a timeline, whatever their groups: credentials.
_SECRET_FIELD = re.compile(r"passw|passwd|secret|token|api_?key|crypt|totp|oauth")
# What evaluating a source's domain and compiling it may raise on a bad one
# (safe_eval turns most errors into ValueError; expression.py asserts).
DOMAIN_ERRORS = (ValueError, TypeError, KeyError, AssertionError, SyntaxError, NameError,
                 AttributeError, IndexError)
# What checking or building a source whose fields or models changed under it
# (an uninstalled module, a row edited by SQL) may raise.
SOURCE_ERRORS = (ValidationError, UserError, KeyError) + DOMAIN_ERRORS


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
        "e.g. Quotation %(name)s for %(partner_id.name)s. Fields restricted to "
        "groups and credentials cannot be shown; a field the user may not read "
        "shows empty.",
    )
    state = fields.Selection(
        [("ok", "In use"), ("skipped", "Skipped (broken)")], default="ok", required=True,
        readonly=True, copy=False,
        help="A source that no longer matches its model (a field removed, the "
        "configuration edited outside the form) is skipped by every timeline "
        "until it is corrected; the error is shown here.")
    last_error = fields.Text(readonly=True, copy=False)

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
    def _field(self, model, path, types, comodels=None, label="", dotted=True, own=False):
        """Resolve ``field`` or ``many2one.field`` (``dotted``) to a field the
        timeline's SQL can read: a stored column (or, when ``types`` allow it,
        a many2many), of the model's own table when ``own``, never restricted
        to groups nor a credential. Raise a clear ValidationError."""
        values = {"source": self.name, "label": label, "path": path}
        names = (path or "").split(".")
        if not path or len(names) > (2 if dotted else 1) or not all(names):
            if dotted:
                message = _("Source %(source)s: %(label)s %(path)s must be a field or "
                            "a many2one followed by one field.")
            else:
                message = _("Source %(source)s: %(label)s %(path)s must be a field of "
                            "the source's model itself (no dotted path).")
            raise ValidationError(message % values)
        current = model
        field = None
        for i, name in enumerate(names):
            field = current._fields.get(name)
            inherited = field is not None and getattr(field, "inherited", False)
            if inherited and own:
                raise ValidationError(
                    _("Source %(source)s: %(label)s %(path)s must be stored on %(model)s "
                      "itself, not inherited from another model.")
                    % dict(values, model=current._name))
            if inherited:
                # _inherits: the value is stored on the parent record.
                field = self.env[field.related_field.model_name]._fields.get(name)
            if field is None or not field.store or (
                    not field.column_type and not (
                        field.type == "many2many" and types and "many2many" in types
                        and i == len(names) - 1)):
                raise ValidationError(
                    _("Source %(source)s: %(model)s has no stored field %(field)s (%(label)s).")
                    % {"source": self.name, "model": current._name, "field": name, "label": label}
                )
            if field.groups or _SECRET_FIELD.search(name):
                raise ValidationError(
                    _("Source %(source)s: %(label)s %(path)s is a protected field "
                      "(restricted to some groups, or a credential): a timeline cannot show it.")
                    % values)
            if i < len(names) - 1:
                if field.type != "many2one":
                    raise ValidationError(
                        _("Source %(source)s: %(field)s is not a many2one (%(label)s).")
                        % {"source": self.name, "field": name, "label": label}
                    )
                if field.comodel_name not in self.env:
                    raise ValidationError(
                        _("Source %(source)s: the model %(model)s of %(field)s is not "
                          "installed (%(label)s).")
                        % {"source": self.name, "model": field.comodel_name, "field": name,
                           "label": label})
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
        if not _MODEL_NAME.match(self.res_model or ""):
            raise ValidationError(
                _("Source %(source)s: %(model)r is not the technical name of a model "
                  "(e.g. sale.order).") % {"source": self.name, "model": self.res_model})
        if not self.model_installed:
            return
        model = self.env[self.res_model]
        if model._abstract or not model._auto or model._transient:
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
                        ("res.partner",), _("customer field"), dotted=False, own=True)
        elif self.link_kind == "document":
            self._field(model, self.ref_model_field or "", ("char", "selection"),
                        label=_("document model field"), dotted=False)
            self._field(model, self.ref_id_field or "", ("integer", "many2one_reference"),
                        label=_("document id field"), dotted=False)
        else:
            raise ValidationError(
                _("Source %(source)s: unknown link %(link)r.")
                % {"source": self.name, "link": self.link_kind})
        self._field(model, self.date_field, ("date", "datetime"), label=_("date field"),
                    dotted=False)
        if self.user_field:
            self._field(model, self.user_field, ("many2one",), ("res.users", "res.partner"),
                        _("employee field"), dotted=False)
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
            if not isinstance(domain, (list, tuple)):
                raise ValueError(_("a domain is a list"))
            model._where_calc(list(domain))
        except DOMAIN_ERRORS as error:
            raise ValidationError(
                _("Source %(source)s: the domain %(domain)s is invalid: %(error)s")
                % {"source": self.name, "domain": self.domain, "error": error}
            )
        self._check_domain_fields(model, domain)
        self._check_domain_runs(model, domain)

    def _check_domain_runs(self, model, domain):
        """The domain's SQL runs: a literal PostgreSQL refuses (a date that
        is not one) would otherwise fail every timeline."""
        query = model.sudo()._where_calc(list(domain))
        from_clause, where_clause, params = query.get_sql()
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute("SELECT 1 FROM %s WHERE %s LIMIT 1"
                                    % (from_clause, where_clause or "TRUE"), params)
        except psycopg2.Error as error:
            raise ValidationError(
                _("Source %(source)s: the domain %(domain)s is invalid: %(error)s")
                % {"source": self.name, "domain": self.domain,
                   "error": (error.pgerror or str(error)).strip()})

    def _check_domain_fields(self, model, domain):
        """A domain may not filter on a protected field (groups, credentials):
        which events show would tell their values."""
        for leaf in domain:
            if not isinstance(leaf, (list, tuple)) or len(leaf) != 3 or \
                    not isinstance(leaf[0], str):
                continue
            current = model
            for name in leaf[0].split("."):
                field = current._fields.get(name)
                if field is None:
                    break
                if field.groups or _SECRET_FIELD.search(name):
                    raise ValidationError(
                        _("Source %(source)s: the domain filters on the protected field "
                          "%(field)s.") % {"source": self.name, "field": leaf[0]})
                if not field.relational or field.comodel_name not in self.env:
                    break
                current = self.env[field.comodel_name]

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
        except SOURCE_ERRORS as error:
            self._mark_skipped(error)
            return False
        return True

    def _spec_or_skip(self):
        """This source's spec (see _spec) when it is usable, else None: a
        source broken after it was saved (its row edited by SQL, a field of
        an uninstalled module) is logged, marked and skipped, so that it
        never takes a whole timeline or header down."""
        self.ensure_one()
        if not self._usable():
            return None
        try:
            spec = self._spec()
        except SOURCE_ERRORS as error:
            self._mark_skipped(error)
            return None
        if self.state != "ok":
            self.sudo().write({"state": "ok", "last_error": False})
        return spec

    def _mark_skipped(self, error):
        """Log why this source is skipped and show it on the source (written
        only when it changes: the sources' rows stamp the specs' cache)."""
        self.ensure_one()
        message = getattr(error, "name", None) or str(error) or repr(error)
        _logger.warning("Customer 360 source %s (%s) skipped: %s", self.id, self.name, message)
        if self.state != "skipped" or self.last_error != message:
            self.sudo().write({"state": "skipped", "last_error": message})

    # ------------------------------------------------------------------
    # SQL
    # ------------------------------------------------------------------
    @api.model
    def _employee_partner_ids(self):
        """The employees' partners (crm_customer_base's definition: a
        contact of an internal user, archived included): an email from
        anyone else was received from outside. One query on res_users, so
        that a domain using it stays a short list (the former
        ('author_id.user_ids', '=', False) became 180,000 partner ids)."""
        # the definition's SQL is code, no user input
        self.env.cr.execute(  # pylint: disable=sql-injection
            "SELECT DISTINCT u.partner_id FROM res_users u WHERE u.partner_id IS NOT NULL "
            "AND %s ORDER BY u.partner_id" % definitions.sql_is_employee("u.partner_id"))
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

    @api.model
    def _summary_labels(self, spec):
        """{placeholder: {value: translated label}} for the selection fields
        of a source's summary template (``spec``, see _spec), so that
        summaries never show raw codes."""
        labels = {}
        for path in spec.placeholders:
            names = path.split(".")
            field = self.env[spec.res_model]._fields[names[0]]
            if len(names) == 2:
                field = self.env[field.comodel_name]._fields[names[1]]
            if field.type == "selection":
                labels[path] = dict(field._description_selection(self.env))
        return labels

    def _summary_shapes(self, spec):
        """(selection labels, HTML placeholders) of a source's summary: what
        the text search needs to match the summary as it is shown."""
        html = set()
        for path in spec.placeholders:
            names = path.split(".")
            field = self.env[spec.res_model]._fields[names[0]]
            if len(names) == 2:
                field = self.env[field.comodel_name]._fields[names[1]]
            if field.type == "html":
                html.add(path)
        return self._summary_labels(spec), html

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
            expr = definitions.sql_employee_user_id(expr)
        return expr

    @api.model
    def _path_readable(self, model_name, path):
        """May the current user read ``path`` (``field`` or
        ``many2one.field``) on ``model_name``: the access rights of each
        model on the path and the groups of each field."""
        model = self.env[model_name]
        user = self.env.user
        for name in path.split("."):
            field = model._fields.get(name)
            if field is None or not model.check_access_rights("read", raise_exception=False):
                return False
            if field.groups and self.env.uid != SUPERUSER_ID and \
                    not user.user_has_groups(field.groups):
                return False
            if field.type == "many2one":
                model = self.env[field.comodel_name]
        return True

    @api.model
    def _visible_specs(self, specs):
        """``specs`` as the current user may see them: a placeholder (or an
        amount) the user may not read is neither shown nor searched (see
        _path_readable). Each path is checked once per call."""
        checked, result = {}, []
        for spec in specs:
            paths = list(spec.placeholders) + ([spec.amount_path] if spec.amount_path else [])
            for path in paths:
                if (spec.res_model, path) not in checked:
                    checked[spec.res_model, path] = self._path_readable(spec.res_model, path)
            readable = {p for p in spec.placeholders if checked[spec.res_model, p]}
            amount = not spec.amount_path or checked[spec.res_model, spec.amount_path]
            result.append(timeline.visible_spec(spec, readable, amount))
        return result

    @api.model
    def _access_clauses(self, model):
        """(where clauses, params) that ``model``'s own access code adds to
        its record rules for the current user, where the SQL of a timeline
        or header reads the table directly (mail.message's _search and
        check_access_rule: a user who is not an employee, e.g. a portal
        user, never sees internal notes — messages without a subtype or
        with an internal one)."""
        if model._name == "mail.message" and model.env.uid != SUPERUSER_ID and \
                not model.env.user.has_group("base.group_user"):
            return (['"mail_message".subtype_id IN (SELECT id FROM mail_message_subtype '
                     'WHERE internal IS NOT TRUE)'], [])
        return [], []

    @api.model
    def _rule_clauses(self, model, rules):
        """(where clauses, params, tables) that the record rules of the
        user of ``model`` add to a query on it, evaluated once per model and
        user and kept in ``rules``, a dict that lives for one call (a
        timeline page, a header): evaluating a rule runs queries of its own
        (a company rule searches the child companies), and a call applies
        the rules of one model to a dozen parts."""
        key = (model._name, model.env.uid)
        if key not in rules:
            query = Query(['"%s"' % model._table])
            model._apply_ir_rules(query, "read")
            clauses, params = self._access_clauses(model)
            rules[key] = (
                list(query.where_clause) + clauses, list(query.where_clause_params) + params,
                list(query.tables))
        return rules[key]

    def _readable_query(self, model, domain, rules=None):
        """(from, where, params) of ``domain`` on ``model`` with the current
        user's record rules applied, or None if the user may not read it.
        ``rules``: see _rule_clauses (None: evaluated here)."""
        if not model.check_access_rights("read", raise_exception=False):
            return None
        query = model._where_calc(domain)
        self._apply_rules(model, query, rules)
        from_clause, where_clause, params = query.get_sql()
        return from_clause, where_clause or "TRUE", params

    def _apply_rules(self, model, query, rules):
        """The user's record rules added to ``query``, as _apply_ir_rules
        does, from ``rules`` (see _rule_clauses) when given."""
        if rules is None or model._inherits or model._transient:
            model._apply_ir_rules(query, "read")
            clauses, params = self._access_clauses(model)
            query.where_clause += clauses
            query.where_clause_params += params
            return
        # What _apply_ir_rules does for a model without _inherits.
        clauses, params, tables = self._rule_clauses(model, rules)
        query.where_clause += clauses
        query.where_clause_params += params
        for table in tables:
            if table not in query.tables:
                query.tables.append(table)

    def _source_domain(self):
        return self._eval_domain(self.domain)

    @api.model
    def _eval_domain(self, domain):
        """A source's domain (text) evaluated for the current user and time."""
        return safe_eval(domain or "[]", self._domain_context(domain))

    def _spec(self):
        """This source as a timeline.SourceSpec: its configuration and the
        SQL of its columns, which depend only on the source and the
        installed models (cached by res.partner._customer360_specs, so
        that a timeline page neither reads every field of every source nor
        builds their SQL again)."""
        self.ensure_one()
        model = self.env[self.res_model]
        table = model._table
        placeholders = tuple(sorted(set(_PLACEHOLDER.findall(self.summary_template or ""))))
        columns = [self._column(model, table, p) for p in placeholders]
        if self.link_kind == "partner":
            link = (self.partner_field,)
            condition = self._partner_condition(model, table, timeline.PARTNERS)
            ref_model = ref_id = None
        else:
            link = (self.ref_model_field, self.ref_id_field)
            condition = None
            ref_model = self._column(model, table, self.ref_model_field)
            ref_id = self._column(model, table, self.ref_id_field)
        try:
            # A literal domain is evaluated once, not on every call.
            domain_value = ast.literal_eval(self.domain or "[]")
        except (ValueError, SyntaxError, TypeError):
            domain_value = None
        return timeline.SourceSpec(
            id=self.id, name=self.name, res_model=self.res_model, table=table,
            link_kind=self.link_kind, link=link, department=self.department,
            event_type=self.event_type, template=self.summary_template or "",
            domain=self.domain or "[]", domain_value=domain_value,
            has_user=bool(self.user_field),
            placeholders=placeholders, date_sql=self._date_column(model, table),
            date_is_day=self._date_is_day(), user_sql=self._user_column(model, table),
            amount_sql=("(%s)::numeric" % self._column(model, table, self.amount_field)
                        if self.amount_field else "NULL::numeric"),
            currency_sql=(self._column(model, table, self.currency_field)
                          if self.currency_field else "NULL::integer"),
            values_sql=timeline.values_sql(columns), search_sql=timeline.search_sql(columns),
            partner_condition=condition, ref_model_sql=ref_model, ref_id_sql=ref_id,
            placeholder_sql=tuple(columns), amount_path=self.amount_field or None)

    def _partner_condition(self, model, table, partner_sql):
        """SQL condition: the record belongs to one of the customer's partners.

        ``partner_sql`` is a sub-select of the partner ids (no parameters)."""
        field = model._fields[self.partner_field]
        if field.type == "many2one":
            return '"%s"."%s" IN (%s)' % (table, self.partner_field, partner_sql)
        return 'EXISTS (SELECT 1 FROM "%s" rel WHERE rel."%s" = "%s".id AND rel."%s" IN (%s))' % (
            field.relation, field.column1, table, field.column2, partner_sql)

    @api.model
    def _blocks(self, specs, rules, filters, search):
        """A group of sources (``specs`` on one table with one link, see
        timeline.groups) as blocks of sources that share their parts:
        [(specs, from, where, params, [(spec, condition, params)])],
        ``where`` being the user's record rules (and the domain of a source
        alone) and each condition a source's domain and filters. A source
        whose domain joins another table has a block of its own. Nothing
        when the user may not read the model."""
        model = self.env[specs[0].res_model]
        if not model.check_access_rights("read", raise_exception=False):
            return []
        table = model._table
        mergeable = not model._inherits and not model._transient
        merged, blocks = [], []
        for spec in specs:
            conditions, params = timeline.filter_sql(
                spec, filters, search, *(self._summary_shapes(spec) if search else ()))
            try:
                if spec.domain_value is None:
                    domain = self._eval_domain(spec.domain)
                else:
                    domain = copy.deepcopy(spec.domain_value)
                # The domain is configuration (which rows are events), compiled
                # as superuser: a path through a model the user may not read
                # (stock.picking's picking_type_code for a portal user) must
                # not fail; the user's rights and rules are applied below.
                query = model.sudo()._where_calc(domain)
            except DOMAIN_ERRORS as error:
                # A domain that fails for this user or today: this source
                # is skipped, the others still show.
                self.sudo().browse(spec.id)._mark_skipped(error)
                continue
            if mergeable and query.tables == ['"%s"' % table] and not query.joins:
                merged.append((
                    spec,
                    " AND ".join("(%s)" % c for c in query.where_clause + conditions) or "TRUE",
                    query.where_clause_params + params))
                continue
            self._apply_rules(model, query, rules)
            from_clause, where_clause, where_params = query.get_sql()
            blocks.append(([spec], from_clause, where_clause or "TRUE", where_params, [(
                spec, " AND ".join(["TRUE"] + ["(%s)" % c for c in conditions]), params)]))
        if merged:
            clauses, rule_params, tables = self._rule_clauses(model, rules)
            from_clause, where_clause, where_params = Query(
                list(tables), list(clauses), list(rule_params)).get_sql()
            blocks.insert(0, ([m[0] for m in merged], from_clause, where_clause or "TRUE",
                              where_params, merged))
        return blocks

    @api.model
    def _key_parts(self, specs, partner_sql, targets, limit, rules, filters=None, search="",
                   cursor=None):
        """The keys of the newest ``limit`` events of a group of sources
        (``specs`` on one table with one link, see timeline.groups) as
        blocks [(specs, parts, params)] (see timeline.part_sql), under the
        user's access rights and record rules. A document source has one
        part per target model (see _targets), each on the (model, res_id)
        index (an OR of the targets scanned the whole table); a customer
        source has one part."""
        filters = filters or {}
        departments = filters.get("departments")
        spec = specs[0]
        if spec.link_kind == "partner":
            links = [(spec.res_model, None, '"%s".id' % spec.table,
                      timeline.partner_condition(spec, partner_sql), [])]
        else:
            links = [(target_model, target_department, spec.ref_id_sql,
                      "%s = %%s AND %s IN (%s)" % (spec.ref_model_sql, spec.ref_id_sql,
                                                  target_sql),
                      [target_model] + list(target_params))
                     for target_model, target_department, target_sql, target_params in targets]
        if not links:
            return []
        blocks = []
        for block_specs, from_clause, where_clause, where_params, matches in self._blocks(
                specs, rules, filters, search):
            parts, params = [], []
            for link in links:
                kept = matches
                if link[1] is None and departments:
                    # Rows on the customer itself take the source's department.
                    kept = [m for m in matches if m[0].department in departments]
                if kept:
                    sql, sql_params = timeline.part_sql(
                        kept, from_clause, where_clause, where_params, link, limit, cursor)
                    parts.append(sql)
                    params += sql_params
            if parts:
                blocks.append((block_specs, parts, params))
        return blocks

    @api.model
    def _targets_present(self, specs, targets):
        """{source id: the targets whose model occurs in the source's table},
        for the document sources ``specs``. A part for a document model
        that no row of the table references returns nothing: leaving it
        out keeps the result and saves its planning (six document sources
        times every target model). One index probe per model, one query per
        table and reference column."""
        present, by_table = {}, {}
        for spec in specs:
            by_table.setdefault((spec.table, spec.ref_model_sql), []).append(spec.id)
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
    def _targets(self, specs, partner_sql, rules=None):
        """Documents that messages and activities may point to: the customer's
        partners themselves and the records of every readable partner-kind
        source model (``specs``), as (model, department, id sub-select,
        params)."""
        targets = []
        partner = self.env["res.partner"]
        readable = self._readable_query(partner, [], rules)
        if readable:
            from_clause, where_clause, params = readable
            targets.append((
                "res.partner", None,
                'SELECT "res_partner".id FROM %s WHERE (%s) AND "res_partner".id IN (%s)'
                % (from_clause, where_clause, partner_sql),
                params,
            ))
        seen = {"res.partner"}
        for spec in specs:
            if spec.link_kind != "partner" or spec.res_model in seen:
                continue
            seen.add(spec.res_model)
            readable = self._readable_query(self.env[spec.res_model], [], rules)
            if not readable:
                continue
            from_clause, where_clause, params = readable
            targets.append((
                spec.res_model, spec.department,
                'SELECT "%s".id FROM %s WHERE (%s) AND %s' % (
                    spec.table, from_clause, where_clause,
                    timeline.partner_condition(spec, partner_sql)),
                params,
            ))
        return targets

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules import kpi

# ids are PostgreSQL integers; more than MAX_IDS at once is not a filter
MAX_IDS = 10000


class CrmServiceKpiMixin(models.AbstractModel):
    """Checks and SQL building blocks shared by the KPI queries (service
    summary, sales summary, dashboard, scorecards): period and id checks,
    the user's record rules as SQL, the grouping key."""

    _name = "crm.service.kpi.mixin"
    _description = "Service KPI Helpers"

    @api.model
    def _kpi_gettext(self, source):
        # _() finds the language through this frame's ``self``
        return _(source)

    @api.model
    def _kpi_check_period(self, date_from, date_to):
        """(date_from, date_to) as dates (kpi.check_period), UserError if invalid."""
        try:
            return kpi.check_period(date_from, date_to, self._kpi_gettext)
        except kpi.PeriodError as error:
            raise UserError(error.args[0])

    @api.model
    def _kpi_period_bounds(self, d_from, d_to):
        """UTC (start, end) strings of the whole local days d_from..d_to."""
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        start, end = (fields.Datetime.to_string(d)
                      for d in kpi.period_bounds(d_from, d_to, tz))
        return start, end

    @api.model
    def _kpi_check_ids(self, model, ids, label):
        """``ids`` (None, an id or a list of ids of ``model``) as a list of
        distinct existing ids; UserError otherwise."""
        if ids in (None, False):
            return []
        if isinstance(ids, int) and not isinstance(ids, bool):
            ids = [ids]
        if not isinstance(ids, (list, tuple)) or len(ids) > MAX_IDS or not all(
                isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise UserError(_("%(label)s must be a list of ids, not %(value)s.") % {
                "label": label, "value": kpi.short_repr(ids)})
        wrong = [i for i in ids if not kpi.ids_in_range([i])]
        if wrong:
            raise UserError(_("Unknown %(label)s: %(ids)s.") % {
                "label": label, "ids": kpi.short_repr(wrong)})
        ids = list(set(ids))
        found = self.env[model].sudo().with_context(active_test=False).browse(ids).exists()
        missing = sorted(set(ids) - set(found.ids))
        if missing:
            raise UserError(_("Unknown %(label)s: %(ids)s.") % {
                "label": label, "ids": ", ".join(str(i) for i in missing)})
        return ids

    @api.model
    def _kpi_rule_sql(self, model, domain, active_test=True):
        """(from, where, params) of ``model`` for the domain and the user's
        rules; archived records included when not ``active_test``."""
        Model = self.env[model]
        if not active_test:
            Model = Model.with_context(active_test=False)
        query = Model._where_calc(domain, active_test=active_test)
        Model._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        return from_clause, where_clause or "TRUE", list(params)

    @api.model
    def _kpi_check_choice(self, value, choices, message):
        """``value`` if it is one of ``choices`` (hashable values), else a
        UserError with ``message`` % {"value": short repr of value}."""
        try:
            found = value in choices
        except TypeError:       # unhashable: a list, a dict
            found = False
        if found:
            return value
        raise UserError(message % {"value": kpi.short_repr(value)})

    @api.model
    def _kpi_group_key(self, table, column):
        """SQL of a grouping key: ``table.column``, NULL without column."""
        if not column:
            return sql.SQL("NULL::integer")
        return sql.SQL("{}.{}").format(sql.Identifier(table), sql.Identifier(column))

    @api.model
    def _kpi_fetch_by_key(self, query, params):
        """Rows of ``query`` by their ``key`` column: {key: row}."""
        self.env.cr.execute(query, params)
        return {row.pop("key"): row for row in self.env.cr.dictfetchall()}

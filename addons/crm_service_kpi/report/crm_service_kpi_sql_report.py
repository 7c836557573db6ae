# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import api, models, tools


class CrmServiceKpiSqlReport(models.AbstractModel):
    """Base of the KPI analysis reports backed by an SQL view: the view is
    ``_query()`` (an SQL composable), recreated on every module update; the
    customer's loyalty tier comes from ``_tier_join``."""

    _name = "crm.service.kpi.sql.report"
    _description = "Service KPI SQL Report"

    def _query(self):
        """The SELECT of the view (psycopg2.sql composable)."""
        raise NotImplementedError()

    def _tier_join(self, partner_column, company_column):
        """(select expression, joins) of the loyalty tier name of the
        commercial partner of ``partner_column`` in the company of
        ``company_column`` (SQL text, e.g. 't.partner_id', 't.company_id'):
        the tier of the customer's membership of that company's program
        (crm_loyalty keeps one per company), NULL when crm_loyalty is not
        installed or the customer has no tier there. The joins name the
        partner ``p`` and its commercial partner ``cp``."""
        joins = sql.SQL("""
            LEFT JOIN res_partner p ON p.id = {partner}
            LEFT JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
        """).format(partner=sql.SQL(partner_column))
        if "crm.loyalty.membership" not in self.env:
            return sql.SQL("NULL::varchar"), joins
        return (sql.SQL("tier.name::varchar"), joins + sql.SQL("""
            LEFT JOIN crm_loyalty_membership lm
                   ON lm.partner_id = cp.id AND lm.company_id = {company}
            LEFT JOIN crm_loyalty_tier tier ON tier.id = lm.tier_id
        """).format(company=sql.SQL(company_column)))

    @api.model
    def _domain_field_names(self, domain):
        """Fields of this model a domain filters on (first part of each path)."""
        names = set()
        for leaf in domain or []:
            if isinstance(leaf, (list, tuple)) and leaf and isinstance(leaf[0], str):
                name = leaf[0].split(".")[0]
                if name in self._fields:
                    names.add(name)
        return names

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        """No filtering on fields the user may not read (Odoo 11 does not
        check a field's ``groups`` in a domain: counting would reveal them)."""
        self.check_field_access_rights("read", sorted(self._domain_field_names(args)))
        return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                               access_rights_uid=access_rights_uid)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        """read_group, which does not check the fields' ``groups`` in Odoo 11,
        here refuses aggregates and groupings on fields the user may not read,
        as ``read`` does."""
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        names = set()
        for spec in list(fields or []) + groupby:
            if isinstance(spec, str):
                name = spec.split(":")[0].split("(")[-1].strip(" )")
                if name in self._fields:
                    names.add(name)
        names.update(self._domain_field_names(domain))
        self.check_field_access_rights("read", sorted(names))
        groups = super().read_group(domain, fields, groupby, offset=offset, limit=limit,
                                    orderby=orderby, lazy=lazy)
        # a measure without any value (e.g. the resolution of open tickets
        # only) is missing: False, shown empty, not None (shown 0.00)
        floats = [name for name, field in self._fields.items()
                  if field.type in ("float", "monetary")]
        for group in groups:
            for name in floats:
                if name in group and group[name] is None:
                    group[name] = False
        return groups

    @api.model_cr
    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(sql.SQL("CREATE OR REPLACE VIEW {} AS ({})").format(
            sql.Identifier(self._table), self._query()))

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import _, api, models
from odoo.addons.crm_customer_base.rules import definitions

from ..rules import kpi, sales_kpi

# group_by value -> column of (lead, order, campaign) giving the group key
_GROUP_COLUMNS = {
    None: (None, None, None),
    "user": ("user_id", "user_id", "user_id"),
    "team": ("team_id", "team_id", "team_id"),
}


class CrmServiceKpiSales(models.AbstractModel):
    """Sales and marketing KPIs of a period (RPC ``sales_summary``).

    Formulas in rules/sales_kpi.py and readme/USAGE.rst. Every figure comes
    from a set-based SQL query built on the records the user may read
    (``_where_calc`` + ``_apply_ir_rules`` of crm.lead, sale.order,
    account.invoice and utm.campaign): three queries whatever the data size,
    also when grouped by salesperson or sales team."""

    _name = "crm.service.kpi.sales"
    _inherit = "crm.service.kpi.mixin"
    _description = "Sales and Marketing KPIs"

    @api.model
    def sales_summary(self, date_from, date_to, sales_team_ids=None, user_ids=None):
        """Sales and marketing KPIs of a period, as a dict (RPC contract).

        ``date_from`` / ``date_to``: 'YYYY-MM-DD', whole days in the user's
        time zone, both included. ``sales_team_ids`` / ``user_ids``: optional
        lists of crm.team / res.users ids: leads, opportunities and orders of
        these sales teams / salespeople; campaign figures of the campaigns of
        these sales teams / whose responsible is one of these users.

        Keys: lead_count, lead_response_hours_avg, won_count, lost_count,
        win_rate_pct, delivery_lead_days_avg, delivered_count,
        campaign_revenue, campaign_cost, campaign_roi_pct,
        ticket_opportunity_revenue, ticket_opportunity_count, date_from,
        date_to (formulas in rules/sales_kpi.py). Only records the user may
        read count. A figure without data is missing: ``False`` (Odoo's "no
        value"; never None, which XML-RPC refuses, and never 0).
        """
        res = self._sales_summary_grouped(
            date_from, date_to, group_by=None, sales_team_ids=sales_team_ids,
            user_ids=user_ids)
        return kpi.rpc_safe(res[None])

    @api.model
    def sales_summary_grouped(self, date_from, date_to, group_by=None,
                              sales_team_ids=None, user_ids=None):
        """Like :meth:`sales_summary`, one dict per salesperson (group_by
        'user') or sales team ('team'), keyed by its id (False: none); the
        same three queries as the plain summary.

        RPC form (XML-RPC and JSON-RPC alike): keys are strings (the id as
        text, "false" for none, "null" without group_by), missing figures
        False."""
        return kpi.rpc_safe(self._sales_summary_grouped(
            date_from, date_to, group_by, sales_team_ids, user_ids))

    @api.model
    def _sales_summary_grouped(self, date_from, date_to, group_by=None,
                               sales_team_ids=None, user_ids=None):
        """sales_summary_grouped for Python callers: integer keys (False:
        none; None without group_by), missing figures None."""
        self._kpi_check_choice(group_by, _GROUP_COLUMNS, _(
            "Sales KPIs can be grouped by user or team, not %(value)s."))
        res = self._sales_summaries([(date_from, date_to)], sales_team_ids, user_ids, group_by)
        return {key: rows[0] for key, rows in res.items()}

    @api.model
    def _sales_period_summaries(self, periods, sales_team_ids=None, user_ids=None):
        """[sales_summary dict of each (date_from, date_to) of ``periods``],
        in the same three queries as one summary (the dashboard's period and
        previous period)."""
        return self._sales_summaries(periods, sales_team_ids, user_ids, None)[None]

    @api.model
    def _sales_summaries(self, periods, sales_team_ids, user_ids, group_by):
        """{key: [sales_summary dict of each period]}: key = the salesperson
        or sales team (False: none) with ``group_by``, else None. Three
        queries whatever the number of periods: each figure of period ``j``
        is a column with suffix ``_j``."""
        periods = [self._kpi_check_period(d_from, d_to) for d_from, d_to in periods]
        sales_team_ids = self._kpi_check_ids("crm.team", sales_team_ids, _("sales teams"))
        user_ids = self._kpi_check_ids("res.users", user_ids, _("users"))
        args = {}
        for j, (d_from, d_to) in enumerate(periods):
            start, end = self._kpi_period_bounds(d_from, d_to)
            args.update({"start_%d" % j: start, "end_%d" % j: end,
                         "date_from_%d" % j: str(d_from), "date_to_%d" % j: str(d_to)})
        domain = []
        if sales_team_ids:
            domain.append(("team_id", "in", sales_team_ids))
        if user_ids:
            domain.append(("user_id", "in", user_ids))
        lead_col, order_col, campaign_col = _GROUP_COLUMNS[group_by]
        count = len(periods)
        leads = self._sales_lead_aggregates(domain, args, count, lead_col)
        deliveries = self._sales_delivery_aggregates(domain, args, count, order_col)
        campaigns = self._sales_campaign_aggregates(domain, args, count, campaign_col)
        keys = set(leads) | set(deliveries) | set(campaigns)
        if group_by is None:
            keys = {None}
        res = {}
        for key in keys:
            rows = []
            for j, (d_from, d_to) in enumerate(periods):
                row = sales_kpi.sales_summary(*(
                    self._sales_period_row(figures.get(key), j)
                    for figures in (leads, deliveries, campaigns)))
                row.update(date_from=str(d_from), date_to=str(d_to))
                rows.append(row)
            res[key if group_by is None else (key or False)] = rows
        return res

    @staticmethod
    def _sales_period_row(row, j):
        """The figures of period ``j`` of an aggregate row (columns
        ``<name>_<j>``) without the suffix; None without row."""
        if row is None:
            return None
        suffix = "_%d" % j
        return {name[:-len(suffix)]: value for name, value in row.items()
                if name.endswith(suffix)}

    @staticmethod
    def _sales_columns(template, count, **names):
        """``template`` (psycopg2.sql text with {j} in its placeholders and
        column names) once per period, joined with commas."""
        return sql.SQL(",").join(
            sql.SQL(template.replace("{j}", str(j))).format(**names) for j in range(count))

    @staticmethod
    def _sales_any(template, count):
        """``template`` (SQL text with {j}) of any period: (t_0 OR t_1 ...)."""
        return sql.SQL("({})").format(sql.SQL(" OR ").join(
            sql.SQL(template.replace("{j}", str(j))) for j in range(count)))

    @api.model
    def _sales_lead_aggregates(self, domain, period, count, key_column):
        if not self.env["crm.lead"].check_access_rights("read", raise_exception=False):
            return {}
        from_clause, where_clause, params = self._kpi_rule_sql(
            "crm.lead", domain, active_test=False)
        where_clause, args = self._sales_number(from_clause, where_clause, params, "p")
        comment = self.env.ref("mail.mt_comment").id
        flags = self._sales_columns("""
                       ("crm_lead".create_date >= %(start_{j})s
                        AND "crm_lead".create_date < %(end_{j})s) AS created_{j},
                       ("crm_lead".type = 'opportunity'
                        AND "crm_lead".date_closed >= %(start_{j})s
                        AND "crm_lead".date_closed < %(end_{j})s) AS closed_{j}""", count)
        figures = self._sales_columns("""
                   count(*) FILTER (WHERE created_{j}) AS lead_count_{j},
                   sum(GREATEST(EXTRACT(EPOCH FROM (first_date - create_date)), 0) / 3600.0)
                       FILTER (WHERE created_{j} AND first_date IS NOT NULL) AS resp_sum_{j},
                   count(*) FILTER (WHERE created_{j} AND first_date IS NOT NULL)
                       AS resp_count_{j},
                   count(*) FILTER (WHERE closed_{j} AND won) AS won_{j},
                   count(*) FILTER (WHERE closed_{j} AND lost) AS lost_{j},
                   sum(planned_revenue) FILTER (
                       WHERE closed_{j} AND won AND ticket_id IS NOT NULL) AS ticket_revenue_{j},
                   count(*) FILTER (WHERE closed_{j} AND won AND ticket_id IS NOT NULL)
                       AS ticket_won_{j}""", count)
        query = sql.SQL("""
            WITH l AS (
                SELECT "crm_lead".id, "crm_lead".create_date, "crm_lead".date_closed,
                       "crm_lead".active, "crm_lead".probability, "crm_lead".type,
                       "crm_lead".planned_revenue, "crm_lead".ticket_id,
                       "crm_lead".partner_id, {key} AS key,{flags}
                  FROM {from_clause}
                 WHERE {where_clause}
            ), answered AS (
                SELECT m.res_id, min(m.date) AS first_date
                  FROM mail_message m
                  JOIN l ON l.id = m.res_id AND {created}
                 WHERE m.model = 'crm.lead'
                   AND m.author_id IS NOT NULL
                   AND m.author_id IS DISTINCT FROM l.partner_id
                   AND ((m.message_type IN ('email', 'comment')
                         AND m.subtype_id = %(comment)s)
                        OR m.mail_activity_type_id IS NOT NULL)
                   AND {employee}
                 GROUP BY m.res_id
            ), f AS (
                SELECT l.*, a.first_date,
                       (l.active AND l.probability >= 100) AS won,
                       (NOT l.active AND l.probability = 0) AS lost
                  FROM l LEFT JOIN answered a ON a.res_id = l.id
            )
            SELECT key,{figures}
              FROM f
             GROUP BY key
        """).format(key=self._kpi_group_key("crm_lead", key_column), flags=flags,
                    created=self._sales_any("l.created_{j}", count), figures=figures,
                    employee=sql.SQL(definitions.sql_is_employee("m.author_id")),
                    from_clause=sql.SQL(from_clause), where_clause=sql.SQL(where_clause))
        return self._kpi_fetch_by_key(query, dict(period, comment=comment, **args))

    @api.model
    def _sales_delivery_aggregates(self, domain, period, count, key_column):
        if not self.env["sale.order"].check_access_rights("read", raise_exception=False):
            return {}
        from_clause, where_clause, params = self._kpi_rule_sql(
            "sale.order", domain, active_test=False)
        where_clause, args = self._sales_number(from_clause, where_clause, params, "p")
        figures = self._sales_columns("""
                   count(*) FILTER (
                       WHERE d.done_date >= %(start_{j})s AND d.done_date < %(end_{j})s)
                       AS delivered_{j},
                   sum(GREATEST(EXTRACT(EPOCH FROM (d.done_date - o.confirmation_date)), 0)
                       / 86400.0) FILTER (
                       WHERE d.done_date >= %(start_{j})s AND d.done_date < %(end_{j})s)
                       AS days_sum_{j}""", count)
        # an order counts in a period when its last done delivery is in it:
        # it has a done delivery in one of the periods (c), then all its
        # deliveries decide (d); indexes in crm.service.kpi.dashboard.init
        query = sql.SQL("""
            WITH c AS (
                SELECT p.sale_id
                  FROM stock_picking p
                  JOIN stock_picking_type pt ON pt.id = p.picking_type_id
                 WHERE pt.code = 'outgoing' AND p.state = 'done'
                   AND p.date_done >= %(first_start)s AND p.date_done < %(last_end)s
            ), o AS (
                SELECT "sale_order".id, "sale_order".confirmation_date, {key} AS key
                  FROM {from_clause}
                 WHERE {where_clause}
                   AND {purchase_order}
                   AND "sale_order".confirmation_date IS NOT NULL
                   AND "sale_order".id IN (SELECT c.sale_id FROM c)
            ), d AS (
                SELECT p.sale_id,
                       max(p.date_done) FILTER (WHERE p.state = 'done') AS done_date,
                       bool_and(p.state IN ('done', 'cancel')) AS finished
                  FROM stock_picking p
                  JOIN stock_picking_type pt ON pt.id = p.picking_type_id
                  JOIN o ON o.id = p.sale_id
                 WHERE pt.code = 'outgoing'
                 GROUP BY p.sale_id
            )
            SELECT o.key,{figures}
              FROM o JOIN d ON d.sale_id = o.id
             WHERE d.finished AND {in_period}
             GROUP BY o.key
        """).format(key=self._kpi_group_key("sale_order", key_column), figures=figures,
                    purchase_order=sql.SQL(definitions.sql_is_purchase_order(
                        '"sale_order".state')),
                    in_period=self._sales_any(
                        "(d.done_date >= %(start_{j})s AND d.done_date < %(end_{j})s)", count),
                    from_clause=sql.SQL(from_clause), where_clause=sql.SQL(where_clause))
        window = dict(first_start=min(period["start_%d" % j] for j in range(count)),
                      last_end=max(period["end_%d" % j] for j in range(count)))
        return self._kpi_fetch_by_key(query, dict(period, **dict(window, **args)))

    @api.model
    def _sales_campaign_aggregates(self, domain, period, count, key_column):
        Campaign = self.env["utm.campaign"]
        if not Campaign.check_access_rights("read", raise_exception=False):
            return {}
        c_from, c_where, c_params = self._kpi_rule_sql("utm.campaign", domain, active_test=False)
        can_invoice = self.env["account.invoice"].check_access_rights(
            "read", raise_exception=False)
        can_lead = self.env["crm.lead"].check_access_rights("read", raise_exception=False)
        i_from, i_where, i_params = self._kpi_rule_sql("account.invoice", [], active_test=False)
        l_from, l_where, l_params = self._kpi_rule_sql("crm.lead", [], active_test=False)
        if not can_invoice:
            i_where, i_params = "FALSE", []
        if not can_lead:
            l_where, l_params = "FALSE", []
        # three rule-filtered subqueries: number their placeholders apart
        c_query, c_args = self._sales_number(c_from, c_where, c_params, "c")
        i_query, i_args = self._sales_number(i_from, i_where, i_params, "i")
        l_query, l_args = self._sales_number(l_from, l_where, l_params, "l")
        invoiced = """("account_invoice".date_invoice >= %(date_from_{j})s
                       AND "account_invoice".date_invoice <= %(date_to_{j})s)"""
        closed = """("crm_lead".date_closed >= %(start_{j})s
                       AND "crm_lead".date_closed < %(end_{j})s)"""
        query = sql.SQL("""
            WITH c AS (
                SELECT "utm_campaign".id, COALESCE("utm_campaign".cost, 0) AS cost,
                       COALESCE("utm_campaign".date_start,
                                ("utm_campaign".create_date AT TIME ZONE 'UTC'
                                 AT TIME ZONE %(tz)s)::date) AS cost_date,
                       {key} AS key
                  FROM {c_from} WHERE {c_where}
            ), inv AS (
                SELECT "account_invoice".campaign_id,{inv_amounts}
                  FROM {i_from}
                 WHERE {i_where}
                   AND "account_invoice".campaign_id IS NOT NULL
                   AND {revenue_invoice}
                   AND {any_invoiced}
                 GROUP BY "account_invoice".campaign_id
            ), opp AS (
                SELECT "crm_lead".campaign_id,{opp_amounts}
                  FROM {l_from}
                 WHERE {l_where}
                   AND "crm_lead".campaign_id IS NOT NULL
                   AND "crm_lead".type = 'opportunity'
                   AND "crm_lead".active AND "crm_lead".probability >= 100
                   AND {any_closed}
                   AND {not_invoiced}
                 GROUP BY "crm_lead".campaign_id
            )
            SELECT c.key,{figures}
              FROM c
              LEFT JOIN inv ON inv.campaign_id = c.id
              LEFT JOIN opp ON opp.campaign_id = c.id
             GROUP BY c.key
        """).format(key=self._kpi_group_key("utm_campaign", key_column),
                    revenue_invoice=sql.SQL(definitions.sql_is_revenue_invoice(
                        '"account_invoice".type', '"account_invoice".state')),
                    inv_amounts=self._sales_columns("""
                       sum(%s) FILTER (
                           WHERE %s) AS amount_{j}""" % (
                        definitions.sql_net_revenue_amount(
                            '"account_invoice".amount_untaxed_signed'), invoiced), count),
                    any_invoiced=self._sales_any(invoiced, count),
                    opp_amounts=self._sales_columns("""
                       sum("crm_lead".planned_revenue) FILTER (WHERE %s) AS amount_{j}"""
                                                    % closed, count),
                    any_closed=self._sales_any(closed, count),
                    figures=self._sales_columns("""
                   sum(inv.amount_{j}) AS invoiced_{j},
                   sum(opp.amount_{j}) AS opportunity_revenue_{j},
                   sum(c.cost) FILTER (WHERE c.cost_date >= %(date_from_{j})s
                                         AND c.cost_date <= %(date_to_{j})s) AS cost_{j}""",
                                                count),
                    not_invoiced=sql.SQL(sales_kpi.OPPORTUNITY_NOT_INVOICED_SQL).format(
                        lead=sql.Identifier("crm_lead")),
                    c_from=sql.SQL(c_from), c_where=sql.SQL(c_query),
                    i_from=sql.SQL(i_from), i_where=sql.SQL(i_query),
                    l_from=sql.SQL(l_from), l_where=sql.SQL(l_query))
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        args = dict(period, tz=tz, **c_args)
        args.update(i_args)
        args.update(l_args)
        return self._kpi_fetch_by_key(query, args)

    # -- placeholders: the ORM's where clauses use positional %s, the queries
    # above named ones; positional ones are renamed <prefix>0, <prefix>1...
    @staticmethod
    def _sales_rename(text, count, prefix):
        parts = text.split("%s")
        if len(parts) - 1 != count:
            raise ValueError("placeholder count mismatch")
        out = parts[0]
        for i, part in enumerate(parts[1:]):
            out += "%%(%s%d)s" % (prefix, i) + part
        return out

    @api.model
    def _sales_number(self, from_clause, where_clause, params, prefix):
        """The where clause with its positional placeholders renamed
        ``<prefix>0, <prefix>1...`` and the matching dict of values."""
        if "%s" in from_clause:
            raise ValueError("unexpected placeholder in a FROM clause")
        where = self._sales_rename(where_clause, len(params), prefix)
        return where, {"%s%d" % (prefix, i): v for i, v in enumerate(params)}

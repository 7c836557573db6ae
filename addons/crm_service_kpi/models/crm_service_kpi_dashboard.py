# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.addons.crm_customer_base.rules import definitions

from ..rules import kpi, kpi_catalog
from ..rules import dashboard as rules

_logger = logging.getLogger(__name__)

DIGEST_PARAM = "crm_service_kpi.kpi_digest_manager_weeks"


class CrmServiceKpiDashboard(models.AbstractModel):
    """Data of the KPI dashboard (client action ``crm_service_kpi.dashboard``)
    and the weekly KPI digest.

    Figures come from ``helpdesk.ticket.kpi_summary`` and, when installed,
    ``crm.service.kpi.sales.sales_summary`` (both apply the user's record
    rules); the monthly series from two grouped SQL queries on the same rules;
    targets from ``crm.service.kpi.target``. Rules (previous period, trend,
    series months, digest weeks) in rules/dashboard.py.

    Users who are not helpdesk managers see the figures of the helpdesk
    teams they belong to or lead (or, without a team, their own tickets)."""

    _name = "crm.service.kpi.dashboard"
    _inherit = "crm.service.kpi.mixin"
    _description = "Service KPI Dashboard"

    @api.model_cr
    def init(self):
        """Indexes of the sales figures (crm.service.kpi.sales):

        * the opportunity of sales orders: the campaign revenue
          (sales_kpi.OPPORTUNITY_NOT_INVOICED_SQL, a NOT EXISTS from the won
          leads to their orders' invoices) otherwise hashes every order,
          order line and invoice line (1.4 s of a 4 s dashboard at 100,000
          customers, once per period); with it, a nested loop from the few
          leads of the period;
        * the done date of done deliveries and the order of deliveries: the
          delivery lead time starts from the deliveries done in the periods
          and reads the other deliveries of their orders only, not every
          delivery of every order of the salesperson.
        """
        res = super(CrmServiceKpiDashboard, self).init()
        cr = self.env.cr
        for table, name, column, where in (
                ("sale_order", "sale_order_opportunity_id_kpi_index", "opportunity_id", ""),
                ("stock_picking", "stock_picking_sale_id_kpi_index", "sale_id", ""),
                ("stock_picking", "stock_picking_date_done_kpi_index", "date_done",
                 " WHERE state = 'done'")):
            if tools.column_exists(cr, table, column) and not tools.index_exists(cr, name):
                # identifiers and predicate from the tuple above, no input
                cr.execute(  # pylint: disable=sql-injection
                    'CREATE INDEX "%s" ON "%s" ("%s")%s' % (name, table, column, where))
        return res

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    @api.model
    def _has_sales(self):
        """Sales KPIs installed and readable: users who may not read leads,
        orders, invoices and campaigns see the sales tiles without data."""
        if "crm.service.kpi.sales" not in self.env or not hasattr(
                self.env["crm.service.kpi.sales"], "sales_summary"):
            return False
        return all(
            self.env[model].check_access_rights("read", raise_exception=False)
            for model in ("crm.lead", "sale.order", "account.invoice", "utm.campaign"))

    @api.model
    def _has_service(self):
        """Service KPIs readable: users who may not read tickets and feedback
        (salespeople) see the service tiles without data."""
        return all(
            self.env[model].check_access_rights("read", raise_exception=False)
            for model in ("helpdesk.ticket", "crm.service.feedback"))

    @api.model
    def _is_kpi_manager(self):
        return self.env.user.has_group("helpdesk_mgmt.group_helpdesk_manager")

    @api.model
    def _allowed_team_ids(self):
        """Helpdesk teams whose figures the user may see; None = all readable."""
        if self._is_kpi_manager():
            return None
        uid = self.env.uid
        return self.env["helpdesk.ticket.team"].search(
            ["|", ("user_ids", "in", [uid]), ("leader_id", "=", uid)]).ids

    @api.model
    def _scope(self, team_ids, user_ids, sales_team_ids):
        """Checked (team_ids, user_ids, sales_team_ids) of the service and
        sales figures, restricted to what the user may see."""
        team_ids = self._kpi_check_ids("helpdesk.ticket.team", team_ids, _("teams"))
        user_ids = self._kpi_check_ids("res.users", user_ids, _("users"))
        sales_team_ids = self._kpi_check_ids("crm.team", sales_team_ids, _("sales teams"))
        allowed = self._allowed_team_ids()
        service_users = user_ids
        if allowed is not None:
            refused = sorted(set(team_ids) - set(allowed))
            if refused:
                names = self.env["helpdesk.ticket.team"].sudo().browse(refused).mapped("name")
                raise UserError(_("You can only see the KPIs of your own teams, not of "
                                  "%(teams)s.") % {"teams": ", ".join(names)})
            if not team_ids:
                team_ids = allowed
            if not team_ids:
                # no team: one's own tickets only
                service_users = [self.env.uid]
        return team_ids, service_users, user_ids, sales_team_ids

    @api.model
    def _summaries(self, periods, team_ids, service_user_ids, user_ids, sales_team_ids,
                   with_sales=True, series_to=None):
        """[{code: value} of every catalogue KPI] for each (date_from, date_to)
        of ``periods`` (sales ones missing without the sales KPIs model or
        without ``with_sales``), and with ``series_to`` the monthly values
        (kpi.summary dicts) of the 12 months ending with its month (cut at
        ``series_to``), else None. The service figures of all periods and
        months come from one pass over the tickets and one over the feedback
        (helpdesk.ticket._kpi_period_summaries), the sales figures of all
        periods from the three queries of one sales summary
        (crm.service.kpi.sales._sales_period_summaries); the user's record
        rules apply to both."""
        Ticket = self.env["helpdesk.ticket"]
        bounds = [self._kpi_period_bounds(d_from, d_to) for d_from, d_to in periods]
        buckets = [(start, end, True) for start, end in bounds]
        if series_to:
            buckets += [(start, end, False) for start, end in self._series_bounds(series_to)]
        if self._has_service():
            domain = Ticket._kpi_scope_domain(team_ids, service_user_ids)
            summaries = Ticket._kpi_period_summaries(domain, buckets).get(None) or [
                kpi.summary({}, {}) for _bucket in buckets]
        else:
            summaries = [dict.fromkeys(kpi.SUMMARY_KEYS) for _bucket in buckets]
        sales = [{} for _period in periods]
        if with_sales and self._has_sales():
            sales = self.env["crm.service.kpi.sales"]._sales_period_summaries(
                periods, sales_team_ids=sales_team_ids or None, user_ids=user_ids or None)
        res = []
        for (d_from, d_to), values, sales_values in zip(periods, summaries, sales):
            values.update(date_from=str(d_from), date_to=str(d_to))
            values.update(sales_values)
            res.append(values)
        return res, (summaries[len(periods):] if series_to else None)

    @api.model
    def _targets(self, d_from, d_to, team_ids, user_ids, sales_team_ids):
        """{code: target} for the scope of the filters: one employee, else one
        team (service) / one sales team (sales, marketing), else the company;
        no target when several teams or employees are chosen."""
        if len(user_ids) > 1:
            return {}
        Target = self.env["crm.service.kpi.target"]
        user_id = user_ids[0] if user_ids else None
        res = {}
        for department_codes, scope in (
                ([k["code"] for k in kpi_catalog.KPIS if k["source"] == "service"],
                 {"team_id": team_ids}),
                ([k["code"] for k in kpi_catalog.KPIS if k["source"] == "sales"],
                 {"sales_team_id": sales_team_ids})):
            (field, ids), = scope.items()
            if len(ids) > 1:
                continue
            res.update(Target._find_targets(
                department_codes, d_from, d_to, user_id=user_id,
                **{field: ids[0] if ids else None}))
        return res

    # ------------------------------------------------------------------
    # RPC
    # ------------------------------------------------------------------
    @api.model
    def get_dashboard_data(self, date_from, date_to, team_ids=None, user_ids=None,
                           sales_team_ids=None, comparison=None):
        """Everything the dashboard shows, as a dict (see the README):

        ``comparison``: 'month', 'quarter' or 'days' to choose the comparison
        period (the dashboard sends its preset's), else inferred from the
        dates. period ({date_from, date_to}) / previous_period ({date_from, date_to,
        kind, label}: the comparison period, rules/dashboard.comparison_period:
        same days of the previous month or quarter for a period starting on
        the first day of its month or quarter, else the same number of days
        just before), tiles (one per KPI of
        the catalogue: code, label, department, unit, value, target,
        attainment, previous, delta, delta_pct, better, help, action),
        series ({months, <code>: [values]} for the charted KPIs over the 12
        months ending with the period), filters ({teams, users, sales_teams}
        the user may choose), currency, sales_available.

        A missing figure (no data, no target, no trend) is ``False``, Odoo's
        "no value" (XML-RPC refuses None; JSON-RPC gives the same answer), and
        the dashboard shows it as missing, never as 0; ``better`` is
        "better", "worse" or False (no move, no direction or a side missing);
        ``direction`` is "higher", "lower" (is better) or False (none)."""
        d_from, d_to = self._kpi_check_period(date_from, date_to)
        team_ids, service_users, user_ids, sales_team_ids = self._scope(
            team_ids, user_ids, sales_team_ids)
        if comparison not in (None, False) + rules.COMPARISONS:
            raise UserError(_("The comparison is 'month', 'quarter' or 'days', not "
                              "%(value)s.") % {"value": kpi.short_repr(comparison)})
        p_from, p_to, comparison = rules.comparison_period(d_from, d_to, comparison or None)
        (current, previous), months = self._summaries(
            [(d_from, d_to), (p_from, p_to)], team_ids, service_users, user_ids,
            sales_team_ids, series_to=d_to)
        targets = self._targets(d_from, d_to, team_ids, user_ids, sales_team_ids)
        labels = kpi_catalog.labels_by_code(self._kpi_gettext)
        formulas = rules.formulas(self._kpi_gettext)
        has_sales = self._has_sales()
        has_service = self._has_service()
        tiles = []
        for entry in kpi_catalog.KPIS:
            code = entry["code"]
            available = has_service if entry["source"] == "service" else has_sales
            tile = rules.tile(code, current.get(code) if available else None,
                              previous.get(code) if available else None, targets.get(code))
            # RPC: "better" / "worse" / False (no move, no direction or a side
            # unknown), since a missing value is False (XML-RPC refuses None)
            tile.update(
                better={True: "better", False: "worse"}.get(tile["better"], False),
                direction={True: "higher", False: "lower"}.get(
                    tile["higher_is_better"], False),
                label=labels[code], help=formulas.get(code, ""), available=available,
                action=self._figure_action(code, d_from, d_to, team_ids, service_users,
                                           user_ids, sales_team_ids) if available else False)
            tiles.append(tile)
        company = self.env.user.company_id
        start, end = self._kpi_period_bounds(d_from, d_to)
        analysis_domain = [("open_date", ">=", start), ("open_date", "<", end)]
        if team_ids:
            analysis_domain.append(("team_id", "in", team_ids))
        if service_users:
            analysis_domain.append(("user_id", "in", service_users))
        return kpi.rpc_safe({
            "period": {"date_from": str(d_from), "date_to": str(d_to)},
            "previous_period": {
                "date_from": str(p_from), "date_to": str(p_to), "kind": comparison,
                "label": {
                    "month": _("the same days of the previous month"),
                    "quarter": _("the same days of the previous quarter"),
                    "days": _("the same number of days just before"),
                }[comparison]},
            "tiles": tiles,
            "departments": [
                {"code": "service", "label": _("Service")},
                {"code": "sales", "label": _("Sales")},
                {"code": "marketing", "label": _("Marketing")},
            ],
            "series": self._series(d_to, months),
            "filters": self._filter_choices(),
            "selected": {"team_ids": team_ids, "user_ids": user_ids,
                         "sales_team_ids": sales_team_ids},
            "currency": {"symbol": company.currency_id.symbol,
                         "position": company.currency_id.position},
            "sales_available": has_sales,
            "analysis": {
                "name": _("Service KPI Analysis: %(start)s - %(end)s") % {
                    "start": d_from, "end": d_to},
                "domain": analysis_domain,
            } if has_service else False,
            "is_manager": self._is_kpi_manager(),
        })

    @api.model
    def action_open_figure(self, code, date_from, date_to, team_ids=None, user_ids=None,
                           sales_team_ids=None):
        """The window action listing the records behind a tile's figure."""
        self._kpi_check_choice(code, kpi_catalog.BY_CODE, _("Unknown KPI %(value)s."))
        d_from, d_to = self._kpi_check_period(date_from, date_to)
        team_ids, service_users, user_ids, sales_team_ids = self._scope(
            team_ids, user_ids, sales_team_ids)
        if kpi_catalog.BY_CODE[code]["source"] == "sales" and not self._has_sales():
            raise UserError(_("The sales KPIs are not available."))
        if kpi_catalog.BY_CODE[code]["source"] == "service" and not self._has_service():
            raise UserError(_("The service KPIs are not available."))
        return self._figure_action(code, d_from, d_to, team_ids, service_users, user_ids,
                                   sales_team_ids)

    # ------------------------------------------------------------------
    # click-through
    # ------------------------------------------------------------------
    @api.model
    def _figure_action(self, code, d_from, d_to, team_ids, service_user_ids, user_ids,
                       sales_team_ids):
        """act_window dict of the records a figure counts (for ratios: the
        records of the denominator), with the same period and filters."""
        start, end = self._kpi_period_bounds(d_from, d_to)
        source = kpi_catalog.BY_CODE[code]["source"]
        if source == "service":
            model, domain, context = self._service_domain(
                code, start, end, team_ids, service_user_ids)
        else:
            model, domain, context = self._sales_domain(
                code, d_from, d_to, start, end, sales_team_ids, user_ids)
        label = kpi_catalog.labels_by_code(self._kpi_gettext)[code]
        return {
            "type": "ir.actions.act_window",
            "name": _("%(kpi)s: %(start)s - %(end)s") % {
                "kpi": label, "start": d_from, "end": d_to},
            "res_model": model,
            "views": [[False, "list"], [False, "form"]],
            "view_mode": "list,form",
            "domain": domain,
            "context": context,
            "target": "current",
        }

    @api.model
    def _service_domain(self, code, start, end, team_ids, user_ids):
        scope = []
        if team_ids:
            scope.append(("team_id", "in", team_ids))
        if user_ids:
            scope.append(("user_id", "in", user_ids))
        if code in ("csat_avg", "csat_satisfied_pct", "nps"):
            return "crm.service.feedback", scope + [
                ("state", "=", "answered"), ("answered_date", ">=", start),
                ("answered_date", "<", end)], {}
        if code == "feedback_response_rate_pct":
            return "crm.service.feedback", scope + [
                ("request_date", ">=", start), ("request_date", "<", end)], {}
        if code in ("backlog_count", "backlog_age_days_avg"):
            return "helpdesk.ticket", scope + [
                "|", "&", ("sla_start_date", "!=", False), ("sla_start_date", "<", end),
                "&", ("sla_start_date", "=", False), ("create_date", "<", end),
                "|", ("closed_date", ">=", end),
                "&", ("closed_date", "=", False), ("stage_id.closed", "=", False)], {}
        opened = [
            "|", "&", ("sla_start_date", "!=", False), "&",
            ("sla_start_date", ">=", start), ("sla_start_date", "<", end),
            "&", ("sla_start_date", "=", False), "&",
            ("create_date", ">=", start), ("create_date", "<", end)]
        extra = {
            "ticket_count": [],
            "first_response_hours_avg": [("first_response_date", "!=", False)],
            "resolution_hours_avg": [("stage_id.closed", "=", True),
                                     ("closed_date", "!=", False)],
            "sla_compliance_pct": [("sla_policy_id", "!=", False), "|",
                                   ("stage_id.closed", "=", True),
                                   ("sla_status", "=", "breached")],
            "reopen_rate_pct": ["|", ("stage_id.closed", "=", True),
                                ("reopen_count", ">", 0)],
            "next_reply_compliance_pct": ["|", ("next_reply_answered_count", ">", 0),
                                          ("next_reply_state", "=", "breached")],
            "avoidable_ticket_pct": [("stage_id.closed", "=", True),
                                     ("closed_date", "!=", False),
                                     ("cause_kind", "!=", False)],
            "avoidable_hours_pct": [("stage_id.closed", "=", True),
                                    ("closed_date", "!=", False),
                                    ("cause_kind", "!=", False)],
        }[code]
        return "helpdesk.ticket", scope + opened + extra, {}

    @api.model
    def _sales_domain(self, code, d_from, d_to, start, end, sales_team_ids, user_ids):
        scope = []
        if sales_team_ids:
            scope.append(("team_id", "in", sales_team_ids))
        if user_ids:
            scope.append(("user_id", "in", user_ids))
        archived = {"active_test": False}
        if code in ("lead_response_hours_avg", "lead_count"):
            return "crm.lead", scope + [
                ("create_date", ">=", start), ("create_date", "<", end)], archived
        closed = [("type", "=", "opportunity"), ("date_closed", ">=", start),
                  ("date_closed", "<", end)]
        won = [("active", "=", True), ("probability", ">=", 100)]
        if code == "win_rate_pct":
            return "crm.lead", scope + closed + [
                "|", "&"] + won + ["&", ("active", "=", False), ("probability", "=", 0)], archived
        if code == "ticket_opportunity_revenue":
            return "crm.lead", scope + closed + won + [("ticket_id", "!=", False)], archived
        if code == "delivery_lead_days_avg":
            return "sale.order", scope + [
                ("state", "in", definitions.CONFIRMED_ORDER_STATES),
                ("confirmation_date", "!=", False),
                ("picking_ids.picking_type_code", "=", "outgoing"),
                ("picking_ids.date_done", ">=", start), ("picking_ids.date_done", "<", end),
            ], {}
        # campaign ROI: the campaigns of the scope
        return "utm.campaign", list(scope), {}

    # ------------------------------------------------------------------
    # series and filters
    # ------------------------------------------------------------------
    @api.model
    def _series_bounds(self, d_to):
        """UTC (start, end) of the 12 local months ending with the month of
        ``d_to`` (rules.month_starts), the last one cut at ``d_to``."""
        months = rules.month_starts(d_to, 12)
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        bounds = [fields.Datetime.to_string(kpi.period_bounds(m, m, tz)[0]) for m in months]
        bounds.append(fields.Datetime.to_string(kpi.period_bounds(d_to, d_to, tz)[1]))
        return list(zip(bounds, bounds[1:]))

    @api.model
    def _series(self, d_to, months):
        """Monthly values of rules.SERIES_CODES over the 12 months ending
        with the month of ``d_to`` (cut at ``d_to``), from ``months``: the
        kpi.summary dicts of these months (``_summaries``), the same
        formulas and record rules as kpi_summary."""
        series = {"months": [str(m)[:7] for m in rules.month_starts(d_to, 12)]}
        for code in rules.SERIES_CODES:
            series[code] = [values[code] for values in months]
        labels = kpi_catalog.labels_by_code(self._kpi_gettext)
        series["charts"] = [
            {"code": code, "label": labels[code], "unit": kpi_catalog.BY_CODE[code]["unit"]}
            for code in rules.SERIES_CODES]
        return series

    @api.model
    def _filter_choices(self):
        """Teams, employees and sales teams the user may pick (and read)."""
        Team = self.env["helpdesk.ticket.team"]
        allowed = self._allowed_team_ids()
        team_domain = [] if allowed is None else [("id", "in", allowed)]
        teams = Team.search(team_domain, order="name") if self._has_service() else Team
        users = teams.mapped("user_ids") | teams.mapped("leader_id")
        sales_teams = self.env["crm.team"]
        if self._has_sales() and sales_teams.check_access_rights("read", raise_exception=False):
            sales_teams = sales_teams.search([], order="name")
            if allowed is None:
                users |= sales_teams.mapped("member_ids") | sales_teams.mapped("user_id")
        if allowed is not None and not teams:
            users |= self.env.user
        users = users.filtered(lambda u: not u.share).sorted(lambda u: u.name or "")
        return {
            "teams": [{"id": t.id, "name": t.display_name} for t in teams],
            "users": [{"id": u.id, "name": u.display_name} for u in users],
            "sales_teams": [{"id": t.id, "name": t.display_name} for t in sales_teams],
        }

    # ------------------------------------------------------------------
    # weekly digest
    # ------------------------------------------------------------------
    @api.model
    def _digest_rows(self, d_from, d_to, p_from, p_to, team_ids, currency):
        """Translated rows (label, value, previous, trend) of the digest,
        computed as the current user (its rules and language)."""
        team_ids = team_ids or []
        has_sales = self._has_sales() and not team_ids
        (current, previous), _months = self._summaries(
            [(d_from, d_to), (p_from, p_to)], team_ids, [], [], [], with_sales=has_sales)
        labels = kpi_catalog.labels_by_code(self._kpi_gettext)
        rows = []
        for entry in kpi_catalog.KPIS:
            code = entry["code"]
            if entry["source"] == "sales" and not has_sales:
                continue
            tile = rules.tile(code, current.get(code), previous.get(code), None)
            arrow = "▲" if (tile["delta"] or 0) > 0 else ("▼" if tile["delta"] else "")
            rows.append({
                "label": labels[code],
                "value": rules.format_figure(tile["value"], tile["unit"], currency),
                "previous": rules.format_figure(tile["previous"], tile["unit"], currency),
                "delta": rules.format_figure(tile["delta"], tile["unit"], currency)
                if tile["delta"] else "",
                "arrow": arrow,
                "color": {True: "#2e7d32", False: "#c62828"}.get(tile["better"], "#666666"),
            })
        return rows

    @api.model
    def _digest_title(self, team):
        if team:
            return _("Service KPIs of %(team)s") % {"team": team.name}
        return _("Service KPIs of the company")

    @api.model
    def _digest_send(self, recipient, team, today):
        """Queue the digest mail for ``recipient`` (res.users) about ``team``
        (helpdesk.ticket.team, or empty: everything the recipient may read),
        figures computed as that user, in their language; returns the mail id."""
        template = self.env.ref("crm_service_kpi.mail_template_kpi_digest")
        (d_from, d_to), (p_from, p_to) = rules.digest_periods(today)
        as_user = self.sudo(recipient).with_context(
            lang=recipient.lang, tz=recipient.tz or "UTC")
        rows = as_user._digest_rows(
            d_from, d_to, p_from, p_to, team.ids,
            recipient.company_id.currency_id.symbol or "")
        digest = {
            "title": as_user._digest_title(team.sudo(recipient)),
            "rows": rows,
            "period": "%s - %s" % (d_from, d_to),
            "previous_period": "%s - %s" % (p_from, p_to),
        }
        return template.with_context(kpi_digest=digest, lang=recipient.lang).send_mail(
            recipient.id, force_send=False)

    @api.model
    def _digest_can_receive(self, user):
        """Only users who may read tickets get a digest (their figures are
        computed with their own access rights)."""
        return bool(user.email) and self.env["helpdesk.ticket"].sudo(
            user).check_access_rights("read", raise_exception=False)

    @api.model
    def _digest_today(self):
        return kpi.parse_date(self.env.context.get("kpi_digest_today")) or \
            fields.Date.from_string(fields.Date.context_today(self))

    @api.model
    def _cron_send_kpi_digest(self):
        """Weekly: each helpdesk team's leader gets the team's KPIs of the last
        7 days against the 7 days before, each KPI manager (helpdesk manager)
        the totals of what they may read. At most one digest per team and per
        manager and week (teams remember the week on ``kpi_digest_week``,
        managers in the ir.config_parameter DIGEST_PARAM), written in the same
        transaction as the queued mails: a rerun, or a run after a crash,
        sends only what was not sent. Returns the number of mails queued."""
        today = self._digest_today()
        week = rules.week_start(today)
        count = 0
        teams = self.env["helpdesk.ticket.team"].sudo().search([("leader_id", "!=", False)])
        for team in teams:
            last = kpi.parse_date(team.kpi_digest_week) if team.kpi_digest_week else None
            if not rules.digest_due(last, today) or not self._digest_can_receive(
                    team.leader_id):
                continue
            team._kpi_digest_send(today)
            count += 1
        params = self.env["ir.config_parameter"].sudo()
        try:
            sent = json.loads(params.get_param(DIGEST_PARAM) or "{}")
        except ValueError:
            sent = {}
        managers = self.env.ref("helpdesk_mgmt.group_helpdesk_manager").sudo().users.filtered(
            lambda u: u.active and not u.share and self._digest_can_receive(u))
        for manager in managers:
            last = kpi.parse_date(sent.get(str(manager.id)))
            if not rules.digest_due(last, today):
                continue
            self._digest_send(manager, self.env["helpdesk.ticket.team"], today)
            sent[str(manager.id)] = str(week)
            count += 1
        params.set_param(DIGEST_PARAM, json.dumps(sent, sort_keys=True))
        _logger.info("KPI digest: %d mails queued", count)
        return count

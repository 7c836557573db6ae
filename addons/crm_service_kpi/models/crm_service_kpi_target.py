# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import kpi as kpi_lib
from ..rules import kpi_catalog, targets

DEPARTMENTS = [("service", "Service"), ("sales", "Sales"), ("marketing", "Marketing")]
_SCOPE_FIELDS = ("team_id", "sales_team_id", "user_id")


class CrmServiceKpiTarget(models.Model):
    """A target for one KPI of the catalogue (rules/kpi_catalog.py), for a
    period and a scope: a helpdesk team, a sales team, an employee, or the
    whole company when none is set. Rules in rules/targets.py."""

    _name = "crm.service.kpi.target"
    _description = "KPI Target"
    _order = "date_from desc, kpi, id"

    kpi = fields.Selection(
        "_selection_kpi", string="KPI", required=True, index=True,
        help="The figure this target applies to (as on the dashboard).")
    department = fields.Selection(
        DEPARTMENTS, compute="_compute_department", store=True, readonly=True,
        help="Department the KPI belongs to (from the KPI catalogue).")
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True,
        default=lambda self: self.env.user.company_id,
        help="Company whose figures the target applies to.")
    team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Helpdesk Team", index=True, ondelete="cascade",
        help="Target of this helpdesk team only. Leave the three scope fields "
        "empty for a company-wide target.")
    sales_team_id = fields.Many2one(
        "crm.team", string="Sales Team", index=True, ondelete="cascade",
        help="Target of this sales team only.")
    user_id = fields.Many2one(
        "res.users", string="Employee", index=True, ondelete="cascade",
        help="Target of this employee only.")
    scope = fields.Char(
        compute="_compute_scope", string="Applies to",
        help="The team, sales team or employee of the target, or the company.")
    date_from = fields.Date(
        string="From", required=True, index=True, help="First day of the target's period.")
    date_to = fields.Date(
        string="To", required=True, index=True, help="Last day of the target's period (included).")
    target = fields.Float(
        required=True, digits=(16, 2),
        help="The value to reach, in the KPI's unit: percent for rates, working "
        "hours for response and resolution times, 1-5 for CSAT, -100..100 for NPS, "
        "days, counts or company-currency amounts.")
    unit = fields.Selection(
        [("count", "Count"), ("hours", "Hours"), ("days", "Days"), ("pct", "Percent"),
         ("score", "Score"), ("amount", "Amount (company currency)")],
        compute="_compute_unit", help="Unit of the KPI, in which the target is entered.")
    active = fields.Boolean(default=True, help="Archived targets are ignored.")
    note = fields.Text(help="Why this target, how it was agreed.")

    @api.model
    def _kpi_gettext(self, source):
        # _() finds the language through this frame's ``self``
        return _(source)

    @api.model
    def _selection_kpi(self):
        return kpi_catalog.selection(self._kpi_gettext)

    @api.depends("kpi")
    def _compute_department(self):
        for rec in self:
            rec.department = (kpi_catalog.BY_CODE.get(rec.kpi) or {}).get("department")

    @api.depends("kpi")
    def _compute_unit(self):
        for rec in self:
            rec.unit = (kpi_catalog.BY_CODE.get(rec.kpi) or {}).get("unit")

    @api.depends("team_id", "sales_team_id", "user_id", "company_id")
    def _compute_scope(self):
        for rec in self:
            scope = rec.user_id or rec.team_id or rec.sales_team_id
            rec.scope = scope.display_name if scope else _("%(company)s (company-wide)") % {
                "company": rec.company_id.name or ""}

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for rec in self:
            if rec.date_from and rec.date_to and rec.date_from > rec.date_to:
                raise ValidationError(_(
                    "The target's period starts (%(start)s) after it ends (%(end)s).") % {
                        "start": rec.date_from, "end": rec.date_to})

    @api.constrains("team_id", "sales_team_id", "user_id")
    def _check_scope(self):
        for rec in self:
            if len([f for f in _SCOPE_FIELDS if rec[f]]) > 1:
                raise ValidationError(_(
                    "A target applies to one helpdesk team, one sales team or one "
                    "employee, not several at once: leave the others empty."))

    @api.constrains("kpi", "target")
    def _check_target(self):
        labels = kpi_catalog.labels_by_code(self._kpi_gettext)
        for rec in self:
            if targets.target_in_bounds(rec.kpi, rec.target):
                continue
            low, high = targets.target_bounds(rec.kpi)
            if high is None:
                msg = _("The target of %(kpi)s must be %(low)s or more, not %(value)s.")
            else:
                msg = _("The target of %(kpi)s must be between %(low)s and %(high)s, "
                        "not %(value)s.")
            raise ValidationError(msg % {
                "kpi": labels.get(rec.kpi, rec.kpi), "low": low, "high": high,
                "value": rec.target})

    @api.constrains("kpi", "date_from", "date_to", "team_id", "sales_team_id", "user_id",
                    "company_id", "active")
    def _check_overlap(self):
        labels = kpi_catalog.labels_by_code(self._kpi_gettext)
        for rec in self.filtered("active"):
            domain = [
                ("id", "!=", rec.id), ("kpi", "=", rec.kpi),
                ("company_id", "=", rec.company_id.id),
                ("date_from", "<=", rec.date_to), ("date_to", ">=", rec.date_from),
            ] + [(f, "=", rec[f].id) for f in _SCOPE_FIELDS]
            other = self.sudo().search(domain, limit=1)
            if other:
                raise ValidationError(_(
                    "%(kpi)s already has a target for %(scope)s from %(start)s to "
                    "%(end)s, which overlaps %(new_start)s - %(new_end)s. Change or "
                    "archive that target first.") % {
                        "kpi": labels.get(rec.kpi, rec.kpi), "scope": rec.scope,
                        "start": other.date_from, "end": other.date_to,
                        "new_start": rec.date_from, "new_end": rec.date_to})

    @api.model
    def _check_input(self, vals):
        """UserError for values of the wrong type or out of range (given over
        RPC), before the ORM stores or chokes on them."""
        if "kpi" in vals and not (isinstance(vals["kpi"], str)
                                  and vals["kpi"] in kpi_catalog.BY_CODE):
            raise UserError(_("Unknown KPI %(value)s.") % {
                "value": kpi_lib.short_repr(vals["kpi"])})
        for field in ("date_from", "date_to"):
            if field not in vals:
                continue
            day = kpi_lib.parse_date(vals[field]) if vals[field] else None
            if not day or not kpi_lib.MIN_YEAR <= day.year <= kpi_lib.MAX_YEAR:
                raise UserError(_("A target's period needs dates (YYYY-MM-DD) between the "
                                  "years %(min)s and %(max)s, not %(value)s.") % {
                                      "min": kpi_lib.MIN_YEAR, "max": kpi_lib.MAX_YEAR,
                                      "value": kpi_lib.short_repr(vals[field])})
            vals[field] = fields.Date.to_string(day)
        if "target" in vals:
            value = vals["target"]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                    not math.isfinite(value) or abs(value) >= 10 ** 14:
                raise UserError(_("The target must be a number, not %(value)s.") % {
                    "value": kpi_lib.short_repr(value)})
        return vals

    @api.model
    def create(self, vals):
        return super().create(self._check_input(dict(vals)))

    @api.multi
    def write(self, vals):
        return super().write(self._check_input(dict(vals)))

    @api.multi
    def name_get(self):
        labels = kpi_catalog.labels_by_code(self._kpi_gettext)
        return [(rec.id, "%s - %s (%s - %s)" % (
            labels.get(rec.kpi, rec.kpi), rec.scope, rec.date_from, rec.date_to))
            for rec in self]

    # ------------------------------------------------------------------
    # lookup (used by the dashboard, the digest and the scorecards)
    # ------------------------------------------------------------------
    @api.model
    def _find_target(self, kpi, date_from, date_to, team_id=None, user_id=None,
                     sales_team_id=None):
        """The target (float) of ``kpi`` for the period and scope, or None.

        The active target of the scope whose period overlaps date_from..date_to
        the most (one that contains the period wins); when the scope has none,
        the company-wide one (no team, sales team or employee). With several
        scopes: employee, then team, then sales team, then company-wide. Rules
        in rules/targets.py; one query."""
        found = self._find_targets([kpi], date_from, date_to, team_id=team_id,
                                   user_id=user_id, sales_team_id=sales_team_id)
        return found.get(kpi)

    @api.model
    def _find_targets(self, kpis, date_from, date_to, team_id=None, user_id=None,
                      sales_team_id=None):
        """{kpi: target} for several KPIs at once (see :meth:`_find_target`);
        KPIs without a target are left out."""
        d_from, d_to = kpi_lib.parse_date(date_from), kpi_lib.parse_date(date_to)
        if not d_from or not d_to or not kpis:
            return {}
        scopes = targets.scope_order(
            team_id=team_id, user_id=user_id, sales_team_id=sales_team_id)
        company_id = self.env.context.get("force_company") or self.env.user.company_id.id
        scope_domain = ["|"] * (len(scopes) - 1)
        for field, value in scopes:
            if field:
                scope_domain.append((field, "=", value))
            else:
                scope_domain += ["&", "&", ("team_id", "=", False),
                                 ("sales_team_id", "=", False), ("user_id", "=", False)]
        rows = self.search_read(
            [("kpi", "in", list(kpis)), ("company_id", "=", company_id),
             ("date_from", "<=", str(d_to)), ("date_to", ">=", str(d_from))] + scope_domain,
            ["kpi", "date_from", "date_to", "target", "team_id", "sales_team_id", "user_id"])
        by_kpi = {}
        for row in rows:
            scope = (None, None)
            for field in ("user_id", "team_id", "sales_team_id"):
                if row[field]:
                    scope = (field, row[field][0])
                    break
            by_kpi.setdefault(row["kpi"], []).append({
                "id": row["id"], "target": row["target"], "scope": scope,
                "date_from": kpi_lib.parse_date(row["date_from"]),
                "date_to": kpi_lib.parse_date(row["date_to"]),
            })
        res = {}
        for code, candidates in by_kpi.items():
            best = targets.resolve_target(candidates, d_from, d_to, scopes)
            if best:
                res[code] = best["target"]
        return res

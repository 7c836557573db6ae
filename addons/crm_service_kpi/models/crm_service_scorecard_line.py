# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import kpi_catalog
from .crm_service_scorecard import _kpi_selection


class CrmServiceScorecardLine(models.Model):
    _name = "crm.service.scorecard.line"
    _description = "KPI Scorecard Line"
    _order = "sequence, id"

    scorecard_id = fields.Many2one(
        "crm.service.scorecard", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="scorecard_id.company_id", store=True, readonly=True)
    sequence = fields.Integer(default=10)
    kpi = fields.Selection(
        _kpi_selection, string="KPI", required=True,
        help="A KPI of the catalogue; its target comes from the KPI targets of the "
        "employee or team for the period.")
    weight = fields.Float(default=1.0, help="Weight of this KPI in the score (above 0).")

    _sql_constraints = [
        ("kpi_unique", "unique(scorecard_id, kpi)", "A KPI appears once per scorecard."),
    ]

    @api.constrains("kpi")
    def _check_kpi(self):
        for line in self:
            meta = kpi_catalog.BY_CODE.get(line.kpi)
            if meta and meta["higher_is_better"] is None:
                raise ValidationError(_(
                    "KPI %(kpi)s has no direction (more is not better nor worse): it "
                    "cannot be scored against a target.") % {
                        "kpi": dict(_kpi_selection(self)).get(line.kpi, line.kpi)})

    @api.constrains("weight")
    def _check_weight(self):
        for line in self:
            if line.weight <= 0:
                raise ValidationError(_(
                    "The weight of a scorecard KPI must be above 0, not %(value)s.") % {
                        "value": line.weight})

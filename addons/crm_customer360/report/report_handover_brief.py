# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError

from ..rules.handover import is_id


class ReportHandoverBrief(models.AbstractModel):
    """Values of the handover brief report (printable from a partner too)."""

    _name = "report.crm_customer360.report_handover_brief"
    _description = "Customer 360: account handover brief"

    @api.model
    def get_report_values(self, docids, data=None):
        data = data or {}
        if not isinstance(data, dict):
            raise UserError(_("The handover brief expects the report's data."))
        ids = docids or data.get("partner_ids") or []
        if isinstance(ids, int):
            ids = [ids]
        if not isinstance(ids, (list, tuple)) or not all(is_id(i) for i in ids):
            raise UserError(_("The handover brief is printed for a list of customer ids."))
        previous = data.get("previous_owner_ids") or {}
        if not isinstance(previous, dict) or not all(
                (is_id(k) or isinstance(k, str) and k.isdigit() and is_id(int(k)))
                and (v is False or is_id(v)) for k, v in previous.items()):
            raise UserError(_("The handover brief's previous owners are malformed."))
        partners = self.env["res.partner"].browse(list(ids)).exists()
        partners.check_access_rights("read")
        partners.check_access_rule("read")
        briefs = self.env["crm.customer360.handover"]._customer360_handover_briefs(
            partners, previous)
        return {
            "doc_ids": partners.ids,
            "doc_model": "res.partner",
            "docs": partners,
            "briefs": briefs,
        }

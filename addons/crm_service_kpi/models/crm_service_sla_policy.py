# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmServiceSlaPolicy(models.Model):
    """First-response and resolution targets per team, priority and tier."""

    _name = "crm.service.sla.policy"
    _description = "Service SLA Policy"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.user.company_id)

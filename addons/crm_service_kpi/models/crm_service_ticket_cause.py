# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..rules import cause

CAUSE_KINDS = [
    (cause.USER_ERROR, "User error"),
    (cause.HOW_TO, "How-to question"),
    (cause.PRODUCT_DEFECT, "Product defect"),
    (cause.DELIVERY, "Delivery"),
    (cause.BILLING, "Billing"),
    (cause.OTHER, "Other"),
]


class CrmServiceTicketCause(models.Model):
    """Why a ticket was raised, set when it is solved (rules/cause.py).
    User errors and how-to questions count as avoidable in the KPIs."""

    _name = "crm.service.ticket.cause"
    _description = "Ticket Cause"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code for imports and reports.")
    kind = fields.Selection(
        CAUSE_KINDS, required=True, default=cause.OTHER,
        help="User errors and how-to questions are avoidable: the KPIs show the "
        "share of tickets and of agent hours they take.")
    avoidable = fields.Boolean(
        compute="_compute_avoidable",
        help="User errors and how-to questions: the customer could have solved them.")
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: available to every company.")
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)",
         "A cause code must be unique per company."),
    ]

    @api.depends("kind")
    def _compute_avoidable(self):
        for rec in self:
            rec.avoidable = cause.is_avoidable(rec.kind)

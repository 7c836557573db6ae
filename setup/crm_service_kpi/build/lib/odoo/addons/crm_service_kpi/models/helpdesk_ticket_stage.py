# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    waiting_customer = fields.Boolean(
        string="Waiting on Customer",
        help="While a ticket is in this stage the SLA clock is paused: the working "
        "hours spent here are added to its deadlines.")

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Service Ticket", index=True, ondelete="set null",
        copy=False, track_visibility="onchange",
        help="The service ticket this opportunity was born from: its won revenue "
        "counts as revenue brought in by service.")

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the lead intake leaves on a lead: when its card was collected and at
which event (the follow-up funnel reads both). Kept apart from crm_lead.py
so that the intake stays one feature."""
from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model
    def _selection_intake_event(self):
        if "event.event" in self.env:
            return [("event.event", "Event")]
        return []

    intake_date = fields.Datetime(
        "Card collected on", readonly=True, index=True, copy=False,
        help="When this lead's business card was imported by the lead intake.")
    intake_event_ref = fields.Reference(
        selection="_selection_intake_event", string="Collected at event", readonly=True,
        copy=False, help="The event where the business card was collected.")

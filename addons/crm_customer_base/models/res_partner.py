# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _crm_service_hours(self, company_id, date_from, date_to):
        """Service time spent on customers, for the cost to serve.

        Returns ``{commercial partner id: (hours, basis)}`` for the tickets of
        ``company_id`` handled between ``date_from`` and ``date_to`` (dates,
        inclusive), ``basis`` being ``"timesheet"`` (time logged by agents) or
        ``"estimate"`` (working hours the ticket was open, under its SLA
        calendar). Empty here: ``crm_service_kpi`` provides it, so that
        ``crm_loyalty`` reads service time without depending on a helpdesk.
        Internal (no access check): callers run it for computations whose
        results carry their own access rules."""
        return {}

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""11.0.1.1.0: missing ticket hours are NULL (shown empty), not 0."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("UPDATE helpdesk_ticket SET first_response_hours = NULL "
               "WHERE first_response_date IS NULL AND first_response_hours IS NOT NULL")
    cr.execute("UPDATE helpdesk_ticket SET resolution_hours = NULL "
               "WHERE closed_date IS NULL AND resolution_hours IS NOT NULL")

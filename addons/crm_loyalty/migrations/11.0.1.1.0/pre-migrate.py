# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The churn extension of the partner loyalty search view hooked onto
group-bys that 11.0.1.1.0 removes (loyalty figures are no longer stored on the
partner): drop it before the views reload; the new one is created again."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "DELETE FROM ir_ui_view WHERE id IN (SELECT res_id FROM ir_model_data "
        "WHERE module = 'crm_loyalty' AND model = 'ir.ui.view' "
        "AND name = 'res_partner_view_search_loyalty_churn')"
    )

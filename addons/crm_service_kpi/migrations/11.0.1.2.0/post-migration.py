# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""11.0.1.2.0: the feedback settings are per company (fields of res.company)
instead of global system parameters: the old values go to every company,
then the parameters are removed (one source of truth)."""

PARAMS = {
    "crm_service_kpi.feedback_on_delivery": "service_feedback_on_delivery",
    "crm_service_kpi.feedback_throttle_days": "service_feedback_throttle_days",
    "crm_service_kpi.feedback_expiry_days": "service_feedback_expiry_days",
}


def _value(column, raw):
    raw = (raw or "").strip()
    if column == "service_feedback_on_delivery":
        return raw.lower() not in ("", "0", "false")
    try:
        return max(int(raw), 0)
    except ValueError:
        return None


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT key, value FROM ir_config_parameter WHERE key IN %s",
               [tuple(PARAMS)])
    for key, raw in cr.fetchall():
        column = PARAMS[key]
        value = _value(column, raw)
        if value is not None:
            # column names from PARAMS only, never from the database
            cr.execute("UPDATE res_company SET %s = %%s" % column, [value])
    cr.execute("DELETE FROM ir_config_parameter WHERE key IN %s", [tuple(PARAMS)])

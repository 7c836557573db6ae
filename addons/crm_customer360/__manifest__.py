# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Customer 360",
    "summary": "Every department's interactions with a customer on one timeline, "
    "with promises, conflicts and handover",
    "version": "11.0.1.1.0",
    "development_status": "Alpha",
    "category": "Sales",
    "website": "https://github.com/crm-customer-suite/crm-customer-suite",
    "author": "CRM Customer Suite",
    "maintainers": [],
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "crm_customer_base", "contacts", "crm", "sale_management", "account_invoicing",
        "calendar"],
    "data": [
        "security/crm_customer360_security.xml",
        "security/ir.model.access.csv",
        "data/crm_customer360_source_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "views/crm_customer360_source_views.xml",
        "views/crm_commitment_views.xml",
        "views/assets.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_consent_log_views.xml",
        "wizards/crm_customer360_handover_views.xml",
        "wizards/crm_customer360_sale_confirm_views.xml",
        "report/customer360_handover_report.xml",
        "views/menus.xml",
    ],
    "qweb": ["static/src/xml/customer360.xml"],
    "demo": ["demo/crm_commitment_demo.xml", "demo/customer360_demo.xml"],
}

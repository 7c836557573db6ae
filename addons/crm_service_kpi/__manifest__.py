# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Service KPIs and Satisfaction",
    "summary": "Service tickets with SLAs, satisfaction capture (CSAT, NPS) and "
    "department KPIs tied to satisfaction",
    "version": "11.0.1.0.0",
    "development_status": "Alpha",
    "category": "After-Sales",
    "website": "https://github.com/crm-customer-suite/crm-customer-suite",
    "author": "CRM Customer Suite",
    "maintainers": [],
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["helpdesk_mgmt", "sale_management", "account_invoicing", "resource"],
    "data": [
        "security/crm_service_kpi_security.xml",
        "security/ir.model.access.csv",
        "security/sla_security.xml",
        "security/crm_service_kpi_report_security.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "views/crm_service_feedback_views.xml",
        "views/crm_service_sla_policy_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/feedback_templates.xml",
        "views/menus.xml",
        "report/crm_service_kpi_report_views.xml",
    ],
    "demo": ["demo/crm_service_feedback_demo.xml"],
}

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Customer Loyalty Tiers",
    "summary": "Loyalty tiers earned from real purchases, RFM, value x loyalty, "
    "Pareto and profit per customer",
    "version": "11.0.1.0.0",
    "development_status": "Alpha",
    "category": "Sales",
    "website": "https://github.com/crm-customer-suite/crm-customer-suite",
    "author": "CRM Customer Suite",
    "maintainers": [],
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["sale_management", "account_invoicing"],
    "data": [
        "security/crm_loyalty_security.xml",
        "security/ir.model.access.csv",
        "data/crm_loyalty_program_data.xml",
        "data/ir_cron.xml",
        "views/crm_loyalty_program_views.xml",
        "views/crm_loyalty_override_views.xml",
        "views/res_partner_views.xml",
        "views/crm_loyalty_pareto_report_views.xml",
        "views/menus.xml",
    ],
}

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Customer Suite: Shared Definitions",
    "summary": "One definition of net revenue, purchase, satisfaction and employee "
    "for the customer-centred CRM suite",
    "version": "11.0.1.0.0",
    "development_status": "Alpha",
    "category": "Hidden",
    "website": "https://github.com/crm-customer-suite/crm-customer-suite",
    "author": "CRM Customer Suite",
    "maintainers": [],
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": ["sale_management", "account_invoicing"],
    "data": [],
}

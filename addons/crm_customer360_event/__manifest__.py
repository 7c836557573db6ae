# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Customer 360 - Events",
    "summary": "Seminar registrations that got no confirmation email, resent in one "
    "click; registration, confirmation and attendance on the customer's timeline",
    "version": "11.0.1.0.0",
    "development_status": "Alpha",
    "category": "Marketing",
    "website": "https://github.com/crm-customer-suite/crm-customer-suite",
    "author": "CRM Customer Suite",
    "maintainers": [],
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "auto_install": True,
    "depends": ["crm_customer360", "event"],
    "data": [
        "data/crm_customer360_source_data.xml",
        "views/event_registration_views.xml",
        "views/event_event_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/event_registration_demo.xml"],
    "post_init_hook": "post_init_hook",
}

"""The shared definitions import without a database."""
from odoo.addons.crm_customer_base.rules import definitions


def test_definitions_import_without_database():
    assert definitions.is_revenue_invoice("out_invoice", "open")
    assert not definitions.is_revenue_invoice("in_invoice", "open")

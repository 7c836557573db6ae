# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def empty_population(env, company):
    """Start a loyalty test from an empty population: the demo sales of the
    company are not part of it (rolled back with the test's transaction)."""
    env.cr.execute(
        "UPDATE account_invoice SET state = 'cancel' WHERE company_id = %s", (company.id,)
    )
    env.cr.execute("UPDATE sale_order SET state = 'cancel' WHERE company_id = %s", (company.id,))
    env.cr.execute(
        "UPDATE res_partner SET loyalty_tier_id = NULL, referred_by_id = NULL, "
        "loyalty_assessed_date = NULL, loyalty_company_id = NULL"
    )
    env["res.partner"].invalidate_cache()

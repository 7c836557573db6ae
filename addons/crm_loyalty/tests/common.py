# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase, at_install, post_install


def empty_population(env, company):
    """Start a loyalty test from an empty population: the demo sales of the
    company are not part of it (rolled back with the test's transaction)."""
    env.cr.execute(
        "UPDATE account_invoice SET state = 'cancel' WHERE company_id = %s", (company.id,)
    )
    env.cr.execute("UPDATE sale_order SET state = 'cancel' WHERE company_id = %s", (company.id,))
    env.cr.execute("UPDATE res_partner SET referred_by_id = NULL")
    env.cr.execute("DELETE FROM crm_loyalty_membership")
    env["res.partner"].invalidate_cache()
    env["crm.loyalty.membership"].invalidate_cache()


def fresh_population(env, company):
    """``empty_population``, and no customer left flagged at risk of churning
    (the progress estimate reads the revenues of the last assessment's
    customers: ``empty_population`` already un-assesses every partner)."""
    empty_population(env, company)


@at_install(False)
@post_install(True)
class FreshPopulationCase(SavepointCase):
    """A loyalty test class on the main company, mail tracking off, starting
    from ``fresh_population`` (rolled back with the class)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.ref("base.main_company")
        fresh_population(cls.env, cls.company)


def set_membership(env, partner, program, **values):
    """Give ``partner`` (a commercial entity) a membership of ``program``
    with ``values`` (membership field names), as an assessment would."""
    Member = env["crm.loyalty.membership"].sudo()
    member = Member.search([("partner_id", "=", partner.id), ("program_id", "=", program.id)])
    if member:
        member.write(values)
    else:
        member = Member.create(dict(values, partner_id=partner.id, program_id=program.id))
    env["res.partner"].invalidate_cache()
    return member

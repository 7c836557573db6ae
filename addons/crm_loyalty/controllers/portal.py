# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal


class LoyaltyCustomerPortal(CustomerPortal):
    @staticmethod
    def _loyalty_partner():
        """The logged-in customer's commercial entity, as superuser.

        Portal users cannot read the loyalty fields of partners; sudo is used
        on this one record only, never on a partner taken from the request.
        """
        user = request.env.user
        # The portal user's own company's membership (superuser reads it).
        return user.partner_id.commercial_partner_id.sudo().with_context(
            loyalty_company_id=user.company_id.id)

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["loyalty_tier"] = self._loyalty_partner().loyalty_tier_id
        return values

    @route(["/my/loyalty"], type="http", auth="user", website=True)
    def portal_my_loyalty(self, **kw):
        values = self._prepare_portal_layout_values()
        partner = self._loyalty_partner()
        # Superuser on the history of this same customer only (portal users
        # have no access to the history); the page shows dates and tier
        # names, never the scores or revenues of the rows.
        history = request.env["crm.loyalty.tier.history"].sudo().search(
            [("partner_id", "=", partner.id)], limit=10
        )
        values.update(
            {
                "page_name": "loyalty",
                "loyalty_partner": partner,
                "loyalty_history": history,
            }
        )
        return request.render("crm_loyalty.portal_my_loyalty", values)

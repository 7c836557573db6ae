# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    loyalty_tier_id = fields.Many2one(
        "crm.loyalty.tier",
        string="Loyalty tier",
        related="partner_id.commercial_partner_id.loyalty_tier_id",
        readonly=True,
        help="Current loyalty tier of the customer's company.",
    )
    loyalty_tier_benefits = fields.Html(
        string="Tier benefits",
        related="partner_id.commercial_partner_id.loyalty_tier_id.benefits",
        readonly=True,
        help="What the customer's loyalty tier entitles them to.",
    )

    @api.model
    def _loyalty_tier_pricelist(self, partner, company):
        """Pricelist of the partner's loyalty tier, if the tier belongs to
        ``company`` and carries one; else an empty recordset."""
        # Superuser to read the tier of the customer's company (the salesperson
        # may not read tiers of other companies); used only when the tier
        # belongs to ``company``, the order's.
        tier = partner.commercial_partner_id.sudo().loyalty_tier_id
        if not tier or not tier.pricelist_id or tier.company_id != company:
            return self.env["product.pricelist"]
        return tier.pricelist_id

    @api.multi
    @api.onchange("partner_id")
    def onchange_partner_id(self):
        """Replace the pricelist Odoo just proposed (the customer's own
        pricelist) by the one of their loyalty tier. Odoo's onchange has
        already overwritten any earlier choice at this point, so a pricelist
        the salesperson picks after choosing the customer stays."""
        super().onchange_partner_id()
        if not self.partner_id or self.state not in (False, "draft", "sent"):
            return
        proposed = self.partner_id.property_product_pricelist
        if self.pricelist_id != proposed:
            return
        pricelist = self._loyalty_tier_pricelist(
            self.partner_id, self.company_id or self.env.user.company_id
        )
        if pricelist:
            self.pricelist_id = pricelist

    @api.model
    def create(self, vals):
        if vals.get("partner_id") and not vals.get("pricelist_id"):
            company = self.env["res.company"].browse(
                vals.get("company_id")
            ) or self.env["res.company"]._company_default_get("sale.order")
            pricelist = self._loyalty_tier_pricelist(
                self.env["res.partner"].browse(vals["partner_id"]), company
            )
            if pricelist:
                vals = dict(vals, pricelist_id=pricelist.id)
        return super().create(vals)

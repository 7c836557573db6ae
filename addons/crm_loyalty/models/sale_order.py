# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    loyalty_tier_id = fields.Many2one(
        "crm.loyalty.tier",
        string="Loyalty tier",
        compute="_compute_loyalty_tier",
        help="Current loyalty tier of the customer in the order's company.",
    )
    loyalty_tier_benefits = fields.Html(
        string="Tier benefits",
        compute="_compute_loyalty_tier",
        help="What the customer's loyalty tier entitles them to.",
    )

    @api.multi
    @api.depends("partner_id", "company_id")
    def _compute_loyalty_tier(self):
        for order in self:
            tier = order._loyalty_tier(order.partner_id, order.company_id)
            order.loyalty_tier_id = tier.id
            order.loyalty_tier_benefits = tier.benefits if tier else False

    @api.model
    def _loyalty_tier(self, partner, company):
        """The customer's tier in ``company``'s program (superuser: the
        salesperson sees the tier name and benefits, not the figures)."""
        if not partner:
            return self.env["crm.loyalty.tier"]
        company = company or self.env.user.company_id
        return partner.commercial_partner_id.sudo().with_context(
            loyalty_company_id=company.id).loyalty_tier_id

    @api.model
    def _loyalty_tier_pricelist(self, partner, company):
        """Pricelist of the partner's loyalty tier, if the tier belongs to
        ``company`` and carries one; else an empty recordset."""
        # Superuser to read the tier of the customer's company (the salesperson
        # may not read tiers of other companies); used only when the tier
        # belongs to ``company``, the order's.
        tier = self._loyalty_tier(partner, company)
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

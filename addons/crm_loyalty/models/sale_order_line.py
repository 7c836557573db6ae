# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..rules import pricing


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model
    def _loyalty_price_facts(self, customer, company, product, uom, quantity, currency, date):
        """The tier part of Customer 360's price popover (called by name, so
        that neither addon depends on the other): the customer's tier and RFM
        segment in ``company``, the tier pricelist's price of ``product``
        and the median discount of the tier and segment's customers. False
        when the customer has no tier there. The salesperson sees the tier,
        as on the quotation (superuser read), not the figures behind it."""
        partner = customer.sudo().with_context(loyalty_company_id=company.id)
        tier = partner.loyalty_tier_id
        if not tier or tier.company_id != company:
            return False
        segment = partner.loyalty_segment or None
        Member = self.env["crm.loyalty.membership"]
        labels = dict(Member._fields["segment"]._description_selection(self.env))
        facts = {
            "name": tier.name,
            "segment": labels.get(segment, False) if segment else False,
            "tier_price": False,
            "usual_discount": False,
        }
        if tier.pricelist_id:
            pricelist = tier.pricelist_id.sudo()
            price = pricelist.with_context(uom=uom.id, date=date).get_product_price(
                product, quantity or 1.0, customer, date=date, uom_id=uom.id)
            facts["tier_price"] = {
                "pricelist": pricelist.display_name,
                "price": price,
                "currency": pricelist.currency_id.name,
                "other_currency": pricelist.currency_id != currency,
            }
        self.env.cr.execute(pricing.USUAL_DISCOUNT_SQL, {
            "program_id": tier.program_id.id, "tier_id": tier.id, "segment": segment,
            "company_id": company.id, "categ_id": product.categ_id.id})
        categ_median, categ_count, every_median, every_count = self.env.cr.fetchone()
        if every_count:
            facts["usual_discount"] = {
                "category_median": float(categ_median) if categ_count else False,
                "category_count": categ_count,
                "median": float(every_median),
                "count": every_count,
            }
        return facts

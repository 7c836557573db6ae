# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..rules import line_price
from .sale_order import OPEN_STATES

COST_GROUP = "crm_customer360.group_price_cost"

# Open quotations of other salespeople to the same customer (commercial
# entity) in the same company with a line of the product: the colleagues'
# prices. ``conflict`` applies the conflicting-quote definition
# (sale_order.CONFLICT_SQL: same unit and currency, another net price).
COLLEAGUE_SQL = """
    SELECT so.id, so.name, so.user_id, so.date_order,
           ROUND(l.price_unit * (1 - COALESCE(l.discount, 0) / 100.0), %(digits)s) AS net,
           l.product_uom = %(uom_id)s AND pl.currency_id = %(currency_id)s
             AND ROUND(l.price_unit * (1 - COALESCE(l.discount, 0) / 100.0), %(digits)s)
                 <> %(net)s AS conflict,
           pl.currency_id
      FROM sale_order so
      JOIN res_partner p ON p.id = so.partner_id
      JOIN product_pricelist pl ON pl.id = so.pricelist_id
      JOIN sale_order_line l ON l.order_id = so.id
     WHERE p.commercial_partner_id = %(customer_id)s
       AND so.company_id = %(company_id)s
       AND so.state IN %(states)s
       AND so.user_id IS NOT NULL AND so.user_id <> %(user_id)s
       AND so.id <> %(order_id)s
       AND l.product_id = %(product_id)s
  ORDER BY so.date_order DESC, so.id DESC, l.id
     LIMIT 10
"""


def _errors():
    return {
        "bad_line": _("The quotation line must be given by its id."),
        "bad_values": _("The line's values are malformed: ids must be whole numbers and "
                        "prices numbers."),
        "bad_discount": _("A discount must be between 0 and 100%."),
        "no_customer": _("Choose a customer for the quotation first."),
        "missing_line": _("This quotation line no longer exists: reload the quotation."),
        "no_access": _("You may not read this quotation (it belongs to another company or "
                       "another salesperson)."),
        "missing_order": _("This quotation no longer exists: reload it."),
        "missing_partner": _("This customer no longer exists or you may not read it."),
        "other_company": _("This quotation belongs to a company you do not work in."),
        "no_product": _("Choose a product on the line first."),
        "missing_product": _("The product of this line was deleted."),
    }


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    customer360_price_icon = fields.Boolean(
        string="Customer prices", compute="_compute_customer360_price_icon",
        help="Technical: the line's product is set, so the customer's earlier prices "
        "can be shown.")

    @api.depends("product_id")
    def _compute_customer360_price_icon(self):
        for line in self:
            line.customer360_price_icon = bool(line.product_id)

    @api.model
    def customer360_price_info(self, line_id=False, values=None):
        """Everything the price popover of a quotation line shows, in one call.

        ``line_id``: the saved line (False for a line not saved yet);
        ``values``: what the form holds now and overrides the saved line
        (product_id, price_unit, discount, product_uom_qty, order_id,
        partner_id, pricelist_id, company_id). Returns a dict: customer,
        product, category, currency, net (the line's net unit price),
        history (the product's earlier prices), category_history,
        colleagues (open quotations of other salespeople, ``conflict`` when
        the price differs), tier (False without crm_loyalty), margin
        (False for users who may not see costs), no_history. Bad input
        raises a translated UserError.
        """
        errors = _errors()
        code = line_price.input_error(line_id, values)
        if code:
            raise UserError(errors[code])
        values = dict(values or {})
        line, order = self.browse(), self.env["sale.order"]
        if line_id:
            line = self.browse(line_id).exists()
            if not line:
                raise UserError(errors["missing_line"])
            self._customer360_check_read(line, errors)
            order = line.order_id
        elif values.get("order_id"):
            order = order.browse(values["order_id"]).exists()
            if not order:
                raise UserError(errors["missing_order"])
            self._customer360_check_read(order, errors)
        partner = self.env["res.partner"]
        if values.get("partner_id"):
            partner = partner.browse(values["partner_id"]).exists()
            if not partner:
                raise UserError(errors["missing_partner"])
            self._customer360_check_read(partner, errors, "missing_partner")
        partner = partner or order.partner_id
        if not partner:
            raise UserError(errors["no_customer"])
        company = order.company_id or self.env["res.company"].browse(
            values.get("company_id") or self.env.user.company_id.id)
        if company not in self.env.user.company_ids:
            raise UserError(errors["other_company"])
        product = line.product_id
        if values.get("product_id"):
            product = self.env["product.product"].with_context(active_test=False).browse(
                values["product_id"]).exists()
            if not product:
                raise UserError(errors["missing_product"])
        if not product:
            raise UserError(errors["no_product"])
        pricelist = order.pricelist_id
        if values.get("pricelist_id"):
            pricelist = self.env["product.pricelist"].browse(values["pricelist_id"]).exists()
        currency = pricelist.currency_id or company.currency_id
        price_unit = values.get("price_unit", line.price_unit)
        discount = values.get("discount", line.discount)
        quantity = values.get("product_uom_qty", line.product_uom_qty if line else 1.0)
        digits = self.env["decimal.precision"].precision_get("Product Price")
        net = line_price.net_price(price_unit, discount, digits)
        uom = line.product_uom or product.uom_id
        customer = partner.commercial_partner_id

        self.env.cr.execute(line_price.HISTORY_SQL, {
            "customer_id": customer.id, "company_id": company.id, "order_id": order.id or 0,
            "product_id": product.id, "categ_id": product.categ_id.id, "digits": digits,
            "limit": line_price.HISTORY_LIMIT})
        history, category_history = line_price.split_history(
            self.env.cr.fetchall(), currency.id)
        self.env.cr.execute(COLLEAGUE_SQL, {
            "customer_id": customer.id, "company_id": company.id, "states": OPEN_STATES,
            "user_id": (order.user_id or self.env.user).id, "order_id": order.id or 0,
            "product_id": product.id, "uom_id": uom.id, "currency_id": currency.id,
            "digits": digits, "net": net})
        colleagues = [{
            "order_id": row[0], "order": row[1], "user_id": row[2],
            "date": row[3],
            "net": float(row[4]), "conflict": bool(row[5]), "currency_id": row[6],
            "other_currency": row[6] != currency.id,
        } for row in self.env.cr.fetchall()]
        self._customer360_price_names(history + category_history + colleagues)

        result = {
            "customer": customer.display_name,
            "product": product.display_name,
            "category": product.categ_id.display_name or False,
            "currency": currency.name,
            "currency_symbol": currency.symbol or currency.name,
            "net": net,
            "history": history,
            "category_history": category_history,
            "colleagues": colleagues,
            "no_history": not history and not category_history,
            "tier": False,
            "margin": False,
            "may_see_cost": self.env.user.has_group(COST_GROUP),
        }
        if hasattr(self, "_loyalty_price_facts"):
            # crm_loyalty, when installed: tier, tier price, usual discount.
            result["tier"] = self._loyalty_price_facts(
                customer, company, product, uom, quantity, currency,
                order.date_order or fields.Datetime.now()) or False
        if result["may_see_cost"]:
            cost = product.sudo().with_context(force_company=company.id).standard_price
            cost = product.uom_id._compute_price(cost, uom)
            if company.currency_id != currency:
                cost = company.currency_id.compute(cost, currency, round=False)
            result["margin"] = line_price.margin(net, cost, quantity)
            if result["margin"]["margin_percent"] is None:
                result["margin"]["margin_percent"] = False
        return result

    @api.model
    def _customer360_check_read(self, record, errors, code="no_access"):
        try:
            record.check_access_rights("read")
            record.check_access_rule("read")
        except AccessError:
            raise UserError(errors[code])

    @api.model
    def _customer360_price_names(self, items):
        """Names of the products, salespeople and currencies of the popover's
        rows (read as superuser: a colleague's name on their quotation, as the
        conflict summary shows it), with one read per model."""
        products = self.env["product.product"].sudo().with_context(active_test=False).browse(
            sorted({i["product_id"] for i in items if i.get("product_id")}))
        users = self.env["res.users"].sudo().with_context(active_test=False).browse(
            sorted({i["user_id"] for i in items if i.get("user_id")}))
        currencies = self.env["res.currency"].sudo().with_context(active_test=False).browse(
            sorted({i["currency_id"] for i in items if i.get("currency_id")}))
        product_names = {p.id: p.display_name for p in products}
        user_names = {u.id: u.name for u in users}
        currency_names = {c.id: c.name for c in currencies}
        for item in items:
            if "product_id" in item:
                item["product"] = product_names.get(item["product_id"], False)
            if "user_id" in item:
                item["user"] = user_names.get(item["user_id"], False)
            item["currency"] = currency_names.get(item["currency_id"], False)
            if item.get("date") and not isinstance(item["date"], str):
                item["date"] = fields.Date.to_string(item["date"])
            item["date"] = item.get("date") or False

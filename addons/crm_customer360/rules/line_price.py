# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A returning customer's prices on a quotation line (no Odoo import).

What the customer paid before for the product and for other products of its
category (confirmed orders, and posted invoices that no order line
invoiced, so that one purchase is never counted twice), and the margin of
the line. The SQL reads one customer (commercial entity) in one company.
"""
from odoo.addons.crm_customer_base.rules import definitions

#: Earlier prices shown per kind (this product, its category).
HISTORY_LIMIT = 5

# One row per earlier purchase line of the customer in the company, for the
# product or its category, the newest HISTORY_LIMIT of each kind.
HISTORY_SQL = """
    WITH history AS (
        SELECT 'order' AS doc_kind, so.id AS doc_id, so.name AS doc_name,
               COALESCE(so.confirmation_date, so.date_order)::date AS date,
               l.product_id, pt.categ_id,
               ROUND(l.price_unit * (1 - COALESCE(l.discount, 0) / 100.0), %(digits)s) AS net,
               COALESCE(l.discount, 0) AS discount, l.product_uom_qty AS qty,
               pl.currency_id
          FROM sale_order_line l
          JOIN sale_order so ON so.id = l.order_id
          JOIN res_partner p ON p.id = so.partner_id
          JOIN product_pricelist pl ON pl.id = so.pricelist_id
          JOIN product_product pp ON pp.id = l.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
         WHERE p.commercial_partner_id = %(customer_id)s
           AND so.company_id = %(company_id)s
           AND {is_order}
           AND so.id <> %(order_id)s
           AND (l.product_id = %(product_id)s OR pt.categ_id = %(categ_id)s)
        UNION ALL
        SELECT 'invoice', inv.id, COALESCE(inv.number, inv.name, ''),
               inv.date_invoice, il.product_id, pt.categ_id,
               ROUND(il.price_unit * (1 - COALESCE(il.discount, 0) / 100.0), %(digits)s),
               COALESCE(il.discount, 0), il.quantity, inv.currency_id
          FROM account_invoice_line il
          JOIN account_invoice inv ON inv.id = il.invoice_id
          JOIN product_product pp ON pp.id = il.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
         WHERE inv.commercial_partner_id = %(customer_id)s
           AND inv.company_id = %(company_id)s
           AND {is_invoice}
           AND (il.product_id = %(product_id)s OR pt.categ_id = %(categ_id)s)
           AND NOT EXISTS (SELECT 1 FROM sale_order_line_invoice_rel r
                            WHERE r.invoice_line_id = il.id)
    ), ranked AS (
        SELECT h.*, h.product_id = %(product_id)s AS same_product,
               row_number() OVER (PARTITION BY h.product_id = %(product_id)s
                                  ORDER BY h.date DESC NULLS LAST, h.doc_id DESC) AS rank
          FROM history h
    )
    SELECT same_product, doc_kind, doc_id, doc_name, date, product_id, net, discount,
           qty, currency_id
      FROM ranked
     WHERE rank <= %(limit)s
  ORDER BY same_product DESC, date DESC NULLS LAST, doc_id DESC
""".format(
    is_order=definitions.sql_is_purchase_order("so.state"),
    is_invoice=definitions.sql_is_purchase_invoice("inv.type", "inv.state"),
)

HISTORY_COLUMNS = ("same_product", "doc_kind", "doc_id", "doc_name", "date", "product_id",
                   "net", "discount", "qty", "currency_id")


def net_price(price_unit, discount, digits=2):
    """Unit price after the line's discount (percent), as the conflict check
    and the history compare it."""
    return round((price_unit or 0.0) * (1 - (discount or 0.0) / 100.0), digits)


def margin(net, cost, quantity=1.0):
    """Margin of a line from its net unit price and unit cost: per unit, for
    the quantity, and as a share of the price (None when the price is 0)."""
    unit = net - cost
    return {
        "cost": cost,
        "unit_margin": unit,
        "margin": unit * (quantity or 0.0),
        "margin_percent": round(100.0 * unit / net, 1) if net else None,
    }


def split_history(rows, currency_id):
    """History rows (HISTORY_COLUMNS tuples) into the product's and the
    category's lists of dicts; ``other_currency`` marks a price in another
    currency than the quotation's."""
    product, category = [], []
    for row in rows:
        item = dict(zip(HISTORY_COLUMNS, row))
        same = item.pop("same_product")
        item["net"] = float(item["net"] or 0.0)
        item["discount"] = float(item["discount"] or 0.0)
        item["qty"] = float(item["qty"] or 0.0)
        item["other_currency"] = item["currency_id"] != currency_id
        (product if same else category).append(item)
    return product, category


def _given(value):
    """False and None are "not given" (XML-RPC has no None); 0 is a value."""
    return value is not False and value is not None


def input_error(line_id, values):
    """The code of what is wrong with the popover's input, or None.

    ``line_id``: a saved line's id or False; ``values``: a dict of the line's
    values as the form holds them (product_id, order_id, partner_id,
    pricelist_id, company_id: ids or False; price_unit, discount,
    product_uom_qty: numbers).
    """
    if _given(line_id) and (isinstance(line_id, bool) or not isinstance(line_id, int)
                            or line_id <= 0):
        return "bad_line"
    if values is None:
        values = {}
    if not isinstance(values, dict):
        return "bad_values"
    for key in ("product_id", "order_id", "partner_id", "pricelist_id", "company_id"):
        value = values.get(key)
        if _given(value) and (isinstance(value, bool) or not isinstance(value, int)
                              or value <= 0):
            return "bad_values"
    for key in ("price_unit", "discount", "product_uom_qty"):
        value = values.get(key)
        if _given(value) and (isinstance(value, bool) or not isinstance(value, (int, float))):
            return "bad_values"
    discount = values.get("discount")
    if discount and not 0 <= discount <= 100:
        return "bad_discount"
    if not line_id and not values.get("order_id") and not values.get("partner_id"):
        return "no_customer"
    return None

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The usual discount of a tier and segment (no Odoo import).

The median discount (percent, 0 for a line without one) of the confirmed
order lines of the program's customers who are now in the tier and the RFM
segment, over the program's company: for the product's category and for
every product. Python (``usual_discount``) and SQL agree
(``tests/test_loyalty_pricing.py``).
"""
from odoo.addons.crm_customer_base.rules import definitions

USUAL_DISCOUNT_SQL = """
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY COALESCE(l.discount, 0))
               FILTER (WHERE pt.categ_id = %(categ_id)s),
           count(*) FILTER (WHERE pt.categ_id = %(categ_id)s),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY COALESCE(l.discount, 0)),
           count(*)
      FROM sale_order_line l
      JOIN sale_order so ON so.id = l.order_id
      JOIN res_partner p ON p.id = so.partner_id
      JOIN crm_loyalty_membership m ON m.partner_id = p.commercial_partner_id
      JOIN product_product pp ON pp.id = l.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE m.program_id = %(program_id)s
       AND m.tier_id = %(tier_id)s
       AND m.segment IS NOT DISTINCT FROM %(segment)s
       AND so.company_id = %(company_id)s
       AND {is_order}
""".format(is_order=definitions.sql_is_purchase_order("so.state"))


def median(values):
    """Median of numbers, None without any (percentile_cont(0.5))."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2.0


def usual_discount(lines, categ_id):
    """Python reference of USUAL_DISCOUNT_SQL on lines already restricted to
    the tier, segment and company: dicts with ``discount``, ``categ_id`` and
    ``state``. Returns (category median, category count, median, count)."""
    bought = [line for line in lines if definitions.is_purchase_order(line["state"])]
    in_category = [line["discount"] or 0.0 for line in bought if line["categ_id"] == categ_id]
    every = [line["discount"] or 0.0 for line in bought]
    return median(in_category), len(in_category), median(every), len(every)

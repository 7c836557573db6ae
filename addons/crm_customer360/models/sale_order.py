# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ..wizards.crm_customer360_sale_confirm import WARN_KEY

OPEN_STATES = ("draft", "sent")
# Changes that can make a price conflict appear.
ORDER_TRIGGERS = {"order_line", "user_id", "state", "partner_id", "pricelist_id"}
LINE_TRIGGERS = {"price_unit", "discount", "product_id", "product_uom", "order_id"}
SKIP_CHECK = "customer360_skip_price_conflict_check"
# Set while an order is confirmed: a nested confirmation (another addon's
# override calling action_confirm again) posts no second note.
SKIP_SOLD_OVER_NOTE = "customer360_sold_over_noted"

# Pairs of open quotations of the same commercial entity in the same company,
# by different salespeople, with a line of the same product (same unit of measure and
# currency) at a different net unit price. {where} filters "so1".
CONFLICT_SQL = """
    SELECT so1.id, so2.id, array_agg(DISTINCT l1.product_id)
      FROM sale_order so1
      JOIN res_partner p1 ON p1.id = so1.partner_id
      JOIN product_pricelist pl1 ON pl1.id = so1.pricelist_id
      JOIN sale_order_line l1 ON l1.order_id = so1.id
      JOIN sale_order_line l2 ON l2.product_id = l1.product_id
                             AND l2.product_uom = l1.product_uom
                             AND l2.order_id <> so1.id
                             AND ROUND(l2.price_unit * (1 - COALESCE(l2.discount, 0) / 100.0), %(digits)s)
                              <> ROUND(l1.price_unit * (1 - COALESCE(l1.discount, 0) / 100.0), %(digits)s)
      JOIN sale_order so2 ON so2.id = l2.order_id
      JOIN res_partner p2 ON p2.id = so2.partner_id
      JOIN product_pricelist pl2 ON pl2.id = so2.pricelist_id
     WHERE {where}
       AND so1.state IN %(states)s AND so2.state IN %(states)s
       AND p2.commercial_partner_id = p1.commercial_partner_id
       AND so2.company_id = so1.company_id
       AND so1.user_id IS NOT NULL AND so2.user_id IS NOT NULL
       AND so2.user_id <> so1.user_id
       AND pl2.currency_id = pl1.currency_id
  GROUP BY so1.id, so2.id
  ORDER BY so1.id, so2.id
"""

# The same pairs for whole customers (360 header): the customers' open
# quotation lines are read once, then joined with themselves by product. The
# pair query above, planned for a few orders, crossed every open quotation of
# a big customer with every other (160,000 pairs, 0.6 s at bench scale).
CUSTOMER_CONFLICT_SQL = """
    WITH open_lines AS MATERIALIZED (
        SELECT so.id AS order_id, so.user_id, so.company_id, p.commercial_partner_id,
               pl.currency_id,
               l.product_id, l.product_uom,
               ROUND(l.price_unit * (1 - COALESCE(l.discount, 0) / 100.0), %(digits)s) AS net
          FROM res_partner p
          JOIN sale_order so ON so.partner_id = p.id
          JOIN product_pricelist pl ON pl.id = so.pricelist_id
          JOIN sale_order_line l ON l.order_id = so.id
         WHERE p.commercial_partner_id IN %(partners)s
           AND so.state IN %(states)s AND so.user_id IS NOT NULL
    )
    SELECT a.order_id, b.order_id, array_agg(DISTINCT a.product_id)
      FROM open_lines a
      JOIN open_lines b ON b.commercial_partner_id = a.commercial_partner_id
                       AND b.company_id = a.company_id
                       AND b.product_id = a.product_id
                       AND b.product_uom = a.product_uom
                       AND b.currency_id = a.currency_id
                       AND b.order_id > a.order_id
                       AND b.user_id <> a.user_id
                       AND b.net <> a.net
  GROUP BY a.order_id, b.order_id
  ORDER BY a.order_id, b.order_id
"""


def price_conflict_rows(env, where, params):
    """Run the conflict query: rows (order_id, other_order_id, product_ids)."""
    query_params = dict(params, states=OPEN_STATES,
                        digits=env["decimal.precision"].precision_get("Product Price"))
    env.cr.execute(CONFLICT_SQL.format(where=where), query_params)
    return env.cr.fetchall()


class SaleOrder(models.Model):
    _inherit = "sale.order"

    price_conflict_order_ids = fields.Many2many(
        "sale.order",
        relation="sale_order_price_conflict_rel",
        column1="order_id",
        column2="other_order_id",
        string="Conflicting Quotations",
        compute="_compute_price_conflict",
        groups="sales_team.group_sale_salesman",
        help="Open quotations of another salesperson to the same customer "
        "with a different price for the same product.",
    )
    # other salespeople's quotations and prices: salespeople only, never the
    # customer reading their own order in the portal
    has_price_conflict = fields.Boolean(
        compute="_compute_price_conflict", groups="sales_team.group_sale_salesman")
    price_conflict_summary = fields.Text(
        string="Price Conflicts", compute="_compute_price_conflict",
        groups="sales_team.group_sale_salesman")
    price_conflict_notified_ids = fields.Many2many(
        "sale.order",
        relation="sale_order_price_conflict_notified_rel",
        column1="order_id",
        column2="other_order_id",
        string="Price Conflicts Notified",
        copy=False,
        readonly=True,
        groups="sales_team.group_sale_salesman",
        help="Technical: conflicting quotations the salesperson already got "
        "an activity about.",
    )

    @api.depends("state", "user_id", "partner_id", "pricelist_id",
                 "order_line.price_unit", "order_line.discount", "order_line.product_id",
                 "order_line.product_uom")
    def _compute_price_conflict(self):
        # In a form's onchange the record is new: use the saved quotation.
        db_ids = {order: order.id if isinstance(order.id, int)
                  else getattr(getattr(order, "_origin", None), "id", False)
                  for order in self}
        ids = tuple(i for i in db_ids.values() if i)
        rows = price_conflict_rows(self.env, "so1.id IN %(ids)s", {"ids": ids}) if ids else []
        others, products = {}, {}
        for order_id, other_id, product_ids in rows:
            others.setdefault(order_id, []).append(other_id)
            products[(order_id, other_id)] = product_ids
        # Colleagues' quotations may be out of the user's record rules: the
        # summary names them all the same.
        Order = self.env["sale.order"].sudo()
        order_labels = {
            o.id: (o.name, o.user_id.name)
            for o in Order.browse(sorted({i for ids_ in others.values() for i in ids_}))}
        product_names = {
            p.id: p.display_name for p in self.env["product.product"].sudo().browse(
                sorted({p for ps in products.values() for p in ps}))}
        for order in self:
            other_ids = others.get(db_ids[order], [])
            order.price_conflict_order_ids = [(6, 0, other_ids)]
            order.has_price_conflict = bool(other_ids)
            order.price_conflict_summary = "\n".join(
                _("%(order)s by %(user)s: %(products)s") % {
                    "order": order_labels[other_id][0],
                    "user": order_labels[other_id][1],
                    "products": ", ".join(
                        product_names[p] for p in products[(db_ids[order], other_id)]),
                } for other_id in other_ids) or False

    @api.multi
    def _customer360_notify_price_conflicts(self):
        """Give each salesperson a To Do on their quotation for every new
        conflicting quotation, once per pair (marker: notified_ids)."""
        ids = tuple(self.ids)
        if not ids:
            return
        pairs = set()
        for order_id, other_id, _products in price_conflict_rows(
                self.env, "so1.id IN %(ids)s", {"ids": ids}):
            pairs |= {(order_id, other_id), (other_id, order_id)}
        if not pairs:
            return
        self.env.cr.execute(
            "SELECT order_id, other_order_id FROM sale_order_price_conflict_notified_rel "
            "WHERE order_id IN %s", [tuple({p[0] for p in pairs})])
        new_pairs = sorted(pairs - set(self.env.cr.fetchall()))
        if not new_pairs:
            return
        Order = self.env["sale.order"].sudo()
        orders = Order.browse(sorted({i for pair in new_pairs for i in pair}))
        model_id = self.env["ir.model"]._get_id("sale.order")
        todo = self.env.ref("mail.mail_activity_data_todo")
        today = fields.Date.context_today(self)
        Activity = self.env["mail.activity"].sudo()
        for order_id, other_id in new_pairs:
            order, other = orders.browse(order_id), orders.browse(other_id)
            Activity.create({
                "res_model_id": model_id,
                "res_id": order.id,
                "activity_type_id": todo.id,
                "user_id": order.user_id.id,
                "date_deadline": today,
                "summary": _("Price conflict with %(order)s") % {"order": other.name},
                "note": _("Another salesperson (%(user)s) quoted a different price for "
                          "the same product to this customer in %(order)s. Agree on "
                          "one price before the customer compares.") % {
                              "user": other.user_id.name, "order": other.name},
            })
        self.env.cr.execute(
            "INSERT INTO sale_order_price_conflict_notified_rel (order_id, other_order_id) "
            "SELECT unnest(%s), unnest(%s) ON CONFLICT DO NOTHING",
            [[p[0] for p in new_pairs], [p[1] for p in new_pairs]])
        orders.invalidate_cache(["price_conflict_notified_ids"])

    @api.model
    def create(self, vals):
        order = super(SaleOrder, self.with_context(**{SKIP_CHECK: True})).create(vals)
        order = order.with_env(self.env)
        if not self.env.context.get(SKIP_CHECK):
            order._customer360_notify_price_conflicts()
        return order

    @api.multi
    def write(self, vals):
        check = ORDER_TRIGGERS & set(vals) and not self.env.context.get(SKIP_CHECK)
        res = super(SaleOrder, self.with_context(**{SKIP_CHECK: True}) if check else self
                    ).write(vals)
        if check:
            self._customer360_notify_price_conflicts()
        return res

    @api.onchange("partner_id")
    def _onchange_partner_id_customer360(self):
        return self.env["crm.customer360.problem"]._customer360_warning(self.partner_id)

    @api.multi
    def action_confirm(self):
        """Confirm, over the customers' open problems: blocked for
        non-managers when *Block selling over open problems* is set; from
        the *Confirm Sale* button (context key
        ``customer360_warn_open_problems``) the dialog
        ``crm.customer360.sale.confirm`` opens first and nothing is
        confirmed; its *Confirm anyway* (and any call without the key)
        confirms and posts one note per order listing the problems."""
        Problem = self.env["crm.customer360.problem"]
        found = Problem._customer360_check_selling(self, _("confirm this quotation"))
        if found and self.env.context.get(WARN_KEY):
            return self.env["crm.customer360.sale.confirm"]._open_for(found)
        res = super(SaleOrder, self.with_context(**{SKIP_SOLD_OVER_NOTE: True})).action_confirm()
        if not self.env.context.get(SKIP_SOLD_OVER_NOTE):
            Problem._customer360_post_sold_over(found)
        return res

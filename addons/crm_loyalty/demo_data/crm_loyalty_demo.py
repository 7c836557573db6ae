# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo data only: two years of purchases that populate every tier, RFM
segment and value x loyalty quadrant.

Called from demo/crm_loyalty_demo.xml. Customers get confirmed sales orders
and validated invoices and refunds (some in EUR) following the plan of
demo_plan.py; the program is then assessed once a month over the last year,
so that the tier history shows upgrades and downgrades after the grace
period, and one customer gets a manual override. Deterministic: one seeded
random generator. Without a chart of accounts (no sale journal) nothing is
generated.
"""
import datetime
import logging
import random

from odoo import api, fields, models

from odoo.addons.crm_customer_base.rules import definitions

from . import demo_plan

_logger = logging.getLogger(__name__)

# Customers that bought before the demo runs, as the recompute sees them.
EXISTING_QUERY = """
WITH purchases AS (
    SELECT p.commercial_partner_id AS cp, o.date_order::date AS d, 1 AS orders, 0 AS invoices
      FROM sale_order o JOIN res_partner p ON p.id = o.partner_id
     WHERE o.company_id = %(company)s AND {is_purchase_order}
       AND o.date_order::date <= %(today)s
    UNION ALL
    SELECT p.commercial_partner_id, i.date_invoice, 0, 1
      FROM account_invoice i JOIN res_partner p ON p.id = i.partner_id
     WHERE i.company_id = %(company)s AND {is_purchase_invoice}
       AND i.date_invoice <= %(today)s
)
SELECT cp, %(today)s::date - max(d),
       sum(orders) FILTER (WHERE d >= %(start)s),
       sum(invoices) FILTER (WHERE d >= %(start)s)
  FROM purchases
 GROUP BY cp
HAVING bool_or(d >= %(start)s)
 ORDER BY 2, 1
""".format(
    is_purchase_order=definitions.sql_is_purchase_order("o.state"),
    is_purchase_invoice=definitions.sql_is_purchase_invoice("i.type", "i.state"),
)

# Invoiced products other than the demo product: their quantity-weighted
# average unit price on posted customer invoices (company currency, product
# unit) and their first invoice day.
AVERAGE_PRICES_QUERY = """
SELECT l.product_id,
       sum(l.price_subtotal_signed)
           / nullif(sum(CASE WHEN lu.id = pu.id THEN l.quantity
                             ELSE l.quantity / lu.factor * pu.factor END), 0),
       min(i.date_invoice)
  FROM account_invoice_line l
  JOIN account_invoice i ON i.id = l.invoice_id
  JOIN product_product pp ON pp.id = l.product_id
  JOIN product_template pt ON pt.id = pp.product_tmpl_id
  JOIN product_uom lu ON lu.id = l.uom_id
  JOIN product_uom pu ON pu.id = pt.uom_id
 WHERE i.company_id = %(company)s
   AND {is_purchase_invoice}
   AND l.product_id <> %(demo)s
   AND l.quantity > 0
 GROUP BY l.product_id
 ORDER BY l.product_id
""".format(is_purchase_invoice=definitions.sql_is_purchase_invoice("i.type", "i.state"))
DEMO_WEIGHTS = {"weight_revenue": 60.0, "weight_orders": 10.0, "weight_recency": 15.0,
                "weight_tenure": 5.0, "weight_referrals": 10.0,
                # an hour of service for the cost to serve: the estimate counts
                # the working hours to solve a ticket, more than the agents spend
                "service_hourly_cost": 15.0}
# Cost of the invoiced products as a share of their average price (45 % margin).
COST_SHARE = 0.55
# Odoo's own demo products that Odoo's demo invoices (account's, loaded with
# a chart of accounts, before or after this module) sell far below their demo
# cost (a "Server" of cost 65,000 at 25 and 90): (list price, cost) near the
# prices of those invoices, set whatever the order of installation.
ODOO_DEMO_PRODUCTS = {
    "product.consu_delivery_01": (95.0, 20.0),  # Server: invoiced at 25 and 90
    "product.consu_delivery_02": (680.0, 350.0),  # Little server: at 642
    "product.consu_delivery_03": (300.0, 70.0),  # Basic Computer: at 15, 50 and 280
}

BENEFITS = {
    "Bronze": "<p>Member prices on promotions and our quarterly newsletter.</p>",
    "Silver": "<ul><li>3% off the catalogue price</li>"
    "<li>Free delivery on orders over 500</li></ul>",
    "Gold": "<ul><li>5% off the catalogue price</li><li>Free delivery</li>"
    "<li>Priority service: first answer within 2 working hours</li></ul>",
    "Platinum": "<ul><li>10% off the catalogue price</li><li>Free express delivery</li>"
    "<li>A dedicated account manager</li>"
    "<li>Priority service: first answer within 2 working hours</li></ul>",
}
DEMO_PRODUCT_CODE = "LOYALTY-DEMO"
DISCOUNTS = {"Silver": 3.0, "Gold": 5.0, "Platinum": 10.0}
SLA_CLASSES = {"Gold": "Gold", "Platinum": "Gold"}
# Cells of customers whose value does not follow their loyalty, so that the
# four quadrants are populated: big occasional buyers, small faithful ones.
BIG_SPENDERS = {(5, 1)}
# Occasional buyers (invoices only, nothing before the window): small ones
# are the least loyal, big ones are valuable but not loyal.
LOW_LOYALTY = {(1, 1), (1, 2)}
OCCASIONAL_BIG = {(2, 1), (3, 1), (2, 2)}
SMALL_SPENDERS = {(4, 5), (3, 5), (5, 3), (4, 4), (3, 4)}
# Champions: the largest buyers, long-standing, who brought other customers.
TOP_CUSTOMERS = {(5, 5), (5, 4)}


class CrmLoyaltyDemo(models.AbstractModel):
    _name = "crm.loyalty.demo"
    _description = "Loyalty demo data"

    @api.model
    def _generate(self, partner_xmlids, seed=2026):
        self = self.with_context(  # pylint: disable=self-cls-assignment
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        env = self.env
        program = env.ref("crm_loyalty.crm_loyalty_program_default", raise_if_not_found=False)
        if not program:
            return
        company = program.company_id
        # The last assessment is yesterday's, as the nightly job leaves it;
        # every date of the plan counts back from that day.
        today = fields.Date.from_string(fields.Date.context_today(self)) - datetime.timedelta(
            days=1
        )
        # before anything is invoiced: with or without a chart of accounts yet
        self._demo_odoo_product_costs(company, today)
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        account = journal.default_credit_account_id
        if not journal or not account:
            _logger.info(
                "Loyalty demo: no chart of accounts (sale journal) in %s, no purchases "
                "generated.", company.name,
            )
            return
        if env["product.product"].search([("default_code", "=", DEMO_PRODUCT_CODE)], limit=1):
            # Safe to call again (from a shell, or a reloaded demo file).
            _logger.info("Loyalty demo: already generated.")
            return
        rng = random.Random(seed)
        self._demo_tier_benefits(program)
        product = self._demo_product()
        customers = self._demo_customers(company, partner_xmlids, today, program.window_days)
        eur = env.ref("base.EUR")
        if eur == company.currency_id:
            eur = env.ref("base.USD")
        if not eur.active:
            eur.active = True
        orders, invoices = [], []
        for index, (partner, cell, existing) in enumerate(customers):
            plan = self._demo_customer_plan(rng, cell, existing, program.window_days)
            for days in plan["orders"]:
                orders.append((partner, days))
            currency = eur if index % 3 == 2 else company.currency_id
            for days, quantity in plan["invoices"]:
                invoices.append((partner, days, quantity, "out_invoice", currency))
            if plan["refund"]:
                invoices.append((partner,) + plan["refund"] + (currency,))
        self._demo_orders(orders, product, today)
        self._demo_invoices(invoices, product, journal, account, today)
        self._demo_costs(company, product, today)
        self._demo_referrals(customers)
        # Revenue leads the demo score, so that tiers follow what customers
        # spend (a customer of 600 is not Gold beside one of 25,000).
        program.write(DEMO_WEIGHTS)
        self._demo_assess(program, customers, today)

    # ------------------------------------------------------------------
    # configuration
    # ------------------------------------------------------------------
    @api.model
    def _demo_tier_benefits(self, program):
        Pricelist = self.env["product.pricelist"]
        for tier in program.tier_ids:
            values = {"benefits": BENEFITS.get(tier.name, False),
                      "sla_class": SLA_CLASSES.get(tier.name, False)}
            if tier.name in DISCOUNTS and not tier.pricelist_id:
                values["pricelist_id"] = Pricelist.create(
                    {
                        "name": "%s customers" % tier.name,
                        "company_id": program.company_id.id,
                        "currency_id": program.company_id.currency_id.id,
                        "item_ids": [
                            (0, 0, {"applied_on": "3_global", "compute_price": "percentage",
                                    "percent_price": DISCOUNTS[tier.name]})
                        ],
                    }
                ).id
            tier.write(values)

    @api.model
    def _demo_product(self):
        return self.env["product.product"].create(
            {
                "name": "Maintenance pack (loyalty demo)",
                "default_code": DEMO_PRODUCT_CODE,
                "type": "service",
                "list_price": 100.0,
                "standard_price": 62.0,
                "sale_ok": True,
            }
        )

    # ------------------------------------------------------------------
    # customers and their purchases
    # ------------------------------------------------------------------
    @api.model
    def _demo_customers(self, company, partner_xmlids, today, window):
        """[(commercial partner, (r, f) cell, existing (orders, invoices))]:
        customers who already bought first, then demo customers for the
        remaining cells."""
        cr = self.env.cr
        start = today - datetime.timedelta(days=window - 1)
        cr.execute(EXISTING_QUERY, {"company": company.id, "today": today, "start": start})
        rows = cr.fetchall()
        existing = {cp: (orders or 0, invoices or 0) for cp, _rec, orders, invoices in rows}
        cells, left = demo_plan.assign_cells(
            [(cp, max(existing[cp]), recency) for cp, recency, _o, _i in rows]
        )
        if left:
            _logger.warning(
                "Loyalty demo: %d customers already buy too often to fit the plan; "
                "some RFM segments may stay empty.", len(left),
            )
        Partner = self.env["res.partner"]
        result = [(Partner.browse(cp), cell, existing[cp]) for cp, cell in sorted(cells.items())]
        free = [cell for cell in demo_plan.CELLS if cell not in cells.values()]
        taken = set(existing)
        pool = Partner.browse()
        for xmlid in partner_xmlids:
            partner = self.env.ref(xmlid, raise_if_not_found=False)
            if not partner:
                _logger.warning("Loyalty demo: no partner %s.", xmlid)
            elif partner.commercial_partner_id.id not in taken:
                pool |= partner.commercial_partner_id
                taken.add(partner.commercial_partner_id.id)
        for partner, cell in zip(pool, free):
            result.append((partner, cell, (0, 0)))
        return result

    @api.model
    def _demo_customer_plan(self, rng, cell, existing, window):
        """Days ago of the orders and invoices to create for one customer."""
        r, f = cell
        recency = rng.randint(*demo_plan.RECENCY[r])
        low, high = demo_plan.FREQUENCY[f]
        frequency = min(max(rng.randint(low, min(high, low + 1)), max(existing) + 1), high)
        days = demo_plan.purchase_days(rng, recency, frequency, window)
        # Existing orders stand for the oldest purchases of the plan.
        order_days = days[: len(days) - existing[0]]
        if (cell in LOW_LOYALTY or cell in OCCASIONAL_BIG) and not any(existing):
            size = (2, 6) if cell in LOW_LOYALTY else (60, 100)
            units = [rng.randint(*size) for _day in days]
            return {"orders": [], "invoices": list(zip(days, units)), "refund": ()}
        # Invoices: one or two of the purchases, never more than the orders,
        # so that the frequency is the number of orders.
        count = min(frequency - existing[1], 2)
        invoice_days = sorted(rng.sample(days, count))
        if cell in TOP_CUSTOMERS:
            total = rng.randint(450, 600)
        elif cell in BIG_SPENDERS:
            total = rng.randint(220, 400)
        elif cell in SMALL_SPENDERS:
            total = rng.randint(3, 6)
        else:
            total = rng.randint(10, 25) * f
        invoices = [(day, max(1, total // count + rng.randint(-1, 1))) for day in invoice_days]
        # Tenure: most customers also bought once before the window.
        if cell in TOP_CUSTOMERS or rng.random() < 0.7:
            order_days.append(window + rng.randint(30, 330))
        refund = ()
        if invoices and rng.random() < 0.3:
            day, quantity = invoices[0]
            refund = (max(0, day - 10), max(1, quantity // 4), "out_refund")
        return {"orders": order_days, "invoices": invoices, "refund": refund}

    @api.model
    def _demo_orders(self, plan, product, today):
        Order = self.env["sale.order"]
        orders = Order.browse()
        dates = []
        for partner, days in plan:
            orders |= Order.create(
                {
                    "partner_id": partner.id,
                    "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
                }
            )
            dates.append(self._demo_moment(today, days))
        for order in orders:  # Odoo 11 confirms one order at a time
            order.action_confirm()
        self.env.cr.execute(
            """
            UPDATE sale_order o
               SET date_order = v.moment, confirmation_date = v.moment, create_date = v.moment
              FROM unnest(%s::int[], %s::timestamp[]) AS v(id, moment)
             WHERE o.id = v.id
            """,
            (orders.ids, dates),
        )
        orders.invalidate_cache()

    @api.model
    def _demo_invoices(self, plan, product, journal, account, today):
        Invoice = self.env["account.invoice"]
        invoices = Invoice.browse()
        for partner, days, quantity, kind, currency in plan:
            invoices |= Invoice.create(
                {
                    "partner_id": partner.id,
                    "type": kind,
                    "journal_id": journal.id,
                    "currency_id": currency.id,
                    "date_invoice": fields.Date.to_string(
                        today - datetime.timedelta(days=days)
                    ),
                    "invoice_line_ids": [
                        (0, 0, {"product_id": product.id, "name": product.name,
                                "quantity": quantity, "price_unit": product.list_price,
                                "account_id": account.id})
                    ],
                }
            )
        invoices.action_invoice_open()

    @api.model
    def _demo_costs(self, company, demo_product, today):
        """Believable product costs for the products the company invoices.

        Odoo's own demo products cost more than their demo invoices charge
        (a 45,000 server invoiced at 642), which gave margins of -7,000 %.
        Each invoiced product gets a list price near its average invoiced
        unit price (when the current one is far off) and a cost of
        COST_SHARE of that price; its price history is replaced by one row
        dated before its first invoice, so that the cost of goods uses it.
        The demo product's cost rose from 58 to 62 six months ago (the cost
        at the invoice date differs from today's)."""
        cr = self.env.cr
        cr.execute(AVERAGE_PRICES_QUERY, {"company": company.id, "today": today,
                                          "demo": demo_product.id})
        History = self.env["product.price.history"]
        Product = self.env["product.product"].with_context(force_company=company.id)
        fixed = {self.env.ref(xmlid, raise_if_not_found=False) for xmlid in ODOO_DEMO_PRODUCTS}
        fixed = {product.id for product in fixed if product}
        for product_id, average, first_day in cr.fetchall():
            product = Product.browse(product_id)
            values = {}
            if not average or average <= 0 or product_id in fixed:
                continue
            if product.list_price > 2 * average or product.list_price < average:
                values["list_price"] = round(average * 1.05, 2)
            cost = round(average * COST_SHARE, 2)
            values["standard_price"] = cost
            product.write(values)
            History.search([("product_id", "=", product.id),
                            ("company_id", "=", company.id)]).unlink()
            History.create({
                "product_id": product.id, "company_id": company.id, "cost": cost,
                "datetime": fields.Datetime.to_string(datetime.datetime.combine(
                    fields.Date.from_string(first_day) - datetime.timedelta(days=30),
                    datetime.time(8, 0))),
            })
        demo = Product.browse(demo_product.id)
        History.search([("product_id", "=", demo.id),
                        ("company_id", "=", company.id)]).unlink()
        for days, cost in ((3 * 365, 58.0), (180, 62.0)):
            History.create({
                "product_id": demo.id, "company_id": company.id, "cost": cost,
                "datetime": self._demo_moment(today, days),
            })

    @api.model
    def _demo_odoo_product_costs(self, company, today):
        """List prices and costs of ODOO_DEMO_PRODUCTS, with one cost history
        row dated three years ago (before any demo invoice: the cost of goods
        takes the cost at the invoice date)."""
        History = self.env["product.price.history"]
        for xmlid, (price, cost) in sorted(ODOO_DEMO_PRODUCTS.items()):
            product = self.env.ref(xmlid, raise_if_not_found=False)
            if not product:
                continue
            product.with_context(force_company=company.id).write(
                {"list_price": price, "standard_price": cost})
            History.search([("product_id", "=", product.id),
                            ("company_id", "=", company.id)]).unlink()
            History.create({"product_id": product.id, "company_id": company.id,
                            "cost": cost, "datetime": self._demo_moment(today, 3 * 365)})

    @api.model
    def _demo_referrals(self, customers):
        """The champions brought two customers each, and some small faithful
        buyers one each (they are worth asking for more)."""
        by_cell = {cell: partner for partner, cell, _existing in customers}
        pairs = [
            ((4, 3), (5, 5)), ((3, 3), (5, 5)), ((4, 2), (5, 4)), ((3, 2), (5, 4)),
            ((2, 3), (4, 5)), ((1, 4), (4, 4)), ((1, 3), (3, 5)),
        ]
        for referred, referrer in pairs:
            if referred in by_cell and referrer in by_cell:
                by_cell[referred].referred_by_id = by_cell[referrer]

    @staticmethod
    def _demo_moment(today, days):
        moment = datetime.datetime.combine(
            today - datetime.timedelta(days=days), datetime.time(10, 30)
        )
        return fields.Datetime.to_string(moment)

    # ------------------------------------------------------------------
    # assessments
    # ------------------------------------------------------------------
    @api.model
    def _demo_assess(self, program, customers, today):
        """Assess monthly over the last year, override one customer's tier,
        then assess on the last day of the plan."""
        for months in range(12, 0, -1):
            program._recompute(
                today=fields.Date.to_string(today - datetime.timedelta(days=30 * months))
            )
        tiers = program.tier_ids.sorted(lambda t: (t.sequence, t.id))
        # A promising customer pushed one tier up for a negotiation.
        candidates = [
            partner for partner, _cell, _existing in customers
            if partner.loyalty_tier_id and partner.loyalty_tier_id != tiers[-1]
        ]
        if candidates:
            partner = candidates[len(candidates) // 2]
            index = list(tiers).index(partner.loyalty_tier_id)
            partner._loyalty_set_override(
                tiers[index + 1],
                "Framework agreement under negotiation",
                fields.Date.to_string(today + datetime.timedelta(days=90)),
            )
        program._recompute(today=fields.Date.to_string(today))

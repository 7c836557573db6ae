# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random
from datetime import datetime

from odoo.tests.common import TransactionCase


class TestDemoOrders(TransactionCase):
    """The demo's orders tell the same story whatever the time of day the
    demo is installed: each delivery is done. A delivery left open held its
    consumables reserved in WH/Stock only when the demo ran after midnight in
    the office's time zone, and Odoo's own stock test that changes that
    location (test_robustness) failed on such a database."""

    def test_every_demo_delivery_is_done(self):
        if "sale.order" not in self.env or "picking_ids" not in self.env["sale.order"]._fields:
            self.skipTest("sale_stock is not installed")
        if not self.env["stock.warehouse"].search([], limit=1):
            self.skipTest("no warehouse")
        customers = self.env["res.partner"]
        for i in range(3):
            customers |= self.env["res.partner"].create({"name": "Demo order customer %d" % i})
        # installed at 00:10 in Shanghai (16:10 UTC), and at noon there
        for now in (datetime(2026, 12, 7, 16, 10), datetime(2026, 12, 7, 4, 0)):
            self.env["crm.service.kpi.demo"]._demo_orders(
                random.Random(0), now, customers, self.env["utm.campaign"])
        orders = self.env["sale.order"].search([("partner_id", "in", customers.ids)])
        self.assertEqual(len(orders), 2 * 24)
        pickings = orders.mapped("picking_ids")
        self.assertTrue(pickings)
        self.assertEqual(set(pickings.mapped("state")), {"done"})
        self.assertFalse(self.env["stock.move.line"].search_count([
            ("move_id.picking_id", "in", pickings.ids), ("product_qty", ">", 0)]))

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase

from ..controllers.main import page_subject

PARAM_EXPIRY_DAYS = "service_feedback_expiry_days"
PARAM_ON_DELIVERY = "service_feedback_on_delivery"
PARAM_THROTTLE_DAYS = "service_feedback_throttle_days"


class CompanySettings:
    """Sets the feedback settings of the user's company (they were system
    parameters before 11.0.1.2.0)."""

    def __init__(self, env):
        self.env = env

    def set_param(self, name, value):
        if name == PARAM_ON_DELIVERY:
            value = bool(value) and value != "False"
        else:
            value = int(value)
        self.env.user.company_id.write({name: value})


class FakeRequest:
    def csrf_token(self, time_limit=None):
        return "csrf"


class TestDeliveryFeedback(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Feedback = cls.env["crm.service.feedback"]
        cls.params = CompanySettings(cls.env)
        cls.params.set_param(PARAM_THROTTLE_DAYS, "30")
        cls.params.set_param(PARAM_EXPIRY_DAYS, "30")
        cls.params.set_param(PARAM_ON_DELIVERY, False)
        salesman = cls.env.ref("sales_team.group_sale_salesman")
        cls.salesperson = cls.env["res.users"].create(
            {"name": "Seller DF", "login": "seller.df.kpi", "groups_id": [(6, 0, [salesman.id])]}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Delivery Customer DF", "email": "df.customer@example.com", "customer": True}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Customer DF", "email": "df.other@example.com", "customer": True}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Kit DF", "type": "consu", "list_price": 10.0}
        )

    def _order(self, partner, qty=2):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": self.salesperson.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": qty})],
            }
        )
        order.action_confirm()
        return order

    def _deliver(self, orders, qty=None):
        pickings = orders.mapped("picking_ids").filtered(lambda p: p.state != "done")
        for move in pickings.mapped("move_lines"):
            move.quantity_done = move.product_uom_qty if qty is None else qty
        pickings.action_done()
        return pickings

    def _requests(self, orders):
        return self.Feedback.search([("sale_order_id", "in", orders.ids)])

    def test_setting_off_asks_nothing(self):
        order = self._order(self.customer)
        pickings = self._deliver(order)
        self.assertEqual(pickings.mapped("state"), ["done"])
        self.assertFalse(self._requests(order))
        self.assertFalse(self.Feedback.search([("picking_id", "in", pickings.ids)]))

    def test_one_request_per_customer(self):
        self.params.set_param(PARAM_ON_DELIVERY, "True")
        first, second = self._order(self.customer), self._order(self.customer)
        other = self._order(self.other_customer)
        self._deliver(first | second | other)
        requests = self._requests(first | second | other)
        # Jane's two deliveries validated together give one request; Bob gets his own.
        self.assertEqual(len(requests), 2)
        self.assertEqual(
            sorted(requests.mapped("partner_id").ids),
            sorted([self.customer.id, self.other_customer.id]),
        )
        mine = requests.filtered(lambda r: r.partner_id == self.customer)
        self.assertEqual(mine.sale_order_id, first, "the first order (lowest id) is asked about")
        self.assertEqual(mine.picking_id, first.picking_ids)
        self.assertEqual(mine.state, "requested")
        self.assertEqual(mine.user_id, self.salesperson, "employee: the order's salesperson")
        self.assertFalse(mine.team_id)
        self.assertFalse(mine.ticket_id)
        expiry = fields.Datetime.from_string(mine.expiry_date)
        requested = fields.Datetime.from_string(mine.request_date)
        self.assertEqual(expiry - requested, timedelta(days=30))
        mail = self.env["mail.mail"].search(
            [("model", "=", "crm.service.feedback"), ("res_id", "=", mine.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("/service/feedback/%s" % mine.sudo().access_token, mail.body_html)
        self.assertIn(first.name, mail.body_html)
        self.assertIn(first.name, mail.subject)
        self.assertIn(self.customer, mail.recipient_ids)
        # An order already asked about is never asked again; without a
        # throttle period, only the order not asked yet gets a request.
        self.params.set_param(PARAM_THROTTLE_DAYS, "0")
        self.assertFalse(self.Feedback._request_for_pickings(first.picking_ids))
        again = self.Feedback._request_for_pickings(first.picking_ids | second.picking_ids)
        self.assertEqual(again.sale_order_id, second)
        self.assertEqual(len(self._requests(first | second | other)), 3)

    def test_cooldown_shared_with_tickets(self):
        self.params.set_param(PARAM_ON_DELIVERY, "True")
        ten_days_ago = fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=10)
        )
        previous = self.Feedback.create(
            {"state": "requested", "partner_id": self.customer.id, "request_date": ten_days_ago}
        )
        order = self._order(self.customer)
        self._deliver(order)
        self.assertFalse(self._requests(order), "asked 10 days ago, period is 30 days")
        # A shorter period lets the next delivery through.
        self.params.set_param(PARAM_THROTTLE_DAYS, "7")
        later = self._order(self.customer)
        self._deliver(later)
        self.assertEqual(len(self._requests(later)), 1)
        self.assertTrue(previous.exists())

    def test_partial_delivery_and_backorder(self):
        self.params.set_param(PARAM_ON_DELIVERY, "True")
        self.params.set_param(PARAM_THROTTLE_DAYS, "0")
        order = self._order(self.customer, qty=5)
        picking = order.picking_ids
        for move in picking.move_lines:
            move.quantity_done = 2
        picking.action_done()
        self.assertEqual(len(self._requests(order)), 1)
        backorder = order.picking_ids - picking
        self.assertTrue(backorder)
        self._deliver(order)
        self.assertEqual(backorder.state, "done")
        self.assertEqual(len(self._requests(order)), 1, "one request per order")

    def test_receipts_are_not_asked(self):
        self.params.set_param(PARAM_ON_DELIVERY, "True")
        receipt_type = self.env["stock.picking.type"].search([("code", "=", "incoming")], limit=1)
        receipt = self.env["stock.picking"].create(
            {
                "partner_id": self.customer.id,
                "picking_type_id": receipt_type.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": receipt_type.default_location_dest_id.id,
                "move_lines": [(0, 0, {
                    "name": "Kit DF", "product_id": self.product.id, "product_uom_qty": 1,
                    "product_uom": self.product.uom_id.id,
                    "location_id": self.env.ref("stock.stock_location_suppliers").id,
                    "location_dest_id": receipt_type.default_location_dest_id.id,
                })],
            }
        )
        receipt.action_confirm()
        receipt.move_lines.quantity_done = 1
        receipt.action_done()
        self.assertEqual(receipt.state, "done")
        self.assertFalse(self.Feedback.search([("picking_id", "=", receipt.id)]))

    def test_token_page_and_kpis_for_an_order(self):
        self.params.set_param(PARAM_ON_DELIVERY, "True")
        order = self._order(self.customer)
        self._deliver(order)
        request = self._requests(order)
        token = request.sudo().access_token
        found, status = self.Feedback._find_by_token(token)
        self.assertEqual((found, status), (request, "valid"))
        values = dict(page_subject(found), request=FakeRequest(), token=token, errors=[],
                      csat=None, nps=None, comment="")
        self.assertEqual(values["order"], order)
        self.assertIsNone(values["ticket"])
        html = self.env["ir.ui.view"].render_template(
            "crm_service_kpi.feedback_page_form", values).decode()
        self.assertIn(order.name, html)
        self.assertIn("your order and its delivery", html)
        self.assertNotIn("o_fb_ticket_ref", html)

        today = fields.Date.context_today(self.Feedback)
        Ticket = self.env["helpdesk.ticket"]
        before = Ticket.kpi_summary(today, today)
        rec, status, errors = self.Feedback._submit_answer_by_token(token, "4", "10", "On time")
        self.assertEqual((rec, status, errors), (request, "valid", []))
        thanks = self.env["ir.ui.view"].render_template(
            "crm_service_kpi.feedback_page_thanks", dict(page_subject(rec), request=FakeRequest())
        ).decode()
        self.assertIn(order.name, thanks)
        # Company totals count delivery feedback; per employee it belongs to
        # the salesperson; a team filter leaves it out (it has no team).
        after = Ticket.kpi_summary(today, today)
        self.assertEqual(after["feedback_answered_count"], before["feedback_answered_count"] + 1)
        mine = Ticket.kpi_summary(today, today, user_ids=[self.salesperson.id])
        self.assertEqual(
            (mine["feedback_answered_count"], mine["csat_avg"], mine["nps"],
             mine["feedback_requested_count"], mine["feedback_response_rate_pct"]),
            (1, 4.0, 100.0, 1, 100.0),
        )
        team = self.env["helpdesk.ticket.team"].create({"name": "Team DF"})
        by_team = Ticket.kpi_summary(today, today, team_ids=[team.id])
        self.assertEqual(by_team["feedback_answered_count"], 0)

    def test_settings(self):
        settings = self.env["res.config.settings"].create(
            {
                "service_feedback_on_delivery": True,
                "service_feedback_throttle_days": 14,
                "service_feedback_expiry_days": 60,
            }
        )
        # set_values, not execute: execute also re-applies every group and
        # module setting of the form, which is not what is tested here
        settings.set_values()
        self.assertTrue(self.Feedback._delivery_feedback_enabled())
        self.assertEqual(self.Feedback._company_days(None, PARAM_THROTTLE_DAYS), 14)
        self.assertEqual(self.Feedback._company_days(None, PARAM_EXPIRY_DAYS), 60)
        values = self.env["res.config.settings"].create({}).read(
            ["service_feedback_on_delivery", "service_feedback_throttle_days",
             "service_feedback_expiry_days"])[0]
        self.assertEqual(
            (values["service_feedback_on_delivery"], values["service_feedback_throttle_days"],
             values["service_feedback_expiry_days"]),
            (True, 14, 60),
        )
        self.env["res.config.settings"].create({"service_feedback_on_delivery": False}).set_values()
        self.assertFalse(self.Feedback._delivery_feedback_enabled())
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["res.config.settings"].create({"service_feedback_throttle_days": -1})
        self.assertEqual(self.Feedback._company_days(None, PARAM_THROTTLE_DAYS), 14)

    def test_settings_per_company(self):
        """Issue #14: the feedback settings belong to the company they are
        saved for; another company keeps its own."""
        company = self.env.user.company_id
        other = self.env["res.company"].create({"name": "Feedback Settings Other Co"})
        other.write({PARAM_ON_DELIVERY: False, PARAM_THROTTLE_DAYS: 5,
                     PARAM_EXPIRY_DAYS: 7})
        self.env["res.config.settings"].create({
            PARAM_ON_DELIVERY: True, PARAM_THROTTLE_DAYS: 14, PARAM_EXPIRY_DAYS: 60,
        }).set_values()
        self.assertEqual((company[PARAM_ON_DELIVERY], company[PARAM_THROTTLE_DAYS],
                          company[PARAM_EXPIRY_DAYS]), (True, 14, 60))
        self.assertEqual((other[PARAM_ON_DELIVERY], other[PARAM_THROTTLE_DAYS],
                          other[PARAM_EXPIRY_DAYS]), (False, 5, 7))
        self.assertTrue(self.Feedback._delivery_feedback_enabled(company))
        self.assertFalse(self.Feedback._delivery_feedback_enabled(other))
        self.assertEqual(self.Feedback._company_days(other, PARAM_EXPIRY_DAYS), 7)
        self.assertFalse(self.env["ir.config_parameter"].sudo().get_param(
            "crm_service_kpi.feedback_throttle_days"))

    def test_settings_migration(self):
        """The old global parameters go to every company, then disappear."""
        import importlib.util
        import os
        path = os.path.join(os.path.dirname(__file__), "..", "migrations", "11.0.1.2.0",
                            "post-migration.py")
        spec = importlib.util.spec_from_file_location("skpi_migration_1_2", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        other = self.env["res.company"].create({"name": "Feedback Migration Other Co"})
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("crm_service_kpi.feedback_on_delivery", "True")
        params.set_param("crm_service_kpi.feedback_throttle_days", "12")
        params.set_param("crm_service_kpi.feedback_expiry_days", "45")
        migration.migrate(self.env.cr, "11.0.1.1.0")
        self.env["res.company"].invalidate_cache()
        for company in self.env["res.company"].search([]):
            self.assertEqual((company[PARAM_ON_DELIVERY], company[PARAM_THROTTLE_DAYS],
                              company[PARAM_EXPIRY_DAYS]), (True, 12, 45), company.name)
        self.assertIn(other, self.env["res.company"].search([]))
        params.invalidate_cache()
        self.assertFalse(params.get_param("crm_service_kpi.feedback_throttle_days"))

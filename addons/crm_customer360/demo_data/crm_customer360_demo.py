# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo data only: a rich, spread-out history for a few demo customers.

Called from demo/customer360_demo.xml. It uses whatever apps are installed at
that moment (deliveries when stock is there, mailings when mass_mailing is,
event registrations when event is), and backdates what it creates so that the
timeline shows months of history rather than one install day.
"""
from datetime import datetime, timedelta

from odoo import api, fields, models


class Customer360Demo(models.AbstractModel):
    _name = "crm.customer360.demo"
    _description = "Customer 360 demo data"

    def _ago(self, days, hour=10):
        moment = datetime.now().replace(hour=hour, minute=15, second=0, microsecond=0)
        return fields.Datetime.to_string(moment - timedelta(days=days))

    def _backdate(self, table, ids, days, column="create_date"):
        self.env.cr.execute(
            'UPDATE "%s" SET "%s" = %%s WHERE id IN %%s' % (table, column),
            [self._ago(days), tuple(ids)])

    @api.model
    def _generate(self, partner_xmlids):
        env = self.env
        demo_user = env.ref("base.user_demo")
        for rank, xmlid in enumerate(partner_xmlids):
            partner = env.ref(xmlid)
            contact = partner.child_ids[:1] or partner
            shift = rank * 3
            Message = env["mail.message"]
            Message.create({
                "model": "res.partner", "res_id": partner.id, "message_type": "email",
                "author_id": contact.id, "subject": "Question about our last delivery",
                "body": "<p>Two boxes arrived damaged. Can you replace them?</p>",
                "date": self._ago(40 + shift),
            })
            Message.create({
                "model": "res.partner", "res_id": partner.id, "message_type": "comment",
                "subtype_id": env.ref("mail.mt_comment").id, "author_id": demo_user.partner_id.id,
                "subject": "Replacement shipped", "body": "<p>Replacement shipped today.</p>",
                "date": self._ago(38 + shift),
            })
            Message.create({
                "model": "res.partner", "res_id": partner.id, "message_type": "comment",
                "subtype_id": env.ref("mail.mt_note").id, "author_id": demo_user.partner_id.id,
                "subject": "Purchasing manager prefers calls before 11:00",
                "body": "<p>Prefers calls before 11:00.</p>", "date": self._ago(60 + shift),
            })
            Message.create({
                "model": "res.partner", "res_id": partner.id, "message_type": "comment",
                "subtype_id": env.ref("mail.mt_note").id, "author_id": demo_user.partner_id.id,
                "mail_activity_type_id": env.ref("mail.mail_activity_data_call").id,
                "subject": "Discussed the yearly volume agreement",
                "body": "<p>Call: yearly volume agreement.</p>", "date": self._ago(20 + shift),
            })
            meeting = env["calendar.event"].create({
                "name": "Quarterly business review with %s" % partner.name,
                "start": self._ago(25 + shift, 14), "stop": self._ago(25 + shift, 15),
                "user_id": demo_user.id, "partner_ids": [(6, 0, [contact.id])],
            })
            self._backdate("calendar_event", meeting.ids, 26 + shift)
            promise = env["crm.commitment"].create({
                "name": "Send the revised volume price list", "partner_id": contact.id,
                "user_id": demo_user.id,
                "date_due": fields.Date.to_string(datetime.now() - timedelta(days=5 - rank)),
            })
            self._backdate("crm_commitment", promise.ids, 20 + shift)
            # The optional apps' flows run only when their app is installed
            # (each checks); an error in them is a bug and stops the install.
            self._marketing(partner, contact, shift)
            self._logistics(partner, contact, shift)
            self._backdate_documents(partner, shift)

    def _backdate_documents(self, partner, shift):
        """Spread the partner's existing demo leads and orders over months."""
        cr = self.env.cr
        for table, step in (("crm_lead", 17), ("sale_order", 11)):
            cr.execute(
                'SELECT id FROM "%s" WHERE partner_id IN '
                "(SELECT id FROM res_partner WHERE commercial_partner_id = %%s) ORDER BY id" % table,
                [partner.id])
            for i, (record_id,) in enumerate(cr.fetchall()):
                self._backdate(table, [record_id], 30 + shift + step * i)
        cr.execute(
            "UPDATE sale_order SET confirmation_date = create_date + interval '2 days' "
            "WHERE confirmation_date IS NOT NULL AND partner_id IN "
            "(SELECT id FROM res_partner WHERE commercial_partner_id = %s)", [partner.id])

    def _marketing(self, partner, contact, shift):
        env = self.env
        if "mail.mail.statistics" in env and "mail.mass_mailing" in env:
            mailing = env["mail.mass_mailing"].create({
                "name": "Spring product launch", "mailing_model_id": env.ref("base.model_res_partner").id,
                "body_html": "<p>New products</p>",
            })
            env["mail.mail.statistics"].create({
                "model": "res.partner", "res_id": partner.id, "mass_mailing_id": mailing.id,
                "sent": self._ago(50 + shift), "message_id": "<demo-c360-%s@example.com>" % partner.id,
            })
        if "event.registration" in env:
            event = env["event.event"].search([], limit=1)
            if event:
                registration = env["event.registration"].create({
                    "event_id": event.id, "partner_id": contact.id, "name": contact.name,
                    "email": contact.email,
                })
                self._backdate("event_registration", registration.ids, 45 + shift)

    def _logistics(self, partner, contact, shift):
        env = self.env
        if "stock.picking" not in env:
            return
        if "sale.order" not in env or "picking_ids" not in env["sale.order"]._fields:
            return
        product = env["product.product"].create({
            "name": "Spare parts kit", "type": "consu", "list_price": 120.0,
            "standard_price": 70.0})
        order = env["sale.order"].create({
            "partner_id": partner.id, "user_id": env.ref("base.user_demo").id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 3})],
        })
        order.action_confirm()
        self._backdate("sale_order", order.ids, 16 + shift)
        self._backdate("sale_order", order.ids, 15 + shift, "confirmation_date")
        for picking in order.picking_ids:
            picking.action_assign()
            for move in picking.move_lines:
                move.quantity_done = move.product_uom_qty
            picking.action_done()
            self._backdate("stock_picking", picking.ids, 12 + shift, "date_done")

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import _, api, fields, models


class ResPartner(models.Model):
    """Tickets from the customer: count and list (the whole commercial
    entity: the company and all its contacts), a prefilled *New ticket*, and
    the *New ticket* quick action of the Customer 360 header.

    Customer 360 quick actions: crm_customer360 collects, on
    ``res.partner.customer360_quick_actions()``, the lists returned by every
    method named ``_customer360_quick_actions_<something>``. This addon does
    not depend on crm_customer360: it only defines such a method, which is
    ignored when crm_customer360 is not installed."""

    _inherit = "res.partner"

    service_ticket_count = fields.Integer(
        string="Tickets",
        compute="_compute_service_ticket_count",
        groups="base.group_user",
        help="Service tickets of this customer's company and all its contacts "
        "that you may see.",
    )

    @api.multi
    def _compute_service_ticket_count(self):
        """One read_group for the whole recordset, under the user's rules."""
        counts = defaultdict(int)
        Ticket = self.env["helpdesk.ticket"]
        commercial = self.mapped("commercial_partner_id")
        if commercial and Ticket.check_access_rights("read", raise_exception=False):
            groups = Ticket.read_group(
                [("partner_id.commercial_partner_id", "in", commercial.ids)],
                ["partner_id"],
                ["partner_id"],
            )
            partners = self.browse([g["partner_id"][0] for g in groups if g["partner_id"]])
            commercial_of = {p.id: p.commercial_partner_id.id for p in partners}
            for group in groups:
                if group["partner_id"]:
                    counts[commercial_of[group["partner_id"][0]]] += group["partner_id_count"]
        for partner in self:
            partner.service_ticket_count = counts[partner.commercial_partner_id.id]

    @api.multi
    def action_view_service_tickets(self):
        """The tickets of the customer's commercial entity (company and contacts)."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        action = self.env.ref("helpdesk_mgmt.helpdesk_ticket_action").read()[0]
        action.update(
            name=_("Tickets of %(customer)s") % {"customer": commercial.display_name},
            domain=[("partner_id.commercial_partner_id", "=", commercial.id)],
            context=dict(self._service_ticket_defaults()),
        )
        return action

    @api.multi
    def action_new_service_ticket(self):
        self.ensure_one()
        return self._service_new_ticket_action()

    @api.multi
    def _service_ticket_defaults(self):
        self.ensure_one()
        return {
            "default_partner_id": self.id,
            "default_partner_name": self.name,
            "default_partner_email": self.email or False,
        }

    @api.multi
    def _service_new_ticket_action(self, target="current"):
        """A ticket form prefilled with this customer."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("New Ticket"),
            "res_model": "helpdesk.ticket",
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": target,
            "context": self._service_ticket_defaults(),
        }

    @api.multi
    def _customer360_quick_actions_service(self):
        """*New ticket* in the Customer 360 header, for users who may create
        tickets (collected by crm_customer360 when installed)."""
        self.ensure_one()
        if not self.env["helpdesk.ticket"].check_access_rights("create", raise_exception=False):
            return []
        return [
            {
                "key": "new_ticket",
                "name": _("New ticket"),
                "icon": "fa-life-ring",
                "sequence": 20,
                "action": self._service_new_ticket_action(target="new"),
            }
        ]

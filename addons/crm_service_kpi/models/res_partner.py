# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules import kpi


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

    @api.model
    def _crm_service_hours(self, company_id, date_from, date_to):
        """Service time spent on customers, for the cost to serve (see
        crm_customer_base), merged with what other addons provide.

        Tickets counted: the helpdesk tickets of ``company_id`` with a
        customer, *handled* between ``date_from`` and ``date_to`` (whole UTC
        days, both included): solved tickets closed in the window, open
        tickets opened (SLA start, else creation) in the window. Each ticket
        thus counts in one window only. Key: the commercial partner of the
        ticket's customer.

        Hours per customer:

        - ``"timesheet"``: when a timesheet bridge links analytic lines to
          tickets (field ``ticket_id`` of account.analytic.line; helpdesk_mgmt
          11 has none), the hours the agents logged on these tickets, for the
          customers with logged time;
        - ``"estimate"`` otherwise: the resolution hours of the tickets
          solved in the window: working hours from opening to closing under
          the team's SLA calendar (the one of the SLA and KPI hours), without
          the time spent waiting on the customer. An open ticket counts once
          solved: a ticket waiting for months is not months of work, and the
          estimate does not move with the clock (two runs agree).

        Set-based: one aggregate query for the solved tickets, one for the
        timesheets. Internal (no access check). UserError on an invalid
        company or period."""
        res = dict(super()._crm_service_hours(company_id, date_from, date_to))
        Ticket = self.env["helpdesk.ticket"].sudo()
        company_ids = Ticket._kpi_check_ids("res.company", company_id, _("companies"))
        if len(company_ids) != 1:
            raise UserError(_("The service hours are computed for one company, "
                              "not %(value)s.") % {"value": company_id})
        d_from, d_to = Ticket._kpi_check_period(date_from, date_to)
        start, end = kpi.period_bounds(d_from, d_to, "UTC")
        params = {"company": company_ids[0], "start": fields.Datetime.to_string(start),
                  "end": fields.Datetime.to_string(end)}
        scope = """
              FROM helpdesk_ticket t
              JOIN res_partner p ON p.id = t.partner_id
              LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
             WHERE t.company_id = %(company)s AND {handled}"""
        solved = ("COALESCE(s.closed, FALSE) AND t.closed_date >= %(start)s "
                  "AND t.closed_date < %(end)s")
        open_ = ("NOT COALESCE(s.closed, FALSE) "
                 "AND COALESCE(t.sla_start_date, t.create_date) >= %(start)s "
                 "AND COALESCE(t.sla_start_date, t.create_date) < %(end)s")
        cr = self.env.cr
        hours = defaultdict(float)
        # solved tickets: their stored resolution hours, summed in SQL
        cr.execute("SELECT p.commercial_partner_id, sum(COALESCE(t.resolution_hours, 0))"
                   + scope.format(handled=solved) + " GROUP BY 1", params)
        for partner_id, total in cr.fetchall():
            hours[partner_id] += total or 0.0
        estimate = {partner_id: (total, "estimate") for partner_id, total in hours.items()}
        # timesheets, when a bridge links them to the tickets
        logged = {}
        Line = self.env["account.analytic.line"] if "account.analytic.line" in self.env \
            else None
        if Line is not None and "ticket_id" in Line._fields and Line._fields["ticket_id"].store:
            cr.execute(
                "SELECT p.commercial_partner_id, sum(l.unit_amount)"
                " FROM account_analytic_line l JOIN helpdesk_ticket t ON t.id = l.ticket_id"
                " JOIN res_partner p ON p.id = t.partner_id"
                " LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id"
                " WHERE t.company_id = %(company)s AND ((" + solved + ") OR (" + open_ + "))"
                " GROUP BY 1", params)
            logged = {partner_id: (total or 0.0, "timesheet")
                      for partner_id, total in cr.fetchall()}
        estimate.update(logged)
        for partner_id, (total, basis) in estimate.items():
            if partner_id in res:
                other_hours, other_basis = res[partner_id]
                res[partner_id] = (other_hours + total, basis if basis == other_basis
                                   else "estimate")
            else:
                res[partner_id] = (total, basis)
        return res

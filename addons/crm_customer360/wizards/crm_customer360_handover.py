# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Account handover: give a customer (or every customer of a leaving
salesperson) to a new owner, with a brief of what the new owner must know."""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date, formatLang
from odoo.addons.crm_customer_base.rules import definitions

from ..rules.handover import (
    documents_to_move,
    following_contacts,
    group_by,
    handover_error,
    is_id,
    many2many_ids,
)

MANAGER_GROUP = "sales_team.group_sale_manager"
BRIEF_TEMPLATE = "crm_customer360.handover_brief_body"
REPORT_XMLID = "crm_customer360.action_report_handover_brief"
INTERACTIONS = 10

_ERRORS = {
    "not_manager": lambda v: _("Only sales managers may hand over accounts."),
    "no_new_owner": lambda v: _("Choose the salesperson who takes over the accounts."),
    "bad_new_owner": lambda v: _(
        "%(user)s cannot take over accounts: choose an active internal user.") % v,
    "no_old_owner": lambda v: _("Choose the salesperson who is leaving."),
    "same_owner": lambda v: _(
        "The new salesperson must differ from the leaving one (%(user)s).") % v,
    "no_customers_of": lambda v: _("%(user)s has no customers to hand over.") % v,
    "no_customers": lambda v: _("Select at least one customer to hand over."),
    "already_owned": lambda v: _(
        "%(user)s already follows these customers: %(customers)s.") % v,
}


class CrmCustomer360Handover(models.TransientModel):
    _name = "crm.customer360.handover"
    _description = "Customer 360: account handover"

    def _default_partner_ids(self):
        if self.env.context.get("active_model") == "res.partner":
            return [(6, 0, self.env.context.get("active_ids") or [])]
        return []

    def _default_mode(self):
        if self.env.context.get("active_model") == "res.partner" and \
                self.env.context.get("active_ids"):
            return "customers"
        return "salesperson"

    mode = fields.Selection(
        [("customers", "Selected customers"),
         ("salesperson", "Every customer of a leaving salesperson")],
        string="Hand over", required=True, default=_default_mode)
    partner_ids = fields.Many2many(
        "res.partner", string="Customers", default=_default_partner_ids,
        help="Their companies are handed over; a contact follows its company "
             "when it had the company's owner.")
    from_user_id = fields.Many2one(
        "res.users", string="Leaving salesperson",
        help="Every customer company this salesperson follows is handed over.")
    to_user_id = fields.Many2one(
        "res.users", string="New salesperson", domain=[("share", "=", False)])
    reassign_opportunities = fields.Boolean(
        string="Also reassign open opportunities", default=True,
        help="Open opportunities of these customers that belonged to the previous owner.")
    reassign_quotations = fields.Boolean(
        string="Also reassign open quotations", default=True,
        help="Quotations (draft or sent) of these customers that belonged to the "
             "previous owner.")

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    @api.model
    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_ERRORS["not_manager"]({}))

    @api.model
    def create(self, vals):
        self._check_manager()
        self._check_vals(vals)
        return super(CrmCustomer360Handover, self).create(vals)

    @api.model
    def _check_vals(self, vals):
        """The wizard's values as the form sends them, or a UserError: a
        known mode, existing users and customers."""
        if not isinstance(vals, dict):
            raise UserError(_("The handover expects the wizard's values."))
        modes = dict(self._fields["mode"].selection)
        if "mode" in vals and (not isinstance(vals["mode"], str) or vals["mode"] not in modes):
            raise UserError(_("Unknown handover mode: %(mode)s.") % {
                "mode": repr(vals["mode"])[:60]})
        for fname in ("from_user_id", "to_user_id"):
            value = vals.get(fname)
            if value is False or value is None:
                continue
            if not is_id(value) or not self.env["res.users"].browse(value).exists():
                raise UserError(_("%(field)s: no such user (%(value)s).") % {
                    "field": self._fields[fname].string, "value": repr(value)[:60]})
        if vals.get("partner_ids"):
            ids = many2many_ids(vals["partner_ids"])
            if ids is None:
                raise UserError(_("Customers must be given as a list of customer ids."))
            if len(self.env["res.partner"].browse(ids).exists()) != len(set(ids)):
                raise UserError(_("Some of these customers do not exist."))

    @api.multi
    def _customers(self):
        """The commercial entities to hand over."""
        self.ensure_one()
        if self.mode == "salesperson":
            if not self.from_user_id:
                return self.env["res.partner"]
            partners = self.env["res.partner"].search([("user_id", "=", self.from_user_id.id)])
            return partners.filtered(lambda p: p.commercial_partner_id == p)
        return self.partner_ids.mapped("commercial_partner_id")

    @staticmethod
    def _user_facts(user):
        if not user:
            return None
        return {"id": user.id, "name": user.name, "active": user.active,
                "internal": definitions.is_employee([{"share": user.share}])}

    @api.multi
    def _check_handover(self, customers):
        error = handover_error(
            self.mode, self._user_facts(self.from_user_id), self._user_facts(self.to_user_id),
            {c.display_name: c.user_id.id for c in customers})
        if error:
            raise UserError(_ERRORS[error[0]](error[1]))

    # ------------------------------------------------------------------
    # The handover
    # ------------------------------------------------------------------
    @api.multi
    def action_handover(self):
        self.ensure_one()
        self._check_manager()
        customers = self._customers()
        self._check_handover(customers)
        previous = {c.id: c.user_id.id for c in customers}
        new_owner = self.to_user_id

        Partner = self.env["res.partner"]
        contacts = Partner.search([
            ("commercial_partner_id", "in", customers.ids), ("id", "not in", customers.ids)])
        followers = following_contacts(
            [(c.id, c.commercial_partner_id.id, c.user_id.id) for c in contacts], previous)
        (customers | Partner.browse(followers)).write({"user_id": new_owner.id})

        old_owner_ids = list({uid for uid in previous.values() if uid})
        if old_owner_ids:
            for wanted, model, domain in (
                    (self.reassign_opportunities, "crm.lead",
                     [("type", "=", "opportunity"), ("probability", "<", 100)]),
                    (self.reassign_quotations, "sale.order",
                     [("state", "in", ("draft", "sent"))])):
                if not wanted:
                    continue
                documents = self.env[model].search(domain + [
                    ("partner_id.commercial_partner_id", "in", customers.ids),
                    ("user_id", "in", old_owner_ids)])
                moving = documents_to_move(
                    [(d.id, d.partner_id.commercial_partner_id.id, d.user_id.id)
                     for d in documents], previous)
                if moving:
                    self.env[model].browse(moving).write({"user_id": new_owner.id})

        briefs = self._customer360_handover_briefs(customers, previous)
        by_id = {c.id: c for c in customers}
        QWeb = self.env["ir.qweb"]
        for brief in briefs:
            body = QWeb.render(BRIEF_TEMPLATE, {"brief": brief})
            if isinstance(body, bytes):
                body = body.decode("utf-8")
            by_id[brief["partner_id"]].message_post(
                body=body, subject=_("Account handover"),
                message_type="comment", subtype="mail.mt_note")
        return self.env.ref(REPORT_XMLID).report_action(
            customers, data={"partner_ids": customers.ids,
                             "previous_owner_ids": {str(k): v for k, v in previous.items()}},
            config=False)

    # ------------------------------------------------------------------
    # The brief
    # ------------------------------------------------------------------
    @api.model
    def _customer360_handover_briefs(self, partners, previous_owner_ids=None):
        """One plain dict per commercial entity of ``partners``: what the new
        owner must know. Each section is read with one query for the whole
        set under the current user's access rights (the timeline and header
        are per customer). ``previous_owner_ids`` maps partner ids to the
        previous owner's user id."""
        customers = partners.mapped("commercial_partner_id")
        if not customers:
            return []
        previous_owner_ids = {int(k): v for k, v in (previous_owner_ids or {}).items()}
        env = self.env
        ids = customers.ids
        today = fields.Date.context_today(self)
        previous_users = env["res.users"].browse(
            list({v for v in previous_owner_ids.values() if v})).exists()
        previous_names = {u.id: u.name for u in previous_users}

        def money(amount, currency):
            return formatLang(env, amount or 0.0, currency_obj=currency)

        opportunities = group_by(env["crm.lead"].search([
            ("partner_id.commercial_partner_id", "in", ids), ("type", "=", "opportunity"),
            ("probability", "<", 100)], order="date_deadline, id"),
            lambda r: r.partner_id.commercial_partner_id.id)
        state_labels = dict(env["sale.order"]._fields["state"]._description_selection(env))
        quotations = group_by(env["sale.order"].search([
            ("partner_id.commercial_partner_id", "in", ids),
            ("state", "in", ("draft", "sent"))], order="date_order desc, id desc"),
            lambda r: r.partner_id.commercial_partner_id.id)
        promises = group_by(env["crm.commitment"].search([
            ("commercial_partner_id", "in", ids), ("state", "=", "open")]),
            lambda r: r.commercial_partner_id.id)
        problems = env["crm.customer360.problem"]._customer360_open_problems(customers)
        contacts = group_by(env["res.partner"].search([
            ("commercial_partner_id", "in", ids), ("id", "not in", ids)], order="name, id"),
            lambda r: r.commercial_partner_id.id)

        briefs = []
        for customer in customers:
            header = customer.customer360_header()
            previous_id = previous_owner_ids.get(customer.id)
            briefs.append({
                "partner_id": customer.id,
                "name": customer.display_name,
                "previous_owner": previous_names.get(previous_id, False)
                if previous_id is not None else False,
                "handed_over": previous_id is not None,
                "owner": customer.user_id.name or False,
                "facts": self._brief_facts(header),
                "opportunities": [{
                    "name": lead.name,
                    "amount": money(lead.planned_revenue, lead.company_currency),
                    "stage": lead.stage_id.name or "",
                    "owner": lead.user_id.name or "",
                } for lead in opportunities.get(customer.id, [])],
                "quotations": [{
                    "name": order.name,
                    "amount": money(order.amount_total, order.currency_id),
                    "state": state_labels.get(order.state, order.state),
                    "owner": order.user_id.name or "",
                } for order in quotations.get(customer.id, [])],
                "promises": [{
                    "name": promise.name,
                    "owner": promise.user_id.name or "",
                    "date_due": format_date(env, promise.date_due),
                    "overdue": bool(promise.date_due and promise.date_due < today),
                } for promise in promises.get(customer.id, [])],
                "interactions": [
                    self._brief_event(event)
                    for event in customer.customer360_timeline(limit=INTERACTIONS)["events"]],
                "problems": [{
                    "name": problem["name"],
                    "since": format_date(env, problem["since"]) if problem["since"] else "",
                } for problem in problems.get(customer.id, [])],
                "contacts": [{
                    "name": contact.name or contact.display_name,
                    "function": contact.function or "",
                    "email": contact.email or "",
                    "phone": contact.phone or contact.mobile or "",
                } for contact in contacts.get(customer.id, [])],
            })
        return briefs

    @api.model
    def _brief_facts(self, header):
        """Label/value pairs of the header figures the user may see."""
        currency = self.env["res.currency"].search([("name", "=", header["currency"])], limit=1)
        facts = []
        for key, label in (
                ("revenue_12_months", _("Revenue, last 12 months")),
                ("revenue_lifetime", _("Revenue, lifetime")),
                ("overdue_receivables", _("Overdue receivables"))):
            figure = header.get(key)
            if figure:  # False: hidden from the user (see customer360_header)
                facts.append({"label": label, "value": formatLang(
                    self.env, figure["amount"], currency_obj=currency)})
        last = header.get("last_contact")
        if last:
            facts.append({"label": _("Last contact"), "value": "%s — %s" % (
                self._brief_date(last), last["summary"] or last["event_type_label"])})
        activity = header.get("next_activity")
        if activity:
            facts.append({"label": _("Next activity"), "value": "%s — %s (%s)" % (
                format_date(self.env, activity["date_deadline"]), activity["summary"] or "",
                activity["user"] or "")})
        return facts

    @api.model
    def _brief_date(self, event):
        """The event's date in the user's time zone."""
        if event.get("all_day"):
            return format_date(self.env, event["date"][:10])
        stamp = fields.Datetime.context_timestamp(
            self, fields.Datetime.from_string(event["date"]))
        return "%s %s" % (format_date(self.env, fields.Date.to_string(stamp)),
                          stamp.strftime("%H:%M"))

    @api.model
    def _brief_event(self, event):
        return {
            "date": self._brief_date(event),
            "type": event["event_type_label"],
            "department": event["department"] or "",
            "summary": event["summary"] or "",
            "user": event["user"] or "",
        }

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmCommitment(models.Model):
    """A promise an employee made to a customer: who, to whom, what, by when."""

    _name = "crm.commitment"
    _description = "Customer Commitment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_due, id"

    name = fields.Char(string="Promise", required=True, track_visibility="onchange")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        readonly=True,
    )
    # The salesman rule compares this column: the path
    # commercial_partner_id.user_id became the list of every customer of the
    # salesperson (18,000 ids at bench scale) in each query.
    customer_user_id = fields.Many2one(
        "res.users",
        string="Customer's Salesperson",
        related="partner_id.commercial_partner_id.user_id",
        store=True,
        index=True,
        readonly=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Promised by",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        track_visibility="onchange",
    )
    date_due = fields.Date(string="Due on", required=True, track_visibility="onchange")
    state = fields.Selection(
        [
            ("open", "Open"),
            ("kept", "Kept"),
            ("broken", "Broken"),
            ("cancel", "Cancelled"),
        ],
        default="open",
        required=True,
        index=True,
        track_visibility="onchange",
    )
    res_model = fields.Char(string="Made in (model)", index=True)
    res_id = fields.Integer(string="Made in (record)", index=True)
    note = fields.Text()
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
    )
    overdue_notified = fields.Boolean(
        copy=False, readonly=True,
        help="Set when the overdue promise was turned into an activity for its owner.")

    @api.multi
    def _set_state(self, state):
        if len(self.exists()) != len(self):
            raise UserError(_("Some of these promises do not exist any more."))
        not_open = self.filtered(lambda c: c.state != "open")
        if not_open:
            raise UserError(
                _("Only open promises can be closed; already closed: %(names)s")
                % {"names": ", ".join(not_open.mapped("name"))}
            )
        self.write({"state": state})
        # XML-RPC cannot send None: buttons answer True.
        return True

    @api.multi
    def action_keep(self):
        return self._set_state("kept")

    @api.multi
    def action_break(self):
        return self._set_state("broken")

    @api.multi
    def action_cancel(self):
        return self._set_state("cancel")

    @api.model
    def _cron_flag_overdue(self):
        """Turn every open promise past its due date into an activity for its
        owner, and tell the account manager on the customer's chatter.

        Idempotent: a promise is flagged once (``overdue_notified``); a rerun
        after a crash picks up only the promises not flagged yet, because the
        flag is written in the same transaction as the activity.
        """
        today = fields.Date.context_today(self)
        overdue = self.search([
            ("state", "=", "open"), ("date_due", "<", today), ("overdue_notified", "=", False)])
        if not overdue:
            return overdue
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        Activity = self.env["mail.activity"]
        for promise in overdue:  # Odoo 11's create takes one record at a time
            Activity.create({
                "res_model_id": model_id,
                "res_id": promise.id,
                "activity_type_id": todo.id,
                "user_id": promise.user_id.id,
                "date_deadline": today,
                "summary": _("Overdue promise: %(name)s") % {"name": promise.name},
            })
        overdue.write({"overdue_notified": True})
        for customer, promises in self._group_by_customer(overdue):
            customer.message_post(
                body=_("Overdue promises: %(names)s") % {
                    "names": ", ".join(promises.mapped("name"))},
                partner_ids=customer.user_id.partner_id.ids,
                subtype="mail.mt_note",
            )
        return overdue

    def _group_by_customer(self, promises):
        groups = {}
        for promise in promises:
            groups.setdefault(promise.commercial_partner_id, self.browse())
            groups[promise.commercial_partner_id] |= promise
        return groups.items()

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

    @api.multi
    def _set_state(self, state):
        not_open = self.filtered(lambda c: c.state != "open")
        if not_open:
            raise UserError(
                _("Only open promises can be closed; already closed: %(names)s")
                % {"names": ", ".join(not_open.mapped("name"))}
            )
        self.write({"state": state})

    @api.multi
    def action_keep(self):
        self._set_state("kept")

    @api.multi
    def action_break(self):
        self._set_state("broken")

    @api.multi
    def action_cancel(self):
        self._set_state("cancel")

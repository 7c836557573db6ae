# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .crm_customer360_problem import BLOCK_PARAM
from .res_partner import REPLY_HOURS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer360_block_open_problems = fields.Boolean(
        string="Block selling over open problems",
        help="Only sales managers may confirm a quotation or create an "
        "opportunity for a customer with open problems (such as promises "
        "past due); others are stopped with the list of problems.",
    )

    customer360_reply_hours = fields.Integer(
        string="Reply expected within (hours)",
        default=24,
        help="A customer's email without an answer from an employee after this "
        "many hours makes the customer 'awaiting reply'.",
    )

    @api.constrains("customer360_reply_hours")
    def _check_customer360_reply_hours(self):
        if any(s.customer360_reply_hours < 0 for s in self):
            raise ValidationError(_("The reply delay cannot be negative."))

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        res["customer360_reply_hours"] = int(float(
            self.env["ir.config_parameter"].sudo().get_param(REPLY_HOURS_PARAM, "24")))
        res["customer360_block_open_problems"] = bool(
            self.env["ir.config_parameter"].sudo().get_param(BLOCK_PARAM))
        return res

    @api.multi
    def set_values(self):
        res = super(ResConfigSettings, self).set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            BLOCK_PARAM, self.customer360_block_open_problems and "True" or False)
        self.env["ir.config_parameter"].sudo().set_param(
            REPLY_HOURS_PARAM, str(self.customer360_reply_hours))
        return res

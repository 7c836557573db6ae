# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .crm_customer360_problem import BLOCK_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer360_block_open_problems = fields.Boolean(
        string="Block selling over open problems",
        help="Only sales managers may confirm a quotation or create an "
        "opportunity for a customer with open problems (such as promises "
        "past due); others are stopped with the list of problems.",
    )

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        res["customer360_block_open_problems"] = bool(
            self.env["ir.config_parameter"].sudo().get_param(BLOCK_PARAM))
        return res

    @api.multi
    def set_values(self):
        super(ResConfigSettings, self).set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            BLOCK_PARAM, self.customer360_block_open_problems and "True" or False)

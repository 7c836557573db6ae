# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .crm_service_feedback import (
    DEFAULT_EXPIRY_DAYS,
    DEFAULT_THROTTLE_DAYS,
    PARAM_EXPIRY_DAYS,
    PARAM_ON_DELIVERY,
    PARAM_THROTTLE_DAYS,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_feedback_on_delivery = fields.Boolean(
        string="Ask for feedback when a delivery is done",
        help="When a delivery to a customer is validated, the customer receives "
        "the satisfaction survey link about the order (at most one request per "
        "customer in the period below, shared with the ticket requests).",
    )
    service_feedback_throttle_days = fields.Integer(
        string="One feedback request per customer every (days)",
        default=DEFAULT_THROTTLE_DAYS,
        help="A customer asked for feedback (about a ticket or a delivery) is not "
        "asked again before this many days. 0: no limit.",
    )
    service_feedback_expiry_days = fields.Integer(
        string="Feedback links valid for (days)",
        default=DEFAULT_EXPIRY_DAYS,
        help="After this many days the link in the feedback email no longer "
        "works. 0: links never expire.",
    )

    @api.constrains("service_feedback_throttle_days", "service_feedback_expiry_days")
    def _check_service_feedback_days(self):
        for rec in self:
            if rec.service_feedback_throttle_days < 0 or rec.service_feedback_expiry_days < 0:
                raise ValidationError(
                    _("The feedback request period and link validity cannot be negative.")
                )

    @api.model
    def get_values(self):
        res = super().get_values()
        Feedback = self.env["crm.service.feedback"]
        res.update(
            service_feedback_on_delivery=Feedback._delivery_feedback_enabled(),
            service_feedback_throttle_days=Feedback._param_days(
                PARAM_THROTTLE_DAYS, DEFAULT_THROTTLE_DAYS
            ),
            service_feedback_expiry_days=Feedback._param_days(
                PARAM_EXPIRY_DAYS, DEFAULT_EXPIRY_DAYS
            ),
        )
        return res

    @api.multi
    def set_values(self):
        super().set_values()
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(PARAM_ON_DELIVERY, "True" if self.service_feedback_on_delivery else False)
        params.set_param(PARAM_THROTTLE_DAYS, str(self.service_feedback_throttle_days))
        params.set_param(PARAM_EXPIRY_DAYS, str(self.service_feedback_expiry_days))

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_EXPIRY_DAYS = 30
DEFAULT_THROTTLE_DAYS = 30


class ResCompany(models.Model):
    """The satisfaction request settings, per company (shown in the
    settings of the user's current company)."""

    _inherit = "res.company"

    service_feedback_on_delivery = fields.Boolean(
        string="Ask for feedback when a delivery is done",
        groups="base.group_user",
        help="When a delivery of this company to a customer is validated, the "
        "customer receives the satisfaction survey link about the order (at most "
        "one request per customer in the period below, shared with the ticket "
        "requests).")
    service_feedback_throttle_days = fields.Integer(
        string="One feedback request per customer every (days)",
        default=DEFAULT_THROTTLE_DAYS, groups="base.group_user",
        help="A customer asked for feedback (about a ticket or a delivery) is not "
        "asked again by this company before this many days. 0: no limit.")
    service_feedback_expiry_days = fields.Integer(
        string="Feedback links valid for (days)",
        default=DEFAULT_EXPIRY_DAYS, groups="base.group_user",
        help="After this many days the link in this company's feedback emails no "
        "longer works. 0: links never expire.")

    @api.constrains("service_feedback_throttle_days", "service_feedback_expiry_days")
    def _check_service_feedback_days(self):
        for company in self:
            if company.service_feedback_throttle_days < 0 \
                    or company.service_feedback_expiry_days < 0:
                raise ValidationError(_(
                    "The feedback request period and link validity cannot be negative."))

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The satisfaction request settings of the current company (fields of
    res.company, saved on it)."""

    _inherit = "res.config.settings"

    service_feedback_on_delivery = fields.Boolean(
        related="company_id.service_feedback_on_delivery", readonly=False,
        string="Ask for feedback when a delivery is done",
        help="When a delivery of this company to a customer is validated, the "
        "customer receives the satisfaction survey link about the order (at most "
        "one request per customer in the period below, shared with the ticket "
        "requests).")
    service_feedback_throttle_days = fields.Integer(
        related="company_id.service_feedback_throttle_days", readonly=False,
        string="One feedback request per customer every (days)",
        help="A customer asked for feedback (about a ticket or a delivery) is not "
        "asked again by this company before this many days. 0: no limit.")
    service_feedback_expiry_days = fields.Integer(
        related="company_id.service_feedback_expiry_days", readonly=False,
        string="Feedback links valid for (days)",
        help="After this many days the link in this company's feedback emails no "
        "longer works. 0: links never expire.")

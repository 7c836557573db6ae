# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockPicking(models.Model):
    """Ask the customer for feedback when a delivery is done (setting
    *Ask for feedback when a delivery is done*, off by default)."""

    _inherit = "stock.picking"

    @api.multi
    def action_done(self):
        Feedback = self.env["crm.service.feedback"].sudo()
        # Only the deliveries this call completes, of companies that ask for
        # feedback on deliveries: a picking already done is not asked again.
        pending = self.filtered(lambda p: p.state != "done" and Feedback._delivery_feedback_enabled(
            p.company_id or None))
        res = super().action_done()
        if pending:
            Feedback._request_for_pickings(pending.exists())
        return res

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from .sale_order import LINE_TRIGGERS, SKIP_CHECK


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model
    def create(self, values):
        line = super(SaleOrderLine, self).create(values)
        if not self.env.context.get(SKIP_CHECK):
            line.order_id._customer360_notify_price_conflicts()
        return line

    @api.multi
    def write(self, values):
        check = LINE_TRIGGERS & set(values) and not self.env.context.get(SKIP_CHECK)
        res = super(SaleOrderLine, self).write(values)
        if check:
            self.mapped("order_id")._customer360_notify_price_conflicts()
        return res

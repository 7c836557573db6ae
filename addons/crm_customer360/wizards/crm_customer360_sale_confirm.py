# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

#: Context key of the *Confirm Sale* buttons of the quotation form: with it,
#: confirming an order whose customer has open problems opens this dialog
#: instead of confirming. Code and RPC calls without it confirm directly
#: (still blocked by *Block selling over open problems*, still noted).
WARN_KEY = "customer360_warn_open_problems"


class CrmCustomer360SaleConfirm(models.TransientModel):
    """The dialog of *Confirm Sale* when the customer has open problems: the
    user reads them and confirms anyway, or cancels."""

    _name = "crm.customer360.sale.confirm"
    _description = "Customer 360: confirm a sale over open problems"

    order_ids = fields.Many2many(
        "sale.order", string="Quotations", readonly=True,
        help="The quotations to confirm.")
    problems_html = fields.Html(
        string="Open problems", readonly=True, sanitize=True,
        help="Promises past their due date and service tickets past their SLA of "
        "the customers of these quotations, oldest first.")

    @api.model
    def _open_for(self, found):
        """The dialog's action for ``found`` ({order: problems})."""
        Problem = self.env["crm.customer360.problem"]
        orders = self.env["sale.order"].browse([order.id for order in found])
        html = "".join(
            "<p><strong>%s</strong></p>%s" % (
                html_escape(order.partner_id.commercial_partner_id.display_name or ""),
                Problem._customer360_problems_html(problems))
            for order, problems in found.items())
        wizard = self.create({"order_ids": [(6, 0, orders.ids)], "problems_html": html})
        return {
            "type": "ir.actions.act_window",
            "name": _("The customer has open problems"),
            "res_model": self._name,
            "res_id": wizard.id,
            "views": [[self.env.ref("crm_customer360.crm_customer360_sale_confirm_view_form").id,
                       "form"]],
            "view_mode": "form",
            "target": "new",
            "context": {key: value for key, value in self.env.context.items()
                        if key != WARN_KEY},
        }

    @api.multi
    def action_confirm_anyway(self):
        """Confirm the quotations, the problems acknowledged: one note on
        each order lists them."""
        self.ensure_one()
        orders = self.order_ids.filtered(lambda o: o.state in ("draft", "sent"))
        if not orders:
            raise UserError(_("These quotations are already confirmed or cancelled."))
        context = {key: value for key, value in self.env.context.items() if key != WARN_KEY}
        # the whole context without the warning key (kwargs cannot remove a key)
        orders.with_context(context).action_confirm()  # pylint: disable=context-overridden
        return {"type": "ir.actions.act_window_close"}

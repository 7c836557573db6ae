# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    """A solved ticket becomes a knowledge-base answer in one click."""

    _inherit = "helpdesk.ticket"

    answer_ids = fields.One2many(
        "crm.service.answer", "ticket_id", string="Answers",
        groups="helpdesk_mgmt.group_helpdesk_user_own")

    @api.multi
    def _last_reply_body(self):
        """Body of the last public reply written by an employee ('' if none)."""
        self.ensure_one()
        comment = self.env.ref("mail.mt_comment")
        messages = self.env["mail.message"].search([
            ("model", "=", self._name), ("res_id", "=", self.id),
            ("message_type", "=", "comment"), ("subtype_id", "=", comment.id),
            ("author_id.user_ids.share", "=", False),
        ], order="date desc, id desc", limit=1)
        return messages.body or ""

    @api.multi
    def action_create_answer(self):
        """Create an internal answer from this solved ticket (its title,
        category, product, customer's language and last reply) and open it."""
        self.ensure_one()
        if not self.stage_id.closed:
            raise UserError(_("Only a solved ticket can become an answer."))
        body = self._last_reply_body() or self.description or ""
        if not body.strip():
            raise UserError(_("The ticket has no reply to turn into an answer."))
        answer = self.env["crm.service.answer"].create({
            "name": self.name,
            "body": body,
            "lang": self.partner_id.lang or self.env.lang or "en_US",
            "category_id": self.category_id.id,
            "product_id": self.product_id.id,
            "company_id": self.company_id.id,
            "ticket_id": self.id,
            "published": False,
        })
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.service.answer",
            "res_id": answer.id,
            "view_mode": "form",
            "target": "current",
        }

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class MailActivity(models.Model):
    """Promises from any document with chatter.

    Scheduling an activity of type "Promise to customer" on a customer, or on
    any document that has a customer (a ``partner_id``), records a
    ``crm.commitment`` linked to that document; marking the activity done
    marks the promise kept, cancelling the activity cancels the promise.
    """

    _inherit = "mail.activity"

    commitment_id = fields.Many2one("crm.commitment", readonly=True, ondelete="set null")

    def _commitment_partner(self):
        record = self.env[self.res_model].browse(self.res_id)
        if self.res_model == "res.partner":
            return record
        partner = getattr(record, "partner_id", False)
        return partner if partner and partner._name == "res.partner" else False

    @api.model
    def create(self, values):
        activity = super(MailActivity, self).create(values)
        promise_type = self.env.ref("crm_customer360.mail_activity_type_promise",
                                    raise_if_not_found=False)
        if promise_type and activity.activity_type_id == promise_type:
            partner = activity._commitment_partner()
            if partner:
                activity.commitment_id = self.env["crm.commitment"].create({
                    "name": activity.summary or activity.res_name or promise_type.name,
                    "partner_id": partner.id,
                    "user_id": activity.user_id.id,
                    "date_due": activity.date_deadline,
                    "res_model": activity.res_model,
                    "res_id": activity.res_id,
                })
        return activity

    @api.multi
    def action_feedback(self, feedback=False):
        # Kept first: the feedback unlinks the activity, which would cancel it.
        self.mapped("commitment_id").filtered(lambda c: c.state == "open").action_keep()
        return super(MailActivity, self).action_feedback(feedback=feedback)

    @api.multi
    def unlink(self):
        # action_feedback unlinks too: only promises still open are cancelled.
        open_promises = self.mapped("commitment_id").filtered(lambda c: c.state == "open")
        result = super(MailActivity, self).unlink()
        if open_promises.exists():
            open_promises.exists().filtered(lambda c: c.state == "open").action_cancel()
        return result

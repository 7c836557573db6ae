# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Quick actions of the Customer 360 header.

``res.partner.customer360_quick_actions()`` returns the buttons shown in the
header of the Customer 360 view. Any addon adds its own by defining, on
res.partner, a method named ``_customer360_quick_actions_<name>`` that returns
a list of dicts::

    {"key": "new_ticket",            # stable identifier (CSS class, tests)
     "name": "New ticket",           # translated label
     "icon": "fa-life-ring",         # optional Font Awesome class
     "sequence": 20,                 # order in the header
     "action": {...} or "xml.id"}    # act_window dict or an action's xml id

Collecting methods by name (rather than chaining ``super()`` on one method)
lets an addon contribute without depending on crm_customer360: when
crm_customer360 is not installed its method is simply never called, and the
order in which the addons are loaded does not matter.
"""
from odoo import _, api, models

QUICK_ACTION_PREFIX = "_customer360_quick_actions_"


def sort_quick_actions(actions):
    """Quick actions ordered by sequence, then label; entries without a label
    or an action are dropped."""
    valid = [a for a in actions if a.get("name") and a.get("action")]
    return sorted(valid, key=lambda a: (a.get("sequence", 10), a["name"]))


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.multi
    def customer360_quick_actions(self):
        """The header buttons of the Customer 360 view for this customer,
        for the current user (each provider checks its own access rights).

        :return: list of {"key", "name", "icon", "sequence", "action"}
        """
        self._customer360_check_one()
        actions = []
        for name in sorted(dir(type(self))):
            if name.startswith(QUICK_ACTION_PREFIX):
                actions.extend(getattr(self, name)() or [])
        return sort_quick_actions(actions)

    @api.multi
    def _customer360_quick_actions_promise(self):
        """*Log a promise* made to this customer, for users who may create one."""
        self.ensure_one()
        if not self.env["crm.commitment"].check_access_rights("create", raise_exception=False):
            return []
        return [
            {
                "key": "log_promise",
                "name": _("Log a promise"),
                "icon": "fa-handshake-o",
                "sequence": 10,
                "action": {
                    "type": "ir.actions.act_window",
                    "name": _("Log a promise"),
                    "res_model": "crm.commitment",
                    "view_mode": "form",
                    "views": [[False, "form"]],
                    "target": "new",
                    "context": {"default_partner_id": self.id},
                },
            }
        ]

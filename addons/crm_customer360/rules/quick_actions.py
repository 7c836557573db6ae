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
QUICK_ACTION_PREFIX = "_customer360_quick_actions_"


def sort_quick_actions(actions):
    """Quick actions ordered by sequence, then label; entries without a label
    or an action are dropped."""
    valid = [a for a in actions if a.get("name") and a.get("action")]
    return sorted(valid, key=lambda a: (a.get("sequence", 10), a["name"]))

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who is told about a tier change, as plain functions: no Odoo import.

Every tier change is posted on the customer's chatter (an internal note).
The customer is emailed only when the program asks for it and:

* the change goes from one tier to another tier: the first assignment (from
  no tier, e.g. the thousands of first assignments of a brand-new program's
  initial assessment) and the loss of every tier are not emailed;
* the change is recent (at most ``MAX_EMAIL_AGE_DAYS`` old): after a backlog
  (the notifier was stopped, or the module was upgraded over an old history)
  customers are not emailed about old news;
* the customer has an email address.
"""

MAX_EMAIL_AGE_DAYS = 7


def should_email(email_enabled, from_tier, to_tier, change_date, today, email):
    """Whether a tier change (``datetime.date``) is emailed to the customer."""
    if not email_enabled or not from_tier or not to_tier or not email:
        return False
    return 0 <= (today - change_date).days <= MAX_EMAIL_AGE_DAYS

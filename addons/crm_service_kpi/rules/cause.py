# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Causes of solved tickets as plain functions (no Odoo import).

Every ticket that reaches a closed stage carries a cause
(``crm.service.ticket.cause``), each of one *kind*. User errors and how-to
questions are *avoidable*: the customer could have solved them with better
instructions or a knowledge base, yet they take agents' time.

* A transition to a closed stage needs a cause, given before or in the same
  write; a ticket already closed without one (older than the rule) is not
  retroactively invalid. Removing the cause of a closed ticket is refused.
  (The glue exempts the superuser's technical writes.)
* ``avoidable_ticket_pct``: solved tickets whose cause is avoidable / solved
  tickets with a cause, x 100.
* ``avoidable_hours_pct``: service hours (the resolution working hours, the
  suite's service-hours estimate) of those avoidable tickets / service hours
  of the solved tickets with a cause, x 100.
"""

USER_ERROR = "user_error"
HOW_TO = "how_to"
PRODUCT_DEFECT = "product_defect"
DELIVERY = "delivery"
BILLING = "billing"
OTHER = "other"

KINDS = (USER_ERROR, HOW_TO, PRODUCT_DEFECT, DELIVERY, BILLING, OTHER)
AVOIDABLE_KINDS = (USER_ERROR, HOW_TO)


def is_avoidable(kind):
    """Whether tickets of this cause kind could have been avoided."""
    return kind in AVOIDABLE_KINDS


def missing_cause(tickets, closing_stage, new_cause):
    """Ids of the tickets a write would leave solved without a cause.

    :param tickets: iterable of (id, closed now, has a cause now)
    :param closing_stage: the write moves the tickets to a closed stage
        (True), to an open one (False), or does not change the stage (None)
    :param new_cause: the cause the write sets (truthy), removes (False) or
        None when the write does not touch it
    """
    res = []
    for ticket_id, closed, has_cause in tickets:
        closed_after = closed if closing_stage is None else closing_stage
        if not closed_after:
            continue
        cause_after = has_cause if new_cause is None else bool(new_cause)
        if cause_after:
            continue
        # reaching a closed stage, or removing the cause of a closed ticket
        if (closing_stage and not closed) or new_cause is not None:
            res.append(ticket_id)
    return res

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The suite's business concepts, each defined once (no Odoo import).

Every concept has a Python reference function and the SQL fragment the
set-based queries embed; ``tests/test_definitions.py`` checks that both agree
on generated rows. SQL fragments take the SQL expressions of the columns
(``alias.column``), so that any query can use them whatever its aliases; they
only ever receive identifiers written in the code, never user input.
"""

# --- Net revenue and purchases ----------------------------------------------

#: Customer invoice and credit note types that count for net revenue.
REVENUE_INVOICE_TYPES = ("out_invoice", "out_refund")
#: Invoice states that are posted (validated and not cancelled).
POSTED_INVOICE_STATES = ("open", "paid")
#: Sale order states of a confirmed order.
CONFIRMED_ORDER_STATES = ("sale", "done")


def _sql_list(values):
    return "(%s)" % ", ".join("'%s'" % v for v in values)


def is_revenue_invoice(inv_type, state):
    """A posted customer invoice or credit note: it counts for net revenue."""
    return inv_type in REVENUE_INVOICE_TYPES and state in POSTED_INVOICE_STATES


def sql_is_revenue_invoice(type_col, state_col):
    return "(%s IN %s AND %s IN %s)" % (
        type_col, _sql_list(REVENUE_INVOICE_TYPES), state_col, _sql_list(POSTED_INVOICE_STATES))


def net_revenue(invoices):
    """Net revenue of invoice rows: sum of the signed untaxed amounts (company
    currency; credit notes negative) of the posted customer invoices and
    credit notes. ``invoices``: dicts with type, state, amount_untaxed_signed."""
    return sum(i["amount_untaxed_signed"] or 0.0 for i in invoices
               if is_revenue_invoice(i["type"], i["state"]))


def sql_net_revenue_amount(amount_col):
    """The amount a revenue invoice row adds to net revenue."""
    return "COALESCE(%s, 0)" % amount_col


def is_purchase_invoice(inv_type, state):
    """A posted customer invoice (not a credit note) is a purchase."""
    return inv_type == "out_invoice" and state in POSTED_INVOICE_STATES


def sql_is_purchase_invoice(type_col, state_col):
    return "(%s = 'out_invoice' AND %s IN %s)" % (
        type_col, state_col, _sql_list(POSTED_INVOICE_STATES))


def is_purchase_order(state):
    """A confirmed sale order is a purchase."""
    return state in CONFIRMED_ORDER_STATES


def sql_is_purchase_order(state_col):
    return "(%s IN %s)" % (state_col, _sql_list(CONFIRMED_ORDER_STATES))


# --- Satisfaction -----------------------------------------------------------

CSAT_RANGE = (1, 5)
NPS_RANGE = (0, 10)
#: CSAT answers from this value up are "satisfied".
CSAT_SATISFIED_MIN = 4
#: CSAT answers up to this value are unhappy.
CSAT_UNHAPPY_MAX = 2
#: NPS answers from this value up are promoters.
NPS_PROMOTER_MIN = 9
#: NPS answers up to this value are detractors.
NPS_DETRACTOR_MAX = 6


def is_satisfied(csat):
    return csat is not None and csat >= CSAT_SATISFIED_MIN


def sql_is_satisfied(csat_col):
    return "(%s >= %d)" % (csat_col, CSAT_SATISFIED_MIN)


def is_promoter(nps):
    return nps is not None and nps >= NPS_PROMOTER_MIN


def sql_is_promoter(nps_col):
    return "(%s >= %d)" % (nps_col, NPS_PROMOTER_MIN)


def is_detractor(nps):
    """An NPS detractor (0-6): what the NPS subtracts."""
    return nps is not None and nps <= NPS_DETRACTOR_MAX


def sql_is_detractor(nps_col):
    return "(%s <= %d)" % (nps_col, NPS_DETRACTOR_MAX)


def is_unhappy(csat, nps):
    """An unhappy answer, which gets a follow-up: an NPS detractor or a CSAT
    of 1-2."""
    return is_detractor(nps) or (csat is not None and csat <= CSAT_UNHAPPY_MAX)


def sql_is_unhappy(csat_col, nps_col):
    return "COALESCE(%s OR (%s <= %d), FALSE)" % (
        sql_is_detractor(nps_col), csat_col, CSAT_UNHAPPY_MAX)


def nps_value(promoters, detractors, answers):
    """NPS from counts: % promoters minus % detractors (-100..100), None
    without answers."""
    if not answers:
        return None
    return round(100.0 * ((promoters or 0) - (detractors or 0)) / answers, 2)


def nps(scores):
    scores = [s for s in scores if s is not None]
    return nps_value(sum(1 for s in scores if is_promoter(s)),
                     sum(1 for s in scores if is_detractor(s)), len(scores))


def csat_avg(scores):
    scores = [s for s in scores if s is not None]
    return sum(scores) / len(scores) if scores else None


def csat_satisfied_pct(scores):
    scores = [s for s in scores if s is not None]
    return 100.0 * sum(1 for s in scores if is_satisfied(s)) / len(scores) if scores else None


# --- People -----------------------------------------------------------------


def is_employee(users):
    """Whether a contact is an employee, from its users (archived included):
    an internal user (not portal, not public). Former staff stay employees so
    that their past messages stay on the company's side."""
    return any(not u["share"] for u in users)


def sql_is_employee(partner_col):
    """SQL truth of "the contact ``partner_col`` is an employee"."""
    return ("EXISTS (SELECT 1 FROM res_users emp_u WHERE emp_u.partner_id = %s "
            "AND emp_u.share IS NOT TRUE)" % partner_col)


def employee_user_id(users):
    """The user an employee contact stands for: its internal user of lowest
    id (archived included), None for a contact that is not an employee.
    ``users``: dicts with id and share."""
    ids = [u["id"] for u in users if not u["share"]]
    return min(ids) if ids else None


def sql_employee_user_id(partner_col):
    """SQL of ``employee_user_id`` for the contact ``partner_col`` (NULL
    when it is not an employee)."""
    return ("(SELECT min(emp_u.id) FROM res_users emp_u WHERE emp_u.partner_id = %s "
            "AND emp_u.share IS NOT TRUE)" % partner_col)


# --- Won and lost leads -----------------------------------------------------
# Odoo's own semantics (crm.lead.action_set_won / action_set_lost): a won lead
# keeps active with probability 100; a lost one is archived, with a lost
# reason or probability 0. What is neither is open (or merely archived).


def is_won_lead(active, probability):
    return bool(active) and (probability or 0.0) >= 100.0


def is_lost_lead(active, probability, lost_reason_id):
    return not active and (bool(lost_reason_id) or (probability or 0.0) <= 0.0)


def is_open_lead(active, probability):
    return bool(active) and (probability or 0.0) < 100.0


def sql_is_won_lead(alias):
    """SQL truth of "the lead ``alias`` is won" (``alias``: a crm_lead alias)."""
    return "(%(a)s.active AND COALESCE(%(a)s.probability, 0) >= 100)" % {"a": alias}


def sql_is_lost_lead(alias):
    return ("(NOT %(a)s.active AND (%(a)s.lost_reason IS NOT NULL "
            "OR COALESCE(%(a)s.probability, 0) <= 0))" % {"a": alias})


def sql_is_open_lead(alias):
    return "(%(a)s.active AND COALESCE(%(a)s.probability, 0) < 100)" % {"a": alias}

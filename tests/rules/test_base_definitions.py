# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The shared definitions (crm_customer_base.rules.definitions), without a
database. Their SQL twins are checked against them on a database in
addons/crm_customer_base/tests/test_definitions.py."""
from hypothesis import given, strategies as st

from odoo.addons.crm_customer_base.rules import definitions as d

INVOICE_TYPES = ("out_invoice", "out_refund", "in_invoice", "in_refund")
INVOICE_STATES = ("draft", "proforma", "proforma2", "open", "paid", "cancel")
INVOICES = st.lists(st.fixed_dictionaries({
    "type": st.sampled_from(INVOICE_TYPES),
    "state": st.sampled_from(INVOICE_STATES),
    "amount_untaxed_signed": st.one_of(
        st.none(), st.integers(min_value=-10 ** 6, max_value=10 ** 6)),
}), max_size=20)
NPS = st.one_of(st.none(), st.integers(min_value=0, max_value=10))
CSAT = st.one_of(st.none(), st.integers(min_value=1, max_value=5))


def test_revenue_and_purchases_by_example():
    assert d.is_revenue_invoice("out_refund", "paid")
    assert not d.is_revenue_invoice("out_invoice", "draft")
    assert d.is_purchase_invoice("out_invoice", "open")
    assert not d.is_purchase_invoice("out_refund", "open")  # a credit note is no purchase
    assert d.is_purchase_order("sale") and d.is_purchase_order("done")
    assert not d.is_purchase_order("sent")
    assert d.net_revenue([
        {"type": "out_invoice", "state": "open", "amount_untaxed_signed": 100},
        {"type": "out_refund", "state": "paid", "amount_untaxed_signed": -30},
        {"type": "out_invoice", "state": "cancel", "amount_untaxed_signed": 500},
        {"type": "in_invoice", "state": "open", "amount_untaxed_signed": 70},
    ]) == 70


@given(INVOICES)
def test_net_revenue_counts_revenue_invoices_only(invoices):
    kept = [i for i in invoices if d.is_revenue_invoice(i["type"], i["state"])]
    assert d.net_revenue(invoices) == d.net_revenue(kept)
    assert d.net_revenue(invoices) == sum(i["amount_untaxed_signed"] or 0 for i in kept)
    # Every purchase invoice is a revenue invoice.
    assert all(d.is_revenue_invoice(i["type"], i["state"]) for i in invoices
               if d.is_purchase_invoice(i["type"], i["state"]))


@given(st.lists(NPS, max_size=30))
def test_nps_bounds(scores):
    value = d.nps(scores)
    answered = [s for s in scores if s is not None]
    if not answered:
        assert value is None
    else:
        assert -100 <= value <= 100
        # Promoters and detractors never overlap.
        assert not any(d.is_promoter(s) and d.is_detractor(s) for s in answered)


@given(st.lists(CSAT, max_size=30))
def test_csat_bounds(scores):
    answered = [s for s in scores if s is not None]
    avg, pct = d.csat_avg(scores), d.csat_satisfied_pct(scores)
    if not answered:
        assert avg is None and pct is None
    else:
        assert min(answered) <= avg <= max(answered)
        assert 0 <= pct <= 100


@given(CSAT, NPS)
def test_unhappy(csat, nps):
    expected = (nps is not None and nps <= 6) or (csat is not None and csat <= 2)
    assert d.is_unhappy(csat, nps) == expected


@given(st.lists(st.fixed_dictionaries({
    "id": st.integers(min_value=1, max_value=10 ** 6), "share": st.booleans()}), max_size=6))
def test_employee(users):
    internal = [u["id"] for u in users if not u["share"]]
    assert d.is_employee(users) == bool(internal)
    assert d.employee_user_id(users) == (min(internal) if internal else None)

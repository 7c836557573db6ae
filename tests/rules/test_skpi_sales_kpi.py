# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sales KPI formulas (rules/sales_kpi.py) and the KPI catalogue
(rules/kpi_catalog.py), no database."""
from hypothesis import given, settings, strategies as st

from odoo.addons.crm_service_kpi.rules import kpi_catalog, sales_kpi


def test_win_rate_and_roi():
    assert sales_kpi.win_rate(3, 1) == 75.0
    assert sales_kpi.win_rate(0, 0) is None
    assert sales_kpi.win_rate(None, 2) == 0.0
    assert sales_kpi.roi(150.0, 100.0) == 50.0
    assert sales_kpi.roi(100.0, 0) is None


def test_sales_summary_of_empty_rows():
    summary = sales_kpi.sales_summary(None, None, None)
    assert set(summary) == set(sales_kpi.SALES_KEYS)
    assert summary["win_rate_pct"] is None
    assert summary["campaign_roi_pct"] is None
    assert summary["lead_count"] == 0


def test_sales_summary():
    summary = sales_kpi.sales_summary(
        {"lead_count": 4, "resp_sum": 6.0, "resp_count": 3, "won": 1, "lost": 3},
        {"delivered": 2, "days_sum": 5.0},
        {"invoiced": 100.0, "opportunity_revenue": 50.0, "cost": 100.0})
    assert (summary["lead_response_hours_avg"], summary["win_rate_pct"],
            summary["delivery_lead_days_avg"], summary["campaign_revenue"],
            summary["campaign_roi_pct"]) == (2.0, 25.0, 2.5, 150.0, 50.0)


def test_catalogue():
    codes = [k["code"] for k in kpi_catalog.KPIS]
    assert len(codes) == len(set(codes))
    assert all(k["department"] in kpi_catalog.DEPARTMENTS for k in kpi_catalog.KPIS)
    assert [code for code, _label in kpi_catalog.selection(lambda s: s)] == codes


def test_attainment():
    assert kpi_catalog.attainment(50.0, 100.0, True) == 50.0
    assert kpi_catalog.attainment(500.0, 100.0, True) == 200.0
    assert kpi_catalog.attainment(4.0, 2.0, False) == 50.0
    assert kpi_catalog.attainment(0.0, 2.0, False) == 200.0
    assert kpi_catalog.attainment(1.0, 0.0, True) is None
    assert kpi_catalog.attainment(None, 1.0, True) is None
    assert kpi_catalog.attainment(1.0, 1.0, None) is None


@settings(max_examples=25, deadline=None)
@given(value=st.floats(-1e6, 1e6), target=st.floats(-1e6, 1e6), higher=st.booleans())
def test_attainment_capped(value, target, higher):
    result = kpi_catalog.attainment(value, target, higher)
    assert result is None or 0.0 <= result <= 200.0


@settings(max_examples=25, deadline=None)
@given(won=st.integers(0, 10 ** 6), lost=st.integers(0, 10 ** 6))
def test_win_rate_between_0_and_100(won, lost):
    rate = sales_kpi.win_rate(won, lost)
    assert (rate is None) == (won + lost == 0)
    assert rate is None or 0.0 <= rate <= 100.0

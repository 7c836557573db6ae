# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Time buckets and SLA outcome of the driver report (rules/driver.py)."""
from hypothesis import given, settings, strategies as st

from odoo.addons.crm_service_kpi.rules import driver


def test_bucket_bounds():
    frt = driver.FIRST_RESPONSE_BUCKETS
    assert driver.bucket(None, frt) == driver.NONE
    assert driver.bucket(0.0, frt) == "1_lt_1"
    assert driver.bucket(0.99, frt) == "1_lt_1"
    assert driver.bucket(1.0, frt) == "2_1_4"     # lower bound included
    assert driver.bucket(8.0, frt) == "4_8_24"
    assert driver.bucket(24.0, frt) == "5_gt_24"
    assert driver.bucket(13.0, driver.RESOLUTION_BUCKETS) == "2_8_24"


def test_sla_outcome():
    assert driver.sla_outcome(False, "met") == "none"
    assert driver.sla_outcome(True, "at_risk") == "pending"
    assert driver.sla_outcome(True, False) == "pending"
    assert driver.sla_outcome(True, "met") == "met"
    assert driver.sla_outcome(True, "breached") == "breached"


@settings(max_examples=25, deadline=None)
@given(a=st.floats(min_value=0, max_value=1e4), b=st.floats(min_value=0, max_value=1e4))
def test_buckets_are_ordered(a, b):
    """More hours never fall in an earlier bucket (keys sort as the buckets)."""
    for buckets in (driver.FIRST_RESPONSE_BUCKETS, driver.RESOLUTION_BUCKETS):
        low, high = sorted((a, b))
        assert driver.bucket(low, buckets) <= driver.bucket(high, buckets)


def test_labels_cover_every_bucket():
    labels = driver.bucket_labels(lambda source: source)
    for name, buckets in (("first_response", driver.FIRST_RESPONSE_BUCKETS),
                          ("resolution", driver.RESOLUTION_BUCKETS)):
        keys = {key for key, _label in labels[name]}
        assert {driver.bucket(h, buckets) for h in (None, 0.0, 1.0, 4.0, 8.0, 24.0, 40.0,
                                                     80.0, 1e4)} <= keys

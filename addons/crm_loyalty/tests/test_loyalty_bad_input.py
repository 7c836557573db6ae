# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Generated arguments thrown at the public methods of crm_loyalty: they give
a translated UserError, ValidationError or AccessError and write nothing, or
succeed; never another exception (a 500 for the user)."""
from hypothesis import HealthCheck, given, settings, strategies as st

from odoo.exceptions import AccessError, UserError, ValidationError

from .test_loyalty_security import LoyaltyTwoCompaniesCase

EXPECTED = (UserError, ValidationError, AccessError)
# Derandomized and without an example database: the same examples on every
# run and machine, no files written.
SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True, database=None,
)

# Any JSON-like value a client can send, plus Python values a caller can pass.
ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-2 ** 70, max_value=2 ** 70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(max_size=3000),
    st.binary(max_size=20),
    st.dates().map(str),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


class TestBadInput(LoyaltyTwoCompaniesCase):
    def _call(self, function, *args, **kwargs):
        """Call in a savepoint: success, or an expected error and nothing
        written (the fingerprint is compared before the rollback)."""
        before = self.fingerprint()
        try:
            with self.env.cr.savepoint():
                try:
                    return function(*args, **kwargs)
                except EXPECTED:
                    self.assertEqual(self.fingerprint(), before)
                    raise
        except EXPECTED:
            return None

    @SETTINGS
    @given(top=ANYTHING)
    def test_pareto_shares(self, top):
        program = self.program_a.sudo(self.manager_a)
        result = self._call(program.pareto_shares, top)
        if result is not None:
            self.assertEqual(set(result), {"revenue_share", "margin_share"})

    @SETTINGS
    @given(
        until=st.one_of(ANYTHING, st.dates(), st.just("31/12/2030"), st.just("2030-12-31")),
        reason=st.one_of(ANYTHING, st.just("Key account"), st.just("nul\x00")),
        tier=st.one_of(st.sampled_from(["silver", "tier_b"]), ANYTHING),
        partner=st.one_of(st.sampled_from(["acme", "bolt", "acme_contact"]), ANYTHING),
    )
    def test_override_wizard(self, until, reason, tier, partner):
        values = {
            "program_id": self.program_a.id,
            "until": until,
            "reason": reason,
            "tier_id": getattr(self, tier).id if tier in ("silver", "tier_b") else tier,
            "partner_id": (getattr(self, partner).id
                           if partner in ("acme", "bolt", "acme_contact") else partner),
        }
        Wizard = self.env["crm.loyalty.override"].sudo(self.manager_a)

        def apply():
            return Wizard.create(values).action_apply()

        self._call(apply)

    @SETTINGS
    @given(partners=st.one_of(
        ANYTHING,
        st.lists(st.one_of(st.sampled_from(["acme", "bolt"]), st.integers()), max_size=4),
        st.lists(st.tuples(st.integers(0, 6), st.integers(), st.lists(st.integers(),
                                                                        max_size=3)),
                 max_size=2),
    ))
    def test_mailing_list_wizard(self, partners):
        if isinstance(partners, list):
            partners = [getattr(self, p).id if p in ("acme", "bolt") else p for p in partners]
        Wizard = self.env["crm.loyalty.mailing.list"].sudo(self.manager_a)

        def build():
            wizard = Wizard.create({"partner_ids": partners})
            self.assertIsInstance(wizard.summary, (str, bool))  # computed from the selection
            if "mail.mass_mailing.list" in self.env:
                return wizard.action_build()
            return True

        self._call(build)

    @SETTINGS
    @given(
        name=st.sampled_from([
            "window_days", "grace_days", "max_downgrade_steps", "weight_revenue",
            "weight_orders", "churn_factor", "churn_min_purchases", "service_hourly_cost",
            "matrix_value_threshold", "matrix_rule", "name", "company_id", "notify_email",
        ]),
        value=ANYTHING,
    )
    def test_program_write(self, name, value):
        program = self.program_a.sudo(self.manager_a)
        self._call(program.write, {name: value})

    @SETTINGS
    @given(
        name=st.sampled_from([
            "name", "sequence", "min_score", "color", "benefits", "sla_class", "pricelist_id",
            "program_id",
        ]),
        value=ANYTHING,
    )
    def test_tier_write(self, name, value):
        tier = self.silver.sudo(self.manager_a)
        self._call(tier.write, {name: value})

    @SETTINGS
    @given(active_ids=st.one_of(ANYTHING, st.lists(ANYTHING, max_size=3)))
    def test_mailing_list_wizard_from_selection(self, active_ids):
        Wizard = self.env["crm.loyalty.mailing.list"].sudo(self.manager_a).with_context(
            active_model="res.partner", active_ids=active_ids)

        def open_wizard():
            wizard = Wizard.create({})
            return wizard.summary

        self._call(open_wizard)

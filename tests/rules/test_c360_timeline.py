# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Timeline input rules (crm_customer360.rules.timeline), without a database."""
import datetime
import unittest

from hypothesis import given, strategies as st

from odoo.addons.crm_customer360.rules import quick_actions, timeline

IDS = st.integers(min_value=1, max_value=timeline.MAX_ID)
DATES = st.datetimes(min_value=datetime.datetime(1900, 1, 1),
                     max_value=datetime.datetime(9999, 12, 31))


@given(IDS, DATES, IDS, IDS)
def test_cursor_round_trip(partner_id, date, source_id, key_id):
    """A cursor gives back its page position, to the microsecond."""
    cursor = timeline.encode_cursor(partner_id, date, source_id, key_id)
    assert timeline.decode_cursor(cursor, partner_id) == (date, source_id, key_id)


@given(IDS, DATES, IDS, IDS, IDS)
def test_cursor_of_another_customer_refused(partner_id, date, source_id, key_id, other):
    cursor = timeline.encode_cursor(partner_id, date, source_id, key_id)
    if other != partner_id:
        try:
            timeline.decode_cursor(cursor, other)
        except timeline.TimelineInputError as error:
            assert error.code == "foreign_cursor"
        else:
            raise AssertionError("a foreign cursor was accepted")


@given(st.one_of(st.text(max_size=80), st.integers(), st.none(), st.binary(max_size=40)))
def test_bad_cursor_is_an_input_error(cursor):
    try:
        timeline.decode_cursor(cursor, 1)
    except timeline.TimelineInputError as error:
        assert error.code in ("bad_cursor", "foreign_cursor")


class TestFilters(unittest.TestCase):
    def test_validate_filters(self):
        filters = timeline.validate_filters(20, ["sales"], [], [2], "2026-01-01", "2026-01-31")
        self.assertEqual(filters["date_from"], datetime.datetime(2026, 1, 1))
        # A bare end date includes that whole day.
        self.assertEqual(filters["date_to"], datetime.datetime(2026, 1, 31, 23, 59, 59))
        for args, code in (
            ((0, [], [], [], None, None), "bad_limit"),
            ((timeline.MAX_LIMIT + 1, [], [], [], None, None), "bad_limit"),
            ((True, [], [], [], None, None), "bad_limit"),
            ((20, ["kitchen"], [], [], None, None), "unknown_department"),
            ((20, [], [], [0], None, None), "bad_user_ids"),
            ((20, [], [], [], "2026-02-01", "2026-01-01"), "reversed_dates"),
            ((20, [], [], [], "yesterday", None), "bad_date"),
        ):
            with self.assertRaises(timeline.TimelineInputError) as caught:
                timeline.validate_filters(*args)
            self.assertEqual(caught.exception.code, code, args)

    def test_validate_search(self):
        self.assertEqual(timeline.validate_search("  invoice "), "invoice")
        self.assertEqual(timeline.validate_search(False), "")
        with self.assertRaises(timeline.TimelineInputError):
            timeline.validate_search("x" * (timeline.MAX_SEARCH + 1))


class TestQuickActions(unittest.TestCase):
    def test_sorted_and_incomplete_dropped(self):
        actions = [
            {"key": "b", "name": "Bravo", "sequence": 20, "action": "x.y"},
            {"key": "a", "name": "Alpha", "sequence": 20, "action": {"type": "x"}},
            {"key": "c", "name": "Charlie", "action": "x.z"},  # default sequence 10
            {"key": "d", "name": "", "action": "x.w"},
            {"key": "e", "name": "Echo"},
        ]
        self.assertEqual([a["key"] for a in quick_actions.sort_quick_actions(actions)],
                         ["c", "a", "b"])

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Knowledge-base search and deflection rules (crm_service_kpi/rules/
answer_search.py, answer_deflection.py), no database."""
from hypothesis import given, settings
from hypothesis import strategies as st
from odoo.addons.crm_service_kpi.rules import answer_deflection as defl
from odoo.addons.crm_service_kpi.rules import answer_search as s


def test_normalize_full_width_case_and_traditional():
    assert s.normalize("ＷｉＦｉ　ＰＡＳＳ１２３") == "wifi pass123"
    assert s.normalize("忘記密碼") == "忘记密码"
    assert s.normalize(None) == "" and s.normalize("") == ""


def test_tokens_segment_chinese_and_keep_words():
    toks = s.tokens("路由器WiFi密码忘了怎么办？")
    assert "路由器" in toks and "密码" in toks and "wifi" in toks
    # stop words and punctuation are not tokens
    assert "怎么办" not in toks and "？" not in toks
    assert s.tokens("How do I reset the router?") == ["reset", "router"]


def test_tokens_same_for_simplified_traditional_and_full_width():
    assert s.tokens("忘記無線網路密碼") == s.tokens("忘记无线网路密码")
    assert s.tokens("ＷＩＦＩ密码") == s.tokens("wifi密码")


def test_tokens_unique_and_limited():
    toks = s.tokens("wifi wifi WIFI router router")
    assert toks == ["wifi", "router"]
    assert len(s.tokens(" ".join("word%d" % i for i in range(100)), limit=7)) == 7


def test_tsquery_or_of_tokens_and_empty_for_nothing():
    assert s.tsquery("reset router") == "reset | router"
    for nothing in ("", "   ", "?!…", "的 了 吗", None, 42, ["wifi"], {"q": 1}):
        assert s.tsquery(nothing) == ""


def test_huge_query_is_cut():
    huge = "密码" * 100000
    assert len(s.clean_query(huge)) == s.MAX_QUERY_CHARS
    assert len(s.tsquery("x " + " ".join("w%d" % i for i in range(5000))).split(" | ")) \
        <= s.MAX_TOKENS


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_tsquery_tokens_need_no_quoting(text):
    """Only letters, digits and CJK: to_tsquery cannot fail on them."""
    for tok in s.tsquery(text).split(" | "):
        assert tok == "" or all(c.isalnum() for c in tok), tok


def test_limit_clamped():
    assert s.clamp_limit(3) == 3
    assert s.clamp_limit(0) == 1 and s.clamp_limit(-5) == 1
    assert s.clamp_limit(10 ** 9) == s.MAX_LIMIT
    assert s.clamp_limit("x") == s.DEFAULT_LIMIT and s.clamp_limit(None) == s.DEFAULT_LIMIT


def test_search_sql_uses_the_index_expression():
    sql = s.search_sql("crm_service_answer", "active")
    assert sql.count(s.VECTOR_SQL) == 2 and "FROM crm_service_answer" in sql
    params = s.search_params("wifi 密码", 99)
    assert params["tsquery"] == "wifi | 密码" and params["limit"] == s.MAX_LIMIT


def test_html_to_text_and_snippet():
    assert s.html_to_text("<p>Open <b>Settings</b> &amp; save</p>") == "Open Settings & save"
    body = "x" * 300 + " reset the router here " + "y" * 300
    snip = s.snippet(body, "router")
    assert "router" in snip and snip.startswith("…") and snip.endswith("…")
    assert s.snippet("short", "q") == "short"
    latin = "Open the page in a browser connected to the router by cable. " * 3 + \
        "Type the new password and click Save. " * 5
    snip = s.snippet(latin, "password")
    assert snip.startswith("…") and snip[1:].split(" ")[0] in latin.split(" "), snip


def test_hit_rates():
    rows = [(1, [1, 2, 3]), (2, [3, 2]), (3, [4, 5, 6]), (4, [])]
    assert s.hit_rates(rows) == {1: 0.25, 3: 0.5}
    assert s.hit_rates([]) == {1: 0.0, 3: 0.0}


def test_deflection_figures_and_rate():
    got = defl.figures((10, 6, 4, 2, 2))
    assert got["searched"] == 10 and got["deflected"] == 4 and got["tickets_anyway"] == 2
    assert got["deflection_rate"] == 40.0
    assert defl.figures((0, 0, 0, 0, 0))["deflection_rate"] is None
    assert defl.figures((None, None, None, None, None))["searched"] == 0


def test_session_key_hashes_and_logged_query():
    key = defl.session_key("abc")
    assert key == defl.session_key("abc") and key != defl.session_key("abd")
    assert "abc" not in key and len(key) == 32
    assert defl.session_key(None) == "" and defl.session_key("") == ""
    assert defl.logged_query(" wifi ") == "wifi"
    assert len(defl.logged_query("x" * 1000)) == defl.MAX_LOGGED_QUERY
    assert defl.logged_query(None) == "" and defl.logged_query(5) == ""


def test_prefer_language_keeps_rank_within_family():
    rows = [{"id": 1, "lang": "en_US"}, {"id": 2, "lang": "zh_CN"}, {"id": 3, "lang": "en_US"},
            {"id": 4, "lang": "zh_TW"}]
    assert [r["id"] for r in s.prefer_language(rows, "zh_TW", 3)] == [2, 4, 1]
    assert [r["id"] for r in s.prefer_language(rows, "en_US", 10)] == [1, 3, 2, 4]
    assert [r["id"] for r in s.prefer_language(rows, None, 2)] == [1, 2]
    assert s.language_family("zh_CN") == s.language_family("zh_TW") == "zh"


@given(st.integers(min_value=-5, max_value=defl.MAX_EVENTS_PER_SESSION + 5))
def test_a_session_logs_up_to_the_cap(logged):
    assert defl.may_log(logged) == (0 <= logged < defl.MAX_EVENTS_PER_SESSION)


def test_may_log_refuses_what_is_not_a_count():
    for logged in (None, "3", 2.0, True):
        assert not defl.may_log(logged)

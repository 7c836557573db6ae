# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Search of knowledge-base answers in Chinese and English (no Odoo import).

PostgreSQL's full-text parser does not split Chinese words, so the text is
segmented here, in Python, and stored segmented: ``search_title`` and
``search_body`` of ``crm.service.answer`` hold the normalised tokens joined by
spaces; ``VECTOR_SQL`` turns them into a weighted tsvector with the 'simple'
configuration (no stemming, no stop words: the tokens are final), and the same
expression is the GIN index, so a search is one indexed query.

* ``normalize``: NFKC (full-width letters, digits and punctuation become
  half-width), lower case, the few traditional characters of support questions
  mapped to simplified (a question in zh_TW finds an answer written in zh_CN).
* ``tokens``: jieba's search-mode segmentation for CJK runs (words and their
  sub-words), words of letters and digits otherwise; stop words and one-letter
  Latin tokens dropped; order kept, duplicates removed.
* ``tsquery``: the OR of the query's tokens; the rank (``ts_rank`` with title
  weight 1.0, body 0.4) orders the answers, ties by id.

The choice of this over pg_trgm trigram similarity was measured
(``scripts/answer_search_eval.py``, figures in the README).
"""
import html
import logging
import re
import unicodedata

MAX_QUERY_CHARS = 500
MAX_TOKENS = 40
DEFAULT_LIMIT = 5
MAX_LIMIT = 20
# Languages an answer may be written in whether or not the interface has them
# loaded (names as Odoo's res.lang gives them).
ANSWER_LANGUAGES = (
    ("en_US", "English"),
    ("zh_CN", "Chinese (Simplified) / 简体中文"),
    ("zh_TW", "Chinese (Traditional) / 正體字"),
)

# Traditional -> simplified for the characters of support questions; a full
# converter (OpenCC) is not a dependency we take for this.
_T2S = str.maketrans(
    "網碼遞貨訂單號帳戶設讀機線連載開關問題換錢發聯係絡買賣達們這個為麼無請幫顯錯誤"
    "註冊錄電話郵費價優積點會員級別變損壞壓維運輸時間過說書裝軟體驗證記憶應裡後臺灣"
    "處導覽頁資庫備復還輕鬆數據條掃儲檔傳簡語產響聲訊斷續餘額給讓從認統寬頻擇選項鍵"
    "盤顏亂閃燈紅綠廣勞務簽協議幣匯轉帶離專業實際邊測試啟動舊兌紀稱隱標準規則貼倉揀"
    "遲補寫飛極嗎鎖確",
    "网码递货订单号帐户设读机线连载开关问题换钱发联系络买卖达们这个为么无请帮显错误"
    "注册录电话邮费价优积点会员级别变损坏压维运输时间过说书装软体验证记忆应里后台湾"
    "处导览页资库备复还轻松数据条扫储档传简语产响声讯断续余额给让从认统宽频择选项键"
    "盘颜乱闪灯红绿广劳务签协议币汇转带离专业实际边测试启动旧兑纪称隐标准规则贴仓拣"
    "迟补写飞极吗锁确",
)

STOP_WORDS = frozenset(
    """
    a an and are as at be but by can cannot could do does did for from how i if in
    into is it its me my no not of on or our please so that the their then there
    this to was we what when where which who why will with you your yes hi hello
    的 了 吗 呢 吧 啊 么 是 我 你 他 她 它 我们 你们 在 和 与 及 或 就 都 也 还 又
    怎么 怎么办 怎样 如何 什么 为什么 请问 请 一下 一个 这个 那个 有 没 没有 能 不能 可以
    要 会 把 被 给 让 对 从 到 得 地 着 过 啦 哦 呀 嗯 您 您好 你好 谢谢
    """.split()
)

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(r"([%s]+)|([a-z0-9]+)" % _CJK)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")

# The weighted document vector of an answer; the GIN index is built on this
# very expression (unqualified columns) so that the search uses it.
VECTOR_SQL = (
    "(setweight(to_tsvector('simple'::regconfig, coalesce(search_title, '')), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, coalesce(search_body, '')), 'B'))"
)
# ts_rank weights are {D, C, B, A}
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"

SEARCH_SQL = (
    "SELECT id, ts_rank(%(weights)s::float4[], {vector}, q) AS score"
    "  FROM {table}, to_tsquery('simple'::regconfig, %(tsquery)s) AS q"
    " WHERE {vector} @@ q AND {where}"
    " ORDER BY score DESC, id LIMIT %(limit)s"
)

_jieba = None


def _segmenter():
    """jieba, loaded once (its dictionary takes a second to load)."""
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba


def html_to_text(value):
    """Plain text of an HTML body (tags dropped, entities decoded)."""
    if not value:
        return ""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", value))).strip()


def normalize(text):
    """Half-width, lower-case, simplified text; '' for nothing."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    return text.translate(_T2S)


def tokens(text, limit=None):
    """Search tokens of a text: a list, in order, without duplicates."""
    text = normalize(text)
    out = []
    seen = set()

    def add(tok):
        if tok and tok not in seen and tok not in STOP_WORDS:
            seen.add(tok)
            out.append(tok)

    for match in _RUN.finditer(text):
        cjk, word = match.groups()
        if cjk:
            for tok in _segmenter().cut_for_search(cjk):
                add(tok)
        elif len(word) > 1 or word.isdigit():
            add(word)
        if limit and len(out) >= limit:
            return out[:limit]
    return out


def segmented(text):
    """The stored form of a text: its tokens joined by spaces."""
    return " ".join(tokens(text))


def clean_query(query):
    """The query as text, cut to MAX_QUERY_CHARS; '' if it is not text."""
    if not isinstance(query, str):
        return ""
    return query.strip()[:MAX_QUERY_CHARS]


def tsquery(query):
    """The tsquery text of a query (OR of its tokens), or '' if it has none.

    Tokens are only letters, digits and CJK characters, so the text needs no
    quoting for to_tsquery."""
    return " | ".join(tokens(clean_query(query), limit=MAX_TOKENS))


def ticket_query(title, description_html):
    """What a ticket asks, as a search query: its title and plain description."""
    return clean_query(" ".join(filter(None, [title or "", html_to_text(description_html)])))


def clamp_limit(limit):
    """A result count between 1 and MAX_LIMIT; DEFAULT_LIMIT if not a number."""
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        return DEFAULT_LIMIT
    return max(1, min(limit, MAX_LIMIT))


def search_sql(table, where="TRUE"):
    """The ranked search query over ``table`` (parameters: weights, tsquery,
    limit, and those of ``where``)."""
    return SEARCH_SQL.format(vector=VECTOR_SQL, table=table, where=where)


def search_params(query, limit=DEFAULT_LIMIT):
    return {"weights": RANK_WEIGHTS, "tsquery": tsquery(query), "limit": clamp_limit(limit)}


def snippet(body_text, query, width=160):
    """A short extract of an answer's plain text around the first query token."""
    text = body_text or ""
    if len(text) <= width:
        return text
    low = normalize(text)
    start = 0
    for tok in tokens(clean_query(query), limit=MAX_TOKENS):
        pos = low.find(tok)
        if pos >= 0:
            start = max(0, pos - width // 4)
            # do not cut a Latin word in two
            space = text.rfind(" ", 0, start + 1)
            if start and space >= 0 and start - space < 20:
                start = space + 1
            break
    extract = text[start:start + width].strip()
    return ("…" if start else "") + extract + ("…" if start + width < len(text) else "")


def language_family(code):
    """'zh' of 'zh_CN' and 'zh_TW', 'en' of 'en_US': answers a reader can read."""
    return (code or "").split("_")[0].lower()


def prefer_language(rows, lang, limit):
    """The first ``limit`` of ranked rows (dicts with 'lang'), those in the
    reader's language family first, rank kept within each group."""
    family = language_family(lang)
    ordered = sorted(rows, key=lambda r: language_family(r.get("lang")) != family)
    return ordered[:clamp_limit(limit)]


def hit_rates(expected_and_found, ks=(1, 3)):
    """{k: share of questions whose expected answer is in the first k found}.

    ``expected_and_found``: iterable of (expected id, list of found ids)."""
    rows = list(expected_and_found)
    if not rows:
        return {k: 0.0 for k in ks}
    return {
        k: sum(1 for expected, found in rows if expected in list(found)[:k]) / len(rows)
        for k in ks
    }

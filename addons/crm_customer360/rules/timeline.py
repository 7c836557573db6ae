# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Timeline rules as plain functions (no Odoo import): departments, cursors,
filter validation and the SQL that merges the sources. A port to a newer Odoo
keeps this file; only the glue that asks Odoo for each source's access-checked
FROM/WHERE changes.
"""
import base64
import binascii
import json
import re
from collections import namedtuple
from datetime import datetime

DEPARTMENTS = ("sales", "marketing", "service", "finance", "logistics", "other")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
MAX_LIMIT = 200


class TimelineInputError(ValueError):
    """Bad input to the timeline; ``code`` and ``values`` name it for translation."""

    def __init__(self, code, **values):
        super().__init__(code, values)
        self.code = code
        self.values = values


def parse_datetime(value, code):
    """A date or datetime string (or False/None) to a naive UTC datetime."""
    if not value:
        return None
    for fmt in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt)
        except (TypeError, ValueError):
            continue
    raise TimelineInputError(code, value=_short(value))


# Bounds of the free inputs: PostgreSQL's integer ids, a search box, a page
# of event types.
MAX_ID = 2 ** 31 - 1
MAX_SEARCH = 200
MAX_CURSOR = 1000
MAX_ITEMS = 100


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _short(value, size=60):
    """``value`` as text for an error message, cut."""
    text = repr(value) if not isinstance(value, str) else value
    text = text.replace("\x00", "\\x00")
    return text if len(text) <= size else text[: size - 1] + "\u2026"


def _string_list(value, code, allowed=None):
    """``value`` (a list of strings, or empty) as a list, or raise."""
    if not value:
        return []
    if not isinstance(value, (list, tuple)) or len(value) > MAX_ITEMS or not all(
            isinstance(v, str) and 0 < len(v) <= 64 and "\x00" not in v for v in value):
        raise TimelineInputError(code, value=_short(value))
    if allowed is not None:
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise TimelineInputError(code, value=_short(", ".join(unknown)))
    return list(value)


def validate_search(search):
    """The search text stripped ("" for none), or raise TimelineInputError."""
    if search is None or search is False:
        return ""
    if not isinstance(search, str) or len(search) > MAX_SEARCH or "\x00" in search:
        raise TimelineInputError("bad_search", value=_short(search), max=MAX_SEARCH)
    return search.strip()


def validate_filters(limit, departments, event_types, user_ids, date_from, date_to):
    """Normalise the filter arguments or raise TimelineInputError."""
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 < limit <= MAX_LIMIT:
        raise TimelineInputError("bad_limit", value=_short(limit), max=MAX_LIMIT)
    departments = _string_list(departments, "unknown_department", DEPARTMENTS)
    event_types = _string_list(event_types, "bad_event_types")
    if user_ids and (not isinstance(user_ids, (list, tuple)) or len(user_ids) > MAX_ITEMS
                     or not all(_is_id(u) for u in user_ids)):
        raise TimelineInputError("bad_user_ids", value=_short(user_ids))
    for value in (date_from, date_to):
        if value and not isinstance(value, str):
            raise TimelineInputError("bad_date", value=_short(value))
    start = parse_datetime(date_from, "bad_date")
    end = parse_datetime(date_to, "bad_date")
    if end is not None and date_to and len(date_to) == 10:
        # A bare end date includes that whole day.
        end = end.replace(hour=23, minute=59, second=59)
    if start and end and start > end:
        raise TimelineInputError("reversed_dates", date_from=date_from, date_to=date_to)
    return {
        "limit": limit,
        "departments": departments,
        "event_types": event_types,
        "user_ids": list(user_ids or []),
        "date_from": start,
        "date_to": end,
    }


def _parse_timestamp(value):
    """PostgreSQL's text of a timestamp, microseconds kept: keyset pagination
    must compare at full precision or rows sharing a second are skipped."""
    for fmt in (DATE_FORMAT + ".%f", DATE_FORMAT):
        try:
            return datetime.strptime(value, fmt)
        except (TypeError, ValueError):
            continue
    raise ValueError(value)


def format_date(value):
    """An event date (datetime or PostgreSQL text) as %Y-%m-%d %H:%M:%S."""
    if isinstance(value, str):
        value = _parse_timestamp(value)
    return value.strftime(DATE_FORMAT)


def encode_cursor(partner_id, date, source_id, key_id):
    if not isinstance(date, str):
        date = date.strftime(DATE_FORMAT + ".%f")
    raw = json.dumps([partner_id, date, source_id, key_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor, partner_id):
    """Return (date, source_id, key_id) or raise TimelineInputError."""
    try:
        if not isinstance(cursor, str) or len(cursor) > MAX_CURSOR:
            raise ValueError(cursor)
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded))
        if not isinstance(decoded, list) or len(decoded) != 4:
            raise ValueError(cursor)
        cur_partner, date, source_id, key_id = decoded
        date = _parse_timestamp(date)
        if not all(_is_id(x) for x in (cur_partner, source_id, key_id)):
            raise ValueError(cursor)
    except (TypeError, ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        raise TimelineInputError("bad_cursor")
    if cur_partner != partner_id:
        raise TimelineInputError("foreign_cursor")
    return date, source_id, key_id


def keyset_sql(date_expr, source, key_expr):
    """WHERE fragment: rows strictly after the cursor in (date, source, key)
    descending order. Parameters: cursor date, cursor date, cursor source,
    cursor source, cursor key. ``source`` is the source id, a constant of
    the sub-query (the planner keeps an index range scan on the date), or
    the SQL expression of the row's source in a part shared by sources."""
    return (
        "({date} < %s OR ({date} = %s AND ({source} < %s OR ({source} = %s AND {key} < %s))))"
    ).format(date=date_expr, source=source if isinstance(source, str) else int(source),
             key=key_expr)


def keyset_params(cursor):
    date, source_id, key_id = cursor
    return [date, date, source_id, source_id, key_id]


def merge_sql(subqueries, limit):
    """UNION ALL the per-source sub-queries (each already ordered and limited)
    and keep the newest ``limit`` rows. Each sub-query returns the columns
    date, source_id, key_id, res_model, res_id, user_id, amount, currency_id,
    summary_values."""
    parts = ["(%s)" % sql for sql in subqueries]
    return (
        "SELECT * FROM (%s) AS events ORDER BY date DESC, source_id DESC, key_id DESC LIMIT %d"
        % (" UNION ALL ".join(parts), int(limit))
    )


# What a statement needs of a source: its configuration and the SQL of its
# columns on its table ("table"), which depend only on the source and the
# installed models (built by crm.customer360.source._spec, cached per
# version of the sources). ``partner_condition`` holds PARTNERS where the
# sub-select of the customer's partners goes; ``values_sql`` takes the
# placeholders as params; ``domain_value`` is the domain when it is a plain
# literal (no name to evaluate for the user or the time), else None.
SourceSpec = namedtuple("SourceSpec", [
    "id", "name", "res_model", "table", "link_kind", "link", "department", "event_type",
    "template", "domain", "domain_value", "has_user", "placeholders", "date_sql",
    "date_is_day", "user_sql", "amount_sql", "currency_sql", "values_sql", "search_sql",
    "partner_condition", "ref_model_sql", "ref_id_sql", "placeholder_sql", "amount_path",
])
PARTNERS = "__c360_partners__"


def values_sql(columns):
    """SQL of a source's summary values: a JSON object of the placeholders'
    columns (the placeholder names are its params)."""
    if not columns:
        return "'{}'::json"
    return "json_build_object(%s)" % ", ".join("%%s, %s" % column for column in columns)


def search_sql(columns):
    """SQL condition: the search text (one param) is in one of the columns."""
    if not columns:
        return None
    return "concat_ws(' ', %s) ILIKE %%s" % ", ".join("(%s)::text" % c for c in columns)


def visible_spec(spec, readable_paths, amount_readable=True):
    """``spec`` showing (and searching) only the placeholders of
    ``readable_paths``, and its amount only when ``amount_readable``."""
    if set(spec.placeholders) <= set(readable_paths) and amount_readable:
        return spec
    kept = [(path, sql) for path, sql in zip(spec.placeholders, spec.placeholder_sql)
            if path in readable_paths]
    columns = [sql for _path, sql in kept]
    return spec._replace(
        placeholders=tuple(path for path, _sql in kept), placeholder_sql=tuple(columns),
        values_sql=values_sql(columns), search_sql=search_sql(columns),
        amount_sql=spec.amount_sql if amount_readable else "NULL::numeric")


def partner_condition(spec, partner_sql):
    return spec.partner_condition.replace(PARTNERS, partner_sql)


def groups(specs):
    """``specs`` split by table and link (model, link kind, customer or
    reference fields), in their order: a group's sources can share the
    scans of their table (see part_sql)."""
    found = {}
    for spec in specs:
        found.setdefault((spec.res_model, spec.link_kind) + spec.link, []).append(spec)
    return list(found.values())


def filter_sql(spec, filters, search, labels=None, html=()):
    """The page's filters (employees, dates, search) as conditions on the
    source's rows, with their params (``labels``, ``html``: see
    search_condition)."""
    conditions, params = [], []
    if filters.get("user_ids"):
        conditions.append("%s IN %%s" % spec.user_sql)
        params.append(tuple(filters["user_ids"]))
    if filters.get("date_from"):
        conditions.append("%s >= %%s" % spec.date_sql)
        params.append(filters["date_from"])
    if filters.get("date_to"):
        conditions.append("%s <= %%s" % spec.date_sql)
        params.append(filters["date_to"])
    if search:
        condition, condition_params = search_condition(spec, search, labels, html)
        conditions.append(condition)
        params += condition_params
    return conditions, params


_SUMMARY_PLACEHOLDER = re.compile(r"%\(([a-z0-9_.]+)\)s")


def _like_regex(search):
    """The regular expression of ``ILIKE '%search%'`` (% and _ wildcards)."""
    return re.compile("".join(
        ".*" if char == "%" else "." if char == "_" else re.escape(char) for char in search),
        re.IGNORECASE | re.DOTALL)


def search_condition(spec, search, labels=None, html=()):
    """(SQL condition, params): the event as the user reads it contains
    ``search`` (ILIKE, case-insensitive): its kind (``spec.name``, in the
    user's language) and its summary, the template's words (translated)
    with the values of its placeholders, selection values as their labels
    (``labels``: {placeholder: {value: label}}) and HTML placeholders
    (``html``) as their text, as render_summary shows them. Set-based: the
    constant text is matched once per source here, the rest in the query."""
    pattern = "%" + search + "%"
    constant = " ".join([spec.name or "", _SUMMARY_PLACEHOLDER.sub(" ", spec.template or "")])
    if _like_regex(search).search(constant):
        return "TRUE", []
    columns = dict(zip(spec.placeholders, spec.placeholder_sql))
    if not columns:
        return "FALSE", []
    # The summary as rendered: literal parts and values, in their order (a
    # placeholder the user may not read renders empty).
    pieces, params = [], []
    for index, piece in enumerate(_SUMMARY_PLACEHOLDER.split(spec.template or "")):
        if index % 2 == 0:
            if piece:
                pieces.append("%s::text")
                params.append(piece)
        elif piece in columns and (labels or {}).get(piece):
            # The label shown instead of the stored code.
            choices = sorted(labels[piece].items())
            pieces.append("(CASE (%s)::text %s ELSE (%s)::text END)" % (
                columns[piece], " ".join("WHEN %s THEN %s" for _choice in choices),
                columns[piece]))
            for value, label in choices:
                params += [str(value), label or ""]
        elif piece in columns and piece in html:
            pieces.append("replace(regexp_replace((%s)::text, '<[^>]*>', ' ', 'g'), "
                          "'&nbsp;', ' ')" % columns[piece])
        elif piece in columns:
            pieces.append("(%s)::text" % columns[piece])
    return ("regexp_replace(concat_ws(' ', %%s::text, concat(%s)), '\\s+', ' ', 'g') ILIKE %%s"
            % ", ".join(pieces or ["''"]),
            [spec.name or ""] + params + [pattern])


def part_sql(matches, from_clause, where_clause, where_params, link, limit, cursor=None):
    """One part: the keys of the newest ``limit`` rows of ``matches`` (a
    block of sources on one table, [(spec, condition, params)]) with one
    link (res_model, department or None, res_id SQL, link SQL, params),
    ordered by date, source and key (all descending), with its params.
    Columns: date, source_id, key_id, res_model, res_id, department.

    The sources of a block share the part: each row of the table is read
    once and yields one row per source whose condition (domain and
    filters) it matches — the email, message, note, call and activity
    sources all read mail_message: one part per document model instead of
    five."""
    res_model, department, res_id, link_sql, link_params = link
    spec = matches[0][0]
    key = '"%s".id' % spec.table
    if department is not None:
        department_sql, department_params = "%s::varchar", [department]
    elif len({m[0].department for m in matches}) == 1:
        department_sql, department_params = "%s::varchar", [spec.department]
    else:
        department_sql = "(CASE c360_x.source_id %s END)::varchar" % " ".join(
            "WHEN %d THEN %%s" % m[0].id for m in matches)
        department_params = [m[0].department for m in matches]
    if len(matches) == 1:
        spec, condition, condition_params = matches[0]
        sql = (
            "SELECT {date} AS date, {source} AS source_id, {key} AS key_id, "
            "%s::varchar AS res_model, {res_id} AS res_id, {department} AS department "
            "FROM {from_} WHERE ({where}) AND ({condition}) AND {link} AND {date} IS NOT NULL"
        ).format(date=spec.date_sql, source=int(spec.id), key=key, res_id=res_id,
                 department=department_sql, from_=from_clause, where=where_clause,
                 condition=condition, link=link_sql)
        params = [res_model] + department_params + where_params + condition_params + \
            link_params
        if cursor:
            sql += " AND " + keyset_sql(spec.date_sql, spec.id, key)
            params += keyset_params(cursor)
        sql += " ORDER BY %s DESC, %s DESC LIMIT %d" % (spec.date_sql, key, limit)
        return sql, params
    # unnest() in the select list: a LATERAL (VALUES ...) of (date, source)
    # pairs was 5 times slower on mail_message.
    dates = [m[0].date_sql for m in matches]
    case_sql = "ARRAY[%s]" % ", ".join(
        "CASE WHEN %s THEN %d END" % (condition, spec.id) for spec, condition, _p in matches)
    case_params = any_params = [p for _spec, _condition, ps in matches for p in ps]
    if len(set(dates)) == 1 and limit == 1 and not cursor:
        # The newest event only: a row's first event is the one of its
        # highest matching source (the header's last contact).
        date_sql = dates[0]
        case_sql = "CASE %s END" % " ".join(
            "WHEN %s THEN %d" % (condition, spec.id)
            for spec, condition, _p in sorted(matches, key=lambda m: -m[0].id))
        case_params = [p for _s, _c, ps in sorted(matches, key=lambda m: -m[0].id) for p in ps]
    elif len(set(dates)) == 1:
        # One date: only the matching sources are unnested.
        date_sql = dates[0]
        case_sql = "unnest(array_remove(%s, NULL))" % case_sql
    else:
        # The dates and the sources side by side (the unnest()s of a select
        # list run in step).
        date_sql = "unnest(ARRAY[%s])" % ", ".join(dates)
        case_sql = "unnest(%s)" % case_sql
    sql = (
        "SELECT c360_x.date, c360_x.source_id, c360_x.key_id, %s::varchar AS res_model, "
        "c360_x.res_id, {department} AS department FROM (SELECT {date} AS date, {case} AS "
        "source_id, {key} AS key_id, {res_id} AS res_id FROM {from_} WHERE ({where}) AND "
        "({any}) AND {link}) AS c360_x "
        "WHERE c360_x.source_id IS NOT NULL AND c360_x.date IS NOT NULL"
    ).format(department=department_sql, date=date_sql, case=case_sql, key=key, res_id=res_id,
             from_=from_clause, where=where_clause,
             any=" OR ".join("(%s)" % m[1] for m in matches), link=link_sql)
    # Parameters in the statement's order: the select lists, then the WHEREs.
    params = [res_model] + department_params + case_params + where_params + any_params + \
        link_params
    if cursor:
        sql += " AND " + keyset_sql("c360_x.date", "c360_x.source_id", "c360_x.key_id")
        params += keyset_params(cursor)
    sql += " ORDER BY c360_x.date DESC, c360_x.source_id DESC, c360_x.key_id DESC LIMIT %d" % (
        limit)
    return sql, params


def _by_source(specs, column):
    """SQL of a column that ``column(spec)`` gives as (sql, params) for each
    source: one expression when they are all the same, else a CASE on the
    row's source (c360_key.source_id)."""
    values = [column(spec) for spec in specs]
    if all(v == values[0] for v in values):
        return values[0]
    return ("CASE c360_key.source_id %s END" % " ".join(
        "WHEN %d THEN %s" % (spec.id, sql) for spec, (sql, _p) in zip(specs, values)),
        [p for _sql, ps in values for p in ps])


def events_sql(specs, parts, params, limit):
    """A block's parts (see part_sql) with the events' columns (user,
    amount, currency, summary values), computed with their sub-selects
    only on the ``limit`` rows kept; with its params."""
    columns, column_params = [], []
    for column in (lambda s: (s.user_sql, []), lambda s: (s.amount_sql, []),
                   lambda s: (s.currency_sql, []), lambda s: (s.values_sql, list(s.placeholders))):
        sql, sql_params = _by_source(specs, column)
        columns.append(sql)
        column_params += sql_params
    if len(parts) == 1:
        keys = parts[0]
    else:
        keys = ("SELECT * FROM (%s) AS c360_part ORDER BY date DESC, source_id DESC, "
                "key_id DESC LIMIT %d" % (" UNION ALL ".join("(%s)" % p for p in parts), limit))
    sql = (
        "SELECT c360_key.date, c360_key.source_id, c360_key.key_id, c360_key.res_model, "
        "c360_key.res_id, {0} AS user_id, {1} AS amount, {2} AS currency_id, "
        "c360_key.department, {3} AS summary_values FROM ({keys}) AS c360_key "
        'JOIN "{table}" ON "{table}".id = c360_key.key_id'
    ).format(*columns, keys=keys, table=specs[0].table)
    return sql, column_params + params


class _SafeDict(dict):
    def __missing__(self, key):
        return ""


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
SUMMARY_LENGTH = 160


def render_summary(template, values):
    """One line from ``template`` and its %(field)s placeholders: missing
    values render empty, HTML (message bodies) becomes plain text, separators
    left dangling by an empty value are dropped, and the line is cut to
    SUMMARY_LENGTH characters."""
    cleaned = _SafeDict(
        (k, "" if v is None or v is False else _TAG.sub(" ", v) if isinstance(v, str) else v)
        for k, v in (values or {}).items()
    )
    try:
        line = (template or "") % cleaned
    except (TypeError, ValueError, KeyError):
        line = template or ""
    line = _SPACE.sub(" ", line.replace("&nbsp;", " ")).strip(" :-\u2014")
    if len(line) > SUMMARY_LENGTH:
        line = line[: SUMMARY_LENGTH - 1].rstrip() + "\u2026"
    return line

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lead intake from business cards: reading the file, normalising names,
companies, emails and phones, matching rows and assigning salespeople.

Plain functions, no Odoo import. Errors are raised as :class:`IntakeError`
with a code and values; the wizard turns them into translated messages.
Row statuses, in order of precedence:

* ``error``: the row cannot become a lead (no name, email nor phone; an
  email or phone that cannot be read);
* ``in_file``: same email or phone as an earlier row of the same file;
* ``duplicate``: an open lead of the company has the same email or phone, or
  the same company name and contact name;
* ``customer``: a customer or contact of the company has the same email or
  phone, or the same company name (the lead is linked to that customer);
* ``new``: none of the above.
"""
import csv
import io
import re
import unicodedata

import phonenumbers

STATUSES = ("error", "in_file", "duplicate", "customer", "new")
#: Statuses whose rows become leads.
IMPORTED_STATUSES = ("customer", "new")
FIELDS = ("name", "company", "title", "phone", "email", "country", "state")

#: Header spellings (after :func:`header_key`) of each column.
HEADERS = {
    "name": ("name", "contactname", "contact", "fullname", "姓名", "名字", "联系人", "聯絡人",
             "聯系人"),
    "company": ("company", "companyname", "organization", "organisation", "公司", "公司名称",
                "公司名稱", "单位", "單位", "企业", "企業"),
    "title": ("title", "jobtitle", "position", "function", "职位", "職位", "职务", "職務",
              "职称", "職稱", "头衔", "頭銜"),
    "phone": ("phone", "tel", "telephone", "mobile", "cell", "phonenumber", "电话", "電話",
              "手机", "手機", "联系电话", "聯絡電話"),
    "email": ("email", "mail", "emailaddress", "邮箱", "郵箱", "电子邮件", "電子郵件",
              "邮件", "郵件", "信箱"),
    "country": ("country", "国家", "國家", "countrycode"),
    "state": ("state", "province", "region", "省", "省份", "州"),
}

#: Legal-form words dropped from the end of a company name (after casefold).
LATIN_SUFFIXES = frozenset((
    "co", "company", "ltd", "limited", "inc", "incorporated", "corp", "corporation",
    "llc", "plc", "gmbh", "ag", "sa", "sarl", "bv", "nv", "srl", "spa", "pte", "pty",
    "kk", "oy", "ab", "as", "lp", "llp",
))
#: Chinese legal forms dropped from the end (longest first).
CJK_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "股份公司", "集团公司", "集團公司",
    "公司",
)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
MAX_FIELD = 256
CSV_ENCODINGS = ("utf-8-sig", "gb18030", "big5")


class IntakeError(Exception):
    """A file the intake cannot read: ``code`` and ``values`` for the message."""

    def __init__(self, code, **values):
        super().__init__(code)
        self.code = code
        self.values = values


def clean_text(value):
    """NFKC (full-width letters and digits become ASCII), whitespace collapsed,
    at most MAX_FIELD characters; '' for None."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value))
    text = " ".join(text.split())
    return text[:MAX_FIELD]


def header_key(value):
    """A header cell as compared with HEADERS: NFKC, casefold, letters only."""
    text = unicodedata.normalize("NFKC", clean_text(value)).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def normalize_email(value):
    """Lower-case NFKC email without spaces or angle brackets ('' if empty)."""
    text = clean_text(value)
    for _i in range(8):
        new = "".join(unicodedata.normalize("NFKC", text.casefold()).split()).strip("<>")
        if new == text:
            break
        text = new
    return text


def is_valid_email(email):
    return bool(EMAIL_RE.match(email or ""))


def _company_pass(text):
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    tokens = "".join(ch if ch.isalnum() else " " for ch in text).split()
    changed = True
    while changed and tokens:
        changed = False
        last = tokens[-1]
        for suffix in CJK_SUFFIXES:
            if last.endswith(suffix) and len(last) > len(suffix):
                tokens[-1] = last[:-len(suffix)]
                changed = True
                break
        else:
            if len(tokens) > 1 and (last in LATIN_SUFFIXES or last in CJK_SUFFIXES):
                tokens.pop()
                changed = True
    return "".join(tokens)


def normalize_company(value):
    """The matching key of a company name: NFKC, case folded, punctuation and
    spaces removed, legal forms (Co., Ltd., Inc., 有限公司, 股份有限公司...)
    dropped from the end. Idempotent; '' for an empty name."""
    text = clean_text(value)
    for _i in range(8):
        new = _company_pass(text)
        if new == text:
            break
        text = new
    return text


def normalize_phone(value, region=None):
    """E.164 form of a phone number (``+8613812345678``), read with the
    default ``region`` (ISO code) when it has no country prefix. Returns
    (e164, ok): ('', True) for an empty value, (cleaned text, False) when it
    cannot be read as a possible number."""
    text = clean_text(value)
    if not text:
        return "", True
    region = (region or "").upper() or None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return text, False
    if not phonenumbers.is_possible_number(number):
        return text, False
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), True


def _cjk_share(text, test):
    chars = [ch for ch in text if ord(ch) > 0x2E7F]
    if not chars:
        return 1.0
    return sum(1 for ch in chars if test(ch)) / len(chars)


def _in_gb2312(ch):
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _common_big5(ch):
    try:
        raw = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    # Big5's frequently used characters: lead bytes A4-C6.
    return len(raw) == 2 and 0xA4 <= raw[0] <= 0xC6


def _decode(content, encoding):
    """The text, or None when the bytes are not in that encoding."""
    try:
        return content.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_csv(content, encoding=None):
    """Text of a CSV file: ``encoding`` when given, else UTF-8, else GB18030
    or Big5, whichever reads as the more common characters."""
    if encoding:
        try:
            return content.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise IntakeError("bad_encoding", encoding=encoding)
    text = _decode(content, "utf-8-sig")
    if text is not None:
        return text
    candidates = []
    for name, test in (("gb18030", _in_gb2312), ("big5", _common_big5)):
        text = _decode(content, name)
        if text is not None:
            candidates.append((_cjk_share(text, test), name == "gb18030", text))
    if not candidates:
        raise IntakeError("bad_encoding", encoding="UTF-8, GB18030, Big5")
    return max(candidates, key=lambda c: (c[0], c[1]))[2]


def read_table(filename, content, encoding=None):
    """[(line number, [cells])] of a CSV or XLSX/XLS file, header included."""
    name = (filename or "").lower()
    if not content:
        raise IntakeError("empty")
    if name.endswith((".xlsx", ".xls")):
        import xlrd
        try:
            book = xlrd.open_workbook(file_contents=content)
            sheet = book.sheet_by_index(0)
            return [(r + 1, sheet.row_values(r)) for r in range(sheet.nrows)]
        except Exception as exc:  # xlrd raises many kinds on a broken file
            raise IntakeError("bad_file", detail=str(exc)[:200])
    if name.endswith((".csv", ".txt")) or not name:
        text = decode_csv(content, encoding)
        if "\x00" in text:
            raise IntakeError("bad_file", detail="NUL")
        sample = text[:4096]
        delimiter = max((",", ";", "\t"), key=sample.count)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            return [(reader.line_num, row) for row in reader]
        except csv.Error as exc:
            raise IntakeError("bad_file", detail=str(exc)[:200])
    raise IntakeError("bad_format", filename=filename)


def map_header(cells):
    """{field: column index} from a header row; raises when nothing is known
    or no column gives a name, email or phone."""
    mapping = {}
    for index, cell in enumerate(cells):
        key = header_key(cell)
        for field, spellings in HEADERS.items():
            if key in spellings and field not in mapping:
                mapping[field] = index
    if not set(mapping) & {"name", "email", "phone"}:
        raise IntakeError("no_header", header=", ".join(clean_text(c) for c in cells)[:200])
    return mapping


def parse_rows(table, region=None):
    """Rows of a read table as dicts: line, the cleaned fields, the matching
    keys (email, phone E.164, company key) and ``errors`` (codes)."""
    rows_iter = [(line, cells) for line, cells in table
                 if any(clean_text(c) for c in cells)]
    if not rows_iter:
        raise IntakeError("empty")
    mapping = map_header(rows_iter[0][1])
    rows = []
    for line, cells in rows_iter[1:]:
        row = {"line": line}
        for field in FIELDS:
            index = mapping.get(field)
            row[field] = clean_text(cells[index]) if index is not None and \
                index < len(cells) else ""
        rows.append(parse_row(row, region))
    if not rows:
        raise IntakeError("empty")
    return rows


def parse_row(row, region=None):
    errors = []
    email = normalize_email(row.get("email"))
    if email and not is_valid_email(email):
        errors.append("bad_email")
    phone, ok = normalize_phone(row.get("phone"), region)
    if not ok:
        errors.append("bad_phone")
    if not (row.get("name") or email or row.get("phone")):
        errors.append("no_contact")
    row.update({
        "email_key": email if is_valid_email(email) else "",
        "phone_key": phone if ok else "",
        "company_key": normalize_company(row.get("company")),
        "name_key": normalize_company(row.get("name")),
        "errors": errors,
    })
    return row


def classify(rows, partners, leads):
    """Set each row's ``status``, ``partner_id`` (matched customer) and
    ``lead_id`` (duplicate lead). ``partners`` and ``leads``: dicts by key
    kind ('email', 'phone', 'company'; leads also 'company_name' keyed by
    (company key, name key)) of {key: record id}, built from one query per
    key kind. Rows are changed in place and returned."""
    seen_email, seen_phone = {}, {}
    for row in rows:
        row["partner_id"] = row["lead_id"] = row["first_line"] = None
        if row["errors"]:
            row["status"] = "error"
            continue
        first = (row["email_key"] and seen_email.get(row["email_key"])) or \
            (row["phone_key"] and seen_phone.get(row["phone_key"]))
        if first:
            row["status"], row["first_line"] = "in_file", first
            continue
        if row["email_key"]:
            seen_email[row["email_key"]] = row["line"]
        if row["phone_key"]:
            seen_phone[row["phone_key"]] = row["line"]
        lead = (row["email_key"] and leads.get("email", {}).get(row["email_key"])) or \
            (row["phone_key"] and leads.get("phone", {}).get(row["phone_key"])) or \
            (row["company_key"] and row["name_key"] and leads.get("company_name", {}).get(
                (row["company_key"], row["name_key"])))
        partner = (row["email_key"] and partners.get("email", {}).get(row["email_key"])) or \
            (row["phone_key"] and partners.get("phone", {}).get(row["phone_key"])) or \
            (row["company_key"] and partners.get("company", {}).get(row["company_key"]))
        row["partner_id"] = partner or None
        if lead:
            row["status"], row["lead_id"] = "duplicate", lead
        elif partner:
            row["status"] = "customer"
        else:
            row["status"] = "new"
    return rows


def status_counts(rows):
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[row["status"]] += 1
    return counts


def assign(rows, partner_owner, territories, teams, default_team_id, offsets,
           own_user_id=None):
    """Set ``user_id`` and ``team_id`` of the rows to import: the account
    manager of the matched customer first (``partner_owner``: {partner id:
    (user id, team id)}), else the team of the row's territory
    (``territories``: [(country id, state id or None, team id)], a state
    rule before a country rule) or ``default_team_id``, and a salesperson of
    that team by round robin (``teams``: {team id: [user ids]}, ``offsets``:
    {team id: next position}, changed in place).

    ``own_user_id``: the importer may own only their own leads (a salesperson
    with "own documents only"): every row goes to them in
    ``default_team_id``; a customer row whose account manager is someone else
    keeps that account manager in ``row["owner_id"]`` to say so."""
    by_state = {(c, s): t for c, s, t in territories if s}
    by_country = {}
    for country, state, team in territories:
        if not state:
            by_country.setdefault(country, team)
    for row in rows:
        row["user_id"] = row["team_id"] = None
        if row["status"] not in IMPORTED_STATUSES:
            continue
        owner = partner_owner.get(row.get("partner_id"))
        if own_user_id:
            row["user_id"], row["team_id"] = own_user_id, default_team_id
            if owner and owner[0] and owner[0] != own_user_id:
                row["owner_id"] = owner[0]
            continue
        if owner and owner[0]:
            row["user_id"], row["team_id"] = owner[0], owner[1]
            continue
        team = by_state.get((row.get("country_id"), row.get("state_id"))) or \
            by_country.get(row.get("country_id")) or default_team_id
        row["team_id"] = team
        members = teams.get(team) or []
        if members:
            position = offsets.get(team, 0)
            row["user_id"] = members[position % len(members)]
            offsets[team] = position + 1
    return rows

# Copyright 2026 The CRM Customer Suite authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lead intake rules (crm_customer360.rules.lead_intake), without a database."""
import unittest

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.addons.crm_customer360.rules.lead_intake import (
    IntakeError,
    assign,
    classify,
    decode_csv,
    normalize_company,
    normalize_email,
    normalize_phone,
    parse_rows,
    read_table,
    status_counts,
)


class TestNormalisation(unittest.TestCase):
    def test_company_legal_forms_and_width(self):
        key = normalize_company("ACME Trading Co., Ltd.")
        self.assertEqual(key, "acmetrading")
        self.assertEqual(normalize_company("ａｃｍｅ　trading co ltd"), key)
        self.assertEqual(normalize_company("Acme-Trading, Inc."), key)
        self.assertEqual(normalize_company("上海华信贸易股份有限公司"), "上海华信贸易")
        self.assertEqual(normalize_company("上海华信贸易有限公司"), "上海华信贸易")
        self.assertEqual(normalize_company("有限公司"), "有限")
        self.assertEqual(normalize_company("Co., Ltd."), "co")
        self.assertEqual(normalize_company(None), "")

    def test_email_and_phone(self):
        self.assertEqual(normalize_email(" Wang.Li@Example.COM "), "wang.li@example.com")
        self.assertEqual(normalize_email("ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ"), "wang@example.com")
        self.assertEqual(normalize_phone("138 1234 5678", "CN"), ("+8613812345678", True))
        self.assertEqual(normalize_phone("１３８－１２３４－５６７８", "CN"), ("+8613812345678", True))
        self.assertEqual(normalize_phone("+86 (21) 6123-4567", "US"), ("+862161234567", True))
        self.assertEqual(normalize_phone("0912 345 678", "TW"), ("+886912345678", True))
        self.assertEqual(normalize_phone("", "CN"), ("", True))
        self.assertFalse(normalize_phone("call me", "CN")[1])
        self.assertFalse(normalize_phone("12", None)[1])

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def test_any_text_never_raises_and_is_idempotent(self, text):
        key = normalize_company(text)
        self.assertEqual(normalize_company(key), key)
        email = normalize_email(text)
        self.assertEqual(normalize_email(email), email)
        normalize_phone(text, "CN")
        normalize_phone(text, None)
        row = parse_rows([(1, ["name", "email", "phone", "company", "title"]),
                          (2, [text, text, text, text, "x"])], "CN")[0]
        self.assertEqual(row["line"], 2)

    @settings(max_examples=100, deadline=None)
    @given(st.binary())
    def test_any_bytes_never_raise_but_intake_errors(self, content):
        for name in ("cards.csv", "cards.xlsx"):
            try:
                parse_rows(read_table(name, content), "CN")
            except IntakeError:
                pass


class TestFile(unittest.TestCase):
    TEXT = "姓名,公司,职位,手机,邮箱\n王丽,上海华信贸易有限公司,采购经理,13812345678,wang@huaxin.cn\n"

    def test_encodings(self):
        for encoding in ("utf-8", "gb18030"):
            self.assertEqual(decode_csv(self.TEXT.encode(encoding)), self.TEXT)
        traditional = "姓名,公司,職位,電話,郵箱\n陳大文,臺北華信貿易股份有限公司,經理,0912345678,chen@hx.tw\n"
        self.assertEqual(decode_csv(traditional.encode("big5")), traditional)
        with self.assertRaises(IntakeError):
            decode_csv(b"\xff\xfe", "ascii")

    def test_rows_with_line_numbers_and_errors(self):
        text = ("Name;Company;Title;Phone;E-mail\n"
                "Anna Li;Acme Co., Ltd.;Buyer;021 6123 4567;anna@acme.com\n"
                "\n"
                ";;;;\n"
                "Bob;Beta;CEO;not a phone;bob@\n")
        rows = parse_rows(read_table("cards.csv", text.encode()), "CN")
        self.assertEqual([r["line"] for r in rows], [2, 5])
        self.assertEqual(rows[0]["phone_key"], "+862161234567")
        self.assertEqual(rows[0]["company_key"], "acme")
        self.assertEqual(rows[1]["errors"], ["bad_email", "bad_phone"])

    def test_bad_files(self):
        for name, content, code in (
                ("a.csv", b"", "empty"),
                ("a.csv", b"foo,bar\n1,2\n", "no_header"),
                ("a.pdf", b"%PDF", "bad_format"),
                ("a.xlsx", b"not a workbook", "bad_file"),
                ("a.csv", b"name\n", "empty")):
            with self.assertRaises(IntakeError) as caught:
                parse_rows(read_table(name, content), "CN")
            self.assertEqual(caught.exception.code, code, name)


class TestClassifyAssign(unittest.TestCase):
    def _rows(self):
        table = [(1, ["name", "company", "email", "phone"]),
                 (2, ["A", "Acme Ltd", "a@x.com", ""]),
                 (3, ["B", "Beta", "A@X.com", ""]),
                 (4, ["C", "Gamma", "c@x.com", "13800000001"]),
                 (5, ["D", "Delta GmbH", "d@x.com", ""]),
                 (6, ["E", "Eps", "e@x.com", ""]),
                 (7, ["", "", "bad", ""])]
        return parse_rows(table, "CN")

    def test_statuses(self):
        rows = classify(self._rows(),
                        {"email": {"e@x.com": 50}, "company": {"delta": 51}},
                        {"phone": {"+8613800000001": 9}})
        self.assertEqual([r["status"] for r in rows],
                         ["new", "in_file", "duplicate", "customer", "customer", "error"])
        self.assertEqual(rows[1]["first_line"], 2)
        self.assertEqual(rows[2]["lead_id"], 9)
        self.assertEqual([rows[3]["partner_id"], rows[4]["partner_id"]], [51, 50])
        self.assertEqual(status_counts(rows), {"error": 1, "in_file": 1, "duplicate": 1,
                                               "customer": 2, "new": 1})

    def test_assignment_order(self):
        rows = classify(self._rows(), {"email": {"e@x.com": 50}, "company": {"delta": 51}}, {})
        rows[0]["country_id"], rows[0]["state_id"] = 1, 10
        rows[2]["country_id"] = 1
        offsets = {7: 1}
        assign(rows, {50: (30, 8)}, [(1, None, 7), (1, 10, 8)], {7: [20, 21], 8: [22]},
               7, offsets)
        self.assertEqual([(r["user_id"], r["team_id"]) for r in rows],
                         [(22, 8), (None, None), (21, 7), (20, 7), (30, 8), (None, None)])
        self.assertEqual(offsets, {7: 3, 8: 1})

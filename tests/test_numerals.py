import datetime as dt

import pytest

from drafting.numerals import (
    cn_digits, cn_number, cn_ordinal_enum, cn_to_int, date_cn, item_label, parse_date, section_label,
)


@pytest.mark.parametrize(
    "n, text",
    [(0, "零"), (1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (25, "二十五"), (100, "一百"),
     (101, "一百零一"), (105, "一百零五"), (110, "一百一十"), (2026, "二千零二十六")],
)
def test_cn_number(n, text):
    assert cn_number(n) == text
    assert cn_to_int(text) == n


def test_year_digits_and_labels():
    assert cn_digits(2026) == "二〇二六"
    assert cn_to_int("二〇二六") == 2026
    assert cn_ordinal_enum(3) == "三是"
    assert section_label(6) == "六、"
    assert item_label(12) == "12．"
    assert item_label(12, ".") == "12."


def test_date_has_no_leading_zeros():
    assert date_cn(dt.date(2025, 1, 8)) == "2025年1月8日"


def test_cn_to_int_rejects_other_text():
    assert cn_to_int("党建") is None
    assert cn_to_int("") is None


@pytest.mark.parametrize("text", ["2026-01-10", "2026/1/10", "2026.1.10", "2026年1月10日", "２０２６年１月１０日",
                                  " 2026-1-10 ", "2026年1月10号"])
def test_parse_date_accepts_the_usual_forms(text):
    assert parse_date(text) == dt.date(2026, 1, 10)


@pytest.mark.parametrize("text", ["2026-13-01", "2026-02-30", "2026-1/10", "20260110", "1月10日", "明天", ""])
def test_parse_date_refuses_what_is_not_a_date(text):
    assert parse_date(text) is None

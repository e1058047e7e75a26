"""The 发文字号 (GB/T 9704-2012 7.2.4): ``某发改党〔2026〕3号`` — parsed, refused with the right form.

The standard: 发文机关代字、年份、发文顺序号; the year in 六角括号 〔〕, the serial number
with no leading zero (虚位) and no 第, then 号. This module is the one parser of that
form (the 印发通知 writes it, ``draft check`` reads it); it is pure and cheap to import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DocNumber", "parse_doc_number", "suggest_doc_number"]

#: the correct form: optional 机关代字, 〔year〕, serial without leading zero, 号
DOC_NUMBER = re.compile(r"^(?P<prefix>[\u4e00-\u9fff]{0,12})〔(?P<year>(?:19|20)\d\d)〕(?P<serial>[1-9]\d{0,4})号$")

# A 发文字号 written in one of the usual wrong ways: other brackets (ASCII, full-width, 【】,
# 〔〕 look-alikes), 2026年, a 第, a leading zero. Only the shape is loose: 代字 and year as above.
_BRACKETS = r"[\[［(（【〔{｛<〈「]"
_CLOSING = r"[\]］)）】〕}｝>〉」]"
_LOOSE = re.compile(
    rf"^(?P<prefix>[\u4e00-\u9fff]{{0,12}}?)\s*(?:{_BRACKETS}\s*(?P<year>(?:19|20)\d\d)\s*{_CLOSING}"
    rf"|(?P<year2>(?:19|20)\d\d)\s*年?)\s*第?\s*(?P<serial>\d{{1,6}})\s*号$"
)


@dataclass(frozen=True)
class DocNumber:
    """A valid 发文字号: the 机关代字 (may be empty), the year and the serial number."""

    prefix: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


def parse_doc_number(text: str) -> DocNumber | None:
    """The 发文字号 ``text`` as GB/T 9704 writes it, or None when it is not in that form."""
    m = DOC_NUMBER.match(text.strip())
    if not m:
        return None
    return DocNumber(m["prefix"], int(m["year"]), int(m["serial"]))


def suggest_doc_number(text: str) -> str | None:
    """The correct form of a 发文字号 written the wrong way (〔2026〕03号, [2026]3号, 2026年3号 …), else None."""
    text = text.strip()
    if parse_doc_number(text) is not None:
        return None
    m = _LOOSE.match(text)
    if not m or int(m["serial"]) == 0:
        return None
    year = m["year"] or m["year2"]
    return str(DocNumber(m["prefix"], int(year), int(m["serial"])))

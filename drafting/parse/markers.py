"""Numbering markers (GB/T 9704: 一、 → （一） → 1． → （1）, with ASCII variants) and leads."""

from __future__ import annotations

import re

from ..numerals import cn_number, cn_to_int

#: A lead is the first sentence of an item when it is at most this long.
LEAD_MAX = 25

_CN = "一二三四五六七八九十"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

L1, L2, L3, L4, ENUM, TEXT = "L1", "L2", "L3", "L4", "enum", "text"
_LEVEL_ORDER = {L1: 1, L2: 2, L3: 3, L4: 4}
_MARKERS = (
    (L1, re.compile(rf"([{_CN}]{{1,3}})\s*[、，,．.]\s*")),
    (L2, re.compile(rf"[（(]\s*([{_CN}]{{1,3}})\s*[）)]\s*")),
    (L4, re.compile(r"[（(]\s*(\d{1,3})\s*[）)]\s*|(\d{1,3})\s*[）)]\s*")),
    # A digit may follow a full-width ．, or start a year (2．2026年底前…, 2.2026年…); after an
    # ASCII . or a comma it is a decimal (2.5倍), and 1、2月 is a list of months.
    (L3, re.compile(r"(\d{1,3})\s*(?:．|、(?!\d{1,2}\s*[、月日号])|[.，,](?!(?!\d{4}\s*年)\d)(?![.．]))\s*")),
    (ENUM, re.compile(rf"([{_CN}]{{1,3}})是")),
)
_SENTENCE_END = "。！？!?"


def _valid_cn(numeral: str) -> int | None:
    """The value of a Chinese numeral written the canonical way (一, 十二, 二十), else None."""
    value = cn_to_int(numeral)
    if value is None or not 1 <= value <= 99 or cn_number(value) != numeral:
        return None
    return value


def split_marker(text: str) -> tuple[str, int | None, str, str]:
    """The numbering level a paragraph starts with, its number, the marker as written
    (``一、``, ``（二）``, ``3．``; empty for text) and the text after the marker."""
    probe = text.translate(_FULLWIDTH_DIGITS)
    for level, pattern in _MARKERS:
        match = pattern.match(probe)
        if not match:
            continue
        raw = next(g for g in match.groups() if g is not None)
        number = int(raw) if raw.isdigit() else _valid_cn(raw)
        if number is None:
            continue
        return level, number, text[:match.end()].rstrip(), text[match.end():].strip()
    return TEXT, None, "", text


def classify(text: str) -> tuple[str, int | None, str]:
    """The numbering level a paragraph starts with, its number and the text after the marker."""
    level, number, _, rest = split_marker(text)
    return level, number, rest


def split_lead(text: str) -> tuple[str | None, str]:
    """Split an item into its lead (a short first sentence, without 。) and the rest."""
    for pos, ch in enumerate(text[: LEAD_MAX + 1]):
        if ch in _SENTENCE_END:
            if pos == 0:
                return None, text
            lead = text[:pos] if ch == "。" else text[: pos + 1]
            return lead.strip(), text[pos + 1:].strip()
    return None, text


def _split_heading(rest: str) -> tuple[str, str]:
    """A section heading and the body written inline after it (split at the first 。)."""
    pos = rest.find("。")
    if pos > 0 and rest[pos + 1:].strip():
        return rest[:pos].strip(), rest[pos + 1:].strip()
    return rest.rstrip("。；;，,：: ").strip(), ""


def level_marker(level: str | None, number: int) -> str | None:
    """How a parsed item's number was written at its level: （二）, 2．, （2）; None for 一是 or no level."""
    if level == L2:
        return f"（{cn_number(number)}）"
    if level == L3:
        return f"{number}．"
    if level == L4:
        return f"（{number}）"
    return None

"""Chinese numerals and dates as written in official documents. Pure functions."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from .model import PLAN

_DIGITS = "〇一二三四五六七八九"
_DIGITS_ZERO = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Write 0–9999 in Chinese counting form: 25 → 二十五, 10 → 十, 105 → 一百零五."""
    if n < 0 or n > 9999:
        raise ValueError(f"cn_number takes 0–9999, not {n}")
    if n == 0:
        return "零"
    if 10 <= n < 20:
        return "十" + (_DIGITS_ZERO[n - 10] if n > 10 else "")
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    out: list[str] = []
    pending_zero = False
    for value, unit in units:
        digit = n // value % 10
        if digit:
            if pending_zero and out:
                out.append("零")
            out.append(_DIGITS_ZERO[digit] + unit)
            pending_zero = False
        elif out:
            pending_zero = True
    return "".join(out)


def cn_digits(n: int) -> str:
    """Write a number digit by digit, as years are: 2026 → 二〇二六."""
    return "".join(_DIGITS[int(d)] for d in str(n))


def cn_to_int(text: str) -> int | None:
    """Read a Chinese counting numeral back: 二十五 → 25, 十 → 10; None if it is not one."""
    if not text:
        return None
    if all(ch in _DIGITS or ch == "零" for ch in text) and len(text) > 1:
        return int("".join(str(_DIGITS_ZERO.index(ch) if ch in _DIGITS_ZERO else 0) for ch in text))
    total, current = 0, 0
    units = {"十": 10, "百": 100, "千": 1000}
    for ch in text:
        if ch in _DIGITS_ZERO or ch == "〇":
            current = _DIGITS_ZERO.index(ch) if ch in _DIGITS_ZERO else 0
        elif ch in units:
            total += (current or 1) * units[ch]
            current = 0
        else:
            return None
    return total + current


def cn_ordinal_enum(n: int) -> str:
    """The speech enumeration marker: 1 → 一是, 2 → 二是."""
    return f"{cn_number(n)}是"


def section_label(n: int) -> str:
    """The first-level heading number: 1 → 一、."""
    return f"{cn_number(n)}、"


def item_label(n: int, mark: str = "．") -> str:
    """The item number with its 下脚点, the layout's ``ordinal_mark``: 3 → 3． (or 3. with ``mark="."``)."""
    return f"{n}{mark}"


def item_marker(genre: str, n: int, mark: str = "．") -> str:
    """How an item's number is written in a genre: 3 → 3． (``mark``) in a plan, 三是 in a speech."""
    return item_label(n, mark) if genre == PLAN else cn_ordinal_enum(n)


def date_cn(d: _dt.date) -> str:
    """A date as GB/T 9704 writes it, Arabic numerals without leading zeros: 2026年1月8日."""
    return f"{d.year}年{d.month}月{d.day}日"


#: The ways people write a date: 2026-01-10, 2026/1/10, 2026.1.10, 2026年1月10日.
_DATE = re.compile(r"(\d{4})\s*(?:([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?)")

#: How ``parse_date`` accepts a date, for messages.
DATE_FORMS = "2026-01-10、2026/1/10、2026.1.10 或 2026年1月10日"


def parse_date(text: str) -> _dt.date | None:
    """A date written as in ``DATE_FORMS`` (full-width digits too), or None if it is not one."""
    m = _DATE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if m is None:
        return None
    year, month, day = int(m[1]), int(m[3] or m[5]), int(m[4] or m[6])
    try:
        return _dt.date(year, month, day)
    except ValueError:  # 2026-02-30
        return None

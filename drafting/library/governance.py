"""A snippet's governance keys: ``owner``, ``reviewed``, ``review_every``, ``source``, ``replaced_by``.

All optional. Imported only when a snippet has one of them, so a library without
them pays nothing. The dates and periods are kept in plain forms the cache can
carry: ``reviewed`` as "YYYY-MM-DD" or "YYYY-MM", ``review_every`` as months.
"""

from __future__ import annotations

import calendar as _calendar
import re
from typing import TYPE_CHECKING

from ..numerals import cn_to_int

if TYPE_CHECKING:
    from ..yamlfile import Node

#: in the order ``draft snippets show`` prints them
GOVERNANCE_ORDER = ("owner", "reviewed", "review_every", "source", "replaced_by")
GOVERNANCE_KEYS = frozenset(GOVERNANCE_ORDER)

_DATE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?|(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?")
# 1年, 6个月, 半年, 一年半, 两年, 18个月, 每年, 每两年 (a number in Arabic or Chinese digits)
_PERIOD = re.compile(r"每?\s*([0-9]+|[一二两三四五六七八九十]+)?\s*(年半|年|个月|月)|每?\s*(半年)")
_PERIOD_EXAMPLES = "如 1年、2年、半年、6个月、18个月"
_DATE_FORMS = "应写成 2025-03-01（年-月-日）或 2025-03（年-月），也可写 2025年3月1日、2025年3月"


def reviewed_date(node: Node, sid: str) -> str:
    """``reviewed``: a date (a YAML date or text) as "YYYY-MM-DD", or a month as "YYYY-MM"."""
    raw = node.node.value if not (node.is_mapping() or node.is_sequence()) else None
    text = str(raw).strip() if raw is not None else ""
    found = _DATE.fullmatch(text)
    if found is not None:
        parts = found.groups()[:3] if found[1] else found.groups()[3:]  # 2025-03-01 or 2025年3月1日
        year, month = int(parts[0]), int(parts[1])
        day = int(parts[2]) if parts[2] else None
        if 1949 <= year <= 2100 and 1 <= month <= 12 and (
                day is None or 1 <= day <= _calendar.monthrange(year, month)[1]):
            return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    raise node.fail(f"上次审核日期（reviewed）“{text}”不是有效的日期：{_DATE_FORMS}", snippet=sid)


def review_months(node: Node, sid: str) -> int:
    """``review_every``: a period written in Chinese (1年, 6个月, 半年) as a number of months."""
    text = node.text("复审周期（review_every）")
    months = _months(text)
    if months is None or months < 1:
        raise node.fail(f"复审周期（review_every）“{text}”无法识别：{_PERIOD_EXAMPLES}", snippet=sid)
    if months > 120:  # a review every decade or more is no review cycle: most likely a typo
        raise node.fail(f"复审周期（review_every）“{text}”太长：最长 10年", snippet=sid)
    return months


def _months(text: str) -> int | None:
    found = _PERIOD.fullmatch(text.replace(" ", ""))
    if found is None:
        return None
    if found[3]:  # 半年
        return 6
    number, unit = found[1], found[2]
    if number is None:
        count = 1 if text.startswith("每") else None  # 每年; a bare 年 is no period
    elif number.isdigit():
        count = int(number)
    else:
        count = 2 if number == "两" else cn_to_int(number)
    if not count:
        return None
    if unit == "年半":
        return count * 12 + 6
    return count * 12 if unit == "年" else count


def parse_governance(m: dict[str, Node], sid: str) -> tuple[dict[str, object], list[tuple[str, int]]]:
    """The governance keys of a snippet mapping: the ``Snippet`` fields they give and their lines."""
    from .snippets import _ID

    fields: dict[str, object] = {}
    lines: list[tuple[str, int]] = []
    if "owner" in m:
        fields["owner"] = m["owner"].text("负责人（owner）")
    if "source" in m:
        fields["source"] = m["source"].text("依据（source）")
    if "reviewed" in m:
        fields["reviewed"] = reviewed_date(m["reviewed"], sid)
    if "review_every" in m:
        fields["review_every"] = review_months(m["review_every"], sid)
    if "replaced_by" in m:
        target = m["replaced_by"].text("取代它的片段（replaced_by）")
        if not _ID.match(target):
            raise m["replaced_by"].fail(f"replaced_by 应为片段的 id，而不是“{target}”", snippet=sid)
        if target == sid:
            raise m["replaced_by"].fail("replaced_by 不能是片段自己的 id", snippet=sid)
        fields["replaced_by"] = target
    for key in GOVERNANCE_ORDER:
        if key in m:
            lines.append((key, m[key].line))
    return fields, lines

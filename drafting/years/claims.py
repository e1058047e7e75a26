"""Year-bound wording that names no calendar entry: relative dates, positioning claims, goals.

Pure functions over one paragraph's text, each returning ``(kind, start, end, fields)``
tuples that ``drafting.yearrefs`` turns into references. None of them can be moved
to the next year mechanically: they are found so that renew can ask about them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .roles import Cues

__all__ = ["DATELINE_DAY", "GARBLED", "PHASE", "RELATIVE", "SUPERSEDED", "find_claims"]

RELATIVE = "relative"  # 去年9月, 今年“七一”前后, 今年全国两会后, 新年以来, 这两年, 去年 with a figure
PHASE = "phase"  # 关键之年, 开局起步的重要一年, 新起点, 开好局、起好步, 良好开局
DATELINE_DAY = "day"  # 1月13日 on a date line, without a year
GARBLED = "garbled"  # 109届2中、3中全会: a plenum whose numbers were turned into digits

_M = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月份?"
_FESTIVAL = (r"[“\"‘']?(?:七一|五四|五一|八一|三八|元旦春节|元旦|春节|国庆节?|中秋节?|端午节?|清明节?|两节)[”\"’']?")
_RELATIVE = re.compile(
    rf"(?:今年|去年|前年|上年)\s*(?:{_M}|年初|年底|年末|上半年|下半年)"
    # 今年“七一”前后, 今年春节期间: a festival or named day of that year (每年“七一” recurs: no 今年, no claim)
    rf"|(?:今年|去年)\s*{_FESTIVAL}(?:前后|期间|以来|之际|前夕|前|后)?"
    r"|(?:新年|今年|年初)以来|这两年|近两年|这一年来"
    r"|(?:今年|去年)(?=[^，,。；;]{0,10}?(?:\d{1,2}\s*月|两会|\d+\s*(?:起|件|人|个|家|项|次|%|万|亿)))"
    r"|(?:过去的|刚刚过去的)一年"
    r"|(?:(?<=^)|(?<=[，,。；;：:]))\s*近期"
)
SUPERSEDED = "superseded"  # 习近平总书记系列重要讲话精神: a formula replaced at a congress
_DAY = re.compile(r"(?<![\d年.])\d{1,2}\s*月\s*\d{1,2}\s*日")
#: A paragraph this short (or one in parentheses) holding a day is a date line.
_DATE_LINE = 30
_GARBLED = re.compile(r"(?<!\d)\d{2,3}\s*届\s*\d\s*中(?:[、和及]\s*\d\s*中)*\s*全会")


# 新起点 is the year's claim only where its sentence names the year or the plan ("十四五"的新起点,
# 新的一年新起点, 2021年是……新起点); in a fixed phrase (百年历史新起点) or of a stage (再出发的新起点) it is not
_YEAR_OR_PLAN = re.compile(r"(?:19|20)\d\d\s*年(?!代)|今年|明年|新的一年|新一年|这一年|本年度?|"
                           r"十[一二三四五六七八九]五|五年规划")
_CLAUSE_STOPS = "。；;！!？?"


def _positions_the_year(text: str, at: int) -> bool:
    """Whether the sentence before a 新起点 at ``at`` names the year or the five-year plan."""
    if text.endswith("历史", 0, at):
        return False
    start = max(text.rfind(c, 0, at) for c in _CLAUSE_STOPS) + 1
    return bool(_YEAR_OR_PLAN.search(text, start, at))


@lru_cache(maxsize=8)
def _phase(positions: str, claims: str) -> re.Pattern:
    # 关键之年, 承前启后的关键一年, 开局起步的重要一年; and the calendar's other claims (新起点 …)
    return re.compile(rf"(?:{positions})(?:的)?(?:重要|关键|攻坚|决胜)?(?:之年|一年)|{claims}")


def find_claims(text: str, cues: Cues) -> list[tuple[str, int, int, dict]]:
    """The relative dates, positioning claims, dateless date lines and garbled plenums of ``text``."""
    out: list[tuple[str, int, int, dict]] = []
    for m in _RELATIVE.finditer(text):
        out.append((RELATIVE, m.start(), m.end(), {}))
    for m in _phase(cues.positions, cues.claims).finditer(text):
        if m.group().endswith("起点") and not _positions_the_year(text, m.start()):
            continue
        out.append((PHASE, m.start(), m.end(), {}))
    stripped = text.strip()
    if len(stripped) <= _DATE_LINE or stripped[:1] in "（(":
        for m in _DAY.finditer(text):
            if len(stripped) <= _DATE_LINE or m.start() - (len(text) - len(text.lstrip())) <= 2:
                out.append((DATELINE_DAY, m.start(), m.end(), {}))
    for m in _GARBLED.finditer(text):
        out.append((GARBLED, m.start(), m.end(), {}))
    for old, pattern, congress in cues.superseded:
        if old in text:
            for m in pattern.finditer(text):
                out.append((SUPERSEDED, m.start(), m.end(), {"number": congress}))
    return out

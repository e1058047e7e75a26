"""How the calendar words a year, and what it cannot vouch for: text for renewal's comments."""

from __future__ import annotations

from ..model import Calendar, YearFacts
from ..numerals import cn_number

__all__ = ["CONGRESS_CYCLE", "beyond_calendar", "year_wording"]


def year_wording(f: YearFacts, calendar: Calendar) -> str:
    """How the calendar places year ``f.year``: five-year plan, congress, round anniversaries."""
    parts = []
    if f.fyp:
        parts.append(f"“{f.fyp}”规划{f.fyp_phase}" if f.fyp_phase else f"“{f.fyp}”规划实施的第{cn_number(f.fyp_index)}年")
    last = max(calendar.congresses, key=lambda c: c.date, default=None)
    if last is not None and int(last.date[:4]) + 1 == f.year:
        parts.append(f"全面贯彻党的{cn_number(last.number)}大精神的开局之年")
    parts.extend(a.text for a in f.anniversaries if a.count % 10 == 0)
    return "、".join(parts) or "新的一年"


#: Party congresses are held every five years.
CONGRESS_CYCLE = 5


def beyond_calendar(calendar: Calendar, year: int) -> str | None:
    """Why the calendar cannot vouch for the congress and plenums a document of ``year`` cites, if so."""
    if not calendar.congresses:
        return None
    last = max(calendar.congresses, key=lambda c: c.date)
    due = int(last.date[:4]) + CONGRESS_CYCLE
    if due < year and not any(c.number > last.number for c in calendar.congresses):
        return (f"按五年一届的惯例，党的{cn_number(last.number + 1)}大应于{due}年召开，政治日历中还没有；"
                f"{year}年应学习贯彻的党代会和全会精神请按实际改写（也可在素材库的 calendar 文件中补充后重新生成）。")
    latest = max([p.date for p in calendar.plenums] + [last.date])
    if int(latest[:4]) + 1 < year:
        return (f"政治日历只记录到{latest[:4]}年{int(latest[5:])}月，{year}年以前可能还召开了新的全会，"
                "请核对这一提法（也可在素材库的 calendar 文件中补充后重新生成）。")
    return None

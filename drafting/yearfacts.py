"""What follows from the year: five-year-plan phase, plenum list, anniversaries, campaigns.

Pure functions of a ``Calendar`` (loaded by the library) and a year. A document
written for year Y cites what had happened before Y began: the congress and the
plenums held up to the end of Y−1.
"""

from __future__ import annotations

from .model import AnniversaryFact, Calendar, Plenum, YearFacts
from .numerals import cn_digits, cn_number

#: Anniversaries are cited only when round.
ROUND = 5


def _before(date: str, year: int) -> bool:
    """True if a "YYYY-MM" date lies before 1 January of ``year``."""
    return int(date[:4]) < year


def congress_name(number: int) -> str:
    """20 → 党的二十大."""
    return f"党的{cn_number(number)}大"


def plenum_name(plenum: Plenum) -> str:
    """(20, 4) → 二十届四中全会."""
    return f"{cn_number(plenum.term)}届{cn_number(plenum.session)}中全会"


def sessions_text(sessions) -> str:
    """(2, 3, 4) → 二中、三中、四中."""
    return "、".join(f"{cn_number(s)}中" for s in sessions)


def plenum_list(plenums) -> str:
    """Plenums of one term as one phrase: 二十届二中、三中、四中全会."""
    if not plenums:
        return ""
    return f"{cn_number(plenums[0].term)}届{sessions_text(p.session for p in plenums)}全会"


def latest_plenums(calendar: Calendar, year: int) -> tuple[int | None, tuple[Plenum, ...]]:
    """The congress in force when ``year`` begins, and its plenums (from the second) held before."""
    held = sorted((c for c in calendar.congresses if _before(c.date, year)), key=lambda c: c.date)
    if not held:
        return None, ()
    number = held[-1].number
    plenums = sorted(
        (p for p in calendar.plenums if p.term == number and p.session >= 2 and _before(p.date, year)),
        key=lambda p: p.session,
    )
    return number, tuple(plenums)


def year_facts(calendar: Calendar, year: int) -> YearFacts:
    """Derive the parameters snippets use for ``year`` from the calendar."""
    notes: list[str] = []

    plan = next((p for p in calendar.five_year_plans if p.covers(year)), None)
    if plan is None:
        notes.append(f"政治日历中没有覆盖{year}年的五年规划，相关提法已留空。")
        fyp, span, index, phase = "", "", 0, ""
    else:
        index = year - plan.start + 1
        last = plan.end - plan.start + 1
        fyp, span = plan.name, f"{plan.start}—{plan.end}年"
        phase = "开局之年" if index == 1 else "收官之年" if index == last else ""

    congress, current = latest_plenums(calendar, year)
    if congress is None:
        notes.append(f"政治日历中没有{year}年以前的党代会，相关提法已留空。")
        congress_text = plenums_text = ""
    else:
        congress_text = congress_name(congress)
        listed = plenum_list(current)
        plenums_text = f"{congress_text}和{listed}精神" if listed else f"{congress_text}精神"

    known = [int(p.date[:4]) for p in calendar.plenums] + [int(c.date[:4]) for c in calendar.congresses]
    if known and year > max(known) + 1:
        latest = max([p.date for p in calendar.plenums] + [c.date for c in calendar.congresses])
        notes.append(
            f"政治日历只记录到{latest[:4]}年{int(latest[5:])}月，{year}年所引的党代会和全会提法可能不全，"
            "请核对，或在素材库的 calendar 文件中补充。"
        )

    campaign = next((c.name for c in calendar.campaigns if c.covers(year)), "")
    legal = next((p.name for p in calendar.legal_plans if p.covers(year)), "")
    anniversaries = tuple(
        AnniversaryFact(a.name, year - a.base, a.text.replace("{n}", str(year - a.base)))
        for a in calendar.anniversaries
        if year > a.base and (year - a.base) % ROUND == 0
    )
    return YearFacts(
        year=year,
        year_cn=cn_digits(year),
        fyp=fyp,
        fyp_span=span,
        fyp_index=index,
        fyp_phase=phase,
        congress=congress_text,
        plenum_list=plenum_list(current),
        plenums=plenums_text,
        latest_plenum=plenum_name(current[-1]) if current else "",
        campaign=campaign,
        legal_plan=legal,
        party_age=year - 1921,
        anniversaries=anniversaries,
        notes=tuple(notes),
    )

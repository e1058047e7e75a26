"""What follows from the year: five-year-plan phase, plenum list, anniversaries, campaigns.

Pure functions of a ``Calendar`` (loaded by the library) and a year. A document
written for year Y cites what had happened before Y began: the congress and the
plenums held up to the end of Y−1.
"""

from __future__ import annotations

from .errors import InputError
from .model import AnniversaryFact, Calendar, Plenum, Span, YearFacts
from .numerals import cn_digits, cn_number

#: Anniversaries are cited only when round.
ROUND = 5

#: Five-year plans have run back to back since the third began in 1966 (一五 1953–1957,
#: 二五 1958–1962, then three years of readjustment), so a plan the calendar does not
#: list follows by arithmetic.
_THIRD_PLAN_START = 1966
_EARLY_PLANS = ((1, 1953), (2, 1958))


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


def five_year_plan(calendar: Calendar, year: int) -> Span | None:
    """The five-year plan covering ``year``: the calendar's, else by arithmetic; None in 1963–1965 and before 1953."""
    listed = next((p for p in calendar.five_year_plans if p.covers(year)), None)
    if listed is not None:
        return listed
    if year >= _THIRD_PLAN_START:
        number = (year - _THIRD_PLAN_START) // 5 + 3
        start = _THIRD_PLAN_START + (number - 3) * 5
    else:
        number, start = next(((n, s) for n, s in _EARLY_PLANS if s <= year < s + 5), (0, 0))
        if not number:
            return None
    return Span(f"{cn_number(number)}五", start, start + 4)


def covered_years(calendar: Calendar) -> tuple[int, int] | None:
    """The years whose wording the calendar can fill, or None if it records no congress.

    From the year after its first congress (a document cites the congress in force)
    to the later of the last year of its five-year plans and the year after its
    latest congress or plenum (a document of Y cites what was held before Y).
    """
    if not calendar.congresses:
        return None
    low = min(int(c.date[:4]) for c in calendar.congresses) + 1
    held = [int(p.date[:4]) for p in calendar.plenums] + [int(c.date[:4]) for c in calendar.congresses]
    high = max([p.end for p in calendar.five_year_plans] + [max(held) + 1])
    return low, high


def require_covered(calendar: Calendar, year: int) -> None:
    """Refuse a year whose wording the calendar cannot fill (``InputError``)."""
    span = covered_years(calendar)
    if span is not None and span[0] <= year <= span[1]:
        return
    where = f"政治日历覆盖{span[0]}—{span[1]}年" if span else "政治日历中没有党代会"
    raise InputError(
        f"{where}，无法按{year}年填写党代会和全会精神、五年规划等提法",
        hint="请选用政治日历覆盖的年份。新的党代会、全会、五年规划召开或发布后，可以在本单位素材库里"
             "加一个 calendar 文件补充（格式见内置的 snippets/calendar.yaml），覆盖的年份随之延长。",
    )


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

    plan = five_year_plan(calendar, year)
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

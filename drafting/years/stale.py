"""Judge the year-bound expressions found by ``drafting.yearrefs``: which are stale for a year.

``implied_year`` dates a document that does not say its year; ``stale_references``
says which references are out of date for a document of a given year, and why,
with the current wording where the calendar knows it (the checks' ``stale-*``
findings, lint's rendered snippets, renew's questions). Congresses and plenums
are judged only when cited as a task (``roles``), never as history.
"""

from __future__ import annotations

from ..model import Calendar, Reference
from ..numerals import cn_number
from ..yearfacts import latest_plenums, year_facts
from ..yearrefs import (
    ANNIVERSARY, CAMPAIGN, CONGRESS, FYP, LEGAL, PLENUM, PLENUMS, SUPERSEDED, YEAR, INSTITUTIONS, campaign_span,
)
from . import roles

__all__ = ["implied_year", "stale_references", "superseded_by"]


def implied_year(refs: list[Reference], calendar: Calendar) -> int | None:
    """The year a document is for, when it does not say: the latest dated reference in it.

    A plenum or congress cited was held before the document's year began; a year
    written as the document's own, or as a starting point (从2020年起), is at most it.
    """
    years: list[int] = []
    for ref in refs:
        if ref.kind == YEAR and ref.context in ("doc", "since"):
            years.append(ref.number)
        elif ref.kind == CONGRESS and ref.context == "held":
            years.extend(int(c.date[:4]) for c in calendar.congresses if c.number == ref.number)
        elif ref.kind in (PLENUMS, PLENUM) and ref.term is not None:
            held = [int(p.date[:4]) for p in calendar.plenums
                    if p.term == ref.term and p.session in ref.sessions]
            if held:
                years.append(max(held) + 1)
        elif ref.kind == ANNIVERSARY and ref.name and ref.context != "named":
            base = next((a.base for a in calendar.anniversaries if a.name == ref.name), None)
            if base is not None:
                years.append(base + ref.number)  # 建党99周年 is 2020's, or cited later
    return max(years) if years else None


#: Roles in which a congress or plenum is history, not a task: never stale.
_HISTORY = (roles.SINCE, roles.REPORT, roles.AFTER, roles.DATED, roles.TIED, roles.RECENT)


def _earlier_term(ref: Reference, congress: int | None) -> bool:
    """A single plenum or a congress of a term before ``congress`` (the one in force), studied as 精神.

    Only "the spirit of" one is a current task; 党的十八大以来 or 十九届六中全会通过的
    历史决议 are history and stay.
    """
    if congress is None or not (ref.text.endswith("精神") or ref.context == "spirit"):
        return False
    number = ref.term if ref.kind == PLENUM else ref.number
    return number is not None and number < congress


def stale_references(refs: list[Reference], calendar: Calendar, year: int) -> list[tuple[Reference, str, str | None]]:
    """References not current for a document of ``year``: (reference, why, suggestion)."""
    facts = year_facts(calendar, year)
    congress, held = latest_plenums(calendar, year)
    out: list[tuple[Reference, str, str | None]] = []
    for ref in refs:
        if ref.kind == CONGRESS and ref.context == "held":
            continue  # 今年是……召开之年 dates the document itself (``implied_year``): against a year read elsewhere it proves nothing
        if ref.kind in INSTITUTIONS and ref.role in _HISTORY:
            continue
        if ref.kind == PLENUM and ref.role == roles.COMING:
            term = ref.term if ref.term is not None else congress
            held_at = next((p.date for p in calendar.plenums if (p.term, p.session) == (term, ref.sessions[0])), None)
            if held_at is not None and int(held_at[:4]) < year:
                out.append((ref, f"这次全会已于{held_at[:4]}年{int(held_at[5:])}月召开，“即将召开”的提法已经过时", None))
            continue
        if ref.kind in (PLENUM, CONGRESS) and _earlier_term(ref, congress):
            out.append((ref, f"{year}年以前已召开党的{cn_number(congress)}大，这是上一届的提法，"
                             f"{year}年应学习贯彻{facts.plenums}", None))
            continue
        if ref.kind == PLENUMS and congress is not None:
            latest = held[-1].session if held else None
            # the suggestion replaces exactly the text: with 精神 only if it had it
            current = facts.plenums if ref.text.endswith("精神") else facts.plenums.removesuffix("精神")
            if ref.term is not None and ref.term < congress:
                out.append((ref, f"{year}年应学习贯彻{facts.plenums}，这里还是上一届的提法", current))
            elif ref.term == congress and latest is not None and ref.sessions and max(ref.sessions) < latest:
                out.append((ref, f"{year}年以前已召开{cn_number(congress)}届{cn_number(latest)}中全会，提法不全",
                            current))
        elif ref.kind == CONGRESS:
            when = next((int(c.date[:4]) for c in calendar.congresses if c.number == ref.number), None)
            coming = ref.context == "welcome" or ref.role == roles.COMING
            if coming and when is not None and when < year:
                out.append((ref, f"党的{cn_number(ref.number)}大已于{when}年召开，“喜迎”“迎接”“将召开”的提法已经过时", None))
            elif coming and ref.number is None and congress is not None and not _congress_year(calendar, year):
                last = max(int(c.date[:4]) for c in calendar.congresses)
                out.append((ref, f"党的{cn_number(congress)}大已于{last}年召开，{year}年不召开党代会，"
                                 "“迎接”的提法已经过时", None))
        elif ref.kind == FYP and facts.fyp:
            if ref.context in ("开局", "收官") and (ref.name != facts.fyp or facts.fyp_phase[:2] != ref.context):
                now = f"“{facts.fyp}”规划{facts.fyp_phase}" if facts.fyp_phase else \
                    f"“{facts.fyp}”规划实施的第{facts.fyp_index}年"
                out.append((ref, f"{year}年是{now}，不是“{ref.name}”规划{ref.context}之年", None))
            elif ref.context and ref.name != facts.fyp:
                out.append((ref, f"{year}年处于“{facts.fyp}”时期，不是“{ref.name}”", None))
        elif ref.kind == ANNIVERSARY and ref.name and ref.context != "named":
            base = next((a.base for a in calendar.anniversaries if a.name == ref.name), None)
            if base is not None and ref.number != year - base:
                out.append((ref, f"{year}年是{ref.name}{year - base}周年，不是{ref.number}周年", None))
        elif ref.kind == CAMPAIGN and ref.role == roles.TASK:
            # only a campaign set as a current task: one recalled or named in passing is history
            span = campaign_span(calendar.campaigns, ref.name, year)
            if span is not None and span.end < year:
                out.append((ref, f"{span.name}已于{span.end}年结束，不再是{year}年的当前任务"
                                 "（如指巩固成果，请写明“巩固拓展……成果”）", None))
        elif ref.kind == SUPERSEDED:
            now = superseded_by(calendar, ref, year)
            if now is not None:
                out.append((ref, f"党的{cn_number(ref.number)}大以后，这一提法已改为“{now}”", None))
        elif ref.kind == LEGAL:
            span = next((p for p in calendar.legal_plans if p.name == ref.name), None)
            if span is not None and span.end < year:
                now = facts.legal_plan
                out.append((ref, f"“{ref.name}”规划期是{span.start}—{span.end}年" + (f"，{year}年为“{now}”" if now else ""),
                            None))
    return out


def superseded_by(calendar: Calendar, ref: Reference, year: int) -> str | None:
    """What replaced the formula ``ref`` by ``year``: None while the congress that replaced it was not yet held."""
    held = next((int(c.date[:4]) for c in calendar.congresses if c.number == ref.number), None)
    if held is None or held >= year:
        return None
    return next((s.new for s in calendar.superseded if s.congress == ref.number and ref.text.startswith(s.old)), None)


def _congress_year(calendar: Calendar, year: int) -> bool:
    """Whether a congress is held in ``year``: recorded, or due five years after the last one."""
    held = [int(c.date[:4]) for c in calendar.congresses]
    return year in held or (bool(held) and year == max(held) + 5)

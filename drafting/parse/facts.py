"""Facts of a parsed document: the year it is for and the organisation it is from."""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from typing import NamedTuple

from ..model import PLAN, SPEECH, Finding, Section
from .common import PLACEHOLDER, _Line

_YEAR = re.compile(r"(?<!\d)(\d{4})(?=\s*年)")
_TITLE_YEAR = re.compile(r"(?<!\d)\d{4}\s*年度?")
_YEAR_START = re.compile(r"^\s*(\d{4})\s*年")
_YEAR_IS = re.compile(r"(?<!\d)(\d{4})\s*年\s*[，,]?\s*是")
_YEAR_SPAN = re.compile(r"\d{4}\s*年")
_ORG_STOP = re.compile(r"党的建设|机关党建|党建|党支部|工作要点|要点|工作计划|计划|工作安排")
_SPEECH_ORG_STOP = re.compile(
    r"全面从严治党|党风廉政建设|党的建设|党建|群团|机关党的工作|全体会议|工作会议|推进会|座谈会|大会|会议"
)
_GENERIC_ORG = frozenset({"机关", "本单位", "单位", "我委", "我局", "我单位", "本部门", "市级机关", "市直机关"})

def find_year(genre: str, title_lines: list[_Line], head_date: _dt.date | None, preamble: list[_Line],
              sections: tuple[Section, ...], closing: list[_Line], asked: int | None,
              findings: list[Finding]) -> int | None:
    """The year the document is for; a stated year that disagrees is added to ``findings``."""
    title = next(filter(None, (_stated(line, _YEAR.search(line.text)) for line in title_lines)), None)
    opening = None
    if preamble:
        first = preamble[0]
        opening = _stated(first, _YEAR_START.match(first.text) or _YEAR_IS.search(first.text))
    title_year = title.year if title else None
    preamble_year = opening.year if opening else None
    # The year asked for is authoritative; without one, the title's is.
    expected = asked if asked is not None else title_year
    for stated, where in ((title, "标题"), (opening, _PREAMBLE_NAME[genre])):
        if stated is None or expected is None or stated.year == expected:
            continue
        against = f"与指定的{expected}年不符" if asked is not None else f"而标题中的年份是{expected}年，请核对"
        findings.append(Finding(
            "year-mismatch", f"{where}中写的是{stated.year}年，{against}",
            paragraph=stated.line.index, excerpt=stated.text, suggestion=f"{expected}年",
        ))
    if title_year:
        return title_year
    if head_date is not None:
        return head_date.year
    if preamble_year:
        return preamble_year
    texts = [line.text for line in preamble] + [line.text for line in closing]
    for s in sections:
        texts.append(s.heading)
        texts.extend(f"{i.lead or ''}{i.text}" for i in s.items)
    counts = Counter(y for t in texts for y in map(int, _YEAR.findall(t)) if 1949 <= y <= 2100)
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]


def find_org(genre: str, title: str | None, signature: str | None) -> str | None:
    """The organisation named in the title (or the signature); None when redacted or generic."""
    title = title or ""
    org = None
    if genre == SPEECH:
        rest = re.sub(r"^在\s*(?:\d{4}\s*年度?)?", "", title)
        match = _SPEECH_ORG_STOP.search(rest)
        if title.startswith("在") and match:
            org = rest[: match.start()]
    else:
        match = _TITLE_YEAR.search(title)
        if match:
            after = title[match.end():].strip()
            stop = _ORG_STOP.search(after)
            org = after[: stop.start()] if stop else None
            if not org:
                org = title[: match.start()]
    if not org and signature:
        org = signature
    org = (org or "").strip()
    if not org or org in _GENERIC_ORG or PLACEHOLDER.search(org):
        return None
    return org


class _Stated(NamedTuple):
    """A year a line states: the year, the line and the year as written (``2022年``)."""

    year: int
    line: _Line
    text: str


_PREAMBLE_NAME = {PLAN: "总体要求", SPEECH: "开场"}


def _stated(line: _Line, match: re.Match | None) -> _Stated | None:
    year = _plausible(match)
    if year is None or match is None:
        return None
    span = _YEAR_SPAN.match(line.text, match.start(1))
    return _Stated(year, line, span.group() if span else match.group(1))


def _plausible(match: re.Match | None) -> int | None:
    if not match:
        return None
    year = int(match.group(1))
    return year if 1949 <= year <= 2100 else None
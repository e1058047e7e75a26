"""What a year-bound expression does in its sentence, read from the words around it.

A plenum cited as something to study (深入学习贯彻……精神) moves on with the year;
the same plenum reported as having said or decided something (……明确提出) stays,
and one that dates an event (……后抓作风建设) or is tied to its own content (在……上的
重要讲话) is asked about. A campaign named as a current task (深入开展……) is stale
once its year is over; one recalled (……开展以来, 巩固……成果) is history. The roles
are decided from a short window of the clause around the expression; when none of
the cues is there the role is left empty and the callers ask rather than change.

The words that vary (study and report verbs, a campaign's task verbs and words of
recollection) are the calendar's ``cues`` (``snippets/calendar.yaml``), compiled
once per calendar (``drafting.yearrefs`` keeps them with its patterns); the grammar around them stays here.
"""

from __future__ import annotations

import re
from ..model import Calendar

__all__ = [
    "AFTER", "COMING", "DATED", "PAST", "RECENT", "REPORT", "SINCE", "STUDY", "TASK", "TIED", "Cues",
    "campaign_role", "clause_before", "institution_role",
]

STUDY = "study"  # 学习贯彻……精神: may move to the newest
REPORT = "report"  # ……提出、强调、部署、审议通过: what was said or decided; stays
SINCE = "since"  # ……以来: history; stays without a word
AFTER = "after"  # ……后、之后: dates something by it; asked
TIED = "tied"  # 在……上的重要讲话: tied to that meeting's own content; asked
RECENT = "recent"  # 刚刚闭幕的……: recent when written, not a year later; asked
DATED = "dated"  # 12月10日……宣讲……, 去年……: a dated or reviewed past event; stays
COMING = "coming"  # 将召开、迎接……: announced as coming
PAST = "past"  # a campaign recalled: ……开展以来, 巩固……成果, 总结大会
TASK = "task"  # a campaign as a current task: 深入开展……

_CLAUSE_END = "，,。；;：:！？!?"

# Cues after the expression, within its clause.
_SINCE_AFTER = re.compile(r"\s*(?:召开)?以来")
_AFTER_AFTER = re.compile(r"\s*(?:召开|闭幕|胜利召开)?(?:后|之后|以后)")
_TIED_AFTER = re.compile(r"\s*上(?:的|发表的)?(?:重要)?讲话")
_STUDY_AFTER = re.compile(r"[^，,。；;]{0,12}?(?:精神|决策部署|部署要求)")
_SPIRIT_AFTER = re.compile(r"[^，,。；;]{0,12}?(?:精神|决策部署|重大部署|部署要求)")
_GUIDE_AFTER = re.compile(r"(?:[^，,。；;]{0,12}?精神)?\s*为(?:指导|指引|统领)")
# Cues before it, within its clause.
_RECENT_BEFORE = re.compile(r"(?:刚刚|刚)(?:闭幕|召开|结束)的\s*$")
_COMING_BEFORE = re.compile(r"(?:将|即将|将要)(?:胜利)?召开的?\s*(?:党的)?$|(?:迎接|喜迎|迎来)\s*$")
_HELD_AFTER = re.compile(r"\s*(?:胜利)?召开")
_IN_BEFORE = re.compile(r"在\s*$")
#: A sentence telling of a time gone by: what it says was done then, not a task now.
_REVIEW = re.compile(r"去年|过去的?一年|上一年|一年来|这一年里|五年来|过去五年|近年来|前不久")
_DAY = re.compile(r"(?<![\d年])\d{1,2}\s*月\s*\d{1,2}\s*[日号](?![前内])")

class Cues:
    """The calendar's cue words, compiled into the patterns the roles are read with."""

    def __init__(self, calendar: Calendar) -> None:
        def any_of(name: str) -> str:
            words = sorted(calendar.cue(name), key=len, reverse=True)
            return "|".join(map(re.escape, words)) or "(?!)"

        self.report_after = re.compile(rf"(?:精神)?[^，,。；;]{{0,5}}?(?:{any_of('report')})")
        self.study_before = re.compile(any_of("study"))
        self.past_before = re.compile(rf"(?:{any_of('recalled_before')})[^，,。；;]{{0,6}}$")
        self.past_after = re.compile(rf"\s*(?:{any_of('recalled_after')})")
        self.task_before = re.compile(rf"(?:{any_of('task')})\s*$")
        positions = any_of("positions")
        self.positions = positions
        self.claims = any_of("claims")
        self.claim_after = re.compile(rf"(?:精神)?[^，,。；;]{{0,4}}?(?:的)?(?:{positions})(?:之年|一年)")
        # the calendar's replaced formulas, with 精神 or without; not where their history is told (……以来)
        self.superseded = tuple(
            (s.old, re.compile(rf"{re.escape(s.old)}(?:精神)?(?!发表以来|以来)"), s.congress)
            for s in calendar.superseded
        )


def clause_before(text: str, start: int, limit: int = 30) -> str:
    """The clause of ``text`` before ``start``, at most ``limit`` characters."""
    begin = max(text.rfind(c, 0, start) for c in _CLAUSE_END) + 1
    return text[max(begin, start - limit):start]


def _clause_after(text: str, end: int, limit: int = 20) -> str:
    stops = [i for i in (text.find(c, end) for c in _CLAUSE_END) if i >= 0]
    return text[end:min(stops + [len(text), end + limit])]


def _sentence_before(text: str, start: int) -> str:
    begin = max(text.rfind(c, 0, start) for c in "。；;！？!?") + 1
    return text[begin:start]


def institution_role(text: str, start: int, end: int, cues: Cues, *, yearly: bool = False) -> str:
    """The role of a congress, plenum or CDIC plenum cited at ``text[start:end]``; "" when unclear.

    ``yearly``: the body meets every year with a keynote speech (the CDIC plenum), so
    studying "the speech at" the latest one is each year's task, not a tie to one meeting.
    """
    after = _clause_after(text, end)
    before = clause_before(text, start)
    if _COMING_BEFORE.search(before) or (before.rstrip().endswith("以") and _HELD_AFTER.match(after)):
        return COMING  # 以……胜利召开为契机 too
    if _SINCE_AFTER.match(after):
        return SINCE
    if _AFTER_AFTER.match(after):
        return AFTER
    if _RECENT_BEFORE.search(before):
        return RECENT
    if _DAY.search(_sentence_before(text, start)) or _REVIEW.search(_sentence_before(text, start)):
        return DATED
    if not yearly and _IN_BEFORE.search(before) and _TIED_AFTER.match(after):
        return TIED
    if cues.claim_after.match(after):
        return TIED  # 贯彻……精神的开局之年: a positioning claim framed by that meeting
    studied = cues.study_before.search(clause_before(text, start, 80)) is not None
    if studied and (text[start:end].endswith("精神") or _STUDY_AFTER.match(after)):
        return STUDY  # 学习领会……在……全会上的重要讲话精神 too: each year's plenum has one
    if _IN_BEFORE.search(before) and _TIED_AFTER.match(after):
        return TIED
    if before.rstrip().endswith("以") and _GUIDE_AFTER.match(after):
        return STUDY  # 以……精神为指导
    if _SPIRIT_AFTER.match(after):
        return ""  # its spirit or decisions, with no verb in the clause: unclear, not a report
    if cues.report_after.match(after):
        return REPORT
    return ""


def campaign_role(text: str, start: int, end: int, cues: Cues) -> str:
    """The role of an education campaign named at ``text[start:end]``: PAST, TASK or "" when unclear."""
    before = clause_before(text, start, 14)
    after = _clause_after(text, end, 10)
    if cues.past_after.match(after) or cues.past_before.search(before) or _REVIEW.search(_sentence_before(text, start)):
        return PAST
    if cues.task_before.search(before):
        return TASK
    return ""

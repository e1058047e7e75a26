"""Renewal: what to change, and what to ask, to turn last year's document into this year's.

A pure stage. It takes the paragraphs of a source document, the references to the
year found in them (``yearrefs``), and the political calendar, and decides per
expression: change it (an ``Edit`` with ``new``, written later as a tracked
revision), ask a person (an ``Edit`` with a ``comment`` only), or leave it.

Precision comes first: a wrong automatic change costs a reviewer more than a
question does, so only patterns that are mechanical are changed — the document's
own year, recurring numbered events, plenum lists running on in the same term,
round anniversaries, the five-year-plan phase where the new year has one.
A congress or plenum moves on only where its role (``drafting.years.roles``) is
"the spirit to study"; reported (……提出, ……以来, a dated event) it stays, and
in any other role it is asked about. Everything else that may be stale becomes a
comment saying what the calendar suggests; the rules for wording the calendar
does not name (relative dates, positioning claims, goals) are in
``drafting.years.asked``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Calendar, Edit, Paragraph, Reference, YearFacts
from .numerals import cn_number
from .parse import PLACEHOLDER
from .rules.placeholders import hidden_name
from .yearfacts import latest_plenums, year_facts
from .years import roles
from .years.asked import AskedClaims
from .years.meetings import MeetingRules
from .years.scope import DocumentScope, subject_plenums
from .years.wording import beyond_calendar
from .years.roles import COMING, DATED, REPORT, SINCE, STUDY
from .yearrefs import (
    ANNIVERSARY, CAMPAIGN, CONGRESS, DATE, DATELINE_DAY, DISCIPLINE, DOCNO, EVENT, FYP, GARBLED, GOAL, LEGAL, LOCAL,
    PHASE, PLENUM, PLENUMS, RELATIVE, THEME, YEAR, campaign_span, find_references,
)
from .years.stale import stale_references

__all__ = ["CHANGED", "COMMENTED", "KEPT", "Entry", "Renewal", "renew"]

# What became of an expression.
CHANGED = "changed"
COMMENTED = "commented"
KEPT = "kept"

#: ``Reference.kind`` / extra kinds → how the report names them.
KIND_NAMES = {
    YEAR: "年份", DATE: "日期", FYP: "五年规划", PLENUMS: "全会提法", PLENUM: "全会", CONGRESS: "党代会",
    DISCIPLINE: "中央纪委全会", ANNIVERSARY: "纪念日", EVENT: "届次", CAMPAIGN: "学习教育",
    LEGAL: "普法规划", LOCAL: "地方会议", THEME: "年度主题", PHASE: "年度定位", "placeholder": "占位符", "org": "单位名称",
    "repeat": "重复粘贴", DOCNO: "发文字号", GOAL: "阶段目标", "superseded": "旧提法", RELATIVE: "相对时间", DATELINE_DAY: "日期", GARBLED: "全会提法",
}


@dataclass(frozen=True)
class Entry:
    """One line of the renewal report: an expression and what became of it."""

    paragraph: int
    kind: str
    text: str
    action: str  # CHANGED, COMMENTED or KEPT
    new: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Renewal:
    """The edits to write into the copy, and the report of every expression found."""

    source_year: int
    target_year: int
    edits: tuple[Edit, ...]
    entries: tuple[Entry, ...]
    notes: tuple[str, ...] = ()

    def count(self, action: str) -> int:
        """How many expressions ended as ``action``."""
        return sum(1 for e in self.entries if e.action == action)


def renew(paragraphs: list[Paragraph], calendar: Calendar, source_year: int, target_year: int, *,
          title_index: int | None = None, org: tuple[str, str] | None = None,
          repeat_from: tuple[int, int] | None = None, site: frozenset[int] = frozenset(),
          case_words: tuple[str, ...] = ()) -> Renewal:
    """Decide, for every year-bound expression, how the document moves from one year to the next.

    ``org`` is (old name, new name) when the organisation's name changes.
    ``repeat_from`` (paragraph, offset) is where a pasted second copy of the text
    begins: it gets one comment instead of a second set of edits. ``site`` are the
    paragraphs parse found to be a web page's advertising or site lines: not the
    document's, so their years are not renewed (one comment says to delete the line).
    ``case_words`` (the check rules' own) mark a paragraph telling a case, whose hidden
    names (原校长**) are not asked about.
    """
    r = _Renewer(paragraphs, calendar, source_year, target_year)
    r.title = title_index
    if repeat_from is not None:
        r.repeated(*repeat_from)
    refs = [ref for ref in find_references(paragraphs, calendar, title_index)
            if repeat_from is None or (ref.paragraph, ref.start) < repeat_from]
    r.subjects = subject_plenums(paragraphs, refs, latest_plenums(calendar, source_year)[0])
    for ref in refs:
        if ref.paragraph in site:
            r.site_line(ref)
        else:
            r.decide(ref)
    r.stale_for_target([ref for ref in refs if ref.paragraph not in site])
    r.phase_claims(title_index)
    if org is not None:
        r.rename(*org)
    r.placeholders(repeat_from, case_words)
    return r.result()


class _Renewer(AskedClaims, MeetingRules, DocumentScope):
    def __init__(self, paragraphs: list[Paragraph], calendar: Calendar, source: int, target: int) -> None:
        self.paragraphs = {p.index: p for p in paragraphs}
        self.calendar = calendar
        self.s, self.y = source, target
        self.facts_s: YearFacts = year_facts(calendar, source)
        self.facts_y: YearFacts = year_facts(calendar, target)
        self.edits: list[Edit] = []
        self.entries: list[Entry] = []
        self.notes = list(self.facts_y.notes)
        self.unsure = beyond_calendar(calendar, target)
        self.asked_campaigns: set[str] = set()
        #: paragraphs about one named plenum (see ``_subject_plenums``)
        self.subjects: set[int] = set()
        self.title: int | None = None

    # -- recording --------------------------------------------------------------

    def _free(self, paragraph: int, start: int, end: int) -> bool:
        """No edit yet overlaps [start, end); an insertion (start == end) counts as one character."""
        return not any(e.paragraph == paragraph and e.start < max(end, start + 1) and start < max(e.end, e.start + 1)
                       for e in self.edits)

    def change(self, ref: Reference, new: str, comment: str | None = None, *,
               start: int | None = None, end: int | None = None) -> None:
        """Replace ``ref``'s text (or the part ``start``–``end`` of it, offsets in the paragraph)."""
        start = ref.start if start is None else start
        end = ref.end if end is None else end
        old = self.paragraphs[ref.paragraph].text[start:end]
        if old == new or not self._free(ref.paragraph, start, end):
            return
        self.edits.append(Edit(ref.paragraph, start, end, old, new, comment, ref.kind))
        whole = ref.text[: start - ref.start] + new + ref.text[end - ref.start:]
        self.entries.append(Entry(ref.paragraph, ref.kind, ref.text, CHANGED, whole, comment or ""))

    def ask(self, ref: Reference, question: str) -> None:
        """Leave ``ref`` as it is, with a comment for the reviewer; the same question once a paragraph.

        A campaign, claim or plenum named again in the paragraph it was asked about gets no second comment.
        """
        if not self._free(ref.paragraph, ref.start, ref.end):
            return
        if ref.kind not in _EACH_ONE and any(e.paragraph == ref.paragraph and e.new is None and e.comment == question
                                             for e in self.edits):
            self.keep(ref, "同一段中已有相同的提示")
            return
        self.edits.append(Edit(ref.paragraph, ref.start, ref.end, ref.text, None, question, ref.kind))
        self.entries.append(Entry(ref.paragraph, ref.kind, ref.text, COMMENTED, None, question))

    def listed(self, paragraph: int, kind: str, text: str, question: str) -> None:
        """List a question asked on text that is no reference of its own (a placeholder inside one)."""
        self.entries.append(Entry(paragraph, kind, text, COMMENTED, None, question))

    def keep(self, ref: Reference, why: str) -> None:
        self.entries.append(Entry(ref.paragraph, ref.kind, ref.text, KEPT, None, why))

    def result(self) -> Renewal:
        edits = sorted(self.edits, key=lambda e: (e.paragraph, e.start))
        entries = sorted(self.entries, key=lambda e: e.paragraph)
        return Renewal(self.s, self.y, tuple(edits), tuple(entries), tuple(dict.fromkeys(self.notes)))

    # -- rules ------------------------------------------------------------------

    def decide(self, ref: Reference) -> None:
        getattr(self, "_" + ref.kind)(ref)

    def _year(self, ref: Reference) -> None:
        n, s, y = ref.number, self.s, self.y
        if ref.context in ("since", "range"):
            self.keep(ref, "过去的起点或时间段，保持不变")
        elif ref.context == "doc":
            if n == s and ref.role == "title" and _ONE_YEAR_EVENT.search(self.paragraphs[ref.paragraph].text):
                self.ask(ref, f"标题说的是{s}年开展的学习教育，{y}年一般不再召开同一次会议："
                              f"如确有{y}年的同类会议，请按实际改写标题。")
            elif n == s:
                self.change(ref, f"{y}年")
            elif ref.role in ("aim", "title"):
                self.change(ref, f"{y}年", f"原文此处写的是{n}年，与文稿年份{s}年不一致，已一并改为{y}年，请核对。")
            else:
                # "2024年，是……之年" in a 2025 speech describes the year reviewed: relabelling it is false
                self.ask(ref, f"这句话写的是{n}年的情况（文稿是{s}年的）：{y}年的文稿中请核对是否保留、删去或改写。")
        elif n == s:
            text = self.paragraphs[ref.paragraph].text
            sentence = _sentence(text, ref.start)
            if "今年" in sentence or "本年" in sentence or self._own_year(ref, text):
                self.change(ref, f"{y}年")
            else:
                self.ask(ref, f"这里的{s}年是文稿当年：是否应改为{y}年？")
        elif s < n <= y:
            self.ask(ref, f"{n}年原是今后的时间节点，到{y}年已经到期，请核对相关表述。")
        elif n == s - 1:
            # the year before the document's: what a review of "last year" names, two years back by then
            self.ask(ref, f"{n}年是原文的上一年：如这里指上一年的工作，{y}年的文稿应写{y - 1}年；如指当年的具体事件，保持不变。")
        else:
            self.keep(ref, "其他年份，保持不变")

    def _date(self, ref: Reference) -> None:
        n, s, y = ref.number, self.s, self.y
        if ref.context == "line" and n in (s, s - 1):
            self.ask(ref, f"这是{n}年的日期（落款或讲话日期），请改为{y}年的实际日期。")
        elif n == s or s < n <= y:
            self.ask(ref, f"{n}年的具体日期，到{y}年时请核对是否需要改动。")
        else:
            self.keep(ref, "过去的日期，保持不变")

    def _fyp(self, ref: Reference) -> None:
        f = self.facts_y
        if not f.fyp:
            self.ask(ref, f"政治日历中没有覆盖{self.y}年的五年规划，请核对“{ref.name}”的提法。")
            return
        phase = f.fyp_phase[:2]
        if ref.context and ref.context not in _PLAN_PHASES:
            # “十四五”的新起点, “十五五”良好开局: true of the plan's first year only
            self._phase(ref)
            return
        if ref.context in ("开局", "收官"):
            if phase:
                new = ref.text.replace(ref.name, f.fyp).replace(ref.context, phase)
                if self._shared_claim(ref):
                    self.ask(ref, f"{self.y}年是“{f.fyp}”规划{f.fyp_phase}。这句话对{self.s}年还有别的定位，"
                                  f"不宜只改规划名称，请整句改写，如：{self.y}年是“{f.fyp}”规划{f.fyp_phase}。")
                else:
                    self.change(ref, new)
            else:
                self.ask(ref, f"{self.y}年是“{f.fyp}”规划实施的第{f.fyp_index}年，不再是{ref.context}之年，请改写这一提法。")
        elif ref.name != f.fyp:
            self.ask(ref, f"“{ref.name}”规划已经结束，{self.y}年处于“{f.fyp}”（{f.fyp_span}），请核对这一提法。")
        else:
            text = self.paragraphs[ref.paragraph].text
            near = text[ref.end:ref.end + 6]
            said = next((w for w in ("开局", "收官") if w in near), None)
            if said and said != phase:
                self.ask(ref, f"{self.y}年是“{f.fyp}”规划实施的第{f.fyp_index}年，“{said}”的提法请改写。")
            elif ref.context:
                # 承上启下, 中期, 关键, 决胜 …: said of the plan's year in the source, not of the next year's
                self.ask(ref, f"“{ref.context}”是{self.s}年（“{f.fyp}”规划实施的第{cn_number(self.facts_s.fyp_index)}年）"
                              f"的定位，{self.y}年是第{cn_number(f.fyp_index)}年，请核对是否仍然适用。")
            else:
                self.keep(ref, "仍在本规划期内")

    def _shared_claim(self, ref: Reference) -> bool:
        """Whether ``ref`` stands in a "S年是……" sentence that claims more than the plan's phase.

        In 2020年是全面建成小康社会和“十三五”规划收官之年 the phase word belongs to
        both claims; rewriting the plan alone would make 2021 the year 小康 is completed.
        """
        text = self.paragraphs[ref.paragraph].text
        sentence = _sentence(text, ref.start)
        lead = _YEAR_IS.match(sentence)
        if lead is None:
            return False
        rest = sentence[lead.end():].replace(ref.text, "", 1)
        return bool(rest.strip(" \t，,。；;：:！？"))

    def _unsure(self, ref: Reference, kept: str) -> None:
        """Keep ``ref`` when the calendar vouches for the target year; else ask, saying why."""
        if self.unsure:
            self.ask(ref, self.unsure)
        else:
            self.keep(ref, kept)

    def _history(self, ref: Reference) -> bool:
        """Keep a congress or plenum reported (……提出, ……以来): true in any year."""
        if ref.role in (SINCE, REPORT):
            self.keep(ref, "叙述已经发生的事（提出、部署、以来等），任何年份都成立，保持不变")
            return True
        return False

    def _not_studied(self, ref: Reference, suggestion: str) -> bool:
        """Ask instead of changing when the reference is not plainly "the spirit to study"."""
        if ref.role == STUDY:
            return False
        why = {roles.AFTER: "这里用它来说明时间（……后）", roles.TIED: "这里说的是那次会议上的讲话或部署",
               DATED: "这句话叙述的是过去某一时间的活动（如保留原意，不必改动）",
               roles.RECENT: "这里说的是“刚刚闭幕”的会议", COMING: "这里说的是即将召开的会议"}.get(
            ref.role, "这里不是“学习贯彻……精神”的说法")
        self.ask(ref, f"{why}，不宜照改；{suggestion}请按原意核对。")
        return True

    def _anniversary(self, ref: Reference) -> None:
        entry = next((a for a in self.calendar.anniversaries if a.name == ref.name), None)
        if entry is None:
            self._any_anniversary(ref)
            return
        was, now = self.s - entry.base, self.y - entry.base
        if ref.context == "named":  # 党的百年华诞: a count without a number to move on
            if entry.base + ref.number != self.y:
                self.ask(ref, f"“{ref.text}”是{entry.base + ref.number}年的纪念（{entry.name}{ref.number}周年）；"
                              f"{self.y}年是{entry.name}{now}周年，请核对这一提法。")
            return
        if ref.number != was:
            self.ask(ref, f"按政治日历，{self.s}年是{entry.name}{was}周年，与原文的{ref.number}周年不符；"
                          f"{self.y}年是{now}周年，请核对。")
        elif now % 5 == 0:
            digits = re.search(r"\d+|[〇零一二三四五六七八九十百]+(?=\s*周年)", ref.text)
            at = ref.start + digits.start()
            value = str(now) if digits.group().isdigit() else cn_number(now)
            self.change(ref, value, start=at, end=at + len(digits.group()))
        else:
            self.ask(ref, f"{self.y}年是{entry.name}{now}周年，不逢五逢十，一般不作纪念，建议删除这一提法。")

    def _event(self, ref: Reference) -> None:
        n = ref.number + (self.y - self.s)
        value = str(n) if ref.context == "arabic" else cn_number(n)
        self.change(ref, value, start=ref.start + 1, end=ref.end - 1)

    def _campaign(self, ref: Reference) -> None:
        span = campaign_span(self.calendar.campaigns, ref.name, self.s)
        if span is None or span.covers(self.y) or ref.context == "past":
            self.keep(ref, "仍在开展，或作为已取得的成果提及")
            return
        if ref.role != roles.TASK:
            # named in passing: asked once per campaign, not at every mention
            if span.name in self.asked_campaigns:
                self.keep(ref, "同一学习教育已在前文提示")
                return
            self.asked_campaigns.add(span.name)
        when = f"{span.start}年" if span.start == span.end else f"{span.start}—{span.end}年"
        now = self.facts_y.campaign
        then = f"{self.y}年的集中学习教育是{now}" if now else f"政治日历中{self.y}年没有全党集中学习教育"
        self.ask(ref, f"{span.name}是{when}开展的，{self.y}年已不是当前任务（{then}）。"
                      "如是巩固成果，请写明“巩固拓展……成果”。")

    def _legal(self, ref: Reference) -> None:
        span = next((p for p in self.calendar.legal_plans if p.name == ref.name), None)
        if span is None or span.covers(self.y):
            self.keep(ref, "仍在本普法规划期内")
            return
        now = self.facts_y.legal_plan
        then = f"{self.y}年实施的是“{now[:2]}”普法规划（{now}）" if now else f"政治日历中没有覆盖{self.y}年的普法规划"
        self.ask(ref, f"“{ref.name}”规划期是{span.start}—{span.end}年，{then}，请修改。")

    def _theme(self, ref: Reference) -> None:
        self.ask(ref, f"“{ref.name}”是{self.s}年的年度主题：{self.y}年的主题请按上级部署核对。")

    def _local(self, ref: Reference) -> None:
        if any(ch in ref.text for ch in "×X＊*"):
            self.ask(ref, "地方会议的届次是占位符，请填写。")
        else:
            self.ask(ref, f"地方党代会、全会的届次无法从政治日历推算：请核对{self.y}年时是否仍是最近的一次。")

    def stale_for_target(self, refs: list[Reference]) -> None:
        """Whatever the checks call stale for the target year and was kept gets at least a comment."""
        for ref, why, _ in stale_references(refs, self.calendar, self.y):
            if not self._free(ref.paragraph, ref.start, ref.end):
                continue
            if any(e.paragraph == ref.paragraph and e.kind == ref.kind and e.new is None
                   and (ref.kind in _ONCE_A_PARAGRAPH or e.old == ref.text) for e in self.edits):
                continue  # asked about already in this paragraph
            before = len(self.edits)
            self.ask(ref, f"{why}，请核对改写。")
            if len(self.edits) > before:
                self.entries = [e for e in self.entries if not (
                    e.action == KEPT and e.paragraph == ref.paragraph and e.text == ref.text)]

    # -- beyond references ------------------------------------------------------

    def phase_claims(self, title_index: int | None) -> None:
        """"S年是……之年" claims besides the five-year plan's: asked, never changed."""
        for e in [e for e in self.edits if e.kind == YEAR and e.new]:
            text = self.paragraphs[e.paragraph].text
            sentence_end = text.find("。", e.end)
            sentence_end = len(text) if sentence_end < 0 else sentence_end
            for m in re.finditer(r"[\u4e00-\u9fff]{2}之年", text[e.end:sentence_end]):
                start = e.end + m.start()
                if not self._free(e.paragraph, start, start + len(m.group())):
                    continue
                ref = Reference("phase", e.paragraph, start, start + len(m.group()), m.group())
                self.ask(ref, f"“{m.group()}”是{self.s}年的定位，请核对{self.y}年是否仍然适用。")

    def repeated(self, paragraph: int, offset: int) -> None:
        text = self.paragraphs[paragraph].text
        end = min(len(text), offset + 10)
        ref = Reference("repeat", paragraph, offset, end, text[offset:end])
        self.ask(ref, "从这里起，全文又粘贴了一遍：请删除重复的部分。重复部分中与年份有关的表述没有再逐一标注。")

    def rename(self, old: str, new: str) -> None:
        """The organisation's old name, wherever it stands as a whole name, → the new one."""
        pattern = re.compile(rf"(?<![省市区县州镇乡村]){re.escape(old)}(?![局委办厅处科室部会员])")
        for p in self.paragraphs.values():
            for m in pattern.finditer(p.text):
                ref = Reference("org", p.index, m.start(), m.end(), m.group())
                self.change(ref, new)

    def placeholders(self, until: tuple[int, int] | None, case_words: tuple[str, ...] = ()) -> None:
        """Placeholders left in the text (×, XX, **): one question a paragraph and form, as check reports them.

        In a paragraph telling a case (``case_words``) the names hidden on purpose
        (某某, 原校长**) are skipped, as ``draft check`` skips them.
        """
        for p in self.paragraphs.values():
            case = any(word in p.text for word in case_words)
            spots: dict[str, list[re.Match]] = {}
            for m in PLACEHOLDER.finditer(p.text):
                if until is not None and (p.index, m.start()) >= until:
                    break
                if not (case and hidden_name(p.text, m.start(), m.group())) and self._free(p.index, m.start(), m.end()):
                    spots.setdefault(m.group(), []).append(m)
            for form, found in spots.items():
                count = f"本段有 {len(found)} 处占位符“{form}”，请逐一" if len(found) > 1 else "占位符，请"
                question = f"{count}填写实际内容。"
                first = found[0]
                self.ask(Reference("placeholder", p.index, first.start(), first.end(), form), question)
                # the others are asked about in that one comment: reported, not commented again
                for m in found[1:]:
                    self.entries.append(Entry(p.index, "placeholder", form, COMMENTED, None, question))


#: Kinds each of whose occurrences is asked about, even when the question is worded alike.
_EACH_ONE = ("placeholder", YEAR, DATE, DOCNO, DATELINE_DAY, EVENT, CONGRESS, ANNIVERSARY, "org", "repeat")
#: Kinds asked about once a paragraph: the same campaign or claim named again gets no second comment.
_ONCE_A_PARAGRAPH = (CAMPAIGN, GOAL, LEGAL, PHASE, "phase", THEME, RELATIVE)
#: The phase words ``yearrefs`` reads after a five-year plan's name; other contexts are claims (新起点, 良好开局).
_PLAN_PHASES = ("开局", "收官", "决胜", "关键", "攻坚", "起步", "冲刺", "承上启下", "中期", "谋篇布局")
#: A title naming a one-year campaign's meeting: its year is that campaign's, not the next one's.
_ONE_YEAR_EVENT = re.compile(r"学习教育|主题教育|专题教育|教育实践活动")


_YEAR_IS = re.compile(r"\s*(?:19|20)\d\d\s*年\s*[，,]?\s*是")


def _sentence(text: str, at: int) -> str:
    """The sentence of ``text`` around position ``at``."""
    start = max(text.rfind(c, 0, at) for c in "。！？；") + 1
    ends = [i for i in (text.find(c, at) for c in "。！？；") if i >= 0]
    return text[start:min(ends) if ends else len(text)]

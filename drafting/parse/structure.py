"""Structure: the head (title, speaker, date, salutation) and body (preamble, sections,
items, closing, signature) of cleaned lines."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from ..numerals import cn_to_int
from ..model import PLAN, SPEECH, Finding, Item, Outline, Section
from .common import (
    _ANY_PUNCT, _CLOSING, _DATE_LINE, _DOCNO, _ORG_END, _PLAN_TITLE, _SALUTATION, _SENTENCE_PUNCT, _SPEAKER_DATE,
    _SPEECH_TITLE, _MEETING_TITLE, _SUBTITLE, _COPY_MARK, _RUN_IN_TITLE, _DOCUMENT_NUMBER, _SIGNER, _PARTED_TITLE, _ADDRESSEE, _CN_DATE_IN, _FORWARD, _NOTICE_OF, _MEETING_WHEN, _SPEECH_VOICE, PLACEHOLDER, Parsed, _excerpt, _is_title_text, _Line, _parse_date, _where,
)
from .facts import _YEAR as _TITLE_YEAR_MARK
from .facts import find_org, find_year
from .numbering import check_numbering
from .markers import ENUM, L1, L2, L3, L4, _LEVEL_ORDER, TEXT, _split_heading, classify, split_lead, split_marker


@dataclass
class _ItemDraft:
    """An item while its paragraphs are being collected."""

    number: int | None
    lead: str | None
    text: str
    source: str
    level: str | None = None  # the marker's level (L2, L3, L4, enum); None when unnumbered
    #: a sub-heading between the section and item levels (（一） over 1． items): numbering restarts after it
    subheading: bool = False


@dataclass
class _SectionDraft:
    """A section while its items are being collected."""

    number: int
    heading: str
    source: str | None
    items: list[_ItemDraft] = field(default_factory=list)


class _Parser:
    """Recovers the structure of cleaned lines; one instance per document."""

    def __init__(self, lines: list[_Line], findings: list[Finding], year: int | None = None) -> None:
        self.lines = lines
        self.source_lines = list(lines)  # as cleaned, one per paragraph (a run-in title not split off)
        self.findings = findings
        self.year = year  # the year the document should be for, if known
        self.text_at = {line.index: line.text for line in lines}
        self.title: str | None = None
        self.title_lines: list[_Line] = []
        self.speaker: str | None = None
        self.date: _dt.date | None = None
        self.head_date = False  # the date stands under the title (a speech's date line)
        self.signature: str | None = None
        self.promoted: set[int] = set()  # lines whose 1、 heading is the section level

    def run(self) -> Parsed:
        """Parse the lines into an outline."""
        body_start = self._title()
        if len(self.lines) == body_start + 1:
            self.lines[body_start:] = _unbroken(self.lines[body_start])
        genre = self._genre(body_start)
        body_start = self._head(body_start, genre)
        body = self.lines[body_start:]
        body = self._signature(body)
        if genre == PLAN:
            preamble, sections, closing = self._plan_body(body)
        else:
            preamble, sections, closing = self._speech_body(body)
        outline_sections = tuple(
            Section(
                s.number, s.heading,
                tuple(Item(text=i.text, lead=i.lead, number=i.number, source=i.source, level=i.level)
                      for i in s.items),
                source=s.source,
            )
            for s in sections
        )
        check_numbering(genre, sections, self.text_at, self.findings)
        year = find_year(genre, self.title_lines, self.date if self.head_date else None, preamble,
                         outline_sections, closing, self.year, self.findings,
                         None if self.head_date else self.date)
        self._placeholders()
        org, org_source = find_org(genre, self.title, self.signature or self._inner_signature(body),
                                   [line.text for line in body[:3]])
        outline = Outline(
            genre=genre,
            title=self.title,
            sections=outline_sections,
            year=year,
            org=org,
            preamble=tuple(line.text for line in preamble),
            closing=tuple(line.text for line in closing),
            speaker=self.speaker,
            date=self.date,
            signature=self.signature,
        )
        findings = sorted(self.findings, key=lambda f: (f.paragraph is None, f.paragraph or 0))
        return Parsed(outline, tuple(findings), tuple((line.index, line.text) for line in self.source_lines),
                      org_source)

    # head

    def _title(self) -> int:
        """Find the title; returns the index of the first line after it."""
        first = self._forwarded()
        lines = self.lines
        if first < len(lines) and len(lines[first].text) > 60:
            # a title run into the text on one line: split off, the rest is the body
            run_in = _RUN_IN_TITLE.match(lines[first].text)
            if run_in:
                line = lines[first]
                lines[first:first + 1] = [_Line(line.index, run_in.group(1), line.style),
                                          _Line(line.index, line.text[run_in.end():].strip(), line.style)]
        found: int | None = None
        for i, line in enumerate(lines[first:first + 12], first):
            text = line.text
            if classify(text)[0] != TEXT or _SALUTATION.match(text) or _CLOSING.match(text):
                break
            if _is_title_text(text) or (line.style or "").lower() == "title":
                found = i
                break
            if len(text) > 40 or _SENTENCE_PUNCT.search(text):
                break
        if found is None:
            head = lines[first].text if first < len(lines) else ""
            if (len(lines) > first + 1 and len(head) <= 40 and classify(head)[0] == TEXT
                    and not _ANY_PUNCT.search(head) and not _DATE_LINE.match(head)):
                found = first
            else:
                return 0
        start = found
        # a title styled over two or three lines (a Title paragraph a line, as Word users break one): whole
        for _ in range(2):
            after = lines[found + 1] if found + 1 < len(lines) else None
            if (after is None or (lines[found].style or "").lower() != "title"
                    or (after.style or "").lower() != "title" or _SENTENCE_PUNCT.search(after.text)):
                break
            found += 1
        parts: list[str] = []
        # A 版头 right above the title: the 发文字号 (某委〔2017〕48号, 签发人 beside it in a 上行文) and the
        # 发文机关标志 above it belong to the masthead, neither to the title nor extra text.
        masthead = start - 1 if start > first and _DOCUMENT_NUMBER.search(
            _SIGNER.sub("", lines[start - 1].text)) else first - 1
        for n, line in enumerate(lines[first:start], first):
            text = line.text
            if n <= masthead:
                continue
            if len(text) <= 30 and not _ANY_PUNCT.search(text) and not _DOCNO.search(text):
                parts.append(text)
                self.title_lines.append(line)
            else:
                self.findings.append(Finding(
                    "extra-text", f"{_where(line.index)}位于标题之前，不属于文稿的任何部分",
                    paragraph=line.index, excerpt=_excerpt(text), severity="info",
                ))
        self.title = "".join(parts) + "".join(line.text for line in lines[start:found + 1])
        self.title_lines.extend(lines[start:found + 1])
        end = found + 1
        # The title written again (a site's banner between the two): the repeat is a copy.
        # A copy may carry a redaction's or a site's mark in front (〔*〕……).
        same = {self.title.replace(" ", ""), lines[found].text.replace(" ", "")}
        while end < len(lines) and _COPY_MARK.sub("", lines[end].text).replace(" ", "") in same:
            self.findings.append(Finding(
                "duplicate-text", f"{_where(lines[end].index)}又写了一遍标题，应删去重复的一行",
                paragraph=lines[end].index, excerpt=lines[end].text, suggestion="",
            ))
            end += 1
        return end

    def _forwarded(self) -> int:
        """Where the document proper starts after a forwarding notice (its title 关于印发《…》的通知,
        主送：, 现将《…》印发给你们, signature, date): at the line that repeats the forwarded title;
        0 without one (the notice is then the document)."""
        lines = self.lines
        start = 1 if lines and _NOTICE_OF.match(lines[0].text) else 0
        if len(lines) < start + 3 or not _ADDRESSEE.match(lines[start].text):
            return 0
        for i in range(start + 1, min(start + 3, len(lines))):
            match = _FORWARD.search(lines[i].text)
            if match:
                name = match.group(1).replace(" ", "")
                return next((j for j in range(i + 1, min(i + 6, len(lines)))
                             if lines[j].text.replace(" ", "") == name), 0)
        return 0

    def _genre(self, body_start: int) -> str:
        if self.title:
            if _SPEECH_TITLE.search(self.title):
                return SPEECH
            if _PLAN_TITLE.search(self.title):
                return PLAN
            if _MEETING_TITLE.search(self.title):
                return SPEECH
        texts = [line.text for line in self.lines[body_start:]]
        if any(_SALUTATION.match(t) for t in texts[:15]):
            return SPEECH
        # A speaker talks about the meeting he speaks at (这次会议, 今天我们召开……).
        if not self.title and (any(_SPEECH_VOICE.search(t) for t in texts[:3])
                               or texts and _CLOSING.match(texts[0])):
            return SPEECH
        kinds = [classify(t)[0] for t in texts]
        if L3 in kinds:
            return PLAN
        if kinds.count(ENUM) >= 2 or any(_CLOSING.match(t) for t in texts[1:]):
            return SPEECH
        return PLAN

    def _head(self, start: int, genre: str) -> int:
        """Speaker and date lines after the title, and a salutation; returns the body start."""
        lines = self.lines
        i = start
        if self.title is not None:
            while i < len(lines) and i < start + 3:
                text = lines[i].text
                if len(text) > 40 or "。" in text or classify(text)[0] != TEXT or _SALUTATION.match(text):
                    break
                match = _DATE_LINE.match(text)
                both = _SPEAKER_DATE.match(text)
                if match and self.date is None:
                    self.date = _parse_date(match)
                    self.head_date = self.date is not None
                elif both and self.date is None:
                    self.date = _parse_date(both, 2)
                    self.head_date = self.date is not None
                    if genre == SPEECH:
                        self.speaker = both.group(1).strip()
                elif _MEETING_WHEN.match(text):
                    # （1月13日下午，某会议室）: when and where the meeting is, not the title
                    dated = _CN_DATE_IN.search(text)
                    if dated and self.date is None:
                        self.date = _parse_date(dated)
                        self.head_date = self.date is not None
                elif _SUBTITLE.match(text):
                    self.title = (self.title or "") + text
                elif genre == SPEECH and self.speaker is None and not _ANY_PUNCT.search(text):
                    self.speaker = text
                else:
                    break
                i += 1
        if i < len(lines) and _SALUTATION.match(lines[i].text):
            i += 1
        return i

    def _signature(self, body: list[_Line]) -> list[_Line]:
        """Take the signing organisation and date lines off the end of the body."""
        end = len(body)
        org: _Line | None = None
        date: _dt.date | None = None
        while end > 1 and len(body) - end < 3:
            text = body[end - 1].text
            if len(text) > 40 or _ANY_PUNCT.search(text) or classify(text)[0] != TEXT:
                break
            match = _DATE_LINE.match(text)
            if match and date is None and org is None:
                date = _parse_date(match)
            elif org is None and (_ORG_END.search(text) or PLACEHOLDER.search(text)) and not match:
                org = body[end - 1]
            else:
                break
            end -= 1
        if org is None and date is None:
            return body
        if org is not None:
            self.signature = org.text
        if date is not None and self.date is None:
            self.date = date
        return body[:end]

    def _inner_signature(self, body: list[_Line]) -> str | None:
        """A signature inside the text (a forwarding notice's: 中共某某委员会 over its date), when the
        text does not end with one."""
        for line, after in zip(body, body[1:]):
            text = line.text
            if (len(text) <= 40 and not _ANY_PUNCT.search(text) and classify(text)[0] == TEXT
                    and _ORG_END.search(text) and _DATE_LINE.match(after.text)):
                return text
        return None

    # body

    def _classify(self, line: _Line) -> tuple[str, int | None, str]:
        """The line's level, number and rest; a heading promoted to the section level counts as L1."""
        level, number, rest = classify(line.text)
        if line.index in self.promoted:
            return L1, number, rest
        return level, number, rest

    def _promote(self, body: list[_Line]) -> None:
        """Headings written 1、 over items written 1. (no 一、 anywhere) are the section level."""
        marks = [(line, *split_marker(line.text)[:3]) for line in body]
        if any(level == L1 for _, level, _, _ in marks):
            return
        comma = [line for line, level, _, mark in marks if level == L3 and mark.endswith("、")]
        dotted = [line for line, level, _, mark in marks if level == L3 and not mark.endswith("、")]
        if not comma or not dotted or comma[0].index > dotted[0].index:
            return
        # each 、 heading is short and stands on its own, and the items under the first start at 1.
        # (1、 2. 3. mixed at random is one list written carelessly, not two levels)
        first_item = classify(dotted[0].text)[1]
        if first_item == 1 and all(len(line.text) <= 60 and "。" not in line.text.rstrip("。") for line in comma):
            self.promoted = {line.index for line in comma}

    def _levels(self, body: list[_Line]) -> tuple[str | None, str | None]:
        present = {self._classify(line)[0] for line in body}
        section = L1 if L1 in present else (L2 if L2 in present else None)
        if L3 in present:
            item = L3
        elif section == L1 and L2 in present:
            item = L2
        elif L4 in present:
            item = L4
        else:
            item = None
        return section, item

    def _plan_body(self, body: list[_Line]) -> tuple[list[_Line], list[_SectionDraft], list[_Line]]:
        self._promote(body)
        section_level, item_level = self._levels(body)
        preamble: list[_Line] = []
        sections: list[_SectionDraft] = []
        current: _ItemDraft | None = None
        for line in body:
            level, number, rest = self._classify(line)
            source = f"paragraph {line.index}"
            if level == section_level and number is not None:
                heading, inline = _split_heading(rest)
                sections.append(_SectionDraft(number, heading, source))
                current = None
                if inline:
                    sections[-1].items.append(_ItemDraft(None, *split_lead(inline), source))
                continue
            if level == item_level and number is not None:
                self._ensure_section(sections)
                lead, text = split_lead(rest)
                current = _ItemDraft(number, lead, text, source, level)
                sections[-1].items.append(current)
                continue
            deeper = level in _LEVEL_ORDER and item_level is not None and (
                _LEVEL_ORDER[level] > _LEVEL_ORDER[item_level])
            if current is not None and (deeper or level in (TEXT, ENUM)):
                current.text = f"{current.text}\n{line.text}" if current.text else line.text
                continue
            if not sections and level in (TEXT, ENUM):
                preamble.append(line)
                continue
            # a sub-heading （一） between section and item level, or an unnumbered paragraph
            self._ensure_section(sections)
            sub = level in _LEVEL_ORDER and number is not None
            sections[-1].items.append(_ItemDraft(None, None, line.text, source, level if sub else None, sub))
            current = None
        # Only a plan is laid out in parts: a titled plan (要点, 计划, 方案, 意见 …), or an untitled
        # text with numbered items; a notice, a letter or a text of plain paragraphs need none.
        if section_level is None and (_PARTED_TITLE.search(self.title) if self.title else item_level is not None):
            self._no_sections()
        return preamble, sections, []

    def _speech_body(self, body: list[_Line]) -> tuple[list[_Line], list[_SectionDraft], list[_Line]]:
        section_level, _ = self._levels(body)
        has_sections = section_level is not None
        preamble: list[_Line] = []
        closing: list[_Line] = []
        sections: list[_SectionDraft] = []
        for n, line in enumerate(body):
            if closing or (_CLOSING.match(line.text) and (sections or (not has_sections and n > 0))):
                closing.append(line)
                continue
            level, number, rest = classify(line.text)
            source = f"paragraph {line.index}"
            if level == section_level and number is not None:
                heading, inline = _split_heading(rest)
                sections.append(_SectionDraft(number, heading, source))
                if inline:
                    sections[-1].items.append(self._speech_item(inline, source))
                continue
            if not sections:
                preamble.append(line)
                continue
            sections[-1].items.append(self._speech_item(line.text, source))
        # A speech often runs without 一、 headings: that is no fault (no ``no-sections``).
        return preamble, sections, closing

    @staticmethod
    def _speech_item(text: str, source: str) -> _ItemDraft:
        level, number, rest = classify(text)
        if level == TEXT:
            return _ItemDraft(None, *split_lead(text), source)
        if level == L2:
            # a sub-heading （一） is an item of the section, with its number
            heading, inline = _split_heading(rest)
            return _ItemDraft(number, heading, inline, source, level)
        if level in (ENUM, L3, L4):
            return _ItemDraft(number, *split_lead(rest), source, level)
        return _ItemDraft(None, None, text, source)

    @staticmethod
    def _ensure_section(sections: list[_SectionDraft]) -> None:
        # Items before any heading (or in a text without headings) go to an unnamed section 0.
        if not sections:
            sections.append(_SectionDraft(0, "", None))

    def _no_sections(self) -> None:
        self.findings.append(Finding(
            "no-sections", "没有找到“一、”这样的一级标题，无法分出各个部分", severity="info",
        ))

    # checks and facts

    def _placeholders(self) -> None:
        for line in self.source_lines:
            matches = list(PLACEHOLDER.finditer(line.text))
            if matches:
                more = f"等 {len(matches)} 处" if len(matches) > 1 else ""
                self.findings.append(Finding(
                    "placeholder",
                    f"{_where(line.index)}有未填写的占位符“{matches[0].group()}”{more}，请填入实际内容",
                    paragraph=line.index, excerpt=matches[0].group(),
                ))


#: A page that lost its line breaks: the whole text is one paragraph at least this long.
_UNBROKEN_MIN = 500
#: A heading or item marker inside such a paragraph: 一、 or 1. after the end of a sentence or a
#: colon, （一） anywhere (a heading without a full stop runs straight into it).
_INNER_MARK = re.compile(
    r"(?<=[。：:！？!?；;])\s*([一二三四五六七八九十]{1,2})、|[（(]([一二三四五六七八九十]{1,2})[）)]"
    r"|(?<=[。：:！？!?；;])\s*(\d{1,2})[.．、](?!\d)"
)


def _unbroken(line: _Line) -> list[_Line]:
    """The paragraphs of a page that lost its line breaks, cut before its headings and items.

    A marker counts only in sequence (一、 then 二、; （一） and 1. starting again under each heading
    above them), so an enumeration inside a sentence stays where it is."""
    text = line.text
    if len(text) < _UNBROKEN_MIN:
        return [line]
    cuts: list[int] = []
    expect = {L1: 1, L2: 1, L3: 1}
    for match in _INNER_MARK.finditer(text):
        level = L1 if match.group(1) else L2 if match.group(2) else L3
        raw = match.group(1) or match.group(2) or match.group(3)
        number = int(raw) if raw.isdigit() else cn_to_int(raw)
        if number != expect[level] or (level == L2 and expect[L1] == 1):
            continue  # out of sequence, or a （一） before any 一、
        cuts.append(match.start() + len(match.group()) - len(match.group().lstrip()))
        expect[level] += 1
        for lower in (L2, L3)[(L1, L2, L3).index(level):]:
            if lower != level:
                expect[lower] = 1
    if expect[L1] == 1:
        return [line]  # no heading 一、: nothing shows the page's structure
    pieces = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)])]
    return [_Line(line.index, piece, line.style) for piece in pieces if piece]


def title_lines(paragraphs, outline: Outline) -> tuple[int, ...]:
    """The indices of the paragraphs the outline's title is written over (one, or two or three lines)."""
    if not outline.title:
        return ()
    texts = [(p.index, p.text.strip()) for p in paragraphs]
    for n, (index, text) in enumerate(texts):
        if not text or not outline.title.startswith(text):
            continue
        lines, joined = [], ""
        for later, part in texts[n:n + 3]:
            joined += part
            lines.append(later)
            if joined == outline.title:
                return tuple(lines)
            if not outline.title.startswith(joined):
                break
    return ()


def title_index(paragraphs, outline: Outline) -> int | None:
    """The index of the paragraph holding the outline's title, if it has one."""
    if not outline.title:
        return None
    texts = [(p.index, p.text.strip()) for p in paragraphs]
    exact = next((index for index, text in texts if text == outline.title), None)
    if exact is not None:
        return exact
    # A title run into its paragraph (在……会议上的讲话今年，……) has none of its own: the paragraph is
    # the body's, and must not be styled or renewed as the title.
    # A title over two or three lines: the line with its year (the one renew changes), else the first.
    lines = title_lines(paragraphs, outline)
    if not lines:
        return None
    text_of = dict(texts)
    return next((i for i in lines if _TITLE_YEAR_MARK.search(text_of[i])), lines[0])

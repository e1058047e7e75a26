"""Parsing: recover an ``Outline`` from the paragraphs of an existing document.

Pure: it takes the ``Paragraph`` values a reader produced (automatic numbering
already in the text), does no I/O and never sees Word XML. The stages, in order:

1. clean: strip each paragraph, drop empty ones;
2. advertising: drop reseller lines (QQ numbers, 会员群, 仅供学习 禁止外传, 整理
   credits, URLs) and, when such lines stand before the title, everything before it;
3. duplicate: when the whole text, or a long tail of it, was pasted a second time
   (the copy may start in the middle of a paragraph), keep the first copy;
4. head: the title (possibly split over two lines), a speech's speaker and date
   lines and its salutation 同志们：;
5. body: the preamble (plan) or opening (speech), sections 一、 with their items, a
   speech's closing 同志们，…, the signature block (organisation and date lines);
6. facts and checks: year, organisation, item numbering, placeholders.

Numbering follows GB/T 9704 (一、 → （一） → 1． → （1）), with ASCII variants
(``1.``, ``(一)``, ``1、``). The highest level present is the section level. In a
plan, ``1．`` items are the items and keep the number as written, so a gap stays
visible; ``（一）`` between sections and items becomes an unnumbered item holding the
sub-heading; deeper levels and ``一是`` paragraphs continue the item before them. In a
speech, every paragraph of a section is an item (``Item.number`` is its 一是 ordinal
when it starts with one). A section heading inline with its body
(``一、思想引领强根基，着力提高政治站位。推进……``) is split at the first 。. An item's
lead is its first sentence when that is at most ``LEAD_MAX`` characters. Items
that come before any heading go to an unnamed section numbered 0.

The year is the title's (``2020年……工作要点``), else a speech's date line's, else
the one the preamble starts with (``2020年是……``), else the most frequent year in
the text. The organisation is read from the title: between the year and 党的建设/
机关党建/党支部/工作要点 (or before the year, ``**机关党支部2018年工作要点``), or
between 在 and the meeting's name in a speech; None when redacted or generic (机关).

Finding codes (stable: tests and other tools rely on them):

``ad-text``
    advertising or reseller lines, or a QQ number or URL inside a paragraph;
    removed from the outline entirely (the message does not quote them; the
    excerpt marks where they are). Phrases from the library's ``ads`` lists
    (``ads=``) mark a line as advertising too.
``duplicate-text``
    the text, or a long tail of it, pasted twice; the copy is removed.
``placeholder``
    a placeholder left in the text: ×, XX, **, ○○, □□, 【待补】, （略）.
``numbering-gap``
    an item (or section) number skipped: 11 followed by 13.
``numbering-duplicate``
    an item (or section) number used twice.
``numbering-order``
    a number lower than the one before it that was not used yet.
``year-mismatch``
    the year in the title differs from the one the preamble starts with, or
    (when a year is given: ``year=``) either differs from that year.
``no-sections`` (info)
    no first-level headings: the text is kept as preamble or in one unnamed section.
``extra-text`` (info)
    lines before the title that belong to no part (a document number, 附件); dropped.

Every finding about a paragraph has an ``excerpt`` that is an exact substring of
that paragraph's text: the offending text itself (the placeholder, the stated year,
the item's number as written), so a comment can be anchored on it; a
``suggestion`` that is plain text replaces exactly the excerpt.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from .model import PLAN, SPEECH, Finding, Item, Outline, Paragraph, Section
from .numerals import cn_number, cn_to_int

__all__ = [
    "LEAD_MAX", "PLACEHOLDER", "Parsed", "classify", "parse_paragraphs", "source_index", "split_lead", "split_marker",
    "title_index", "to_json",
]

#: A lead is the first sentence of an item when it is at most this long.
LEAD_MAX = 25


@dataclass(frozen=True)
class Parsed:
    """What parsing a document gives: its outline and what a careful reader would mark."""

    outline: Outline
    findings: tuple[Finding, ...] = ()
    #: the text that belongs to the document proper, as (paragraph index, text):
    #: stripped, advertising and a pasted second copy taken out
    lines: tuple[tuple[int, str], ...] = ()


@dataclass
class _Line:
    """A non-empty paragraph being parsed: its index in the document and its text."""

    index: int
    text: str
    style: str | None = None


@dataclass
class _ItemDraft:
    """An item while its paragraphs are being collected."""

    number: int | None
    lead: str | None
    text: str
    source: str


@dataclass
class _SectionDraft:
    """A section while its items are being collected."""

    number: int
    heading: str
    source: str | None
    items: list[_ItemDraft] = field(default_factory=list)


# --- patterns -----------------------------------------------------------------

_CN = "一二三四五六七八九十"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

L1, L2, L3, L4, ENUM, TEXT = "L1", "L2", "L3", "L4", "enum", "text"
_LEVEL_ORDER = {L1: 1, L2: 2, L3: 3, L4: 4}
_MARKERS = (
    (L1, re.compile(rf"([{_CN}]{{1,3}})\s*[、，,．.]\s*")),
    (L2, re.compile(rf"[（(]\s*([{_CN}]{{1,3}})\s*[）)]\s*")),
    (L4, re.compile(r"[（(]\s*(\d{1,3})\s*[）)]\s*|(\d{1,3})\s*[）)]\s*")),
    (L3, re.compile(r"(\d{1,3})\s*[．.、，,](?![\d.．])\s*")),
    (ENUM, re.compile(rf"([{_CN}]{{1,3}})是")),
)

_SALUTATION = re.compile(r"^.{0,16}同志们\s*[：:]$")
_CLOSING = re.compile(r"^同志们\s*[，,！!]")
_SENTENCE_PUNCT = re.compile(r"[。；;：:！？!?]")
_ANY_PUNCT = re.compile(r"[。；;，,：:！？!?]")
_TITLE = re.compile(
    r"(工作要点|要点|工作计划|计划|工作安排|安排|讲话|讲话稿|发言|致辞|意见|方案|总结|报告)"
    r"\s*(?:[（(][^）)]{1,12}[）)])?$"
)
_SPEECH_TITLE = re.compile(r"讲话|发言|致辞")
_PLAN_TITLE = re.compile(r"要点|计划|安排|规划|方案")
_SUBTITLE = re.compile(r"^[（(][^）)]{1,30}[）)]$")
_DOCNO = re.compile(r"^附件|〔\d{4}〕|\[\d{4}\]|号$")
_CN_DATE = r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*" \
           r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
_DATE_LINE = re.compile(rf"^[（(]?\s*{_CN_DATE}\s*[）)]?$")
_SPEAKER_DATE = re.compile(rf"^(.{{1,20}}?)\s*[（(]\s*{_CN_DATE}\s*[）)]$")
_ORG_END = re.compile(
    r"(委员会|党委|党组|党支部|支部|总支|工委|机关|委|局|厅|办|办公室|中心|院|部|会|处|室|所|站|队|"
    r"公司|集团|政府|学校|大学)$"
)

# Advertising: strong marks are enough alone; weak ones need company.
_AD_STRONG = re.compile(
    r"(?:QQ|ＱＱ|qq)\s*群|(?:QQ|ＱＱ|qq)\s*[:：]?\s*\d{5,}|会员群|仅供学习|仅供参考学习|禁止外传|请勿外传|"
    r"严禁倒卖|倒卖|https?://|www\.|公众号|微信号|扫码|加微信|淘宝|店铺"
)
_AD_WEAK = re.compile(r"整理|咨询|订阅|会员|下载|客服|免费|资料|权益|转载|版权|VIP|vip")
_AD_INLINE = re.compile(
    r"(?:[^，。；\s]{0,12}整理[，,]?\s*)?(?:咨询|联系)?\s*(?:QQ|ＱＱ|qq|微信)\s*群?\s*[:：]?\s*\d{5,}"
    r"|https?://[\x21-\x7e]+|www\.[\x21-\x7e]+"
)
_BRAND = re.compile(r"^(.{2,12}?)整理")
#: Lines up to this long may be advertising; body paragraphs are longer.
_AD_MAX = 60

from .rules.placeholders import PLACEHOLDER  # noqa: E402  (shared with check and renew)
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
_SENTENCE_END = "。！？!?"


# --- entry points ---------------------------------------------------------------


def parse_paragraphs(paragraphs: list[Paragraph], *, year: int | None = None,
                     ads: tuple[str, ...] = ()) -> Parsed:
    """Recover the outline of a plan or speech from its paragraphs, with findings.

    ``year`` is the year the document should be for (its stated years are checked
    against it); ``ads`` are further phrases that mark a line as advertising.
    """
    findings: list[Finding] = []
    # Headers, footers, notes and text boxes are read too, but never make the outline.
    lines = [_Line(p.index, p.text.strip(), p.style) for p in paragraphs
             if p.text and p.text.strip() and p.part == "body"]
    lines = _remove_ads(lines, findings, ads)
    lines = _remove_duplicate(lines, findings)
    return _Parser(lines, findings, year).run()


def to_json(parsed: Parsed) -> dict:
    """The parse result as plain JSON data (the shape ``draft parse --json`` prints)."""
    outline = parsed.outline
    plan = outline.genre == PLAN
    return {
        "kind": outline.genre,
        "title": outline.title,
        "year": outline.year,
        "org": outline.org,
        "speaker": outline.speaker,
        "date": outline.date.isoformat() if outline.date else None,
        "preamble": "\n".join(outline.preamble) or None,
        "sections": [
            {
                "number": cn_number(s.number) if 1 <= s.number <= 9999 else None,
                "heading": s.heading,
                "items": [
                    {"number": item.number if plan else None, "lead": item.lead, "text": item.text}
                    for item in s.items
                ],
            }
            for s in outline.sections
        ],
        "closing": "\n".join(outline.closing) or None,
        "signature": outline.signature,
        "warnings": [
            {"code": f.code, "message": f.message, "severity": f.severity, "paragraph": f.paragraph}
            for f in parsed.findings
        ],
    }


# --- markers ---------------------------------------------------------------------


def _valid_cn(numeral: str) -> int | None:
    """The value of a Chinese numeral written the canonical way (一, 十二, 二十), else None."""
    value = cn_to_int(numeral)
    if value is None or not 1 <= value <= 99 or cn_number(value) != numeral:
        return None
    return value


def split_marker(text: str) -> tuple[str, int | None, str, str]:
    """The numbering level a paragraph starts with, its number, the marker as written
    (``一、``, ``（二）``, ``3．``; empty for text) and the text after the marker."""
    probe = text.translate(_FULLWIDTH_DIGITS)
    for level, pattern in _MARKERS:
        match = pattern.match(probe)
        if not match:
            continue
        raw = next(g for g in match.groups() if g is not None)
        number = int(raw) if raw.isdigit() else _valid_cn(raw)
        if number is None:
            continue
        return level, number, text[:match.end()].rstrip(), text[match.end():].strip()
    return TEXT, None, "", text


def classify(text: str) -> tuple[str, int | None, str]:
    """The numbering level a paragraph starts with, its number and the text after the marker."""
    level, number, _, rest = split_marker(text)
    return level, number, rest


def title_index(paragraphs, outline: Outline) -> int | None:
    """The index of the paragraph holding the outline's title, if it has one."""
    if not outline.title:
        return None
    return next((p.index for p in paragraphs if p.text == outline.title), None)


def split_lead(text: str) -> tuple[str | None, str]:
    """Split an item into its lead (a short first sentence, without 。) and the rest."""
    for pos, ch in enumerate(text[: LEAD_MAX + 1]):
        if ch in _SENTENCE_END:
            if pos == 0:
                return None, text
            lead = text[:pos] if ch == "。" else text[: pos + 1]
            return lead.strip(), text[pos + 1:].strip()
    return None, text


def _split_heading(rest: str) -> tuple[str, str]:
    """A section heading and the body written inline after it (split at the first 。)."""
    pos = rest.find("。")
    if pos > 0 and rest[pos + 1:].strip():
        return rest[:pos].strip(), rest[pos + 1:].strip()
    return rest.rstrip("。；;，,：: ").strip(), ""


def _parse_date(match: re.Match, offset: int = 1) -> _dt.date | None:
    parts = []
    for raw in match.group(offset, offset + 1, offset + 2):
        value = int(raw) if raw.isdigit() else cn_to_int(raw)
        if value is None:
            return None
        parts.append(value)
    try:
        return _dt.date(*parts)
    except ValueError:
        return None


def _where(index: int) -> str:
    return f"第{index + 1}段"


def _excerpt(text: str, width: int = 30) -> str:
    """The start of ``text``, at most ``width`` characters: an exact substring to anchor on."""
    return text[:width].rstrip()


# --- advertising ------------------------------------------------------------------


def _is_ad(text: str, brands: set[str]) -> bool:
    if len(text) > _AD_MAX or classify(text)[0] != TEXT:
        return False
    if _AD_STRONG.search(text) or any(b in text for b in brands):
        return True
    return len(set(_AD_WEAK.findall(text))) >= 2


def _strong_ad(text: str, ads: tuple[str, ...]) -> bool:
    return bool(_AD_STRONG.search(text)) or any(a in text for a in ads)


def _document_start(lines: list[_Line]) -> int:
    """Index of the first line that belongs to the document proper (title or body)."""
    for i, line in enumerate(lines):
        text = line.text
        if classify(text)[0] != TEXT or _SALUTATION.match(text) or _CLOSING.match(text):
            return i
        if _is_title_text(text) or (len(text) > _AD_MAX and "。" in text):
            return i
    return len(lines)


def _remove_ads(lines: list[_Line], findings: list[Finding], ads: tuple[str, ...] = ()) -> list[_Line]:
    brands = {m.group(1) for line in lines if _strong_ad(line.text, ads)
              for m in [_BRAND.match(line.text)] if m}
    brands.update(ads)
    removed: list[_Line] = []
    flags = [_is_ad(line.text, brands) for line in lines]
    start = _document_start(lines)
    if any(flags[:start]):
        # The block before the title is the reseller's banner as a whole.
        flags[:start] = [True] * start
    kept: list[_Line] = []
    for line, flag in zip(lines, flags):
        if flag:
            removed.append(line)
            continue
        cleaned = _AD_INLINE.sub("", line.text).strip()
        if cleaned != line.text:
            match = _AD_INLINE.search(line.text)
            findings.append(Finding(
                "ad-text", f"{_where(line.index)}中夹有广告、联系方式或网址，应删去", paragraph=line.index,
                excerpt=match.group().strip() if match else "", suggestion="",
            ))
            if not cleaned:
                continue
            line = _Line(line.index, cleaned, line.style)
        kept.append(line)
    for first, last in _runs(removed):
        where = _where(first.index) if first is last else f"第{first.index + 1}—{last.index + 1}段"
        findings.append(Finding(
            "ad-text", f"{where}是广告或转载信息，正式文稿中应删去",
            paragraph=first.index, excerpt=_excerpt(first.text),
        ))
    return kept


def _runs(lines: list[_Line]) -> list[tuple[_Line, _Line]]:
    """Runs of lines with consecutive paragraph indexes: (first, last) of each."""
    runs: list[tuple[_Line, _Line]] = []
    for line in lines:
        if runs and line.index == runs[-1][1].index + 1:
            runs[-1] = (runs[-1][0], line)
        else:
            runs.append((line, line))
    return runs


# --- duplicate text ---------------------------------------------------------------

#: A repeated tail counts as a pasted copy from this many characters ...
_DUP_MIN = 50
#: ... and when it is at least this share of the whole text.
_DUP_SHARE = 1 / 3


def _repeated_tail(text: str) -> int:
    """Length of the longest tail of ``text`` that also occurs earlier, not overlapping it."""
    n = len(text)
    lo, hi = 0, n // 2
    while lo < hi:  # the property is monotone: a shorter tail of a repeated tail repeats too
        k = (lo + hi + 1) // 2
        found = text.find(text[n - k:])
        if 0 <= found and found + k <= n - k:
            lo = k
        else:
            hi = k - 1
    return lo


def _remove_duplicate(lines: list[_Line], findings: list[Finding]) -> list[_Line]:
    if len(lines) < 2:
        return lines
    joined = "\n".join(line.text for line in lines)
    k = _repeated_tail(joined)
    if k < _DUP_MIN or k < _DUP_SHARE * len(joined):
        return lines
    cut = len(joined) - k
    kept: list[_Line] = []
    offset = 0
    copy_at: int | None = None
    copy_start = ""
    mid_paragraph = False
    for line in lines:
        end = offset + len(line.text)
        if end <= cut:
            kept.append(line)
        else:
            if copy_at is None:
                copy_at = line.index
                copy_start = line.text[max(0, cut - offset):].lstrip()
            head = line.text[: max(0, cut - offset)].strip()
            if head:
                kept.append(_Line(line.index, head, line.style))
                mid_paragraph = True
                cut = -1  # everything after this line is the copy
        offset = end + 1
    where = _where(copy_at or 0) + ("中间" if mid_paragraph else "")
    findings.append(Finding(
        "duplicate-text",
        f"从{where}起，全文又粘贴了一遍，应删去重复的部分（请核对保留的第一份是否完整）",
        paragraph=copy_at, excerpt=_excerpt(copy_start, 20),
    ))
    return kept


# --- structure --------------------------------------------------------------------


def _is_title_text(text: str) -> bool:
    return (len(text) <= 60 and bool(_TITLE.search(text)) and classify(text)[0] == TEXT
            and "。" not in text and not _SALUTATION.match(text))


class _Parser:
    """Recovers the structure of cleaned lines; one instance per document."""

    def __init__(self, lines: list[_Line], findings: list[Finding], year: int | None = None) -> None:
        self.lines = lines
        self.findings = findings
        self.year = year  # the year the document should be for, if known
        self.text_at = {line.index: line.text for line in lines}
        self.title: str | None = None
        self.title_lines: list[_Line] = []
        self.speaker: str | None = None
        self.date: _dt.date | None = None
        self.head_date = False  # the date stands under the title (a speech's date line)
        self.signature: str | None = None

    def run(self) -> Parsed:
        """Parse the lines into an outline."""
        body_start = self._title()
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
                tuple(Item(text=i.text, lead=i.lead, number=i.number, source=i.source) for i in s.items),
                source=s.source,
            )
            for s in sections
        )
        self._check_numbering(genre, sections)
        year = self._year(genre, preamble, outline_sections, closing)
        self._placeholders()
        outline = Outline(
            genre=genre,
            title=self.title,
            sections=outline_sections,
            year=year,
            org=self._org(genre),
            preamble=tuple(line.text for line in preamble),
            closing=tuple(line.text for line in closing),
            speaker=self.speaker,
            date=self.date,
            signature=self.signature,
        )
        findings = sorted(self.findings, key=lambda f: (f.paragraph is None, f.paragraph or 0))
        return Parsed(outline, tuple(findings), tuple((line.index, line.text) for line in self.lines))

    # head

    def _title(self) -> int:
        """Find the title; returns the index of the first line after it."""
        lines = self.lines
        found: int | None = None
        for i, line in enumerate(lines[:12]):
            text = line.text
            if classify(text)[0] != TEXT or _SALUTATION.match(text) or _CLOSING.match(text):
                break
            if _is_title_text(text) or (line.style or "").lower() == "title":
                found = i
                break
            if len(text) > 40 or _SENTENCE_PUNCT.search(text):
                break
        if found is None:
            if (len(lines) > 1 and len(lines[0].text) <= 40 and classify(lines[0].text)[0] == TEXT
                    and not _ANY_PUNCT.search(lines[0].text) and not _DATE_LINE.match(lines[0].text)):
                found = 0
            else:
                return 0
        parts: list[str] = []
        for line in lines[:found]:
            text = line.text
            if len(text) <= 30 and not _ANY_PUNCT.search(text) and not _DOCNO.search(text):
                parts.append(text)
                self.title_lines.append(line)
            else:
                self.findings.append(Finding(
                    "extra-text", f"{_where(line.index)}位于标题之前，不属于文稿的任何部分",
                    paragraph=line.index, excerpt=_excerpt(text), severity="info",
                ))
        self.title = "".join(parts) + lines[found].text
        self.title_lines.append(lines[found])
        return found + 1

    def _genre(self, body_start: int) -> str:
        if self.title:
            if _SPEECH_TITLE.search(self.title):
                return SPEECH
            if _PLAN_TITLE.search(self.title):
                return PLAN
        texts = [line.text for line in self.lines[body_start:]]
        if any(_SALUTATION.match(t) for t in texts[:15]):
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

    # body

    def _levels(self, body: list[_Line]) -> tuple[str | None, str | None]:
        present = {classify(line.text)[0] for line in body}
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
        section_level, item_level = self._levels(body)
        preamble: list[_Line] = []
        sections: list[_SectionDraft] = []
        current: _ItemDraft | None = None
        for line in body:
            level, number, rest = classify(line.text)
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
                current = _ItemDraft(number, lead, text, source)
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
            sections[-1].items.append(_ItemDraft(None, None, line.text, source))
            current = None
        if not sections or section_level is None:
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
        if not sections:
            self._no_sections()
        return preamble, sections, closing

    @staticmethod
    def _speech_item(text: str, source: str) -> _ItemDraft:
        level, number, rest = classify(text)
        if level in (ENUM, L3, L4):
            return _ItemDraft(number, *split_lead(rest), source)
        if level == TEXT:
            return _ItemDraft(None, *split_lead(text), source)
        return _ItemDraft(None, None, text, source)  # a sub-heading kept as written

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

    def _check_numbering(self, genre: str, sections: list[_SectionDraft]) -> None:
        numbered = [s for s in sections if s.number]
        self._check_sequence([(s.number, source_index(s.source)) for s in numbered], "部分", cn=True)
        runs = [[(i.number, source_index(i.source)) for i in s.items if i.number is not None]
                for s in sections]
        runs = [run for run in runs if run]
        unit = "条" if genre == PLAN else "段"
        # Plan items run on across sections; （一） items and speech 一是 restart in each.
        later_starts = [run[0][0] for run in runs[1:]]
        restart = genre == SPEECH or (bool(later_starts) and later_starts.count(1) * 2 >= len(later_starts))
        if restart:
            for run in runs:
                self._check_sequence(run, unit, ordinal=genre == SPEECH)
        else:
            self._check_sequence([entry for run in runs for entry in run], unit)

    def _check_sequence(self, seq: list[tuple[int, int | None]], unit: str, *, cn: bool = False,
                        ordinal: bool = False) -> None:
        def name(n: int) -> str:
            if ordinal:
                return f"“{cn_number(n)}是”" if n <= 9999 else str(n)
            if cn:
                return f"第{cn_number(n)}{unit}" if n <= 9999 else f"第{n}{unit}"
            return f"第{n}{unit}"

        expected, seen = 1, set()
        for number, index in seq:
            excerpt = self._marker_at(index)
            if number in seen:
                self.findings.append(Finding(
                    "numbering-duplicate", f"{name(number)}的编号重复出现", paragraph=index, excerpt=excerpt,
                ))
            elif number > expected:
                missing = name(expected) if number == expected + 1 else f"{name(expected)}至{name(number - 1)}"
                self.findings.append(Finding(
                    "numbering-gap", f"{name(number)}之前缺少{missing}，编号不连续（请补上缺少的内容，或重新编号）",
                    paragraph=index, excerpt=excerpt,
                ))
            elif number < expected:
                self.findings.append(Finding(
                    "numbering-order", f"{name(number)}排在{name(expected - 1)}之后，编号顺序不对",
                    paragraph=index, excerpt=excerpt,
                ))
            seen.add(number)
            expected = max(expected, number + 1)

    def _marker_at(self, index: int | None) -> str:
        """The number as written at the start of paragraph ``index`` (an excerpt to anchor on)."""
        text = self.text_at.get(index, "") if index is not None else ""
        return split_marker(text)[2] or _excerpt(text, 8)

    def _year(self, genre: str, preamble: list[_Line], sections: tuple[Section, ...],
              closing: list[_Line]) -> int | None:
        title = next(filter(None, (_stated(line, _YEAR.search(line.text)) for line in self.title_lines)), None)
        opening = None
        if preamble:
            first = preamble[0]
            opening = _stated(first, _YEAR_START.match(first.text) or _YEAR_IS.search(first.text))
        title_year = title.year if title else None
        preamble_year = opening.year if opening else None
        # The year asked for is authoritative; without one, the title's is.
        expected = self.year if self.year is not None else title_year
        for stated, where in ((title, "标题"), (opening, _PREAMBLE_NAME[genre])):
            if stated is None or expected is None or stated.year == expected:
                continue
            against = f"与指定的{expected}年不符" if self.year is not None else f"而标题中的年份是{expected}年，请核对"
            self.findings.append(Finding(
                "year-mismatch", f"{where}中写的是{stated.year}年，{against}",
                paragraph=stated.line.index, excerpt=stated.text, suggestion=f"{expected}年",
            ))
        if title_year:
            return title_year
        if self.head_date and self.date is not None:
            return self.date.year
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

    def _org(self, genre: str) -> str | None:
        title = self.title or ""
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
        if not org and self.signature:
            org = self.signature
        org = (org or "").strip()
        if not org or org in _GENERIC_ORG or PLACEHOLDER.search(org):
            return None
        return org

    def _placeholders(self) -> None:
        for line in self.lines:
            matches = list(PLACEHOLDER.finditer(line.text))
            if matches:
                more = f"等 {len(matches)} 处" if len(matches) > 1 else ""
                self.findings.append(Finding(
                    "placeholder",
                    f"{_where(line.index)}有未填写的占位符“{matches[0].group()}”{more}，请填入实际内容",
                    paragraph=line.index, excerpt=matches[0].group(),
                ))


def source_index(source: str | None) -> int | None:
    """The paragraph a section or item came from (its ``source``, "paragraph N"), if any."""
    if source and source.startswith("paragraph "):
        try:
            return int(source.split(" ", 1)[1])
        except ValueError:
            return None
    return None


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

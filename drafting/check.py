"""Checks: what a careful reviewer would mark in a draft, as ``Finding`` values.

Pure: it takes the ``Paragraph`` values a reader produced and the rules from the
library, does no I/O and never sees Word XML. The document is parsed first
(``parse.parse_paragraphs``), which already finds advertising, a pasted second
copy, placeholders, numbering gaps and year mismatches; the detectors here look
at what parsing kept as the document proper, so nothing in a reseller's banner or
in the pasted copy is reported twice.

A detector is a function ``(CheckContext) -> Iterable[Finding]``; ``DETECTORS``
lists them in order, and adding a check is adding a function to it. A detector
builds its findings with ``Line.finding`` (or sets ``paragraph`` and ``excerpt``
itself); ``check_paragraphs`` then gives each finding the severity of its code
(``SEVERITY``) and makes sure its excerpt is an exact substring of the paragraph's
text at ``start``, so a comment or a tracked change can be anchored on it.

Codes besides the parser's (see ``parse``):

``typo``
    a known wrong form from the library's ``typos`` lists; the suggestion is the
    right form.
``halfwidth-punctuation``
    an ASCII , : ; ( ) ? ! beside Chinese text (not inside numbers, times, URLs or
    English); the suggestion is the full-width character.
``unbalanced-quote``
    a “ ” ‘ ’ 《 》 （ ） without its partner in the same paragraph.
``numbering-style``
    numbers of one level written two ways (``1．`` and ``1、``), or a level nested
    under a lower one of the GB/T 9704 hierarchy 一、 → （一） → 1． → （1）.
``template-leftover``
    ``{{``, ``{%``, ``{#`` or a snippet parameter name left in the text.
``placeholder``
    (besides the parser's ×, XX, ** …) wording left empty: a pair of quotation
    marks, title marks or brackets with nothing between them (“”, 《》, （）), or
    贯彻 with nothing to carry out (全面贯彻，) — what a template leaves when a
    fact of the year is missing.
``duplicate-text``
    (besides a pasted second copy) a paragraph, or a long passage, repeated.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain
from typing import Callable, Iterable, Iterator

from .model import PARAM_NAMES, Calendar, CheckRules, Finding, Paragraph, Typo
from .parse import L1, L2, L3, L4, Parsed, parse_paragraphs, split_marker, title_index
from .yearrefs import find_references, implied_year
from .yearrefs import stale_references as find_stale

__all__ = [
    "CODE_NAMES", "DETECTORS", "SEVERITY", "CheckContext", "Detector", "Line", "check_paragraphs", "has_errors", "to_json",
]

ERROR, WARNING, INFO = "error", "warning", "info"

#: What a reviewer does with each code: an error blocks the draft (exit code 1),
#: a warning is worth fixing, info is for the record. Codes not listed keep the
#: severity their detector gave.
SEVERITY = {
    "year-mismatch": ERROR,
    "stale-reference": ERROR,
    "template-leftover": ERROR,
    "placeholder": ERROR,
    "numbering-gap": ERROR,
    "numbering-duplicate": ERROR,
    "numbering-order": ERROR,
    "ad-text": ERROR,
    "duplicate-text": ERROR,
    "typo": WARNING,
    "halfwidth-punctuation": WARNING,
    "unbalanced-quote": WARNING,
    "numbering-style": WARNING,
    "no-sections": INFO,
    "extra-text": INFO,
}

#: What each code is called where a reader sees it: the comments of an annotated copy.
CODE_NAMES = {
    "year-mismatch": "年份不一致",
    "stale-reference": "过时提法",
    "template-leftover": "模板残留",
    "placeholder": "占位符",
    "numbering-gap": "编号跳号",
    "numbering-duplicate": "编号重复",
    "numbering-order": "编号顺序",
    "ad-text": "广告文字",
    "duplicate-text": "重复粘贴",
    "typo": "错别字",
    "halfwidth-punctuation": "半角标点",
    "unbalanced-quote": "引号不配对",
    "numbering-style": "编号格式",
    "no-sections": "没有分部分",
    "extra-text": "多余文字",
}


@dataclass(frozen=True)
class Line:
    """A paragraph as the checks read it: the part parsing kept as the document proper.

    ``text`` is a substring of the paragraph's text starting at ``offset``, so any
    substring of it is an exact excerpt of the paragraph.
    """

    index: int  # Paragraph.index
    text: str
    offset: int = 0

    def finding(self, code: str, message: str, start: int, end: int,
                suggestion: str | None = None) -> Finding:
        """A finding about ``text[start:end]`` of this line."""
        return Finding(code, message, paragraph=self.index, excerpt=self.text[start:end],
                       suggestion=suggestion, start=self.offset + start)


@dataclass(frozen=True)
class CheckContext:
    """Everything a detector may look at."""

    paragraphs: tuple[Paragraph, ...]  # the document as read
    lines: tuple[Line, ...]  # the document proper: no advertising, no pasted copy
    parsed: Parsed  # its outline and the parser's findings
    year: int | None  # the year the document is for, when the user gave it (--year)
    rules: CheckRules
    calendar: Calendar | None = None  # the political calendar, for checks against the year's facts

    @property
    def document_year(self) -> int | None:
        """The year the document states (title, date line, preamble), else its most cited one."""
        return self.parsed.outline.year


Detector = Callable[[CheckContext], Iterable[Finding]]


# --- the parser's findings ---------------------------------------------------------


def parser_findings(ctx: CheckContext) -> Iterable[Finding]:
    """Advertising, a pasted copy, placeholders, numbering gaps, year mismatches (from ``parse``)."""
    return ctx.parsed.findings


# --- repeated passages ----------------------------------------------------------------

#: A paragraph repeated word for word counts from this many characters (after its number) ...
_PARAGRAPH_MIN = 20
#: ... a repeated sentence from this many.
_SENTENCE_MIN = 40
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*")
_SPACE = re.compile(r"\s+")


def repeated_passages(ctx: CheckContext) -> Iterator[Finding]:
    """A paragraph, or a run of long sentences, that stands in the document a second time.

    Table cells are left out: a task table repeats its wording from row to row.
    """
    paragraphs: dict[str, int] = {}
    sentences: dict[str, tuple[int, int]] = {}
    in_table = {p.index for p in ctx.paragraphs if p.in_table}
    for line in ctx.lines:
        if line.index in in_table:
            continue
        marker = split_marker(line.text)[2]
        body = line.text[len(marker):].strip()
        key = _SPACE.sub("", body)
        if len(key) >= _PARAGRAPH_MIN:
            if key in paragraphs:
                start = line.text.index(body, len(marker))
                yield line.finding(
                    "duplicate-text", f"第{line.index + 1}段与第{paragraphs[key] + 1}段内容相同，应删去一处",
                    start, start + min(len(body), 30),
                )
                continue
            paragraphs[key] = line.index
        yield from _repeated_sentences(line, sentences)


def _repeated_sentences(line: Line, seen: dict[str, tuple[int, int]]) -> Iterator[Finding]:
    run: tuple[int, int, int] | None = None  # start, end, and where the first sentence stood first
    for match in _SENTENCE.finditer(line.text):
        sentence = match.group().strip()
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        repeated = False
        if len(sentence) >= _SENTENCE_MIN:
            first = seen.setdefault(sentence, (line.index, start))
            repeated = first != (line.index, start)
        if repeated:
            run = (run[0] if run else start, start + len(sentence), run[2] if run else first[0])
        elif run is not None:
            yield _passage(line, run)
            run = None
    if run is not None:
        yield _passage(line, run)


def _passage(line: Line, run: tuple[int, int, int]) -> Finding:
    start, end, first = run
    where = "本段前文" if first == line.index else f"第{first + 1}段"
    return line.finding("duplicate-text", f"这段文字与{where}重复，应删去一处", start, end)


# --- typos -------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _typo_pattern(typos: tuple[Typo, ...]) -> re.Pattern | None:
    if not typos:
        return None
    # longest first, so that 截止目前 wins over a shorter entry it contains
    return re.compile("|".join(re.escape(t.wrong) for t in sorted(typos, key=lambda t: -len(t.wrong))))


def _excepted(text: str, start: int, typo: Typo) -> bool:
    """Whether the wrong form at ``start`` is part of one of the typo's correct phrases."""
    for phrase in typo.unless:
        at = phrase.find(typo.wrong)
        while at >= 0:
            if start >= at and text.startswith(phrase, start - at):
                return True
            at = phrase.find(typo.wrong, at + 1)
    return False


def typos(ctx: CheckContext) -> Iterator[Finding]:
    """Known wrong forms from the library's ``typos`` lists."""
    pattern = _typo_pattern(ctx.rules.typos)
    if pattern is None:
        return
    by_wrong = {t.wrong: t for t in ctx.rules.typos}
    for line in ctx.lines:
        for match in pattern.finditer(line.text):
            typo = by_wrong[match.group()]
            if not _excepted(line.text, match.start(), typo):
                yield line.finding("typo", f"“{typo.wrong}”应为“{typo.right}”",
                                   match.start(), match.end(), typo.right)


# --- punctuation ---------------------------------------------------------------------

_FULLWIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_PUNCT_NAMES = {",": "逗号", ":": "冒号", ";": "分号", "(": "括号", ")": "括号", "?": "问号", "!": "叹号"}
_HALFWIDTH = re.compile(r"[,:;()?!]")
# Where ASCII punctuation belongs: web and mail addresses.
_ADDRESS = re.compile(
    r"(?:https?|ftp)://[\x21-\x7e]+|www\.[\x21-\x7e]+|[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
_BLANKS = " \t\u3000\u00a0"


def _chinese(ch: str) -> bool:
    """Han characters and the punctuation of Chinese text (full-width forms, “” ‘’ …—·)."""
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3001 <= o <= 0x303F
            or (0xFF01 <= o <= 0xFF65 and not ch.isalnum()) or ch in "“”‘’…—·")


def _neighbours(text: str, pos: int) -> tuple[str, str]:
    """The nearest non-blank characters before and after ``pos`` ('' at the ends)."""
    before = text[:pos].rstrip(_BLANKS)
    after = text[pos + 1:].lstrip(_BLANKS)
    return before[-1:], after[:1]


def _beside_chinese(text: str, pos: int) -> bool:
    before, after = _neighbours(text, pos)
    return bool(before and _chinese(before)) or bool(after and _chinese(after))


def _paren_pairs(text: str, positions: list[int]) -> dict[int, int]:
    """Matching ASCII parentheses among ``positions``: each one's partner."""
    partner: dict[int, int] = {}
    stack: list[int] = []
    for pos in positions:
        if text[pos] == "(":
            stack.append(pos)
        elif text[pos] == ")" and stack:
            opening = stack.pop()
            partner[opening], partner[pos] = pos, opening
    return partner


def halfwidth_punctuation(ctx: CheckContext) -> Iterator[Finding]:
    """ASCII , : ; ( ) ? ! beside Chinese text; a pair of parentheses both or neither."""
    for line in ctx.lines:
        text = line.text
        if not _HALFWIDTH.search(text):
            continue
        addresses = [m.span() for m in _ADDRESS.finditer(text)]
        positions = [m.start() for m in _HALFWIDTH.finditer(text)
                     if not any(a <= m.start() < b for a, b in addresses)]
        partner = _paren_pairs(text, positions)
        for pos in positions:
            if not _beside_chinese(text, pos):
                other = partner.get(pos)
                inside = text[min(pos, other) + 1:max(pos, other)] if other is not None else ""
                if other is None or not (_beside_chinese(text, other) or any(map(_chinese, inside))):
                    continue
            ch = text[pos]
            yield line.finding(
                "halfwidth-punctuation",
                f"中文里的半角{_PUNCT_NAMES[ch]}“{ch}”应为全角“{_FULLWIDTH[ch]}”",
                pos, pos + 1, _FULLWIDTH[ch],
            )


_OPENERS = {"“": "”", "‘": "’", "《": "》", "（": "）"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_MARK_NAMES = {"“": "前引号", "”": "后引号", "‘": "单引号的前引号", "’": "单引号的后引号",
               "《": "书名号的前半", "》": "书名号的后半", "（": "左括号", "）": "右括号"}
_QUOTES = re.compile("[“”‘’《》（）]")
# "1）", "a）", "一）" starting an enumeration: a closing bracket without an opening one
_ENUM_BRACKET = re.compile(r"(?:^|(?<=[\s：:；;，,。]))(?:\d{1,2}|[A-Za-z]|[一二三四五六七八九十])）")


def unbalanced_quotes(ctx: CheckContext) -> Iterator[Finding]:
    """Quotation marks, title marks and brackets without their partner in the paragraph."""
    for line in ctx.lines:
        text = line.text
        if not _QUOTES.search(text):
            continue
        enum_brackets = {m.end() - 1 for m in _ENUM_BRACKET.finditer(text)}
        open_at: dict[str, list[int]] = {ch: [] for ch in _OPENERS}
        unmatched: list[int] = []
        for match in _QUOTES.finditer(text):
            ch, pos = match.group(), match.start()
            if ch in "‘’" and pos and text[pos - 1:pos].isascii() and text[pos + 1:pos + 2].isascii():
                continue  # an apostrophe in English: don’t
            if ch in _OPENERS:
                open_at[ch].append(pos)
            elif open_at[_CLOSERS[ch]]:
                open_at[_CLOSERS[ch]].pop()
            elif pos not in enum_brackets:
                unmatched.append(pos)
        unmatched.extend(pos for stack in open_at.values() for pos in stack)
        for pos in sorted(unmatched):
            ch = text[pos]
            partner = _OPENERS.get(ch) or _CLOSERS[ch]
            where = "后面" if ch in _OPENERS else "前面"
            yield line.finding(
                "unbalanced-quote",
                f"{_MARK_NAMES[ch]}{ch}{where}没有与之配对的{_MARK_NAMES[partner]}{partner}",
                pos, pos + 1,
            )


# --- numbering ---------------------------------------------------------------------

_RANK = {L1: 1, L2: 2, L3: 3, L4: 4}
_HIERARCHY = "GB/T 9704 的层次是 一、→（一）→1．→（1）"


@dataclass(frozen=True)
class _Mark:
    line: Line
    rank: int
    number: int
    marker: str  # as written: "一、", "（二）", "3．"


def _marks(ctx: CheckContext) -> list[_Mark]:
    out = []
    for line in ctx.lines:
        level, number, marker, _ = split_marker(line.text)
        if level in _RANK and number is not None:
            out.append(_Mark(line, _RANK[level], number, marker))
    return out


def numbering_style(ctx: CheckContext) -> Iterator[Finding]:
    """Numbers of one level written two ways; a level nested under a lower one."""
    marks = _marks(ctx)
    for rank in (_RANK[L1], _RANK[L3]):
        yield from _mixed_separators([m for m in marks if m.rank == rank])
    yield from _inversions(marks)


def _mixed_separators(marks: list[_Mark]) -> Iterator[Finding]:
    counts = Counter(m.marker[-1] for m in marks)
    if len(counts) < 2:
        return
    usual = counts.most_common(1)[0][0]  # ties: the first one written
    example = next(m.marker for m in marks if m.marker[-1] == usual)
    for m in marks:
        if m.marker[-1] != usual:
            yield m.line.finding(
                "numbering-style",
                f"同一层级的编号写法不统一：这里是“{m.marker}”，其余多写作“{example}”这样",
                0, len(m.marker), m.marker[:-1].rstrip() + usual,
            )


def _inversions(marks: list[_Mark]) -> Iterator[Finding]:
    """A level that starts again at 1 under each number of a lower level, which runs on.

    ``1．…（一）（二）2．…（一）`` nests （一） under 1．; a document that merely starts
    over (an appendix: 一、 and 1． both starting again) is not reported.
    """
    seen: set[int] = set()
    for i, mark in enumerate(marks):
        previous = marks[i - 1] if i else None
        if (mark.number == 1 and mark.rank in seen and previous is not None and previous.rank > mark.rank):
            parent = previous.rank
            following = next((m for m in marks[i + 1:] if m.rank == parent), None)
            if following is not None and following.number != 1:
                yield mark.line.finding(
                    "numbering-style",
                    f"“{mark.marker}”排在“{previous.marker}”之下，层次颠倒（{_HIERARCHY}）",
                    0, len(mark.marker),
                )
        seen.add(mark.rank)


# --- template leftovers ----------------------------------------------------------------

_PARAMS = "|".join(sorted(PARAM_NAMES, key=len, reverse=True))
_TEMPLATE_MARK = re.compile(
    rf"\{{\{{|\}}\}}|\{{%|%\}}|\{{#|#\}}|\$?\{{\s*(?:{_PARAMS})\s*\}}"
)
_BARE_PARAM = re.compile(rf"(?<![A-Za-z0-9_])(?:{_PARAMS})(?![A-Za-z0-9_])")


def template_leftovers(ctx: CheckContext) -> Iterator[Finding]:
    """Jinja marks, or a snippet parameter's name, left in the text."""
    for line in ctx.lines:
        text = line.text
        if "{" in text or "}" in text:
            for match in _TEMPLATE_MARK.finditer(text):
                yield line.finding(
                    "template-leftover", f"模板标记“{match.group()}”没有替换成文字", match.start(), match.end(),
                )
        if text.isascii():
            continue
        for match in _BARE_PARAM.finditer(text):
            before, after = text[match.start() - 1:match.start()], text[match.end():match.end() + 1]
            if (before and _chinese(before)) or (after and _chinese(after)):
                yield line.finding(
                    "template-leftover", f"参数名“{match.group()}”没有替换成文字", match.start(), match.end(),
                )


# --- wording left empty ----------------------------------------------------------------

_EMPTY_PAIR = re.compile(r"“\s*”|‘\s*’|《\s*》|（\s*）|\(\s*\)")
_PAIR_NAMES = {"“": "引号", "‘": "引号", "《": "书名号", "（": "括号", "(": "括号"}
# 贯彻 takes an object (精神, 部署 …): an adverb, 贯彻, then a stop means the object is missing
_DANGLING = re.compile(r"(?:全面|深入|认真|坚决)贯彻(?=[，。；,;])")


def empty_wording(ctx: CheckContext) -> Iterator[Finding]:
    """Empty quotation marks, title marks or brackets, and 贯彻 with no object: wording left out."""
    for line in ctx.lines:
        text = line.text
        for match in _EMPTY_PAIR.finditer(text):
            yield line.finding(
                "placeholder", f"{_PAIR_NAMES[match.group()[0]]}中间是空的：这里缺了文字（可能是提法没有填上），请补全",
                match.start(), match.end(),
            )
        for match in _DANGLING.finditer(text):
            yield line.finding(
                "placeholder", f"“{match.group()}”后面缺了要贯彻的内容（可能是提法没有填上），请补全",
                match.start(), match.end(),
            )


# --- stale references ------------------------------------------------------------------


def stale_references(ctx: CheckContext) -> Iterator[Finding]:
    """Plenum lists, five-year-plan phases, anniversaries, campaigns, 普法 plans not current
    for the document's year (``--year``, else the year it states, else the year its latest
    dated reference implies)."""
    if ctx.calendar is None or not ctx.lines:
        return
    paragraphs = [Paragraph(line.index, line.text) for line in ctx.lines]
    refs = find_references(paragraphs, ctx.calendar, title_index(paragraphs, ctx.parsed.outline))
    year = ctx.year or ctx.document_year or implied_year(refs, ctx.calendar)
    if year is None:
        return
    lines = {line.index: line for line in ctx.lines}
    for ref, why, suggestion in find_stale(refs, ctx.calendar, year):
        yield lines[ref.paragraph].finding("stale-reference", f"“{ref.text}”：{why}", ref.start, ref.end, suggestion)


# --- running the checks -------------------------------------------------------------

#: The detectors, in order. A new check is a function appended here.
DETECTORS: list[Detector] = [
    parser_findings,
    repeated_passages,
    typos,
    halfwidth_punctuation,
    unbalanced_quotes,
    numbering_style,
    template_leftovers,
    empty_wording,
    stale_references,
]


#: Detectors (by function name) that read one paragraph at a time: they also run on
#: headers, footers, footnotes, endnotes and text boxes. The others read the
#: document's structure, which is the body's alone.
PER_PARAGRAPH = frozenset({"typos", "halfwidth_punctuation", "unbalanced_quotes", "template_leftovers",
                           "empty_wording", "stale_references"})


def check_paragraphs(paragraphs: list[Paragraph], *, year: int | None, rules: CheckRules,
                     calendar: Calendar | None = None,
                     detectors: Iterable[Detector] | None = None) -> list[Finding]:
    """Everything the detectors find in a document, in reading order, each anchored on its text.

    ``year`` is the year the document is for, if the user said so; ``calendar`` is
    the political calendar for checks against the year's facts.
    """
    paragraphs = list(paragraphs)
    parsed = parse_paragraphs(paragraphs, year=year, ads=rules.ads)
    texts = {p.index: p.text for p in paragraphs}
    lines = tuple(_line(index, kept, texts.get(index, kept)) for index, kept in parsed.lines)
    ctx = CheckContext(tuple(paragraphs), lines, parsed, year, rules, calendar)
    others = tuple(_line(p.index, p.text.strip(), p.text) for p in paragraphs if p.part != "body" and p.text.strip())
    found: dict[tuple, Finding] = {}
    for detect in DETECTORS if detectors is None else detectors:
        per_part = others and getattr(detect, "__name__", "") in PER_PARAGRAPH
        for finding in chain(detect(ctx), detect(replace(ctx, lines=others)) if per_part else ()):
            finding = _anchor(finding, texts, lines[0] if lines else None)
            if finding is None:
                continue
            finding = replace(finding, severity=SEVERITY.get(finding.code, finding.severity))
            found.setdefault((finding.code, finding.paragraph, finding.start, finding.excerpt), finding)
    return sorted(found.values(), key=lambda f: (f.paragraph is None, f.paragraph or 0, f.start or 0))


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding is an error (``draft check`` then exits with 1)."""
    return any(f.severity == ERROR for f in findings)


def to_json(findings: Iterable[Finding]) -> dict:
    """The findings as plain JSON data (the shape ``draft check --json`` prints)."""
    return {"findings": [
        {"code": f.code, "severity": f.severity, "message": f.message, "paragraph": f.paragraph,
         "excerpt": f.excerpt, "suggestion": f.suggestion}
        for f in findings
    ]}


def _line(index: int, kept: str, text: str) -> Line:
    offset = text.find(kept)
    if offset < 0:  # advertising was taken out of the middle: the checks read the whole paragraph
        kept = text.strip()
        offset = text.find(kept)
    return Line(index, kept, offset)


def _anchor(finding: Finding, texts: dict[int, str], first: Line | None) -> Finding | None:
    """The finding with a paragraph and an excerpt that stands in its text at ``start``."""
    if finding.paragraph is None or finding.paragraph not in texts:
        if first is None:  # a document without text: nothing to anchor on, nothing to report
            return None
        # about the whole document: anchored on the start of its first line
        return replace(finding, paragraph=first.index, excerpt=first.text[:10], start=first.offset,
                       suggestion=None)
    text = texts[finding.paragraph]
    excerpt, start = finding.excerpt, finding.start
    if excerpt and start is not None and text.startswith(excerpt, start):
        return finding
    if excerpt and excerpt in text:
        return replace(finding, start=text.index(excerpt))
    # not found as given: anchor on the longest start of the excerpt that is there
    for size in range(len(excerpt) - 1, 0, -1):
        if excerpt[:size].strip() and excerpt[:size] in text:
            return replace(finding, excerpt=excerpt[:size], start=text.index(excerpt[:size]), suggestion=None)
    stripped = text.strip()
    return replace(finding, excerpt=stripped[:10], start=text.find(stripped[:10]) if stripped else 0,
                   suggestion=None)

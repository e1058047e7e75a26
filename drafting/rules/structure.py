"""Structure: the parser's findings, repeated passages, numbering style, template
leftovers and stale references."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..model import PARAM_NAMES, Finding, Paragraph
from ..yearrefs import find_references
from ..years.stale import implied_year
from ..years.stale import stale_references as find_stale
from .base import CheckContext, Line, is_chinese


# --- the parser's findings ---------------------------------------------------------


def parser_findings(ctx: CheckContext) -> Iterable[Finding]:
    """Advertising, a pasted copy, numbering gaps, year mismatches (from ``parse``).

    Placeholders are left to ``placeholders.placeholders``, which marks every spot.
    """
    return [f for f in ctx.parsed.findings if f.code != "placeholder"]


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
        marker = _parse().split_marker(line.text)[2]
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


# --- numbering ---------------------------------------------------------------------

def _parse():
    """The parser, for its numbering markers and titles: imported when a whole document is checked.

    Not at import time: ``draft snippets lint`` applies the rules that read one
    paragraph at a time, and needs none of the parser.
    """
    from .. import parse

    return parse


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    """Rank of each level of the GB/T 9704 hierarchy: 一、 1, （一） 2, 1． 3, （1） 4."""
    parse = _parse()
    return {parse.L1: 1, parse.L2: 2, parse.L3: 3, parse.L4: 4}
_HIERARCHY = "GB/T 9704 的层次是 一、→（一）→1．→（1）"


@dataclass(frozen=True)
class _Mark:
    line: Line
    rank: int
    number: int
    marker: str  # as written: "一、", "（二）", "3．"


def _marks(ctx: CheckContext) -> list[_Mark]:
    out = []
    ranks, split_marker = _ranks(), _parse().split_marker
    for line in ctx.lines:
        level, number, marker, _ = split_marker(line.text)
        if level in ranks and number is not None:
            out.append(_Mark(line, ranks[level], number, marker))
    return out


def numbering_style(ctx: CheckContext) -> Iterator[Finding]:
    """Numbers of one level written two ways; a level nested under a lower one."""
    marks = _marks(ctx)
    ranks, parse = _ranks(), _parse()
    yield from _first_level([m for m in marks if m.rank == ranks[parse.L1]])
    yield from _mixed_separators([m for m in marks if m.rank == ranks[parse.L3]], ctx.ordinal_mark)
    yield from _inversions(marks)


def _first_level(marks: list[_Mark]) -> Iterator[Finding]:
    """A first-level number written 一. or 一，: GB/T 9704 writes it 一、 (whatever the rest do)."""
    for m in marks:
        if m.marker[-1] != "、":
            right = m.marker[:-1].rstrip() + "、"
            yield m.line.finding(
                "numbering-style", f"一级标题的编号应写作“{right}”，这里是“{m.marker}”（{_HIERARCHY}）",
                0, len(m.marker), right,
            )


def _mixed_separators(marks: list[_Mark], profile: str | None) -> Iterator[Finding]:
    """Item numbers written two ways (1． 2、): the few are told to follow the many.

    Only mixing is reported. Both 1． and 1. are the 下脚点 of GB/T 15834—2011 B.3.3, so
    a document that writes the other one throughout is left alone; in one that writes
    both, the stray ones are the mistake (precision first: twenty warnings for one stray
    mark would be noise). As many of each: the unit's form (``profile``, the layout's
    ``ordinal_mark``) is kept, else the first one written.
    """
    counts = Counter(m.marker[-1] for m in marks)
    if len(counts) < 2:
        return
    ranked = counts.most_common()  # ties in the order first written
    leaders = [mark for mark, n in ranked if n == ranked[0][1]]
    by_layout = len(leaders) > 1 and profile in leaders
    usual = profile if by_layout else leaders[0]
    example = next(m.marker for m in marks if m.marker[-1] == usual)
    why = f"全文应统一写作“{example}”这样（版式设置的写法）" if by_layout else f"其余多写作“{example}”这样"
    for m in marks:
        if m.marker[-1] != usual:
            yield m.line.finding(
                "numbering-style", f"同一层级的编号写法不统一：这里是“{m.marker}”，{why}",
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
            if (before and is_chinese(before)) or (after and is_chinese(after)):
                yield line.finding(
                    "template-leftover", f"参数名“{match.group()}”没有替换成文字", match.start(), match.end(),
                )


# --- stale references ------------------------------------------------------------------


def stale_references(ctx: CheckContext) -> Iterator[Finding]:
    """Plenum lists, five-year-plan phases, anniversaries, campaigns, 普法 plans not current
    for the document's year (``--year``, else the year it states, else the year its latest
    dated reference implies)."""
    if ctx.calendar is None or not ctx.lines:
        return
    paragraphs = [Paragraph(line.index, line.text) for line in ctx.lines]
    refs = find_references(paragraphs, ctx.calendar, _parse().title_index(paragraphs, ctx.parsed.outline))
    year = ctx.year or ctx.document_year or implied_year(refs, ctx.calendar)
    if year is None:
        return
    lines = {line.index: line for line in ctx.lines}
    for ref, why, suggestion in find_stale(refs, ctx.calendar, year):
        yield lines[ref.paragraph].finding("stale-reference", f"“{ref.text}”：{why}", ref.start, ref.end, suggestion)

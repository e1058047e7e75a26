"""The check of a document's title lines (GB/T 9704 7.3.1): ``title-break`` and ``title-shape``.

A detector of ``drafting.check``: pure, it reads the ``Paragraph`` values and the
parsed outline. A title's lines are the paragraphs the parser found it written over
(a Title-styled paragraph a line) and the pieces of one paragraph split by manual
line breaks (w:br, which the reader turns into a paragraph each). Only explicit
breaks are judged: where Word wraps a line by itself cannot be seen without
rendering, so a title with a line longer than GB/T 9704's title line (2号 on the
156 mm 版心) gets no shape finding, and a subtitle line (——……, （……）) is no line of the
title's shape.

``title-break``
    a break inside a bracket or quotation pair, 第×届 / 第×次, a year or date, a
    number, a name the unit lists (``names:``, ``--org``, draft.yaml) when it fits on
    a line, or a word beyond doubt of a title's own grammar (委员会, 党支部, 办公室 …).
``title-shape``
    lines that make a rectangle (all as long) or an hourglass (a line at least a
    character shorter than one above and one below it).

Each message names the clause and, when one exists, a breaking that has neither fault.
"""

from __future__ import annotations

from typing import Iterator

from ..model import Finding, Paragraph
from ..rules.base import CheckContext
from .titles import (GOOD_SHAPES, HOURGLASS, RECTANGLE, SHAPE_NAMES, STANDARD_WIDTH, bad_breaks, break_title,
                     line_width, shape)

__all__ = ["title_layout"]

_CLAUSE = "GB/T 9704 7.3.1"
#: A title of more lines than this is not a title the parser would have found.
_MOST_LINES = 5
_SENTENCE_END = ("。", "；", "！", "？")


def title_layout(ctx: CheckContext) -> Iterator[Finding]:
    """Findings about how the title is broken into lines: inside something whole, or a rectangle or hourglass."""
    outline = ctx.parsed.outline
    if not outline.title:
        return
    lines = _main_title(_title_paragraphs(ctx.paragraphs, outline))
    if len(lines) < 2:
        return
    texts = [p.text for p in lines]
    # A name the unit listed (names:, --org, draft.yaml) is certain; the one read from the title only guides the advice.
    keep = _names(ctx)
    org = ctx.parsed.outline.org
    guide = (*keep, org) if org and len(org) >= 3 else keep
    width = STANDARD_WIDTH
    better = break_title("".join(texts), width, keep=guide)
    advice = ""
    if shape(better) in GOOD_SHAPES and not bad_breaks(better, keep=guide, width=width):
        advice = f"；建议分行：{'／'.join(better)}"
    for found in bad_breaks(texts, keep=keep, width=width):
        if not found.certain:
            continue  # 党建|工作: a compound cut between its words is a poor break, not a wrong one
        p = lines[found.line]
        tail = p.text[-min(len(p.text), 8):]
        yield Finding("title-break", f"标题在{found.described}“{found.span}”中间回行，词意不完整（{_CLAUSE}）{advice}",
                      paragraph=p.index, excerpt=tail, start=len(p.text) - len(tail))
    if any(line_width(t) > width for t in texts):
        return  # Word wraps such a line itself: the shape on the page is not the one written
    kind = shape(texts)
    if kind == RECTANGLE or (kind == HOURGLASS and _dip(texts) >= 1):
        counts = "、".join(_count(line_width(t)) for t in texts)
        first = lines[0]
        yield Finding("title-shape", f"标题{len(texts)}行排成了{SHAPE_NAMES[kind]}（每行 {counts} 字），"
                                     f"应排成梯形或菱形（{_CLAUSE}）{advice}",
                      paragraph=first.index, excerpt=first.text, start=0)


def _title_paragraphs(paragraphs: tuple[Paragraph, ...], outline) -> list[Paragraph]:
    """The paragraphs the title is written over, in order, with the rest of a paragraph it was broken in."""
    from ..parse import title_lines

    by_index = {p.index: p for p in paragraphs}
    found = [by_index[i] for i in title_lines(paragraphs, outline) if i in by_index]
    if not found:
        return []
    # The pieces after the last one that come from the same w:p (a manual line break) are title lines too.
    last = found[-1]
    nxt = by_index.get(last.index + 1)
    while (nxt is not None and len(found) < _MOST_LINES and last.block is not None and nxt.block == last.block
           and nxt.part == last.part and line_width(nxt.text) <= STANDARD_WIDTH
           and not nxt.text.endswith(_SENTENCE_END)):
        found.append(nxt)
        last, nxt = nxt, by_index.get(nxt.index + 1)
    return found if len(found) <= _MOST_LINES else []


def _main_title(lines: list[Paragraph]) -> list[Paragraph]:
    """The lines of the title proper: a subtitle (——在……上的讲话, （征求意见稿）) is set apart, in its own shape."""
    for n, p in enumerate(lines):
        text = p.text.strip()
        if n and (text.startswith(("—", "－", "-")) or (text.startswith(("（", "(")) and text.endswith(("）", ")")))):
            return lines[:n]
    return lines


def _names(ctx: CheckContext) -> tuple[str, ...]:
    names = ctx.rules.names
    listed = (*names.own, *names.superior, *names.others, *(n for unit in names.units for n in unit))
    return tuple(dict.fromkeys(n for n in listed if n and len(n) >= 3))


def _dip(texts: list[str]) -> float:
    """How far the deepest line falls below the shorter of the longest lines above and below it."""
    widths = [line_width(t) for t in texts]
    return max((min(max(widths[:i]), max(widths[i + 1:])) - widths[i] for i in range(1, len(widths) - 1)),
               default=0.0)


def _count(width: float) -> str:
    return str(int(width)) if width == int(width) else f"{width:g}"

"""A speech that reads in the minutes asked: how many paragraphs each section takes.

The recipe's sections, their order and headings stay as they are; what changes is
how many of each section's candidate paragraphs are taken (always at least one,
never one twice, never one the year cannot use) and which of the recipe's listed
openings and closings is used. Deterministic: the recipe's own picks are the start;
while the speech is short of the target, the next candidate of the section that has
grown least (relative to its recipe count; the earlier section on a tie) is added,
if that brings the length nearer; while it is long, the last paragraph of the section
that has grown most (the later one on a tie) is dropped, likewise. A section whose
paragraphs a recipe lists by id is kept as listed. The recipe's first opening and
closing are kept unless another of its candidates lets the speech land within
``TOLERANCE`` when they do not.

A library too small for the time gives the longest honest speech (every candidate,
the longest opening and closing) and says by how much it falls short; a time too
short even for one paragraph a section gives the shortest, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import product
from typing import Sequence

from ..assemble import DEFAULT_COUNT, _timeliness, render_snippet, tidy
from ..library import Library
from ..model import CLOSING, HEADING, ITEM, OPENING, SPEECH, Recipe, SectionSpec, Snippet
from ..numerals import cn_ordinal_enum, section_label
from .length import SALUTATION, about, characters, minutes_of

#: How far from the target a speech may land: ±10 %.
TOLERANCE = 0.10


@dataclass(frozen=True)
class Pool:
    """One section's candidate paragraphs, in the order they are taken, and how many the recipe takes."""

    spec: SectionSpec
    candidates: tuple[Snippet, ...]
    default: int
    #: listed by id in the recipe: taken as they are, none added or dropped
    fixed: bool = False


@dataclass(frozen=True)
class Fitted:
    """A recipe whose sections list the paragraphs chosen, its spoken length, and notes."""

    recipe: Recipe
    length: int
    notes: tuple[str, ...] = ()


def pools(lib: Library, recipe: Recipe, year: int) -> list[Pool]:
    """Each section's candidates as ``assemble`` would draw them for ``year``: valid, in its order.

    Two sections of one category share its candidates out in turn, so none is taken twice.
    """
    listed = frozenset(sid for spec in recipe.sections for sid in spec.items or ())
    excluded = frozenset(recipe.exclude_tags)
    drawn: dict[str, list[Snippet]] = {}
    share: dict[str, int] = {}
    for spec in recipe.sections:
        if spec.items is None:
            share[spec.category] = share.get(spec.category, 0) + 1
    seen: dict[str, int] = {}
    found = []
    for spec in recipe.sections:
        if spec.items is not None:
            chosen = tuple(s for s in (lib.get(sid) for sid in spec.items) if s is not None and s.valid_for(year))
            found.append(Pool(spec, chosen, len(chosen), fixed=True))
            continue
        if spec.category not in drawn:
            drawn[spec.category] = sorted(
                (s for s in lib.select(ITEM, SPEECH, year, spec.category)
                 if s.id not in listed and not excluded.intersection(s.tags)),
                key=_timeliness)
        turn = seen.get(spec.category, 0)
        seen[spec.category] = turn + 1
        mine = tuple(drawn[spec.category][turn::share[spec.category]])
        found.append(Pool(spec, mine, min(spec.count or DEFAULT_COUNT[SPEECH], len(mine))))
    return found


def _candidates(lib: Library, ids: tuple[str, ...], kind: str, year: int) -> list[Snippet]:
    """The recipe's listed candidates valid for ``year``; else the library's first, as ``assemble`` falls back."""
    found = [s for s in (lib.get(sid) for sid in ids) if s is not None and s.valid_for(year)]
    if not found:
        found = lib.select(kind, SPEECH, year)[:1]
    return found


def fit(lib: Library, recipe: Recipe, year: int, params: dict[str, object], *, minutes: int, rate: int,
        sections: Sequence[Pool] | None = None) -> Fitted:
    """``recipe`` with each section's paragraphs chosen so the speech reads in ``minutes`` at ``rate``.

    ``sections`` are the candidates (``pools`` of the recipe when not given);
    ``params`` are the snippet parameters ``assemble`` renders with.
    """
    target = minutes * rate
    sections = list(sections if sections is not None else pools(lib, recipe, year))
    cache: dict[str, int] = {}

    def size(snippet: Snippet) -> int:
        if snippet.id not in cache:
            cache[snippet.id] = sum(characters(p) for p in render_snippet(snippet, params))
        return cache[snippet.id]

    base = characters(SALUTATION)
    for number, pool in enumerate(sections, 1):
        heading = _heading(lib, pool.spec, year)
        text = tidy(render_snippet(heading, params)[0]) if heading else f"加强{pool.spec.category}"
        base += characters(section_label(number) + text)
    # item k of a section (1-based) reads with its 一是…: its length there
    lengths = [[characters(cn_ordinal_enum(k)) + size(s) for k, s in enumerate(pool.candidates, 1)]
               for pool in sections]
    openings = _candidates(lib, recipe.opening, OPENING, year)
    closings = _candidates(lib, recipe.closing, CLOSING, year)
    low, high = target * (1 - TOLERANCE), target * (1 + TOLERANCE)
    best = None
    for opening, closing in product(openings or [None], closings or [None]):
        extra = (size(opening) if opening else 0) + (size(closing) if closing else 0)
        counts = _balance(sections, lengths, base + extra, target)
        total = base + extra + sum(sum(ls[:n]) for ls, n in zip(lengths, counts))
        if best is None or abs(total - target) < abs(best[0] - target):
            best = (total, counts, opening, closing)
        if low <= total <= high:
            best = (total, counts, opening, closing)
            break
    total, counts, opening, closing = best
    specs = tuple(replace(pool.spec, items=tuple(s.id for s in pool.candidates[:n]), count=None)
                  for pool, n in zip(sections, counts))
    fitted = replace(
        recipe, sections=specs,
        opening=_first(opening, recipe.opening), closing=_first(closing, recipe.closing),
    )
    return Fitted(fitted, total, _verdict(total, target, minutes, rate))


def _heading(lib: Library, spec: SectionSpec, year: int) -> Snippet | None:
    """The heading ``assemble`` gives ``spec``: the one it names if valid, else the category's first."""
    named = lib.get(spec.heading) if spec.heading else None
    if named is not None and named.valid_for(year):
        return named
    found = lib.select(HEADING, SPEECH, year, spec.category)
    return found[0] if found else None


def _first(chosen: Snippet | None, ids: tuple[str, ...]) -> tuple[str, ...]:
    """``ids`` with the chosen candidate first, so ``assemble`` takes it."""
    if chosen is None:
        return ids
    return (chosen.id, *(sid for sid in ids if sid != chosen.id))


def _balance(sections: Sequence[Pool], lengths: list[list[int]], fixed: int, target: int) -> list[int]:
    """How many paragraphs each section takes: the recipe's counts, moved towards ``target`` one at a time."""
    counts = [len(p.candidates) if p.fixed else max(p.default, 1 if p.candidates else 0) for p in sections]
    total = fixed + sum(sum(ls[:n]) for ls, n in zip(lengths, counts))

    def growth(i: int) -> float:
        return counts[i] / max(sections[i].default, 1)

    changed = True
    while changed:
        changed = False
        grow = sorted((i for i, p in enumerate(sections) if not p.fixed and counts[i] < len(p.candidates)),
                      key=lambda i: (growth(i), i))
        for i in grow:
            step = lengths[i][counts[i]]
            if abs(total + step - target) < abs(total - target):
                counts[i] += 1
                total += step
                changed = True
                break
        if changed:
            continue
        shrink = sorted((i for i, p in enumerate(sections) if not p.fixed and counts[i] > 1),
                        key=lambda i: (-growth(i), -i))
        for i in shrink:
            step = lengths[i][counts[i] - 1]
            if abs(total - step - target) < abs(total - target):
                counts[i] -= 1
                total -= step
                changed = True
                break
    return counts


def _verdict(total: int, target: int, minutes: int, rate: int) -> tuple[str, ...]:
    """What the user must know when the speech could not land within ``TOLERANCE`` of ``target``."""
    if total < target * (1 - TOLERANCE):
        return (f"素材库中可用的讲话素材约 {about(total)} 字，按每分钟 {rate} 字只够约 {minutes_of(total, rate)} 分钟，"
                f"比要求的 {minutes} 分钟少约 {about(target - total)} 字；已用上全部适用的素材，没有重复使用。"
                "请补充素材或缩短时长。",)
    if total > target * (1 + TOLERANCE):
        return (f"每部分只讲一段，讲话也有约 {about(total)} 字，按每分钟 {rate} 字约需 {minutes_of(total, rate)} 分钟，"
                f"比要求的 {minutes} 分钟多约 {about(total - target)} 字；请延长时长，或用配方文件（--spec）删去部分内容。",)
    return ()

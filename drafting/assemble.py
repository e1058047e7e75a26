"""Assembling: a recipe and the library become an ``Outline`` for one year and organisation.

Pure: no files, no Word. Snippets are chosen (explicitly by id, or the first ones of
a category valid for the year — those written for a few years only, such as that
year's education campaign, ahead of the rest), rendered through the sandbox with the year facts
and the user's parameters, and numbered here — sections 一、二、…, plan items 1．…N．
running on across sections, speech paragraphs 一是、二是 within a section — so the
numbers are right whatever sections a recipe keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import TemplateError

from . import sandbox
from .errors import DataError, TemplateProblem
from .library import Library
from .model import (
    CLOSING,
    GENRE_NAMES,
    HEADING,
    ITEM,
    OPENING,
    PLAN,
    PREAMBLE,
    SPEECH,
    Item,
    Occasion,
    Origin,
    Outline,
    Recipe,
    Section,
    SectionSpec,
    Snippet,
    YearFacts,
)
from .numerals import cn_ordinal_enum
from .yearfacts import year_facts

#: Items per section when a recipe gives no count.
DEFAULT_COUNT = {PLAN: 3, SPEECH: 2}

_SPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Chinese characters and the punctuation set with them (— “ ” … 、 ， full-width
# forms) all lie at U+2000 and above; a space beside one of them is a line fold,
# not a word space. (A character-class regex of these ranges costs 3 ms to compile.)
_WIDE_FROM = "\u2000"


def tidy(text: str) -> str:
    """Join a rendered text into one paragraph: no spaces next to Chinese characters."""
    text = text.strip()

    def space(match: re.Match) -> str:
        before, after = text[match.start() - 1], text[match.end()]
        return "" if before >= _WIDE_FROM or after >= _WIDE_FROM else " "

    return _SPACE.sub(space, text)


def paragraphs(text: str) -> tuple[str, ...]:
    """Split a rendered text at blank lines into tidied, non-empty paragraphs."""
    return tuple(p for p in (tidy(part) for part in _PARAGRAPH_BREAK.split(text)) if p)


def _at(line: int | None, exc: BaseException) -> int | None:
    """The file line of the source line a render failed on (the field starts at ``line``)."""
    return None if line is None else line + sandbox.source_line(exc) - 1


class _Writer:
    """Renders snippet fields with one parameter set, turning failures into located errors."""

    def __init__(self, params: dict[str, object]) -> None:
        self.params = params

    def render(self, source: str, *, where: Origin | None, snippet: Snippet | None = None,
               field: str = "body") -> str:
        path = where.path if where else None
        line = snippet.line_of(field) if snippet else (where.line if where else None)
        sid = snippet.id if snippet else None
        try:
            return sandbox.render(source, self.params)
        except sandbox.SecurityError as exc:
            raise TemplateProblem(
                f"模板试图访问不安全的内容，已拒绝（{exc}）", path=path, line=_at(line, exc), snippet=sid
            ) from None
        except sandbox.UndefinedError as exc:
            raise TemplateProblem(
                f"缺少参数：{_undefined_name(exc)}", path=path, line=_at(line, exc), snippet=sid,
                hint="请检查参数名是否写错，或用 {% if 参数 %} 判断后再使用。",
            ) from None
        except sandbox.SnippetRuntimeError as exc:  # a bound crossed: the message says which
            raise TemplateProblem(exc.message, path=path, line=_at(line, exc), snippet=sid) from None
        except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
            raise TemplateProblem(f"渲染失败：{exc}", path=path, line=_at(line, exc), snippet=sid) from None

    def snippet(self, snippet: Snippet, field: str = "body") -> str:
        source = snippet.body if field == "body" else snippet.lead or ""
        return self.render(source, where=snippet.origin, snippet=snippet, field=field)

    def item(self, snippet: Snippet, number: int | None) -> Item:
        body = tidy(self.snippet(snippet))
        for i, point in enumerate(snippet.points, 1):
            text = tidy(self.render(point, where=snippet.origin, snippet=snippet, field=f"points[{i - 1}]"))
            if text:
                body += cn_ordinal_enum(i) + text
        lead = tidy(self.snippet(snippet, "lead")).rstrip("。") if snippet.lead else None
        return Item(text=body, lead=lead or None, number=number, source=snippet.id)


#: Kinds of Party organisation a unit's name may end in, each with the words a
#: title may repeat after it (第一党支部 + 党支部工作要点).
_ORG_KINDS = (
    ("党总支", ("党总支", "总支")), ("总支", ("党总支", "总支")),
    ("党支部", ("党支部", "支部")), ("支部", ("党支部", "支部")),
    ("党委", ("党委",)), ("党组", ("党组",)), ("工委", ("工委",)),
)


def undouble(title: str, org: str) -> str:
    """``title`` without the organisation kind repeated after ``org``: 第一党支部党支部工作要点
    → 第一党支部工作要点."""
    if not org or org not in title:
        return title
    for ending, repeats in _ORG_KINDS:
        if org.endswith(ending):
            at = title.index(org) + len(org)
            for word in repeats:
                if title.startswith(word, at):
                    return title[:at] + title[at + len(word):]
            break
    return title


def _undefined_name(exc: Exception) -> str:
    match = re.search(r"'([^']+)' is undefined", str(exc))
    return match.group(1) if match else str(exc)


def _span(snippet: Snippet) -> str:
    return f"{snippet.since or '…'}—{snippet.until or '…'}年"


class _Chooser:
    """Picks snippets for a year and genre, noting what it had to leave out."""

    def __init__(self, lib: Library, genre: str, year: int, notes: list[str],
                 listed: frozenset[str] = frozenset(), exclude_tags: tuple[str, ...] = ()) -> None:
        self.lib, self.genre, self.year, self.notes = lib, genre, year, notes
        #: ids a recipe lists explicitly: a category section does not pick them again
        self.listed = listed
        self.exclude_tags = frozenset(exclude_tags)

    def _drawable(self, snippet: Snippet) -> bool:
        return (snippet.id not in self.listed and not self.exclude_tags.intersection(snippet.tags)
                and not self._superseded(snippet))

    def _superseded(self, snippet: Snippet) -> bool:
        """Whether the snippet that replaces it (``replaced_by``) can stand in for it this year: then it is not drawn.

        A recipe that lists it by id still gets it (lint warns there); a replacement
        not yet valid, or of another kind or genre, leaves it in use.
        """
        if snippet.replaced_by is None:
            return False
        new = self.lib.get(snippet.replaced_by)
        return (new is not None and new.kind == snippet.kind and new.serves(self.genre)
                and new.valid_for(self.year))

    def usable(self, sid: str) -> Snippet | None:
        snippet = self.lib.get(sid)
        if snippet is None:  # ids were checked at load; a library may still lack one
            self.notes.append(f"找不到片段“{sid}”，已略去。")
            return None
        if not snippet.valid_for(self.year):
            self.notes.append(f"片段“{sid}”适用于{_span(snippet)}，不适用于{self.year}年，已略去。")
            return None
        return snippet

    def why_empty(self, spec: SectionSpec) -> str:
        """Why ``spec`` gave no items for the year, in the user's words."""
        what = "条目" if self.genre == PLAN else "段落"
        if spec.items is not None:
            spans = []
            for sid in spec.items:
                snippet = self.lib.get(sid)
                spans.append(f"“{sid}”" + (f"适用于{_span(snippet)}" if snippet else "不在素材库中"))
            return f"列出的{what}都不适用于{self.year}年：" + "；".join(spans)
        other = [s for s in self.lib.select(ITEM, self.genre, None, spec.category) if self._drawable(s)]
        kind = f"“{spec.category}”类别的{GENRE_NAMES[self.genre]}{what}"
        if not other:
            return f"素材库中没有{kind}"
        spans = "、".join(dict.fromkeys(_span(s) for s in other))
        return f"素材库中{kind}都不适用于{self.year}年（适用年份：{spans}）"

    def first(self, ids: tuple[str, ...], kind: str, category: str | None = None) -> Snippet | None:
        for sid in ids:
            snippet = self.lib.get(sid)
            if snippet is not None and snippet.valid_for(self.year):
                return snippet
        pool = self.lib.select(kind, self.genre, self.year, category)
        return pool[0] if pool else None

    def items(self, spec: SectionSpec) -> list[Snippet]:
        if spec.items is not None:
            return [s for s in (self.usable(sid) for sid in spec.items) if s is not None]
        count = spec.count or DEFAULT_COUNT[self.genre]
        pool = [s for s in self.lib.select(ITEM, self.genre, self.year, spec.category) if self._drawable(s)]
        return sorted(pool, key=_timeliness)[:count]


def _timeliness(snippet: Snippet) -> tuple[int, int]:
    """Sort key: a snippet written for a span of years (both ``since`` and ``until``: that
    year's campaign, say) before the open-ended ones, the narrower span first; otherwise
    library order (the sort is stable)."""
    if snippet.since is not None and snippet.until is not None:
        return (0, snippet.until - snippet.since)
    return (1, 0)


def parameters(facts: YearFacts, occasion: Occasion, meeting: str = "") -> dict[str, object]:
    """Every parameter a snippet may use: the year's facts, the organisation, the meeting."""
    return {**facts.params(), **occasion.params(), "meeting": meeting}


def render_snippet(snippet: Snippet, params: dict[str, object]) -> tuple[str, ...]:
    """A snippet's paragraphs as a document would show them, unnumbered.

    An item is one paragraph (its lead, a full stop, the body and points as
    一是……); a heading is its text; the other kinds may have several paragraphs.
    Failures are ``TemplateProblem`` with the snippet's file and line.
    """
    writer = _Writer(params)
    if snippet.kind == ITEM:
        item = writer.item(snippet, None)
        return (f"{item.lead}。{item.text}" if item.lead else item.text,)
    if snippet.kind == HEADING:
        return (tidy(writer.snippet(snippet)).rstrip("。；，"),)
    return paragraphs(writer.snippet(snippet))


@dataclass(frozen=True)
class Pick:
    """What ``assemble`` takes for one section of a recipe: the heading's and the items' snippet ids."""

    category: str
    heading: str | None  # None: no heading snippet fits, ``assemble`` writes 加强<category>
    items: tuple[str, ...]


def picks(lib: Library, recipe: Recipe, year: int) -> tuple[Pick, ...]:
    """The snippets ``assemble`` would take for each section of ``recipe`` in ``year``, in order.

    Ids a recipe lists but the year cannot use are left out, as ``assemble`` leaves them out.
    """
    listed = frozenset(sid for spec in recipe.sections for sid in spec.items or ())
    choose = _Chooser(lib, recipe.genre, year, [], listed, recipe.exclude_tags)
    found = []
    for spec in recipe.sections:
        heading = choose.first((spec.heading,) if spec.heading else (), HEADING, spec.category)
        found.append(Pick(spec.category, heading.id if heading else None,
                          tuple(s.id for s in choose.items(spec))))
    return tuple(found)


def assemble(lib: Library, recipe: Recipe, occasion: Occasion, *, meeting: str | None = None) -> Outline:
    """Build the outline of ``recipe`` for ``occasion`` from ``lib``."""
    genre, year = recipe.genre, occasion.year
    facts = year_facts(lib.calendar, year)
    notes: list[str] = list(facts.notes)
    params = parameters(facts, occasion, meeting or (recipe.name if genre == SPEECH else ""))
    writer = _Writer(params)
    listed = frozenset(sid for spec in recipe.sections for sid in spec.items or ())
    choose = _Chooser(lib, genre, year, notes, listed, recipe.exclude_tags)

    title = undouble(tidy(writer.render(recipe.title, where=recipe.origin)), occasion.org)
    sections: list[Section] = []
    used: list[str] = []  # the body's snippet ids, in order
    item_no = 0
    for spec in recipe.sections:
        chosen = choose.items(spec)
        if not chosen:
            # An empty section, or a document of none, is never what the user wanted.
            where = spec.origin or recipe.origin
            raise DataError(
                f"第 {len(sections) + 1} 部分（{spec.category}）没有可用的{'条目' if genre == PLAN else '段落'}："
                f"{choose.why_empty(spec)}",
                path=where.path if where else None, line=where.line if where else None,
                hint="请换用适用于这一年的片段（draft snippets list --category 类别名 查看适用年份），或删去这一部分",
            )
        heading_snippet = (
            choose.first((spec.heading,), HEADING, spec.category) if spec.heading
            else choose.first((), HEADING, spec.category)
        )
        if heading_snippet is None:
            heading, source = f"加强{spec.category}", None
            notes.append(f"“{spec.category}”没有适用的标题片段，已用“{heading}”作标题。")
        else:
            heading, source = tidy(writer.snippet(heading_snippet)).rstrip("。；，"), heading_snippet.id
            used.append(source)
        items = []
        for index, snippet in enumerate(chosen, 1):
            if genre == PLAN:
                item_no += 1
            items.append(writer.item(snippet, item_no if genre == PLAN else index))
            used.append(snippet.id)
        sections.append(
            Section(len(sections) + 1, heading, tuple(items), category=spec.category, source=source)
        )

    blocks: dict[str, str] = {}  # kind → the snippet id of the preamble, opening, closing

    def block(ids: tuple[str, ...], kind: str, what: str) -> tuple[str, ...]:
        snippet = choose.first(ids, kind)
        if snippet is None:
            notes.append(f"素材库中没有适用于{year}年的{what}，该部分已略去。")
            return ()
        blocks[kind] = snippet.id
        return paragraphs(writer.snippet(snippet))

    if not sections:
        where = recipe.origin
        raise DataError("配方中没有任何部分（sections），不能生成空文稿",
                        path=where.path if where else None, line=where.line if where else None)
    if genre == PLAN:
        preamble, closing = block(recipe.preamble, PREAMBLE, "总体要求"), ()
    else:
        preamble, closing = block(recipe.opening, OPENING, "讲话开场"), block(recipe.closing, CLOSING, "讲话结尾")
    first = blocks.get(PREAMBLE if genre == PLAN else OPENING)
    last = blocks.get(CLOSING)
    return Outline(
        genre=genre,
        title=title,
        sections=tuple(sections),
        year=year,
        org=occasion.org,
        preamble=preamble,
        closing=closing,
        speaker=occasion.speaker if genre == SPEECH else None,
        date=occasion.date,
        signature=occasion.org if genre == PLAN and recipe.signature else None,
        notes=tuple(notes),
        snippets=tuple(([first] if first else []) + used + ([last] if last else [])),
    )

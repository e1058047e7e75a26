"""起草 without HTTP: the sections a user arranges on the page, and the recipe they make.

The page shows a recipe's sections as ``assemble`` would fill them for the year
(``jobs.picks``); the user ticks, reorders and swaps snippets, and the form comes
back as one ``Choice`` per section in the user's order. ``arranged`` turns those
into the recipe ``jobs.draft`` runs: the chosen recipe with its sections replaced
by ``SectionSpec(category, heading=id, items=ids)`` for the ticked ones, every id
checked first so a tampered or stale form gets a Chinese message, not a
traceback. ``PageImages`` renders a result's pages through LibreOffice once, off
the request that wrote it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from ..errors import DraftError, InputError
from ..library import Library
from ..model import GENRE_NAMES, HEADING, ITEM, PLAN, Occasion, Recipe, SectionSpec, Snippet
from ..numerals import item_marker, section_label


class Form(Protocol):
    """What ``choices`` reads: a submitted form (werkzeug's ``MultiDict``, or a test's stand-in)."""

    def get(self, key: str, default=None): ...

    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class Choice:
    """One section as the user left it: ticked or not, its heading and items (snippet ids)."""

    category: str
    included: bool
    heading: str | None
    items: tuple[str, ...]


def choices(form: Form) -> tuple[Choice, ...]:
    """The sections of a submitted 起草 form, in the order the page listed them."""
    included = set(form.getlist("include"))
    found = []
    for category in dict.fromkeys(form.getlist("section")):
        heading = (form.get(f"heading:{category}") or "").strip() or None
        items = tuple(i.strip() for i in form.getlist(f"item:{category}") if i.strip())
        found.append(Choice(category, category in included, heading, items))
    return tuple(found)


def default_choices(lib: Library, recipe: Recipe, year: int) -> tuple[Choice, ...]:
    """Every section of ``recipe`` ticked, with the snippets ``assemble`` takes for ``year``."""
    from ..assemble import picks

    return tuple(Choice(p.category, True, p.heading, p.items) for p in picks(lib, recipe, year))


def refit(chosen: tuple[Choice, ...], lib: Library, recipe: Recipe, year: int) -> tuple[Choice, ...]:
    """``chosen`` kept for another year: ticks and order stay, snippets not written for ``year`` go.

    A heading that goes is replaced by the year's default; a section left with no
    item takes the items ``assemble`` would take for the year.
    """
    defaults = {c.category: c for c in default_choices(lib, recipe, year)}

    def fits(sid: str | None) -> bool:
        snippet = lib.get(sid) if sid else None
        return snippet is not None and snippet.valid_for(year)

    kept = []
    for c in chosen:
        default = defaults.get(c.category)
        if default is None:
            continue
        items = tuple(sid for sid in c.items if fits(sid))
        kept.append(Choice(c.category, c.included, c.heading if fits(c.heading) else default.heading,
                           items or default.items))
    return tuple(kept)


def _span(snippet: Snippet) -> str:
    return f"{snippet.since or '…'}—{snippet.until or '…'}年"


def _usable(lib: Library, sid: str, kind: str, genre: str, category: str, year: int, what: str) -> None:
    """Refuse an id the page should not have sent: unknown, of another kind, genre, category or year."""
    snippet = lib.get(sid)
    if snippet is None:
        raise InputError(f"素材库中没有 id 为“{sid}”的片段", hint="素材库可能刚被修改过，请刷新页面后重新选择")
    if snippet.kind != kind or not snippet.serves(genre):
        raise InputError(f"片段“{sid}”不是{GENRE_NAMES[genre]}的{what}，不能放在这里")
    if snippet.category != category:
        raise InputError(f"片段“{sid}”属于“{snippet.category}”类别，不能放进“{category}”部分",
                         hint="每一部分只能换用同一类别的片段")
    if not snippet.valid_for(year):
        raise InputError(f"片段“{sid}”适用于{_span(snippet)}，不适用于{year}年",
                         hint="改了年份后，请换用适用于这一年的片段")


def arranged(base: Recipe, chosen: tuple[Choice, ...], lib: Library, year: int) -> Recipe:
    """``base`` with its sections replaced by the ticked ones of ``chosen``, in that order."""
    specs = {spec.category: spec for spec in base.sections}
    what = "条目" if base.genre == PLAN else "段落"
    sections = []
    used: dict[str, str] = {}
    for choice in chosen:
        spec = specs.get(choice.category)
        if spec is None:
            raise InputError(f"配方“{base.name}”中没有“{choice.category}”部分", hint="请刷新页面后重新选择")
        if not choice.included:
            continue
        if not choice.items:
            raise InputError(f"“{choice.category}”部分没有选任何{what}",
                             hint=f"请至少选一条{what}，或取消勾选这一部分")
        if choice.heading is not None:
            _usable(lib, choice.heading, HEADING, base.genre, choice.category, year, "标题")
        for sid in choice.items:
            _usable(lib, sid, ITEM, base.genre, choice.category, year, what)
            if sid in used:
                where = "这一部分" if used[sid] == choice.category else f"“{used[sid]}”部分"
                raise InputError(f"片段“{sid}”在{where}已经选用，同一片段不能用两次",
                                 hint="请换成另一条，或删去重复的一条")
            used[sid] = choice.category
        sections.append(SectionSpec(choice.category, heading=choice.heading, items=choice.items,
                                    origin=spec.origin))
    if not sections:
        raise InputError("没有勾选任何部分，不能生成空文稿", hint="请至少勾选一个部分")
    return replace(base, sections=tuple(sections))


@dataclass(frozen=True)
class Option:
    """A snippet as a list on the page offers it: its id, a short name, its text for the year."""

    id: str
    name: str
    text: str
    span: str = ""  # the years it is written for, when it is not open-ended

    @property
    def detail(self) -> str:
        """The text after the name, when the name is the item's lead (shown under it)."""
        return self.text[len(self.name) + 1:] if self.text.startswith(self.name + "。") else self.text


@dataclass(frozen=True)
class SectionView:
    """One section on the page: its place, whether ticked, the heading and items chosen, the choices."""

    category: str
    label: str
    included: bool
    heading: str | None
    headings: tuple[Option, ...]
    items: tuple[Option, ...]
    options: tuple[Option, ...]

    def texts(self) -> dict[str, dict[str, str]]:
        """The options by id, for the page's script (a swapped item shows its text)."""
        return {o.id: {"name": o.name, "text": o.detail, "span": o.span} for o in self.options}


class Texts:
    """Snippets as the document of ``year`` for ``org`` would show them, rendered once each."""

    def __init__(self, lib: Library, year: int, occasion: Occasion, meeting: str = "") -> None:
        from ..assemble import parameters
        from ..yearfacts import year_facts

        self.lib = lib
        self.params = parameters(year_facts(lib.calendar, year), occasion, meeting)
        self._seen: dict[str, Option] = {}

    def option(self, sid: str) -> Option:
        """``sid`` as the page lists it; an id the library lacks is shown as itself."""
        if sid in self._seen:
            return self._seen[sid]
        from ..assemble import render_snippet

        snippet = self.lib.get(sid)
        if snippet is None:
            found = Option(sid, sid, "（素材库中没有这个片段）")
        else:
            try:
                text = "".join(render_snippet(snippet, self.params))
            except DraftError as exc:  # a unit's broken snippet: shown, and refused only if it is used
                text = f"（无法显示：{exc.message}）"
            name = text if snippet.kind == HEADING else _short(snippet, text)
            since_until = _span(snippet) if snippet.since is not None and snippet.until is not None else ""
            found = Option(sid, name, text, since_until)
        self._seen[sid] = found
        return found


def _short(snippet: Snippet, text: str, width: int = 28) -> str:
    """An item's name in a list: its lead, else the beginning of its text."""
    lead = text.split("。", 1)[0] if snippet.lead else text
    return lead if len(lead) <= width else lead[:width] + "…"


def sections_view(lib: Library, recipe: Recipe, year: int, texts: Texts,
                  chosen: tuple[Choice, ...] | None = None) -> tuple[SectionView, ...]:
    """The sections of ``recipe`` for the page: as ``chosen`` left them, else as ``assemble`` picks them.

    A section the recipe has but ``chosen`` lacks is listed unticked at the end.
    """
    defaults = {c.category: c for c in default_choices(lib, recipe, year)}
    order = list(chosen) if chosen is not None else list(defaults.values())
    known = {c.category for c in order}
    order += [replace(defaults[s.category], included=False) for s in recipe.sections if s.category not in known]
    excluded = frozenset(recipe.exclude_tags)
    views = []
    number = 0
    for choice in order:
        if choice.category not in defaults:
            continue
        number += choice.included
        headings = tuple(texts.option(s.id) for s in lib.select(HEADING, recipe.genre, year, choice.category))
        pool = [s.id for s in lib.select(ITEM, recipe.genre, year, choice.category)
                if not excluded.intersection(s.tags)]
        options = tuple(texts.option(sid) for sid in dict.fromkeys(pool + list(choice.items)))
        views.append(SectionView(choice.category, section_label(number) if choice.included else "",
                                 choice.included, choice.heading, headings,
                                 tuple(texts.option(sid) for sid in choice.items), options))
    return tuple(views)


def labels(genre: str, n: int = 60, mark: str = "．") -> dict[str, list[str]]:
    """The numbers the page writes as the user rearranges: 一、… for sections, 1．/一是 for items.

    ``mark`` follows an item's number, as the unit's layout has it (``jobs.ordinal_mark``).
    """
    return {"sections": [section_label(i) for i in range(1, n + 1)],
            "items": [item_marker(genre, i, mark) for i in range(1, n + 1)]}


def reading(outline, mark: str = "．") -> dict:
    """The document as its Word template receives it (``render.context_for``): the same numbers."""
    from ..render import context_for

    return context_for(outline, ordinal_mark=mark)


@dataclass
class PageImages:
    """A result's page images, made once (LibreOffice is slow) and kept for every later request."""

    docx: Path
    folder: Path
    lock: threading.Lock = field(default_factory=threading.Lock)
    pdf: Path | None = None
    pages: tuple[Path, ...] = ()
    problem: DraftError | None = None

    def make(self) -> None:
        """Render the pages unless done (or failed) before; a second caller waits for the first."""
        from ..jobs import page_images

        with self.lock:
            if self.pages or self.problem is not None:
                return
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                self.pdf, self.pages = page_images(self.docx, self.folder)
            except DraftError as exc:
                self.problem = exc
            except OSError as exc:
                from ..errors import OutputError, os_problem

                self.problem = OutputError(f"无法生成页面图片：{os_problem(exc)}", path=self.folder)


def can_show_pages() -> bool:
    """Whether this machine can make page images: LibreOffice and poppler's pdftoppm are installed."""
    import shutil

    from ..preview import find_soffice

    return find_soffice() is not None and shutil.which("pdftoppm") is not None


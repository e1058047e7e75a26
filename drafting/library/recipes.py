"""Recipes: plan recipes, meeting profiles and spec files, and the snippet ids they name."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..errors import DataError
from ..model import (
    CLOSING,
    GENRES,
    HEADING,
    ITEM,
    OPENING,
    PLAN,
    PREAMBLE,
    SPEECH,
    Origin,
    Recipe,
    SectionSpec,
)
from .common import KIND_NAMES, Library, _Ref
from .snippets import _jinja

if TYPE_CHECKING:
    from ..yamlfile import Node

RECIPE_KEYS = frozenset(
    {"name", "aliases", "description", "title", "genre", "preamble", "opening", "closing",
     "signature", "sections", "exclude_tags"}
)
SECTION_KEYS = frozenset({"category", "heading", "items", "count"})


def parse_recipe(node: Node, genre: str | None, refs: list[_Ref], *, name: str | None = None) -> Recipe:
    """A plan recipe, meeting profile or spec file mapping → ``Recipe``, validated.

    ``genre`` is fixed by the file section (``plans``/``meetings``) or, for a spec
    file, read from its ``genre`` key. Snippet ids are collected in ``refs``.
    """
    m = node.mapping("配方", RECIPE_KEYS)
    if genre is None:
        if "genre" not in m:
            raise node.fail("缺少文种（genre: plan 或 speech）")
        genre = m["genre"].text("genre")
        if genre not in GENRES:
            raise m["genre"].fail(f"genre 应为 plan 或 speech，而不是“{genre}”")
    elif "genre" in m:
        raise m["genre"].fail("这里不用写 genre：plans 下都是工作要点，meetings 下都是讲话")
    if "name" in m:
        name = m["name"].text("名称（name）")
    elif name is None:
        raise node.fail("缺少名称（name）")
    not_for = {PLAN: ("opening", "closing"), SPEECH: ("preamble", "signature")}[genre]
    for key in not_for:
        if key in m:
            raise m[key].fail(f"{'工作要点' if genre == PLAN else '讲话'}不用 {key}")
    if "title" not in m:
        raise node.fail("缺少标题（title）")
    title = _jinja(m["title"], "标题（title）", m["title"].text("标题（title）"))

    def ids(key: str, kind: str) -> tuple[str, ...]:
        if key not in m:
            return ()
        out = []
        for n in m[key].items(key):
            sid = n.text(key)
            refs.append(_Ref(sid, kind, genre, n.path, n.line))
            out.append(sid)
        return tuple(out)

    sections = []
    if "sections" not in m:
        raise node.fail("缺少章节（sections）")
    # A category or item named twice would put the same text into the document twice.
    categories: dict[str, int] = {}
    listed: dict[str, int] = {}
    for sn in m["sections"].sequence("sections"):
        s = sn.mapping("章节", SECTION_KEYS)
        if "category" not in s:
            raise sn.fail("章节缺少类别（category）")
        category = s["category"].text("类别（category）")
        if category in categories:
            raise s["category"].fail(
                f"类别“{category}”在第 {categories[category]} 行已有一个部分，同一类别不能写两次",
                hint="两个部分会取到同样的条目；请删去一个，或把要用的条目合在一个部分的 items 里",
            )
        categories[category] = s["category"].line
        heading = None
        if "heading" in s:
            heading = s["heading"].text("heading")
            refs.append(_Ref(heading, HEADING, genre, sn.path, s["heading"].line))
        items = None
        if "items" in s:
            items = []
            for n in s["items"].items("items"):
                sid = n.text("items")
                if sid in listed:
                    where = "这一行" if listed[sid] == n.line else f"第 {listed[sid]} 行"
                    raise n.fail(f"片段“{sid}”在{where}已经列过，同一片段不能用两次", snippet=sid)
                listed[sid] = n.line
                refs.append(_Ref(sid, ITEM, genre, n.path, n.line))
                items.append(sid)
            items = tuple(items)
        count = s["count"].integer("count", low=1, high=50) if "count" in s else None
        sections.append(
            SectionSpec(
                category=category,
                heading=heading,
                items=items,
                count=count,
                origin=Origin(str(sn.path), sn.line),
            )
        )
    if not sections:
        raise m["sections"].fail("章节（sections）是空的：至少要有一个部分")
    return Recipe(
        name=name,
        genre=genre,
        title=title,
        sections=tuple(sections),
        description=m["description"].text("description", empty=True) if "description" in m else "",
        aliases=m["aliases"].texts("aliases") if "aliases" in m else (),
        preamble=ids("preamble", PREAMBLE),
        opening=ids("opening", OPENING),
        closing=ids("closing", CLOSING),
        signature=m["signature"].boolean("signature") if "signature" in m else False,
        origin=Origin(str(node.path), node.line),
        exclude_tags=m["exclude_tags"].texts("exclude_tags") if "exclude_tags" in m else (),
    )


def load_spec(path: Path, lib: Library) -> Recipe:
    """A user's recipe file (``--spec``), validated against the library."""
    from ..yamlfile import load

    refs: list[_Ref] = []
    recipe = parse_recipe(load(path), None, refs, name=path.stem)
    check_refs(lib, refs, [recipe])
    return recipe


def check_refs(lib: Library, refs: Iterable[_Ref], recipes: Iterable[Recipe] | None = None) -> None:
    """Every snippet id a recipe names exists with the right kind and genre; categories exist."""
    for ref in refs:
        snippet = lib.get(ref.id)
        if snippet is None:
            raise DataError(f"引用了不存在的片段“{ref.id}”", path=ref.path, line=ref.line)
        if snippet.kind != ref.kind or ref.genre not in snippet.genres:
            raise DataError(
                f"片段“{ref.id}”是{KIND_NAMES[snippet.kind]}片段（{snippet.origin}），"
                f"不能用作这里的{KIND_NAMES[ref.kind]}",
                path=ref.path,
                line=ref.line,
            )
    categories = set(lib.categories())
    if recipes is None:
        recipes = list(lib.plans.values()) + list(lib.meetings.values())
    for recipe in recipes:
        for spec in recipe.sections:
            if spec.category not in categories:
                origin = spec.origin or recipe.origin
                raise DataError(
                    f"素材库中没有“{spec.category}”类别的片段",
                    path=origin.path if origin else None,
                    line=origin.line if origin else None,
                    hint="已有类别：" + "、".join(sorted(categories)),
                )

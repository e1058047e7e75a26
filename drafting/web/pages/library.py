"""素材库: browse and search the snippet library, see a snippet for a year, lint the unit's library.

The 待审核 tab (what ``draft ingest`` collected) is ``queue``'s; it shares this
module's tabs and folder helpers.

The unit's library is draft.yaml's ``library:`` folders, else the work folder's
``素材库`` (``common.unit_libraries``); accepted entries go into the first of them.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, request

from ...errors import DraftError, InputError
from ...model import GENRE_NAMES, PLAN, SPEECH
from ..context import bench
from .common import page, shown, unit_libraries

bp = Blueprint("library", __name__)

#: The tabs of the page: (endpoint, name).
TABS = (("library.browse", "浏览"), ("library.find", "搜索"), ("library.lint", "检查素材库"),
        ("queue.queue", "待审核"))
SEVERITY_NAMES = {"error": "错误", "warning": "警告"}
#: The folder of the work folder that is the unit's library when draft.yaml names none.
UNIT_FOLDER = "素材库"


# -- where things are -----------------------------------------------------------------------


def library_folders() -> tuple[tuple[Path, ...], Path, bool]:
    """The unit's library folders (as ``draft plan`` lays them), where accepted entries go, and whether draft.yaml names it."""
    from ...jobs import settings

    named = settings().libraries
    folders = tuple(dict.fromkeys(named + unit_libraries()))
    target = named[0] if named else bench().work.root / UNIT_FOLDER
    return folders, target, bool(named)


def shown_path(path: str | Path | None) -> str:
    """A library file as the page names it: under the work folder relative to it, the bundled library by name."""
    if not path:
        return ""
    return _named(str(path), str(bench().work.root))


@functools.lru_cache(maxsize=1024)
def _named(path: str, root: str) -> str:
    from ...resources import bundled

    p = Path(path)
    for base, label in ((bundled("snippets"), "内置素材库"), (Path(root), "")):
        try:
            rel = p.resolve().relative_to(Path(base).resolve())
        except (ValueError, OSError):
            continue
        return f"{label}/{rel.as_posix()}" if label else rel.as_posix()
    return str(p)


def told(text: str | None) -> str | None:
    """A message with the paths it names as the page names them."""
    if not text:
        return text
    from ...resources import bundled

    for base, label in ((str(bundled("snippets")), "内置素材库"), (str(bench().work.root), "")):
        text = text.replace(base + os.sep, f"{label}/" if label else "")
    return text


def _origin(origin) -> str:
    """``file:line`` of a snippet (an ``Origin`` or the string a search hit carries)."""
    if origin is None:
        return ""
    text = str(origin)
    m = re.fullmatch(r"(.*):(\d+)", text)
    return f"{shown_path(m[1])}:{m[2]}" if m else shown_path(text)


def _genres(genres) -> str:
    return "、".join(GENRE_NAMES[g] for g in (PLAN, SPEECH) if g in genres)


def _years(s) -> str:
    if s.since and s.since == s.until:
        return f"仅{s.since}"
    return f"{s.since or ''}—{s.until or ''}" if (s.since or s.until) else "不限"


def _own(origin) -> bool:
    """Whether a snippet comes from the unit's library (not the bundled one)."""
    return bool(origin) and not _origin(origin).startswith("内置素材库/")


@dataclass(frozen=True)
class Located:
    """One lint problem as the page lists it."""

    severity: str
    severity_name: str
    file: str
    line: int | None
    snippet: str | None
    message: str
    hint: str | None


def located(p) -> Located:
    e = p.error
    return Located(p.severity, SEVERITY_NAMES.get(p.severity, p.severity), shown_path(e.path), e.line, e.snippet,
                   told(e.message) or "", told(e.hint))


def _genre_arg() -> str | None:
    genre = (request.args.get("genre") or "").strip()
    return genre if genre in (PLAN, SPEECH) else None


def tab_page(template: str, status: int = 200, **values):
    from ...library import KIND_NAMES

    return page(template, status, tabs=TABS, genre_names=GENRE_NAMES, kind_names=KIND_NAMES, **values)


# -- browse, search, one snippet ------------------------------------------------------------


@bp.get("/library")
def browse():
    """The snippets of one category (or all), with the categories and their counts."""
    from ...jobs import snippets

    genre = _genre_arg()
    category = (request.args.get("category") or "").strip() or None
    try:
        every, categories = snippets(unit_libraries(), genre=genre)
        if category is not None and category not in categories:
            raise InputError(f"素材库中没有“{category}”类别", hint="已有类别：" + "、".join(categories))
        if category is None and request.args.get("all") != "1" and categories:
            category = categories[0]
        chosen, _ = snippets(unit_libraries(), category=category, genre=genre)
    except DraftError as exc:
        return tab_page("library_browse.html", 400, problem=shown(exc), categories=[], counts={}, rows=[])
    counts = {c: sum(1 for s in every if s.category == c) for c in categories}
    rows = [(s, _genres(s.genres), _years(s), s.lead or s.body.replace("\n", "")[:40], _origin(s.origin),
             _own(s.origin)) for s in chosen]
    own = sum(1 for s in every if _own(s.origin))
    folders = [shown_path(f) for f in library_folders()[0]]
    return tab_page("library_browse.html", categories=categories, counts=counts, category=category, genre=genre,
                rows=rows, total=len(every), own=own, folders=folders)


@bp.get("/library/search")
def find():
    """Search the library, ranked as ``draft snippets search`` ranks."""
    from ...jobs import search, snippets

    query = (request.args.get("q") or "").strip()
    category = (request.args.get("category") or "").strip() or None
    genre = _genre_arg()
    values = {"query": query, "category": category, "genre": genre}
    try:
        _, categories = snippets(unit_libraries())
        values["categories"] = categories
        if not query:
            return tab_page("library_search.html", **values)
        found = search(query, unit_libraries(), category=category, genre=genre, limit=20)
    except DraftError as exc:
        return tab_page("library_search.html", 400, problem=shown(exc), **values)
    hits = [(h, _genres(h.genres), _origin(h.origin), _marked(h.excerpt, found.words)) for h in found.hits]
    return tab_page("library_search.html", found=found, hits=hits, **values)


def _marked(text: str, words) -> list[tuple[str, bool]]:
    """``text`` in pieces, those that are one of the words searched for marked."""
    words = sorted({w for w in words if w.strip()}, key=len, reverse=True)
    if not words:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(w) for w in words))
    out, at = [], 0
    for m in pattern.finditer(text):
        out += [(text[at:m.start()], False), (m[0], True)]
        at = m.end()
    return [piece for piece in out + [(text[at:], False)] if piece[0]]


@bp.get("/library/snippet/<snippet_id>")
def snippet(snippet_id: str):
    """One snippet: where it is, its source, and its text for a chosen year."""
    from ...library import KIND_NAMES
    from ...jobs import show

    values = {"year": request.args.get("year", ""), "org": request.args.get("org", "")}
    try:
        wanted = _year_arg()
        s = show(snippet_id, unit_libraries(), year=wanted, org=(request.args.get("org") or "").strip() or None)
    except DraftError as exc:
        return tab_page("library_snippet.html", 400, problem=shown(exc), **values)
    sn = s.snippet
    sources = [("小标题", _tagged(sn.lead))] if sn.lead else []
    sources += [("正文", _tagged(sn.body.strip()))] + [(f"列举项{i}", _tagged(p)) for i, p in enumerate(sn.points, 1)]
    return tab_page("library_snippet.html", shown=s, s=sn, sources=sources, kind=KIND_NAMES.get(sn.kind, sn.kind), genres=_genres(sn.genres),
                years=_years(sn), where=_origin(sn.origin), valid=sn.valid_for(s.year), **values)


_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def _tagged(source: str) -> list[tuple[str, bool]]:
    """A Jinja source in pieces, its tags (parameters, conditions) marked, so the words read apart from them."""
    out, at = [], 0
    for m in _TAG.finditer(source):
        out += [(source[at:m.start()], False), (m[0], True)]
        at = m.end()
    return [piece for piece in out + [(source[at:], False)] if piece[0]]


def _year_arg() -> int | None:
    text = (request.args.get("year") or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1949 <= int(text) <= 2100:
        raise InputError(f"年份“{text}”不是有效的年份", hint="请写四位数字，如 2026")
    return int(text)


# -- lint ---------------------------------------------------------------------------------------


@bp.get("/library/lint")
def lint():
    """Lint each of the unit's library folders, as ``draft snippets lint`` does; every problem with file and line."""
    from ...jobs import lint as run
    from ...library import library_files

    folders, target, named = library_folders()
    results = []
    for folder in folders:
        name = shown_path(folder)
        try:
            if folder.is_dir() and not library_files(folder):
                results.append({"folder": name, "empty": True})
                continue
            report = run(folder)
        except DraftError as exc:
            results.append({"folder": name, "problem": shown(exc)})
            continue
        problems = [located(p) for p in report.problems]
        files: dict[str, list[Located]] = {}
        for p in problems:
            files.setdefault(p.file, []).append(p)
        results.append({"folder": name, "report": report, "files": files,
                        "errors": len(report.errors), "warnings": len(report.warnings)})
    return tab_page("library_lint.html", results=results, named=named, target=shown_path(target))

"""素材库: browse and search the snippet library, see a snippet for a year, lint the unit's library,
and review what ``draft ingest`` collected, one entry at a time (accept, edit, discard).

The unit's library is draft.yaml's ``library:`` folders, else the work folder's
``素材库`` (``common.unit_libraries``); accepted entries go into the first of them.
The edits themselves are ``..review``'s: this module only turns forms into its calls.
"""

from __future__ import annotations

import functools
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, redirect, request, url_for

from ...errors import DraftError, InputError
from ...model import GENRE_NAMES, PLAN, SPEECH
from ..context import bench
from ..errors import Problem
from .common import page, shown, unit_libraries

bp = Blueprint("library", __name__)

#: The tabs of the page: (endpoint, name).
TABS = (("library.browse", "浏览"), ("library.find", "搜索"), ("library.lint", "检查素材库"),
        ("library.queue", "待审核"))
SEVERITY_NAMES = {"error": "错误", "warning": "警告"}
#: The folder of the work folder that is the unit's library when draft.yaml names none.
UNIT_FOLDER = "素材库"


# -- where things are -----------------------------------------------------------------------


def _folders() -> tuple[tuple[Path, ...], Path, bool]:
    """The unit's library folders (as ``draft plan`` lays them), where accepted entries go, and whether draft.yaml names it."""
    from ...jobs import settings

    named = settings().libraries
    folders = tuple(dict.fromkeys(named + unit_libraries()))
    target = named[0] if named else bench().work.root / UNIT_FOLDER
    return folders, target, bool(named)


def _display(path: str | Path | None) -> str:
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


def _told(text: str | None) -> str | None:
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
    return f"{_display(m[1])}:{m[2]}" if m else _display(text)


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


def _located(p) -> Located:
    e = p.error
    return Located(p.severity, SEVERITY_NAMES.get(p.severity, p.severity), _display(e.path), e.line, e.snippet,
                   _told(e.message) or "", _told(e.hint))


def _genre_arg() -> str | None:
    genre = (request.args.get("genre") or "").strip()
    return genre if genre in (PLAN, SPEECH) else None


def _tab(template: str, status: int = 200, **values):
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
        return _tab("library_browse.html", 400, problem=shown(exc), categories=[], counts={}, rows=[])
    counts = {c: sum(1 for s in every if s.category == c) for c in categories}
    rows = [(s, _genres(s.genres), _years(s), s.lead or s.body.replace("\n", "")[:40], _origin(s.origin),
             _own(s.origin)) for s in chosen]
    own = sum(1 for s in every if _own(s.origin))
    folders = [_display(f) for f in _folders()[0]]
    return _tab("library_browse.html", categories=categories, counts=counts, category=category, genre=genre,
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
            return _tab("library_search.html", **values)
        found = search(query, unit_libraries(), category=category, genre=genre, limit=20)
    except DraftError as exc:
        return _tab("library_search.html", 400, problem=shown(exc), **values)
    hits = [(h, _genres(h.genres), _origin(h.origin), _marked(h.excerpt, found.words)) for h in found.hits]
    return _tab("library_search.html", found=found, hits=hits, **values)


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
        return _tab("library_snippet.html", 400, problem=shown(exc), **values)
    sn = s.snippet
    sources = [("小标题", _tagged(sn.lead))] if sn.lead else []
    sources += [("正文", _tagged(sn.body.strip()))] + [(f"列举项{i}", _tagged(p)) for i, p in enumerate(sn.points, 1)]
    return _tab("library_snippet.html", shown=s, s=sn, sources=sources, kind=KIND_NAMES.get(sn.kind, sn.kind), genres=_genres(sn.genres),
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

    folders, target, named = _folders()
    results = []
    for folder in folders:
        name = _display(folder)
        try:
            if folder.is_dir() and not library_files(folder):
                results.append({"folder": name, "empty": True})
                continue
            report = run(folder)
        except DraftError as exc:
            results.append({"folder": name, "problem": shown(exc)})
            continue
        problems = [_located(p) for p in report.problems]
        files: dict[str, list[Located]] = {}
        for p in problems:
            files.setdefault(p.file, []).append(p)
        results.append({"folder": name, "report": report, "files": files,
                        "errors": len(report.errors), "warnings": len(report.warnings)})
    return _tab("library_lint.html", results=results, named=named, target=_display(target))


# -- the review queue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Queued:
    """A review file: the key the page names it by, where it is, how many entries it holds."""

    key: str
    path: Path
    library: Path
    count: int


def _queue() -> list[Queued]:
    """The review files of the unit's library folders (and of the work folder's 素材库), in order."""
    from ...library import REVIEW_FOLDER
    from .. import review

    named = _folders()[0]
    libraries = tuple(dict.fromkeys(named + (bench().work.root / UNIT_FOLDER,)))
    out = []
    for library in libraries:
        folder = library / REVIEW_FOLDER
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.y*ml")):
            if path.suffix.lower() not in (".yaml", ".yml") or path.name.startswith(".") or not path.is_file():
                continue
            try:
                count = len(review.entries(review.read(path)[0], path))
            except DraftError:
                count = -1  # broken: listed, with its error when opened
            out.append(Queued(_display(path), path, library, count))
    return out


def _pick(queue: list[Queued], key: str | None) -> Queued | None:
    """The review file ``key`` names, only ever one of those listed (a request's text never names a path)."""
    for q in queue:
        if q.key == key:
            return q
    return next((q for q in queue if q.count != 0), None) if key is None else None


def _index() -> int:
    text = (request.values.get("n") or "0").strip()
    return int(text) if text.isdigit() else 0


def _draft_yaml_note(target: Path, named: bool) -> str | None:
    """What to tell when entries go into the work folder's 素材库 that draft.yaml does not name."""
    from ...config import find_config

    if named:
        return None
    found = find_config(bench().work.root)
    if found is None:
        how = (f"在工作目录中建一个 draft.yaml，写上 library: [{UNIT_FOLDER}]（也可以在工作目录中运行"
               f" draft init --org 单位全称 --library {UNIT_FOLDER} 生成）")
    else:
        # draft.yaml's folders are relative to draft.yaml, which may sit above the work folder
        rel = Path(os.path.relpath(target, found.parent)).as_posix()
        how = f"在 {_display(found)} 中加上一行 library: [{rel}]"
    return (f"收入的素材保存在工作目录的“{UNIT_FOLDER}”文件夹中。本工具的起草、检查等页面会自动使用它；"
            f"在命令行中使用 draft plan 等命令时，需要{how}。")


def _form_changes(entry) -> tuple[dict, DraftError | None]:
    """The fields the reviewer edited, as values for the entry (None removes a key); a year typed wrong, if any."""
    from .common import year as typed_year

    def text(name: str) -> str | None:
        value = (request.form.get(name) or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        return value or None

    changes: dict = {}
    for key in ("id", "category", "lead", "body", "note"):
        if key in request.form:
            changes[key] = text(key)
    if "tags" in request.form:
        tags = [t for t in re.split(r"[,，、;；\s]+", request.form.get("tags") or "") if t]
        changes["tags"] = tags or None
    wrong = None
    for key, what in (("since", "起始年份"), ("until", "截止年份")):
        if key in request.form:
            try:
                changes[key] = typed_year(key, what=f"适用年份的{what}")
            except DraftError as exc:  # told, with the rest of the edits kept in the form
                wrong = wrong or exc
    fields = entry.fields

    def same(key: str, value) -> bool:
        old = fields.get(key)
        if value is None:
            return key not in fields or old is None
        if isinstance(value, str) and isinstance(old, str):  # a text box trims; a block scalar ends in a line break
            return value == old.replace("\r\n", "\n").strip()
        return value == old

    # a field left as it was is no change: the entry keeps its own lines
    return {k: v for k, v in changes.items() if not same(k, v)}, wrong


def _entry_view(q: Queued, n: int, *, changes: dict | None = None, refused=None, check: bool = True) -> dict:
    """What the review page shows of entry ``n`` of ``q``: the entry, the form's values, the check before accepting."""
    from ...jobs import settings, show, snippets
    from .. import review

    text, _ = review.read(q.path)
    found = review.entries(text, q.path)
    if not found:
        return {"entry": None, "total": 0}
    n = min(max(n, 0), len(found) - 1)
    entry = found[n]
    fields = review.edited(entry.fields, changes or {})
    folders, target, named = _folders()
    values = {
        "entry": entry, "n": n, "total": len(found), "seen": review.digest(text), "fields": fields,
        "tags": "、".join(str(t) for t in fields.get("tags") or []),
        "category_file": None, "checked": None, "warnings": [], "preview": None, "preview_problem": None,
    }
    try:
        values["category_file"] = _display(review.category_file(target, str(fields.get("category") or "")))
        values["category_exists"] = review.category_file(target, str(fields.get("category") or "")).exists()
    except DraftError:
        pass
    try:
        values["categories"] = snippets(unit_libraries())[1]
    except DraftError:  # a broken library: the check below says where
        values["categories"] = []
    if refused is not None:
        values["refused"] = [_located(p) for p in refused.problems]
        values["refused_problem"] = Problem("", refused.message, refused.hint)
    elif check:
        # the check accepting would run, run now: the reviewer sees what to mend before clicking
        try:
            change = review.prepare_accept(q.path, n, values["seen"], target, changes)
            values["warnings"] = [_located(p) for p in review.validate(change, target, folders or (target,))]
            values["checked"] = "ok"
        except review.Refused as exc:
            values["checked"] = [_located(p) for p in exc.problems]
        except DraftError as exc:
            values["checked"] = [Located("error", "错误", _display(exc.path), exc.line, exc.snippet,
                                         _told(exc.message) or "", _told(exc.hint))]
    if not changes and entry.id:
        try:
            values["preview"] = show(entry.id, (q.library,) + unit_libraries(), review=True,
                                     org=settings().org or None)
        except DraftError as exc:
            values["preview_problem"] = shown(exc)
    return values


def _queue_page(status: int = 200, *, key: str | None = None, n: int = 0, changes: dict | None = None,
                refused=None, problem: Problem | None = None, done: dict | None = None):
    queue = _queue()
    folders, target, named = _folders()
    q = _pick(queue, key) or _pick(queue, None)  # a file gone meanwhile: the first one left
    values: dict = {"queue": queue, "current": q, "target": _display(target), "done": done, "problem": problem,
                    "note": _draft_yaml_note(target, named), "entry": None}
    if q is not None:
        try:
            values.update(_entry_view(q, n, changes=changes, refused=refused))
        except DraftError as exc:
            values["problem"] = problem or shown(exc)
            values["broken"] = True
    return _tab("library_review.html", status, **values)


@bp.get("/library/review")
def queue():
    """The review queue, one entry at a time."""
    done = bench().tasks.pop(f"library-done-{request.args.get('done', '')}", None) if request.args.get("done") else None
    return _queue_page(key=request.args.get("file"), n=_index(), done=done)


def _posted() -> tuple[Queued, int, str]:
    queue = _queue()
    key = request.form.get("file") or ""
    q = _pick(queue, key)
    if q is None:
        raise InputError("待审核文件已不存在（可能已经处理完或被移走）", hint="请刷新页面")
    return q, _index(), request.form.get("seen") or ""


def _after(done: dict, q: Queued, n: int):
    token = secrets.token_urlsafe(8)
    with bench().lock:
        bench().tasks[f"library-done-{token}"] = done
    return redirect(url_for("library.queue", file=q.key if q.path.exists() else None, n=n, done=token), 303)


@bp.post("/library/review/accept")
def accept():
    """Accept an entry (as edited) into the unit library's category file; refused with the problems if it would break it."""
    from .. import review

    key, n, changes = request.form.get("file"), _index(), None
    try:
        q, n, seen = _posted()
        folders, target, named = _folders()
        text, _ = review.read(q.path)
        found = review.entries(text, q.path)
        if not 0 <= n < len(found):
            raise InputError("待审核文件中没有这一条（可能已经处理过）", path=q.path, hint="请刷新页面")
        changes, wrong = _form_changes(found[n])
        if wrong is not None:
            raise wrong
        with review.LOCK:
            change = review.prepare_accept(q.path, n, seen, target, changes)
            warnings = review.validate(change, target, folders or (target,))
            review.commit(change)
    except review.Refused as exc:
        return _queue_page(400, key=key, n=n, changes=changes, refused=exc)
    except DraftError as exc:
        return _queue_page(400, key=key, n=n, changes=changes, problem=shown(exc))
    done = {"what": "accepted", "id": change.entry_id, "file": _display(change.target), "line": change.line,
            "left": change.left, "warnings": [_located(p) for p in warnings],
            "note": _draft_yaml_note(target, named)}
    return _after(done, q, n)


@bp.post("/library/review/discard")
def discard():
    """Remove an entry from its review file."""
    from .. import review

    key, n = request.form.get("file"), _index()
    try:
        q, n, seen = _posted()
        folders, target, _ = _folders()
        with review.LOCK:
            change = review.prepare_discard(q.path, n, seen)
            review.validate(change, target, folders or (target,))
            review.commit(change)
    except DraftError as exc:
        return _queue_page(400, key=key, n=n, problem=shown(exc))
    return _after({"what": "discarded", "id": change.entry_id, "left": change.left}, q, n)

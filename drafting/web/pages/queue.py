"""素材库 › 待审核: review what ``draft ingest`` collected, one entry at a time (accept, edit, discard).

Accepted entries go into the first of the unit's library folders
(``library.library_folders``). The edits themselves are ``..review``'s: this
module only turns forms into its calls.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, redirect, request, url_for

from ...errors import DraftError, InputError
from ..context import bench
from ..errors import Problem
from .common import shown, unit_libraries
from .library import UNIT_FOLDER, Located, library_folders, located, shown_path, tab_page, told

bp = Blueprint("queue", __name__)


# -- the queue ------------------------------------------------------------------------------


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

    named = library_folders()[0]
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
            out.append(Queued(shown_path(path), path, library, count))
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
        how = f"在 {shown_path(found)} 中加上一行 library: [{rel}]"
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
    folders, target, named = library_folders()
    values = {
        "entry": entry, "n": n, "total": len(found), "seen": review.digest(text), "fields": fields,
        "tags": "、".join(str(t) for t in fields.get("tags") or []),
        "category_file": None, "checked": None, "warnings": [], "preview": None, "preview_problem": None,
    }
    try:
        values["category_file"] = shown_path(review.category_file(target, str(fields.get("category") or "")))
        values["category_exists"] = review.category_file(target, str(fields.get("category") or "")).exists()
    except DraftError:
        pass
    try:
        values["categories"] = snippets(unit_libraries())[1]
    except DraftError:  # a broken library: the check below says where
        values["categories"] = []
    if refused is not None:
        values["refused"] = [located(p) for p in refused.problems]
        values["refused_problem"] = Problem("", refused.message, refused.hint)
    elif check:
        # the check accepting would run, run now: the reviewer sees what to mend before clicking
        try:
            change = review.prepare_accept(q.path, n, values["seen"], target, changes)
            values["warnings"] = [located(p) for p in review.validate(change, target, folders or (target,))]
            values["checked"] = "ok"
        except review.Refused as exc:
            values["checked"] = [located(p) for p in exc.problems]
        except DraftError as exc:
            values["checked"] = [Located("error", "错误", shown_path(exc.path), exc.line, exc.snippet,
                                         told(exc.message) or "", told(exc.hint))]
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
    folders, target, named = library_folders()
    q = _pick(queue, key) or _pick(queue, None)  # a file gone meanwhile: the first one left
    values: dict = {"queue": queue, "current": q, "target": shown_path(target), "done": done, "problem": problem,
                    "note": _draft_yaml_note(target, named), "entry": None}
    if q is not None:
        try:
            values.update(_entry_view(q, n, changes=changes, refused=refused))
        except DraftError as exc:
            values["problem"] = problem or shown(exc)
            values["broken"] = True
    return tab_page("library_review.html", status, **values)


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
    return redirect(url_for("queue.queue", file=q.key if q.path.exists() else None, n=n, done=token), 303)


@bp.post("/library/review/accept")
def accept():
    """Accept an entry (as edited) into the unit library's category file; refused with the problems if it would break it."""
    from .. import review

    key, n, changes = request.form.get("file"), _index(), None
    try:
        q, n, seen = _posted()
        folders, target, named = library_folders()
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
    done = {"what": "accepted", "id": change.entry_id, "file": shown_path(change.target), "line": change.line,
            "left": change.left, "warnings": [located(p) for p in warnings],
            "note": _draft_yaml_note(target, named)}
    return _after(done, q, n)


@bp.post("/library/review/discard")
def discard():
    """Remove an entry from its review file."""
    from .. import review

    key, n = request.form.get("file"), _index()
    try:
        q, n, seen = _posted()
        folders, target, _ = library_folders()
        with review.LOCK:
            change = review.prepare_discard(q.path, n, seen)
            review.validate(change, target, folders or (target,))
            review.commit(change)
    except DraftError as exc:
        return _queue_page(400, key=key, n=n, problem=shown(exc))
    return _after({"what": "discarded", "id": change.entry_id, "left": change.left}, q, n)

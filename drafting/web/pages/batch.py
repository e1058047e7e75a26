"""批量起草: an organisations list (uploaded or already in the work folder) → one draft each, zipped.

The run goes on in the background (``web.batch``): the POST returns at once with
the task's page, whose script asks ``/batch/status/<id>`` how far it got.
"""

from __future__ import annotations

import datetime as _dt

from flask import Blueprint, jsonify, redirect, request, url_for

from ...errors import DraftError, InputError
from ...model import PLAN, SPEECH
from ..context import bench
from ..errors import Problem
from .common import link, page, shown, text, unit_libraries, upload, year

bp = Blueprint("batch", __name__)

GENRES = {PLAN: "工作要点", SPEECH: "讲话稿"}

_GONE = Problem("", "没有找到这次批量起草的记录（起草工具重新启动后，之前的记录不再保留）。",
                "已生成的文稿仍在工作目录的“批量起草”文件夹中；需要时请重新提交。")


def _choices() -> dict:
    """What the form offers: the lists in the work folder, the meetings and plan recipes of the library."""
    from ...jobs import library
    from ..batch import org_lists

    root = bench().work.root
    lib = library(unit_libraries())
    return {"lists": [str(p.relative_to(root)) for p in org_lists(root)],
            "meetings": list(lib.meetings), "plans": list(lib.plans), "genres": GENRES}


def _values() -> dict[str, str]:
    return {f: (request.form.get(f) or "").strip() for f in ("genre", "meeting", "profile", "year", "chosen")}


def _task(task_id: str | None):
    from ..batch import Task

    found = bench().tasks.get(task_id or "")
    return found if isinstance(found, Task) else None


@bp.get("/batch")
def form():
    """The form; with ``?task=`` the run's progress or result."""
    task_id = request.args.get("task")
    if task_id is None:
        return page("batch.html", values={}, **_choices())
    task = _task(task_id)
    if task is None:
        return page("batch.html", 404, values={}, problem=_GONE, **_choices())
    return _task_page(task)


def _task_page(task):
    from ..batch import FAILED

    root = bench().work.root
    with task.lock:
        state = task.state
        drafts = [(p.name, link(p)) for p in task.drafts]
        archive = (task.archive.name, link(task.archive)) if task.archive is not None else None
        run = {"task": task, "state": state, "drafts": drafts, "archive": archive,
               "failures": task.failures, "notes": task.notes, "folder": str(task.folder.relative_to(root)),
               "status_url": url_for("batch.status", task_id=task.id), "done": task.done,
               "total": task.total, "current": task.current}
        problem = task.problem if state == FAILED else None
    return page("batch.html", values={}, problem=problem, **run, **_choices())


@bp.post("/batch")
def run():
    """Start a run and go to its page; a form that cannot start shows why, in the CLI's words."""
    from ...jobs import Request, default_year
    from ..batch import start

    values = _values()
    try:
        b = bench()
        orgs_file, uploaded = _org_list()
        target = year("year")
        genre = SPEECH if values["genre"] == SPEECH else PLAN
        req = Request(genre=genre, year=target, meeting=text("meeting") if genre == SPEECH else None,
                      profile=text("profile") if genre == PLAN else None, libraries=unit_libraries())
        if genre == SPEECH and not req.meeting:
            raise InputError("请选择会议类型（生成讲话稿时必须选择）")
        task = start(b.tasks, b.lock, b.work, b.names, orgs_file, req, target or default_year(_dt.date.today()),
                     uploaded=uploaded)
    except DraftError as exc:
        return page("batch.html", 400, problem=shown(exc), values=values, **_choices())
    return redirect(url_for("batch.form", task=task.id), 303)


def _org_list():
    """The organisations list of the form (path, and the path again if uploaded now): sent, else chosen."""
    from ..batch import ORG_LIST_SUFFIXES, org_lists

    sent = request.files.get("orgs")
    if sent is not None and sent.filename:
        saved = upload("orgs", suffixes=ORG_LIST_SUFFIXES, what="单位列表")
        return saved.path, saved.path
    chosen = (request.form.get("chosen") or "").strip()
    if not chosen:
        raise InputError("请上传单位列表，或从工作目录中选择一个", hint="单位列表的格式见本页下方的说明")
    root = bench().work.root
    # only a list the page itself offered: the name from the form never reaches the filesystem
    for path in org_lists(root):
        if str(path.relative_to(root)) == chosen:
            return path, None
    raise InputError(f"工作目录中没有这个单位列表：{chosen}", hint="请刷新页面后重新选择")


@bp.get("/batch/status/<task_id>")
def status(task_id: str):
    """How far a run got, for the page's script."""
    task = _task(task_id)
    if task is None:
        return jsonify({"state": "gone"}), 404
    return jsonify(task.status())

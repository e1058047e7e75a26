"""批量起草 in the background: one task per run, its progress, its drafts in a new folder and a zip.

``jobs.batch`` reports its progress through a callback; the page starts it in a
thread and returns at once, and the browser asks for the task's state until it
is over. Each run writes into a new subfolder of the work folder's 批量起草/
(never one that exists) and the zip of its drafts goes beside it, written whole
or not at all. What the user sees of a failure is the CLI's Chinese message; a
fault of ours is logged to the console and shown as ``INTERNAL``.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import DraftError, OutputError, os_problem
from ..jobs import Request, working_in
from ..model import PLAN
from ..output import write_file
from .errors import INTERNAL, Problem, problem
from .folder import SUBFOLDERS, WorkFolder, numbered

log = logging.getLogger("drafting.web")

#: The files an organisations list may be kept in (it is YAML; Notepad users save it as .txt).
ORG_LIST_SUFFIXES = (".yaml", ".yml", ".txt")

#: What a file must hold to be offered as an organisations list: a top-level ``orgs:``.
_ORGS_KEY = re.compile(r"^orgs\s*:", re.M)

#: Folders of the work folder that hold no organisations list (results, the snippet library).
_NOT_LISTS = frozenset(SUBFOLDERS[k] for k in ("draft", "renew", "check", "batch")) | {"素材库"}

#: A file larger than this is no organisations list.
_LIST_LIMIT = 1024 * 1024

#: How much of a file is read to tell an organisations list (its ``orgs:`` comes after a few lines).
_HEAD = 64 * 1024

#: Finished tasks kept for their pages, oldest dropped first.
KEEP_TASKS = 50

RUNNING, FINISHED, FAILED = "running", "finished", "failed"


@dataclass(frozen=True)
class Failure:
    """An organisation that got no draft, as the page lists it."""

    name: str
    where: str
    reason: Problem


@dataclass
class Task:
    """One batch run: how far it got, and when over, its drafts, its zip and its failures."""

    id: str
    folder: Path
    total: int = 0
    done: int = 0
    current: str = ""
    state: str = RUNNING
    drafts: tuple[Path, ...] = ()
    failures: tuple[Failure, ...] = ()
    #: what the drafts' notes say, each once (未指定日期 …)
    notes: tuple[str, ...] = ()
    archive: Path | None = None
    problem: Problem | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def progress(self, done: int, total: int, name: str) -> None:
        """``jobs.batch``'s callback: ``done`` of ``total`` finished, ``name`` next."""
        with self.lock:
            self.done, self.total, self.current = done, total, name

    def status(self) -> dict:
        """The task's state for the page's script."""
        with self.lock:
            return {"state": self.state, "done": self.done, "total": self.total, "current": self.current}


def org_lists(root: Path) -> list[Path]:
    """The organisations lists in the work folder and its subfolders (not in results or the library), newest first."""
    found = []
    folders = [root]
    try:
        folders += sorted(p for p in root.iterdir() if p.is_dir() and p.name not in _NOT_LISTS)
    except OSError:
        return []
    for folder in folders:
        try:
            files = [p for p in folder.iterdir() if p.suffix.lower() in ORG_LIST_SUFFIXES and p.is_file()]
        except OSError:
            continue
        for path in files:
            if path.name == "draft.yaml" or path.name.startswith((".", "~")):
                continue
            try:
                if path.stat().st_size > _LIST_LIMIT:
                    continue
                with open(path, "rb") as f:  # the key stands near the top; uploaded documents are long
                    text = f.read(_HEAD).decode("utf-8", errors="replace")
            except OSError:
                continue
            if _ORGS_KEY.search(text):
                found.append(path)
    return sorted(found, key=lambda p: (-_mtime(p), str(p)))


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def output_folder(work: WorkFolder, req: Request, year: int) -> Path:
    """A new subfolder of 批量起草/ for one run, named for what it drafts (2026年工作要点, (2) …)."""
    what = req.meeting if req.genre != PLAN and req.meeting else ("工作要点" if req.genre == PLAN else "讲话稿")
    base = work.sub("batch")
    for _ in range(100):
        folder = numbered(base, f"{year}年{what}")
        try:
            folder.mkdir()
        except FileExistsError:  # another run took it a moment ago
            continue
        except OSError as exc:
            raise OutputError(f"无法创建文件夹：{os_problem(exc)}", path=folder) from None
        return folder
    raise OutputError("同名文件夹太多，无法再新建", path=base)


def zip_drafts(work: WorkFolder, folder: Path, drafts: tuple[Path, ...]) -> Path:
    """The drafts in one zip beside ``folder``, under their own (Chinese, UTF-8 flagged) names."""
    def make(path: Path) -> Path:
        def write(stream) -> None:
            with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as z:
                for draft in drafts:
                    z.write(draft, draft.name)  # non-ASCII names get zip's UTF-8 flag
        return write_file(path, write)

    return work.produce("batch", f"{folder.name}.zip", make)


def start(tasks: dict[str, object], lock: threading.Lock, work: WorkFolder, names: dict[Path, str],
          orgs_file: Path, req: Request, year: int, *, uploaded: Path | None = None) -> Task:
    """Begin a batch run in a thread; the task it reports to, already kept in ``tasks``.

    ``uploaded`` is the list the browser sent for this run, removed if it is refused.
    """
    folder = output_folder(work, req, year)
    task = Task(secrets.token_urlsafe(9), folder)
    with lock:
        ours = [k for k, t in tasks.items() if isinstance(t, Task) and t.state != RUNNING]
        for k in ours[:max(0, len(ours) - KEEP_TASKS + 1)]:
            del tasks[k]
        tasks[task.id] = task
    args = (task, work, names, orgs_file, replace(req, output=folder), uploaded)
    thread = threading.Thread(target=run, args=args, daemon=True, name=f"批量起草-{task.id}")
    thread.start()
    return task


def run(task: Task, work: WorkFolder, names: dict[Path, str], orgs_file: Path, req: Request,
        uploaded: Path | None = None) -> None:
    """The thread of one run: the drafts, the zip, and what to tell the user; never raises."""
    from ..jobs import batch

    try:
        with working_in(work.root):  # the jobs read draft.yaml from the work folder, as in a request
            result = batch(orgs_file, req, progress=task.progress)
            archive = zip_drafts(work, task.folder, tuple(d.path for d in result.done)) if result.done else None
        failures = tuple(_failure(f, names, work.root) for f in result.failed)
        with task.lock:
            task.drafts = tuple(d.path for d in result.done)
            task.notes = tuple(dict.fromkeys(n for d in result.done for n in d.notes))
            task.failures, task.archive, task.state = failures, archive, FINISHED
    except DraftError as exc:
        _abandon(task.folder)
        if uploaded is not None and exc.path is not None and Path(exc.path) == uploaded:
            uploaded.unlink(missing_ok=True)  # nothing of a refused request is kept
        with task.lock:
            task.problem, task.state = problem(exc, names, work.root), FAILED
    except Exception:  # noqa: BLE001 - a fault of ours: the console gets the traceback, the page INTERNAL
        log.exception("批量起草出错")
        with task.lock:
            task.problem, task.state = INTERNAL, FAILED


def _failure(failed, names: dict[Path, str], root: Path) -> Failure:
    origin = failed.org.origin
    where = f"第 {origin.line} 行" if origin is not None and origin.line else ""
    return Failure(failed.org.name, where, problem(failed.error, names, root))


def _abandon(folder: Path) -> None:
    """Remove the run's folder if nothing was written into it (the list or the request was refused)."""
    try:
        folder.rmdir()
    except OSError:
        pass


__all__ = ["FAILED", "FINISHED", "RUNNING", "Failure", "Task", "org_lists", "output_folder", "run",
           "start", "zip_drafts"]

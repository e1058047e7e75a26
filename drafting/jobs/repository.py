"""Jobs on the snippet repository: ingest old documents, list, search, show, lint, stats, where used;
``draft init``."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..errors import InputError
from ..library import REVIEW_FOLDER, load_library
from ..model import SPEECH, Occasion, Provenance, Snippet
from ..yearfacts import require_covered
from .common import _trimmed, _unit_folders, check_value, default_year, here, library, settings
from .documents import parse_file

if TYPE_CHECKING:
    from ..ingest import FileReport
    from ..lint import LintReport
    from ..search import Hit
    from ..stats import Stats as Statistics


#: Where ``draft ingest`` collects snippets unless told otherwise (relative to the current folder).
INGEST_INTO = Path("素材库")
#: The lock file ``draft ingest`` holds in the review folder while it runs.
INGEST_LOCK = ".draft-ingest.lock"


@dataclass(frozen=True)
class Harvest:
    """What ``draft ingest`` did: the target folder, its review folder, one report per file."""

    into: Path
    review: Path
    reports: tuple[FileReport, ...]


def ingest(files: tuple[Path, ...], into: Path | None = None, extra: tuple[Path, ...] = (), *,
           progress: Callable[[int, int, Path], None] | None = None) -> Harvest:
    """Harvest old documents into ``into``'s review folder (default ``./素材库``).

    Every file is read and parsed first, so one that cannot be used stops the job
    before anything is written. ``progress(done, total, file)`` is called as it goes.
    """
    from ..output import held

    if not files:
        raise InputError("请给出要收集的文稿（.docx 或 .txt）")
    into = into if into is not None else here() / INGEST_INTO
    if into.exists() and not into.is_dir():
        raise InputError("--into 应当是一个文件夹", path=into)
    known = (into,) if into.is_dir() else ()  # before the lock creates the folder
    # one run at a time, told so before it reads anything: a second would not see what the first writes
    with held(into / REVIEW_FOLDER / INGEST_LOCK, "素材库的待审核文件夹"):
        return _ingest(files, into, known, extra, progress)


def _ingest(files: tuple[Path, ...], into: Path, known: tuple[Path, ...], extra: tuple[Path, ...],
            progress: Callable[[int, int, Path], None] | None) -> Harvest:
    from ..ingest import ingest as harvest  # jieba only for this job

    total = len(files)
    parsed = []
    for n, path in enumerate(files):
        if progress is not None:
            progress(n, 2 * total, path)
        parsed.append((path, parse_file(path, extra).outline))

    def step(n: int, path: Path) -> None:
        if progress is not None:
            progress(total + n, 2 * total, path)

    # candidates already waiting for review count as known, so nothing is harvested twice
    lib = library(tuple(extra) + known, review=True)
    reports = harvest(parsed, lib, into, progress=step)
    return Harvest(into, into / REVIEW_FOLDER, tuple(reports))


def snippets(extra: tuple[Path, ...] = (), *, category: str | None = None,
             genre: str | None = None) -> tuple[list[Snippet], list[str]]:
    """Snippets of the library (optionally one category/genre), and all category names."""
    lib = library(extra)
    chosen = [
        s for s in lib.snippets.values()
        if (category is None or s.category == category) and (genre is None or genre in s.genres)
    ]
    return chosen, lib.categories()


def init(folder: Path, *, org: str, org_short: str | None, superior: str | None,
         speaker: str | None, libraries: tuple[str, ...], force: bool) -> Path:
    """Write a ``draft.yaml`` into ``folder`` (checking the library folders first)."""
    from ..config import render_config, write_config

    for value, option in ((org, "--org"), (org_short, "--org-short"), (superior, "--superior"),
                          (speaker, "--speaker")):
        check_value(value, option)
    org = _trimmed(org)
    if not org:
        raise InputError("--org 不能为空：请写出单位全称")
    org_short, superior, speaker = map(_trimmed, (org_short, superior, speaker))
    load_library(tuple(folder / p for p in libraries))
    return write_config(folder, render_config(org, org_short, superior, speaker, libraries), force=force)


@dataclass(frozen=True)
class Saved:
    """draft.yaml written again: where, and the copy of the previous one (None: there was none)."""

    path: Path
    backup: Path | None


def save_settings(folder: Path, *, org: str | None, org_short: str | None, superior: str | None,
                  speaker: str | None) -> Saved:
    """Write the unit's names into the draft.yaml in effect for ``folder`` (else a new one there).

    The library folders and templates the old file names are kept; the old file
    itself is kept as ``draft.yaml.bak`` (``draft.yaml.2.bak`` … if that exists), since
    what its author wrote by hand (comments, order) is not carried over.
    """
    from ..config import find_config, load_config, render_config, write_config

    for value, what in ((org, "单位全称"), (org_short, "单位简称"), (superior, "上级党组织"), (speaker, "讲话人")):
        check_value(value, what)
    org, org_short, superior, speaker = map(_trimmed, (org, org_short, superior, speaker))
    if not org:
        raise InputError("请填写单位全称", hint="单位全称会写进标题和落款，如 市审计局")
    found = find_config(folder)
    old = load_config(found) if found else None  # a draft.yaml that cannot be read is not replaced
    base = found.parent if found else folder

    def relative(path: Path) -> str:
        try:
            return str(path.relative_to(base))
        except ValueError:  # written as an absolute path
            return str(path)

    text = render_config(org, org_short, superior, speaker,
                         tuple(relative(p) for p in old.libraries) if old else (),
                         tuple((g, relative(p)) for g, p in old.templates) if old else (),
                         speech_rate=old.speech_rate if old else None,
                         speaker_rates=old.speaker_rates if old else (),
                         styles=relative(old.styles) if old and old.styles else None,
                         notice=old.notice if old else ())
    backup = _backup(found) if found else None
    return Saved(write_config(base, text, force=True), backup)


def _backup(path: Path) -> Path:
    """A copy of ``path`` beside it, under a name no file has yet."""
    from ..errors import OutputError, os_problem
    from ..output import create_new

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OutputError(f"无法读取原设置文件：{os_problem(exc)}", path=path) from None
    names = (path.with_name(f"{path.name}.bak" if n == 1 else f"{path.name}.{n}.bak") for n in range(1, 1000))
    return create_new(names, data, "原设置文件的备份")


@dataclass(frozen=True)
class Found:
    """A search: the query, the words searched for, the hits best first."""

    query: str
    words: tuple[str, ...]
    hits: tuple[Hit, ...]
    #: ids of snippets too long to index whole (``search.MAX_INDEXED``): only their beginning was searched
    partial: tuple[str, ...] = ()


def search(query: str, extra: tuple[Path, ...] = (), *, category: str | None = None,
           genre: str | None = None, limit: int = 10) -> Found:
    """Search the library (bundled, draft.yaml's and ``extra`` folders) for ``query``."""
    from ..library import library_folders
    from ..search import cached_index, search as run

    if not query.strip():
        raise InputError("请给出要搜索的词，如 draft snippets search 三会一课")
    cfg = settings()
    folders = _unit_folders(extra, cfg)
    index = cached_index(library_folders(folders), lambda: load_library(folders))
    if category is not None and category not in index.categories():
        raise InputError(f"素材库中没有“{category}”类别", hint="已有类别：" + "、".join(index.categories()))
    words, hits = run(index, query, category=category, genre=genre, limit=limit)
    return Found(query, tuple(words), tuple(hits), index.partial)


@dataclass(frozen=True)
class Shown:
    """A snippet, and its text as a document of ``year`` for ``org`` would show it."""

    snippet: Snippet
    year: int
    org: str
    paragraphs: tuple[str, ...]


def show(snippet_id: str, extra: tuple[Path, ...] = (), *, year: int | None = None,
         org: str | None = None, today: _dt.date | None = None, review: bool = False) -> Shown:
    """One snippet of the library, rendered for ``year`` (default: the year a draft would be for).

    ``review`` finds the candidates awaiting review too (the 素材库 page shows them before they are accepted).
    """
    import difflib

    from ..assemble import parameters, render_snippet
    from ..yearfacts import year_facts

    cfg = settings()
    lib = library(extra, cfg, review=review)
    snippet = lib.get(snippet_id)
    if snippet is None:
        close = difflib.get_close_matches(snippet_id, list(lib.snippets), n=5, cutoff=0.5)
        close += [s for s in lib.snippets if snippet_id in s and s not in close][:5 - len(close)]
        raise InputError(f"素材库中没有 id 为“{snippet_id}”的片段",
                         hint=("相近的 id：" + "、".join(close)) if close else
                         "用 draft snippets search 关键词 或 draft snippets list 查找片段的 id。")
    year = year or default_year(today or _dt.date.today())
    require_covered(lib.calendar, year)
    org = org or cfg.org or "本单位"
    occasion = Occasion(year=year, org=org, superior=cfg.superior, speaker=cfg.speaker)
    meeting = next(iter(lib.meetings), "") if snippet.genres == {SPEECH} else ""
    paragraphs = render_snippet(snippet, parameters(year_facts(lib.calendar, year), occasion, meeting))
    return Shown(snippet, year, org, paragraphs)


def lint(folder: Path, *, progress: Callable[[int, str], None] | None = None,
         today: _dt.date | None = None, jobs: int | None = 1, changed: bool = False,
         files: tuple[Path, ...] = ()) -> LintReport:
    """Check a snippet repository folder: every problem, each with file and line.

    ``changed``: report on the files changed against git HEAD only; ``files``: on
    those only (both: on either); the checks across files still see every file.
    """
    from ..lint import lint as run

    only = None
    if changed or files:
        only = list(files)
        if changed:
            from ..lint.changed import changed_files

            only += changed_files(folder)
    return run(folder, progress=progress, today=today, jobs=jobs, only=only)


def stats(folder: Path, *, year: int | None = None, today: _dt.date | None = None) -> Statistics:
    """The figures of a snippet repository folder for ``year`` (default: the year a draft would be for)."""
    from ..library import load_repository
    from ..stats import stats as run

    lib, own = load_repository(folder)
    year = year or default_year(today or _dt.date.today())
    require_covered(lib.calendar, year)
    return run(own, year, today or _dt.date.today())


@dataclass(frozen=True)
class Usage:
    """What ``draft snippets used`` found in a folder of drafts: which snippets each one used."""

    folder: Path
    #: drafts the tool wrote, with what they record
    drafts: tuple[tuple[Path, Provenance], ...]
    #: drafts with no provenance (written by hand, or by an older version)
    unrecorded: tuple[Path, ...]
    #: files that could not be read, and why
    unreadable: tuple[tuple[Path, str], ...] = ()

    def by_snippet(self) -> dict[str, tuple[Path, ...]]:
        """Snippet id → the drafts that used it, ids in the order first met."""
        out: dict[str, list[Path]] = {}
        for path, prov in self.drafts:
            for sid in dict.fromkeys(prov.snippets):
                out.setdefault(sid, []).append(path)
        return {sid: tuple(paths) for sid, paths in out.items()}


def used(folder: Path) -> Usage:
    """Read every .docx under ``folder`` (subfolders too) for the snippets it records having used."""
    from ..errors import DraftError
    from ..provenance import from_properties
    from ..reader.properties import read_properties

    try:
        is_dir = folder.is_dir()
    except OSError:
        is_dir = False
    if not is_dir:
        raise InputError("应当给出存放文稿的文件夹", path=folder,
                         hint="例如 draft snippets used 历年文稿/，会读取其中（含子文件夹）所有的 .docx")
    # Word's lock files (~$名称.docx) sit beside an open document and are no document.
    files = sorted(p for p in folder.rglob("*.docx") if not p.name.startswith("~$") and p.is_file())
    if not files:
        raise InputError("文件夹中没有 .docx 文稿", path=folder, hint="旧版 .doc 请先在 Word/WPS 中另存为 .docx")
    drafts, unrecorded, unreadable = [], [], []
    from ..reader import is_word_package

    for path in files:
        try:
            if not is_word_package(path):  # a renamed file is no draft, written by hand or not
                unreadable.append((path, "不是有效的 Word 文档（.docx）"))
                continue
            prov = from_properties(read_properties(path))
        except OSError as exc:
            unreadable.append((path, f"无法读取：{exc.strerror or exc}"))
            continue
        except DraftError as exc:
            unreadable.append((path, exc.message))
            continue
        if prov is None:
            unrecorded.append(path)
        else:
            drafts.append((path, prov))
    return Usage(folder, tuple(drafts), tuple(unrecorded), tuple(unreadable))


def provenance(path: Path) -> Provenance | None:
    """What a draft the tool wrote records about where it came from; None for any other document."""
    from ..provenance import from_properties
    from ..reader.properties import read_properties

    return from_properties(read_properties(path))


@dataclass(frozen=True)
class Unused:
    """A snippet of the repository no draft dated within the last years used."""

    snippet: Snippet
    #: the latest year a draft used it, or None: never
    last: int | None


def unused(folder: Path, drafts: Path, years: int, *, today: _dt.date | None = None) -> tuple[Unused, ...]:
    """The snippets ``folder`` defines that no draft under ``drafts`` dated within ``years`` years used.

    A draft records its year (``draft.year``); one without a year counts as recent, and
    snippets the current year cannot use anyway (expired, not yet valid) are left out.
    """
    from ..library import load_repository

    if years < 1:
        raise InputError(f"--unused-years 应为正整数（年数），而不是 {years}")
    _lib, own = load_repository(folder)
    usage = used(drafts)
    now = (today or _dt.date.today()).year
    last: dict[str, int] = {}
    for _path, prov in usage.drafts:
        year = prov.year if prov.year is not None else now
        for sid in prov.snippets:
            last[sid] = max(last.get(sid, year), year)
    return tuple(Unused(s, last.get(s.id)) for s in own
                 if s.valid_for(now) and last.get(s.id, -1) <= now - years)

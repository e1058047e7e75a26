"""The one module that wires the stages together: settings → library → assemble → render,
and reader → parse for existing documents.

Each public function is one user job; the CLI parses options into a ``Request``
and calls one of them. Word rendering (docxtpl, lxml) is imported only by the
jobs that write a document, and the reader only by the job that reads one, so
other commands start fast.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .assemble import assemble
from .config import Settings, find_config, load_config
from .errors import DraftError, InputError, OutputError, os_problem
from .library import REVIEW_FOLDER, Library, load_library, load_spec
from .model import PLAN, SPEECH, Edit, Finding, Occasion, Outline, Paragraph, Recipe, Snippet
from .numerals import date_cn
from .output import check_docx_name, check_name_length, fit_name
from .yearfacts import require_covered

if TYPE_CHECKING:
    from .ingest import FileReport
    from .lint import LintReport
    from .orgs import Org
    from .parse import Parsed
    from .preview import Preview
    from .renew import Renewal
    from .search import Hit
    from .stats import Stats as Statistics


@dataclass(frozen=True)
class Request:
    """What the user asked for on the command line (None: not given)."""

    genre: str
    year: int | None = None
    org: str | None = None
    org_short: str | None = None
    superior: str | None = None
    speaker: str | None = None
    meeting: str | None = None
    profile: str | None = None
    date: _dt.date | None = None
    libraries: tuple[Path, ...] = ()
    template: Path | None = None
    spec: Path | None = None
    output: Path | None = None
    force: bool = False


@dataclass(frozen=True)
class Result:
    """A written draft: where it is, what is in it, what the user should know."""

    path: Path
    outline: Outline
    notes: tuple[str, ...]


def default_year(today: _dt.date) -> int:
    """The year a draft is most likely for: next year from November on."""
    return today.year + 1 if today.month >= 11 else today.year


def settings(cwd: Path | None = None) -> Settings:
    """The nearest ``draft.yaml``'s settings, or empty ones."""
    path = find_config(cwd or Path.cwd())
    return load_config(path) if path else Settings()


def _unit_folders(extra: tuple[Path, ...], cfg: Settings) -> tuple[Path, ...]:
    """The unit's library folders: draft.yaml's, then the options', each once."""
    return tuple(dict.fromkeys(cfg.libraries + tuple(extra)))


def library(extra: tuple[Path, ...] = (), cfg: Settings | None = None, *, review: bool = False) -> Library:
    """The bundled library with the unit's folders (from draft.yaml, then options) laid over.

    A folder named twice is loaded once; ``review`` adds the candidates awaiting review.
    """
    cfg = cfg if cfg is not None else settings()
    return load_library(_unit_folders(extra, cfg), review=review)


_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def output_name(title: str | None, genre: str) -> str:
    """A file name from the document title, safe on Windows and short enough for any filesystem."""
    name = _UNSAFE_NAME.sub("", title or "") or ("工作要点" if genre == PLAN else "讲话")
    return fit_name(name[:120])


def _check_output(out: Path) -> None:
    """Refuse a Word output path the user gave: not .docx, or a name too long to write."""
    check_docx_name(out)
    check_name_length(out)


def _input_file(path: Path) -> None:
    """Refuse an input path that is not an existing file (a name too long to look up included)."""
    try:
        if path.is_file():
            return
        exists = path.exists()
    except OSError as exc:
        raise InputError(f"无法读取这个文件：{os_problem(exc)}", path=path) from None
    raise InputError("找不到这个文件" if not exists else "这不是一个文件", path=path)


# What no name typed by the user may hold: C0/C1 controls (tabs and line breaks
# included) and the non-characters XML cannot hold; surrogates are bytes of the
# command line that were not valid text (Python keeps them as U+DC80–U+DCFF).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_value(value: str | None, what: str) -> None:
    """Refuse a name the user gave (``what``: the option) holding control characters or broken bytes.

    Blanks at either end (a pasted line break) are not refused: the name is trimmed.
    """
    if value is None:
        return
    value = value.strip()
    if _SURROGATE.search(value):
        raise InputError(f"{what} 中有无法识别的字符（不是有效的文字编码），不能使用",
                         hint="请重新输入；在命令行中输入中文时，请确认终端使用 UTF-8 编码")
    bad = _CONTROL.search(value)
    if bad:
        raise InputError(f"{what} 中有不可见的控制字符（U+{ord(bad[0]):04X}），不能使用",
                         hint="请重新输入；从其他程序复制的文字可能带有这类字符")


#: The options of a draft that name people and organisations, and what the user calls each.
_NAME_OPTIONS = (("org", "--org"), ("org_short", "--org-short"), ("superior", "--superior"),
                 ("speaker", "--speaker"))


def _recipe(req: Request, lib: Library) -> Recipe:
    if req.spec is not None:
        recipe = load_spec(req.spec, lib)
        if recipe.genre != req.genre:
            raise InputError(
                f"这是{'讲话' if recipe.genre == SPEECH else '工作要点'}的配方，不能用于"
                f"{'draft speech' if req.genre == SPEECH else 'draft plan'}",
                path=req.spec,
            )
        return recipe
    if req.genre == SPEECH:
        found = lib.meeting(req.meeting or "")
        if found is None:
            known = "、".join(lib.meetings)
            what = f"没有名为“{req.meeting}”的会议" if req.meeting else "请用 --meeting 指定会议类型"
            raise InputError(what, hint=f"已有的会议类型：{known}（运行 draft meetings 查看说明）")
        return found
    found = lib.plan(req.profile)
    if found is None:
        known = "、".join(lib.plans) or "（无）"
        raise InputError(f"没有名为“{req.profile}”的工作要点配方", hint=f"已有：{known}")
    return found


def _in_year(day: _dt.date, year: int, *, december: bool) -> bool:
    """Whether ``day`` can date a document of ``year``: in that year, or (``december``) the December before."""
    return day.year == year or (december and day.year == year - 1 and day.month == 12)


def _date(req: Request, year: int, today: _dt.date) -> tuple[_dt.date | None, str | None]:
    if req.date is not None:
        if _in_year(req.date, year, december=True):
            return req.date, None
        # A typo (2020 for 2026) more often than a real date: kept, but pointed out.
        return req.date, (f"日期 {date_cn(req.date)}（--date）不在{year}年内，也不在{year - 1}年12月，"
                          "请核对是否写错。")
    # A plan is often signed off in the December before its year; a speech is given in its year.
    if _in_year(today, year, december=req.genre == PLAN):
        return today, None
    what = "落款日期" if req.genre == PLAN else "讲话日期"
    return None, f"未指定日期（--date），今天不在{year}年内，{year}年的文稿已省略{what}；需要时请用 --date 写明。"


def draft(req: Request, *, today: _dt.date | None = None) -> Result:
    """Assemble and render one plan or speech; returns where it was written."""
    today = today or _dt.date.today()
    if req.output is not None:
        _check_output(req.output)
    for field, option in _NAME_OPTIONS:
        check_value(getattr(req, field), option)
    cfg = settings()
    req = _stripped(req)
    if not (req.org or cfg.org):
        raise InputError("请用 --org 指定单位名称", hint="也可以先运行 draft init --org 单位名称，以后就不用再输入。")
    lib = library(req.libraries, cfg)
    require_covered(lib.calendar, req.year or default_year(today))
    return _draft(req, cfg, lib, _recipe(req, lib), today)


def _trimmed(name: str | None) -> str | None:
    """A name typed on the command line, trimmed; one of only spaces counts as not given."""
    return (name or "").strip() or None


def _stripped(req: Request) -> Request:
    """``req`` with the names typed on the command line trimmed (``_trimmed``)."""
    return replace(req, **{f: _trimmed(getattr(req, f)) for f in ("org", "org_short", "superior", "speaker")})


def _draft(req: Request, cfg: Settings, lib: Library, recipe: Recipe, today: _dt.date,
           target: Callable[[Outline], Path] | None = None) -> Result:
    """Assemble and render ``recipe`` for ``req`` with the settings and library already loaded.

    The output is ``req.output``, else ``target(outline)``, else named after the title.
    """
    from .render import render  # docxtpl and lxml only for the jobs that write Word files

    org = req.org or cfg.org
    year = req.year or default_year(today)
    date, date_note = _date(req, year, today)
    speaker = req.speaker or cfg.speaker
    occasion = Occasion(
        year=year,
        org=org,
        org_short=req.org_short or cfg.org_short,
        superior=req.superior or cfg.superior,
        speaker=speaker,
        date=date,
    )
    outline = assemble(lib, recipe, occasion, meeting=req.meeting if req.genre == SPEECH else None)
    notes = list(outline.notes)
    if date_note:
        notes.append(date_note)
    if req.genre == SPEECH and not speaker:
        notes.append("未指定讲话人（--speaker），已省略署名行。")
    if req.year is None:
        notes.insert(0, f"未指定年份（--year），按{year}年起草。")
    out = req.output or (target(outline) if target else Path.cwd() / output_name(outline.title, req.genre))
    template = req.template or cfg.template(req.genre)
    inputs = (("配方文件", req.spec),) if req.spec is not None else ()
    path = render(outline, out, template=template, force=req.force, inputs=inputs)
    return Result(path=path, outline=outline, notes=tuple(notes))


def _read(path: Path) -> list[Paragraph]:
    """The paragraphs of a document to check, parse or harvest; one without any text is refused."""
    # Only the jobs that read documents load the reader (and lxml for .docx).
    from .reader import read_paragraphs

    _input_file(path)
    paragraphs = read_paragraphs(path)
    if not paragraphs:
        raise InputError("文件中没有文字", path=path, hint="请确认选对了文件；扫描件、图片中的文字无法读取。")
    return paragraphs


def parse_file(path: Path, extra: tuple[Path, ...] = ()) -> Parsed:
    """Read an existing plan or speech (.docx or .txt) and recover its outline, with findings."""
    # The parser's ~10 ms of regex compiling stays out of every other command's start-up.
    from .parse import parse_paragraphs

    paragraphs = _read(path)
    return parse_paragraphs(paragraphs, ads=library(extra).checks.ads)


@dataclass(frozen=True)
class Checked:
    """What ``draft check`` found in one document (which is never modified)."""

    path: Path
    paragraphs: tuple[Paragraph, ...]
    findings: tuple[Finding, ...]
    #: the annotated or corrected copy, if one was asked for
    written: Path | None = None
    fixed: int = 0
    #: findings that could not be placed in the copy (in a field, in another reviewer's revision)
    unplaced: tuple[Finding, ...] = ()

    @property
    def has_errors(self) -> bool:
        """Whether a finding is an error: the draft should not go up as it is."""
        from .check import has_errors

        return has_errors(self.findings)


#: What ``draft check --fix`` corrects as tracked changes: mechanical, one character.
FIXABLE = frozenset({"halfwidth-punctuation"})


def check_file(path: Path, *, year: int | None = None, extra: tuple[Path, ...] = (),
               annotate: bool = False, fix: bool = False, output: Path | None = None,
               author: str | None = None, force: bool = False) -> Checked:
    """Check a plan or speech (.docx or .txt) for what a reviewer would mark.

    ``year`` is the year the document should be for; the typo and advertising lists
    come from the bundled library and the unit's folders. With ``annotate`` every
    finding becomes a Word comment on its text, with ``fix`` half-width punctuation
    is corrected as tracked changes, both in a copy written to ``output``; the
    document itself is never modified.
    """
    from .check import CODE_NAMES, check_paragraphs, group_findings

    if (annotate or fix) and output is not None:
        _check_output(output)
    if annotate or fix:
        check_value(author, "--author")
        author = _trimmed(author)
    paragraphs = _read(path)
    lib = library(extra)
    if year is not None:
        require_covered(lib.calendar, year)
    # one finding per spot, as --fix corrects them; the report groups the frequent ones
    spots = check_paragraphs(paragraphs, year=year, rules=lib.checks, calendar=lib.calendar, grouped=False)
    findings = group_findings(spots)
    if not (annotate or fix):
        return Checked(path, tuple(paragraphs), tuple(findings))
    out = output or path.with_name(fit_name(path.stem, f"-{'批注' if annotate else '修正'}.docx"))
    edits: list[Edit] = []
    sources: list[Finding] = []
    changed: dict[tuple, int] = {}  # (paragraph, start) of a spot corrected → its edit
    if fix:
        for f in spots:
            if f.code in FIXABLE and f.suggestion is not None and f.start is not None and f.excerpt:
                changed[(f.paragraph, f.start)] = len(edits)
                edits.append(Edit(f.paragraph, f.start, f.start + len(f.excerpt), f.excerpt, f.suggestion, None, f.code))
                sources.append(f)
    if annotate:
        for f in findings:
            if f.paragraph is None or f.start is None or not f.excerpt:
                continue
            at = changed.get((f.paragraph, f.start)) if f.code in FIXABLE else None
            advice = f"\n建议：{f.suggestion}" if f.suggestion and at is None else ""
            note = f"［{CODE_NAMES.get(f.code, f.code)}］{f.message}{advice}"
            if at is not None:  # a corrected spot carries the comment on its change
                edits[at] = replace(edits[at], comment=note)
                sources[at] = f
            else:
                edits.append(Edit(f.paragraph, f.start, f.start + len(f.excerpt), f.excerpt, None, note, f.code))
                sources.append(f)
    applied = _write_revised(path, paragraphs, edits, out, author=author, force=force)
    placed = {id(e) for e in applied.placed}
    unplaced = tuple(dict.fromkeys(f for e, f in zip(edits, sources) if id(e) not in placed))
    fixed = sum(1 for e in applied.placed if e.new is not None)
    return Checked(path, tuple(paragraphs), tuple(findings), applied.path, fixed, unplaced)


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
    from .output import held

    if not files:
        raise InputError("请给出要收集的文稿（.docx 或 .txt）")
    into = into if into is not None else Path.cwd() / INGEST_INTO
    if into.exists() and not into.is_dir():
        raise InputError("--into 应当是一个文件夹", path=into)
    known = (into,) if into.is_dir() else ()  # before the lock creates the folder
    # one run at a time, told so before it reads anything: a second would not see what the first writes
    with held(into / REVIEW_FOLDER / INGEST_LOCK, "素材库的待审核文件夹"):
        return _ingest(files, into, known, extra, progress)


def _ingest(files: tuple[Path, ...], into: Path, known: tuple[Path, ...], extra: tuple[Path, ...],
            progress: Callable[[int, int, Path], None] | None) -> Harvest:
    from .ingest import ingest as harvest  # jieba only for this job

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


def meetings(extra: tuple[Path, ...] = ()) -> list[Recipe]:
    """The meeting profiles of the library."""
    return list(library(extra).meetings.values())


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
    from .config import render_config, write_config

    for value, option in ((org, "--org"), (org_short, "--org-short"), (superior, "--superior"),
                          (speaker, "--speaker")):
        check_value(value, option)
    org = _trimmed(org)
    if not org:
        raise InputError("--org 不能为空：请写出单位全称")
    org_short, superior, speaker = map(_trimmed, (org_short, superior, speaker))
    load_library(tuple(folder / p for p in libraries))
    return write_config(folder, render_config(org, org_short, superior, speaker, libraries), force=force)


# -- many drafts at once ----------------------------------------------------------


@dataclass(frozen=True)
class BatchFailure:
    """An organisation whose draft could not be made, and why."""

    org: Org
    error: DraftError


@dataclass(frozen=True)
class Batch:
    """What ``draft batch`` did: the output folder, the drafts written, the organisations that failed."""

    folder: Path
    done: tuple[Result, ...]
    failed: tuple[BatchFailure, ...]


def batch(orgs_file: Path, req: Request, *, today: _dt.date | None = None,
          progress: Callable[[int, int, str], None] | None = None) -> Batch:
    """One draft per organisation of ``orgs_file``, into the folder ``req.output`` (default: here).

    The library, recipe and settings are loaded once. An organisation that fails
    (its own library is broken, its file exists without ``--force``) is reported
    and the others are still produced. ``progress(done, total, name)`` as it goes.
    """
    from dataclasses import replace

    from .orgs import load_orgs

    today = today or _dt.date.today()
    for field, option in _NAME_OPTIONS[1:]:
        check_value(getattr(req, field), option)
    orgs = load_orgs(orgs_file)
    folder = req.output if req.output is not None else Path.cwd()
    try:
        taken = folder.exists() and not folder.is_dir()
    except OSError as exc:
        raise InputError(f"无法使用这个文件夹：{os_problem(exc)}", path=folder) from None
    if taken:
        raise InputError("-o 应当是一个文件夹（每个单位一份文稿）", path=folder)
    cfg = settings()
    shared = library(req.libraries, cfg)
    require_covered(shared.calendar, req.year or default_year(today))
    if req.spec is not None:  # the spec says which genre it is
        req = replace(req, genre=load_spec(req.spec, shared).genre)
    recipe = _recipe(req, shared)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建文件夹：{os_problem(exc)}", path=folder) from None
    own: dict[tuple[Path, ...], tuple[Library, Recipe]] = {}
    names: set[str] = set()

    def target(org: Org) -> Callable[[Outline], Path]:
        def name(outline: Outline) -> Path:
            # Titles carry the organisation's name; a spec whose title does not gets it prefixed.
            file = output_name(outline.title, req.genre)
            if file in names:
                file = output_name(f"{org.name}-{outline.title}", req.genre)
            base, n = file[:-len(".docx")], 1
            while file in names:  # long names cut to the same length can still meet
                n += 1
                file = fit_name(base, f"-{n}.docx")
            names.add(file)
            return folder / file
        return name

    done, failed = [], []
    for n, org in enumerate(orgs):
        if progress is not None:
            progress(n, len(orgs), org.name)
        try:
            for value, what in ((org.name, "单位名称（name）"), (org.short, "单位简称（short）"),
                                (org.superior, "上级单位（superior）"), (org.speaker, "讲话人（speaker）")):
                check_value(value, f"单位列表中的{what}")
            lib, org_recipe = shared, recipe
            if org.libraries:
                if org.libraries not in own:
                    org_lib = library(req.libraries + org.libraries, cfg)
                    own[org.libraries] = (org_lib, _recipe(req, org_lib))
                lib, org_recipe = own[org.libraries]
            org_req = replace(req, org=org.name, org_short=org.short or req.org_short,
                              superior=org.superior or req.superior, speaker=org.speaker or req.speaker,
                              output=None)
            done.append(_draft(org_req, cfg, lib, org_recipe, today, target(org)))
        except DraftError as exc:
            failed.append(BatchFailure(org, exc))
    if progress is not None:
        progress(len(orgs), len(orgs), "")
    return Batch(folder, tuple(done), tuple(failed))


# -- the snippet repository: search, show, lint, stats --------------------------------


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
    from .library import library_folders
    from .search import cached_index, search as run

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
         org: str | None = None, today: _dt.date | None = None) -> Shown:
    """One snippet of the library, rendered for ``year`` (default: the year a draft would be for)."""
    import difflib

    from .assemble import parameters, render_snippet
    from .yearfacts import year_facts

    cfg = settings()
    lib = library(extra, cfg)
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


def lint(folder: Path, *, progress: Callable[[int, str], None] | None = None) -> LintReport:
    """Check a snippet repository folder: every problem, each with file and line."""
    from .lint import lint as run

    return run(folder, progress=progress)


def stats(folder: Path, *, year: int | None = None, today: _dt.date | None = None) -> Statistics:
    """The figures of a snippet repository folder for ``year`` (default: the year a draft would be for)."""
    from .library import load_repository
    from .stats import stats as run

    lib, own = load_repository(folder)
    year = year or default_year(today or _dt.date.today())
    require_covered(lib.calendar, year)
    return run(own, year)


def preview(file: Path, output: Path | None = None, *, force: bool = False, page: int = 1) -> Preview:
    """A PDF (default, beside the document) or PNG preview of a .docx through LibreOffice."""
    from .preview import preview as run

    return run(file, output if output is not None else file.with_suffix(".pdf"), force=force, page=page)


@dataclass(frozen=True)
class Renewed:
    """What ``draft renew`` did: the copy written, the decisions, what could not be placed."""

    source: Path
    path: Path
    renewal: Renewal
    skipped: tuple[Edit, ...]
    notes: tuple[str, ...]
    #: the source's paragraphs as read (where each entry stands: body, header, footer …)
    paragraphs: tuple[Paragraph, ...] = ()


_YEAR_IN_NAME = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


def renewed_name(source: Path, source_year: int, target_year: int) -> Path:
    """Beside the source: its name with the year moved on, or with the new year added."""
    stem, tail = source.stem, ".docx"
    if str(source_year) in stem:
        stem = stem.replace(str(source_year), str(target_year))
    elif _YEAR_IN_NAME.search(stem):
        stem = _YEAR_IN_NAME.sub(str(target_year), stem, count=1)
    if stem == source.stem:
        tail = f"-{target_year}年.docx"
    return source.with_name(fit_name(stem, tail))


#: Last characters of a unit's name that a parsed org's trailing 机关 may follow (市统计局机关).
_ORG_TAILS = frozenset("局委办厅部院")


def renew(source: Path, *, year: int | None = None, from_year: int | None = None,
          org: str | None = None, from_org: str | None = None, output: Path | None = None,
          author: str | None = None, extra: tuple[Path, ...] = (), force: bool = False,
          now: _dt.datetime | None = None) -> Renewed:
    """This year's draft from last year's document, as tracked changes and comments in a copy."""
    from .parse import parse_paragraphs, title_index
    from .renew import renew as decide

    if output is not None:
        _check_output(output)
    for value, option in ((author, "--author"), (org, "--org"), (from_org, "--from-org")):
        check_value(value, option)
    author, org, from_org = map(_trimmed, (author, org, from_org))
    paragraphs = _read(source)
    parsed = parse_paragraphs(paragraphs)
    outline = parsed.outline
    s = from_year or outline.year
    if s is None:
        raise InputError("无法从原文判断它是哪一年的文稿", path=source, hint="请用 --from-year 指定，如 --from-year 2025")
    y = year or s + 1
    if y <= s:
        raise InputError(f"目标年份（{y}年）应晚于原文年份（{s}年）", path=source,
                         hint="原文年份识别有误时，请用 --from-year 指定")
    rename = None
    if org:
        old = from_org or outline.org
        if not old:
            raise InputError("原文中没有识别出单位名称，无法替换", path=source, hint="请用 --from-org 给出原单位名称")
        if (not from_org and old.endswith("机关") and not org.endswith("机关") and len(old) >= 5
                and old[-3] in _ORG_TAILS):
            old = old[:-2]  # 市统计局机关 (its 机关党建) → the 局 itself, so its 机关 stays where written
        if old != org:
            rename = (old, org)
    lib = library(extra)
    require_covered(lib.calendar, y)
    title = title_index(paragraphs, outline)
    running = _running_titles(paragraphs, outline.title, s)
    renewal = decide([p for p in paragraphs if p.index not in running], lib.calendar, s, y, title_index=title,
                     org=rename, repeat_from=_repeat_start(parsed, paragraphs), site=_site_lines(parsed))
    for p in paragraphs:
        if p.index in running:  # a running head's year is the document's own, as in the title
            renewal = _merged(renewal, decide([p], lib.calendar, s, y, title_index=p.index, org=rename))
    out = output or renewed_name(source, s, y)
    applied = _write_revised(source, paragraphs, renewal.edits, out, outline=outline, author=author,
                             force=force, now=now)
    notes = list(renewal.notes)
    if year is None:
        notes.insert(0, f"未指定目标年份（--year），按{y}年更新。")
    if from_year is None:
        notes.insert(0, f"原文年份按{s}年识别；如有误，请用 --from-year 指定。")
    return Renewed(source, applied.path, renewal, applied.skipped, tuple(notes), tuple(paragraphs))


#: The name a running head gives the document after its year: "2016年工作要点".
_RUNNING_NAME = re.compile(r"\s*年度?\s*([\u4e00-\u9fff]{2,})")


def _running_titles(paragraphs, title: str | None, year: int) -> set[int]:
    """Headers and footers that name the document by its year and title's last words ("2016年工作要点").

    Their year is the document's own, like the title's. A year in a header or
    footer followed by anything else (a date, another name) is left to the usual
    rules, which ask rather than change.
    """
    if not title or f"{year}" not in title:
        return set()
    tail = title.rsplit(f"{year}", 1)[1].lstrip("年度 ")
    found = set()
    for p in paragraphs:
        if p.part not in ("header", "footer"):
            continue
        at = p.text.find(f"{year}")
        m = _RUNNING_NAME.match(p.text, at + 4) if at >= 0 else None
        # "工作要点" of "党建工作要点", or a longer name ending in the title's
        if m and tail and (tail.endswith(m[1]) or m[1].endswith(tail)):
            found.add(p.index)
    return found


def _merged(a, b):
    """Two renewals of disjoint paragraphs as one."""
    from dataclasses import replace

    return replace(a, edits=tuple(sorted(a.edits + b.edits, key=lambda e: (e.paragraph, e.start))),
                   entries=tuple(sorted(a.entries + b.entries, key=lambda e: e.paragraph)),
                   notes=tuple(dict.fromkeys(a.notes + b.notes)))


def _site_lines(parsed: Parsed) -> frozenset[int]:
    """Paragraphs parse took out whole as advertising or a web page's site lines (not ads inside a line)."""
    kept = {index for index, _ in parsed.lines}
    return frozenset(f.paragraph for f in parsed.findings
                     if f.code in ("ad-text", "extra-text") and f.paragraph is not None and f.paragraph not in kept)


def _repeat_start(parsed: Parsed, paragraphs) -> tuple[int, int] | None:
    """Where the parser found the whole text pasted a second time: (paragraph, offset)."""
    for f in parsed.findings:
        if f.code == "duplicate-text" and f.paragraph is not None and "粘贴" in f.message:
            if f.start is not None:
                return f.paragraph, f.start
            return f.paragraph, max(paragraphs[f.paragraph].text.find(f.excerpt), 0)
    return None


def _write_revised(source: Path, paragraphs, edits, out: Path, *, outline: Outline | None = None,
                   author: str | None = None, force: bool = False, now: _dt.datetime | None = None):
    """``edits`` as tracked changes and comments: in a copy of a .docx, or a .txt laid into the template."""
    from .reader import is_word_package
    from .revise import revise_docx, revise_text

    when = now or _dt.datetime.now(_dt.timezone.utc)
    who = author or settings().speaker or "起草助手"
    if is_word_package(source):
        return revise_docx(source, paragraphs, edits, out, author=who, when=when, force=force)
    from .resources import template_path

    from .parse import parse_paragraphs

    if outline is None:
        outline = parse_paragraphs(list(paragraphs)).outline
    styles = _text_styles(paragraphs, outline)
    return revise_text(list(paragraphs), styles, edits, out, template=template_path(outline.genre),
                       author=who, when=when, force=force, source=source)


def _text_styles(paragraphs, outline: Outline) -> dict[int, str]:
    """Styles of the template for a .txt's paragraphs: title, headings on their own, signature."""
    from .parse import source_index, title_index

    styles: dict[int, str] = {}
    title = title_index(paragraphs, outline)
    if title is not None:
        styles[title] = "Title"
    by_index = {p.index: p for p in paragraphs}
    for section in outline.sections:
        index = source_index(section.source)
        para = by_index.get(index)
        if para is not None and section.heading and len(para.text) <= len(section.heading) + 6:
            styles[index] = "Heading1"
    tail = [p for p in paragraphs[-3:] if p.index not in styles]
    for p in tail:
        if outline.signature and p.text == outline.signature:
            styles[p.index] = "Signature"
        elif outline.date is not None and p.text.replace(" ", "") == date_cn(outline.date):
            styles[p.index] = "Date"
    return styles

"""Drafting jobs: one plan or speech from a recipe, or one per organisation of a list."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..assemble import assemble
from ..config import Settings
from ..errors import DraftError, InputError, OutputError, os_problem
from ..library import Library, load_spec
from ..model import PLAN, SPEECH, Occasion, Outline, Recipe
from ..numerals import date_cn
from ..output import fit_name
from ..yearfacts import require_covered
from .common import (_NAME_OPTIONS, _check_output, _trimmed, check_value, default_year, here, read_plan,
                     library, ordinal_mark, output_name, settings)

if TYPE_CHECKING:
    from ..gongwen.fields import NoticeOptions
    from ..orgs import Org


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
    #: speech: the minutes it should read in (``speech.fit``)
    minutes: int | None = None
    #: speech: the 工作要点 whose sections it deploys, in their order (``speech.plan``)
    plan: Path | None = None
    #: plan: written as the attachment of a 印发通知 with these fields (``draft plan --notice``)
    notice: NoticeOptions | None = None


@dataclass(frozen=True)
class Result:
    """A written draft: where it is, what is in it, what the user should know."""

    path: Path
    outline: Outline
    notes: tuple[str, ...]
    #: speech: the characters read aloud (``speech.length``), at ``rate`` characters a minute
    length: int | None = None
    rate: int | None = None
    #: speech: the minutes asked for (``--minutes``), if any
    minutes: int | None = None
    #: plan --notice: the 印发通知's title (the file holds the notice, the plan its attachment)
    notice_title: str | None = None


#: The speaking times ``--minutes`` accepts.
MINUTES = (1, 120)


def check_minutes(minutes: int | None) -> None:
    """Refuse a speaking time outside ``MINUTES``."""
    low, high = MINUTES
    if minutes is not None and not low <= minutes <= high:
        raise InputError(f"--minutes 应为 {low} 到 {high} 之间的整数（讲话的分钟数），而不是 {minutes}",
                         hint="例如 --minutes 20 起草一篇约 20 分钟的讲话稿")


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


def draft(req: Request, *, today: _dt.date | None = None, recipe: Recipe | None = None,
          target: Callable[[Outline], Path] | None = None) -> Result:
    """Assemble and render one plan or speech; returns where it was written.

    ``recipe`` replaces the one ``req`` names (the workbench's sections as the user
    arranged them); ``target(outline)`` names the file when ``req.output`` does not.
    """
    today = today or _dt.date.today()
    check_minutes(req.minutes)
    if req.output is not None:
        _check_output(req.output)
    if req.notice is not None and req.template is not None:
        raise InputError("--notice 用内置的印发通知模板（templates/notice.docx）排版，不能同时用 --template",
                         hint="去掉 --template；附件中的工作要点按内置工作要点模板的版式排出")
    for field, option in _NAME_OPTIONS:
        check_value(getattr(req, field), option)
    cfg = settings()
    req = _stripped(req)
    checked = _vet_template(req.template or cfg.template(req.genre), req.genre)
    if not (req.org or cfg.org):
        raise InputError("请用 --org 指定单位名称", hint="也可以先运行 draft init --org 单位名称，以后就不用再输入。")
    lib = library(req.libraries, cfg)
    plan = _read_plan(req.plan, lib) if req.plan is not None and req.genre == SPEECH else None
    year_note = ()
    if plan is not None and req.year is None and plan.year is not None:
        req = replace(req, year=plan.year)
        year_note = (f"未指定年份（--year），按工作要点的年份（{plan.year}年）起草。",)
    require_covered(lib.calendar, req.year or default_year(today))
    result = _draft(req, cfg, lib, recipe if recipe is not None else _recipe(req, lib), today, target, plan)
    notes = checked + year_note
    return replace(result, notes=notes + result.notes) if notes else result


def _vet_template(template: Path | None, genre: str) -> tuple[str, ...]:
    """A user's own template linted before anything is drafted: errors stop the job, warnings are notes."""
    if template is None:
        return ()
    from ..tpl import vet  # only for a user's template: the bundled ones are checked in the tests

    return vet(template, genre)


def _read_plan(path: Path, lib: Library) -> Outline:
    """The outline of the 工作要点 ``path``, read and parsed as ``draft check`` reads it; a speech is refused."""
    return read_plan(path, lib, a_speech=("--plan 应当是工作要点，这份文稿是讲话稿", "请选择本年度的工作要点（.docx 或 .txt）"),
                     no_parts=("这份工作要点中没有识别出任何部分（一、二、三、……）", "请用 draft parse 查看它的结构"))


def recipe_for(req: Request, lib: Library) -> Recipe:
    """The recipe ``req`` names in ``lib`` (spec file, meeting or plan recipe), refused in the CLI's words."""
    return _recipe(req, lib)


def _stripped(req: Request) -> Request:
    """``req`` with the names typed on the command line trimmed (``_trimmed``)."""
    return replace(req, **{f: _trimmed(getattr(req, f)) for f in ("org", "org_short", "superior", "speaker")})


def _draft(req: Request, cfg: Settings, lib: Library, recipe: Recipe, today: _dt.date,
           target: Callable[[Outline], Path] | None = None, plan: Outline | None = None) -> Result:
    """Assemble and render ``recipe`` for ``req`` with the settings and library already loaded.

    The output is ``req.output``, else ``target(outline)``, else named after the title.
    """
    from ..render import render  # docxtpl and lxml only for the jobs that write Word files

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
    meeting = req.meeting if req.genre == SPEECH else None
    shaped: tuple[str, ...] = ()
    if req.genre == SPEECH and (plan is not None or req.minutes is not None):
        recipe, shaped = _shape(lib, recipe, occasion, meeting, cfg.rate(speaker), req.minutes, plan)
    outline = assemble(lib, recipe, occasion, meeting=meeting)
    notes = [*outline.notes, *shaped]
    if date_note:
        notes.append(date_note)
    if req.genre == SPEECH and not speaker:
        notes.append("未指定讲话人（--speaker），已省略署名行。")
    if req.year is None:
        notes.insert(0, f"未指定年份（--year），按{year}年起草。")
    out = req.output or (target(outline) if target else here() / output_name(outline.title, req.genre))
    template = req.template or cfg.template(req.genre)
    inputs = (("配方文件", req.spec),) if req.spec is not None else ()
    if plan is not None:  # never written over, --force or not
        inputs += (("工作要点", req.plan),)
    from ..provenance import provenance_for
    from ..resources import bundled

    # The bundled folder's version is the tool's; the unit's folders are the library the draft names.
    own = tuple(f for f in lib.folders if f != bundled("snippets"))
    provenance = provenance_for(outline, own, recipe.name)
    mark = ordinal_mark(cfg) if req.genre == PLAN else "．"  # a speech numbers its items 一是, 二是
    if req.notice is not None and req.genre == PLAN:
        from ..gongwen.notice import notice_title
        from .notice import write_plan_notice  # the notice's code only for --notice

        path, more = write_plan_notice(req.notice, cfg, lib, outline, occasion, req.output,
                                       date=req.date or today, force=req.force, inputs=inputs,
                                       provenance=provenance)
        return Result(path=path, outline=outline, notes=tuple(notes) + more,
                      notice_title=notice_title([outline.title or "工作要点"]))
    path = render(outline, out, template=template, force=req.force, inputs=inputs, provenance=provenance,
                  ordinal_mark=mark, terms=lib.terms)
    if req.genre != SPEECH:
        return Result(path=path, outline=outline, notes=tuple(notes))
    from ..speech.length import spoken_length

    return Result(path=path, outline=outline, notes=tuple(notes), length=spoken_length(outline),
                  rate=cfg.rate(speaker), minutes=req.minutes)


def _shape(lib: Library, recipe: Recipe, occasion: Occasion, meeting: str | None, rate: int,
           minutes: int | None, plan: Outline | None) -> tuple[Recipe, tuple[str, ...]]:
    """``recipe`` following ``plan``'s sections and fitted to ``minutes``, with notes for the user."""
    from ..assemble import parameters
    from ..speech.fit import fit
    from ..yearfacts import year_facts

    notes: tuple[str, ...] = ()
    candidates = None
    if plan is not None:
        from ..speech.plan import deploy  # shingles, and jieba when a heading is not the library's

        deployed = deploy(lib, recipe, plan, occasion.year)
        recipe, candidates, notes = deployed.recipe, deployed.pools, deployed.notes
    if minutes is not None:
        params = parameters(year_facts(lib.calendar, occasion.year), occasion, meeting or recipe.name)
        fitted = fit(lib, recipe, occasion.year, params, minutes=minutes, rate=rate, sections=candidates)
        recipe, notes = fitted.recipe, notes + fitted.notes
    return recipe, notes


def meetings(extra: tuple[Path, ...] = ()) -> list[Recipe]:
    """The meeting profiles of the library."""
    return list(library(extra).meetings.values())


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
    #: what the user should know about the run as a whole (a template's warnings)
    notes: tuple[str, ...] = ()


def batch(orgs_file: Path, req: Request, *, today: _dt.date | None = None,
          progress: Callable[[int, int, str], None] | None = None) -> Batch:
    """One draft per organisation of ``orgs_file``, into the folder ``req.output`` (default: here).

    The library, recipe and settings are loaded once. An organisation that fails
    (its own library is broken, its file exists without ``--force``) is reported
    and the others are still produced. ``progress(done, total, name)`` as it goes.
    """
    from dataclasses import replace

    from ..orgs import load_orgs

    today = today or _dt.date.today()
    for field, option in _NAME_OPTIONS[1:]:
        check_value(getattr(req, field), option)
    orgs = load_orgs(orgs_file)
    folder = req.output if req.output is not None else here()
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
    checked = _vet_template(req.template or cfg.template(req.genre), req.genre)
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
    return Batch(folder, tuple(done), tuple(failed), checked)

"""起草: a plan or speech from the library, its sections arranged in the page; the draft shown and downloaded."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from pathlib import Path

from flask import Blueprint, abort, jsonify, render_template, request, url_for

from ... import jobs
from ...errors import DraftError, InputError
from ...model import ITEM, PLAN, SPEECH, Occasion, Recipe
from ...numerals import DATE_FORMS, parse_date
from ...output import Exists
from ..context import bench
from ..draftpage import (PageImages, Texts, arranged, can_show_pages, choices, labels, reading, refit,
                         sections_view)
from ..folder import numbered, safe_name
from .common import link, page, shown, unit_libraries, year

bp = Blueprint("draft", __name__)

#: The organisation's fields, as draft.yaml and ``Request`` name them.
NAMES = ("org", "org_short", "superior", "speaker")
#: Where a result's page images go, inside the 起草 folder.
PREVIEWS = "页面预览"


@dataclass(frozen=True)
class State:
    """The form's values as the user left them (text as typed), to draw the page again."""

    genre: str
    profile: str
    meeting: str
    year: str
    date: str
    org: str
    org_short: str
    superior: str
    speaker: str
    save: bool = False


def _state(values, today: _dt.date) -> State:
    """The form's values from ``values`` (the query or the posted form); names default to draft.yaml's."""
    cfg = jobs.settings()
    sent = request.method == "POST"

    def name(key: str) -> str:
        if sent or key in values:
            return (values.get(key) or "").strip()
        return getattr(cfg, key) or ""

    genre = values.get("genre") if values.get("genre") in (PLAN, SPEECH) else PLAN
    return State(genre, (values.get("profile") or "").strip(), (values.get("meeting") or "").strip(),
                 (values.get("year") or str(jobs.default_year(today))).strip(), (values.get("date") or "").strip(),
                 *(name(k) for k in NAMES), save=bool(values.get("save")))


def _year_of(state: State, today: _dt.date) -> int:
    """The year the sections are listed for: the one typed, else the default (a wrong one is refused at 生成)."""
    text = state.year
    return int(text) if text.isdigit() and 1949 <= int(text) <= 2100 else jobs.default_year(today)


def _recipe(state: State, lib) -> Recipe:
    return jobs.recipe_for(jobs.Request(genre=state.genre, profile=state.profile or None,
                                        meeting=state.meeting or None), lib)


def _texts(lib, state: State, recipe: Recipe, target: int) -> Texts:
    occasion = Occasion(year=target, org=state.org or "本单位", org_short=state.org_short or None,
                        superior=state.superior or None, speaker=state.speaker or None)
    return Texts(lib, target, occasion, recipe.name if recipe.genre == SPEECH else "")


def _mark() -> str:
    """The unit's 下脚点 after an item's number, for the page's own numbering.

    A layout file that cannot be read is reported when the draft is written; the
    page's preview of the numbers meanwhile writes the bundled form.
    """
    try:
        return jobs.ordinal_mark(jobs.settings())
    except DraftError:
        return "．"


def _form(state: State, chosen=None, *, refitted: bool = False, **values) -> dict:
    """What draft.html needs: the recipes, the sections, and ``values`` (a result, a problem …)."""
    today = _dt.date.today()
    found: dict = {"state": state, "plans": [], "meetings": [], "sections": (),
                   "labels": labels(state.genre, mark=_mark())}
    try:
        lib = jobs.library(unit_libraries())
        found["plans"], found["meetings"] = list(lib.plans.values()), list(lib.meetings.values())
        if state.genre == PLAN and not state.profile and lib.plans:
            state = replace(state, profile=next(iter(lib.plans)))
        if state.genre == SPEECH and not state.meeting and lib.meetings:
            state = replace(state, meeting=next(iter(lib.meetings)))
        found["state"] = state
        recipe = _recipe(state, lib)
        target = _year_of(state, today)
        if refitted and chosen is not None:  # the year changed: keep what still fits it
            chosen = refit(chosen, lib, recipe, target)
        found["sections"] = sections_view(lib, recipe, target, _texts(lib, state, recipe, target), chosen)
        found["recipe"], found["listed_year"] = recipe, target
    except DraftError as exc:
        if values.get("problem") is None:
            values["problem"] = shown(exc)
    return {**found, **values}


@bp.get("/draft")
def form():
    """The form, filled from draft.yaml, every section of the default recipe ticked."""
    return page("draft.html", **_form(_state(request.args, _dt.date.today())))


@bp.get("/draft/sections")
def sections():
    """The sections of the recipe, year and genre asked for, as the form lists them (for the page's script).

    With ``keep`` (only the year changed) the user's arrangement sent along is kept where it fits the year.
    """
    state = _state(request.args, _dt.date.today())
    values = _form(state, choices(request.args), refitted=True) if request.args.get("keep") else _form(state)
    if values.get("problem") is not None:
        return render_template("draft_problem.html", problem=values["problem"]), 400
    return render_template("draft_sections.html", **values)


@bp.get("/draft/search")
def search():
    """Snippets of one section's category for the year, best first, ranked as ``draft snippets search`` ranks."""
    args = request.args
    genre = args.get("genre") if args.get("genre") in (PLAN, SPEECH) else PLAN
    query = (args.get("q") or "").strip()
    if not query:
        return jsonify(problem="请输入要搜索的词，如 三会一课"), 400
    state = _state(args, _dt.date.today())
    target = _year_of(state, _dt.date.today())
    try:
        extra = unit_libraries()
        found = jobs.search(query, extra, category=args.get("category") or None, genre=genre, limit=60)
        lib = jobs.library(extra)
        recipe = _recipe(replace(state, genre=genre), lib)
        texts = _texts(lib, state, recipe, target)
        results = []
        for hit in found.hits:
            snippet = lib.get(hit.id)
            if snippet is None or snippet.kind != ITEM or not snippet.valid_for(target):
                continue
            o = texts.option(hit.id)
            results.append({"id": o.id, "name": o.name, "text": o.detail, "span": o.span})
            if len(results) == 10:
                break
    except DraftError as exc:
        return jsonify(problem=shown(exc).text), 400
    return jsonify(query=query, results=results)


def _date() -> _dt.date | None:
    text = (request.form.get("date") or "").strip()
    if not text:
        return None
    found = parse_date(text)
    if found is None:
        raise InputError(f"日期“{text}”无法识别", hint=f"请写成 {DATE_FORMS}")
    return found


def _request(state: State) -> jobs.Request:
    return jobs.Request(genre=state.genre, year=year("year"), profile=state.profile or None,
                        meeting=state.meeting or None, date=_date(), libraries=unit_libraries(),
                        **{k: getattr(state, k) or None for k in NAMES})


def _save(state: State) -> str:
    saved = jobs.save_settings(bench().work.root, **{k: getattr(state, k) or None for k in NAMES})
    where = _shown_path(saved.path)
    kept = f"，原来的设置已备份为 {saved.backup.name}" if saved.backup else ""
    return f"已保存为本单位设置（{where}）{kept}。下次打开起草页面时自动填好。"


def _shown_path(path: Path) -> str:
    try:
        return str(path.relative_to(bench().work.root))
    except ValueError:
        return str(path)


def _draft(req: jobs.Request, recipe: Recipe) -> jobs.Result:
    """The draft, written under 起草/ and named after its title as ``draft plan`` names it; never over a file."""
    folder = bench().work.sub("draft")

    def named(outline) -> Path:
        return numbered(folder, safe_name(jobs.output_name(outline.title, req.genre), "文稿"))

    for _ in range(100):
        try:
            return jobs.draft(req, recipe=recipe, target=named)
        except Exists:  # the name was taken while the draft was written: the next number
            continue
    raise InputError("同名文件太多，无法再新建", path=folder)


@bp.post("/draft")
def run():
    """Generate the draft as the form arranged it (saving the unit's names first when asked)."""
    state = _state(request.form, _dt.date.today())
    chosen = choices(request.form)
    saved = None
    try:
        req = _request(state)
        lib = jobs.library(req.libraries)
        recipe = arranged(_recipe(state, lib), chosen, lib, req.year or jobs.default_year(_dt.date.today()))
        if state.save:
            saved = _save(state)
        result = _draft(req, recipe)
    except DraftError as exc:
        return page("draft.html", 400, **_form(state, chosen, problem=shown(exc), saved=saved))
    token = bench().work.token(result.path)
    shown_result = {
        "name": result.path.name, "href": link(result.path), "notes": result.notes,
        "doc": reading(result.outline, _mark()), "genre": result.outline.genre,
        "section_count": len(result.outline.sections), "item_count": sum(len(s.items) for s in result.outline.sections),
        "pages": url_for("draft.pages", token=token) if can_show_pages() else None,
        "length": _length(result),
    }
    return page("draft.html", **_form(state, chosen, result=shown_result, saved=saved))


def _length(result: jobs.Result) -> str | None:
    """A speech's length as the report says it (全文约 4,400 字，按每分钟 220 字约 20 分钟); None for a plan."""
    if result.length is None:
        return None
    from ...speech.length import describe

    return describe(result.length, result.rate)


@bp.post("/draft/settings")
def save():
    """Save the unit's names into draft.yaml (the old file kept as a backup); the form stays as it was."""
    state = _state(request.form, _dt.date.today())
    chosen = choices(request.form)
    try:
        saved = _save(state)
    except DraftError as exc:
        return page("draft.html", 400, **_form(state, chosen, problem=shown(exc)))
    return page("draft.html", **_form(state, chosen, saved=saved))


@bp.post("/draft/pages/<token>")
def pages(token: str):
    """The page images of a draft this page wrote, made through LibreOffice on the first request."""
    b = bench()
    path = b.work.file(token)
    drafts = b.work.sub("draft")
    if path is None or path.parent != drafts or path.suffix.lower() != ".docx":
        abort(404)
    with b.lock:
        images = b.tasks.get(f"draft-pages:{path}")
        if images is None:
            images = b.tasks[f"draft-pages:{path}"] = PageImages(path, numbered(drafts / PREVIEWS, path.stem))
    images.make()
    if images.problem is not None:
        return jsonify(problem=shown(images.problem).text)
    return jsonify(pages=[url_for("files.view", token=b.work.token(p)) for p in images.pages],
                   pdf=link(images.pdf) if images.pdf else None)

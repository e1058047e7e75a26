"""Lint a snippet repository (``draft snippets lint``): every problem at once, each with file and line.

What a repository's CI runs before a change is merged. Unlike loading the library
for drafting, which stops at the first problem, lint carries on past a broken
snippet or file and reports them all:

* schema — YAML syntax, unknown or missing keys, Jinja syntax, undefined
  parameters, ``until`` before ``since`` (the library's own validation, so a
  message is word for word what ``draft plan`` would stop with);
* ids and recipe names defined twice in the repository;
* recipes naming snippets that do not exist or are of the wrong kind;
* every snippet rendered for each year it is valid in (within the political
  calendar), once per distinct set of the values it uses, as the assembler
  renders it: a failure names the year; the text goes through the ``draft
  check`` rules that apply to a paragraph (typos, half-width punctuation,
  unbalanced quotes, template leftovers, placeholders, and references to the
  calendar that are stale in one of its years), with ``draft check``'s
  severities, located at the line of the file the text is on;
* governance (warnings): a review overdue (``reviewed`` + ``review_every``
  before today), a ``review_every`` never reviewed, a ``replaced_by`` naming no
  snippet, a replaced snippet still listed by a recipe of the repository;
* near-duplicate texts (``similar.snippet_pairs``): pairs of the same kind whose
  valid years overlap, at least one of them in the repository, with both named.

Fast enough for a pre-commit hook (the modules of this package):

* ``render`` — a snippet is rendered once per distinct set of the year facts it
  uses, not once per year;
* ``store`` — an unchanged file's rendering result comes from the lint cache
  (keyed by the file's checksum, the calendar's, the check rules' and the
  code's version); the checks across files run over everything on every run;
* ``index`` — a file lint will not render (its result cached, or not one of
  ``only``) is read in a light form, without its texts, which is all the checks
  across files need: decoding every snippet in full cost most of a pre-commit run;
* ``dupes`` — near-duplicates among texts seen before come from the cache, only
  new texts are compared;
* ``workers`` — worker processes (``--jobs``) parse and render the files of a
  cold run, and compile the check rules while a warm one reads the library;
* ``changed`` — ``--changed`` reports on the files changed against git HEAD only
  (``only``: those files), the rest of the repository still checked against.

The repository is checked as it would be used: laid over the bundled library, so
recipes may name bundled snippets and a repository snippet may replace a bundled
one by using its id. Reads files, but only to parse them and to find the line a
problem is on; prints nothing.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable

from ..cache import digest, library_cached, parse_files
from ..errors import DataError
from ..library import (
    FileContent,
    Library,
    check_keywords,
    check_refs,
    lay_over,
    repository_files,
    parse_file,
    repository_base,
)
from ..model import CheckRules, Snippet
from ..yearfacts import covered_years
from .render import ERROR, SAMPLE, WARNING, Context, Problem, Rendered, SnippetResult, check_texts

__all__ = ["ERROR", "WARNING", "LintReport", "Problem", "Rendered", "SAMPLE", "check_texts", "lint", "year_window"]

#: Files parsed again from which lint writes the parse cache anew (``cache.parse_files``).
PARSE_KEEP_FROM = 3
#: Years checked when the calendar records no congress to bound them.
FALLBACK_WINDOW = (2016, 2030)


@dataclass(frozen=True)
class LintReport:
    """What lint found in a repository folder (with ``only``: in those of its files)."""

    folder: Path
    files: int
    snippets: int
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != ERROR]


#: The stages of a lint run, as a progress bar shows them.
STAGES = ("读取文件", "检查 id 和引用", "逐年渲染并检查", "查找重复")


def lint(folder: Path, *, progress: Callable[[int, str], None] | None = None,
         today: _dt.date | None = None, jobs: int | None = 1, only: Iterable[Path] | None = None) -> LintReport:
    """Check every file and snippet of the repository ``folder``.

    ``progress(n, stage)`` is called as each of the ``STAGES`` starts; ``today`` is
    the day overdue reviews are judged by (default: the real one). ``jobs`` worker
    processes parse and render the files the caches do not have (None: chosen by
    the work, ``workers``); the result is the same with any number. With ``only``
    (files of the repository), the problems of those files alone are reported,
    and those the checks across files find involving them: the rest of the
    repository is read and checked against, not rendered.
    """
    from .workers import Pool

    files = repository_files(folder)
    pool = Pool(jobs, cold=not library_cached(folder))
    try:
        return _lint(folder, files, pool, progress, today, only)
    finally:
        pool.close()


def _lint(folder: Path, files: list[Path], pool, progress, today, only, light: bool = True) -> LintReport:
    def stage(n: int) -> None:
        if progress is not None:
            progress(n, STAGES[n])

    from .index import Index
    from .store import Store, code_version, context_key

    problems: list[Problem] = []
    dropped: set[Path] = set()
    broken: set[Path] = set()

    def every_problem(path: Path, first: Exception) -> FileContent | None:
        # The file failed validation: parse it again, this time collecting all its problems.
        broken.add(path)
        found: list[DataError] = []
        try:
            content = parse_file(path, found)
        except DataError as exc:
            found.append(exc)
            content = None
        problems.extend(Problem(exc, "schema") for exc in found or [first])
        if content is None:
            dropped.add(path)
        return content

    stage(0)
    chosen = None
    if only is not None:
        wanted = {_resolved(Path(p)) for p in only}
        names = {p.name for p in wanted}  # only a file of the same name can be one of them: resolved
        chosen = {str(f) for f in files if f.name in names and _resolved(f) in wanted}
    version = code_version()
    store = Store(folder, version)
    index = Index(folder, version)
    checksums = {str(f): _checksum(f) for f in files}
    # A file lint will not render (not one of ``only``, or its result cached) is needed only by the
    # checks across files: its light form from the index will do.
    lights = {}
    if light:
        for f in files:
            key = str(f)
            if (key not in chosen) if chosen is not None else store.holds(key, checksums[key]):
                found = index.get(key, checksums[key])
                if found is not None:
                    lights[key] = found
    heavy = [f for f in files if str(f) not in lights]
    # Valid files that have not changed come from the parse cache drafting shares.
    # A first run parses in the workers (without --jobs: when nothing is cached yet).
    parse = pool.parser(heavy) if pool.parses(library_cached(folder)) else parse_file
    # A file or two changed (a pre-commit run) are parsed again next time rather than the
    # whole library's parse written again now (what drafting next does in any case).
    decoded = iter(parse_files(folder, heavy, parse, every_problem, keep_from=PARSE_KEEP_FROM,
                               others=[f for f in files if str(f) in lights]))
    paths = [f for f in files if f not in dropped]
    parsed = [lights[str(f)].content if str(f) in lights else next(decoded) for f in paths]
    stage(1)
    contents = _first_definitions(parsed, problems)
    lib = _library(folder, contents, problems)
    own = [s for c in contents for s in c.snippets]
    problems += _governance(lib, own, contents, today or _dt.date.today())
    stage(2)
    ctx = Context(lib.calendar, lib.checks, year_window(lib), next(iter(lib.meetings), ""))
    store.bind(context_key(_sources(folder, paths, parsed, checksums), ctx))
    rendering = _Rendering(paths, parsed, contents, store, chosen, checksums)
    if any(str(paths[k]) in lights for k, _ in rendering.todo):
        # a result the store did not have after all (another calendar, a damaged entry): in full
        return _lint(folder, files, pool, progress, today, only, light=False)
    # In the workers, while the near-duplicates are searched here; or here, at once.
    collect = pool.render([snippets for _, snippets in rendering.todo], ctx)
    stage(3)
    known, texts = _fingerprints(paths, parsed, lights)
    def light_texts() -> dict[str, str]:
        # the index's texts file, or else the full parse of the light files
        found = index.texts()
        if all(fp in found for light in lights.values() for fp in light.fingerprints):
            return found
        return {**found, **_texts_of(folder, [f for f in files if str(f) in lights], heavy)}

    near, state = _near_duplicates(lib, own, store.near, known, texts, light_texts, index.masks())
    masks = state["masks"]
    for f, content in zip(paths, parsed):
        if str(f) not in lights and f not in broken:
            fps = tuple(known[id(s)] for s in content.snippets)
            if all(fp in masks for fp in fps):
                index.put(str(f), checksums[str(f)], content, fps, tuple(masks[fp] for fp in fps))
    problems += rendering.problems(collect())
    problems += near
    held = index.save(files, texts)
    # the masks the index file holds are not kept twice
    store.save({"masks": {fp: m for fp, m in masks.items() if held.get(fp) != m}, "pairs": state["pairs"]})
    if chosen is not None:
        problems = [p for p in problems if p.path in chosen or p.code == "reference"
                    or any(a in chosen for a in p.also)]
        files = [f for f in files if str(f) in chosen]
        own = [s for s in own if s.origin is not None and s.origin.path in chosen]
    problems.sort(key=lambda p: (p.path, p.line))
    return LintReport(folder, len(files), len(own), tuple(problems))


def _sources(folder: Path, paths: list[Path], parsed: list[FileContent], checksums: dict) -> list:
    """The files the run's calendar and check rules were read from, with their checksums, in order (``context_key``)."""
    from ..library import library_files
    from ..resources import bundled

    out = []
    base = bundled("snippets")
    if folder.resolve() != base.resolve():  # what ``repository_base`` lays the repository over
        out += ((str(f), _checksum(f)) for f in library_files(base))
    empty = CheckRules()
    out += ((str(f), checksums[str(f)]) for f, c in zip(paths, parsed)
            if c.calendar is not None or c.typos or c.ads or c.checks != empty)
    return out


def _checksum(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def _fingerprints(paths: list[Path], parsed: list[FileContent], lights: dict) -> tuple[dict[int, str], dict[str, str]]:
    """The near-duplicate fingerprint of every snippet of the repository (by ``id()``), and the texts at hand by fingerprint."""
    from .dupes import fingerprint

    known: dict[int, str] = {}
    texts: dict[str, str] = {}
    for path, content in zip(paths, parsed):
        light = lights.get(str(path))
        if light is not None:
            known.update(zip(map(id, content.snippets), light.fingerprints))
            continue
        for s in content.snippets:
            fp, text = fingerprint(s)
            known[id(s)] = fp
            texts.setdefault(fp, text)
    return known, texts


def _texts_of(folder: Path, files: list[Path], heavy: list[Path]) -> dict[str, str]:
    """The texts of the snippets of ``files`` (light ones) by fingerprint: their full parse, when one is needed."""
    from .dupes import fingerprint

    out: dict[str, str] = {}
    for content in parse_files(folder, files, parse_file, lambda path, exc: None, keep_from=len(files) + 1,
                               others=heavy):
        for s in content.snippets:
            fp, text = fingerprint(s)
            out.setdefault(fp, text)
    return out


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


# -- ids, names and references ------------------------------------------------------


def _first_definitions(contents: list[FileContent], problems: list[Problem]) -> list[FileContent]:
    """The contents with every id and recipe name kept at its first definition; later ones reported."""
    ids: dict[str, Snippet] = {}
    names: dict[str, object] = {}
    out = []
    for content in contents:
        snippets = []
        for s in content.snippets:
            if s.id in ids:
                first = ids[s.id].origin
                problems.append(Problem(DataError(
                    f"片段 id“{s.id}”重复，已在 {first} 定义过",
                    path=s.origin.path if s.origin else None, line=s.origin.line if s.origin else None,
                    snippet=s.id), "duplicate-id", also=(first.path,) if first and first.path else ()))
            else:
                ids[s.id] = s
                snippets.append(s)
        recipes = {}
        for key in ("plans", "meetings"):
            kept = []
            for r in getattr(content, key):
                if r.name in names:
                    first = names[r.name]
                    problems.append(Problem(DataError(
                        f"“{r.name}”重复，已在 {first} 定义过",
                        path=r.origin.path if r.origin else None, line=r.origin.line if r.origin else None),
                        "duplicate-name", also=(first.path,) if getattr(first, "path", None) else ()))
                else:
                    names[r.name] = r.origin
                    kept.append(r)
            recipes[key] = tuple(kept)
        out.append(replace(content, snippets=tuple(snippets), **recipes))
    return out


def _library(folder: Path, contents: list[FileContent], problems: list[Problem]) -> Library:
    """The bundled library with the repository laid over it; references and keywords checked."""
    lib = repository_base(folder)
    refs: list = []
    lay_over(lib, contents, refs)
    for ref in refs:
        try:
            check_refs(lib, [ref], [])
        except DataError as exc:
            problems.append(Problem(exc, "reference"))
    for content in contents:
        for recipe in content.plans + content.meetings:
            try:
                check_refs(lib, [], [recipe])
            except DataError as exc:
                problems.append(Problem(exc, "reference"))
    try:
        check_keywords(lib)
    except DataError as exc:
        problems.append(Problem(exc, "reference"))
    return lib


def _governance(lib: Library, own: list[Snippet], contents: list[FileContent], today: _dt.date) -> list[Problem]:
    """Overdue or missing reviews, unknown ``replaced_by`` targets, replaced snippets still in a recipe: warnings."""
    from ..governance import governance_warnings

    refs = [ref for content in contents for ref in content.refs]
    return [Problem(error, code, WARNING)
            for code, error in governance_warnings(own, lib.snippets, refs, today)]


# -- rendering and the draft check rules -----------------------------------------------------


def year_window(lib: Library) -> tuple[int, int]:
    """The years snippets are rendered for: those a draft may be for (the calendar's coverage)."""
    return covered_years(lib.calendar) or FALLBACK_WINDOW


class _Rendering:
    """Each file's snippets rendered for every year they are valid in, or the file's cached result.

    A file's result is kept per snippet of the file as parsed, so that a snippet
    left out here (its id defined before, in another file) is simply not reported.
    """

    def __init__(self, paths: list[Path], parsed: list[FileContent], contents: list[FileContent], store,
                 chosen: set[str] | None, checksums: dict[str, str | None]) -> None:
        self.paths, self.parsed, self.contents, self.store = paths, parsed, contents, store
        self.results: list[list[SnippetResult | None] | None] = []
        self.checksums: list[str | None] = []
        #: the files to render: (their number, their snippets)
        self.todo: list[tuple[int, list[Snippet]]] = []
        for k, (path, raw, content) in enumerate(zip(paths, parsed, contents)):
            key = str(path)
            if chosen is not None and key not in chosen:
                store.keep(key)
                self.results.append(None)
                self.checksums.append(None)
                continue
            checksum = checksums[key]
            self.checksums.append(checksum)
            kept = {id(s) for s in content.snippets}
            found = store.get(key, checksum)
            if found is not None and (len(found) != len(raw.snippets) or any(
                    r is None and id(s) in kept for r, s in zip(found, raw.snippets))):
                found = None  # rendered without a snippet needed now: rendered again
            self.results.append(found)
            if found is None:
                self.todo.append((k, list(content.snippets)))

    def problems(self, rendered: list[list[SnippetResult]]) -> list[Problem]:
        """The problems of every file, given the results of the files to render (in order), which are cached."""
        for (k, _), results in zip(self.todo, rendered):
            by_id = iter(results)
            kept = {id(s) for s in self.contents[k].snippets}
            self.results[k] = [next(by_id) if id(s) in kept else None for s in self.parsed[k].snippets]
            self.store.put(str(self.paths[k]), self.checksums[k], self.results[k])
        out: list[Problem] = []
        for k, found in enumerate(self.results):
            if found is None:
                continue
            kept = {id(s) for s in self.contents[k].snippets}
            mine = [r for r, s in zip(found, self.parsed[k].snippets) if r is not None and id(s) in kept]
            # As one pass over all snippets reported them: the file's failures, then its findings.
            out += (p for r in mine for p in r.failures)
            out += (p for r in mine for p in r.findings)
        return out


# -- near-duplicates ------------------------------------------------------------------


def _near_duplicates(lib: Library, own: list[Snippet], cached: object, known: dict[int, str], texts: dict[str, str],
                     more, masks: dict[str, str]) -> tuple[list[Problem], dict]:
    """Near-duplicate pairs (``similar.snippet_pairs``) with at least one snippet of the repository; the cache state.

    ``known``, ``texts``, ``more`` and ``masks`` are ``dupes.near_pairs``'s: the
    repository's fingerprints, the texts at hand, the texts of the light snippets
    when needed, the masks the index keeps.
    """
    from .dupes import near_pairs

    mine = {id(s) for s in own}
    out = []
    pairs, state = near_pairs(list(lib.snippets.values()), cached, known, texts, more, masks)
    for first, second, similarity in pairs:
        if id(second) not in mine:  # report at the one the repository can change
            first, second = second, first
        if id(second) not in mine:
            continue
        origin = second.origin
        same = "相同" if similarity >= 1 else f"几乎相同（相似度 {similarity:.2f}）"
        out.append(Problem(DataError(
            f"片段“{second.id}”与“{first.id}”（{first.origin}）{same}",
            path=origin.path if origin else None, line=origin.line if origin else None, snippet=second.id,
            hint="保留一个即可；两者用于不同年份时，请用 since/until 把年份分开"), "near-duplicate",
            also=(first.origin.path,) if first.origin and first.origin.path else ()))
    return out, state

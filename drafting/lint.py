"""Lint a snippet repository (``draft snippets lint``): every problem at once, each with file and line.

What a repository's CI runs before a change is merged. Unlike loading the library
for drafting, which stops at the first problem, lint carries on past a broken
snippet or file and reports them all:

* schema — YAML syntax, unknown or missing keys, Jinja syntax, undefined
  parameters, ``until`` before ``since`` (the library's own validation, so a
  message is word for word what ``draft plan`` would stop with);
* ids and recipe names defined twice in the repository;
* recipes naming snippets that do not exist or are of the wrong kind;
* half-width punctuation (``, ; : ? ! ( )``) in Chinese text;
* every snippet rendered for each year it is valid in (within the political
  calendar), once per distinct set of the values it uses, as the assembler
  renders it; the rendered text goes through the ``draft check`` rules;
* near-duplicate texts (``similar.similar_pairs``): pairs of the same kind whose
  valid years overlap, at least one of them in the repository, with both named.

The repository is checked as it would be used: laid over the bundled library, so
recipes may name bundled snippets and a repository snippet may replace a bundled
one by using its id. Reads files, but only to parse them and to find the line a
problem is on; prints nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from . import sandbox
from .cache import parse_files
from .assemble import parameters, render_snippet
from .errors import DataError, DraftError
from .library import (
    FileContent,
    Library,
    check_keywords,
    check_refs,
    lay_over,
    library_files,
    parse_file,
    repository_base,
)
from .model import SPEECH, Finding, Occasion, Snippet
from .punctuation import FULLWIDTH, halfwidth
from .similar import snippet_pairs
from .yearfacts import year_facts

__all__ = ["LintReport", "Problem", "lint", "year_window"]

ERROR, WARNING = "error", "warning"
#: The organisation snippets are rendered for: a neutral stand-in, never flagged by a check.
SAMPLE = Occasion(year=2000, org="本单位", org_short="本单位", superior="上级党组织", speaker="")
#: Years checked when the calendar has no five-year plans to bound them.
FALLBACK_WINDOW = (2016, 2030)

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


@dataclass(frozen=True)
class Problem:
    """One finding of lint: the located error, a stable code and a severity."""

    error: DraftError
    code: str
    severity: str = ERROR

    @property
    def path(self) -> str:
        return self.error.path or ""

    @property
    def line(self) -> int:
        return self.error.line or 0

    def __str__(self) -> str:
        """As ``draft`` prints an error: word for word what drafting would stop with."""
        return f"{'错误' if self.severity == ERROR else '警告'}：{self.error}"

    def to_json(self) -> dict:
        """The problem as a JSON object."""
        e = self.error
        return {"code": self.code, "severity": self.severity, "path": e.path, "line": e.line,
                "snippet": e.snippet, "message": e.message, "hint": e.hint}


@dataclass(frozen=True)
class LintReport:
    """What lint found in a repository folder."""

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
STAGES = ("读取文件", "检查 id 和引用", "检查标点", "逐年渲染", "查找重复")


def lint(folder: Path, *, progress: Callable[[int, str], None] | None = None) -> LintReport:
    """Check every file and snippet of the repository ``folder``.

    ``progress(n, stage)`` is called as each of the ``STAGES`` starts.
    """
    def stage(n: int) -> None:
        if progress is not None:
            progress(n, STAGES[n])

    files = library_files(folder)
    if not files:
        raise DataError("这个目录里没有素材文件（.yaml）", path=folder)
    problems: list[Problem] = []

    def every_problem(path: Path, first: Exception) -> FileContent | None:
        # The file failed validation: parse it again, this time collecting all its problems.
        found: list[DataError] = []
        try:
            content = parse_file(path, found)
        except DataError as exc:
            found.append(exc)
            content = None
        problems.extend(Problem(exc, "schema") for exc in found or [first])
        return content

    stage(0)
    # Valid files that have not changed come from the parse cache drafting shares.
    contents = parse_files(folder, files, parse_file, every_problem)
    stage(1)
    contents = _first_definitions(contents, problems)
    lib = _library(folder, contents, problems)
    own = [s for c in contents for s in c.snippets]
    stage(2)
    problems += _punctuation(own, _Lines())
    stage(3)
    problems += _rendering(lib, own)
    stage(4)
    problems += _near_duplicates(lib, own)
    problems.sort(key=lambda p: (p.path, p.line))
    return LintReport(folder, len(files), len(own), tuple(problems))


# -- ids, names and references ------------------------------------------------------


def _first_definitions(contents: list[FileContent], problems: list[Problem]) -> list[FileContent]:
    """The contents with every id and recipe name kept at its first definition; later ones reported."""
    from dataclasses import replace

    ids: dict[str, Snippet] = {}
    names: dict[str, object] = {}
    out = []
    for content in contents:
        snippets = []
        for s in content.snippets:
            if s.id in ids:
                problems.append(Problem(DataError(
                    f"片段 id“{s.id}”重复，已在 {ids[s.id].origin} 定义过",
                    path=s.origin.path if s.origin else None, line=s.origin.line if s.origin else None,
                    snippet=s.id), "duplicate-id"))
            else:
                ids[s.id] = s
                snippets.append(s)
        recipes = {}
        for key in ("plans", "meetings"):
            kept = []
            for r in getattr(content, key):
                if r.name in names:
                    problems.append(Problem(DataError(
                        f"“{r.name}”重复，已在 {names[r.name]} 定义过",
                        path=r.origin.path if r.origin else None, line=r.origin.line if r.origin else None),
                        "duplicate-name"))
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


# -- punctuation ----------------------------------------------------------------------


class _Lines:
    """The lines of library files, read once, to find which line a piece of text is on."""

    def __init__(self) -> None:
        self._files: dict[str, list[str]] = {}

    def find(self, path: str, start: int, fragments: Iterable[str]) -> int:
        """The first line from ``start`` (1-based) holding one of ``fragments``; ``start`` if none does."""
        if path not in self._files:
            try:
                self._files[path] = Path(path).read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError):
                self._files[path] = []
        lines = self._files[path]
        for fragment in fragments:
            for n in range(start - 1, min(len(lines), start + 200)):
                if fragment in lines[n]:
                    return n + 1
        return start


def _fields(snippet: Snippet) -> list[tuple[str, str]]:
    out = [("lead", snippet.lead)] if snippet.lead else []
    out.append(("body", snippet.body))
    out += [(f"points[{i}]", p) for i, p in enumerate(snippet.points)]
    return out


def _masked(source: str) -> str:
    """``source`` with Jinja tags blanked out at the same length: a value reads as Chinese text."""
    return _TAG.sub(lambda m: ("中" if m.group().startswith("{{") else " ") * len(m.group()), source)


def _punctuation(snippets: Iterable[Snippet], lines: _Lines) -> list[Problem]:
    """Half-width punctuation in Chinese text, one problem per line it is on."""
    out = []
    for s in snippets:
        if s.origin is None:
            continue
        for name, source in _fields(s):
            by_line: dict[int, list[str]] = {}
            for pos, mark in halfwidth(_masked(source)):
                around = source[max(0, pos - 3):pos + 3].replace("\n", " ")
                tight = [source[max(0, pos - 2):pos + 1], source[pos:pos + 3]]
                line = lines.find(s.origin.path, s.line_of(name) or s.origin.line or 1,
                                  [f for f in tight if "\n" not in f])
                by_line.setdefault(line, []).append(f"“{around.strip()}”中的“{mark}”应为“{FULLWIDTH[mark]}”")
            for line, marks in by_line.items():
                out.append(Problem(DataError(
                    "中文里用了半角标点：" + "；".join(marks), path=s.origin.path, line=line, snippet=s.id,
                    hint="中文文字中请用全角标点（GB/T 15834）"), "halfwidth-punctuation"))
    return out


# -- rendering ------------------------------------------------------------------------


def year_window(lib: Library) -> tuple[int, int]:
    """The years snippets are rendered for: those the calendar's five-year plans cover."""
    plans = lib.calendar.five_year_plans
    if not plans:
        return FALLBACK_WINDOW
    return min(p.start for p in plans), max(p.end for p in plans)


def _names(snippet: Snippet) -> tuple[str, ...]:
    found: set[str] = set()
    for _, source in _fields(snippet):
        found |= sandbox.undeclared(source)
    return tuple(sorted(found))


def _rendering(lib: Library, snippets: Iterable[Snippet]) -> list[Problem]:
    """Render each snippet for its valid years; a failure or a check finding is a problem."""
    low, high = year_window(lib)
    meeting = next(iter(lib.meetings), "")
    params = {
        (year, genre): parameters(year_facts(lib.calendar, year), _occasion(year),
                                  meeting if genre == SPEECH else "")
        for year in range(low, high + 1) for genre in ("plan", SPEECH)
    }
    out = []
    for s in snippets:
        first, last = max(low, s.since or low), min(high, s.until or high)
        names = _names(s)
        genre = "plan" if "plan" in s.genres else SPEECH
        done: set[tuple] = set()  # a snippet using no year-dependent value is rendered once
        for year in range(first, last + 1):
            values = params[(year, genre)]
            key = tuple(values[n] for n in names)
            if key in done:
                continue
            done.add(key)
            try:
                texts = render_snippet(s, values)
            except DraftError as exc:
                out.append(Problem(DataError(f"按{year}年渲染失败：{exc.message}", path=exc.path, line=exc.line,
                                             snippet=s.id, hint=exc.hint), "render"))
                break  # one failure per snippet says enough
            out += (_finding_problem(s, year, f) for f in check_texts(texts, year))
    return out


def _occasion(year: int) -> Occasion:
    from dataclasses import replace

    return replace(SAMPLE, year=year)


def check_texts(paragraphs: tuple[str, ...], year: int) -> list[Finding]:
    """The ``draft check`` rules on a rendered snippet.

    THE ONE CALL SITE for ``drafting.check`` (issue 6, written in parallel): when it
    is merged, call its rules here on ``paragraphs`` for ``year`` and return their
    findings. Until then there are no rule findings. Half-width punctuation is
    reported from the source (with its line) by ``_punctuation``, so a rule of
    the same code should be left out here.
    """
    return []


def _finding_problem(snippet: Snippet, year: int, finding: Finding) -> Problem:
    origin = snippet.origin
    severity = ERROR if finding.severity == ERROR else WARNING
    return Problem(DataError(
        f"按{year}年渲染后：{finding.message}" + (f"（“{finding.excerpt}”）" if finding.excerpt else ""),
        path=origin.path if origin else None, line=snippet.line_of("body"), snippet=snippet.id,
        hint=finding.suggestion), finding.code, severity)


# -- near-duplicates ------------------------------------------------------------------


def _near_duplicates(lib: Library, own: list[Snippet]) -> list[Problem]:
    """Near-duplicate pairs (``similar.snippet_pairs``) with at least one snippet of the repository."""
    mine = {id(s) for s in own}
    out = []
    for first, second, similarity in snippet_pairs(lib.snippets.values()):
        if id(second) not in mine:  # report at the one the repository can change
            first, second = second, first
        if id(second) not in mine:
            continue
        origin = second.origin
        same = "相同" if similarity >= 1 else f"几乎相同（相似度 {similarity:.2f}）"
        out.append(Problem(DataError(
            f"片段“{second.id}”与“{first.id}”（{first.origin}）{same}",
            path=origin.path if origin else None, line=origin.line if origin else None, snippet=second.id,
            hint="保留一个即可；两者用于不同年份时，请用 since/until 把年份分开"), "near-duplicate"))
    return out

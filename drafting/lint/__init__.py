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

The repository is checked as it would be used: laid over the bundled library, so
recipes may name bundled snippets and a repository snippet may replace a bundled
one by using its id. Reads files, but only to parse them and to find the line a
problem is on; prints nothing.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable

from . import sandbox
from .assemble import parameters, render_snippet
from .cache import parse_files
from .errors import DataError, DraftError
from .library import (
    FileContent,
    Library,
    check_keywords,
    check_refs,
    lay_over,
    repository_files,
    parse_file,
    repository_base,
)
from .model import FACT_PARAMS, PLAN, SPEECH, Calendar, Finding, Occasion, Snippet
from .similar import snippet_pairs
from .yearfacts import covered_years, year_facts

__all__ = ["LintReport", "Problem", "lint", "year_window"]

ERROR, WARNING = "error", "warning"
#: The organisation snippets are rendered for: a neutral stand-in, never flagged by a check.
SAMPLE = Occasion(year=2000, org="本单位", org_short="本单位", superior="上级党组织", speaker="")
#: Years checked when the calendar records no congress to bound them.
FALLBACK_WINDOW = (2016, 2030)


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
STAGES = ("读取文件", "检查 id 和引用", "逐年渲染并检查", "查找重复")


def lint(folder: Path, *, progress: Callable[[int, str], None] | None = None,
         today: _dt.date | None = None) -> LintReport:
    """Check every file and snippet of the repository ``folder``.

    ``progress(n, stage)`` is called as each of the ``STAGES`` starts; ``today`` is
    the day overdue reviews are judged by (default: the real one).
    """
    def stage(n: int) -> None:
        if progress is not None:
            progress(n, STAGES[n])

    files = repository_files(folder)
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
    problems += _governance(lib, own, contents, today or _dt.date.today())
    stage(2)
    problems += _rendering(lib, own)
    stage(3)
    problems += _near_duplicates(lib, own)
    problems.sort(key=lambda p: (p.path, p.line))
    return LintReport(folder, len(files), len(own), tuple(problems))


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


def _governance(lib: Library, own: list[Snippet], contents: list[FileContent], today: _dt.date) -> list[Problem]:
    """Overdue or missing reviews, unknown ``replaced_by`` targets, replaced snippets still in a recipe: warnings."""
    from .governance import governance_warnings

    refs = [ref for content in contents for ref in content.refs]
    return [Problem(error, code, WARNING)
            for code, error in governance_warnings(own, lib.snippets, refs, today)]


# -- rendering and the draft check rules -----------------------------------------------------


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
            if fragment.strip():
                for n in range(start - 1, min(len(lines), start + 200)):
                    if fragment in lines[n]:
                        return n + 1
        return start


def year_window(lib: Library) -> tuple[int, int]:
    """The years snippets are rendered for: those a draft may be for (the calendar's coverage)."""
    return covered_years(lib.calendar) or FALLBACK_WINDOW


def _names(snippet: Snippet) -> tuple[str, ...]:
    found: set[str] = set()
    for source in (snippet.lead or "", snippet.body, *snippet.points):
        found |= sandbox.undeclared(source)
    return tuple(sorted(found))


@dataclass(frozen=True)
class Rendered:
    """A snippet's text for some of its years (all those in which the values it uses are the same)."""

    snippet: Snippet
    years: tuple[int, ...]
    paragraphs: tuple[str, ...]


def _rendering(lib: Library, snippets: Iterable[Snippet]) -> list[Problem]:
    """Render each snippet for every year it is valid in; failures and the check rules' findings."""
    low, high = year_window(lib)
    meeting = next(iter(lib.meetings), "")
    params = {
        (year, genre): parameters(year_facts(lib.calendar, year), replace(SAMPLE, year=year),
                                  meeting if genre == SPEECH else "")
        for year in range(low, high + 1) for genre in (PLAN, SPEECH)
    }
    out: list[Problem] = []
    rendered: list[Rendered] = []
    for s in snippets:
        names = [n for n in _names(s) if n in FACT_PARAMS]  # the others are the same every year
        genre = PLAN if PLAN in s.genres else SPEECH
        valid = range(max(low, s.since or low), min(high, s.until or high) + 1)
        # Years in which every value the snippet uses is the same give the same text.
        groups: dict[tuple, list[int]] = {}
        for year in valid if names else ():
            values = params[(year, genre)]
            groups.setdefault(tuple(values[n] for n in names), []).append(year)
        if not names and valid:
            groups[()] = list(valid)
        for years in groups.values():
            try:
                texts = render_snippet(s, params[(years[0], genre)])
            except DraftError as exc:
                out.append(Problem(DataError(f"按{years[0]}年渲染失败：{exc.message}", path=exc.path,
                                             line=exc.line, snippet=s.id, hint=exc.hint), "render"))
                break  # one failure per snippet says enough
            rendered.append(Rendered(s, tuple(years), texts))
    lines = _Lines()
    for r, found in zip(rendered, check_texts(rendered, lib)):
        # One problem per finding, however many years it occurs in.
        same: dict[tuple[str, str], list] = {}
        for year, finding, paragraph in found:
            same.setdefault((finding.code, finding.excerpt), [finding, paragraph]).append(year)
        out += (_finding_problem(r.snippet, finding, paragraph, years, lines)
                for finding, paragraph, *years in same.values())
    return out


def check_texts(rendered: list[Rendered], lib: Library) -> list[list[tuple[int, Finding, str]]]:
    """The ``draft check`` rules on rendered snippets: for each, its (year, finding, paragraph) triples.

    THE ONE PLACE lint applies ``drafting.check``'s rules. All texts go through them in
    one pass, each paragraph checked as a paragraph of a document of its first
    year; these rules look at one paragraph at a time, so putting the snippets
    side by side changes nothing. Rules about a document as a whole (numbering,
    a pasted second copy, repeated passages, title and year lines) do not apply
    to a snippet and are left out. A reference to the calendar (a plenum list, a
    five-year plan's phase, a campaign) can be stale in one year and current in
    the next while the text stays the same, so those are checked for every year.
    """
    from .check import PER_PARAGRAPH, SEVERITY, CheckContext, DETECTORS, Line
    from .model import Outline, Paragraph
    from .parse import Parsed
    from .yearrefs import find_references, stale_references

    owner: list[tuple[int, str]] = []  # paragraph number → (rendered text number, the paragraph)
    for n, r in enumerate(rendered):
        owner += ((n, text) for text in r.paragraphs)
    paragraphs = tuple(Paragraph(i, text) for i, (_, text) in enumerate(owner))
    lines = tuple(Line(p.index, p.text) for p in paragraphs)
    parsed = Parsed(Outline(genre=PLAN, title=None, sections=()), lines=tuple((p.index, p.text) for p in paragraphs))
    ctx = CheckContext(paragraphs, lines, parsed, None, lib.checks, lib.calendar)
    out: list[list[tuple[int, Finding, str]]] = [[] for _ in rendered]

    def add(finding: Finding, year: int | None = None) -> None:
        n, text = owner[finding.paragraph]
        finding = replace(finding, severity=SEVERITY.get(finding.code, finding.severity))
        out[n].append((year or rendered[n].years[0], finding, text))

    # The detectors that read one paragraph at a time, as check runs them on a header or
    # footnote; stale references are judged below, for every year of a snippet.
    for detect in DETECTORS:
        if detect.__name__ in PER_PARAGRAPH and detect.__name__ != "stale_references":
            for finding in detect(ctx):
                add(finding)
    by_paragraph: dict[int, list] = {}
    cue = _reference_cue(lib.calendar)
    dated = [p for p in paragraphs if cue.search(_QUOTES.sub("", p.text))]
    for ref in find_references(dated, lib.calendar):
        by_paragraph.setdefault(ref.paragraph, []).append(ref)
    for index, refs in by_paragraph.items():
        for year in rendered[owner[index][0]].years:
            for ref, why, suggestion in stale_references(refs, lib.calendar, year):
                add(lines[index].finding("stale-reference", f"“{ref.text}”：{why}", ref.start, ref.end, suggestion),
                    year)
    return out


_QUOTES = re.compile("[“”\"‘’'「」]")


def _reference_cue(calendar: Calendar) -> re.Pattern:
    """What a paragraph must have (quotation marks aside) to hold a reference that can go stale.

    Finding references is the slow part of checking; a paragraph without a plenum,
    a congress, a five-year plan, an anniversary or one of the calendar's campaigns
    and 普法 plans has none of the kinds ``stale_references`` judges, so it is not searched.
    """
    names = [_QUOTES.sub("", n) for n in (*(c.name for c in calendar.campaigns),
                                               *(a for c in calendar.campaigns for a in c.aliases),
                                               *(p.name for p in calendar.legal_plans))]
    return re.compile("|".join(["全会", "党的[十二三四五六七八九]{1,3}大", "十[一二三四五六七八九]五", "周年",
                                *(re.escape(n) for n in names if n)]))


def _finding_problem(snippet: Snippet, finding: Finding, paragraph: str, years: list[int],
                     lines: _Lines) -> Problem:
    """A check finding on a rendered snippet as a problem at the line of the snippet's file it is on."""
    origin = snippet.origin
    path = origin.path if origin else None
    line = snippet.line_of("body")
    start = finding.start or 0
    end = start + len(finding.excerpt)
    if path is not None:
        # The text around the finding, as the source most likely has it (parameters aside).
        around = [paragraph[max(0, start - 3):end + 3], paragraph[max(0, start - 3):end], paragraph[start:end + 3]]
        if len(finding.excerpt) > 1:
            around.append(finding.excerpt)
        line = lines.find(path, snippet.line_of("lead") or line or 1, around)
    when = f"{years[0]}年" if len(years) == 1 else f"{years[0]}年等 {len(years)} 个年份"
    return Problem(DataError(
        f"按{when}渲染后：{finding.message}（“{paragraph[max(0, start - 6):end + 6]}”）",
        path=path, line=line, snippet=snippet.id,
        hint=f"建议改为“{finding.suggestion}”" if finding.suggestion else None),
        finding.code, ERROR if finding.severity == ERROR else WARNING)


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

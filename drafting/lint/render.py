"""Lint's rendering stage: each snippet rendered once per distinct set of the year facts it uses, then checked.

A snippet's text can only differ between two years if one of the year facts it
names (``FACT_PARAMS``) differs, so the years it is valid in collapse to the
distinct values of those facts: a snippet naming nothing of the year renders
once, one naming ``{{ plenums }}`` once per plenum list. A failure or finding
names the first year of its group ("按2023年等 8 个年份"). References to the
calendar that go stale (``years.stale.stale_references``) are judged for every
year, as they depend on the year itself, not only on the text.

The work is done one file at a time (``render_file``), with everything a file's
result depends on in a ``Context``: the same result whether a file is rendered
here, in a worker process (``--jobs``) or read back from the lint cache. Reads a
file only to find the line a finding is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from .. import sandbox
from ..assemble import parameters, render_snippet
from ..errors import DataError, DraftError
from ..model import FACT_PARAMS, PLAN, SPEECH, Calendar, CheckRules, Finding, Occasion, Snippet
from ..yearfacts import year_facts

ERROR, WARNING = "error", "warning"
#: The organisation snippets are rendered for: a neutral stand-in, never flagged by a check.
SAMPLE = Occasion(year=2000, org="本单位", org_short="本单位", superior="上级党组织", speaker="")


@dataclass(frozen=True)
class Problem:
    """One finding of lint: the located error, a stable code and a severity.

    ``also`` are the other files a problem involves (the first definition of a
    duplicate id, the other snippet of a near-duplicate pair): ``--changed`` keeps
    a problem when one of them changed, not only the file it is reported in.
    """

    error: DraftError
    code: str
    severity: str = ERROR
    also: tuple[str, ...] = ()

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
class Context:
    """Everything the rendering of a file depends on besides the file: calendar, check rules, years, meeting."""

    calendar: Calendar
    checks: CheckRules
    window: tuple[int, int]
    meeting: str


@dataclass(frozen=True)
class SnippetResult:
    """What rendering one snippet found: render failures, and the check rules' findings."""

    failures: tuple[Problem, ...]
    findings: tuple[Problem, ...]


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


#: The parameters of the last context, kept with the calendar they were derived from.
_PARAMS: list = []


def _parameters(ctx: Context) -> dict[tuple[int, str], dict]:
    """The parameters of each year of the window and genre, computed once per context in a process."""
    if _PARAMS and _PARAMS[0] is ctx.calendar and _PARAMS[1] == (ctx.window, ctx.meeting):
        return _PARAMS[2]
    low, high = ctx.window
    found = {
        (year, genre): parameters(year_facts(ctx.calendar, year), replace(SAMPLE, year=year),
                                  ctx.meeting if genre == SPEECH else "")
        for year in range(low, high + 1) for genre in (PLAN, SPEECH)
    }
    _PARAMS[:] = [ctx.calendar, (ctx.window, ctx.meeting), found]
    return found


def render_file(snippets: list[Snippet], ctx: Context) -> list[SnippetResult]:
    """Render each snippet (of one file) for every year it is valid in; per snippet, failures and findings."""
    return render_files([snippets], ctx)[0]


def render_files(files: list[list[Snippet]], ctx: Context) -> list[list[SnippetResult]]:
    """``render_file`` of each of ``files``, the check rules run over all of them at once (the same result, faster)."""
    low, high = ctx.window
    params = _parameters(ctx)
    failures: list[list[Problem]] = []
    rendered: list[Rendered] = []
    owners: list[int] = []  # rendered text → its snippet's number, counting through all files
    segments: list[int] = []  # where each file's rendered texts end
    for snippets in files:
        for s in snippets:
            n = len(failures)
            failures.append([])
            names = [name for name in _names(s) if name in FACT_PARAMS]  # the others are the same every year
            genre = PLAN if PLAN in s.genres else SPEECH
            valid = range(max(low, s.since or low), min(high, s.until or high) + 1)
            # Years in which every value the snippet uses is the same give the same text.
            groups: dict[tuple, list[int]] = {}
            for year in valid if names else ():
                values = params[(year, genre)]
                groups.setdefault(tuple(values[name] for name in names), []).append(year)
            if not names and valid:
                groups[()] = list(valid)
            for years in groups.values():
                try:
                    texts = render_snippet(s, params[(years[0], genre)])
                except DraftError as exc:
                    failures[n].append(Problem(DataError(
                        f"按{years[0]}年渲染失败：{exc.message}", path=exc.path, line=exc.line, snippet=s.id,
                        hint=exc.hint), "render"))
                    break  # one failure per snippet says enough
                rendered.append(Rendered(s, tuple(years), texts))
                owners.append(n)
        segments.append(len(rendered))
    findings: list[list[Problem]] = [[] for _ in failures]
    lines = _Lines()
    for n, r, found in zip(owners, rendered, check_texts(rendered, ctx, segments)):
        # One problem per finding, however many years it occurs in.
        same: dict[tuple[str, str], list] = {}
        for year, finding, paragraph in found:
            same.setdefault((finding.code, finding.excerpt), [finding, paragraph]).append(year)
        findings[n] += (_finding_problem(r.snippet, finding, paragraph, years, lines)
                        for finding, paragraph, *years in same.values())
    results = [SnippetResult(tuple(f), tuple(g)) for f, g in zip(failures, findings)]
    out, start = [], 0
    for snippets in files:
        out.append(results[start:start + len(snippets)])
        start += len(snippets)
    return out


def check_texts(rendered: list[Rendered], lib: Context,
                segments: list[int] | None = None) -> list[list[tuple[int, Finding, str]]]:
    """The ``draft check`` rules on rendered snippets: for each, its (year, finding, paragraph) triples.

    ``segments`` are where each file's texts end (default: all one file): references
    are read file by file, as a name broken across two lines is read as one, and
    that must not reach from one file into the next (the result of a file would
    depend on the others, and the lint cache could not keep it).

    THE ONE PLACE lint applies ``drafting.check``'s rules (``lib`` is a ``Context`` or
    a ``Library``: its ``checks`` and ``calendar``). All texts go through them in
    one pass, each paragraph checked as a paragraph of a document of its first
    year; these rules look at one paragraph at a time, so putting the snippets
    side by side changes nothing. Rules about a document as a whole (numbering,
    a pasted second copy, repeated passages, title and year lines) do not apply
    to a snippet and are left out. A reference to the calendar (a plenum list, a
    five-year plan's phase, a campaign) can be stale in one year and current in
    the next while the text stays the same, so those are checked for every year.
    """
    from ..check import PER_PARAGRAPH, SEVERITY, CheckContext, DETECTORS, Line
    from ..model import Outline, Paragraph
    from ..yearrefs import find_references
    from ..years.stale import stale_references

    owner: list[tuple[int, str]] = []  # paragraph number → (rendered text number, the paragraph)
    for n, r in enumerate(rendered):
        owner += ((n, text) for text in r.paragraphs)
    out: list[list[tuple[int, Finding, str]]] = [[] for _ in rendered]
    if not owner:
        return out
    paragraphs = tuple(Paragraph(i, text) for i, (_, text) in enumerate(owner))
    lines = tuple(Line(p.index, p.text) for p in paragraphs)
    parsed = _Unparsed(Outline(genre=PLAN, title=None, sections=()))
    ctx = CheckContext(paragraphs, lines, parsed, None, lib.checks, lib.calendar)

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
    ends = _paragraph_ends(rendered, segments or [len(rendered)])
    begin = 0
    for stop in ends:  # the paragraphs of one file's texts
        dated = [p for p in paragraphs[begin:stop] if cue.search(_QUOTES.sub("", p.text))]
        for ref in find_references(dated, lib.calendar):
            by_paragraph.setdefault(ref.paragraph, []).append(ref)
        begin = stop
    # Each reference is judged on its own, so all those of one year are judged in one
    # call (the year's facts derived once), then reported paragraph by paragraph, year
    # by year, as before.
    by_year: dict[int, list] = {}
    for index, refs in by_paragraph.items():
        for year in rendered[owner[index][0]].years:
            by_year.setdefault(year, []).extend(refs)
    verdicts: dict[tuple[int, int], list] = {}
    for year, refs in by_year.items():
        for ref, why, suggestion in stale_references(refs, lib.calendar, year):
            verdicts.setdefault((id(ref), year), []).append((why, suggestion))
    for index, refs in by_paragraph.items():
        for year in rendered[owner[index][0]].years:
            for ref in refs:
                for why, suggestion in verdicts.get((id(ref), year), ()):
                    add(lines[index].finding("stale-reference", f"“{ref.text}”：{why}", ref.start, ref.end,
                                             suggestion), year)
    return out


def _paragraph_ends(rendered: list[Rendered], segments: list[int]) -> list[int]:
    """Where the paragraphs of each segment of ``rendered`` (its texts up to each end in ``segments``) end."""
    out, count, start = [], 0, 0
    for end in segments:
        count += sum(len(r.paragraphs) for r in rendered[start:end])
        out.append(count)
        start = end
    return out


@dataclass(frozen=True)
class _Unparsed:
    """What the rules that read one paragraph at a time may ask of ``CheckContext.parsed``.

    A snippet is no document: it has no outline of its own and gets no parser
    findings, and the parser (costly to import) is not needed to say so.
    """

    outline: object
    findings: tuple = ()


_QUOTES = re.compile("[“”\"‘’'「」]")
_CUES: list = []  # the calendar, and its cue


def _reference_cue(calendar: Calendar) -> re.Pattern:
    """What a paragraph must have (quotation marks aside) to hold a reference that can go stale.

    Finding references is the slow part of checking; a paragraph without a plenum,
    a congress, a five-year plan, an anniversary or one of the calendar's campaigns
    and 普法 plans has none of the kinds ``stale_references`` judges, so it is not searched.
    """
    if _CUES and _CUES[0] is calendar:
        return _CUES[1]
    names = [_QUOTES.sub("", n) for n in (*(c.name for c in calendar.campaigns),
                                               *(a for c in calendar.campaigns for a in c.aliases),
                                               *(p.name for p in calendar.legal_plans))]
    found = re.compile("|".join(["全会", "党的[十二三四五六七八九]{1,3}大", "十[一二三四五六七八九]五", "周年",
                                 *(re.escape(n) for n in names if n)]))
    _CUES[:] = [calendar, found]
    return found


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

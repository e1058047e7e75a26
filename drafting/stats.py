"""What a snippet repository holds (``draft snippets stats``): counts, expiring snippets, near-duplicates.

Pure: takes the repository's snippets (validated by the library) and a year,
returns the figures and, for the CLI, the lines of a table aligned for Chinese
text (a Chinese character is two columns wide on a terminal).
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from . import sandbox
from .model import CLOSING, HEADING, ITEM, OPENING, PARAM_NAMES, PLAN, PREAMBLE, SPEECH, Snippet
from .similar import clusters, snippet_pairs

__all__ = ["COLUMNS", "Stats", "stats", "table"]

#: The table's count columns: a title and which snippets it counts.
COLUMNS = (
    ("工作要点条目", lambda s: s.kind == ITEM and PLAN in s.genres),
    ("讲话段落", lambda s: s.kind == ITEM and SPEECH in s.genres),
    ("标题", lambda s: s.kind == HEADING),
    ("总体要求/开场/结尾", lambda s: s.kind in (PREAMBLE, OPENING, CLOSING)),
)


@dataclass(frozen=True)
class Stats:
    """The figures of a repository for one year."""

    year: int
    #: per category: the counts of ``COLUMNS``, the total, valid this year, expiring this year
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    total: tuple[int, ...]
    expiring: tuple[Snippet, ...]  # last valid year is this one
    expired: int  # no longer valid
    pending: int  # valid only from a later year
    clusters: tuple[tuple[Snippet, ...], ...]  # near-duplicate groups
    parameters: tuple[tuple[str, int], ...]  # how many snippets use each parameter, most used first
    unused: tuple[str, ...]  # parameters no snippet uses
    #: per owner (``governance.NO_OWNER`` for none): the snippets whose review is overdue
    overdue: tuple[tuple[str, tuple[Snippet, ...]], ...] = ()
    unowned: int = 0  # snippets with no owner

    @property
    def headers(self) -> tuple[str, ...]:
        return ("类别", *(title for title, _ in COLUMNS), "合计", f"{self.year}年可用", f"{self.year}年到期")


def _counts(snippets: Sequence[Snippet], year: int) -> tuple[int, ...]:
    return (
        *(sum(1 for s in snippets if counts(s)) for _, counts in COLUMNS),
        len(snippets),
        sum(1 for s in snippets if s.valid_for(year)),
        sum(1 for s in snippets if s.until == year),
    )


def stats(snippets: Sequence[Snippet], year: int, today: _dt.date | None = None) -> Stats:
    """Counts per category and kind/genre, validity in ``year``, near-duplicate clusters, parameter use.

    With ``today``, also the snippets whose review is overdue on that day, per owner.
    """
    from .governance import overdue_by_owner

    by_category: dict[str, list[Snippet]] = {}
    for s in snippets:
        by_category.setdefault(s.category, []).append(s)
    used: Counter[str] = Counter()
    for s in snippets:
        names: set[str] = set()
        for source in (s.lead or "", s.body, *s.points):
            names |= sandbox.undeclared(source)
        used.update(names)
    groups = clusters((a.id, b.id, sim) for a, b, sim in snippet_pairs(snippets))
    by_id = {s.id: s for s in snippets}
    return Stats(
        year=year,
        rows=tuple((category, _counts(group, year)) for category, group in by_category.items()),
        total=_counts(snippets, year),
        expiring=tuple(s for s in snippets if s.until == year),
        expired=sum(1 for s in snippets if s.until is not None and s.until < year),
        pending=sum(1 for s in snippets if s.since is not None and s.since > year),
        clusters=tuple(tuple(by_id[sid] for sid in group) for group in groups),
        parameters=tuple(sorted(used.items(), key=lambda kv: (-kv[1], kv[0]))),
        unused=tuple(sorted(PARAM_NAMES - used.keys())),
        overdue=overdue_by_owner(snippets, today) if today is not None else (),
        unowned=sum(1 for s in snippets if s.owner is None),
    )


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide (Chinese) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """Lines of a table: the first column left-aligned, the others right-aligned, in columns of equal width."""
    cells = [[str(c) for c in row] for row in (headers, *rows)]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        parts = [row[0] + " " * (widths[0] - width(row[0]))]
        parts += [" " * (w - width(c)) + c for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(parts).rstrip())
    return lines

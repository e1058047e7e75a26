"""Governance of a snippet repository: when a review is due, and what lint warns about it.

Pure: takes validated snippets (``library/governance.py`` read their keys) and the
day to judge by; returns dates and located warnings. ``lint`` reports the
warnings, ``stats`` counts overdue snippets per owner, ``snippets show`` prints the dates.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
from typing import Iterable, Mapping, Sequence

from .errors import DataError
from .model import Snippet

__all__ = ["due", "governance_warnings", "overdue", "overdue_by_owner", "period_text"]

#: the owner stats names for snippets without one
NO_OWNER = "（未写负责人）"


def period_text(months: int) -> str:
    """A period in months as the README writes it: 1年, 6个月, 1年6个月."""
    years, rest = divmod(months, 12)
    if not years:
        return f"{rest}个月"
    return f"{years}年" + (f"{rest}个月" if rest else "")


def due(snippet: Snippet) -> _dt.date | None:
    """The day the next review is due: ``reviewed`` + ``review_every``; None without both.

    A review recorded by month only counts as done on the month's last day: the
    snippet is then never called overdue before it can be.
    """
    if snippet.reviewed is None or snippet.review_every is None:
        return None
    parts = [int(p) for p in snippet.reviewed.split("-")]
    year, month = parts[0], parts[1]
    total = year * 12 + month - 1 + snippet.review_every
    year, month = divmod(total, 12)
    month += 1
    last = _calendar.monthrange(year, month)[1]
    day = min(parts[2], last) if len(parts) == 3 else last
    return _dt.date(year, month, day)


def overdue(snippet: Snippet, today: _dt.date) -> bool:
    """Whether the snippet's review was due before ``today`` (due today is still on time)."""
    when = due(snippet)
    return when is not None and when < today


def overdue_by_owner(snippets: Iterable[Snippet], today: _dt.date) -> tuple[tuple[str, tuple[Snippet, ...]], ...]:
    """The overdue snippets grouped by owner (``NO_OWNER`` for none), owners by name."""
    groups: dict[str, list[Snippet]] = {}
    for s in snippets:
        if overdue(s, today):
            groups.setdefault(s.owner or NO_OWNER, []).append(s)
    return tuple((owner, tuple(group)) for owner, group in sorted(groups.items()))


def _at(snippet: Snippet, key: str) -> dict:
    origin = snippet.origin
    return {"path": origin.path if origin else None, "line": snippet.line_of(key), "snippet": snippet.id}


def governance_warnings(own: Sequence[Snippet], known: Mapping[str, Snippet],
                        refs: Iterable, today: _dt.date) -> list[tuple[str, DataError]]:
    """(code, located error) for each governance problem of the repository's snippets and recipes.

    ``known`` is every snippet the repository may name (bundled ones included);
    ``refs`` are the snippet ids the repository's recipes list, with their lines.
    """
    out: list[tuple[str, DataError]] = []
    for s in own:
        when = due(s)
        if when is not None and when < today:
            late = (today - when).days
            out.append(("review-overdue", DataError(
                f"片段“{s.id}”上次审核于 {s.reviewed}，每 {period_text(s.review_every or 0)}复审一次，"
                f"应在 {when.isoformat()} 前复审，已逾期 {late} 天",
                hint="复审后把 reviewed 改为复审的日期", **_at(s, "reviewed"))))
        elif s.review_every is not None and s.reviewed is None:
            out.append(("never-reviewed", DataError(
                f"片段“{s.id}”写了复审周期（review_every），但没有写上次审核日期（reviewed），从未审核过",
                hint="审核后写上 reviewed: 审核的日期，如 2025-03-01", **_at(s, "review_every"))))
        if s.replaced_by is not None and s.replaced_by not in known:
            out.append(("replaced-by-unknown", DataError(
                f"片段“{s.id}”的 replaced_by 指向不存在的片段“{s.replaced_by}”",
                hint="请核对 id，或先把取代它的新片段加入素材库", **_at(s, "replaced_by"))))
    for ref in refs:
        s = known.get(ref.id)
        if s is not None and s.replaced_by is not None:
            out.append(("replaced-in-recipe", DataError(
                f"配方仍在使用已被“{s.replaced_by}”取代的片段“{s.id}”",
                path=ref.path, line=ref.line, snippet=s.id,
                hint=f"请在配方中改用“{s.replaced_by}”")))
    return out

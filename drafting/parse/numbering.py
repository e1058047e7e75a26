"""Numbering checks: gaps, duplicates and numbers out of order, for sections and items."""

from __future__ import annotations

from ..model import PLAN, Finding
from ..numerals import cn_number
from .common import _excerpt
from .markers import _LEVEL_ORDER, ENUM, split_marker


def check_numbering(genre: str, sections: list, text_at: dict[int, str], findings: list[Finding]) -> None:
    """Gaps, duplicates and numbers out of order among the sections and, level by level, the items."""
    numbered = [s for s in sections if s.number]
    _check_sequence(findings, text_at, [(s.number, source_index(s.source)) for s in numbered], "部分", cn=True)
    unit = "条" if genre == PLAN else "段"
    levels = dict.fromkeys(i.level for s in sections for i in s.items if i.number is not None)
    for level in levels:
        runs = _runs(sections, level)
        if not runs:
            continue
        # Plan items run on across sections; 一是 and items under a sub-heading restart.
        later_starts = [run[0][0] for run in runs[1:]]
        restart = level == ENUM or (bool(later_starts) and later_starts.count(1) * 2 >= len(later_starts))
        ordinal = level == ENUM
        if restart:
            for run in runs:
                _check_sequence(findings, text_at, run, unit, ordinal=ordinal)
        else:
            _check_sequence(findings, text_at, [entry for run in runs for entry in run], unit, ordinal=ordinal)


def _runs(sections: list, level: str | None) -> list[list[tuple[int, int | None]]]:
    """The numbers of ``level``'s items in runs: a section, a sub-heading or a higher-level item ends one."""
    order = _LEVEL_ORDER.get(level, 9) if level is not None else 9
    runs: list[list[tuple[int, int | None]]] = []
    for s in sections:
        run: list[tuple[int, int | None]] = []
        for i in s.items:
            higher = i.level is not None and i.level != level and _LEVEL_ORDER.get(i.level, 9) < order
            if (i.subheading or higher) and run:
                runs.append(run)
                run = []
            if i.level == level and i.number is not None:
                run.append((i.number, source_index(i.source)))
        if run:
            runs.append(run)
    return runs


def _check_sequence(findings: list[Finding], text_at: dict[int, str], seq: list[tuple[int, int | None]],
                    unit: str, *, cn: bool = False, ordinal: bool = False) -> None:
    def name(n: int) -> str:
        if ordinal:
            return f"“{cn_number(n)}是”" if n <= 9999 else str(n)
        if cn:
            return f"第{cn_number(n)}{unit}" if n <= 9999 else f"第{n}{unit}"
        return f"第{n}{unit}"

    expected, seen = 1, set()
    for number, index in seq:
        excerpt = _marker_at(text_at, index)
        if number in seen:
            findings.append(Finding(
                "numbering-duplicate", f"{name(number)}的编号重复出现", paragraph=index, excerpt=excerpt,
            ))
        elif number > expected:
            missing = name(expected) if number == expected + 1 else f"{name(expected)}至{name(number - 1)}"
            findings.append(Finding(
                "numbering-gap", f"{name(number)}之前缺少{missing}，编号不连续（请补上缺少的内容，或重新编号）",
                paragraph=index, excerpt=excerpt,
            ))
        elif number < expected:
            findings.append(Finding(
                "numbering-order", f"{name(number)}排在{name(expected - 1)}之后，编号顺序不对",
                paragraph=index, excerpt=excerpt,
            ))
        seen.add(number)
        expected = max(expected, number + 1)


def _marker_at(text_at: dict[int, str], index: int | None) -> str:
    """The number as written at the start of paragraph ``index`` (an excerpt to anchor on)."""
    text = text_at.get(index, "") if index is not None else ""
    return split_marker(text)[2] or _excerpt(text, 8)


def source_index(source: str | None) -> int | None:
    """The paragraph a section or item came from (its ``source``, "paragraph N"), if any."""
    if source and source.startswith("paragraph "):
        try:
            return int(source.split(" ", 1)[1])
        except ValueError:
            return None
    return None

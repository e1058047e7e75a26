"""Document-level rules of the rule set: a rule whose ``checker`` names one of these functions.

Some things a reviewer marks are not in one line: the first mention of the Party
congress in a document, or two forms of one mark used across it. Such a rule is
still data (``rules:`` with ``checker:`` instead of ``pattern:``; id, level,
source, years and examples like the others); its check is a function here,
``(rule, lines) -> findings``, listed in ``CHECKERS``. An example of a checker
rule is a whole document, one paragraph a line.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from ..model import Finding, Rule
from .base import CheckContext, Line

Checker = Callable[[Rule, tuple[Line, ...]], Iterable[Finding]]


def _finding(rule: Rule, line: Line, start: int, end: int, message: str | None = None,
             suggestion: str | None = None) -> Finding:
    return Finding(rule.code, message or rule.message, paragraph=line.index, excerpt=line.text[start:end],
                   severity=rule.severity, suggestion=suggestion, start=line.offset + start, rule=rule.id)


# --- the first mention of a Party congress -------------------------------------------------------


@lru_cache(maxsize=1)
def _congress() -> re.Pattern:
    # 十九大, 二十大 as the congress (not 第十九大队, not 二十大类, not a digit before)
    return re.compile(r"(?<![第\d一二三四五六七八九十])((?:十[五六七八九]|二十[一二三]?)大)(?![队类学厦街道桥项])")


#: what names the Party just before the congress (黨: a page in traditional characters)
_NAMED_BEFORE = ("党的", "中共", "我党", "党十", "黨的", "我黨", "黨十")


def first_mention_congress(rule: Rule, lines: tuple[Line, ...]) -> Iterator[Finding]:
    """The document's first mention of a Party congress written bare (十九大), not 党的十九大."""
    for line in lines:
        if ("中国共产党第" in line.text and "全国代表大会" in line.text) or (
                "中國共產黨第" in line.text and "全國代表大會" in line.text):
            return  # the full name comes first: the short forms that follow are fine
        match = _congress().search(line.text)
        if match is None:
            continue
        before = line.text[max(0, match.start() - 2):match.start()]
        if before in _NAMED_BEFORE or before.endswith(("党", "黨")):
            return
        name = match.group(1)
        yield _finding(rule, line, match.start(), match.end(),
                       f"全文第一次提到党的全国代表大会，一般写“党的{name}”，不单写“{name}”", f"党的{name}")
        return


# --- one form of the range mark in a document --------------------------------------------------------


@lru_cache(maxsize=1)
def _range() -> re.Pattern:
    # a digit, a single dash (not the double 破折号) or a wave, a digit: 2021—2025, 3～5
    return re.compile(r"(?<=\d)(?:[年%])?(?<!—)(—|～|~)(?!—)(?=\d)")


_MARK_NAMES = {"—": "一字线“—”", "～": "浪纹线“～”", "~": "浪纹线“～”"}


def range_mark_mixed(rule: Rule, lines: tuple[Line, ...]) -> Iterator[Finding]:
    """Ranges written with both the dash and the wave in one document: the fewer are reported."""
    spots = [(line, m) for line in lines for m in _range().finditer(line.text)]
    kinds = Counter("—" if m.group(1) == "—" else "～" for _, m in spots)
    if len(kinds) < 2:
        return
    (usual, _), (_, _) = kinds.most_common(2)
    if kinds["—"] == kinds["～"]:  # as many of each: the first one written sets the form
        usual = "—" if spots[0][1].group(1) == "—" else "～"
    for line, m in spots:
        kind = "—" if m.group(1) == "—" else "～"
        if kind != usual:
            yield _finding(rule, line, m.start(1), m.end(1),
                           f"起止范围的连接号全文应统一：这里用{_MARK_NAMES[m.group(1)]}，其余多用{_MARK_NAMES[usual]}",
                           usual)


# --- one way of grouping the digits of large numbers ---------------------------------------------------


@lru_cache(maxsize=1)
def _numbers() -> tuple[re.Pattern, re.Pattern]:
    # 12,345 (千分撇) and a bare 12345 counting something (a unit follows: not a year, a code, a phone number)
    grouped = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?")
    bare = re.compile(r"(?<![\d,.\-—/A-Za-z])\d{5,9}(?:\.\d+)?(?=\s?(?:万?元|人|名|户|个|件|册|份|篇|次|吨|亩|平方米|公里|千米|米|小时))")
    return grouped, bare


def thousands_separator_mixed(rule: Rule, lines: tuple[Line, ...]) -> Iterator[Finding]:
    """Large numbers grouped with 千分撇 in one place and written bare in another: the fewer are reported."""
    grouped_re, bare_re = _numbers()
    grouped = [(line, m) for line in lines for m in grouped_re.finditer(line.text)]
    if not grouped:
        return
    bare = [(line, m) for line in lines for m in bare_re.finditer(line.text)]
    if not bare:
        return
    fewer, usual = (grouped, "不分节") if len(grouped) < len(bare) else (bare, "用千分撇“,”分节")
    for line, m in fewer:
        yield _finding(rule, line, m.start(), m.end(), f"多位数的分节全文应统一：这里是“{m.group()}”，其余多{usual}")


CHECKERS: dict[str, Checker] = {
    "thousands-separator-mixed": thousands_separator_mixed,
    "first-mention-congress": first_mention_congress,
    "range-mark-mixed": range_mark_mixed,
}


def run_checker(rule: Rule, text: str) -> list[Finding]:
    """A checker rule's findings in ``text``, one paragraph a line (how the library runs its examples)."""
    lines = tuple(Line(i, t) for i, t in enumerate(text.split("\n")) if t.strip())
    return list(CHECKERS[rule.checker](rule, lines))


def rule_checkers(ctx: CheckContext) -> Iterator[Finding]:
    """The findings of the rule set's document-level rules that hold for the document's year."""
    from .ruleset import rule_year

    year = rule_year(ctx)
    for rule in ctx.rules.rules:
        if rule.checker and not rule.off and rule.valid_for(year):
            yield from CHECKERS[rule.checker](rule, ctx.lines)

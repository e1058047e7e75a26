"""The sourced rule set: one generic detector for every ``Rule`` of the library's ``rules:`` lists.

A rule is data (``drafting.model.Rule``): a regular expression, guards, a message,
a suggestion, its source and validity years. ``rule_set`` applies the rules that
hold for the document's year to every line; ``spots`` is the matching itself, which
the library also runs on each rule's examples when it validates a file, so what a
rule's examples promise is what the detector does.

The patterns are compiled once per rule set, on the first check that needs them
(``compiled``), never at import: other commands load this package's neighbours.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..model import Finding, Rule
from .base import CheckContext

#: A compiled rule: the rule, its pattern and its guards.
Compiled = tuple[Rule, re.Pattern, tuple[re.Pattern, ...]]


@lru_cache(maxsize=8)
def compiled(rules: tuple[Rule, ...]) -> tuple[Compiled, ...]:
    """The rules with their patterns compiled (validated already when the library was loaded)."""
    return tuple((r, re.compile(r.pattern), tuple(re.compile(g) for g in r.unless)) for r in rules)


def spots(rule: Rule, pattern: re.Pattern, guards: tuple[re.Pattern, ...],
          text: str) -> Iterator[tuple[int, int, str | None]]:
    """Where the rule fires in ``text``: (start, end, the replacement or None), guards applied.

    A guard is a match of one of the rule's ``unless`` patterns that covers the
    spot entirely (it may reach beyond it on either side): there the text is right.
    """
    covers: list[tuple[int, int]] | None = None
    for match in pattern.finditer(text):
        start, end = match.span()
        if start == end:
            continue
        if guards:
            if covers is None:
                covers = [m.span() for g in guards for m in g.finditer(text)]
            if any(s <= start and end <= e for s, e in covers):
                continue
        yield start, end, match.expand(rule.suggestion) if rule.suggestion is not None else None


def applied(rule: Rule, pattern: re.Pattern, guards: tuple[re.Pattern, ...], text: str) -> str:
    """``text`` with every spot of the rule replaced by its suggestion (what ``--fix`` then accept-all gives)."""
    out, at = [], 0
    for start, end, new in spots(rule, pattern, guards, text):
        if new is None or start < at:
            continue
        out.append(text[at:start] + new)
        at = end
    return "".join(out) + text[at:]


def rule_year(ctx: CheckContext) -> int | None:
    """The year the rules are judged by: the one the user gave, else the document's own."""
    return ctx.year if ctx.year is not None else ctx.document_year


def rule_set(ctx: CheckContext) -> Iterator[Finding]:
    """The findings of the library's rule set: every rule that holds for the document's year, line by line."""
    if not ctx.rules.rules:
        return
    year = rule_year(ctx)
    active = [c for c in compiled(ctx.rules.rules) if not c[0].off and c[0].valid_for(year)]
    for line in ctx.lines:
        text = line.text
        for rule, pattern, guards in active:
            for start, end, new in spots(rule, pattern, guards, text):
                yield Finding(rule.code, rule.message, paragraph=line.index, excerpt=text[start:end],
                              severity=rule.severity, suggestion=new, start=line.offset + start, rule=rule.id)

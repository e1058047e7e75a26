"""The sourced rule set: one generic detector for every ``Rule`` of the library's ``rules:`` lists.

A rule is data (``drafting.model.Rule``): a regular expression, guards, a message,
a suggestion, its source and validity years. ``rule_set`` applies the rules that
hold for the document's year to every line; ``spots`` is the matching itself, which
the library also runs on each rule's examples when it validates a file, so what a
rule's examples promise is what the detector does.

The patterns are compiled once per process, on the first check that needs them
(``compiled``), never at import: other commands load this package's neighbours. A
rule that does not hold for the document's year, or whose ``triggers`` (strings read
off its pattern when the library was validated) the document does not hold, is
neither compiled nor run.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import Iterator

from ..model import Finding, Rule
from .base import CheckContext

#: A compiled rule: the rule, its pattern and its guards.
Compiled = tuple[Rule, re.Pattern, tuple[re.Pattern, ...]]


@lru_cache(maxsize=1024)
def _compile(pattern: str, unless: tuple[str, ...]) -> tuple[re.Pattern, tuple[re.Pattern, ...]]:
    return re.compile(pattern), tuple(re.compile(g) for g in unless)


def compiled(rules: tuple[Rule, ...]) -> tuple[Compiled, ...]:
    """The rules with their patterns compiled, once per process (validated already when the library was loaded)."""
    return tuple((r, *_compile(r.pattern, r.unless)) for r in rules)


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
    # Only the rules that hold and can fire are compiled (compiling is most of what they
    # cost), and each runs only on the lines holding one of its triggers, found in the
    # whole text at once rather than line by line.
    lines = ctx.lines
    whole = "\n".join(line.text for line in lines)
    starts = list(accumulate((len(line.text) + 1 for line in lines), initial=0))  # where each line is in ``whole``
    chosen: list[tuple[Rule, range | list[int]]] = []
    for rule in ctx.rules.rules:
        if rule.off or rule.checker or not rule.valid_for(year):
            continue
        where = sorted(_lines_holding(whole, rule.triggers, starts)) if rule.triggers else range(len(lines))
        if where:
            chosen.append((rule, where))
    active = compiled(tuple(rule for rule, _ in chosen))
    found: list[tuple[int, int, Finding]] = []
    for n, ((rule, pattern, guards), (_, where)) in enumerate(zip(active, chosen)):
        for k in where:
            line = lines[k]
            text = line.text
            for start, end, new in spots(rule, pattern, guards, text):
                found.append((k, n, Finding(rule.code, rule.message, paragraph=line.index, excerpt=text[start:end],
                                            severity=rule.severity, suggestion=new, start=line.offset + start,
                                            rule=rule.id)))
    found.sort(key=lambda f: (f[0], f[1]))  # line by line, each line's rules in their order, as if run so
    for _, _, finding in found:
        yield finding


def _lines_holding(whole: str, words: tuple[str, ...], starts: list[int]) -> set[int]:
    """The numbers of the lines of ``whole`` (which start at ``starts``) that hold one of ``words``."""
    out: set[int] = set()
    for word in words:
        at = whole.find(word)
        while at >= 0:
            k = bisect_right(starts, at) - 1
            out.add(k)
            at = whole.find(word, starts[k + 1] if k + 1 < len(starts) else len(whole))  # next line on
    return out


# --- triggers: what a line must hold for a rule to be able to fire ---------------------------
#
# Compiling the rules costs more than running them. A rule's triggers are strings of
# which every match holds one (read off its pattern when the library file is validated,
# and kept with it in the cache); a document holding none of them cannot make the rule
# fire, so the rule is neither compiled nor run on it. () means unknown: always run.

_LARGEST_CLASS = 24  # a character class with more members than this is no useful trigger
_MOST_STRINGS = 64  # adjacent characters are combined while their combinations stay this few


def triggers(pattern: str) -> tuple[str, ...]:
    """Strings of which every match of ``pattern`` (with its lookarounds) holds one; () when unknown."""
    try:
        try:
            from re import _parser as parser  # Python 3.11+
        except ImportError:  # pragma: no cover - Python 3.10
            import sre_parse as parser  # type: ignore[no-redef]
        parsed = parser.parse(pattern)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
            return ()
        return _sequence(list(parsed), parser, {})
    except Exception:  # anything unexpected: no triggers, the rule always runs
        return ()


def _sequence(items: list, c, groups: dict[int, tuple[str, ...]]) -> tuple[str, ...]:
    """The most selective trigger of a sequence: adjacent single characters combined, else one item's."""
    candidates: list[tuple[str, ...]] = []
    run: tuple[str, ...] = ()

    def extend(chars: tuple[str, ...]) -> None:
        nonlocal run
        combined = tuple(a + b for a in (run or ("",)) for b in chars)
        if len(combined) <= _MOST_STRINGS:
            run = combined
        else:
            candidates.append(run)
            run = chars

    for op, av in _spliced(items, c, groups):
        chars = _chars(op, av, c, groups)
        if chars:
            extend(chars)
            continue
        if op in (c.ASSERT_NOT, c.AT):  # zero-width: the characters around it stay adjacent
            continue
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
            chars = _chars(*list(av[2])[0], c, groups)
            if chars:  # the first repetitions extend the run; the last one starts the next
                for _ in range(min(av[0], 3)):
                    extend(chars)
                candidates.append(run)
                run = chars
                continue
        if run:
            candidates.append(run)
            run = ()
        found = _item(op, av, c, groups)
        if found:
            candidates.append(found)
    if run:
        candidates.append(run)
    # the most selective: the longest shortest string, then the fewest alternatives
    return max(candidates, key=lambda t: (min(len(x) for x in t), -len(t)), default=())


def _spliced(items: list, c, groups: dict[int, tuple[str, ...]]):
    """The items with each group's own items in its place (a group matches where it stands)."""
    for op, av in items:
        if op is c.SUBPATTERN:
            inner = list(av[-1])
            if len(inner) == 1 and av[0] is not None:
                chars = _chars(*inner[0], c, groups)
                if chars:
                    groups[av[0]] = chars
            yield from _spliced(inner, c, groups)
        else:
            yield op, av


def _chars(op, av, c, groups: dict[int, tuple[str, ...]]) -> tuple[str, ...]:
    """The characters a single-character item matches (a literal, a small class, a group of one), else ()."""
    if op is c.LITERAL:
        return (chr(av),)
    if op is c.IN:
        chars: list[str] = []
        for kind, value in av:
            if kind is c.LITERAL:
                chars.append(chr(value))
            elif kind is c.RANGE and value[1] - value[0] < _LARGEST_CLASS:
                chars.extend(chr(x) for x in range(value[0], value[1] + 1))
            else:  # a negated class, a category (\d), a large range
                return ()
        return tuple(dict.fromkeys(chars)) if len(chars) <= _LARGEST_CLASS else ()
    if op is c.GROUPREF:
        return groups.get(av, ())
    return ()


def _item(op, av, c, groups: dict[int, tuple[str, ...]]) -> tuple[str, ...]:
    if op is c.ASSERT:  # a lookahead or lookbehind must stand in the line too
        return _sequence(list(av[1]), c, groups)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
        return _sequence(list(av[2]), c, groups)
    if op is c.BRANCH:
        out: list[str] = []
        for branch in av[1]:
            found = _sequence(list(branch), c, groups)
            if not found:
                return ()
            out.extend(found)
        return tuple(dict.fromkeys(out))
    return ()

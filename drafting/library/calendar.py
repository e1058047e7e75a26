"""The political calendar: five-year plans, congresses, plenums, anniversaries, campaigns, cues."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Anniversary, Calendar, Congress, Plenum, Span, Superseded
from .common import _year

if TYPE_CHECKING:
    from ..yamlfile import Node

CALENDAR_KEYS = frozenset(
    {"five_year_plans", "congresses", "plenums", "anniversaries", "campaigns", "legal_plans",
     "discipline_plenums", "goals", "cues", "superseded"}
)
#: The cue lists of ``calendar.cues`` (see ``drafting.years.roles``).
CUE_NAMES = frozenset({"study", "report", "task", "recalled_before", "recalled_after", "positions", "claims"})
_MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")


def _entries(node: Node, what: str, keys: set[str]) -> list[dict[str, Node]]:
    return [n.mapping(what, keys) for n in node.sequence(what)]


def _month(node: Node) -> str:
    value = node.text("date")
    if not _MONTH.match(value):
        raise node.fail(f"日期应写成“年-月”，如 \"2025-10\"，而不是“{value}”")
    return value


def _required(m: dict[str, Node], key: str, owner: Node | None = None) -> Node:
    if key not in m:
        any_node = next(iter(m.values()), owner)
        raise any_node.fail(f"缺少 {key}")
    return m[key]


def parse_calendar(node: Node) -> Calendar:
    """A ``calendar`` mapping → ``Calendar``, validated."""
    m = node.mapping("calendar", CALENDAR_KEYS)

    def spans(key: str):
        out = []
        for e in _entries(m[key], key, {"name", "start", "end", "aliases"}) if key in m else ():
            start = _year(_required(e, "start"), "start")
            end = _year(_required(e, "end"), "end")
            if end < start:
                raise e["end"].fail(f"end（{end}）早于 start（{start}）")
            aliases = tuple(e["aliases"].texts("aliases")) if "aliases" in e else ()
            out.append(Span(_required(e, "name").text("name"), start, end, aliases))
        return tuple(out)

    congresses = tuple(
        Congress(_required(e, "number").integer("number", low=1, high=99), _month(_required(e, "date")))
        for e in (_entries(m["congresses"], "congresses", {"number", "date"}) if "congresses" in m else ())
    )
    def plenums(key: str) -> tuple[Plenum, ...]:
        return tuple(
            Plenum(
                _required(e, "term").integer("term", low=1, high=99),
                _required(e, "session").integer("session", low=1, high=20),
                _month(_required(e, "date")),
            )
            for e in (_entries(m[key], key, {"term", "session", "date"}) if key in m else ())
        )

    anniversaries = []
    keys = {"name", "base", "text", "aliases", "named"}
    for e in _entries(m["anniversaries"], "anniversaries", keys) if "anniversaries" in m else ():
        text = _required(e, "text").text("text")
        if "{n}" not in text:
            raise e["text"].fail("纪念日的 text 里要有 {n}，代表周年数")
        aliases = tuple(e["aliases"].texts("aliases")) if "aliases" in e else ()
        named = tuple(
            (_required(n, "text").text("text"), _required(n, "count").integer("count", low=1, high=999))
            for n in (_entries(e["named"], "named", {"text", "count"}) if "named" in e else ())
        )
        anniversaries.append(Anniversary(
            _required(e, "name").text("name"), _required(e, "base").integer("base", low=1800, high=2100),
            text, aliases, named,
        ))
    return Calendar(
        five_year_plans=spans("five_year_plans"),
        congresses=congresses,
        plenums=plenums("plenums"),
        anniversaries=tuple(anniversaries),
        campaigns=spans("campaigns"),
        legal_plans=spans("legal_plans"),
        discipline_plenums=plenums("discipline_plenums"),
        goals=spans("goals"),
        cues=_cues(m["cues"]) if "cues" in m else (),
        superseded=tuple(
            Superseded(_required(e, "old").text("old"), _required(e, "congress").integer("congress", low=1, high=99),
                       _required(e, "new").text("new"))
            for e in (_entries(m["superseded"], "superseded", {"old", "congress", "new"})
                      if "superseded" in m else ())
        ),
    )


def _cues(node: Node) -> tuple[tuple[str, tuple[str, ...]], ...]:
    m = node.mapping("cues", CUE_NAMES)
    return tuple((key, tuple(m[key].texts(key))) for key in sorted(m))


def _merge(old: tuple, new: tuple, key) -> tuple:
    merged = {key(x): x for x in old}
    merged.update((key(x), x) for x in new)
    return tuple(merged.values())


def merge_calendars(base: Calendar, extra: Calendar) -> Calendar:
    """Lay ``extra`` over ``base``: new entries are added, equal ones replaced."""
    return Calendar(
        five_year_plans=_merge(base.five_year_plans, extra.five_year_plans, lambda p: p.name),
        congresses=_merge(base.congresses, extra.congresses, lambda c: c.number),
        plenums=_merge(base.plenums, extra.plenums, lambda p: (p.term, p.session)),
        anniversaries=_merge(base.anniversaries, extra.anniversaries, lambda a: a.name),
        campaigns=_merge(base.campaigns, extra.campaigns, lambda c: c.name),
        legal_plans=_merge(base.legal_plans, extra.legal_plans, lambda p: p.name),
        discipline_plenums=_merge(base.discipline_plenums, extra.discipline_plenums,
                                  lambda p: (p.term, p.session)),
        goals=_merge(base.goals, extra.goals, lambda g: g.name),
        cues=tuple(
            (key, tuple(dict.fromkeys(base.cue(key) + extra.cue(key))))
            for key in sorted({k for k, _ in base.cues} | {k for k, _ in extra.cues})
        ),
        superseded=_merge(base.superseded, extra.superseded, lambda x: x.old),
    )

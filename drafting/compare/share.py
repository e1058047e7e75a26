"""How much of a new document was carried over: shares of its characters, items unchanged for years.

The shares are of the NEW document's characters (spaces left out), for the whole
body and for each of its parts (preamble, each section, closing): unchanged,
lightly edited (only year-bound expressions differ), edited (a near-duplicate)
and new. An item of the new document is carried over when every sentence of it
is unchanged or lightly edited against a document; compared with each earlier
year's document in turn, the years it stayed so in a row (the current one
counted) are its streak: 连续3年未变. The unit's limits (``CarryOver``) say which
shares and streaks the report warns about.

Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import CarryOver
from .align import EDITED, ITEM, LIGHT, NEAR, NEW, SAME, Pair, Text, align

#: Parts shorter than this many characters are too small for a share to say anything.
MIN_PART = 100
#: Items shorter than this (a sub-heading 加强政治建设 standing as an item) are not reported as carried over:
#: the same few words every year are no copied text to rewrite.
MIN_ITEM = 20


@dataclass(frozen=True)
class Share:
    """Characters of a text by what became of them: unchanged, lightly edited, edited, new."""

    same: int = 0
    light: int = 0
    edited: int = 0
    new: int = 0

    @property
    def total(self) -> int:
        """All characters counted."""
        return self.same + self.light + self.edited + self.new

    @property
    def carried(self) -> int:
        """Characters unchanged or changed only in year-bound expressions."""
        return self.same + self.light

    def percent(self, part: int) -> float:
        """``part`` as a percentage of the total (0 for an empty text)."""
        return 100.0 * part / self.total if self.total else 0.0

    def add(self, status: str, size: int) -> Share:
        """This share with ``size`` more characters of ``status``."""
        counts = {SAME: self.same, LIGHT: self.light, EDITED: self.edited, NEW: self.new}
        counts[status] += size
        return Share(counts[SAME], counts[LIGHT], counts[EDITED], counts[NEW])


@dataclass(frozen=True)
class Carried:
    """An item of the new document carried over from earlier years."""

    unit: int  # index into the new document's units
    part: int
    status: str  # against the old document: SAME or LIGHT
    years: int  # consecutive years the item stayed so, the new document's counted (≥ 2)
    since: int | None = None  # the first of those years, when known
    #: whether, in those years, more than year-bound expressions changed nowhere but some did
    light: bool = False


@dataclass(frozen=True)
class Comparison:
    """What ``draft compare`` found: shares, the pairs, carried items, the limits exceeded."""

    old_year: int | None
    new_year: int | None
    whole: Share
    parts: tuple[tuple[str, Share], ...]
    pairs: tuple[Pair, ...]
    items: tuple[Carried, ...]
    limits: CarryOver
    #: the limits exceeded, as Chinese sentences for the report
    exceeded: tuple[str, ...] = ()
    #: the years of the earlier documents compared (the old one's first)
    years: tuple[int | None, ...] = ()


def year_label(year: int | None) -> str:
    """How the report names an earlier document: 2025年, or 原文 when its year is not known."""
    return f"{year}年" if year else "原文"


def item_statuses(pairs: list[Pair] | tuple[Pair, ...], new: Text) -> dict[int, str]:
    """Each item of ``new`` carried over per ``pairs``: unit index → SAME (all unchanged) or LIGHT."""
    worst: dict[int, str] = {}
    rank = {SAME: 0, LIGHT: 1, EDITED: 2, NEW: 3}
    sizes: dict[int, int] = {}
    for s in new.sentences:
        sizes[s.unit] = sizes.get(s.unit, 0) + s.size
    for p in pairs:
        unit = new.sentences[p.new].unit
        if new.units[unit].kind != ITEM or sizes[unit] < MIN_ITEM:
            continue
        if rank[p.status] > rank[worst.get(unit, SAME)]:
            worst[unit] = p.status
        else:
            worst.setdefault(unit, p.status)
    return {unit: status for unit, status in worst.items() if status in (SAME, LIGHT)}


def compare(old: Text, new: Text, *, limits: CarryOver = CarryOver(),
            history: tuple[tuple[int, Text], ...] = (), near: float = NEAR) -> Comparison:
    """How much of ``new`` comes from ``old`` (and, item by item, from the earlier years of ``history``).

    ``history`` holds the documents before ``old``, by year, latest first; a year
    missing from it ends every streak there.
    """
    pairs = align(old, new, near)
    whole = Share()
    by_part = [Share() for _ in new.parts]
    for p in pairs:
        s = new.sentences[p.new]
        whole = whole.add(p.status, s.size)
        part = new.units[s.unit].part
        by_part[part] = by_part[part].add(p.status, s.size)
    old_year = old.outline.year
    new_year = new.outline.year or (old_year + 1 if old_year else None)
    carried = item_statuses(pairs, new)
    streak = {unit: [2, status == LIGHT] for unit, status in carried.items()}
    expected = old_year
    alive = set(carried)
    for year, text in history:
        if expected is None or year != expected - 1 or not alive:
            break
        expected = year
        # only whether an item was carried over counts here: no near-duplicates looked for
        statuses = item_statuses(align(text, new, None), new)
        for unit in list(alive):
            if unit in statuses:
                streak[unit][0] += 1
                streak[unit][1] = streak[unit][1] or statuses[unit] == LIGHT
            else:
                alive.discard(unit)
    items = tuple(Carried(unit, new.units[unit].part, carried[unit], years,
                          (new_year - years + 1) if new_year else None, light)
                  for unit, (years, light) in sorted(streak.items()))
    parts = tuple((name, share) for name, share in zip(new.parts, by_part) if share.total)
    result = Comparison(old_year, new_year, whole, parts, tuple(pairs), items, limits,
                        years=(old_year,) + tuple(y for y, _ in history))
    return _with_exceeded(result)


def _with_exceeded(c: Comparison) -> Comparison:
    """The comparison with the sentences saying where the unit's limits are exceeded."""
    from dataclasses import replace

    out = []
    limit = c.limits.unchanged
    if c.whole.total and c.whole.percent(c.whole.carried) > limit:
        out.append(f"全文沿用{year_label(c.old_year)}文字 {c.whole.percent(c.whole.carried):.0f}%，超过 {limit}%")
    for name, share in c.parts:
        if share.total >= MIN_PART and share.percent(share.carried) > limit:
            out.append(f"“{name}”沿用 {share.percent(share.carried):.0f}%，超过 {limit}%")
    long = [i for i in c.items if i.years >= c.limits.years]
    if long:
        out.append(f"{len(long)} 条连续 {c.limits.years} 年以上未变")
    return replace(c, exceeded=tuple(out))


def carried_sentences(c: Comparison, new: Text) -> list[str]:
    """The sentences of the new document carried over word for word, in its order."""
    return [new.sentences[p.new].text for p in c.pairs if p.status == SAME]


def item_note(item: Carried, old_year: int | None) -> str:
    """The comment an item carried over gets: 与2025年相同, 连续3年未变, 与2025年相比仅改动年份等表述."""
    if item.years >= 3:
        span = f"（{item.since}—{item.since + item.years - 1}年）" if item.since else ""
        return f"连续{item.years}年未变{span}" + ("，其间仅改动年份等表述" if item.light else "")
    if item.status == SAME:
        return f"与{year_label(old_year)}相同"
    return f"与{year_label(old_year)}相比仅改动年份等表述"


def to_json(c: Comparison, new: Text, old: Text) -> dict:
    """The comparison as plain data: shares, parts, carried sentences, items with their years, pairs."""
    def share(s: Share) -> dict:
        return {"characters": s.total, "unchanged": s.same, "lightly_edited": s.light, "edited": s.edited,
                "new": s.new, "unchanged_percent": round(s.percent(s.same), 1),
                "lightly_edited_percent": round(s.percent(s.light), 1),
                "edited_percent": round(s.percent(s.edited), 1), "new_percent": round(s.percent(s.new), 1)}

    return {
        "old_year": c.old_year, "new_year": c.new_year, "history_years": [y for y in c.years[1:]],
        "whole": share(c.whole),
        "sections": [{"name": name, **share(s)} for name, s in c.parts],
        "carried_sentences": carried_sentences(c, new),
        "items": [{"section": new.parts[i.part], "text": new.units[i.unit].text,
                   "status": "unchanged" if i.status == SAME else "lightly_edited", "years": i.years,
                   "since": i.since, "note": item_note(i, c.old_year)} for i in c.items],
        "pairs": [{"new": new.sentences[p.new].text,
                   "old": old.sentences[p.old].text if p.old is not None else None,
                   "status": {SAME: "unchanged", LIGHT: "lightly_edited", EDITED: "edited", NEW: "new"}[p.status],
                   "similarity": p.similarity} for p in c.pairs],
        "limits": {"unchanged_percent": c.limits.unchanged, "years": c.limits.years},
        "exceeded": list(c.exceeded),
    }

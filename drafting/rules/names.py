"""Names: the unit's own name in its right forms, other units' names left in a draft, people's titles.

Reads the unit's 标准词库 (``CheckRules.names``, from ``names:`` in its library, with
``--org``, draft.yaml and a batch's list of organisations already folded in by the
caller). Codes:

``org-name``
    a form of the unit's own name it lists as wrong (``wrong``), with its full name
    as the suggestion.
``org-first-mention``
    a short name where a plan names the unit for the first time after its title (the
    full name first, then the short one: 公文惯例, info); not in a speech, not when the
    title gave the full name.
``other-org-name``
    another unit's name (``others``, the batch's organisations) in a document of this
    unit: “可能是照搬的其他单位名称”. Never corrected. Not inside quotation marks or
    title marks, not where the text names the other unit on purpose (会同、配合、与 …,
    a list of units), not as part of the unit's own or its superior's name.
    Names under three characters are not looked for (机关 is as often a word). When the
    unit cannot be known (no --org, no draft.yaml, no names, and the title — else the
    signature — names not exactly one listed unit), nothing is reported.
``person-title``
    a listed person named with a title that is another listed person's and not theirs.

Place names are left out on purpose: telling a county's name from a word without a
gazetteer is guessing; a unit lists a neighbour's name under ``others`` instead.

Each finding names its rule (``Finding.rule``, one of ``NAME_RULES``, whose id is the
code), so the report, ``--json`` and the annotated copy give its level and source as
they do for the rule set's: the unit's own 标准词库 (单位制度) and house practice
(实务), none of them “规定”.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Iterator

from ..model import PLAN, Finding, Names, Rule
from .base import CheckContext, Line


def _rule(code: str, severity: str, level: str, source: str, message: str) -> Rule:
    return Rule(id=code, code=code, severity=severity, level=level, source=source, pattern="", message=message)


#: What the findings here cite: not patterns of the rule set (the unit's names are its
#: library's ``names:``, not a rule file), but their level and source, as a rule's.
NAME_RULES: tuple[Rule, ...] = (
    _rule("org-name", "warning", "单位制度",
          "本单位标准词库（素材库 names: 的 wrong 所列错误写法）；《党政机关公文处理工作条例》第九条：发文机关署名用全称或者规范化简称",
          "本单位名称的错误写法"),
    _rule("org-first-mention", "info", "实务", "公文惯例：本单位名称第一次出现写全称，其后可用规范简称",
          "本单位名称第一次出现宜用全称"),
    _rule("other-org-name", "warning", "实务",
          "公文惯例：文稿中不留照搬的其他单位名称（其他单位取自素材库 names: 的 others 和批量起草的单位列表）",
          "可能是照搬的其他单位名称"),
    _rule("person-title", "warning", "单位制度", "本单位标准词库（素材库 names: 的 people 所列人员和职务）",
          "人员职务与标准词库不一致"),
)

#: Words before another unit's name that show the text names it on purpose (working with it).
_WITH = ("会同", "配合", "联合", "协同", "协助", "协调", "支持", "对接", "联系", "商请", "报请", "报送", "请示",
         "邀请", "陪同", "向", "与", "和", "同", "及", "、", "原", "按照", "根据", "依照", "遵照", "由", "经", "接受",
         "参加", "参与", "服从", "落实", "到", "赴", "请")
#: … and after it: a list of units, or joint work.
_THEN = ("、", "和", "与", "及", "等", "联合", "共同", "配合", "协同")
#: Names shorter than this (机关, 一中) are as often plain words: not looked for as another unit's.
_SHORTEST = 3
_QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》|\"[^\"]*\"")


def unit_names(ctx: CheckContext) -> Iterator[Finding]:
    """The findings about the unit's own name, other units' names and people's titles, each naming its rule."""
    for finding in _unit_names(ctx):
        yield replace(finding, rule=finding.code)


def _unit_names(ctx: CheckContext) -> Iterator[Finding]:
    names = ctx.rules.names
    if not (names.org or names.others or names.units or names.people):
        return
    lines = ctx.lines
    own, others = _sides(ctx, names)
    if own is None:  # whose document it is cannot be known: silence
        yield from _titles(lines, names)
        return
    right = tuple(own) + names.superior
    yield from _own_forms(lines, names, own, ctx.parsed.outline.title, ctx.parsed.outline.genre == PLAN)
    if others:
        pattern = _alternation(others)
        for line in lines:
            text = line.text
            shields = _spans(text, right) + [m.span() for m in _QUOTED.finditer(text)]
            for m in pattern.finditer(text):
                start, end = m.span()
                if _covered(shields, start, end) or _on_purpose(text, start, end):
                    continue
                yield line.finding("other-org-name", f"“{m.group()}”可能是照搬的其他单位名称，请核对是否应为本单位",
                                   start, end)
    yield from _titles(lines, names)


def _sides(ctx: CheckContext, names: Names) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
    """The document's own unit (its names) and the other units' names; own None when it cannot be known."""
    units = list(names.units)
    own: tuple[str, ...] | None = names.own or None
    if own is None:
        outline = ctx.parsed.outline
        # the title first (a copy's title is what gets changed), else the signature
        for head in (outline.title, outline.signature):
            found = [u for u in units if head and any(n in head for n in u)]
            if found:
                break
        if len(found) != 1:  # none of the listed units, or several: whose it is is not known
            return None, ()
        own = found[0]
    others = [n for u in units for n in u] + list(names.others)
    # a name of the unit itself or its superior, or one standing inside them, is no other unit's
    keep = tuple(dict.fromkeys(n for n in others if not any(n in o or o in n for o in own)
                               and n not in names.superior and len(n) >= _SHORTEST))
    return own, keep


def _own_forms(lines: tuple[Line, ...], names: Names, own: tuple[str, ...],
               title: str | None, written: bool) -> Iterator[Finding]:
    """Wrong forms of the unit's name; a short name at its first mention when the full one is known.

    The title may name the unit by a 规范化简称 (条例 第九条), so the first mention is looked
    for in the text after it; only in a written document (``written``: a plan), not a
    speech, which is heard and names its unit as people say it.
    """
    full = names.org if names.org and names.org == own[0] else None
    if full is None:
        return
    right = own + names.superior
    if names.wrong:
        pattern = _alternation(names.wrong)
        for line in lines:
            shields = _spans(line.text, right) + [m.span() for m in _QUOTED.finditer(line.text)]
            for m in pattern.finditer(line.text):
                if not _covered(shields, *m.span()):
                    yield line.finding("org-name", f"本单位名称应写全称“{full}”或规范简称，不写“{m.group()}”",
                                       *m.span(), suggestion=full)
    # a short name of two characters (机关, 一中) is as often a plain word: no note on it
    shorts = tuple(s for s in own[1:] if full not in s and len(s) >= _SHORTEST)
    if not shorts or not written:
        return
    pattern = _alternation(own)
    for line in lines:
        if title and line.text.strip() and line.text.strip() in title:  # the title, or a line of it
            if full in line.text:  # the title gave the full name: short ones may follow
                return
            continue
        quoted = [m.span() for m in _QUOTED.finditer(line.text) if not m.group().startswith("《")]
        for m in pattern.finditer(line.text):
            if _covered(quoted, *m.span()):
                continue
            if m.group() in shorts:  # a note, not a fault: info
                yield replace(line.finding("org-first-mention", f"本单位名称第一次出现宜用全称“{full}”，其后再用简称“{m.group()}”",
                                           *m.span()), severity="info")
            return  # only the first mention matters


def _titles(lines: tuple[Line, ...], names: Names) -> Iterator[Finding]:
    """A listed person named with a title another listed person holds and they do not."""
    if len(names.people) < 2:
        return
    everyone = tuple(dict.fromkeys(t for p in names.people for t in p.titles))
    titles = _alternation(everyone)
    for person in names.people:
        own = person.title
        # a title before the name only where the name ends there: 副主任王明亮 is someone else
        around = re.compile(rf"(?:{titles.pattern})(?={re.escape(person.name)}(?:同志|[，。、；：！？）”\s]|$))"
                            rf"|(?<={re.escape(person.name)})(?:同志)?(?:{titles.pattern})")
        for line in lines:
            if person.name not in line.text:
                continue
            for m in around.finditer(line.text):
                title = m.group().removeprefix("同志")
                if title in own:
                    continue
                start = m.start() + (len(m.group()) - len(title))
                yield line.finding("person-title", f"{person.name}的职务是“{own}”，这里写作“{title}”，请核对",
                                   start, m.end())


def _alternation(words: Iterable[str]) -> re.Pattern:
    """A pattern of the words, the longest first, so a longer name wins over a name inside it."""
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


def _spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    out = []
    for w in words:
        at = text.find(w)
        while at >= 0:
            out.append((at, at + len(w)))
            at = text.find(w, at + 1)
    return out


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _on_purpose(text: str, start: int, end: int) -> bool:
    """Whether the text names the other unit on purpose: working with it, or in a list of units."""
    before, after = text[max(0, start - 4):start], text[end:end + 2]
    return before.endswith(_WITH) or after.startswith(_THEN)


def resolved_names(names: Names, *, org: str | None = None, units: tuple[tuple[str, ...], ...] = (),
                   superiors: tuple[str, ...] = (), settings: tuple[str | None, str | None] = (None, None)) -> Names:
    """The library's names with whose document it is folded in: ``org`` (--org, else draft.yaml's, else the library's).

    ``units`` are the batch's organisations (full name, then short names), ``superiors``
    their and draft.yaml's superiors, ``settings`` draft.yaml's (org, org_short). With no
    unit known the units are kept for the document's title or signature to choose from.
    """
    cfg_org, cfg_short = settings
    name = org or cfg_org or names.org
    units = tuple(tuple(n for n in u if n) for u in units if u and u[0])
    if name is None:
        return Names(names.org, names.short, names.wrong, names.superior + superiors, names.people,
                     names.others, names.origin, units)
    if name in names.own:
        own = names.own
    else:
        group = next((u for u in units if name in u), None)
        if group is not None:
            own = group
        elif cfg_org and name in (cfg_org, cfg_short):
            own = tuple(n for n in (cfg_org, cfg_short) if n)
        else:
            own = (name,)
    library_is_own = bool(names.org) and names.org == own[0]
    others = [n for u in units if u != own and not set(u) & set(own) for n in u] + list(names.others)
    if names.org and not library_is_own:
        others += names.own  # the library names another unit: its names are another's here
    return Names(own[0], own[1:], names.wrong if library_is_own else (), names.superior + superiors,
                 names.people, tuple(dict.fromkeys(n for n in others if n not in own)), names.origin)

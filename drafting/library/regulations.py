"""The titles of the Party's regulations (``regulations:``): each entry becomes rules of the rule set.

An entry names a regulation's exact current title, the year from which documents
should cite it, its revision years and the titles it replaced (``formerly``, each
with the last year it was current). From it come ordinary ``Rule`` values, so they
are listed by ``--rules``, filtered by ``--only``/``--skip`` and cited like the rest:

- ``title-<id>`` (``-2``, ``-3`` for further former titles): a superseded title cited
  in a document of a year after the change (stale-reference), unless the sentence
  dates it (2010年印发的《…》) or calls it the former one (原《…》);
- ``title-<id>-exact``: a title one character away from the exact one (a word
  substituted, dropped or added inside 《》), unless that is another title the file
  lists (or an entry's ``similar`` real titles);
- ``title-<id>-trial``: 试行 dropped from a title that has it, or added to one that
  never had it (when no former title had it either: that is the stale rule's).

The generated examples are run here like a written rule's, so a list entry whose
patterns misbehave does not load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import DataError
from ..model import Example, Origin, Rule

if TYPE_CHECKING:
    from ..yamlfile import Node

ENTRY_KEYS = frozenset({"id", "name", "since", "revised", "source", "formerly", "similar", "misnamed", "note"})
FORMER_KEYS = frozenset({"name", "until"})
_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,40}")
_TRIAL = "（试行）"
#: characters a title cannot hold: a near miss never reaches past the title marks
_OUTSIDE = "《》\\s"
#: a sentence that dates a title to its own years, calls it the former one or retires it speaks
#: of it as history, not as the one in force
_HISTORY = (r"(?:{years})年[^。；！？]{{0,24}}{title}",
            r"(?:原|旧的|原来的|此前的){title}",
            r"{title}[^。；！？]{{0,12}}(?:废止|停止执行|不再执行|同时废止|予以修订|修订为|代替|取代)")


@dataclass(frozen=True)
class Former:
    """A title a regulation had before: cited after ``until``, it is out of date."""

    name: str
    until: int


@dataclass(frozen=True)
class Regulation:
    """One entry of a ``regulations`` list, validated."""

    id: str
    name: str
    since: int
    revised: tuple[int, ...]
    source: str
    formerly: tuple[Former, ...] = ()
    similar: tuple[str, ...] = ()
    note: str = ""
    origin: Origin | None = None
    #: wrong forms seen in documents further than one character from the name (党和国家 dropped)
    misnamed: tuple[str, ...] = ()


def parse_regulation(item: Node) -> Regulation:
    """One entry of a ``regulations`` list: exact title, years, source, former titles."""
    m = item.mapping("党内法规名称", ENTRY_KEYS, required=("id", "name", "since", "source"))
    reg_id = m["id"].text("id")
    if not _ID.fullmatch(reg_id):
        raise m["id"].fail(f"id“{reg_id}”应由小写英文字母、数字、“-”组成（2 到 41 个字符）",
                           hint="生成的规则 id 是 title-<id>、title-<id>-exact 等，一经发布不再改动")
    name = _title(m["name"], "name（现行名称）")
    since = m["since"].integer("since（起用现行名称的年份）", low=1949, high=2100)
    revised = tuple(n.integer("revised（修订年份）", low=1949, high=2100)
                    for n in m["revised"].items("revised")) if "revised" in m else ()
    formerly = []
    for node in (m["formerly"].items("formerly") if "formerly" in m else ()):
        f = node.mapping("原名称", FORMER_KEYS, required=("name", "until"))
        former = Former(_title(f["name"], "name（原名称）"),
                        f["until"].integer("until（原名称最后适用的年份）", low=1949, high=2100))
        if former.name == name:
            raise f["name"].fail(f"原名称与现行名称相同：《{name}》")
        if former.until >= since + 1:
            raise f["until"].fail(f"原名称适用到 {former.until} 年，晚于现行名称起用的 {since} 年")
        formerly.append(former)
    similar = tuple(_title(n, "similar（相近的其他法规名称）") for n in m["similar"].items("similar")) \
        if "similar" in m else ()
    misnamed = tuple(_title(n, "misnamed（常见的错误名称）") for n in m["misnamed"].items("misnamed")) \
        if "misnamed" in m else ()
    for node, wrong in zip(m["misnamed"].items("misnamed") if "misnamed" in m else (), misnamed):
        if wrong == name or wrong in {f.name for f in formerly}:
            raise node.fail(f"错误名称《{wrong}》与现行名称或原名称相同")
    note = m["note"].text("note（说明）") if "note" in m else ""
    return Regulation(reg_id, name, since, revised, m["source"].text("source（依据出处）"), tuple(formerly),
                      similar, note, Origin(str(item.path), item.line), misnamed)


def _title(node: Node, what: str) -> str:
    value = node.text(what).strip("《》")
    if len(value) < 4 or re.search(f"[{_OUTSIDE}]", value):
        raise node.fail(f"{what}“{value}”应是书名号里的完整名称，不含书名号和空格")
    return value.replace("(", "（").replace(")", "）")


# --- from entries to rules ---------------------------------------------------------------------


def _char(ch: str) -> str:
    """One character of a title as a pattern: full- and half-width brackets alike."""
    return {"（": "[（(]", "）": "[）)]"}.get(ch, re.escape(ch))


def _chars(title: str) -> str:
    return "".join(_char(c) for c in title)


def _exact(title: str) -> str:
    return f"《{_chars(title)}》"


def _near(title: str, misnamed: tuple[str, ...] = ()) -> str:
    """Every title one edit from ``title`` (a character substituted, dropped or added), and ``misnamed``."""
    chars = list(title)
    alternatives = [_chars(m) for m in misnamed]
    for i, ch in enumerate(chars):
        head, tail = _chars(title[:i]), _chars(title[i + 1:])
        other = {"（": "（(", "）": "）)"}.get(ch, re.escape(ch))
        alternatives.append(f"{head}[^{_OUTSIDE}{other}]{tail}")  # substituted
        alternatives.append(f"{head}{tail}")  # dropped
    for i in range(1, len(chars)):  # added (not before the first or after the last: another title's edge)
        alternatives.append(f"{_chars(title[:i])}[^{_OUTSIDE}]{_chars(title[i:])}")
    return "《(?:" + "|".join(alternatives) + ")》"


def _guards(title: str, until: int) -> tuple[str, ...]:
    """Where a former title is history: a year it was current in before it (2010年印发的), 原, 废止."""
    years = "|".join(str(y) for y in range(until, 1948, -1))  # not a later year: 2024年贯彻《…》 is current use
    return tuple(g.format(title=_exact(title), years=years) for g in _HISTORY)


def _latest(reg: Regulation) -> str:
    years = reg.revised or (reg.since,)
    return f"现行为{max(years)}年版"


def regulation_rules(regs: tuple[Regulation, ...]) -> tuple[Rule, ...]:
    """The rules a file's ``regulations`` entries stand for, their examples run."""
    known = {r.name for r in regs} | {f.name for r in regs for f in r.formerly} | {s for r in regs for s in r.similar}
    out: list[Rule] = []
    for reg in regs:
        common = dict(level="条例", source=reg.source, note=reg.note, origin=reg.origin)
        for n, former in enumerate(reg.formerly, 1):
            old, since = former.name, former.until + 1
            out.append(Rule(
                f"title-{reg.id}" + (f"-{n}" if n > 1 else ""), "stale-reference", "warning",
                pattern=_exact(old), unless=_guards(old, former.until),
                message=f"《{old}》已由《{reg.name}》代替（{_latest(reg)}），请核对是否仍应引用",
                suggestion=f"《{reg.name}》", since=since,
                fire=(Example(f"认真贯彻《{old}》"),),
                quiet=(Example(f"认真贯彻《{reg.name}》"), Example(f"{former.until}年印发的《{old}》"),
                       Example(f"原《{old}》")),
                **common))
        others = tuple(_exact(t) for t in sorted(known - {reg.name}))
        wrong = reg.misnamed[0] if reg.misnamed else _sample_near(reg.name, known)
        if wrong is not None:
            out.append(Rule(
                f"title-{reg.id}-exact", "standard-wording", "warning",
                pattern=_near(reg.name, reg.misnamed), unless=others,
                message=f"党内法规的名称应与原文一字不差：《{reg.name}》（{_latest(reg)}）",
                suggestion=f"《{reg.name}》",
                fire=(Example(f"认真学习《{wrong}》"),),
                quiet=(Example(f"认真学习《{reg.name}》"), *(Example(f"学习《{t}》") for t in sorted(known - {reg.name})
                                                           if _one_edit(t, reg.name))),
                **common))
        trial = _trial_variant(reg)
        if trial is not None:
            wrong_title, what = trial
            out.append(Rule(
                f"title-{reg.id}-trial", "standard-wording", "warning",
                pattern=_exact(wrong_title),
                message=f"这部党内法规的名称{what}“试行”，应为《{reg.name}》",
                suggestion=f"《{reg.name}》",
                fire=(Example(f"认真学习《{wrong_title}》"),),
                quiet=(Example(f"认真学习《{reg.name}》"),),
                **common))
    return tuple(_checked(rule, _near_triggers(regs, rule.id)) for rule in out)


_PREFIXES = ("中国共产党", "关于", "党政机关")


def _near_triggers(regs: tuple[Regulation, ...], rule_id: str) -> tuple[str, ...] | None:
    """For a near-miss rule: two halves of the title's distinctive part, and the misnamed forms.

    One edit (a character substituted, dropped or added) touches at most one of two
    non-overlapping parts of a title, so every near miss holds one of them; read off the
    pattern, the triggers would include 中国共产党, which every document holds.
    """
    reg = next((r for r in regs if f"title-{r.id}-exact" == rule_id), None)
    if reg is None:
        return None
    core = reg.name.removesuffix(_TRIAL)  # brackets may be written half-width: not in a trigger
    start = next((len(p) for p in _PREFIXES if core.startswith(p) and len(core) - len(p) >= 4), 0)
    rest = core[start:]
    half = len(rest) // 2
    return tuple(dict.fromkeys((rest[:half], rest[half:],
                                *(m.removesuffix(_TRIAL) for m in reg.misnamed))))


def _trial_variant(reg: Regulation) -> tuple[str, str] | None:
    """The title with 试行 dropped (it has it) or added (neither it nor a former title had it)."""
    if reg.name.endswith(_TRIAL):
        return reg.name[:-len(_TRIAL)], "少了"
    if any(_TRIAL in f.name for f in reg.formerly):
        return None
    return reg.name + _TRIAL, "多了"


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _sample_near(name: str, known: set[str]) -> str | None:
    """A title one character off ``name`` that no listed title is (the rule's fire example)."""
    for i in range(len(name) - 1, 0, -1):
        candidate = name[:i] + name[i + 1:]
        if candidate not in known and name[i] not in "（）试行":
            return candidate
    return None


def _checked(rule: Rule, known_triggers: tuple[str, ...] | None = None) -> Rule:
    """The rule, once its examples behave (else a ``DataError`` at the entry)."""
    from ..rules.ruleset import spots, triggers

    pattern = re.compile(rule.pattern)
    guards = tuple(re.compile(g) for g in rule.unless)

    def fail(message: str) -> DataError:
        origin = rule.origin
        return DataError(message, path=origin.path if origin else None, line=origin.line if origin else None)

    for example in rule.fire:
        if not list(spots(rule, pattern, guards, example.text)):
            raise fail(f"党内法规名称生成的规则“{rule.id}”没有标出“{example.text}”")
    for example in rule.quiet:
        if list(spots(rule, pattern, guards, example.text)):
            raise fail(f"党内法规名称生成的规则“{rule.id}”标出了不该标的“{example.text}”",
                       hint="两个名称只差一个字时，请在 similar 中写出另一个真实的名称")
    needed = known_triggers or triggers(rule.pattern)
    if all(any(t in e.text for t in needed) for e in rule.fire):
        rule = replace(rule, triggers=needed)
    return rule

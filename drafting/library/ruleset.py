"""The sourced rule set (``rules:``): each rule validated, its examples run, a unit's overlay restricted.

A full rule has a ``pattern``; an entry without one adjusts a rule an earlier
folder defined (the bundled library's, for a unit): a lower ``severity`` or
``off: true``, allowed only on the weak levels (``WEAK_LEVELS``: 政策, 实务,
单位制度, 待核). Every rule's ``fire`` examples must be flagged (and, with
``fixed``, corrected to exactly that text) and its ``quiet`` ones must not, or the
file does not load: the examples are run here, when a file is validated, and the
result is cached with the rest of the library.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import DataError
from ..model import LEVELS, SEVERITIES, WEAK_LEVELS, Example, Origin, Rule, RuleChange

if TYPE_CHECKING:
    from ..yamlfile import Node

RULE_KEYS = frozenset({"id", "code", "severity", "level", "source", "since", "until", "pattern", "unless",
                       "message", "suggestion", "mechanical", "fire", "quiet", "note", "off", "checker"})
#: What an entry adjusting an earlier folder's rule may say.
CHANGE_KEYS = frozenset({"id", "severity", "off", "note"})
EXAMPLE_KEYS = frozenset({"text", "fixed"})
_ID = re.compile(r"[a-z0-9][a-z0-9.-]{1,60}")
_CODE = re.compile(r"[a-z][a-z-]{1,40}")
_RANK = {"info": 0, "warning": 1, "error": 2}
_SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


def parse_entry(item: Node) -> Rule | RuleChange:
    """One entry of a ``rules`` list: a rule (it has a ``pattern``) or an adjustment of an earlier one."""
    if item.is_mapping() and not {"pattern", "checker"} & {str(k.value) for k, _ in item.node.value}:
        return parse_change(item)
    return parse_rule(item)


def split_entries(entries: tuple[Rule | RuleChange, ...]) -> tuple[tuple[Rule, ...], tuple[RuleChange, ...]]:
    """A file's parsed entries as its rules and its adjustments; an id used twice in the file is an error."""
    seen: dict[str, Origin | None] = {}
    for entry in entries:
        if entry.id in seen:
            origin = entry.origin
            raise DataError(f"规则 id“{entry.id}”重复，{seen[entry.id]} 已有", path=_path(origin), line=_line(origin))
        seen[entry.id] = entry.origin
    return (tuple(e for e in entries if isinstance(e, Rule)),
            tuple(e for e in entries if isinstance(e, RuleChange)))


def _id(node: Node) -> str:
    value = node.text("规则 id")
    if not _ID.fullmatch(value):
        raise node.fail(f"规则 id“{value}”应由小写英文字母、数字、“-”“.”组成（2 到 61 个字符）",
                        hint="id 一经发布不再改动，检查结果和本单位的调整都靠它找到规则")
    return value


def _regex(node: Node, what: str) -> re.Pattern:
    value = node.text(what)
    try:
        pattern = re.compile(value)
    except re.error as exc:
        raise node.fail(f"{what}“{value}”不是有效的正则表达式：{exc.msg}") from None
    if pattern.search("") is not None and pattern.fullmatch("") is not None:
        raise node.fail(f"{what}“{value}”能匹配空文字，会到处报出", hint="请至少要求匹配一个字符")
    return pattern


def parse_change(item: Node) -> RuleChange:
    """An entry without ``pattern``: an adjustment (severity, off) of an earlier folder's rule."""
    m = item.mapping("规则调整", CHANGE_KEYS, required=("id",))
    rule_id = _id(m["id"])
    severity = m["severity"].choice("severity（级别）", SEVERITIES) if "severity" in m else None
    off = m["off"].boolean("off（关闭规则）") if "off" in m else False
    if severity is None and not off:
        raise item.fail(f"规则“{rule_id}”没有 pattern，应当是对已有规则的调整，却既没有 severity 也没有 off",
                        hint="新规则要写 pattern、message、fire、quiet 等；调整已有规则只写 id 和 severity 或 off: true")
    return RuleChange(rule_id, severity, off, Origin(str(item.path), item.line))


def parse_rule(item: Node) -> Rule:
    """One rule of the set, validated; its examples must behave or it does not load."""
    from ..rules.ruleset import applied, spots, triggers  # the detector's own matching

    required = ("id", "code", "severity", "level", "source", "message", "fire", "quiet")
    m = item.mapping("检查规则", RULE_KEYS, required=required)
    rule_id = _id(m["id"])
    if "checker" in m:
        return _checker_rule(item, m, rule_id)
    if "pattern" not in m:
        raise item.fail("检查规则缺少“pattern”")
    code = m["code"].text("code（问题代码）")
    if not _CODE.fullmatch(code):
        raise m["code"].fail(f"code“{code}”应由小写英文字母和“-”组成，如 punctuation-usage")
    severity = m["severity"].choice("severity（级别）", SEVERITIES)
    level = m["level"].choice("level（依据层级）", LEVELS)
    source = m["source"].text("source（依据出处）")
    since = m["since"].integer("since（起始年份）", low=1949, high=2100) if "since" in m else None
    until = m["until"].integer("until（截止年份）", low=1949, high=2100) if "until" in m else None
    if since is not None and until is not None and since > until:
        raise m["until"].fail(f"截止年份 {until} 早于起始年份 {since}")
    pattern = _regex(m["pattern"], "pattern（匹配的正则表达式）")
    guards = tuple(_regex(n, "unless（例外的正则表达式）") for n in m["unless"].items("unless")) if "unless" in m else ()
    message = m["message"].text("message（提示文字）")
    suggestion = m["suggestion"].text("suggestion（改正写法）", empty=True) if "suggestion" in m else None
    if suggestion is not None and "suggestion" in m and m["suggestion"].is_null():
        suggestion = None
    mechanical = m["mechanical"].boolean("mechanical（可直接改正）") if "mechanical" in m else False
    if mechanical and suggestion is None:
        raise m["mechanical"].fail("mechanical: true 的规则要有 suggestion（改正写法）")
    off = m["off"].boolean("off（关闭规则）") if "off" in m else False
    note = m["note"].text("note（说明）") if "note" in m else ""
    fire = tuple(_example(n, suggestion is not None) for n in m["fire"].items("fire"))
    quiet = tuple(_example(n, False) for n in m["quiet"].items("quiet"))
    if not fire or not quiet:
        raise item.fail(f"规则“{rule_id}”至少要有一个 fire 例子和一个 quiet 例子")
    rule = Rule(rule_id, code, severity, level, source, pattern.pattern, message, tuple(g.pattern for g in guards),
                suggestion, mechanical, since, until, fire, quiet, note, off, Origin(str(item.path), item.line))
    nodes = dict(zip(fire + quiet, [*m["fire"].items("fire"), *m["quiet"].items("quiet")]))
    for example in fire:
        where = nodes[example]
        try:
            found = list(spots(rule, pattern, guards, example.text))
        except (re.error, IndexError) as exc:
            raise m["suggestion"].fail(f"suggestion“{suggestion}”无法套用：{exc}") from None
        if not found:
            raise where.fail(f"规则“{rule_id}”的例子“{example.text}”应当被标出，却没有标出",
                             hint="请修改 pattern 或 unless，或改正这个例子")
        if example.fixed is not None:
            got = applied(rule, pattern, guards, example.text)
            if got != example.fixed:
                raise where.fail(f"规则“{rule_id}”的例子“{example.text}”改正后应为“{example.fixed}”，实际为“{got}”")
        if mechanical and applied(rule, pattern, guards, applied(rule, pattern, guards, example.text)) \
                != applied(rule, pattern, guards, example.text):
            raise where.fail(f"规则“{rule_id}”改正例子“{example.text}”后再检查仍会改动：机械修改应一次改对")
        if mechanical and list(spots(rule, pattern, guards, applied(rule, pattern, guards, example.text))):
            raise where.fail(f"规则“{rule_id}”改正例子“{example.text}”后再检查仍会标出：机械修改应一次改对")
    needed = triggers(pattern.pattern)
    if all(any(t in example.text for t in needed) for example in fire):  # else: unsure, always searched
        rule = replace(rule, triggers=needed)
    for example in quiet:
        found = list(spots(rule, pattern, guards, example.text))
        if found:
            start, end, _ = found[0]
            raise nodes[example].fail(f"规则“{rule_id}”的例子“{example.text}”不应被标出，却标出了“{example.text[start:end]}”",
                                      hint="请收紧 pattern 或在 unless 中写出例外")
    return rule


def _checker_rule(item: Node, m: dict, rule_id: str) -> Rule:
    """A document-level rule: a named function of ``drafting.rules.checkers``, its examples whole documents."""
    from ..rules.checkers import CHECKERS, run_checker

    name = m["checker"].text("checker（文档级检查函数名）")
    if name not in CHECKERS:
        raise m["checker"].fail(f"没有名为“{name}”的文档级检查", hint="可用的有：" + "、".join(sorted(CHECKERS)))
    for key in ("pattern", "unless", "mechanical"):
        if key in m:
            raise m[key].fail(f"文档级检查（checker）的规则不写 {key}：由检查函数决定查什么")
    since = m["since"].integer("since（起始年份）", low=1949, high=2100) if "since" in m else None
    until = m["until"].integer("until（截止年份）", low=1949, high=2100) if "until" in m else None
    if since is not None and until is not None and since > until:
        raise m["until"].fail(f"截止年份 {until} 早于起始年份 {since}")
    suggestion = m["suggestion"].text("suggestion（改正写法）", empty=True) if "suggestion" in m else None
    fire_nodes, quiet_nodes = list(m["fire"].items("fire")), list(m["quiet"].items("quiet"))
    rule = Rule(rule_id, m["code"].text("code（问题代码）"), m["severity"].choice("severity（级别）", SEVERITIES),
                m["level"].choice("level（依据层级）", LEVELS), m["source"].text("source（依据出处）"), "",
                m["message"].text("message（提示文字）"), (), suggestion, False, since, until,
                tuple(_example(n, False) for n in fire_nodes), tuple(_example(n, False) for n in quiet_nodes),
                m["note"].text("note（说明）") if "note" in m else "",
                m["off"].boolean("off（关闭规则）") if "off" in m else False, Origin(str(item.path), item.line),
                checker=name)
    if not _CODE.fullmatch(rule.code):
        raise m["code"].fail(f"code“{rule.code}”应由小写英文字母和“-”组成，如 punctuation-usage")
    if not rule.fire or not rule.quiet:
        raise item.fail(f"规则“{rule_id}”至少要有一个 fire 例子和一个 quiet 例子")
    # an example is a whole document: one paragraph a line
    for example, node in zip(rule.fire, fire_nodes):
        if not list(run_checker(rule, example.text)):
            raise node.fail(f"规则“{rule_id}”的例子“{example.text}”应当被标出，却没有标出")
    for example, node in zip(rule.quiet, quiet_nodes):
        found = list(run_checker(rule, example.text))
        if found:
            raise node.fail(f"规则“{rule_id}”的例子“{example.text}”不应被标出，却标出了“{found[0].excerpt}”")
    return rule


def _example(node: Node, fixable: bool) -> Example:
    if node.is_mapping():
        m = node.mapping("例子", EXAMPLE_KEYS, required=("text",))
        if "fixed" in m and not fixable:
            raise m["fixed"].fail("只有 fire 例子、且规则有 suggestion 时才能写 fixed（改正后的文字）")
        return Example(m["text"].text("例子"), m["fixed"].text("fixed（改正后的文字）") if "fixed" in m else None,
                       node.line)
    return Example(node.text("例子"), None, node.line)


def merge_rules(base: tuple[Rule, ...], rules: tuple[Rule, ...],
                changes: tuple[RuleChange, ...]) -> tuple[Rule, ...]:
    """Lay a folder's rules and adjustments over ``base``; weakening a 条例/国标/标准 rule is refused."""
    out = {r.id: r for r in base}
    for rule in rules:
        old = out.get(rule.id)
        if old is not None and old.level not in WEAK_LEVELS and _weaker(rule, old):
            raise _refused(rule.origin, old, "改写后更宽松")
        out[rule.id] = rule
    for change in changes:
        old = out.get(change.id)
        if old is None:
            raise DataError(f"没有 id 为“{change.id}”的检查规则可以调整", path=_path(change.origin),
                            line=_line(change.origin), hint="draft check --rules 列出全部规则及其 id")
        severity = change.severity or old.severity
        if old.level not in WEAK_LEVELS and (change.off or _RANK[severity] < _RANK[old.severity]):
            raise _refused(change.origin, old, "关闭" if change.off else f"降为“{_SEVERITY_NAMES[severity]}”")
        out[change.id] = replace(old, severity=severity, off=change.off or old.off)
    return tuple(out.values())


def _weaker(new: Rule, old: Rule) -> bool:
    return new.off or _RANK[new.severity] < _RANK[old.severity] or new.level != old.level \
        or new.pattern != old.pattern or new.unless != old.unless or new.until != old.until or new.since != old.since


def _refused(origin: Origin | None, old: Rule, how: str) -> DataError:
    return DataError(f"规则“{old.id}”的依据是{old.level}：{old.source}；本单位不能把它{how}",
                     path=_path(origin), line=_line(origin),
                     hint="只有依据为政策、实务、单位制度、待核的规则可以降低级别或关闭（off: true）")


def _path(origin: Origin | None) -> str | None:
    return origin.path if origin else None


def _line(origin: Origin | None) -> int | None:
    return origin.line if origin else None

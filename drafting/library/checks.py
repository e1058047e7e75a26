"""Check rules: typos, advertising phrases, 的/得/地 patterns, doubled words, placeholders, case words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import CarryOver, CheckRules, DePattern, Origin, Typo
from .names import merge_names
from .ruleset import merge_rules

if TYPE_CHECKING:
    from ..yamlfile import Node

TYPO_KEYS = frozenset({"right", "unless", "alone"})
DE_KEYS = frozenset({"right", "before", "degree", "after", "unless", "not_after"})
#: A wrong form or advertising phrase: a few characters without spaces.
_PHRASE = re.compile(r"^\S{2,30}$")


def _phrase(node: Node, what: str) -> str:
    value = node.text(what)
    if not _PHRASE.match(value):
        raise node.fail(f"{what}“{value}”应为 2 到 30 个字，不含空格")
    return value


def _exception(node: Node, wrong: str) -> str:
    phrase = _phrase(node, "例外")
    if wrong not in phrase:
        raise node.fail(f"例外“{phrase}”应包含错误写法“{wrong}”",
                        hint="unless 列出的是含有这个写法、但本身正确的词语")
    return phrase


def parse_typos(node: Node) -> tuple[Typo, ...]:
    """A ``typos`` mapping (wrong → right, or wrong → right/unless) → ``Typo`` values, validated."""
    out = []
    for wrong, value in node.mapping("typos").items():
        if not _PHRASE.match(wrong):
            raise value.fail(f"错误写法“{wrong}”应为 2 到 30 个字，不含空格")
        unless: tuple[str, ...] = ()
        if value.is_mapping():
            m = value.mapping(f"“{wrong}”的更正", TYPO_KEYS, required=("right",))
            right_node = m["right"]
            if "unless" in m:
                unless = tuple(_exception(n, wrong) for n in m["unless"].items("unless"))
            alone = m["alone"].boolean("alone（只在单独成词时算错）") if "alone" in m else False
        else:
            right_node = value
            alone = False
        right = right_node.text(f"“{wrong}”的正确写法")
        if wrong in right:
            raise right_node.fail(f"正确写法“{right}”里又含有错误写法“{wrong}”，改正后仍会被标出",
                                  hint="请把错误写法写得更具体一些，或用 unless 列出例外")
        out.append(Typo(wrong, right, unless, Origin(str(value.path), value.line), alone))
    return tuple(out)


def parse_ads(node: Node) -> tuple[str, ...]:
    """An ``ads`` list → the advertising phrases, validated."""
    return tuple(dict.fromkeys(_phrase(n, "广告用语") for n in node.items("ads")))


def _words(node: Node, what: str, *, single: bool = True) -> tuple[str, ...]:
    """A list of words without spaces (of one character at least when ``single``)."""
    out = []
    for n in node.items(what):
        word = n.text(what)
        if not re.fullmatch(r"\S{1,30}" if single else r"\S{2,30}", word):
            raise n.fail(f"{what}“{word}”应为{'1' if single else '2'} 到 30 个字，不含空格")
        out.append(word)
    if not out:
        raise node.fail(f"{what}不能为空")
    return tuple(dict.fromkeys(out))


def parse_de_patterns(node: Node) -> tuple[DePattern, ...]:
    """A ``de_patterns`` list (right 得/地, before, degree, after, unless, not_after) → ``DePattern`` values."""
    out = []
    for item in node.items("de_patterns"):
        m = item.mapping("的/得/地规则", DE_KEYS, required=("right", "before", "after"))
        right = m["right"].choice("right（正确的字）", ("得", "地"))
        unless: tuple[str, ...] = ()
        if "unless" in m:
            unless = _words(m["unless"], "例外", single=False)
            for phrase, n in zip(unless, m["unless"].items("例外")):
                if "的" not in phrase:
                    raise n.fail(f"例外“{phrase}”应包含“的”", hint="unless 列出的是其中“的”用得对的词语")
        out.append(DePattern(
            right, _words(m["before"], "before（“的”前面的词）"), _words(m["after"], "after（“的”后面的词）"),
            _words(m["degree"], "degree（程度词）") if "degree" in m else (), unless,
            Origin(str(item.path), item.line),
            _words(m["not_after"], "not_after（使后面的动词作名词的词）") if "not_after" in m else (),
        ))
    return tuple(out)


def parse_reduplications(node: Node) -> tuple[str, ...]:
    """A ``reduplications`` list: words rightly written twice (研究研究), or phrases holding one (党组织组织力)."""
    out = _words(node, "叠用词语", single=False)
    for word, n in zip(out, node.items("叠用词语")):
        if not _DOUBLED.search(word):
            raise n.fail(f"叠用词语“{word}”里没有连写两遍的词，应如“研究研究”或“组织组织力”")
    return out


_DOUBLED = re.compile(r"(\S{2,})\1")


def parse_placeholders(node: Node) -> tuple[str, ...]:
    """A ``placeholders`` list: placeholder forms besides the built-in ones."""
    return tuple(dict.fromkeys(_phrase(n, "占位符") for n in node.items("placeholders")))


def parse_case_words(node: Node) -> tuple[str, ...]:
    """A ``case_words`` list: words of a case report, where 某某 and 某县 name people and places on purpose."""
    return tuple(dict.fromkeys(_phrase(n, "案例用语") for n in node.items("case_words")))


CARRY_KEYS = frozenset({"unchanged", "years"})


def parse_carry_over(node: Node) -> CarryOver:
    """A ``carry_over`` mapping (unchanged: percent, years: a streak) → the limits ``draft compare`` warns at."""
    m = node.mapping("carry_over（沿用比例的提醒界限）", CARRY_KEYS)
    default = CarryOver()
    unchanged = (m["unchanged"].integer("unchanged（沿用文字的百分比）", low=1, high=100)
                 if "unchanged" in m else default.unchanged)
    years = m["years"].integer("years（连续未变的年数）", low=2, high=50) if "years" in m else default.years
    return CarryOver(unchanged, years, Origin(str(node.path), node.line))


def merge_checks(base: CheckRules, extra: CheckRules) -> CheckRules:
    """Lay ``extra`` over ``base``: a typo with the same wrong form is replaced, the rest is added.

    Rules of the rule set with the same id are replaced, adjustments applied (``merge_rules``).
    """
    typos = {t.wrong: t for t in base.typos}
    typos.update((t.wrong, t) for t in extra.typos)
    return CheckRules(
        tuple(typos.values()), tuple(dict.fromkeys(base.ads + extra.ads)), base.de + extra.de,
        tuple(dict.fromkeys(base.reduplications + extra.reduplications)),
        tuple(dict.fromkeys(base.placeholders + extra.placeholders)),
        tuple(dict.fromkeys(base.case_words + extra.case_words)),
        # a folder that sets its own limits replaces the ones before it
        extra.carry_over if extra.carry_over.origin is not None else base.carry_over,
        merge_rules(base.rules, extra.rules, extra.rule_changes),
        names=merge_names(base.names, extra.names),
    )

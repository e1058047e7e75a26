"""The check rules a unit can extend in its library: typos, 的/得/地 patterns, the sourced rule set, carry-over shares."""

from __future__ import annotations

from dataclasses import dataclass

from .library import Origin


@dataclass(frozen=True)
class Typo:
    """A known wrong form and its correction (防微社渐 → 防微杜渐), from a library file.

    ``unless`` are longer phrases, each containing ``wrong``, in which the wrong form
    is in fact correct (尤其它们 holds 其它 but is not a typo).
    """

    wrong: str
    right: str
    unless: tuple[str, ...] = ()
    origin: Origin | None = None
    #: wrong only as a phrase of its own, between punctuation marks (、用于担当、): inside
    #: a longer clause the same characters can be right (精力用于担当作为)
    alone: bool = False


@dataclass(frozen=True)
class DePattern:
    """的 written for 得 or 地 in a fixed pattern: ``before`` 的 [``degree``] ``after``.

    讲的很好 → 讲得很好 (before 讲, degree 很, after 好); 清醒的认识到 → 清醒地认识到.
    With ``degree`` words, a complement without one must end its clause (做的实，but
    not 做的实事); ``unless`` are phrases holding the 的 in which it is right.
    ``not_after``: words before ``before`` that make the phrase a noun (得到充分的发挥).
    """

    right: str  # "得" or "地"
    before: tuple[str, ...]
    after: tuple[str, ...]
    degree: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    origin: Origin | None = None
    #: verbs that, just before ``before``, make ``after`` a noun: 得到充分的发挥 is right
    not_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class CarryOver:
    """What share of last year's text a unit considers too much (``draft compare``).

    ``unchanged``: percent of a document (or a section) unchanged or changed only in
    year-bound expressions above which the report warns; ``years``: items unchanged
    this many years in a row (the current one counted) are warned about.
    """

    unchanged: int = 60
    years: int = 3
    origin: Origin | None = None


#: Where a rule of the rule set comes from, strongest first. A unit's library may
#: weaken (lower the severity of, or turn off) only the rules of ``WEAK_LEVELS``.
LEVELS = ("条例", "国标", "标准", "政策", "实务", "单位制度", "待核", "旧规")
WEAK_LEVELS = frozenset({"政策", "实务", "单位制度", "待核"})
#: Levels reported as “规定” (a rule the document is held to, not house practice).
BINDING_LEVELS = frozenset({"条例", "国标", "标准"})


@dataclass(frozen=True)
class Example:
    """One example of a rule: a text it must (or must not) flag, and for a fire example the text once fixed."""

    text: str
    fixed: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Rule:
    """A rule of the sourced rule set (``rules:`` in the library's 检查规则*.yaml files).

    ``pattern`` is a regular expression searched in each line of the document;
    ``unless`` are regular expressions whose match around the spot (covering it
    entirely) means the rule does not apply there. ``suggestion`` is a replacement
    template (``\\1``, ``\\g<name>``) for the matched text; ``mechanical`` rules'
    suggestions are always right, so ``draft check --fix`` writes them as tracked
    changes. ``since``/``until`` bound the years of documents the rule holds for.
    ``off`` is set by a unit's overlay (allowed on the weak levels only).
    """

    id: str
    code: str
    severity: str
    level: str
    source: str
    pattern: str
    message: str
    unless: tuple[str, ...] = ()
    suggestion: str | None = None
    mechanical: bool = False
    since: int | None = None
    until: int | None = None
    fire: tuple[Example, ...] = ()
    quiet: tuple[Example, ...] = ()
    note: str = ""
    off: bool = False
    origin: Origin | None = None
    #: strings of which every match holds one, read off ``pattern`` when the file was
    #: validated: a document holding none of them is not searched; () means always search
    triggers: tuple[str, ...] = ()
    #: a document-level rule: the name of a function in ``drafting.rules.checkers``
    #: that reads the whole document (``pattern`` is then empty)
    checker: str = ""

    def valid_for(self, year: int | None) -> bool:
        """Whether the rule holds for a document of ``year``; of unknown year, only an undated rule."""
        if year is None:
            return self.since is None and self.until is None
        return (self.since is None or self.since <= year) and (self.until is None or year <= self.until)


@dataclass(frozen=True)
class RuleChange:
    """A unit's adjustment of a rule it does not define: the same ``id``, a lower severity or ``off``."""

    id: str
    severity: str | None = None
    off: bool = False
    origin: Origin | None = None


@dataclass(frozen=True)
class Person:
    """A person the unit's documents name, with the exact title they are named by (党组书记、局长)."""

    name: str
    title: str
    origin: Origin | None = None

    @property
    def titles(self) -> tuple[str, ...]:
        """The person's titles one by one (党组书记、局长 → 党组书记, 局长)."""
        return tuple(t for t in self.title.replace("，", "、").split("、") if t)


@dataclass(frozen=True)
class Names:
    """A unit's 标准词库 (``names:`` in its library): how its own documents name it and others.

    ``org`` is the unit's full name, ``short`` its accepted short names (规范化简称),
    ``wrong`` forms of its name it never uses, ``superior`` the names of the body above
    it (rightly named in its documents), ``people`` the people it names, with their exact
    titles, and ``others`` the names of other units (sibling units of a batch, a former
    name, a neighbour) that must not be left in its documents.
    """

    org: str | None = None
    short: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()
    superior: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    others: tuple[str, ...] = ()
    origin: Origin | None = None
    #: other units' names grouped by unit, full name first (a batch's list of organisations):
    #: when the document's own unit is not known, its title or signature picks it from these
    units: tuple[tuple[str, ...], ...] = ()

    @property
    def own(self) -> tuple[str, ...]:
        """Every right form of the unit's own name, the full one first."""
        return tuple(dict.fromkeys(((self.org,) if self.org else ()) + self.short))


@dataclass(frozen=True)
class CheckRules:
    """What ``draft check`` looks for that a unit can extend: typos and advertising phrases."""

    typos: tuple[Typo, ...] = ()
    #: phrases that mark a short line as a reseller's advertising or a watermark
    ads: tuple[str, ...] = ()
    #: 的 that should be 得 or 地, in fixed patterns
    de: tuple[DePattern, ...] = ()
    #: words rightly written twice in a row (研究研究): not a doubled word
    reduplications: tuple[str, ...] = ()
    #: placeholder forms besides the built-in ones (××, 某某, X同志 …)
    placeholders: tuple[str, ...] = ()
    #: words of a case report (违纪, 受贿 …): a paragraph holding one writes 某某, 某县 on purpose
    case_words: tuple[str, ...] = ()
    #: the shares of carried-over text ``draft compare`` warns about
    carry_over: CarryOver = CarryOver()
    #: the sourced rule set, in load order (a unit's overlay already applied)
    rules: tuple[Rule, ...] = ()
    #: a file's adjustments of rules defined in earlier folders, applied when it is laid over them
    rule_changes: tuple[RuleChange, ...] = ()
    #: the unit's 标准词库 (``names:``): its own names, its superior's, the people it names, other units'
    names: Names = Names()

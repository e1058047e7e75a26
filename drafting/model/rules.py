"""The check rules a unit can extend in its library: typos, 的/得/地 patterns, carry-over shares."""

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

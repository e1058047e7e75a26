"""The library side: genres, where a snippet goes, snippets, category cues and recipes."""

from __future__ import annotations

from dataclasses import dataclass


PLAN = "plan"
SPEECH = "speech"
GENRES = (PLAN, SPEECH)
GENRE_NAMES = {PLAN: "工作要点", SPEECH: "讲话"}

# Where a snippet goes in a document.
ITEM = "item"  # a numbered item (plan) or an enumerated paragraph (speech)
HEADING = "heading"  # a first-level section heading
PREAMBLE = "preamble"  # plan: the 总体要求 paragraph(s) before the sections
OPENING = "opening"  # speech: the paragraph(s) after 同志们：
CLOSING = "closing"  # speech: the 同志们，… ending
KINDS = (ITEM, HEADING, PREAMBLE, OPENING, CLOSING)


@dataclass(frozen=True)
class Origin:
    """Where a value was read from: a file and a 1-based line (or paragraph index)."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Snippet:
    """A reusable block of text: an item, a heading, a preamble, an opening or a closing.

    ``lead``, ``body`` and ``points`` are Jinja sources; ``points`` are sentences the
    assembler enumerates as 一是……二是…… after the body.
    """

    id: str
    category: str
    kind: str
    genres: frozenset[str]
    body: str
    lead: str | None = None
    points: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    since: int | None = None
    until: int | None = None
    origin: Origin | None = None
    #: line of each text field (``lead``/``body``/``points[i]``) for error messages
    field_lines: tuple[tuple[str, int], ...] = ()
    # Governance (``library/governance.py``): who keeps the snippet, when it was last
    # reviewed and how often it should be, what it rests on, what supersedes it.
    owner: str | None = None
    reviewed: str | None = None  # "YYYY-MM-DD" or "YYYY-MM"
    review_every: int | None = None  # months
    source: str | None = None
    replaced_by: str | None = None  # snippet id

    def valid_for(self, year: int) -> bool:
        """True if the snippet may be used in a document for ``year``."""
        return (self.since is None or self.since <= year) and (
            self.until is None or year <= self.until
        )

    def serves(self, genre: str) -> bool:
        """True if the snippet may be used in documents of ``genre``."""
        return genre in self.genres

    def line_of(self, field_name: str) -> int | None:
        """The file line where ``field_name`` starts, or the snippet's own line."""
        for name, line in self.field_lines:
            if name == field_name:
                return line
        return self.origin.line if self.origin else None


@dataclass(frozen=True)
class Cues:
    """What marks a category's text, for sorting harvested text (``draft ingest``).

    ``heading`` words in a section heading name the category outright (强化组织建设,
    反腐败); ``words`` are evidence in an item's own text (三会一课 → 组织建设).
    ``covers`` are the finer categories a heading naming this one often holds as
    well: documents written before 2017 put 作风 and 纪律 items under a
    党风廉政建设 heading, which the library files apart.
    """

    category: str
    heading: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    origin: Origin | None = None
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    """One first-level section of a recipe: a category and, optionally, chosen snippets."""

    category: str
    heading: str | None = None  # snippet id of the heading; default: first valid one
    items: tuple[str, ...] | None = None  # snippet ids; default: valid items of the category
    count: int | None = None  # how many items when ``items`` is not given
    origin: Origin | None = None


@dataclass(frozen=True)
class Recipe:
    """What goes into a document: a plan recipe, a meeting profile, or a user's spec file.

    Snippet id lists (``preamble``, ``opening``, ``closing``) are candidates: the
    first one valid for the year is used.
    """

    name: str
    genre: str
    title: str  # Jinja source
    sections: tuple[SectionSpec, ...]
    description: str = ""
    aliases: tuple[str, ...] = ()
    preamble: tuple[str, ...] = ()
    opening: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()
    signature: bool = False
    origin: Origin | None = None
    #: sections drawn from a category skip snippets with any of these tags (a branch's
    #: plan has no 理论学习中心组 or 机关纪委 items)
    exclude_tags: tuple[str, ...] = ()

"""The document side: an outline of sections and items, independent of Word, and who and when it is for."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    """A numbered item (plan) or an enumerated paragraph (speech).

    ``number`` is the item's place: plan items run on across sections (1．…20．),
    speech paragraphs count within their section (一是, 二是); ``None`` means the
    item is written without a number. ``lead`` is the short first sentence without
    its closing 。; ``text`` is the rest of the paragraph.
    """

    text: str
    lead: str | None = None
    number: int | None = None
    source: str | None = None  # snippet id or "paragraph N"
    #: a parsed item's numbering level: "L2" （一）, "L3" 1．, "L4" （1）, "enum" 一是; None unnumbered
    level: str | None = None


@dataclass(frozen=True)
class Section:
    """A first-level section: 一、heading, then its items."""

    number: int
    heading: str
    items: tuple[Item, ...] = ()
    category: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Outline:
    """A whole document, independent of Word: what is assembled, rendered and parsed."""

    genre: str
    title: str | None
    sections: tuple[Section, ...]
    year: int | None = None
    org: str | None = None
    #: plan: the 总体要求 paragraphs; speech: the opening paragraphs after 同志们：
    preamble: tuple[str, ...] = ()
    #: speech: the closing paragraphs (同志们，…)
    closing: tuple[str, ...] = ()
    speaker: str | None = None
    #: the speech's date line, or the plan's signature date
    date: _dt.date | None = None
    #: plan: the signing organisation
    signature: str | None = None
    #: messages for the user about the draft (calendar gaps, omitted parts)
    notes: tuple[str, ...] = field(default=(), compare=False)
    #: assembled: the ids of the snippets used, in document order (a parsed outline has none)
    snippets: tuple[str, ...] = field(default=(), compare=False)

    def items(self) -> list[Item]:
        """All items of all sections, in order."""
        return [item for section in self.sections for item in section.items]


@dataclass(frozen=True)
class Provenance:
    """Where a draft the tool wrote came from, as recorded in its custom properties."""

    #: snippet ids in document order
    snippets: tuple[str, ...] = ()
    #: (git commit, folder) of each library folder that lies in a git checkout
    libraries: tuple[tuple[str, str], ...] = ()
    tool: str = ""
    year: int | None = None
    recipe: str = ""


@dataclass(frozen=True)
class Occasion:
    """Who a draft is for and when: the values the user gives on the command line."""

    year: int
    org: str
    org_short: str | None = None
    superior: str | None = None
    speaker: str | None = None
    date: _dt.date | None = None

    def params(self) -> dict[str, object]:
        """The user parameters as snippets see them (defaults filled in)."""
        return {
            "org": self.org,
            "org_short": self.org_short or self.org,
            "superior": self.superior or "上级党组织",
            "speaker": self.speaker or "",
        }

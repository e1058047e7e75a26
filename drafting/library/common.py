"""The merged library and what every part of its loading shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import (
    CLOSING,
    HEADING,
    ITEM,
    OPENING,
    PREAMBLE,
    Calendar,
    CheckRules,
    Cues,
    Recipe,
    Snippet,
)

if TYPE_CHECKING:
    from ..yamlfile import Node

KIND_NAMES = {ITEM: "条目", HEADING: "标题", PREAMBLE: "总体要求", OPENING: "开场", CLOSING: "结尾"}


@dataclass(frozen=True)
class _Ref:
    """A snippet id a recipe names, checked once every folder is loaded."""

    id: str
    kind: str
    genre: str
    path: Path
    line: int


@dataclass
class Library:
    """The merged library: snippets by id, plan recipes, meeting profiles, the calendar."""

    snippets: dict[str, Snippet] = field(default_factory=dict)
    plans: dict[str, Recipe] = field(default_factory=dict)
    meetings: dict[str, Recipe] = field(default_factory=dict)
    calendar: Calendar = field(default_factory=Calendar)
    folders: tuple[Path, ...] = ()
    #: domain terms word segmentation keeps whole (三会一课, 两个维护), in load order
    terms: tuple[str, ...] = ()
    #: cue words per category for sorting harvested text, merged over all folders
    keywords: dict[str, Cues] = field(default_factory=dict)
    #: typos and advertising phrases ``draft check`` flags, merged over all folders
    checks: CheckRules = field(default_factory=CheckRules)

    def get(self, snippet_id: str) -> Snippet | None:
        """The snippet with this id, or None."""
        return self.snippets.get(snippet_id)

    def select(
        self, kind: str, genre: str, year: int | None = None, category: str | None = None
    ) -> list[Snippet]:
        """Snippets of a kind and genre (and category), valid for ``year``, in library order."""
        return [
            s
            for s in self.snippets.values()
            if s.kind == kind
            and genre in s.genres
            and (category is None or s.category == category)
            and (year is None or s.valid_for(year))
        ]

    def categories(self) -> list[str]:
        """Category names in the order they first appear."""
        return list(dict.fromkeys(s.category for s in self.snippets.values()))

    def meeting(self, name: str) -> Recipe | None:
        """The meeting profile called ``name`` (or with that alias), or None."""
        return _by_name(self.meetings, name)

    def plan(self, name: str | None = None) -> Recipe | None:
        """The plan recipe called ``name`` (or alias); the first one when no name is given."""
        if name is None:
            return next(iter(self.plans.values()), None)
        return _by_name(self.plans, name)


def _by_name(recipes: dict[str, Recipe], name: str) -> Recipe | None:
    if name in recipes:
        return recipes[name]
    return next((r for r in recipes.values() if name in r.aliases), None)


def _year(node: Node, what: str) -> int:
    return node.integer(what, low=1949, high=2100)

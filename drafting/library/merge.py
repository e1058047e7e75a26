"""Laying one folder's parsed files over the library built so far."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from ..errors import DataError
from ..model import CheckRules, Cues, Origin, Snippet
from .calendar import merge_calendars
from .checks import merge_checks
from .common import Library, _Ref
from .files import FileContent


def lay_over(lib: Library, contents: Iterable[FileContent], refs: list[_Ref]) -> None:
    """Lay one folder's parsed files over ``lib``; an id or name defined twice in them is an error."""
    seen: dict[str, Snippet] = {}
    names: dict[str, Origin | None] = {}
    rule_ids: dict[str, Origin | None] = {}
    for content in contents:
        for rule in content.checks.rules:
            if rule.id in rule_ids:
                origin = rule.origin
                raise DataError(f"检查规则 id“{rule.id}”重复，已在 {rule_ids[rule.id]} 定义过",
                                path=origin.path if origin else None, line=origin.line if origin else None)
            rule_ids[rule.id] = rule.origin
        for snippet in content.snippets:
            if snippet.id in seen:
                origin = snippet.origin
                raise DataError(
                    f"片段 id“{snippet.id}”重复，已在 {seen[snippet.id].origin} 定义过",
                    path=origin.path if origin else None, line=origin.line if origin else None,
                    snippet=snippet.id,
                )
            seen[snippet.id] = snippet
            lib.snippets[snippet.id] = snippet
        for recipes, target in ((content.plans, lib.plans), (content.meetings, lib.meetings)):
            for recipe in recipes:
                if recipe.name in names:
                    origin = recipe.origin
                    raise DataError(
                        f"“{recipe.name}”重复，已在 {names[recipe.name]} 定义过",
                        path=origin.path if origin else None, line=origin.line if origin else None,
                    )
                names[recipe.name] = recipe.origin
                target[recipe.name] = recipe
        refs.extend(content.refs)
        if content.calendar is not None:
            lib.calendar = merge_calendars(lib.calendar, content.calendar)
        lib.terms = tuple(dict.fromkeys(lib.terms + content.terms))
        for cues in content.keywords:
            old = lib.keywords.get(cues.category)
            if old is not None:
                cues = Cues(
                    cues.category,
                    tuple(dict.fromkeys(old.heading + cues.heading)),
                    tuple(dict.fromkeys(old.words + cues.words)),
                    old.origin,
                    tuple(dict.fromkeys(old.covers + cues.covers)),
                )
            lib.keywords[cues.category] = cues
        if content.typos or content.ads or content.checks != CheckRules():
            lib.checks = merge_checks(lib.checks, replace(content.checks, typos=content.typos, ads=content.ads))

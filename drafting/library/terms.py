"""Terms and keywords: domain terms kept whole, and the cue words that sort text into categories."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import DataError
from ..model import Cues, Origin
from .common import Library

if TYPE_CHECKING:
    from ..yamlfile import Node

CUE_KEYS = frozenset({"heading", "words", "covers"})
#: A domain term: a few characters, no spaces or punctuation that would split it anyway.
_TERM = re.compile(r"^[\w·]{2,16}$")


def _term(node: Node, what: str) -> str:
    value = node.text(what)
    if not _TERM.match(value):
        raise node.fail(f"{what}“{value}”应为 2 到 16 个字，不含空格和标点")
    return value


def parse_terms(node: Node) -> tuple[str, ...]:
    """A ``terms`` list → the domain terms, validated."""
    return tuple(dict.fromkeys(_term(n, "术语") for n in node.items("terms")))


def parse_keywords(node: Node) -> tuple[Cues, ...]:
    """A ``keywords`` mapping (category → heading/words lists) → ``Cues``, validated."""
    out = []
    for category, value in node.mapping("keywords").items():
        m = value.mapping(f"类别“{category}”的关键词", CUE_KEYS)
        if not m:
            raise value.fail(f"类别“{category}”的关键词为空：请写 heading、words 或 covers")
        covers = []
        for n in m["covers"].items("covers") if "covers" in m else ():
            name = n.text("covers 中的类别")
            if name == category:
                raise n.fail(f"类别“{category}”的 covers 不能包含它自己")
            covers.append(name)
        out.append(Cues(
            category,
            tuple(_term(n, "关键词") for n in m["heading"].items("heading")) if "heading" in m else (),
            tuple(_term(n, "关键词") for n in m["words"].items("words")) if "words" in m else (),
            Origin(str(value.path), value.line),
            tuple(dict.fromkeys(covers)),
        ))
    return tuple(out)


def check_keywords(lib: Library) -> None:
    """Every category given keywords, or covered by one, has snippets (a misspelt
    category would sort nothing)."""
    categories = set(lib.categories())
    for cues in lib.keywords.values():
        for category in (cues.category, *cues.covers):
            if category not in categories:
                origin = cues.origin
                raise DataError(
                    f"keywords 中的“{category}”不是素材库中的类别",
                    path=origin.path if origin else None,
                    line=origin.line if origin else None,
                    hint="已有类别：" + "、".join(sorted(categories)),
                )

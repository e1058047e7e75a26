"""Snippets: one snippet mapping, its Jinja sources checked for syntax and parameter names."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

from ..errors import DataError
from ..model import GENRES, ITEM, KINDS, PARAM_NAMES, PLAN, SPEECH, Origin, Snippet
from .common import KIND_NAMES, _year

if TYPE_CHECKING:
    from ..yamlfile import Node

SNIPPET_KEYS = frozenset(
    {"id", "kind", "category", "genre", "lead", "body", "points", "tags", "since", "until", "note",
     # governance (library/governance.py)
     "owner", "reviewed", "review_every", "source", "replaced_by"}
)
_GOVERNANCE = frozenset({"owner", "reviewed", "review_every", "source", "replaced_by"})
_ID = re.compile(r"^[\w.\-]+$")
_PARAMS_HINT = "可用的参数：" + "、".join(sorted(PARAM_NAMES))


def _jinja(node: Node, what: str, source: str, snippet_id: str | None = None) -> str:
    """Check a Jinja source: syntax and parameter names, failing at the right line."""
    from .. import sandbox  # Jinja only when a file has to be parsed

    if sandbox.is_literal(source):
        return source
    try:
        names = sandbox.undeclared(source)
    except sandbox.TemplateSyntaxError as exc:
        message, lineno = sandbox.explain(exc, source)
        line = node.content_line + lineno - 1
        raise DataError(
            f"{what}的模板写法有误：{message}", path=node.path, line=line, snippet=snippet_id
        ) from None
    unknown = sorted(names - PARAM_NAMES)
    if unknown:
        raise DataError(
            f"{what}引用了未定义的参数：{'、'.join(unknown)}",
            path=node.path,
            line=node.content_line,
            snippet=snippet_id,
            hint=_PARAMS_HINT,
        )
    return source


# One object per distinct value, shared by every snippet that has it: the parse
# cache then stores (and reads back) each once, not once per snippet.
_GENRE_SETS = {frozenset(g): frozenset(g) for g in ((PLAN,), (SPEECH,), GENRES)}


def _genres(node: Node, what: str) -> frozenset[str]:
    values = node.texts(what)
    if values == ("both",):
        return _GENRE_SETS[frozenset(GENRES)]
    for value in values:
        if value not in GENRES:
            raise node.fail(f"{what}应为 plan、speech 或 both，而不是“{value}”")
    return _GENRE_SETS[frozenset(values)]


def parse_snippet(node: Node, default_category: str | None) -> Snippet:
    """One snippet mapping → ``Snippet``, validated."""
    m = node.mapping("片段", SNIPPET_KEYS)
    if "id" not in m:
        raise node.fail("片段缺少 id")
    sid = m["id"].text("id")
    if not _ID.match(sid):
        raise m["id"].fail(f"id“{sid}”只能包含字母、数字、汉字和 - _ .", snippet=sid)

    def need(key: str, what: str) -> Node:
        if key not in m:
            raise node.fail(f"片段缺少{what}（{key}）", snippet=sid)
        return m[key]

    kind = m["kind"].text("kind") if "kind" in m else ITEM
    if kind not in KINDS:
        raise m["kind"].fail(f"kind 应为 {'、'.join(KINDS)} 之一，而不是“{kind}”", snippet=sid)
    if "category" in m:
        category = m["category"].text("类别（category）")
    elif default_category:
        category = default_category
    else:
        raise node.fail("片段缺少类别：请写 category，或在文件开头写默认类别", snippet=sid)
    genres = _genres(need("genre", "适用文种"), "genre")
    lines: list[tuple[str, int]] = []

    def text_field(key: str, what: str) -> str:
        src = m[key].text(what)
        if m[key].node.style == ">":  # folded: a single newline is where a blank line stood
            src = src.replace("\n", "\n\n")
        lines.append((key, m[key].content_line))
        return _jinja(m[key], what, src, sid)

    need("body", "正文")
    body = text_field("body", "正文")
    lead = None
    points: tuple[str, ...] = ()
    if kind == ITEM:
        if "lead" in m:
            lead = text_field("lead", "小标题（lead）")
        elif PLAN in genres:
            raise node.fail("工作要点的条目需要小标题（lead）", snippet=sid)
        if "points" in m:
            pts = []
            for i, p in enumerate(m["points"].sequence("points")):
                src = p.text("列举项（points）")
                lines.append((f"points[{i}]", p.content_line))
                pts.append(_jinja(p, "列举项（points）", src, sid))
            points = tuple(pts)
    else:
        for key in ("lead", "points"):
            if key in m:
                raise m[key].fail(f"{KIND_NAMES[kind]}片段不用 {key}，只写 body", snippet=sid)
    since = _year(m["since"], "since") if "since" in m else None
    until = _year(m["until"], "until") if "until" in m else None
    if since is not None and until is not None and until < since:
        raise m["until"].fail(f"until（{until}）早于 since（{since}）", snippet=sid)
    tags = m["tags"].texts("tags") if "tags" in m else ()
    if "note" in m:
        m["note"].text("note", empty=True)
    governance: dict[str, object] = {}
    if not _GOVERNANCE.isdisjoint(m):  # most snippets have none: the module is not even loaded for them
        from .governance import parse_governance

        governance, more = parse_governance(m, sid)
        lines += more
    return Snippet(
        id=sid,
        category=sys.intern(category),
        kind=sys.intern(kind),
        genres=genres,
        body=body,
        lead=lead,
        points=points,
        tags=tuple(map(sys.intern, tags)),
        since=since,
        until=until,
        origin=Origin(sys.intern(str(node.path)), node.line),
        field_lines=tuple(lines),
        **governance,  # type: ignore[arg-type]
    )

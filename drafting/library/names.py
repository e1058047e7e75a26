"""A unit's 标准词库 (``names:``): its own full and short names, its superior, the people it names, others' names.

::

    names:
      org: 某市发展和改革委员会            # 本单位全称
      short: [市发展改革委, 市发改委]       # 规范化简称
      wrong: [市发改局]                     # 本单位从不使用的错误写法
      superior: [中共某市委员会, 某市委]    # 上级单位（全称和简称）
      people:
        - {name: 张某某, title: 党组书记、主任}
      others: [某市财政局, 市财政局]        # 其他单位的名称：不应留在本单位的文稿里

Every name is 2 to 40 characters without spaces; a wrong form may not be one of the
right ones; a name may not be listed both as the unit's own and as another's. Each
problem names the file and line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Names, Origin, Person

if TYPE_CHECKING:
    from ..yamlfile import Node

NAMES_KEYS = frozenset({"org", "short", "wrong", "superior", "people", "others"})
PERSON_KEYS = frozenset({"name", "title"})
_NAME = re.compile(r"\S{2,40}")


def _name(node: Node, what: str) -> str:
    value = node.text(what)
    if not _NAME.fullmatch(value):
        raise node.fail(f"{what}“{value}”应为 2 到 40 个字，不含空格")
    return value


def _names(m: dict, key: str, what: str) -> tuple[tuple[str, Node], ...]:
    return tuple((_name(n, what), n) for n in m[key].items(what)) if key in m else ()


def parse_names(node: Node) -> Names:
    """A ``names`` mapping → the unit's ``Names``, validated with file and line."""
    m = node.mapping("names（本单位标准词库）", NAMES_KEYS)
    org = _name(m["org"], "org（本单位全称）") if "org" in m else None
    short = _names(m, "short", "short（本单位简称）")
    wrong = _names(m, "wrong", "wrong（本单位名称的错误写法）")
    superior = _names(m, "superior", "superior（上级单位）")
    others = _names(m, "others", "others（其他单位名称）")
    if (short or wrong) and org is None:
        raise node.fail("写了本单位的简称或错误写法，却没有写本单位全称（org）",
                        hint="请加上 org: 本单位全称")
    own = {org: m["org"]} if org else {}
    own.update(dict(short))
    for value, n in wrong:
        if value in own:
            raise n.fail(f"“{value}”既写成本单位的正确名称，又写成错误写法")
    for value, n in others:
        if value in own:
            raise n.fail(f"“{value}”是本单位的名称（org 或 short），不能又写进其他单位（others）")
        if value in dict(superior):
            raise n.fail(f"“{value}”已写作上级单位（superior），不能又写进其他单位（others）")
    people = []
    seen: dict[str, int] = {}
    for item in m["people"].items("people") if "people" in m else ():
        p = item.mapping("人员", PERSON_KEYS, required=("name", "title"))
        name = _name(p["name"], "name（姓名）")
        if name in seen:
            raise p["name"].fail(f"人员“{name}”重复，第 {seen[name]} 行已有")
        seen[name] = item.line
        title = p["title"].text("title（职务）")
        if not re.fullmatch(r"[^\s、，][^\s]{0,59}", title):
            raise p["title"].fail(f"职务“{title}”应为不含空格的文字，几个职务用顿号隔开，如“党组书记、局长”")
        people.append(Person(name, title, Origin(str(item.path), item.line)))
    return Names(org, tuple(v for v, _ in short), tuple(v for v, _ in wrong), tuple(v for v, _ in superior),
                 tuple(people), tuple(dict.fromkeys(v for v, _ in others)), Origin(str(node.path), node.line))


def merge_names(base: Names, extra: Names) -> Names:
    """Lay a folder's ``names`` over ``base``: what it says replaces, other units' names are added."""
    if extra.origin is None:
        return base
    if base.origin is None:
        return extra
    org = extra.org or base.org
    same = extra.org is None or extra.org == base.org
    own = set(((org,) if org else ()) + (extra.short or (base.short if same else ())))
    others = tuple(n for n in dict.fromkeys(base.others + extra.others) if n not in own)
    return Names(org, extra.short or (base.short if same else ()), extra.wrong or (base.wrong if same else ()),
                 extra.superior or base.superior, extra.people or base.people, others, extra.origin)

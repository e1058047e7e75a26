"""The organisations of a batch run (``draft batch --orgs orgs.yaml``), validated at the edge.

::

    superior: 市直机关工委          # optional: for every organisation that does not give its own
    orgs:
      - name: 市发展改革委           # required, unique
        short: 发改委               # optional
        speaker: 张三               # optional (speeches)
        superior: 市委办公室         # optional
        library: 素材/发改委         # optional: the organisation's own library folder(s),
                                    #   relative to this file, laid over the shared library

Unknown keys, a missing or repeated name and a library folder that does not exist
are errors naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Origin

__all__ = ["ORG_KEYS", "Org", "load_orgs"]

TOP_KEYS = frozenset({"orgs", "superior"})
ORG_KEYS = frozenset({"name", "short", "superior", "speaker", "library"})


@dataclass(frozen=True)
class Org:
    """One organisation to draft for."""

    name: str
    short: str | None = None
    superior: str | None = None
    speaker: str | None = None
    libraries: tuple[Path, ...] = ()
    origin: Origin | None = None


def load_orgs(path: Path) -> tuple[Org, ...]:
    """Read and validate an organisations file."""
    from .yamlfile import load

    root = load(path)
    top = root.mapping("组织列表文件", TOP_KEYS, required=("orgs",))
    superior = top["superior"].text("superior") if "superior" in top else None
    entries = top["orgs"].sequence("orgs")
    if not entries:
        raise top["orgs"].fail("orgs 是空的：请至少列出一个单位")
    out: list[Org] = []
    seen: dict[str, Origin] = {}
    for node in entries:
        m = node.mapping("单位", ORG_KEYS)
        if "name" not in m:
            raise node.fail("单位缺少名称（name）")
        name = m["name"].text("名称（name）")
        if name in seen:
            raise m["name"].fail(f"单位“{name}”重复，已在第 {seen[name].line} 行列出")
        seen[name] = Origin(str(path), node.line)

        def text(key: str) -> str | None:
            return m[key].text(key) if key in m else None

        libraries = []
        for n in m["library"].items("library") if "library" in m else ():
            folder = path.parent / n.text("library")
            if folder.is_file():
                raise n.fail(f"素材库应当是文件夹，这是一个文件：{folder}")
            if not folder.is_dir():
                raise n.fail(f"素材库目录不存在：{folder}")
            libraries.append(folder)
        out.append(Org(name, text("short"), text("superior") or superior, text("speaker"), tuple(libraries),
                       seen[name]))
    return tuple(out)

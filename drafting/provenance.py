"""Where a draft came from: the snippets it used and the library's git commit, as custom properties.

A draft records, invisibly in its ``docProps/custom.xml``, the ids of the snippets
it was assembled from (in document order), the git commit of each library folder
that lies in a git checkout, the tool's version, the year and the recipe. This
module maps a ``Provenance`` to those properties and back, and reads a folder's
commit straight from ``.git`` (HEAD, the ref file, packed-refs): no ``git``
process is started on the way to a draft. The part's XML is made here
(``merged_properties``, for the draft ``drafting.render`` writes and for renew's
copy) and read by ``drafting.reader.properties``, both through ``parse_part``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Mapping

from .model import Outline, Provenance

#: Property names in the draft's custom properties.
SNIPPETS = "draft.snippets"
LIBRARY = "draft.library"
TOOL = "draft.tool"
YEAR = "draft.year"
RECIPE = "draft.recipe"
NAMES = (SNIPPETS, LIBRARY, TOOL, YEAR, RECIPE)

#: The custom properties part's namespaces, and the format id every custom property carries.
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
#: Largest property value read back or written; ids of a long document fit many times over.
MAX_VALUE = 64 * 1024
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
#: Largest ``.git`` file, HEAD or ref file read; packed-refs may be larger.
_SMALL = 4096
_PACKED = 8 * 1024 * 1024


def provenance_for(outline: Outline, folders: Iterable[Path], recipe: str) -> Provenance:
    """The provenance of a draft of ``outline`` assembled from the library ``folders`` with ``recipe``."""
    from . import __version__

    libraries = []
    for folder in folders:
        found = checkout(folder)
        if found is not None:
            libraries.append(found)
    return Provenance(snippets=outline.snippets, libraries=tuple(libraries), tool=__version__,
                      year=outline.year, recipe=recipe)


def properties(prov: Provenance) -> list[tuple[str, str]]:
    """(name, value) of the custom properties that record ``prov``; empty values left out."""
    pairs = [
        (SNIPPETS, ",".join(prov.snippets)),
        (LIBRARY, "; ".join(f"{commit} {folder}" for commit, folder in prov.libraries)),
        (TOOL, f"drafting {prov.tool}" if prov.tool else ""),
        (YEAR, str(prov.year) if prov.year is not None else ""),
        (RECIPE, prov.recipe),
    ]
    return [(name, value[:MAX_VALUE]) for name, value in pairs if value]


def from_properties(props: Mapping[str, str]) -> Provenance | None:
    """The provenance recorded in ``props`` (custom properties read back), or None if there is none."""
    if not any(name in props for name in (SNIPPETS, TOOL)):
        return None
    snippets = tuple(s.strip() for s in props.get(SNIPPETS, "").split(",") if s.strip())
    libraries = []
    for part in props.get(LIBRARY, "").split("; "):
        commit, _, folder = part.strip().partition(" ")
        if _SHA.fullmatch(commit):
            libraries.append((commit, folder))
    tool = props.get(TOOL, "").removeprefix("drafting ").strip()
    year_text = props.get(YEAR, "").strip()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    return Provenance(snippets=snippets, libraries=tuple(libraries), tool=tool, year=year,
                      recipe=props.get(RECIPE, "").strip())


def git_commit(folder: Path) -> str | None:
    """The commit checked out where ``folder`` lies, read from ``.git``; None when not in a checkout."""
    found = checkout(folder)
    return found[0] if found else None


def checkout(folder: Path) -> tuple[str, str] | None:
    """(commit, ``folder`` relative to the checkout's root) of the git checkout ``folder`` lies in, or None.

    The folder is named relative to the checkout, never by its full path: a draft goes
    to other offices, and a path can hold a user's name.
    """
    try:
        start = Path(folder).resolve()
        for place in (start, *start.parents):
            dot = place / ".git"
            if dot.is_dir():
                sha = _head(dot)
            elif dot.is_file():  # a worktree or submodule: "gitdir: <path>"
                text = _small(dot)
                if not text or not text.startswith("gitdir:"):
                    return None
                gitdir = Path(text[len("gitdir:"):].strip())
                sha = _head(gitdir if gitdir.is_absolute() else (place / gitdir).resolve())
            else:
                continue
            inside = start.relative_to(place).as_posix()
            return (sha, start.name if inside == "." else inside) if sha else None
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return None


def _small(path: Path) -> str | None:
    with open(path, "rb") as f:
        data = f.read(_SMALL + 1)
    return None if len(data) > _SMALL else data.decode("utf-8").strip()


def _head(gitdir: Path) -> str | None:
    head = _small(gitdir / "HEAD")
    if head is None:
        return None
    if _SHA.fullmatch(head):  # detached
        return head
    if not head.startswith("ref:"):
        return None
    ref = head[len("ref:"):].strip()
    # A worktree's own git dir holds HEAD; branches live in the common dir.
    common = gitdir
    if (gitdir / "commondir").is_file():
        text = _small(gitdir / "commondir")
        if text:
            common = Path(text) if Path(text).is_absolute() else (gitdir / text).resolve()
    for base in dict.fromkeys((gitdir, common)):
        loose = base / ref
        if loose.is_file():
            sha = _small(loose)
            return sha if sha and _SHA.fullmatch(sha) else None
    packed = common / "packed-refs"
    if packed.is_file() and packed.stat().st_size <= _PACKED:
        for line in packed.read_text("utf-8").splitlines():
            sha, _, name = line.partition(" ")
            if name.strip() == ref and _SHA.fullmatch(sha):
                return sha
    return None  # an unborn branch: no commit yet


def parse_part(data: bytes):
    """The root of ``data``, or None: a DOCTYPE (no Office part has one) or broken XML is ignored."""
    from lxml import etree

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return None if root.getroottree().docinfo.doctype else root


def merged_properties(blob: bytes | None, pairs, owns) -> bytes:
    """The custom properties part holding ``pairs`` (name, text), after dropping the properties ``owns`` names.

    The part's other properties (a template's own) are kept as they were; a
    missing, broken or foreign part (``blob``) is made anew.
    """
    from lxml import etree

    root = parse_part(blob) if blob is not None else None
    if root is None or root.tag != f"{{{CUSTOM_NS}}}Properties":
        root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for prop in list(root):
        if owns(prop.get("name") or ""):
            root.remove(prop)
    # Property ids start at 2 and are unique in the part.
    pid = max([int(p.get("pid")) for p in root if (p.get("pid") or "").isdigit()] + [1])
    for name, value in pairs:
        pid += 1
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

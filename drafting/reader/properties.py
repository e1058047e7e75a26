"""A .docx's custom properties (``docProps/custom.xml``): where a draft the tool wrote came from.

The part's format (its namespaces, a safe parse) is ``drafting.provenance``'s,
which also writes it.

The package is read as hostile, within ``reader.package``'s limits. The part is
optional and tells the user something, never stops a job: a missing, broken or
odd custom.xml gives no properties, not an error. A file that is no zip at all
(a .txt) has none either.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..provenance import CUSTOM_NS, VT_NS, parse_part
from .package import Package

_REL_TYPE = "custom-properties"
_DEFAULT = "docProps/custom.xml"
#: Most properties read, and longest value kept: a document's own properties are few and short.
MAX_PROPERTIES = 200
MAX_VALUE = 64 * 1024


def read_properties(path: str | Path) -> dict[str, str]:
    """The custom properties of the .docx ``path`` as name → text; {} when it has none or is no .docx.

    The package's size limits are enforced as for reading its text (``InputError``).
    """
    import zipfile
    import zlib

    path = Path(path)
    try:
        with open(path, "rb") as f:
            if not f.read(4).startswith(b"PK"):
                return {}
            f.seek(0)
            with zipfile.ZipFile(f) as zf:
                package = Package(zf, path)
                name = _DEFAULT
                if "_rels/.rels" in package.members:
                    try:
                        name = package._rels("_rels/.rels", "").get(_REL_TYPE, _DEFAULT)
                    except InputError:  # broken relationships: reading the text says so
                        return {}
                if name.lower() not in package.members:
                    return {}
                info = package.members[name.lower()]
                if info.flag_bits & 0x1:  # encrypted: the text reader says so
                    return {}
                data = package.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError, OSError):
        return {}
    root = parse_part(data)
    if root is None:
        return {}
    if root.tag != f"{{{CUSTOM_NS}}}Properties":
        return {}
    out: dict[str, str] = {}
    for prop in root.iterchildren(f"{{{CUSTOM_NS}}}property"):
        if len(out) >= MAX_PROPERTIES:
            break
        name = prop.get("name")
        value = next(iter(prop), None)
        if not name or value is None or not str(value.tag).startswith(f"{{{VT_NS}}}"):
            continue
        out.setdefault(name, (value.text or "")[:MAX_VALUE])
    return out


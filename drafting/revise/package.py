"""The revised copy's package: the comments part and its relationship, and the zip written out."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from ..output import write_file

_PKG_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_REL_TYPES = {
    # transitional and ISO 29500 Strict relationship namespaces
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main":
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
    "http://purl.oclc.org/ooxml/wordprocessingml/main":
        "http://purl.oclc.org/ooxml/officeDocument/relationships/comments",
}


def rels_part(part: str) -> str:
    """The name of ``part``'s relationships part."""
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def comments_part(doc_name: str, rels) -> str | None:
    """The comments part the main document's relationships name, if any."""
    if rels is None:
        return None
    folder = doc_name.rpartition("/")[0]
    for rel in rels.iter(f"{{{_PKG_REL}}}Relationship"):
        if (rel.get("Type") or "").endswith("/comments") and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            return target.lstrip("/") if target.startswith("/") else f"{folder}/{target}".lstrip("/")
    return None


def add_comments_rel(doc_name: str, rels, doc):
    """A relationship to a new comments.xml beside the main document: its name, and the relationships."""
    if rels is None:
        rels = etree.Element(f"{{{_PKG_REL}}}Relationships", nsmap={None: _PKG_REL})
    taken = {rel.get("Id") for rel in rels}
    n = 1
    while f"rId{n}" in taken:
        n += 1
    rel = etree.SubElement(rels, f"{{{_PKG_REL}}}Relationship")
    rel.set("Id", f"rId{n}")
    rel.set("Type", _REL_TYPES.get(etree.QName(doc).namespace, next(iter(_REL_TYPES.values()))))
    rel.set("Target", "comments.xml")
    folder = doc_name.rpartition("/")[0]
    return (f"{folder}/comments.xml" if folder else "comments.xml"), rels


def add_override(types, part: str) -> None:
    """Declare ``part``'s content type (comments) in [Content_Types].xml."""
    override = etree.SubElement(types, f"{{{_PKG_CT}}}Override")
    override.set("PartName", "/" + part)
    override.set("ContentType", _COMMENTS_CT)


def serialize(root) -> bytes:
    """A part's XML as Word writes it: declaration, UTF-8, standalone."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_zip(out: Path, members, replaced: dict[str, bytes], *, force: bool = False) -> None:
    """Write the package to ``out`` (through a temporary file beside it; an existing one only if ``force``)."""
    def write(stream) -> None:
        with zipfile.ZipFile(stream, "w") as zout:
            written = set()
            for info, data in members:
                if info.filename in written:
                    continue
                written.add(info.filename)
                if info.filename in replaced:
                    zout.writestr(_fresh(info), replaced[info.filename])
                else:
                    zout.writestr(info, data)
            for name, data in replaced.items():
                if name not in written:
                    zout.writestr(_fresh(zipfile.ZipInfo(name)), data)

    write_file(out, write, force=force)


def _fresh(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    new.compress_type = zipfile.ZIP_DEFLATED
    new.external_attr = info.external_attr
    return new

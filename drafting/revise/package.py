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


def related_part(doc_name: str, rels, kind: str) -> str | None:
    """The part of relationship type ``kind`` ("styles", "settings") the main document names, if any."""
    if rels is None:
        return None
    folder = doc_name.rpartition("/")[0]
    for rel in rels.iter(f"{{{_PKG_REL}}}Relationship"):
        if (rel.get("Type") or "").endswith("/" + kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            return target.lstrip("/") if target.startswith("/") else f"{folder}/{target}".lstrip("/")
    return None


# What follows w:compat in CT_Settings: a new w:compat goes before the first of these.
_AFTER_COMPAT = frozenset(
    "docVars rsids attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
    "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary "
    "shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator".split())
_WORD_URI = "http://schemas.microsoft.com/office/word"


def add_compatibility_mode(settings) -> bool:
    """Give ``settings`` Word 2013's compatibility mode (15) if it states none; whether it changed.

    A document that names a mode keeps it: its layout was made under that mode.
    Without one Word assumes Word 2007's and opens the file in 兼容模式.
    """
    ns = etree.QName(settings).namespace
    w = f"{{{ns}}}"
    compat = settings.find(w + "compat")
    if compat is not None and any(c.get(w + "name") == "compatibilityMode" for c in compat.iter(w + "compatSetting")):
        return False
    if compat is None:
        compat = etree.Element(w + "compat")
        later = next((c for c in settings if not isinstance(c.tag, str) or etree.QName(c).namespace != ns
                      or etree.QName(c).localname in _AFTER_COMPAT), None)
        if later is not None:
            later.addprevious(compat)
        else:
            settings.append(compat)
    setting = etree.SubElement(compat, w + "compatSetting")
    setting.set(w + "name", "compatibilityMode")
    setting.set(w + "uri", _WORD_URI)
    setting.set(w + "val", "15")
    return True


def comment_style_ids(styles) -> tuple[str | None, str | None, list]:
    """(the 批注文字 paragraph style id, the 批注引用 character style id, the styles to add for them).

    A document's own comment styles are found by their built-in names and used as
    they are; the missing ones are made (``layout.comments``) under a free id, to be
    added only if a comment is written. Without a styles part: (None, None, []).
    """
    from ..layout.comments import (COMMENT_REFERENCE, COMMENT_REFERENCE_NAME, COMMENT_TEXT, COMMENT_TEXT_NAME,
                                   comment_styles)

    if styles is None:
        return None, None, []
    ns = etree.QName(styles).namespace
    w = f"{{{ns}}}"
    named: dict[tuple[str | None, str], str] = {}
    taken: set[str] = set()
    defaults: dict[str | None, str] = {}
    for style in styles.iter(w + "style"):
        sid, kind = style.get(w + "styleId") or "", style.get(w + "type")
        taken.add(sid)
        name = style.find(w + "name")
        if name is not None:
            named.setdefault((kind, (name.get(w + "val") or "").strip().lower()), sid)
        if (style.get(w + "default") or "").lower() in ("1", "true", "on"):
            defaults.setdefault(kind, sid)
    text = named.get(("paragraph", COMMENT_TEXT_NAME))
    reference = named.get(("character", COMMENT_REFERENCE_NAME))
    made = comment_styles(ns, paragraph_base=defaults.get("paragraph"), character_base=defaults.get("character"))
    added = []
    for found, style in ((text, made[0]), (reference, made[1])):
        if found is not None:
            continue
        sid, n = style.get(w + "styleId"), 1
        while sid in taken:  # the id is someone else's style under another name
            n += 1
            sid = f"{style.get(w + 'styleId')}{n}"
        style.set(w + "styleId", sid)
        taken.add(sid)
        added.append(style)
    text = text or made[0].get(w + "styleId")
    reference = reference or made[1].get(w + "styleId")
    return text, reference, added


def _new_rel(rels):
    """A new ``Relationship`` in ``rels`` with the first free id (rId1, rId2 …)."""
    taken = {rel.get("Id") for rel in rels}
    n = 1
    while f"rId{n}" in taken:
        n += 1
    rel = etree.SubElement(rels, f"{{{_PKG_REL}}}Relationship")
    rel.set("Id", f"rId{n}")
    return rel


def add_comments_rel(doc_name: str, rels, doc):
    """A relationship to a new comments.xml beside the main document: its name, and the relationships."""
    if rels is None:
        rels = etree.Element(f"{{{_PKG_REL}}}Relationships", nsmap={None: _PKG_REL})
    rel = _new_rel(rels)
    rel.set("Type", _REL_TYPES.get(etree.QName(doc).namespace, next(iter(_REL_TYPES.values()))))
    rel.set("Target", "comments.xml")
    folder = doc_name.rpartition("/")[0]
    return (f"{folder}/comments.xml" if folder else "comments.xml"), rels


def add_override(types, part: str, content_type: str = _COMMENTS_CT) -> None:
    """Declare ``part``'s content type (comments, unless told) in [Content_Types].xml."""
    override = etree.SubElement(types, f"{{{_PKG_CT}}}Override")
    override.set("PartName", "/" + part)
    override.set("ContentType", content_type)


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


# --- custom properties (what the copy records about itself) ----------------------

_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CUSTOM_PART = "docProps/custom.xml"


def set_properties(package, types, pairs, owns) -> dict[str, bytes]:
    """The members to write so the copy's custom properties hold ``pairs``, those ``owns`` names dropped first.

    The other properties are kept as they were; a missing or broken part is made
    anew, with its relationship and content type. ``types`` ([Content_Types].xml,
    parsed) is changed in place when the part is new: the caller writes it.
    """
    from ..provenance import merged_properties

    out: dict[str, bytes] = {}
    rels = package.xml("_rels/.rels") if "_rels/.rels" in package.members else etree.Element(
        f"{{{_PKG_REL}}}Relationships", nsmap={None: _PKG_REL})
    name = None
    for rel in rels.iter(f"{{{_PKG_REL}}}Relationship"):
        if (rel.get("Type") or "").endswith("/custom-properties") and rel.get("TargetMode") != "External":
            name = (rel.get("Target") or "").lstrip("/")
    blob = None
    if name is not None and name.lower() in package.members:
        name = package.members[name.lower()].filename
        blob = package.read(name)
    if name is None:
        name = _CUSTOM_PART
        rel = _new_rel(rels)
        rel.set("Type", _CUSTOM_REL)
        rel.set("Target", name)
        out["_rels/.rels"] = serialize(rels)
    if not any((o.get("PartName") or "").lstrip("/").lower() == name.lower()
               for o in types.iter(f"{{{_PKG_CT}}}Override")):
        add_override(types, name, _CUSTOM_CT)
    out[name] = merged_properties(blob, pairs, owns)
    return out

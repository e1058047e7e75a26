"""The package: settings, font table, relationships, properties, and the zip that holds the parts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from ..model import GENRES
from .document import _document_xml
from .footer import _FOOTERS, _footer_xml
from .ooxml import _OFFICE_DOC, _WML_CT, CT_NS, PKG_REL_NS, _serialize, _w
from .styles import _styles_xml
from .values import Layout


def _settings_xml(layout: Layout) -> bytes:
    word = "http://schemas.microsoft.com/office/word"
    compat_settings = (
        # Word 2013 layout: with 14 or less, Word 2013+ opens the draft in 兼容模式
        # (compatibility mode) and WPS shows the same banner.
        ("compatibilityMode", "15"),
        ("overrideTableStyleFontSizeAndJustification", "1"),
        ("enableOpenTypeFeatures", "1"),
        ("doNotFlipMirrorIndents", "1"),
    )
    root = _w(
        "settings",
        None,
        _w("zoom", {"percent": "100"}),
        _w("defaultTabStop", {"val": "420"}),
        _w("evenAndOddHeaders"),
        # Full-width punctuation keeps its full width, so every line holds 28 characters.
        _w("characterSpacingControl", {"val": "doNotCompress"}),
        _w(
            "compat",
            None,
            _w("useFELayout"),
            *(
                _w("compatSetting", {"name": name, "uri": word, "val": val})
                for name, val in compat_settings
            ),
        ),
        _w("themeFontLang", {"val": "en-US", "eastAsia": layout.language}),
        _w("decimalSymbol", {"val": "."}),
        _w("listSeparator", {"val": ","}),
    )
    return _serialize(root)


def _font_table_xml(layout: Layout) -> bytes:
    root = _w("fonts")
    for font in layout.fonts:
        elem = _w("font", {"name": font.name})
        if font.alt:
            elem.append(_w("altName", {"val": font.alt}))
        # 86 = GB2312_CHARSET: tells Word the font covers Chinese when it has to substitute.
        charset = "00" if font.name.isascii() else "86"
        elem.extend(
            [
                _w("charset", {"val": charset}),
                _w("family", {"val": font.family}),
                _w("pitch", {"val": font.pitch}),
            ]
        )
        root.append(elem)
    return _serialize(root)


def _relationships(rels: list[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    for rid, kind, target in rels:
        etree.SubElement(
            root, f"{{{PKG_REL_NS}}}Relationship", Id=rid, Type=kind, Target=target
        )
    return _serialize(root)


def _content_types() -> bytes:
    root = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
    defaults = (
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    )
    for ext, ctype in defaults:
        etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=ext, ContentType=ctype)
    overrides = [
        ("/word/document.xml", f"{_WML_CT}.document.main+xml"),
        ("/word/styles.xml", f"{_WML_CT}.styles+xml"),
        ("/word/settings.xml", f"{_WML_CT}.settings+xml"),
        ("/word/fontTable.xml", f"{_WML_CT}.fontTable+xml"),
        *((f"/word/{name}", f"{_WML_CT}.footer+xml") for name, _, _ in _FOOTERS),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ),
    ]
    for part, ctype in overrides:
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=part, ContentType=ctype)
    return _serialize(root)


def _core_xml(layout: Layout) -> bytes:
    # No dates and no author: the template must be reproducible, and docxtpl renders
    # these properties through Jinja, so they hold no text that could need escaping.
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    dc = "http://purl.org/dc/elements/1.1/"
    root = etree.Element(
        f"{{{cp}}}coreProperties",
        nsmap={
            "cp": cp,
            "dc": dc,
            "dcterms": "http://purl.org/dc/terms/",
            "dcmitype": "http://purl.org/dc/dcmitype/",
            "xsi": "http://www.w3.org/2001/XMLSchema-instance",
        },
    )
    etree.SubElement(root, f"{{{dc}}}language").text = layout.language
    return _serialize(root)


def _app_xml() -> bytes:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.Element(
        f"{{{ns}}}Properties",
        nsmap={None: ns, "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"},
    )
    etree.SubElement(root, f"{{{ns}}}Application").text = "drafting"
    return _serialize(root)


def build_parts(layout: Layout, genre: str) -> dict[str, bytes]:
    """The template's parts, by zip entry name, in the order they are written."""
    if genre not in GENRES:
        raise ValueError(f"unknown genre {genre!r}")
    package_rels = [
        ("rId1", f"{_OFFICE_DOC}/officeDocument", "word/document.xml"),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        ("rId3", f"{_OFFICE_DOC}/extended-properties", "docProps/app.xml"),
    ]
    document_rels = [
        ("rId1", f"{_OFFICE_DOC}/styles", "styles.xml"),
        ("rId2", f"{_OFFICE_DOC}/settings", "settings.xml"),
        ("rId3", f"{_OFFICE_DOC}/fontTable", "fontTable.xml"),
        *((rid, f"{_OFFICE_DOC}/footer", name) for name, _, rid in _FOOTERS),
    ]
    return {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _relationships(package_rels),
        "word/document.xml": _document_xml(layout, genre),
        "word/_rels/document.xml.rels": _relationships(document_rels),
        "word/styles.xml": _styles_xml(layout),
        "word/settings.xml": _settings_xml(layout),
        "word/fontTable.xml": _font_table_xml(layout),
        "word/footer1.xml": _footer_xml(layout, "odd"),
        "word/footer2.xml": _footer_xml(layout, "even"),
        "docProps/core.xml": _core_xml(layout),
        "docProps/app.xml": _app_xml(),
    }


_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def build_docx(parts: dict[str, bytes]) -> bytes:
    """A .docx from parts: fixed entry order and timestamps, so equal parts give equal bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # MS-DOS, as Word writes it: no host-dependent mode bits
            info.external_attr = 0
            archive.writestr(info, data)
    return buffer.getvalue()


def read_parts(path: str | Path) -> dict[str, bytes]:
    """The uncompressed parts of a .docx, by entry name, in zip order."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}

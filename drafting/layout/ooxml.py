"""WordprocessingML elements: namespaces, element construction and serialisation."""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_NS = {"w": W_NS, "r": R_NS}
_XML_NS = "http://www.w3.org/XML/1998/namespace"

_XML_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def _qname(name: str) -> str:
    prefix, _, local = name.rpartition(":")
    uri = _XML_NS if prefix == "xml" else _NS[prefix or "w"]
    return f"{{{uri}}}{local}"


def _w(tag: str, attrs: dict[str, object] | None = None, *children) -> etree._Element:
    """A WordprocessingML element; unprefixed tag and attribute names are in ``w:``."""
    elem = etree.Element(_qname(tag), nsmap=_NS)
    for key, value in (attrs or {}).items():
        elem.set(_qname(key), str(value))
    for child in children:
        if child is not None:
            elem.append(child)
    return elem


def _serialize(elem: etree._Element) -> bytes:
    return _XML_DECL + etree.tostring(elem, encoding="UTF-8")


def _fmt(value: float) -> str:
    return str(int(round(value)))


#: Word's hint that the characters both scripts share (“ ” ‘ ’ — … ·) are East Asian text: without
#: it Word sets them in the Latin font, a narrow Times New Roman quote in a 仿宋 line
#: (MS-OI29500 2.1.88: General Punctuation takes the hAnsi font unless the hint is eastAsia).
#: A run property like any other, inherited from the defaults and styles by every drafted run.
EAST_ASIA_HINT = {"hint": "eastAsia"}


def _rfonts(east_asia: str, latin: str) -> etree._Element:
    # All four slots named: a missing one is filled from the (absent) theme.
    return _w("rFonts", {**EAST_ASIA_HINT, "ascii": latin, "hAnsi": latin, "eastAsia": east_asia, "cs": latin})

"""The footers: the page number on odd and even pages, as a PAGE field."""

from __future__ import annotations

from lxml import etree

from .ooxml import _fmt, _rfonts, _serialize, _w
from .styles import STYLE_IDS
from .values import Layout

_FOOTERS = (("footer1.xml", "default", "rId4"), ("footer2.xml", "even", "rId5"))
# No header is used; the distance only has to be a sane value for Word's dialog.
_HEADER_DISTANCE = 851


def _footer_xml(layout: Layout, side: str) -> bytes:
    pn = layout.page_number
    align = pn.odd if side == "odd" else pn.even
    indent = _fmt(pn.indent_chars * pn.size * 10)
    ind = {"right": indent} if align == "right" else {"left": indent} if align == "left" else {}

    def run(*children) -> etree._Element:
        # Direct fonts on every run: the number must look right even if a user's
        # document redefines the Footer style.
        rpr = _w(
            "rPr",
            None,
            _rfonts(pn.font, pn.latin),
            _w("sz", {"val": pn.size}),
            _w("szCs", {"val": pn.size}),
        )
        return _w("r", None, rpr, *children)

    def text(value: str) -> etree._Element:
        t = _w("t", {"xml:space": "preserve"})
        t.text = value
        return t

    ppr = _w("pPr", None, _w("pStyle", {"val": STYLE_IDS["footer"]}))
    if ind:
        ppr.append(_w("ind", ind))
    ppr.append(_w("jc", {"val": align}))
    instr = _w("instrText", {"xml:space": "preserve"})
    instr.text = " PAGE "
    # A complex field (fldChar) rather than fldSimple: both Word and LibreOffice keep it
    # through editing, and it carries no braces for docxtpl's Jinja pass to trip on.
    p = _w(
        "p",
        None,
        ppr,
        run(text(pn.before)) if pn.before else None,
        run(_w("fldChar", {"fldCharType": "begin"})),
        run(instr),
        run(_w("fldChar", {"fldCharType": "separate"})),
        run(text("1")),
        run(_w("fldChar", {"fldCharType": "end"})),
        run(text(pn.after)) if pn.after else None,
    )
    return _serialize(_w("ftr", None, p))

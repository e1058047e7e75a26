"""The styles part (``word/styles.xml``): document defaults, paragraph styles, the lead and footer styles."""

from __future__ import annotations

from lxml import etree

from .comments import comment_styles
from .ooxml import W_NS, _fmt, _rfonts, _serialize, _w
from .reading import ALIGNMENTS, STYLE_ROLES
from .values import Layout, ParaStyle, _footer_line

#: style ids the templates (and the reader) rely on, by role
STYLE_IDS = {
    "body": "Normal",
    "title": "Title",
    "heading1": "Heading1",
    "heading2": "Heading2",
    "heading3": "Heading3",
    "heading4": "Heading4",
    "byline": "Byline",
    "salutation": "Salutation",
    "signature": "Signature",
    "date": "Date",
    "lead": "ItemLead",
    "footer": "Footer",
}
# Built-in names (lower-case "heading 1") let Word localise them and treat them as
# its own; the project's own styles get Chinese names for the people who edit them.
_STYLE_NAMES = {
    "body": "Normal",
    "title": "Title",
    "heading1": "heading 1",
    "heading2": "heading 2",
    "heading3": "heading 3",
    "heading4": "heading 4",
    "byline": "讲话人及日期",
    "salutation": "Salutation",
    "signature": "Signature",
    "date": "Date",
    "lead": "条目小标题",
    "footer": "footer",
}
_UI_PRIORITY = {"title": "10", "heading1": "9", "heading2": "9", "heading3": "9", "heading4": "9"}


def _para_ppr(style: ParaStyle, pitch: int) -> etree._Element:
    char = style.size * 10  # one character of this size, in twips
    ppr = _w("pPr")
    if style.keep_next:
        ppr.append(_w("keepNext"))
    if style.size * 10 * 1.5 > style.line:
        # LibreOffice snaps a line whose type is taller than the grid pitch to two
        # grid lines even under an exact rule; the exact rule alone keeps it on the grid.
        ppr.append(_w("snapToGrid", {"val": "0"}))
    ppr.append(
        _w(
            "spacing",
            {
                "before": _fmt(style.space_before * pitch),
                "after": _fmt(style.space_after * pitch),
                "line": style.line,
                "lineRule": "exact",
            },
        )
    )
    # Both the *Chars form (Word) and twips (readers that ignore it); zeros are written
    # so a style cancels the body's first-line indent instead of inheriting it.
    ppr.append(
        _w(
            "ind",
            {
                "leftChars": _fmt(style.left_chars * 100),
                "left": _fmt(style.left_chars * char),
                "rightChars": _fmt(style.right_chars * 100),
                "right": _fmt(style.right_chars * char),
                "firstLineChars": _fmt(style.first_line_chars * 100),
                "firstLine": _fmt(style.first_line_chars * char),
            },
        )
    )
    ppr.append(_w("jc", {"val": ALIGNMENTS[style.align]}))
    if style.outline_level is not None:
        ppr.append(_w("outlineLvl", {"val": style.outline_level - 1}))
    return ppr


def _para_rpr(style: ParaStyle, body: ParaStyle) -> etree._Element:
    rpr = _w("rPr", None, _rfonts(style.font, style.latin))
    if style.bold or body.bold:
        flag = {} if style.bold else {"val": "0"}
        rpr.extend([_w("b", flag), _w("bCs", flag)])
    rpr.append(_w("spacing", {"val": style.char_spacing}))
    rpr.extend([_w("sz", {"val": style.size}), _w("szCs", {"val": style.size})])
    return rpr


def _style(
    kind: str, role: str, *, based_on: str | None, default: bool = False, ppr=None, rpr=None
) -> etree._Element:
    attrs = {"type": kind}
    if default:
        attrs["default"] = "1"
    attrs["styleId"] = STYLE_IDS.get(role, role)
    elem = _w("style", attrs, _w("name", {"val": _STYLE_NAMES.get(role, role)}))
    if based_on:
        elem.append(_w("basedOn", {"val": based_on}))
    if kind == "paragraph" and not default:
        elem.append(_w("next", {"val": "Normal"}))
    if role in _UI_PRIORITY:
        elem.append(_w("uiPriority", {"val": _UI_PRIORITY[role]}))
    elem.append(_w("qFormat"))
    if ppr is not None:
        elem.append(ppr)
    if rpr is not None:
        elem.append(rpr)
    return elem


#: what the body's paragraphs get from the document defaults rather than from Normal
_DEFAULT_PPR = ("snapToGrid", "spacing", "ind", "jc")


def _table_styles() -> list[etree._Element]:
    """Word's default table style and the 网格型 (Table Grid) one Word and WPS give a new table."""
    normal = _w(
        "style",
        {"type": "table", "default": "1", "styleId": "TableNormal"},
        _w("name", {"val": "Normal Table"}),
        _w("uiPriority", {"val": "99"}),
        _w("semiHidden"),
        _w("unhideWhenUsed"),
        _w(
            "tblPr",
            None,
            _w("tblInd", {"w": "0", "type": "dxa"}),
            _w(
                "tblCellMar",
                None,
                *(_w(side, {"w": w, "type": "dxa"}) for side, w in
                  (("top", "0"), ("left", "108"), ("bottom", "0"), ("right", "108"))),
            ),
        ),
    )
    line = {"val": "single", "sz": "4", "space": "0", "color": "auto"}
    grid = _w(
        "style",
        {"type": "table", "styleId": "TableGrid"},
        _w("name", {"val": "Table Grid"}),
        _w("basedOn", {"val": "TableNormal"}),
        _w("uiPriority", {"val": "39"}),
        # A table's paragraphs single-spaced, off the grid and unindented: under the body's
        # exact 28.95 pt line every row of a 小四 table would be a full grid line tall, and
        # each cell would start two characters in. Word puts a table style's paragraph
        # properties above the document defaults and below Normal, which is why the body's
        # line, indent and alignment are defaults and not Normal's own.
        _w(
            "pPr",
            None,
            _w("snapToGrid", {"val": "0"}),
            _w("spacing", {"before": "0", "after": "0", "line": "240", "lineRule": "auto"}),
            _w("ind", {"leftChars": "0", "left": "0", "rightChars": "0", "right": "0",
                       "firstLineChars": "0", "firstLine": "0"}),
        ),
        _w(
            "tblPr",
            None,
            _w("tblBorders", None, *(_w(side, line) for side in
                                     ("top", "left", "bottom", "right", "insideH", "insideV"))),
        ),
    )
    return [normal, grid]


def _styles_xml(layout: Layout) -> bytes:
    body = layout.styles["body"]
    body_ppr = _para_ppr(body, layout.line_pitch)
    moved = [child for child in body_ppr if etree.QName(child).localname in _DEFAULT_PPR]
    for child in moved:
        body_ppr.remove(child)
    lang = _w("lang", {"val": "en-US", "eastAsia": layout.language, "bidi": "ar-SA"})
    defaults = _w(
        "docDefaults",
        None,
        _w(
            "rPrDefault",
            None,
            _w(
                "rPr",
                None,
                _rfonts(body.font, body.latin),
                _w("sz", {"val": body.size}),
                _w("szCs", {"val": body.size}),
                lang,
            ),
        ),
        _w(
            "pPrDefault",
            None,
            _w(
                "pPr",
                None,
                # Widow control would move a line to the next page and break the 22-line grid.
                _w("widowControl", {"val": "0"}),
                # 标点避头尾: no ，。、 at the start of a line, no “《（ at its end. Written
                # out although it is the default, so a style copied into another document
                # keeps it; overflowPunct off because Word lets a hanging mark override
                # kinsoku (MS-OI29500 2.1.47) and a mark in the margin makes a 29th character.
                _w("kinsoku"),
                _w("overflowPunct", {"val": "0"}),
                # Off the document grid: every style sets an exact line of the pitch, which
                # keeps the body on the 22 lines; snapping would stretch a table's single
                # lines to a full grid line (LibreOffice reads snapToGrid from no table style).
                _w("snapToGrid", {"val": "0"}),
                *(child for child in moved if etree.QName(child).localname != "snapToGrid"),
            ),
        ),
    )
    root = _w("styles", None, defaults)
    for role in STYLE_ROLES:
        style = layout.styles[role]
        root.append(
            _style(
                "paragraph",
                role,
                based_on=None if role == "body" else "Normal",
                default=role == "body",
                ppr=(body_ppr if len(body_ppr) else None) if role == "body" else _para_ppr(style, layout.line_pitch),
                rpr=_para_rpr(style, body),
            )
        )
    dpf = _w(
        "style",
        {"type": "character", "default": "1", "styleId": "DefaultParagraphFont"},
        _w("name", {"val": "Default Paragraph Font"}),
        _w("uiPriority", {"val": "1"}),
        _w("semiHidden"),
        _w("unhideWhenUsed"),
    )
    root.append(dpf)
    lead = layout.lead
    lead_rpr = _w("rPr")
    if lead.font:
        lead_rpr.append(_rfonts(lead.font, lead.latin))
    if lead.bold is not None:
        flag = {} if lead.bold else {"val": "0"}
        lead_rpr.extend([_w("b", flag), _w("bCs", flag)])
    if lead.size:
        lead_rpr.extend([_w("sz", {"val": lead.size}), _w("szCs", {"val": lead.size})])
    root.append(_style("character", "lead", based_on="DefaultParagraphFont", rpr=lead_rpr))
    pn = layout.page_number
    footer = ParaStyle(
        font=pn.font, latin=pn.latin, size=pn.size, line=_footer_line(pn), align="left"
    )
    root.append(
        _style(
            "paragraph",
            "footer",
            based_on="Normal",
            ppr=_para_ppr(footer, layout.line_pitch),
            rpr=_para_rpr(footer, body),
        )
    )
    root.extend(_table_styles())
    root.extend(comment_styles(W_NS, paragraph_base="Normal", character_base="DefaultParagraphFont"))
    return _serialize(root)

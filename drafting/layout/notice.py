"""The 印发通知 template (``templates/notice.docx``): 版头, 主送, body, 附件说明, 落款, the attachments, 版记.

One template holds the notice and its attachments: each attachment is written
with the plan template's own paragraphs and styles (the same ``{{ … }}`` names,
under ``att.``), so the plan reads exactly as ``draft plan`` writes it. The
positions are GB/T 9704-2012's (clause in each comment); the styles it adds to
the plan's style sheet are ``NOTICE_STYLE_IDS``. ``drafting.gongwen.notice``
builds the context (``notice``, ``attachments``), ``drafting.gongwen.writer``
sets what depends on the text (the 署名's indent over the date, a long
发文机关标志 narrowed to the 版心).
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from ..model import PLAN
from .document import _para, _plan_body, _run, _tag
from .footer import _FOOTERS, _HEADER_DISTANCE, _footer_xml
from .ooxml import W_NS, _fmt, _rfonts, _serialize, _w
from .package import build_parts
from .styles import _para_ppr, _para_rpr, _style
from .values import TWIPS_PER_PT, Layout, ParaStyle

_FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_FOOTER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"

#: the notice's own paragraph styles, by role (the shared contract of issue #16)
NOTICE_STYLE_IDS = {
    "letterhead": "Letterhead",
    "docnumber": "DocNumber",
    "recipient": "Recipient",
    "attachnote": "AttachNote",
    "attachlabel": "AttachLabel",
    "imprint": "Imprint",
}
_NOTICE_STYLE_NAMES = {
    "letterhead": "发文机关标志",
    "docnumber": "发文字号",
    "recipient": "主送机关",
    "attachnote": "附件说明",
    "attachlabel": "附件标识",
    "imprint": "版记",
}
#: CT_PPrBase's child order: an element added to a built pPr goes to its place.
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc")
_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
              "w", "kern", "position", "sz", "szCs")


def _local(elem: etree._Element) -> str:
    return etree.QName(elem).localname


def _place(parent: etree._Element, child: etree._Element, order: tuple[str, ...]) -> etree._Element:
    """Put ``child`` into ``parent`` where the schema's ``order`` wants it, replacing one of its name."""
    name = _local(child)
    for old in parent:
        if _local(old) == name:
            parent.replace(old, child)
            return parent
    rank = order.index(name)
    for i, old in enumerate(parent):
        if _local(old) in order and order.index(_local(old)) > rank:
            parent.insert(i, child)
            return parent
    parent.append(child)
    return parent


def _spacing(before: int, after: int, line: int) -> etree._Element:
    return _w("spacing", {"before": before, "after": after, "line": line, "lineRule": "exact"})


def _ind(char: int, *, left: float = 0, right: float = 0, first: float = 0, hanging: float = 0) -> etree._Element:
    """Indents in characters of ``char`` twips, in both the *Chars form (Word) and twips (the rest)."""
    attrs = {"leftChars": _fmt(left * 100), "left": _fmt(left * char),
             "rightChars": _fmt(right * 100), "right": _fmt(right * char)}
    if hanging:
        attrs.update(hangingChars=_fmt(hanging * 100), hanging=_fmt(hanging * char))
    else:
        attrs.update(firstLineChars=_fmt(first * 100), firstLine=_fmt(first * char))
    return _w("ind", attrs)


def rule_space(layout: Layout) -> int:
    """The red rule's distance under the 发文字号 line, in whole points (Word's unit for border spacing)."""
    return round(layout.notice.rule_gap / TWIPS_PER_PT)


def rule_height(layout: Layout) -> int:
    """Twips the red rule adds under the 发文字号 paragraph: its spacing and its thickness."""
    return rule_space(layout) * TWIPS_PER_PT + round(layout.notice.rule_width * TWIPS_PER_PT / 8)


def _notice_styles(layout: Layout) -> list[etree._Element]:
    n = layout.notice
    body = layout.styles["body"]
    pitch = layout.line_pitch
    plain = ParaStyle(font=body.font, latin=body.latin, size=body.size, line=pitch, align="left",
                      char_spacing=body.char_spacing)
    imprint = ParaStyle(font=n.imprint_font, latin=body.latin, size=n.imprint_size, line=pitch, align="left",
                        left_chars=1, right_chars=1)
    styles = {
        # 7.2.3: 发文机关标志 居中, 红色; an exact line as high as its type, so its top is the line's.
        "letterhead": ParaStyle(font=n.letterhead_font, latin=body.latin, size=n.letterhead_size,
                                line=n.letterhead_size * 10, align="center"),
        # 7.2.4: 发文字号 under the 标志 空二行, centred; 7.2.6: the red rule 4 mm under it.
        "docnumber": replace(plain, align="center", space_before=2),
        # 7.3.2: 主送机关 under the title 空一行 (the title's space after), 顶格.
        "recipient": plain,
        # 7.3.4: 附件说明 正文下空一行左空二字, a long name wraps under its first character.
        "attachnote": replace(plain, left_chars=5, space_before=1, keep_next=True),
        # 8: “附件” 3号黑体 at the top left of the attachment page.
        "attachlabel": replace(plain, font=n.attachlabel_font),
        # 7.4: 版记 4号仿宋, 左右各空一字.
        "imprint": imprint,
    }
    out = []
    for role, style in styles.items():
        ppr = _para_ppr(style, pitch)
        rpr = _para_rpr(style, body)
        if role == "letterhead":
            _place(ppr, _spacing(n.letterhead_top, 0, style.line), _PPR_ORDER)
            _place(rpr, _w("color", {"val": n.letterhead_color}), _RPR_ORDER)
        elif role == "docnumber":
            rule = _w("bottom", {"val": "single", "sz": n.rule_width, "space": rule_space(layout),
                                 "color": n.rule_color})
            _place(ppr, _w("pBdr", None, rule), _PPR_ORDER)
        elif role == "attachnote":
            _place(ppr, _ind(body.size * 10, left=5, hanging=3), _PPR_ORDER)
        elif role == "attachlabel":
            _place(ppr, _w("pageBreakBefore"), _PPR_ORDER)
        elem = _style("paragraph", role, based_on="Normal", ppr=ppr, rpr=rpr)
        elem.set(f"{{{elem.nsmap['w']}}}styleId", NOTICE_STYLE_IDS[role])
        elem.find("w:name", elem.nsmap).set(f"{{{elem.nsmap['w']}}}val", _NOTICE_STYLE_NAMES[role])
        out.append(elem)
    return out


def _styles_xml(plan_styles: bytes, layout: Layout) -> bytes:
    root = etree.fromstring(plan_styles)
    root.extend(_notice_styles(layout))
    return _serialize(root)


def _p(style: str | None, *runs: etree._Element, ppr: list[etree._Element] = ()) -> etree._Element:
    """A paragraph of a notice style (or a plan role), with direct paragraph properties added."""
    if style in NOTICE_STYLE_IDS:
        p = _w("p", None, _w("pPr", None, _w("pStyle", {"val": NOTICE_STYLE_IDS[style]})))
        p.extend(runs)
    else:
        p = _para(style, *runs)
    if ppr:
        props = p.find("w:pPr", p.nsmap)
        if props is None:
            props = _w("pPr")
            p.insert(0, props)
        for elem in ppr:
            _place(props, elem, _PPR_ORDER)
    return p


def _font_run(text: str, font: str, latin: str) -> etree._Element:
    run = _run(text)
    run.insert(0, _w("rPr", None, _rfonts(font, latin)))
    return run


def _letterhead(layout: Layout) -> list[etree._Element]:
    """7.2.3: the 发文机关标志, 35 mm under the 版心's top (上行文 80 mm); preprinted paper: the same blank line."""
    n = layout.notice

    def upward() -> list[etree._Element]:
        return [_spacing(n.letterhead_top_upward, 0, n.letterhead_size * 10)]

    return [
        _tag("{%p if notice.signer %}"),
        _tag("{%p if notice.preprinted %}"), _p("letterhead", ppr=upward()),
        _tag("{%p else %}"), _p("letterhead", _run("{{ notice.letterhead }}"), ppr=upward()),
        _tag("{%p endif %}"),
        _tag("{%p else %}"),
        _tag("{%p if notice.preprinted %}"), _p("letterhead"),
        _tag("{%p else %}"), _p("letterhead", _run("{{ notice.letterhead }}")),
        _tag("{%p endif %}"),
        _tag("{%p endif %}"),
    ]


def _doc_number(layout: Layout) -> list[etree._Element]:
    """7.2.4–7.2.6: the 发文字号 (上行文: left, 签发人 right, each 空一字) and the red rule under it."""
    n = layout.notice
    body = layout.styles["body"]
    char = body.size * 10
    width = layout.width - layout.margin_left - layout.margin_right
    # Preprinted paper has the rule: none is drawn, its height is kept as space after.
    def blank() -> list[etree._Element]:
        return [_w("pBdr", None, _w("bottom", {"val": "nil"})),
                _spacing(2 * layout.line_pitch, rule_height(layout), layout.line_pitch)]

    def upward() -> list[etree._Element]:
        return [_w("tabs", None, _w("tab", {"val": "right", "pos": _fmt(width - char)})),
                _ind(char, left=1), _w("jc", {"val": "left"})]

    # Fresh elements for each paragraph: lxml moves an element appended twice.
    def signer() -> list[etree._Element]:
        return [_run("{{ notice.doc_number }}"), _w("r", None, _w("tab")), _run("签发人："),
                _font_run("{{ notice.signer }}", n.signer_font, body.latin)]

    def plain() -> list[etree._Element]:
        return [_run("{{ notice.doc_number }}")]

    return [
        _tag("{%p if notice.signer %}"),
        _tag("{%p if notice.preprinted %}"), _p("docnumber", *signer(), ppr=upward() + blank()),
        _tag("{%p else %}"), _p("docnumber", *signer(), ppr=upward()),
        _tag("{%p endif %}"),
        _tag("{%p else %}"),
        _tag("{%p if notice.preprinted %}"), _p("docnumber", *plain(), ppr=blank()),
        _tag("{%p else %}"), _p("docnumber", *plain()),
        _tag("{%p endif %}"),
        _tag("{%p endif %}"),
    ]


def _notice_body(layout: Layout) -> list[etree._Element]:
    pitch = layout.line_pitch
    title = layout.styles["title"]
    char = layout.styles["body"].size * 10
    return [
        *_letterhead(layout),
        *_doc_number(layout),
        # 7.3.1: the title 红色分隔线之下空二行, broken into lines by drafting.gongwen.notice.
        _p("title", _run("{{ notice.title }}"),
           ppr=[_spacing(2 * pitch, round(title.space_after * pitch), title.line)]),
        _p("recipient", _run("{{ notice.recipients }}：")),
        _tag("{%p for para in notice.paragraphs %}"),
        # The last paragraph is kept with what follows (its last lines, not the whole paragraph,
        # under widow control): the 署名 never opens a page alone (7.3.5).
        _tag("{%p if loop.last %}"),
        _p("body", _run("{{ para }}"), ppr=[_w("keepNext"), _w("widowControl")]),
        _tag("{%p else %}"),
        _p("body", _run("{{ para }}")),
        _tag("{%p endif %}"),
        _tag("{%p endfor %}"),
        # 7.3.4: one attachment “附件：名称”; several “附件：1．…” with the others aligned under the 1.
        _tag("{%p for note in notice.attachnotes %}"),
        _tag("{%p if notice.attachnotes|length == 1 %}"),
        _p("attachnote", _run("{{ note }}")),
        _tag("{%p elif loop.first %}"),
        _p("attachnote", _run("{{ note }}"), ppr=[_ind(char, left=6.5, hanging=4.5)]),
        _tag("{%p else %}"),
        _p("attachnote", _run("{{ note }}"),
           ppr=[_spacing(0, 0, pitch), _ind(char, left=6.5, hanging=1.5)]),
        _tag("{%p endif %}"),
        _tag("{%p endfor %}"),
        # 7.3.5.2: the seal's space above the 署名, centred over the 成文日期 (indent set when written).
        _p("signature", _run("{{ notice.signature }}"),
           ppr=[_w("keepNext"), _spacing(round(layout.notice.seal_lines * pitch), 0, pitch)]),
        _p("date", _run("{{ notice.date }}"), ppr=[_ind(char, right=layout.notice.date_right_chars)]),
    ]


def _attachment() -> list[etree._Element]:
    """8: each attachment on a new page, “附件” top left, then the plan as the plan template writes it."""
    return [
        _tag("{%p for att in attachments %}"),
        _p("attachlabel", _run("{{ att.label }}")),
        *_plan_body(of="att."),
        _tag("{%p endfor %}"),
    ]


def _imprint_cell(width: int, span: int, *paras: etree._Element) -> etree._Element:
    tcpr = _w("tcPr", None, _w("tcW", {"w": width, "type": "dxa"}))
    if span > 1:
        tcpr.append(_w("gridSpan", {"val": span}))
    return _w("tc", None, tcpr, *paras)


def _imprint(layout: Layout) -> etree._Element:
    """7.4: the 版记 table: the first and last rules 0.35 mm, the one between 抄送 and 印发 0.25 mm.

    It stands in the footer of the last page (``_imprint_footer_xml``), so that its
    last rule is on the 版心's lower edge whatever the text above it.
    """
    n = layout.notice
    width = layout.width - layout.margin_left - layout.margin_right
    left, right = width * 3 // 5, width - width * 3 // 5
    rules = _w(
        "tblBorders", None,
        _w("top", {"val": "single", "sz": n.imprint_thick, "space": 0, "color": "000000"}),
        _w("bottom", {"val": "single", "sz": n.imprint_thick, "space": 0, "color": "000000"}),
        _w("insideH", {"val": "single", "sz": n.imprint_thin, "space": 0, "color": "000000"}),
    )
    tblpr = _w(
        "tblPr", None,
        _w("tblW", {"w": width, "type": "dxa"}),
        rules,
        _w("tblLayout", {"type": "fixed"}),
        _w("tblCellMar", None, *(_w(side, {"w": 0, "type": "dxa"}) for side in ("left", "right"))),
        _w("tblLook", {"val": "0000", "firstRow": 0, "lastRow": 0, "firstColumn": 0, "lastColumn": 0,
                       "noHBand": 1, "noVBand": 1}),
    )
    grid = _w("tblGrid", None, _w("gridCol", {"w": left}), _w("gridCol", {"w": right}))

    def row(*cells: etree._Element) -> etree._Element:
        return _w("tr", None, _w("trPr", None, _w("cantSplit")), *cells)

    def tag_row(source: str) -> etree._Element:
        return row(_imprint_cell(width, 2, _p(None, _run(source))))

    # 7.4.2: 抄送 wraps under the first name after its colon: a hanging indent of 3 characters.
    char = n.imprint_size * 10
    cc = _p("imprint", _run("抄送：{{ notice.cc }}。"), ppr=[_ind(char, left=4, right=1, hanging=3)])
    issued = [_imprint_cell(left, 1, _p("imprint", _run("{{ notice.issuer }}"))),
              _imprint_cell(right, 1, _p("imprint", _run("{{ notice.issued }}印发"),
                                         ppr=[_w("jc", {"val": "right"})]))]
    table = _w("tbl", None, tblpr, grid,
               tag_row("{%tr if notice.cc %}"), row(_imprint_cell(width, 2, cc)), tag_row("{%tr endif %}"),
               row(*issued))
    return table


#: the footers of the 版记's page: its number as on any page, and the 版记 above it
_IMPRINT_FOOTERS = (("footer3.xml", "default", "rId6", "odd"), ("footer4.xml", "even", "rId7", "even"))


def _imprint_footer_xml(layout: Layout, side: str) -> bytes:
    """A footer of the 版记's page: the 版记, then the page number ``gap`` below it.

    A footer grows upwards from its place at the page's foot, so the number stays
    where every page has it and the 版记's last rule comes ``gap`` above the
    number: on the 版心's lower edge (GB/T 9704 7.4.1, 7.5).
    """
    footer = etree.fromstring(_footer_xml(layout, side))
    number = footer[0]
    ppr = number.find(f"{{{W_NS}}}pPr")
    ppr.insert(1, _w("spacing", {"before": layout.page_number.gap}))
    footer.insert(0, _imprint(layout))
    return _serialize(footer)


def _section(layout: Layout, *start: etree._Element, footers=_FOOTERS) -> etree._Element:
    return _w(
        "sectPr", None,
        *(_w("footerReference", {"type": kind, "r:id": rid}) for _, kind, rid, *_ in footers),
        *start,
        _w("pgSz", {"w": layout.width, "h": layout.height}),
        _w("pgMar", {"top": layout.margin_top, "right": layout.margin_right, "bottom": layout.margin_bottom,
                     "left": layout.margin_left, "header": _HEADER_DISTANCE, "footer": layout.footer_distance,
                     "gutter": 0}),
        _w("docGrid", {"type": "lines", "linePitch": layout.line_pitch}),
    )


def _document_xml(layout: Layout) -> bytes:
    # 7.4 and 7.5: the 版记 is on the last page, an even one (the back of the sheet): it has a section
    # of its own that starts on an even page, the notice and attachments ending the section before.
    # Where the text ends on an even page that has room at its foot, the office may remove the break.
    text_ends = _w("p", None, _w("pPr", None, _section(layout)))
    last = _section(layout, _w("type", {"val": "evenPage"}), footers=_IMPRINT_FOOTERS)
    body = _w("body", None, *_notice_body(layout), *_attachment(), text_ends, _p(None), last)
    return _serialize(_w("document", None, body))


def build_notice_parts(layout: Layout) -> dict[str, bytes]:
    """The notice template's parts: the plan template's, with its own body and the notice styles added."""
    parts = build_parts(layout, PLAN)
    parts["word/document.xml"] = _document_xml(layout)
    for name, _, rid, side in _IMPRINT_FOOTERS:
        parts[f"word/{name}"] = _imprint_footer_xml(layout, side)
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", f'<Relationship Id="{rid}" Type="{_FOOTER_REL}" Target="{name}"/></Relationships>'
            .encode("utf-8"))
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", f'<Override PartName="/word/{name}" ContentType="{_FOOTER_CT}"/></Types>'.encode("utf-8"))
    parts["word/styles.xml"] = _styles_xml(parts["word/styles.xml"], layout)
    return parts

"""The GB/T 9704 layout: read ``styles/gbt9704.yaml`` and build the Word templates from it.

The templates are written from scratch as raw OOXML parts, not by editing a
python-docx default document: that template carries theme fonts, a ja-JP East
Asian language and styles nobody asked for, and every one of those leaks into
the drafts. Building the parts here keeps each font explicit (``w:rFonts`` with
``w:eastAsia``, never a theme attribute) and the output byte-for-byte
reproducible, so the committed ``templates/*.docx`` can be checked against the
YAML in CI.

The template bodies are docxtpl templates; the names they use (``title``,
``sections``, ``item.lead`` …) are the contract with ``drafting.render``.

Run ``python -m drafting.layout`` to rewrite the templates, ``--check`` to compare.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from .errors import DataError
from .model import GENRES
from .resources import bundled
from .yamlfile import Node, load

__all__ = [
    "Layout",
    "PageNumber",
    "ParaStyle",
    "RunStyle",
    "build_docx",
    "build_parts",
    "check_templates",
    "load_layout",
    "main",
    "read_parts",
    "write_templates",
]

DEFAULT_STYLE_FILE = "gbt9704.yaml"

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4

# ---------------------------------------------------------------------------
# The layout as values
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ParaStyle:
    """A paragraph style, fully resolved; lengths in twips, size in half-points."""

    font: str
    latin: str
    size: int
    line: int
    bold: bool = False
    align: str = "justify"
    first_line_chars: float = 0
    left_chars: float = 0
    right_chars: float = 0
    space_before: float = 0  # in lines
    space_after: float = 0
    char_spacing: int = 0
    outline_level: int | None = None  # 1-based, as Word's dialog shows it
    keep_next: bool = False


@dataclass(frozen=True)
class RunStyle:
    """A character style: only what it sets; ``None`` inherits from the paragraph."""

    font: str | None = None
    latin: str | None = None
    size: int | None = None
    bold: bool | None = None


@dataclass(frozen=True)
class PageNumber:
    """The footer page number: ``before`` + PAGE field + ``after``."""

    before: str
    after: str
    font: str
    latin: str
    size: int
    indent_chars: float
    odd: str
    even: str
    gap: int  # twips from the text block's lower edge to the number's line


@dataclass(frozen=True)
class FontInfo:
    """A ``w:font`` entry of the font table."""

    name: str
    alt: str | None = None
    family: str = "auto"
    pitch: str = "variable"


@dataclass(frozen=True)
class Layout:
    """Everything ``styles/gbt9704.yaml`` says, in Word units."""

    width: int
    height: int
    margin_top: int
    margin_bottom: int
    margin_left: int
    margin_right: int
    line_pitch: int
    language: str
    styles: dict[str, ParaStyle]
    lead: RunStyle
    page_number: PageNumber
    fonts: tuple[FontInfo, ...]

    @property
    def footer_distance(self) -> int:
        """Distance from the page's lower edge to the footer, placing the number ``gap`` below the text."""
        pn = self.page_number
        return self.margin_bottom - pn.gap - _footer_line(pn)


def _footer_line(pn: PageNumber) -> int:
    # The page number has an exact line as high as its font, so the gap is exact.
    return pn.size * TWIPS_PER_PT // 2


# ---------------------------------------------------------------------------
# Reading the YAML: validated here, once; everything behind trusts the values
# ---------------------------------------------------------------------------

#: paragraph style roles, in the order the style sheet lists them
STYLE_ROLES = (
    "body",
    "title",
    "heading1",
    "heading2",
    "heading3",
    "heading4",
    "byline",
    "salutation",
    "signature",
    "date",
)
_PARA_KEYS = {
    "font",
    "latin",
    "size",
    "bold",
    "align",
    "first_line_chars",
    "left_chars",
    "right_chars",
    "line",
    "space_before",
    "space_after",
    "char_spacing",
    "outline_level",
    "keep_next",
}
_RUN_KEYS = {"font", "latin", "size", "bold"}
_PAGE_KEYS = (
    "width",
    "height",
    "margin_top",
    "margin_bottom",
    "margin_left",
    "margin_right",
    "line_pitch",
)
_PAGE_NUMBER_KEYS = {"text", "font", "latin", "size", "indent_chars", "odd", "even", "gap"}
_FONT_KEYS = {"alt", "family", "pitch"}
_TOP_KEYS = {"page", "language", "latin_font", "styles", "lead", "page_number", "fonts"}

ALIGNMENTS = {"justify": "both", "left": "left", "center": "center", "right": "right"}
FAMILIES = ("roman", "swiss", "modern", "script", "decorative", "auto")
PITCHES = ("variable", "fixed", "default")

#: Chinese type sizes (字号) in points
CN_SIZES = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
    "五号": 10.5,
    "小五": 9,
}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(mm|cm|pt)\s*$")
_POINTS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:pt)?\s*$")
_UNIT_TWIPS = {"mm": TWIPS_PER_MM, "cm": TWIPS_PER_MM * 10, "pt": TWIPS_PER_PT}


def _font_name(name: str, node: Node, what: str) -> str:
    # A theme font resolves to whatever the user's Office theme says, not to 仿宋.
    if "theme" in name.lower():
        raise node.fail(f"{what}不能用主题字体“{name}”，请写字体名")
    return name


def _font(node: Node, what: str) -> str:
    return _font_name(node.text(what), node, what)


def _length(node: Node, what: str, lo: float, hi: float) -> int:
    """A length with its unit, in twips; ``lo``/``hi`` are in points."""
    value = node.text(what, empty=True)
    m = _LENGTH.match(value)
    if not m:
        raise node.fail(f"{what}应当是带单位的长度（如 37mm、28.95pt），而不是“{value}”")
    twips = float(m.group(1)) * _UNIT_TWIPS[m.group(2)]
    if not lo * TWIPS_PER_PT <= twips <= hi * TWIPS_PER_PT:
        raise node.fail(f"{what}“{value}”超出合理范围（{lo:g}pt 到 {hi:g}pt）")
    return round(twips)


def _size(node: Node, what: str) -> int:
    """A type size in half-points: ``三号``, ``16pt`` or ``16``."""
    value = node.text(what, empty=True)
    m = _POINTS.match(value)
    if value in CN_SIZES:
        points = CN_SIZES[value]
    elif m:
        points = float(m.group(1))
    else:
        raise node.fail(f"{what}应当是字号（如 三号 或 16pt），而不是“{value}”")
    if not 5 <= points <= 72 or (points * 2) % 1:
        raise node.fail(f"{what}“{value}”不可用：字号应在 5pt 到 72pt 之间，且是 0.5pt 的整数倍")
    return int(points * 2)


def load_layout(path: str | Path | None = None) -> Layout:
    """Read and validate a layout file (default: the bundled ``styles/gbt9704.yaml``)."""
    path = Path(path) if path is not None else bundled("styles") / DEFAULT_STYLE_FILE
    return _layout_from(load(path))


def _layout_from(root: Node) -> Layout:
    top = root.mapping(
        "版式文件", _TOP_KEYS, required=("page", "latin_font", "styles", "lead", "page_number")
    )

    page_node = top["page"]
    page = page_node.mapping("page", _PAGE_KEYS, required=_PAGE_KEYS)
    dims = {key: _length(page[key], f"page.{key}", 0, 2000) for key in _PAGE_KEYS}
    if dims["margin_left"] + dims["margin_right"] >= dims["width"] - 1440:
        raise page_node.fail("左右页边距太大，版心宽度不足 1 英寸")
    if dims["margin_top"] + dims["margin_bottom"] >= dims["height"] - 1440:
        raise page_node.fail("上下页边距太大，版心高度不足 1 英寸")
    if dims["line_pitch"] < 100:
        raise page["line_pitch"].fail("page.line_pitch 太小")

    language = top["language"].text("language") if "language" in top else "zh-CN"
    latin = _font(top["latin_font"], "latin_font")

    style_nodes = top["styles"].mapping("styles", STYLE_ROLES, required=STYLE_ROLES)
    base = ParaStyle(font="", latin=latin, size=0, line=dims["line_pitch"])
    body = _para_style(style_nodes["body"], "styles.body", base)
    if not body.font or not body.size:
        raise style_nodes["body"].fail("styles.body 必须写明 font 和 size")
    styles = {"body": body}
    for role in STYLE_ROLES[1:]:
        styles[role] = _para_style(style_nodes[role], f"styles.{role}", body)

    lead = _run_style(top["lead"], "lead", latin)
    page_number = _page_number(top["page_number"])
    fonts = _fonts(top["fonts"]) if "fonts" in top else {}

    layout = Layout(
        width=dims["width"],
        height=dims["height"],
        margin_top=dims["margin_top"],
        margin_bottom=dims["margin_bottom"],
        margin_left=dims["margin_left"],
        margin_right=dims["margin_right"],
        line_pitch=dims["line_pitch"],
        language=language,
        styles=styles,
        lead=lead,
        page_number=page_number,
        fonts=(),
    )
    if layout.footer_distance < 0:
        raise top["page_number"].fail("page_number.gap 太大：页码落到了纸张以外")
    return replace(layout, fonts=_font_table(layout, fonts))


def _para_style(node: Node, what: str, base: ParaStyle) -> ParaStyle:
    if node.is_null():
        return base  # an empty entry means "as the body"
    values: dict[str, object] = {}
    for key, value in node.mapping(what, _PARA_KEYS).items():
        label = f"{what}.{key}"
        if key in ("font", "latin"):
            values[key] = _font(value, label)
        elif key == "size":
            values[key] = _size(value, label)
        elif key in ("bold", "keep_next"):
            values[key] = value.boolean(label)
        elif key == "align":
            values[key] = value.choice(label, ALIGNMENTS)
        elif key in ("first_line_chars", "left_chars", "right_chars"):
            values[key] = value.number(label, low=0, high=20)
        elif key in ("space_before", "space_after"):
            values[key] = value.number(label, low=0, high=10)
        elif key == "line":
            values[key] = _length(value, label, 5, 200)
        elif key == "char_spacing":
            values[key] = _length(value, label, -10, 10)
        elif key == "outline_level":
            values[key] = value.integer(label, low=1, high=9)
    return replace(base, **values)


def _run_style(node: Node, what: str, latin: str) -> RunStyle:
    found = node.mapping(what, _RUN_KEYS)
    font = _font(found["font"], f"{what}.font") if "font" in found else None
    latin_font = _font(found["latin"], f"{what}.latin") if "latin" in found else None
    if font and not latin_font:
        latin_font = latin  # rFonts must name both, or Word falls back to the theme
    if latin_font and not font:
        raise node.fail(f"{what} 写了 latin 就要同时写 font")
    return RunStyle(
        font=font,
        latin=latin_font,
        size=_size(found["size"], f"{what}.size") if "size" in found else None,
        bold=found["bold"].boolean(f"{what}.bold") if "bold" in found else None,
    )


def _page_number(node: Node) -> PageNumber:
    found = node.mapping("page_number", _PAGE_NUMBER_KEYS, required=("text", "font", "size", "gap"))
    text = found["text"].text("page_number.text")
    # docxtpl renders footers through Jinja too, so braces other than {page} would break it.
    if text.count("{page}") != 1 or re.search(r"[{}%#]", text.replace("{page}", "")):
        raise found["text"].fail("page_number.text 中应有且只有一个 {page}，且不能有其他 { } % # 符号")
    before, after = text.split("{page}")
    font = _font(found["font"], "page_number.font")
    sides = ("left", "right", "center")
    return PageNumber(
        before=before,
        after=after,
        font=font,
        latin=_font(found["latin"], "page_number.latin") if "latin" in found else font,
        size=_size(found["size"], "page_number.size"),
        indent_chars=(
            found["indent_chars"].number("page_number.indent_chars", low=0, high=10)
            if "indent_chars" in found
            else 1
        ),
        odd=found["odd"].choice("page_number.odd", sides) if "odd" in found else "right",
        even=found["even"].choice("page_number.even", sides) if "even" in found else "left",
        gap=_length(found["gap"], "page_number.gap", 0, 200),
    )


def _fonts(node: Node) -> dict[str, FontInfo]:
    out: dict[str, FontInfo] = {}
    for name, value in node.mapping("fonts").items():
        what = f"fonts.{name}"
        # The value's line: Node.mapping keeps no key nodes, and the name is in the message.
        _font_name(name, value, "fonts 中的字体名")
        found = value.mapping(what, _FONT_KEYS)
        out[name] = FontInfo(
            name=name,
            alt=found["alt"].text(f"{what}.alt") if "alt" in found else None,
            family=found["family"].choice(f"{what}.family", FAMILIES) if "family" in found else "auto",
            pitch=found["pitch"].choice(f"{what}.pitch", PITCHES) if "pitch" in found else "variable",
        )
    return out


def _font_table(layout: Layout, known: dict[str, FontInfo]) -> tuple[FontInfo, ...]:
    """Every font the styles use, in order of first use; unlisted ones get defaults."""
    names: list[str] = []
    for style in layout.styles.values():
        names += [style.latin, style.font]
    names += [layout.lead.latin, layout.lead.font]
    names += [layout.page_number.latin, layout.page_number.font]
    seen: dict[str, FontInfo] = {}
    for name in names:
        if name and name not in seen:
            seen[name] = known.get(name, FontInfo(name=name))
    return tuple(seen.values())


# ---------------------------------------------------------------------------
# Building the OOXML parts
# ---------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_NS = {"w": W_NS, "r": R_NS}
_XML_NS = "http://www.w3.org/XML/1998/namespace"

_XML_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"

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

_FOOTERS = (("footer1.xml", "default", "rId4"), ("footer2.xml", "even", "rId5"))
# No header is used; the distance only has to be a sane value for Word's dialog.
_HEADER_DISTANCE = 851


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


def _rfonts(east_asia: str, latin: str) -> etree._Element:
    # All four slots named: a missing one is filled from the (absent) theme.
    return _w("rFonts", {"ascii": latin, "hAnsi": latin, "eastAsia": east_asia, "cs": latin})


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


def _styles_xml(layout: Layout) -> bytes:
    body = layout.styles["body"]
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
        # Widow control would move a line to the next page and break the 22-line grid.
        _w("pPrDefault", None, _w("pPr", None, _w("widowControl", {"val": "0"}))),
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
                ppr=_para_ppr(style, layout.line_pitch),
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
    return _serialize(root)


def _run(text: str, style: str | None = None) -> etree._Element:
    run = _w("r")
    if style:
        run.append(_w("rPr", None, _w("rStyle", {"val": style})))
    t = _w("t", {"xml:space": "preserve"} if text != text.strip() else None)
    t.text = text
    run.append(t)
    return run


def _para(role: str | None, *runs: etree._Element) -> etree._Element:
    p = _w("p")
    if role and role != "body":
        p.append(_w("pPr", None, _w("pStyle", {"val": STYLE_IDS[role]})))
    p.extend(runs)
    return p


def _tag(source: str) -> etree._Element:
    """A paragraph holding a docxtpl ``{%p … %}`` tag; docxtpl removes the paragraph."""
    return _para(None, _run(source))


def _items_block() -> list[etree._Element]:
    # One paragraph per item: label and lead in the lead style, then the plain body.
    # section['items'], not section.items: in plain Jinja that is the dict method.
    return [
        _tag("{%p for section in sections %}"),
        _para("heading1", _run("{{ section.label }}{{ section.heading }}")),
        _tag("{%p for item in section['items'] %}"),
        _para(
            "body",
            _run("{{ item.label }}{{ item.lead }}", STYLE_IDS["lead"]),
            _run("{{ item.body }}"),
        ),
        _tag("{%p endfor %}"),
        _tag("{%p endfor %}"),
    ]


def _paragraphs_block(name: str) -> list[etree._Element]:
    return [
        _tag(f"{{%p for para in {name} %}}"),
        _para("body", _run("{{ para }}")),
        _tag("{%p endfor %}"),
    ]


def _title_block() -> list[etree._Element]:
    return [
        _tag("{%p if title %}"),
        _para("title", _run("{{ title }}")),
        _tag("{%p endif %}"),
    ]


def _plan_body() -> list[etree._Element]:
    return [
        *_title_block(),
        *_paragraphs_block("preamble"),
        *_items_block(),
        _tag("{%p if signature %}"),
        _para("signature", _run("{{ signature.org }}")),
        _tag("{%p if signature.date %}"),
        _para("date", _run("{{ signature.date }}")),
        _tag("{%p endif %}"),
        _tag("{%p endif %}"),
    ]


def _speech_body() -> list[etree._Element]:
    return [
        *_title_block(),
        _tag("{%p if speaker %}"),
        _para("byline", _run("{{ speaker }}")),
        _tag("{%p endif %}"),
        _tag("{%p if date %}"),
        _para("byline", _run("（{{ date }}）")),
        _tag("{%p endif %}"),
        # A blank grid line between the byline and 同志们：, only if there is a byline.
        _tag("{%p if speaker or date %}"),
        _para("body"),
        _tag("{%p endif %}"),
        _para("salutation", _run("{{ salutation }}")),
        *_paragraphs_block("opening"),
        *_items_block(),
        *_paragraphs_block("closing"),
    ]


def _document_xml(layout: Layout, genre: str) -> bytes:
    paragraphs = _plan_body() if genre == "plan" else _speech_body()
    sect = _w(
        "sectPr",
        None,
        *(_w("footerReference", {"type": kind, "r:id": rid}) for _, kind, rid in _FOOTERS),
        _w("pgSz", {"w": layout.width, "h": layout.height}),
        _w(
            "pgMar",
            {
                "top": layout.margin_top,
                "right": layout.margin_right,
                "bottom": layout.margin_bottom,
                "left": layout.margin_left,
                "header": _HEADER_DISTANCE,
                "footer": layout.footer_distance,
                "gutter": 0,
            },
        ),
        # "lines", not "linesAndChars": LibreOffice halves the characters per line of
        # a character grid; the 28 characters come from the character spacing instead.
        _w("docGrid", {"type": "lines", "linePitch": layout.line_pitch}),
    )
    body = _w("body", None, *paragraphs, sect)
    return _serialize(_w("document", None, body))


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


def _settings_xml(layout: Layout) -> bytes:
    word = "http://schemas.microsoft.com/office/word"
    compat_settings = (
        ("compatibilityMode", "14"),  # Word 2010 layout: what most offices still run
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


def _template_files(out_dir: Path) -> dict[str, Path]:
    return {genre: out_dir / f"{genre}.docx" for genre in GENRES}


def write_templates(layout: Layout, out_dir: str | Path) -> list[Path]:
    """Write ``plan.docx`` and ``speech.docx`` for ``layout`` into ``out_dir``."""
    written = []
    for genre, path in _template_files(Path(out_dir)).items():
        path.write_bytes(build_docx(build_parts(layout, genre)))
        written.append(path)
    return written


def check_templates(layout: Layout, out_dir: str | Path) -> list[Path]:
    """The templates in ``out_dir`` whose parts differ from a fresh build (missing ones too)."""
    stale = []
    for genre, path in _template_files(Path(out_dir)).items():
        try:
            current = read_parts(path)
        except (OSError, zipfile.BadZipFile):
            stale.append(path)
            continue
        # Compare uncompressed parts, not zip bytes: another zlib may compress differently.
        if current != build_parts(layout, genre):
            stale.append(path)
    return stale


def main(argv: list[str] | None = None) -> int:
    """``python -m drafting.layout [--check]``: rebuild (or compare) the bundled templates."""
    parser = argparse.ArgumentParser(
        prog="python -m drafting.layout",
        description="按版式文件重新生成 Word 模板（plan.docx、speech.docx）",
    )
    parser.add_argument("--check", action="store_true", help="只比较，不写入；不一致时退出码为 1")
    parser.add_argument("--styles", type=Path, help="版式文件（默认：styles/gbt9704.yaml）")
    parser.add_argument("--out", type=Path, help="模板目录（默认：templates/）")
    args = parser.parse_args(argv)
    try:
        layout = load_layout(args.styles)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code
    out_dir = args.out or bundled("templates")
    if args.check:
        stale = check_templates(layout, out_dir)
        for path in stale:
            print(f"{path} 与版式文件不一致；请运行 python -m drafting.layout 重新生成", file=sys.stderr)
        return 1 if stale else 0
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in write_templates(layout, out_dir):
        print(f"已写入 {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

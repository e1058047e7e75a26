"""Reading ``styles/gbt9704.yaml``: validated here, once; everything behind trusts the values."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..resources import bundled
from ..yamlfile import Node, load
from .values import TWIPS_PER_MM, TWIPS_PER_PT, FontInfo, Layout, NoticeLayout, PageNumber, ParaStyle, RunStyle

DEFAULT_STYLE_FILE = "gbt9704.yaml"

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
_TOP_KEYS = {"page", "language", "latin_font", "styles", "lead", "page_number", "fonts", "numbering", "notice"}
_NUMBERING_KEYS = {"ordinal_mark"}
#: the 下脚点 after an item's Arabic number (GB/T 15834—2011 B.3.3), full-width or half-width
ORDINAL_MARKS = ("．", ".")

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
    ordinal_mark = _ordinal_mark(top["numbering"]) if "numbering" in top else ORDINAL_MARKS[0]

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
        ordinal_mark=ordinal_mark,
        notice=_notice(top["notice"]) if "notice" in top else NoticeLayout(),
    )
    if layout.footer_distance < 0:
        raise top["page_number"].fail("page_number.gap 太大：页码落到了纸张以外")
    return replace(layout, fonts=_font_table(layout, fonts))


def _ordinal_mark(node: Node) -> str:
    found = node.mapping("numbering", _NUMBERING_KEYS)
    if "ordinal_mark" not in found:
        return ORDINAL_MARKS[0]
    value = found["ordinal_mark"].text("numbering.ordinal_mark", empty=True)
    if value not in ORDINAL_MARKS:
        raise found["ordinal_mark"].fail(
            f"numbering.ordinal_mark 只能是全角的“．”或半角的“.”，而不是“{value}”"
            "（GB/T 15834—2011 B.3.3：阿拉伯数字序号后面用下脚点）")
    return value


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


_NOTICE_KEYS = {"letterhead", "rule", "signer_font", "attachlabel_font", "seal_lines", "date_right_chars", "imprint"}
_LETTERHEAD_KEYS = {"font", "size", "color", "top", "top_upward", "min_scale"}
_RULE_KEYS = {"color", "gap", "width"}
_IMPRINT_KEYS = {"font", "size", "thick", "thin"}
_COLOR = re.compile(r"^[0-9A-Fa-f]{6}$")


def _color(node: Node, what: str) -> str:
    value = node.text(what)
    if not _COLOR.match(value):
        raise node.fail(f"{what}应当是六位十六进制颜色（如 FF0000 红色），而不是“{value}”")
    return value.upper()


def _rule(node: Node, what: str, lo: float, hi: float) -> int:
    """A rule's thickness, in eighths of a point as Word's borders count it."""
    return max(2, round(_length(node, what, lo, hi) / TWIPS_PER_PT * 8))


def _notice(node: Node) -> NoticeLayout:
    """The ``notice:`` section: the 印发通知's 版头, seal space and 版记 (GB/T 9704 7.2–7.4)."""
    found = node.mapping("notice", _NOTICE_KEYS)
    values: dict[str, object] = {}
    if "letterhead" in found:
        head = found["letterhead"].mapping("notice.letterhead", _LETTERHEAD_KEYS)
        if "font" in head:
            values["letterhead_font"] = _font(head["font"], "notice.letterhead.font")
        if "size" in head:
            values["letterhead_size"] = _size(head["size"], "notice.letterhead.size")
        if "color" in head:
            values["letterhead_color"] = _color(head["color"], "notice.letterhead.color")
        for key in ("top", "top_upward"):
            if key in head:
                values[f"letterhead_{key}"] = _length(head[key], f"notice.letterhead.{key}", 0, 400)
        if "min_scale" in head:
            values["letterhead_min_scale"] = head["min_scale"].integer("notice.letterhead.min_scale", low=33, high=100)
    if "rule" in found:
        rule = found["rule"].mapping("notice.rule", _RULE_KEYS)
        if "color" in rule:
            values["rule_color"] = _color(rule["color"], "notice.rule.color")
        if "gap" in rule:
            # Word puts at most 31 pt between a paragraph and its border.
            values["rule_gap"] = _length(rule["gap"], "notice.rule.gap", 0, 31)
        if "width" in rule:
            values["rule_width"] = _rule(rule["width"], "notice.rule.width", 0.25, 6)
    for key in ("signer_font", "attachlabel_font"):
        if key in found:
            values[key] = _font(found[key], f"notice.{key}")
    if "seal_lines" in found:
        values["seal_lines"] = found["seal_lines"].number("notice.seal_lines", low=0, high=6)
    if "date_right_chars" in found:
        values["date_right_chars"] = found["date_right_chars"].number("notice.date_right_chars", low=0, high=10)
    if "imprint" in found:
        imprint = found["imprint"].mapping("notice.imprint", _IMPRINT_KEYS)
        if "font" in imprint:
            values["imprint_font"] = _font(imprint["font"], "notice.imprint.font")
        if "size" in imprint:
            values["imprint_size"] = _size(imprint["size"], "notice.imprint.size")
        for key in ("thick", "thin"):
            if key in imprint:
                values[f"imprint_{key}"] = _rule(imprint[key], f"notice.imprint.{key}", 0.25, 6)
    return NoticeLayout(**values)


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
    n = layout.notice
    names += [n.letterhead_font, n.signer_font, n.attachlabel_font, n.imprint_font]
    seen: dict[str, FontInfo] = {}
    for name in names:
        if name and name not in seen:
            seen[name] = known.get(name, FontInfo(name=name))
    return tuple(seen.values())

"""The layout as values: page, paragraph and character styles, page number, fonts, in Word units."""

from __future__ import annotations

from dataclasses import dataclass

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4


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
class NoticeLayout:
    """The 印发通知's own layout (GB/T 9704 7.2–7.4): 版头, seal space, 版记; lengths in twips."""

    letterhead_font: str = "方正小标宋简体"
    letterhead_size: int = 72  # half-points: 小初
    letterhead_color: str = "FF0000"
    letterhead_top: int = 1984  # 版心上边缘 → 发文机关标志上边缘: 35 mm (平行文、下行文)
    letterhead_top_upward: int = 4535  # 上行文: 80 mm
    letterhead_min_scale: int = 50  # percent: a long name is narrowed no further than this
    rule_color: str = "FF0000"
    rule_gap: int = 227  # 发文字号 → 红色分隔线: 4 mm
    rule_width: int = 8  # eighths of a point
    signer_font: str = "楷体_GB2312"
    attachlabel_font: str = "黑体"
    seal_lines: float = 2  # blank lines between the 附件说明 (or body) and the 署名
    date_right_chars: float = 4  # 成文日期右空四字 (7.3.5.2)
    imprint_size: int = 28  # half-points: 四号
    imprint_font: str = "仿宋_GB2312"
    imprint_thick: int = 8  # eighths of a point: 1 pt ≈ 0.35 mm (首条、末条分隔线)
    imprint_thin: int = 6  # 0.75 pt ≈ 0.26 mm (中间的分隔线)


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
    ordinal_mark: str = "．"  # after an item's Arabic number (numbering.ordinal_mark): "．" or "."
    notice: NoticeLayout = NoticeLayout()

    @property
    def footer_distance(self) -> int:
        """Distance from the page's lower edge to the footer, placing the number ``gap`` below the text."""
        pn = self.page_number
        return self.margin_bottom - pn.gap - _footer_line(pn)


def _footer_line(pn: PageNumber) -> int:
    # The page number has an exact line as high as its font, so the gap is exact.
    return pn.size * TWIPS_PER_PT // 2

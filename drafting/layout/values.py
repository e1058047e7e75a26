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

    @property
    def footer_distance(self) -> int:
        """Distance from the page's lower edge to the footer, placing the number ``gap`` below the text."""
        pn = self.page_number
        return self.margin_bottom - pn.gap - _footer_line(pn)


def _footer_line(pn: PageNumber) -> int:
    # The page number has an exact line as high as its font, so the gap is exact.
    return pn.size * TWIPS_PER_PT // 2

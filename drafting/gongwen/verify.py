"""``draft preview --verify``: the GB/T 9704 layout measured on the PDF LibreOffice renders.

The document is checked and converted as ``draft preview`` does (``preview``),
its pages read with poppler (``gongwen.pages``) and measured (``gongwen.measures``).
A measure is only as good as the fonts the rendering used (``gongwen.fonts``):
when a font the text asks for was replaced by one of other widths, every
measure that depends on widths says 未核验 (not verified), never 通过, and so does
every measure when LibreOffice is missing. ``require_standard_fonts`` asks for
the fonts themselves: a stand-in, however exact its widths, is then a failure.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from .fonts import INSTALLED, STANDIN, SUBSTITUTED, FontUse, font_uses
from .measures import FAIL, NA, PASS, UNVERIFIED, Measure, Standard, measure_pages
from .pages import read_pages

__all__ = ["Verification", "verify", "verify_pdf", "unverified"]

_FONT_NAME, _FONT_TARGET = "字体", "文档要求的字体已安装（或以字宽相同的字体代替）"
_STANDARD_TARGET = "文档要求的字体均已安装"


@dataclass(frozen=True)
class Verification:
    """The measures of one document, the fonts they rest on, and why nothing was measured (if so)."""

    path: Path
    pages: int | None
    measures: tuple[Measure, ...]
    fonts: tuple[FontUse, ...] = ()
    reason: str | None = None  # why every measure is 未核验 (no LibreOffice)

    @property
    def failed(self) -> tuple[Measure, ...]:
        """The measures that failed."""
        return tuple(m for m in self.measures if m.status == FAIL)

    @property
    def unverified(self) -> tuple[Measure, ...]:
        """The measures that could not be verified."""
        return tuple(m for m in self.measures if m.status == UNVERIFIED)


def unverified(docx: Path, reason: str) -> Verification:
    """Every measure 未核验, for ``reason`` (LibreOffice is missing)."""
    # the measures' names and targets, as measured on no page at all
    measures = tuple(replace(m, value="未测量", status=UNVERIFIED, pages=()) for m in measure_pages(()))
    return Verification(docx, None, (*measures, Measure("fonts", _FONT_NAME, "未测量", _FONT_TARGET, UNVERIFIED)),
                        reason=reason)


def _font_measure(uses: tuple[FontUse, ...] | None, require_standard: bool) -> Measure:
    target = _STANDARD_TARGET if require_standard else _FONT_TARGET
    if uses is None:
        return Measure("fonts", _FONT_NAME, "本机没有 fontconfig（fc-list），无法确认所用字体", target,
                       FAIL if require_standard else UNVERIFIED)
    replaced = [u for u in uses if u.status == SUBSTITUTED]
    standins = [u for u in uses if u.status == STANDIN]
    if replaced:
        value = "、".join(f"{u.name} 被替换为 {u.used or '其他字体'}" for u in replaced)
        return Measure("fonts", _FONT_NAME, value, target, FAIL if require_standard else UNVERIFIED)
    if standins:
        value = "、".join(f"{u.name} 以 {u.used} 代替" for u in standins) + "（字宽相同）"
        return Measure("fonts", _FONT_NAME, value, target, FAIL if require_standard else PASS)
    return Measure("fonts", _FONT_NAME, "均已安装", target, PASS)


def verify_pdf(docx: Path, pdf: Path, *, require_standard_fonts: bool = False,
               std: Standard = Standard()) -> Verification:
    """The measures of ``docx`` on ``pdf``, the PDF LibreOffice made of it on this machine."""
    pages = read_pages(pdf)
    uses = font_uses(docx)
    fonts = _font_measure(uses, require_standard_fonts)
    measures = measure_pages(pages, std)
    widths_known = uses is not None and all(u.status in (INSTALLED, STANDIN) for u in uses)
    if not widths_known:
        # widths not known to be the document's: what depends on them is not verified, pass or fail
        measures = tuple(replace(m, status=UNVERIFIED, pages=()) if m.metric and m.status != NA else m
                         for m in measures)
    return Verification(docx, len(pages), (*measures, fonts), uses or ())


def verify(docx: Path, *, require_standard_fonts: bool = False) -> Verification:
    """Render ``docx`` through LibreOffice and measure its layout; every measure 未核验 without LibreOffice."""
    from .. import preview

    preview.check_input(docx)
    soffice = preview.find_soffice()
    if soffice is None:
        return unverified(docx, "没有找到 LibreOffice（soffice），无法排版核验")
    with tempfile.TemporaryDirectory(prefix="draft-verify-") as tmp:
        pdf = preview.to_pdf(soffice, docx, Path(tmp))
        return verify_pdf(docx, pdf, require_standard_fonts=require_standard_fonts)


"""The printed lines of a PDF's pages, read from poppler's ``pdftotext -bbox-layout``.

pdftotext gives every line and word with its box in points (the origin at the
page's top left). A printed line may come as several ``<line>`` elements (a
change of font, a gap of justification), so lines whose boxes share a vertical
band are merged into one ``Row``. ``rows_from_xhtml`` is the pure part; ``read_pages``
runs poppler.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..errors import MissingTool, OutputError

__all__ = ["Page", "Row", "pages_from_xhtml", "read_pages"]

_NS = "{http://www.w3.org/1999/xhtml}"
# pdftotext writes a DOCTYPE naming the XHTML DTD; nothing in it is needed, and no parser should fetch it.
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>")


@dataclass(frozen=True)
class Row:
    """One printed line of a page: its words left to right and its box in points."""

    words: tuple[str, ...]
    left: float
    top: float
    right: float
    bottom: float

    @property
    def text(self) -> str:
        """The line's characters without the spaces pdftotext puts between words."""
        return "".join(self.words)

    @property
    def height(self) -> float:
        """The height of the line's box (the font's ascent and descent, about 1.3 × its size)."""
        return self.bottom - self.top

    @property
    def centre(self) -> float:
        """The horizontal centre of the line."""
        return (self.left + self.right) / 2


@dataclass(frozen=True)
class Page:
    """A page: its number (from 1), its size in points and its rows from top to bottom."""

    number: int
    width: float
    height: float
    rows: tuple[Row, ...]


def _merge(lines: list[tuple[float, float, float, float, list[tuple[float, str]]]]) -> tuple[Row, ...]:
    """Rows from pdftotext's lines: lines overlapping vertically by more than half the smaller one are one row."""
    rows: list[list] = []
    for left, top, right, bottom, words in sorted(lines, key=lambda l: (l[1], l[0])):
        for row in rows:
            overlap = min(bottom, row[3]) - max(top, row[1])
            if overlap > 0.5 * min(bottom - top, row[3] - row[1]):
                row[0], row[1], row[2], row[3] = min(left, row[0]), min(top, row[1]), max(right, row[2]), max(bottom, row[3])
                row[4].extend(words)
                break
        else:
            rows.append([left, top, right, bottom, list(words)])
    return tuple(Row(tuple(w for _, w in sorted(r[4])), r[0], r[1], r[2], r[3]) for r in sorted(rows, key=lambda r: r[1]))


def pages_from_xhtml(data: bytes) -> tuple[Page, ...]:
    """The pages in ``pdftotext -bbox-layout`` output."""
    root = ET.fromstring(_DOCTYPE.sub(b"", data, count=1))
    pages = []
    for number, page in enumerate(root.iter(f"{_NS}page"), 1):
        lines = []
        for line in page.iter(f"{_NS}line"):
            words = [(float(w.get("xMin")), (w.text or "").strip()) for w in line.iter(f"{_NS}word")]
            words = [(x, t) for x, t in words if t]
            if words:
                lines.append((float(line.get("xMin")), float(line.get("yMin")), float(line.get("xMax")),
                              float(line.get("yMax")), words))
        pages.append(Page(number, float(page.get("width")), float(page.get("height")), _merge(lines)))
    return tuple(pages)


def read_pages(pdf: Path) -> tuple[Page, ...]:
    """The pages of ``pdf`` with their rows, through ``pdftotext -bbox-layout``."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise MissingTool("没有找到 pdftotext（poppler 的 PDF 文字提取程序），无法核验版式",
                          hint="请安装 poppler（Linux：poppler-utils）。")
    result = subprocess.run([exe, "-bbox-layout", str(pdf), "-"], capture_output=True)
    if result.returncode != 0:
        raise OutputError("无法读取 LibreOffice 生成的 PDF", path=pdf)
    return pages_from_xhtml(result.stdout)

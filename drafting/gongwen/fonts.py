"""Whether a rendering used the fonts a document's text asks for, or stand-ins with the same widths.

The layout measures only hold for Word and WPS on an office's computer if the
preview laid the text out with the same character widths. For each font the
body text names (``w:rFonts`` in the document and its styles, not the header
and footer: the page number's font moves no line), by the role it is named in:

- installed (``fc-list`` has it): the standard font;
- a Chinese font (``w:eastAsia``) that is missing: LibreOffice takes the font
  fontconfig gives for Chinese text. CJK ideographs and full-width punctuation
  are one em wide in every CJK font, so any font covering Chinese (``zh-cn`` in
  its languages) is a stand-in with the same widths;
- a Latin font (``w:ascii``/``w:hAnsi``) that is missing: a stand-in only when
  fontconfig gives one of the fonts made with its widths (fontconfig's own list of
  metric aliases, ``30-metric-aliases.conf``), e.g. Liberation Serif for Times
  New Roman; anything else changes where lines with digits break.

Anything else is a substitution: the measures that depend on widths report 未核验.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FontUse", "font_uses"]

# fontconfig's 30-metric-aliases.conf: the free fonts drawn to another font's widths.
_METRIC_ALIASES = {
    "times new roman": ("liberation serif", "tinos", "nimbus roman", "tex gyre termes"),
    "arial": ("liberation sans", "arimo", "nimbus sans", "tex gyre heros"),
    "courier new": ("liberation mono", "cousine", "nimbus mono ps", "tex gyre cursor"),
}
_STYLE = re.compile(r"<w:style\b[^>]*>.*?</w:style>", re.S)
_STYLE_ID = re.compile(r'w:styleId="([^"]*)"')
_RFONTS = re.compile(r"<w:rFonts\b([^>]*)>")
_ATTR = re.compile(r'w:(ascii|hAnsi|eastAsia)="([^"]+)"')
# Styles of the header and footer: the page number's font does not move a line of the text.
_MARGIN_STYLES = {"header", "footer", "headerchar", "footerchar", "pagenumber"}

INSTALLED, STANDIN, SUBSTITUTED = "已安装", "等宽替代", "被替换"


@dataclass(frozen=True)
class FontUse:
    """A font the text asks for, in which role (中文 or 西文), and what this machine renders it with."""

    name: str
    role: str  # "中文" or "西文"
    status: str  # INSTALLED, STANDIN or SUBSTITUTED
    used: str | None = None  # the font used instead, when known


def _style_id(style: str) -> str:
    found = _STYLE_ID.search(style)
    return found.group(1).lower() if found else ""


def _requested(docx: Path) -> dict[tuple[str, str], None]:
    wanted: dict[tuple[str, str], None] = {}
    with zipfile.ZipFile(docx) as z:
        names = set(z.namelist())
        parts = []
        if "word/styles.xml" in names:
            styles = z.read("word/styles.xml").decode("utf-8", errors="replace")
            kept = [s for s in _STYLE.findall(styles) if _style_id(s) not in _MARGIN_STYLES]
            parts += [_STYLE.sub("", styles), *kept]  # the docDefaults, and every style but the margins'
        if "word/document.xml" in names:
            parts.append(z.read("word/document.xml").decode("utf-8", errors="replace"))
    for part in parts:
        for attrs in _RFONTS.findall(part):
            for which, name in _ATTR.findall(attrs):
                wanted[(name, "中文" if which == "eastAsia" else "西文")] = None
    return wanted


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).lower()


def _fc(*args: str) -> str | None:
    exe = shutil.which(args[0])
    if exe is None:
        return None
    return subprocess.run([exe, *args[1:]], capture_output=True, text=True, errors="replace").stdout


def font_uses(docx: Path) -> tuple[FontUse, ...] | None:
    """The fonts the body text of ``docx`` asks for and how they render here; ``None`` without fontconfig."""
    listed = _fc("fc-list", ":", "family")
    if listed is None:
        return None
    installed = {_norm(f) for line in listed.splitlines() for f in line.split(",") if f.strip()}
    uses = []
    for name, role in _requested(docx):
        if _norm(name) in installed:
            uses.append(FontUse(name, role, INSTALLED))
            continue
        if role == "中文":
            found = (_fc("fc-match", "-f", "%{family[0]}|%{lang}", f"{name}:lang=zh-cn") or "").split("|")
            ok = "zh-cn" in found[1:]
        else:
            found = [(_fc("fc-match", "-f", "%{family[0]}", name) or "")]
            ok = found[0].lower() in _METRIC_ALIASES.get(name.lower(), ())
        uses.append(FontUse(name, role, STANDIN if ok else SUBSTITUTED, found[0] or None))
    return tuple(uses)

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

The modules: ``values`` (the layout as values, in Word units), ``reading`` (the
YAML, validated), ``ooxml`` (element helpers), one module per part written from
it (``styles``, ``document``, ``footer``; ``package`` for the rest and the zip);
writing and checking the templates lives here.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

from ..errors import DataError
from ..model import GENRES
from ..resources import bundled
# Besides __all__, the constants of the single module this package replaced stay importable here.
from .ooxml import CT_NS, PKG_REL_NS, R_NS, W_NS
from .package import build_docx, build_parts, read_parts
from .reading import ALIGNMENTS, CN_SIZES, DEFAULT_STYLE_FILE, FAMILIES, PITCHES, STYLE_ROLES, load_layout
from .styles import STYLE_IDS
from .values import TWIPS_PER_MM, TWIPS_PER_PT, FontInfo, Layout, PageNumber, ParaStyle, RunStyle

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


#: the template of the 印发通知 (``draft plan --notice``), written beside the genres' ones
NOTICE = "notice"


def _template_files(out_dir: Path) -> dict[str, Path]:
    return {genre: out_dir / f"{genre}.docx" for genre in (*GENRES, NOTICE)}


def _parts(layout: Layout, genre: str) -> dict[str, bytes]:
    if genre == NOTICE:
        from .notice import build_notice_parts

        return build_notice_parts(layout)
    return build_parts(layout, genre)


def write_templates(layout: Layout, out_dir: str | Path) -> list[Path]:
    """Write ``plan.docx``, ``speech.docx`` and ``notice.docx`` for ``layout`` into ``out_dir``."""
    written = []
    for genre, path in _template_files(Path(out_dir)).items():
        path.write_bytes(build_docx(_parts(layout, genre)))
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
        if current != _parts(layout, genre):
            stale.append(path)
    return stale


def main(argv: list[str] | None = None) -> int:
    """``python -m drafting.layout [--check]``: rebuild (or compare) the bundled templates."""
    parser = argparse.ArgumentParser(
        prog="python -m drafting.layout",
        description="按版式文件重新生成 Word 模板（plan.docx、speech.docx、notice.docx）",
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


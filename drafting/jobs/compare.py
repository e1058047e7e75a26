"""The job that compares a document with last year's (and earlier years'): ``draft compare``, ``check --against``.

Both documents are read and parsed as ``draft check`` reads them (the same
messages for a file that cannot be read); nothing is modified, ``--annotate``
writes a copy of the new document with one comment on each carried-over item.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import GENRE_NAMES, PLAN, Edit, Paragraph
from .common import _check_output, _trimmed, check_value, library
from .documents import _read, _write_revised

if TYPE_CHECKING:
    from ..compare import Comparison, Text

#: What a history folder's documents may be.
DOCUMENT_SUFFIXES = (".docx", ".txt")


@dataclass(frozen=True)
class Compared:
    """What ``draft compare`` found, and the annotated copy if one was asked for."""

    old: Path
    new: Path
    comparison: Comparison
    old_text: Text
    new_text: Text
    #: the earlier years' documents compared, latest first: (year, path)
    history: tuple[tuple[int, Path], ...] = ()
    written: Path | None = None
    #: items whose comment could not be placed in the copy
    unplaced: int = 0
    paragraphs: tuple[Paragraph, ...] = ()


class DifferentGenres(InputError):
    """A plan and a speech given to compare: what was carried over cannot be measured between them."""

    def __init__(self, *, plan: Path, speech: Path, message: str, hint: str) -> None:
        super().__init__(message, hint=hint)
        self.plan = plan
        self.speech = speech


def _parsed(path: Path, ads):
    from ..parse import parse_paragraphs

    paragraphs = _read(path)
    return paragraphs, parse_paragraphs(paragraphs, ads=ads).outline


def compare_files(old: Path, new: Path, *, history: Path | None = None, extra: tuple[Path, ...] = (),
                  annotate: bool = False, output: Path | None = None, author: str | None = None,
                  force: bool = False, now: _dt.datetime | None = None) -> Compared:
    """How much of ``new`` is carried over from ``old`` (and the items unchanged over ``history``'s years)."""
    from ..compare import compare, prepare
    from ..output import fit_name

    if annotate and output is not None:
        _check_output(output)
    if annotate:
        check_value(author, "--author")
        author = _trimmed(author)
    lib = library(extra)
    ads = lib.checks.ads
    old_paragraphs, old_outline = _parsed(old, ads)
    new_paragraphs, new_outline = _parsed(new, ads)
    if old_outline.genre != new_outline.genre:
        raise DifferentGenres(
            plan=old if old_outline.genre == PLAN else new, speech=new if old_outline.genre == PLAN else old,
            message=
            f"两份文稿不是同一文种：{old.name} 是{GENRE_NAMES[old_outline.genre]}，"
            f"{new.name} 是{GENRE_NAMES[new_outline.genre]}，无法比较沿用了多少去年的文字",
            hint="要看讲话稿是否部署了工作要点的各项任务，请用：draft check 讲话稿 --plan 工作要点")
    earlier = _history(history, old, new, old_outline, new_outline, ads) if history is not None else ()
    memo: dict = {}
    old_text = prepare(old_outline, lib.calendar, memo)
    new_text = prepare(new_outline, lib.calendar, memo)
    texts = tuple((year, prepare(outline, lib.calendar, memo)) for year, _, outline in earlier)
    comparison = compare(old_text, new_text, limits=lib.checks.carry_over, history=texts)
    done = Compared(old, new, comparison, old_text, new_text, tuple((y, p) for y, p, _ in earlier),
                    paragraphs=tuple(new_paragraphs))
    if not annotate:
        return done
    from dataclasses import replace

    edits = item_edits(comparison, new_text, new_paragraphs)
    out = output or new.with_name(fit_name(new.stem, "-沿用批注.docx"))
    applied = _write_revised(new, new_paragraphs, edits, out, outline=new_outline, author=author, force=force,
                             now=now)
    return replace(done, written=applied.path, unplaced=len(edits) - len(applied.placed))


def item_edits(comparison: Comparison, new_text: Text, paragraphs) -> list[Edit]:
    """One comment per carried-over item, on its lead (else its first words) in its paragraph."""
    from ..compare import item_note
    from ..parse import source_index

    by_index = {p.index: p for p in paragraphs}
    edits = []
    for item in comparison.items:
        unit = new_text.units[item.unit]
        para = by_index.get(source_index(unit.source))
        if para is None:
            continue
        words = unit.lead or unit.text.split("\n", 1)[0][:20]
        start = para.text.find(words)
        if start < 0 or not words:
            continue
        edits.append(Edit(para.index, start, start + len(words), words, None, item_note(item, comparison.old_year),
                          "carry-over"))
    return edits


def _history(folder: Path, old: Path, new: Path, old_outline, new_outline, ads) -> tuple:
    """The documents of earlier years in ``folder`` before ``old``'s year, latest first: (year, path, outline)."""
    if not folder.is_dir():
        raise InputError("历史文稿文件夹不存在" if not folder.exists() else "--history 应当是一个文件夹，而不是文件",
                         path=folder, hint="请给出存放往年文稿（.docx 或 .txt）的文件夹")
    if old_outline.year is None:
        raise InputError("无法判断去年的文稿是哪一年的，不能与往年文稿按年份比较", path=old,
                         hint="请在文稿标题或开头写明年份，如“2025年……工作要点”")
    same = {_resolved(old), _resolved(new)}
    files = sorted(p for p in folder.iterdir()
                   if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                   and not p.name.startswith(("~$", ".")) and _resolved(p) not in same)
    by_year: dict[int, tuple[Path, object]] = {}
    for path in files:
        _, outline = _parsed(path, ads)
        if outline.year is None:
            raise InputError("无法判断这份往年文稿是哪一年的", path=path,
                             hint="请在文稿标题或开头写明年份，或把它移出这个文件夹")
        if outline.genre != new_outline.genre:
            raise InputError(f"这份往年文稿是{GENRE_NAMES[outline.genre]}，与要比较的{GENRE_NAMES[new_outline.genre]}不是同一文种",
                             path=path, hint="历史文件夹里只放同一文种的往年文稿")
        if outline == old_outline or outline == new_outline:
            continue  # a copy of one of the two documents compared, kept with the others
        if outline.year in by_year or outline.year == old_outline.year:
            other = by_year[outline.year][0] if outline.year in by_year else old
            raise InputError(f"有两份{outline.year}年的文稿：{other.name} 和 {path.name}", path=folder,
                             hint="每一年只留一份文稿，请把多余的移出历史文件夹")
        by_year[outline.year] = (path, outline)
    if not by_year:
        raise InputError("历史文稿文件夹中没有可以读取的往年文稿（.docx 或 .txt）", path=folder)
    return tuple((year, path, outline) for year, (path, outline) in sorted(by_year.items(), reverse=True)
                 if year < old_outline.year)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path

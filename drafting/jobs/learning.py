"""The job of ``draft learn``: what reviewed documents teach, written to the library's review folder."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..library import REVIEW_FOLDER
from .common import _input_file, here, library
from .documents import DEFAULT_AUTHOR
from .repository import INGEST_INTO, INGEST_LOCK

if TYPE_CHECKING:
    from ..learn.values import Lesson, Proposal
    from ..library import Library

#: The years of the bundled drafts a proposed rule must not fire on (as test_check's clean-draft test).
DRAFT_YEARS = range(2016, 2031)


@dataclass(frozen=True)
class Learned:
    """What ``draft learn`` found, and the files it wrote (None: nothing of that kind to write)."""

    into: Path
    lessons: tuple[Lesson, ...]
    proposals: tuple[Proposal, ...]
    rules: Path | None = None
    cases: Path | None = None


def learn(files: tuple[Path, ...], into: Path | None = None, extra: tuple[Path, ...] = ()) -> Learned:
    """Read reviewed documents and write what they teach into ``into``'s review folder (default ``./素材库``).

    Every file is read first: one that cannot be used, or that has nothing to learn
    from (no revision, no record of renew's), stops the job before anything is written.
    """
    from ..output import held

    if not files:
        raise InputError("请给出审阅过的文稿（.docx）")
    default = into is None
    into = here() / INGEST_INTO if into is None else into
    _check_into(into, default)
    known = (into,) if into.is_dir() else ()
    with held(into / REVIEW_FOLDER / INGEST_LOCK, "素材库的待审核文件夹"):
        return _learn(files, into, known, extra)


def _check_into(into: Path, default: bool) -> None:
    """Refuse a --into that is no library folder: a file, a missing folder, a folder of other things."""
    from ..library import library_files

    if into.exists() and not into.is_dir():
        raise InputError("--into 应当是素材库文件夹，而这是一个文件", path=into)
    if not into.exists():
        if default:
            return  # created for the review folder, as draft ingest does
        raise InputError("素材库文件夹不存在", path=into, hint="请写出已有的素材库文件夹，或先用 draft init 建立")
    if not library_files(into, review=True) and not (into / REVIEW_FOLDER).is_dir() and any(into.iterdir()):
        raise InputError("这个文件夹里没有素材文件（.yaml），不像是素材库", path=into,
                         hint="请用 --into 写出素材库文件夹（其中有素材 YAML 文件和 待审核/ 子文件夹）")


def _learn(files: tuple[Path, ...], into: Path, known: tuple[Path, ...], extra: tuple[Path, ...]) -> Learned:
    from ..learn.renewals import judge
    from ..learn.replacements import propose, replacements, skipped
    from ..learn.values import DEL, INS, Lesson
    from ..learn.writer import cases_text, has_cases, rules_text, write

    lessons = []
    texts: list[str] = []
    for path in files:
        reviewed = _read(path)
        texts += [p.text for p in reviewed.paragraphs]
        record = reviewed.record
        ours = {DEFAULT_AUTHOR} | ({record.author} if record is not None else set())
        # our own revisions, undecided, teach nothing without the record of what they were
        revised = any(s.kind in (INS, DEL) and s.author not in ours for b in reviewed.blocks for s in b.segments)
        if not revised and reviewed.damaged:
            raise InputError("文稿中没有审稿人的修订，draft renew 的改动记录也已损坏，没有可以学习的内容", path=path)
        if not revised and record is None:
            raise InputError("文稿中没有审稿人的修订，也没有 draft renew 的改动记录，没有可以学习的内容", path=path,
                             hint="请用审稿人在 Word/WPS 中以“修订”模式改过的文稿，或 draft renew 生成后审阅过的文稿")
        found = replacements(reviewed.blocks, ours, path.name)
        by_index = {p.index: p.text for p in reviewed.paragraphs}
        judged = tuple(judge(record, reviewed.blocks, by_index)) if record is not None else ()
        theirs = tuple(c for c in reviewed.comments if c.author not in ours)
        lessons.append(Lesson(path, tuple(found), judged, theirs, _answered(reviewed, ours), record,
                              reviewed.damaged, skipped(found)))
    lib = library(tuple(extra) + known, review=True)
    proposals = tuple(propose([r for lesson in lessons for r in lesson.replacements],
                              known=(t.wrong for t in lib.checks.typos), texts=texts, drafts=draft_texts(lib)))
    rules = rules_text(proposals, [f.name for f in files]) if any(not p.withheld for p in proposals) else None
    cases = cases_text(lessons) if has_cases(lessons) else None
    written = (None, None)
    if rules is not None or cases is not None:
        written = write(into / REVIEW_FOLDER, files[0].stem, rules, cases)
    return Learned(into, tuple(lessons), proposals, *written)


def _read(path: Path):
    """The reviewed document at ``path``: a .docx; a plain text or other file is refused in Chinese."""
    from ..learn.reading import read_reviewed
    from ..reader import is_word_package, read_paragraphs

    _input_file(path)
    if not is_word_package(path):
        read_paragraphs(path)  # its own refusal of a PDF, an old .doc, a damaged file …
        raise InputError("draft learn 只能读取审阅过的 Word 文档（.docx）：纯文本中没有修订和批注", path=path)
    return read_reviewed(path)


def _answered(reviewed, ours: set[str]):
    """Our questions (comments) the reviewer answered: by a reply, or by editing the paragraph."""
    from ..learn.values import DEL, INS

    edited = {index for b in reviewed.blocks if any(s.kind in (INS, DEL) and s.author not in ours
                                                    for s in b.segments) for index, _ in b.paragraphs}
    replied = {c.parent for c in reviewed.comments if c.parent and c.author not in ours}
    return tuple(c for c in reviewed.comments if c.author in ours and (c.id in replied or c.paragraph in edited))


def draft_texts(lib: Library) -> list[str]:
    """The text of every draft the library's recipes give over ``DRAFT_YEARS``, and of every snippet."""
    from ..assemble import assemble
    from ..errors import DraftError
    from ..model import SPEECH, Occasion

    out: list[str] = []
    for recipe in [*lib.plans.values(), *lib.meetings.values()]:
        for year in DRAFT_YEARS:
            occasion = Occasion(year=year, org="市发展改革委", speaker="张三", date=_dt.date(year, 1, 10))
            try:
                outline = assemble(lib, recipe, occasion, meeting=recipe.name if recipe.genre == SPEECH else None)
            except DraftError:
                continue  # a year the unit's recipe or calendar does not cover
            out += [outline.title or "", *outline.preamble, *outline.closing, outline.signature or ""]
            for section in outline.sections:
                out.append(section.heading)
                out += [f"{item.lead or ''}{item.text}" for item in section.items]
    for s in lib.snippets.values():
        out.append("\n".join((s.lead or "", s.body, *s.points)))
    return out

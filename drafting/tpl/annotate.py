"""The template with each lint issue as a Word comment on its paragraph, written by ``drafting.revise``."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from .issues import CODE_NAMES, ERROR, Issue, TemplateReport


def annotate(report: TemplateReport, out: str | Path, *, author: str = "模板检查") -> tuple[Path, tuple[Issue, ...]]:
    """Write a copy of the template with each issue as a Word comment on its paragraph; never overwrites.

    Returns where, and the issues no comment could be put on (inside a field, say).
    """
    from ..model import Edit
    from ..reader import read_paragraphs
    from ..revise import revise_docx

    out = Path(out)
    paragraphs = read_paragraphs(report.path)
    first = next((p for p in paragraphs if p.part == "body" and p.block is not None), None)
    edits = []
    sources: list[Issue] = []
    for issue in report.issues:
        target = issue.para.reader if issue.para is not None else None
        if target is None:
            target = first
        if target is None:
            continue
        label = "错误" if issue.severity == ERROR else "警告"
        note = f"［{label}：{CODE_NAMES.get(issue.code, issue.code)}］{issue.message}"
        if issue.hint:
            note += f"\n建议：{issue.hint}"
        if issue.para is not None and target is not issue.para.reader:
            # a paragraph with no visible text (only a deleted tag, say): said where, on the first one
            note = f"［{issue.where}］{note}"
            start, end = 0, len(target.text)
        else:
            start, end = _anchor(target.text, issue)
        edits.append(Edit(target.index, start, end, target.text[start:end], None, note, issue.code))
        sources.append(issue)
    applied = revise_docx(report.path, paragraphs, edits, out, author=author,
                          when=_dt.datetime.now(_dt.timezone.utc))
    placed = {id(e) for e in applied.placed}
    unplaced = tuple(dict.fromkeys(i for e, i in zip(edits, sources) if id(e) not in placed))
    return out, unplaced + tuple(i for i in report.issues if i not in sources)


def _anchor(text: str, issue: Issue) -> tuple[int, int]:
    """Where in the reader's paragraph text the comment goes: on the tag if it is there, else the whole paragraph."""
    if issue.excerpt and issue.start is not None:
        at = text.find(issue.excerpt)
        if at >= 0:
            return at, at + len(issue.excerpt)
    return 0, len(text)

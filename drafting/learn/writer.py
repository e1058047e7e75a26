"""The files ``draft learn`` leaves in the library's review folder, for a person to approve.

``待审核/learn-<stem>-<n>.yaml`` holds the proposed rules as a ``typos`` mapping,
exactly as ``检查规则.yaml`` has it, each entry under comments giving its evidence
(paragraph, author, date, the words around it); the proposals withheld follow as
comments, with the reason. It is a valid library file: ``draft ingest`` reads the
review folder, and the file is checked by the library's own parser before the
job returns. ``待审核/learn-<stem>-<n>.cases.yaml`` holds renew's rejected changes
as cases (``learn.cases``); the library does not read ``*.cases.yaml``. Both go
under the first number neither name has, each created exclusively, never over a
file; if one cannot be written or fails its parser, neither is left behind.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from ..errors import OutputError, os_problem
from ..library.files import CASES_SUFFIX
from ..output import create_new
from .values import Judged, Lesson, Proposal, Replacement

_LINE_BREAKS = re.compile("[\r\n\x85\u2028\u2029\t\x00-\x1f\x7f]")
_EXCERPT = 12


def _flat(text: str) -> str:
    """Text for a one-line YAML comment: no line breaks or controls."""
    return _LINE_BREAKS.sub(" ", text)


def excerpt(r: Replacement) -> str:
    """The words around a replacement, the new text in 【】: …要【防微杜渐】，…"""
    before = r.before[-_EXCERPT:]
    after = r.after[:_EXCERPT]
    head = "…" if len(r.before) > _EXCERPT else ""
    tail = "…" if len(r.after) > _EXCERPT else ""
    return _flat(f"{head}{before}【{r.old}→{r.new}】{after}{tail}")


def where(paragraph: int | None) -> str:
    """第N段 for a paragraph index, or 位置不明."""
    return f"第{paragraph + 1}段" if paragraph is not None else "位置不明"


def _date(text: str) -> str:
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else ""


def _entry(wrong: str, right: str) -> str:
    import yaml

    return yaml.safe_dump({wrong: right}, allow_unicode=True, width=1_000_000).strip()


def rules_text(proposals: Sequence[Proposal], sources: Sequence[str]) -> str:
    """The review file of ``proposals`` (those withheld as comments at its end)."""
    proposed = [p for p in proposals if not p.withheld]
    names = "、".join(sources)
    lines = [
        f"# draft learn 从 {_flat(names)} 学到的错别字、用词规则建议，共 {len(proposed)} 条，待审核。",
        "# 每条都是审稿人在修订中至少改了两处的同一处用词，上方注释是证据：段落、修改人、日期和原句（【原→改】）。",
        "# 请逐条判断：确实“无论上下文都错”的，把这一行移到素材库 检查规则.yaml 的 typos: 下面；",
        "# 有正确用法的，可写成 right/unless 的形式列出例外（见 检查规则.yaml 开头的说明），或直接删去。",
        "# 审核完后请删除本文件，不要直接把它当作规则文件使用。",
        "typos:",
    ]
    for p in proposed:
        lines += _evidence(p, "  # ")
        lines.append("  " + _entry(p.wrong, p.right))
    withheld = [p for p in proposals if p.withheld]
    if withheld:
        lines.append("")
        lines.append("# 以下改动也多次出现，但没有列为规则：")
        for p in withheld:
            lines.append(_flat(f"#   {p.wrong} → {p.right}：{p.withheld}"))
            lines += _evidence(p, "#     ")
    return "\n".join(lines) + "\n"


def _evidence(p: Proposal, prefix: str) -> list[str]:
    authors = "、".join(dict.fromkeys(r.author or "未署名" for r in p.evidence))
    out = [f"{prefix}{_flat(authors)} 改了 {len(p.evidence)} 处："]
    for r in p.evidence:
        day = _date(r.date)
        source = f"{r.source} " if r.source else ""
        out.append(_flat(f"{prefix}  {source}{where(r.paragraph)}{f'（{day}）' if day else ''}：{excerpt(r)}"))
    return out


def cases_text(lessons: Sequence[Lesson]) -> str:
    """The case file of the rejected renew changes of ``lessons``."""
    import yaml

    from .values import REJECTED

    cases = []
    for lesson in lessons:
        record = lesson.record
        for j in lesson.judged:
            if j.verdict != REJECTED or not j.original or j.start is None or j.change.kind == "org":
                continue
            cases.append(_case(j, record, lesson.source.name))
    n = len(cases)
    header = [
        f"# draft learn 找到的、审稿人拒绝了的 renew 改动，共 {n} 条，可作为测试用例。",
        "# 每条：text 是 renew 读到的段落原文，from/to 是原文和目标年份，expression 是被改动的表述，",
        "# rejected 是 renew 改成的、被审稿人拒绝的写法。用 python -m drafting.learn 本文件 可以检查",
        "# renew 现在是否还会这样改；请交给维护本工具的同事，确认后加入测试。",
    ]
    body = yaml.safe_dump({"cases": cases}, allow_unicode=True, sort_keys=False, width=1_000_000, indent=2)
    return "\n".join(header) + "\n" + body


def _case(j: Judged, record, source: str) -> dict:
    c = j.change
    case = {"text": j.original, "from": record.source_year, "to": record.target_year, "expression": c.old,
            "start": j.start, "rejected": c.new, "kind": c.kind}
    if record.title is not None and record.title == c.paragraph:
        case["title"] = True
    case["where"] = f"{source} {where(j.paragraph)}"
    return case


def has_cases(lessons: Sequence[Lesson]) -> bool:
    """Whether any rejected change of ``lessons`` makes a case."""
    from .values import REJECTED

    return any(j.verdict == REJECTED and j.original and j.start is not None and j.change.kind != "org"
               for lesson in lessons for j in lesson.judged)


def write(folder: Path, stem: str, rules: str | None, cases: str | None) -> tuple[Path | None, Path | None]:
    """The rules and cases files written under the first number neither name has; (rules path, cases path).

    Each is created exclusively (``output.create_new``) and checked by its own parser;
    if either fails, neither is left behind.
    """
    from ..library import parse_file
    from .cases import parse_cases

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建文件夹：{os_problem(exc)}", path=folder) from None
    stem = (re.sub(r'[\\/:*?"<>|\s]+', "", stem) or "审阅稿")[:60]  # a name any filesystem takes
    wanted = [(k, text, check, what) for k, (text, check, what) in enumerate(
        ((rules, parse_file, "规则建议"), (cases, parse_cases, "测试用例"))) if text is not None]
    first = wanted[0][0]
    pairs: dict[Path, tuple[Path, Path]] = {}

    def names():
        for n in range(1, 10_000):
            pair = (folder / f"learn-{stem}-{n}.yaml", folder / f"learn-{stem}-{n}{CASES_SUFFIX}")
            if not any(p.exists() or p.is_symlink() for p in pair):
                pairs[pair[first]] = pair
                yield pair[first]

    written: list[Path] = []
    try:
        for k, text, check, what in wanted:
            data = text.encode("utf-8")
            if not written:
                path = create_new(names(), data, what)
                pair = pairs[path]
            else:
                path = create_new([pair[k]], data, what)
            written.append(path)
            check(path)  # our own output failing validation: nothing is left behind
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return (pair[0] if rules is not None else None, pair[1] if cases is not None else None)

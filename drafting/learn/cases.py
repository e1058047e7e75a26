"""Renew's rejected changes as test cases: the case file, validated with file and line, and the verifier.

A case is a paragraph as renew read it, the years it was renewed between, the
expression renew changed and the change the reviewer rejected. ``verify`` runs
renew's year logic on the paragraph alone and says whether renew still makes
that change: a case that passes shows a rule has been fixed, one that does not
is a rule still to fix. ``python -m drafting.learn CASES.yaml`` verifies a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from ..model import Calendar, Edit, Paragraph

CASE_KEYS = frozenset({"text", "from", "to", "expression", "start", "rejected", "kind", "title", "where"})


@dataclass(frozen=True)
class Case:
    """A change renew made and a reviewer rejected."""

    text: str  # the paragraph as renew read it
    source_year: int
    target_year: int
    expression: str  # what renew changed ("" where it inserted words)
    rejected: str  # what renew changed it to
    start: int | None = None  # where the expression is in ``text``
    kind: str = ""
    title: bool = False  # the paragraph is the document's title
    where: str = ""  # the document and paragraph it came from
    line: int | None = None  # in the case file


@dataclass(frozen=True)
class Verdict:
    """What renew does with a case today."""

    case: Case
    still: bool  # renew still makes the rejected change
    made: Edit | None = None  # the edit it makes on the expression, if any


def parse_cases(path: Path) -> tuple[Case, ...]:
    """The cases of a case file, validated; ``DataError`` with file and line otherwise."""
    from ..yamlfile import load

    root = load(path)
    top = root.mapping("文件顶层", {"cases"}, required=("cases",))
    out = []
    for node in top["cases"].sequence("cases"):
        m = node.mapping("用例", CASE_KEYS, required=("text", "from", "to", "expression", "rejected"))
        text = m["text"].text("text（段落原文）")
        source = m["from"].integer("from（原文年份）", low=1949, high=2100)
        target = m["to"].integer("to（目标年份）", low=1949, high=2100)
        if target <= source:
            raise m["to"].fail(f"目标年份（{target}）应晚于原文年份（{source}）")
        start = m["start"].integer("start（表述在段落中的位置）", low=0) if "start" in m else None
        # empty: renew inserted words (、五中) at ``start``
        expression = m["expression"].text("expression（被改动的表述）", empty=start is not None)
        if start is not None and start > len(text):
            raise m["start"].fail(f"位置 {start} 超出了段落的长度（{len(text)} 个字）")
        if start is not None and text[start:start + len(expression)] != expression:
            raise m["start"].fail(f"段落第 {start} 个字起不是“{expression}”")
        if start is None and expression not in text:
            raise m["expression"].fail(f"段落中没有“{expression}”")
        out.append(Case(
            text, source, target, expression, m["rejected"].text("rejected（被拒绝的改法）", empty=True), start,
            m["kind"].text("kind") if "kind" in m else "",
            m["title"].boolean("title（是否标题）") if "title" in m else False,
            m["where"].text("where（出处）") if "where" in m else "", node.line,
        ))
    return tuple(out)


def verify(case: Case, calendar: Calendar) -> Verdict:
    """Whether renew, run on the case's paragraph alone, still makes the change the reviewer rejected."""
    from ..renew import renew

    start = case.start if case.start is not None else case.text.find(case.expression)
    renewal = renew([Paragraph(0, case.text, block=0, offset=0)], calendar, case.source_year, case.target_year,
                    title_index=0 if case.title else None)
    end = start + len(case.expression)
    made = next((e for e in renewal.edits if e.new is not None and e.start < max(end, start + 1)
                 and start < max(e.end, e.start + 1)), None)
    still = made is not None and made.old == case.expression and made.new == case.rejected
    return Verdict(case, still, made)


def verify_file(path: Path, calendar: Calendar) -> list[Verdict]:
    """Every case of the file ``path`` verified."""
    return [verify(case, calendar) for case in parse_cases(path)]


def main(argv=None) -> int:
    """``python -m drafting.learn CASES.yaml…``: say for each case whether renew still makes the rejected change."""
    import sys

    from ..library import load_library

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("用法：python -m drafting.learn 用例文件.yaml …", file=sys.stderr)
        return 2
    calendar = load_library().calendar
    still = 0
    try:
        for arg in args:
            for v in verify_file(Path(arg), calendar):
                c = v.case
                mark = "仍会改" if v.still else "已不再改"
                still += v.still
                print(f"{arg}:{c.line}: {mark}：“{c.expression}”→“{c.rejected}”（{c.source_year}→{c.target_year}年）")
    except DataError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    return 1 if still else 0

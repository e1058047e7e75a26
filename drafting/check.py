"""Checks: what a careful reviewer would mark in a draft, as ``Finding`` values.

Pure: it takes the ``Paragraph`` values a reader produced and the rules from the
library, does no I/O and never sees Word XML. The document is parsed first
(``parse.parse_paragraphs``), which already finds advertising, a pasted second
copy, numbering gaps and year mismatches; the detectors here look at what
parsing kept as the document proper, so nothing in a reseller's banner or in the
pasted copy is reported twice.

A detector is a function ``(CheckContext) -> Iterable[Finding]``; ``DETECTORS``
lists them in order, and adding a check is adding a function to it. The
detectors live in ``drafting.rules``, one module per family; their data (typos,
的/得/地 patterns, words rightly doubled, placeholder forms, case words) in the
library's rule files (``CheckRules``). A detector builds its findings with
``Line.finding`` (or sets ``paragraph`` and ``excerpt`` itself), one per spot;
``check_paragraphs`` then gives each finding the severity of its code
(``SEVERITY``), makes sure its excerpt is an exact substring of the paragraph's
text at ``start``, so a comment or a tracked change can be anchored on it, and
merges the frequent codes (``GROUPED``) into one finding per paragraph.

Codes besides the parser's (see ``parse``):

``typo``
    a known wrong form from the library's ``typos`` lists, or 的 for 得/地 in one of
    its ``de`` patterns (讲的很好, 清醒的认识到); the suggestion is the right form.
``repeated-word``
    a word of two or more characters written twice in a row (总书记总书记), unless
    the library lists it as rightly doubled (研究研究); the suggestion deletes one.
``halfwidth-punctuation``
    an ASCII , : ; ( ) ? ! " beside Chinese text (not inside numbers, times, URLs or
    English), or a "." ending a Chinese sentence; the suggestion is the full-width
    character (“ or ” for a straight quote, by pairing; 。 for the full stop). One
    finding per paragraph, with every spot in ``positions``.
``stray-space``
    a space between two Han characters in running text (from a PDF copy); not in
    titles, short lines, tables, quotations or between parallel halves. One
    finding per paragraph, like half-width punctuation.
``unbalanced-quote``
    a “ ” ‘ ’ 《 》 （ ） without its partner in the same paragraph.
``numbering-style``
    a first-level number written 一. or 一， (not 一、), numbers of the item level
    written two ways (``1．`` and ``1、``; of ``1．`` and ``1.`` the form the unit's
    layout writes, ``ordinal_mark``, is the one to keep), or a level nested under a
    lower one of the GB/T 9704 hierarchy 一、 → （一） → 1． → （1）. A document
    that writes ``1.`` throughout is not reported: GB/T 15834—2011 B.3.3 asks for
    the 下脚点 and says nothing of its width.
``template-leftover``
    ``{{``, ``{%``, ``{#`` or a snippet parameter name left in the text.
``placeholder``
    a placeholder (``rules.placeholders.PLACEHOLDER``: ×, XX, **, 某某, 某县, X同志, a
    redaction _, and the library's ``placeholders``), one finding per paragraph and
    form, 某 forms not in a paragraph telling a case; or wording left empty: a pair
    of quotation marks, title marks or brackets with nothing between them (“”, 《》,
    （）), or 贯彻 with nothing to carry out (全面贯彻，) — what a template leaves
    when a fact of the year is missing.
``duplicate-text``
    (besides a pasted second copy) a paragraph, or a long passage, repeated.

The sourced rule set (``rules:`` in the library's 检查规则*.yaml, ``rules.ruleset``)
adds the codes its rules name, each finding carrying its rule's id (``Finding.rule``)
and the rule's own severity; the bundled rules use:

``punctuation-usage``
    GB/T 15834 标点符号用法: the ellipsis, doubled or stacked marks, 、 between
    paired title marks or quotes, 、等 after a closed list, a mark opening a paragraph.
``number-usage``
    GB/T 15835 出版物上数字用法: abbreviated years, leading zeros in Chinese dates,
    ranges of percentages, fixed terms written with Chinese numerals.
``standard-wording``
    规范提法: the exact forms of the Party's fixed formulations.
``banned-word``
    禁用词和慎用词 (新华社's published list, the entries that apply to a Party
    organisation's documents): flagged, never corrected.

A rule holds for the year the user gave, else the document's own; for a document
of unknown year (and a snippet linted on its own) only the undated rules apply: a
dated one may be wrong for the year the text is really for, and precision comes first.
Findings of one rule in one paragraph are grouped like the ``GROUPED`` codes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from itertools import chain
from typing import Iterable

from .model import BINDING_LEVELS, Calendar, CheckRules, Finding, Paragraph, Rule
from .rules.base import CheckContext, Detector, Line
from .rules.placeholders import empty_wording, placeholders
from .rules.punctuation import halfwidth_punctuation, stray_spaces, unbalanced_quotes
from .rules.names import unit_names
from .rules.checkers import rule_checkers
from .rules.ruleset import rule_set
from .rules.structure import numbering_style, parser_findings, repeated_passages, stale_references, template_leftovers
from .rules.words import de_misuse, repeated_words, typos
from .gongwen.checks import CODE_NAMES as _GONGWEN_CODE_NAMES, gongwen_layout
from .gongwen.titlecheck import title_layout

__all__ = [
    "CODE_NAMES", "DETECTORS", "GROUPED", "REQUIRED", "SEVERITY", "SUGGESTED", "CheckContext", "Detector", "Line",
    "check_paragraphs", "kind", "kinds",
    "empty_wording", "group_findings", "halfwidth_punctuation", "has_errors", "tally", "template_leftovers",
    "to_json", "typos", "unbalanced_quotes",
]

ERROR, WARNING, INFO = "error", "warning", "info"

#: What a reviewer does with each code: an error blocks the draft (exit code 1),
#: a warning is worth fixing, info is for the record. Codes not listed keep the
#: severity their detector gave.
SEVERITY = {
    "year-mismatch": ERROR,
    "stale-reference": ERROR,
    "template-leftover": ERROR,
    "placeholder": ERROR,
    "numbering-gap": ERROR,
    "numbering-duplicate": ERROR,
    "numbering-order": ERROR,
    "ad-text": ERROR,
    "duplicate-text": ERROR,
    "typo": WARNING,
    "repeated-word": WARNING,
    "halfwidth-punctuation": WARNING,
    "stray-space": WARNING,
    "unbalanced-quote": WARNING,
    "numbering-style": WARNING,
    "no-sections": INFO,
    "extra-text": INFO,
}

#: What each code is called where a reader sees it: the comments of an annotated copy.
CODE_NAMES = {
    "year-mismatch": "年份不一致",
    "stale-reference": "过时提法",
    "template-leftover": "模板残留",
    "placeholder": "占位符",
    "numbering-gap": "编号跳号",
    "numbering-duplicate": "编号重复",
    "numbering-order": "编号顺序",
    "ad-text": "广告文字",
    "duplicate-text": "重复粘贴",
    "typo": "错别字",
    "repeated-word": "重复字词",
    "halfwidth-punctuation": "半角标点",
    "stray-space": "多余空格",
    "unbalanced-quote": "引号不配对",
    "numbering-style": "编号格式",
    "punctuation-usage": "标点用法",
    "number-usage": "数字用法",
    "standard-wording": "规范提法",
    "banned-word": "禁用词和慎用词",
    "other-org-name": "其他单位名称",
    "org-name": "本单位名称",
    "person-title": "人员职务",
    "org-first-mention": "本单位名称首次出现",
    "no-sections": "没有分部分",
    "extra-text": "多余文字",
    "title-break": "标题回行",
    "title-shape": "标题排列",
}
CODE_NAMES.update(_GONGWEN_CODE_NAMES)

#: Codes found by the dozen in one paragraph: reported once per paragraph, with a
#: count and every spot (``Finding.positions``); ``--fix`` still corrects each spot.
GROUPED = {
    "halfwidth-punctuation": "半角标点",
    "stray-space": "汉字之间多余的空格",
}

#: The detectors, in order. A new check is a function appended here.
DETECTORS: list[Detector] = [
    parser_findings,
    repeated_passages,
    placeholders,
    typos,
    de_misuse,
    repeated_words,
    halfwidth_punctuation,
    stray_spaces,
    unbalanced_quotes,
    numbering_style,
    template_leftovers,
    empty_wording,
    stale_references,
    rule_set,
    unit_names,
    rule_checkers,
    gongwen_layout,
    title_layout,
]


#: Detectors (by function name) that read one paragraph at a time: they also run on
#: headers, footers, footnotes, endnotes and text boxes. The others read the
#: document's structure, which is the body's alone.
PER_PARAGRAPH = frozenset({"typos", "de_misuse", "repeated_words", "placeholders", "halfwidth_punctuation",
                           "stray_spaces", "unbalanced_quotes", "template_leftovers", "empty_wording",
                           "stale_references", "rule_set"})


def check_paragraphs(paragraphs: list[Paragraph], *, year: int | None, rules: CheckRules,
                     calendar: Calendar | None = None,
                     detectors: Iterable[Detector] | None = None, grouped: bool = True,
                     ordinal_mark: str | None = None) -> list[Finding]:
    """Everything the detectors find in a document, in reading order, each anchored on its text.

    ``year`` is the year the document is for, if the user said so; ``calendar`` is
    the political calendar for checks against the year's facts; ``ordinal_mark`` the
    form of the 下脚点 after an item's number the unit's layout writes (．or .), which
    a document writing both forms is told to keep to. With ``grouped``
    the codes of ``GROUPED`` come once per paragraph (``group_findings``);
    without, one finding per spot, as ``--fix`` corrects them.
    """
    paragraphs = list(paragraphs)
    from .parse import parse_paragraphs  # not at import: lint uses the detectors, not the parser

    parsed = parse_paragraphs(paragraphs, year=year, ads=rules.ads)
    texts = {p.index: p.text for p in paragraphs}
    lines = tuple(_line(index, kept, texts.get(index, kept)) for index, kept in parsed.lines)
    ctx = CheckContext(tuple(paragraphs), lines, parsed, year, rules, calendar, ordinal_mark)
    others = tuple(_line(p.index, p.text.strip(), p.text) for p in paragraphs if p.part != "body" and p.text.strip())
    found: dict[tuple, Finding] = {}
    for detect in DETECTORS if detectors is None else detectors:
        per_part = others and getattr(detect, "__name__", "") in PER_PARAGRAPH
        for finding in chain(detect(ctx), detect(replace(ctx, lines=others)) if per_part else ()):
            finding = _anchor(finding, texts, lines[0] if lines else None)
            if finding is None:
                continue
            if not finding.rule:  # a rule of the rule set keeps its own severity
                finding = replace(finding, severity=SEVERITY.get(finding.code, finding.severity))
            found.setdefault((finding.code, finding.paragraph, finding.start, finding.excerpt), finding)
    out = sorted(found.values(), key=lambda f: (f.paragraph is None, f.paragraph or 0, f.start or 0))
    return group_findings(out) if grouped else out


def group_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings with those of a ``GROUPED`` code merged into one per paragraph.

    A paragraph's one spot stays as it is; several become one finding on the
    first, whose message gives the count and whose ``positions`` hold every spot.
    """
    findings = list(findings)
    spots: dict[tuple[str, str, int | None], list[Finding]] = {}
    for f in findings:
        if f.code in GROUPED or f.rule:
            spots.setdefault((f.code, f.rule, f.paragraph), []).append(f)
    out = []
    for f in findings:
        group = spots.get((f.code, f.rule, f.paragraph)) if f.code in GROUPED or f.rule else None
        if group is None or len(group) == 1:
            out.append(f)
        elif group[0] is f:
            out.append(_merged(group))
    return out


def _merged(group: list[Finding]) -> Finding:
    first = group[0]
    if first.rule:
        return replace(first, message=f"{first.message}（本段共 {len(group)} 处）", suggestion=None,
                       positions=tuple(f.start for f in group))
    detail = ""
    if first.code == "halfwidth-punctuation":
        kinds = Counter(f.excerpt for f in group).most_common()
        detail = "（" + "、".join(f"“{k}”{n} 处" if n > 1 else f"“{k}”" for k, n in kinds) + "）"
    fix = "，应改为中文标点" if first.code == "halfwidth-punctuation" else "，应删去"
    message = f"本段有 {len(group)} 处{GROUPED[first.code]}{detail}{fix}"
    return replace(first, message=message, suggestion=None, positions=tuple(f.start for f in group))


def tally(findings: Iterable[Finding]) -> dict[str, Counter]:
    """How many spots of each code, by severity (a grouped finding counts all its spots)."""
    out: dict[str, Counter] = {ERROR: Counter(), WARNING: Counter(), INFO: Counter()}
    for f in findings:
        out.setdefault(f.severity, Counter())[f.code] += len(f.positions) or 1
    return out


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding is an error (``draft check`` then exits with 1)."""
    return any(f.severity == ERROR for f in findings)


#: What a finding is, as GONGWEN reports it: “规定” when a rule of 条例, 国标 or 标准 requires
#: it (``BINDING_LEVELS``), “建议” for everything else (policy, house practice, the built-in checks).
REQUIRED, SUGGESTED = "规定", "建议"


def kind(finding: Finding, rules: dict[str, Rule]) -> str:
    """“规定” if the finding's rule (from ``rules``, by id) is a 条例/国标/标准 one, else “建议”."""
    rule = rules.get(finding.rule) if finding.rule else None
    return REQUIRED if rule is not None and rule.level in BINDING_LEVELS else SUGGESTED


def kinds(findings: Iterable[Finding], rules: Iterable[Rule] = ()) -> Counter:
    """How many spots are “规定” and how many “建议” (a grouped finding counts all its spots)."""
    by_id = {r.id: r for r in rules}
    out: Counter = Counter({REQUIRED: 0, SUGGESTED: 0})
    for f in findings:
        out[kind(f, by_id)] += len(f.positions) or 1
    return out


def to_json(findings: Iterable[Finding], rules: Iterable[Rule] = ()) -> dict:
    """The findings as plain JSON data (the shape ``draft check --json`` prints).

    Each finding names the rule it comes from (``rule``, "" for a built-in check)
    and, when ``rules`` holds it, the rule's ``level`` and ``source``; ``kind`` is
    “规定” or “建议”.
    """
    by_id = {r.id: r for r in rules}
    findings = list(findings)
    return {"findings": [
        {"code": f.code, "severity": f.severity, "message": f.message, "paragraph": f.paragraph,
         "excerpt": f.excerpt, "suggestion": f.suggestion,
         "positions": list(f.positions or ((f.start,) if f.start is not None else ())),
         "count": len(f.positions) or 1,
         "rule": f.rule, "level": by_id[f.rule].level if f.rule in by_id else "",
         "source": by_id[f.rule].source if f.rule in by_id else "",
         "kind": kind(f, by_id)}
        for f in findings
    ]}


def _line(index: int, kept: str, text: str) -> Line:
    offset = text.find(kept)
    if offset < 0:  # advertising was taken out of the middle: the checks read the whole paragraph
        kept = text.strip()
        offset = text.find(kept)
    return Line(index, kept, offset)


def _anchor(finding: Finding, texts: dict[int, str], first: Line | None) -> Finding | None:
    """The finding with a paragraph and an excerpt that stands in its text at ``start``."""
    if finding.paragraph is None or finding.paragraph not in texts:
        if first is None:  # a document without text: nothing to anchor on, nothing to report
            return None
        # about the whole document: anchored on the start of its first line
        return replace(finding, paragraph=first.index, excerpt=first.text[:10], start=first.offset,
                       suggestion=None)
    text = texts[finding.paragraph]
    excerpt, start = finding.excerpt, finding.start
    if excerpt and start is not None and text.startswith(excerpt, start):
        return finding
    if excerpt and excerpt in text:
        return replace(finding, start=text.index(excerpt))
    # not found as given: anchor on the longest start of the excerpt that is there
    for size in range(len(excerpt) - 1, 0, -1):
        if excerpt[:size].strip() and excerpt[:size] in text:
            return replace(finding, excerpt=excerpt[:size], start=text.index(excerpt[:size]), suggestion=None)
    stripped = text.strip()
    return replace(finding, excerpt=stripped[:10], start=text.find(stripped[:10]) if stripped else 0,
                   suggestion=None)

"""Jobs on an existing document: read, parse, check, renew (as tracked changes), preview,
and a speech's coverage of a plan.

The document itself is never modified: what a job writes is a copy.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from ..errors import InputError
from ..model import Edit, Finding, Outline, Paragraph, Rule
from ..numerals import date_cn
from ..output import fit_name
from ..yearfacts import require_covered
from .common import _check_output, _input_file, _trimmed, check_value, library, ordinal_mark, settings

T = TypeVar("T")

if TYPE_CHECKING:
    from ..coverage import Coverage
    from ..compare import Share
    from ..parse import Parsed
    from ..gongwen.verify import Verification
    from ..preview import Preview
    from ..renew import Renewal


def _read(path: Path) -> list[Paragraph]:
    """The paragraphs of a document to check, parse or harvest; one without any text is refused."""
    # Only the jobs that read documents load the reader (and lxml for .docx).
    from ..reader import read_paragraphs

    _input_file(path)
    paragraphs = read_paragraphs(path)
    if not paragraphs:
        raise InputError("文件中没有文字", path=path, hint="请确认选对了文件；扫描件、图片中的文字无法读取。")
    return paragraphs


def parse_file(path: Path, extra: tuple[Path, ...] = ()) -> Parsed:
    """Read an existing plan or speech (.docx or .txt) and recover its outline, with findings."""
    # The parser's ~10 ms of regex compiling stays out of every other command's start-up.
    from ..parse import parse_paragraphs

    paragraphs = _read(path)
    return parse_paragraphs(paragraphs, ads=library(extra).checks.ads)


@dataclass(frozen=True)
class Checked:
    """What ``draft check`` found in one document (which is never modified)."""

    path: Path
    paragraphs: tuple[Paragraph, ...]
    findings: tuple[Finding, ...]
    #: the annotated or corrected copy, if one was asked for
    written: Path | None = None
    fixed: int = 0
    #: findings that could not be placed in the copy (in a field, in another reviewer's revision)
    unplaced: tuple[Finding, ...] = ()
    #: of ``fixed``, the changes a mechanical rule of the rule set made
    fixed_by_rule: int = 0
    #: the rule set the findings' ``rule`` ids name
    rules: tuple[Rule, ...] = ()

    @property
    def has_errors(self) -> bool:
        """Whether a finding is an error: the draft should not go up as it is."""
        from ..check import has_errors

        return has_errors(self.findings)


def select_codes(value: str | None, extra: tuple[Path, ...] = (), *, option: str = "--only") -> tuple[str, ...]:
    """``--only``/``--skip``'s comma-separated codes or rule ids, each checked against what ``check`` knows."""
    from ..check import CODE_NAMES

    if value is None:
        return ()
    wanted = tuple(dict.fromkeys(v.strip() for v in re.split(r"[,，、]", value) if v.strip()))
    if not wanted:
        raise InputError(f"{option} 后面应写出问题代码，多个用逗号隔开")
    rules = library(extra).checks.rules
    codes = dict.fromkeys([*CODE_NAMES, *(r.code for r in rules)])
    unknown = [v for v in wanted if v not in codes and all(v != r.id for r in rules)]
    if unknown:
        listed = "、".join(f"{c}（{CODE_NAMES.get(c, c)}）" for c in codes)
        raise InputError(f"{option} 中有未知的问题代码：{'、'.join(unknown)}",
                         hint=f"可用的代码：{listed}；也可以写规则 id（draft check --rules 列出）")
    return wanted


#: What ``draft check --fix`` corrects as tracked changes: mechanical, one character.
FIXABLE = frozenset({"halfwidth-punctuation"})


def _unit_names(names, org: str | None, orgs: Path | None, cfg):
    """The library's names with --org, draft.yaml's unit and a batch's organisations folded in."""
    from ..rules.names import resolved_names

    units: tuple[tuple[str, ...], ...] = ()
    superiors: tuple[str, ...] = ()
    if orgs is not None:
        from ..orgs import load_orgs

        _input_file(orgs)
        listed = load_orgs(orgs)
        units = tuple((o.name, o.short) if o.short else (o.name,) for o in listed)
        superiors = tuple(dict.fromkeys(o.superior for o in listed if o.superior))
    if cfg.superior:
        superiors += (cfg.superior,)
    return resolved_names(names, org=_trimmed(org) if org else None, units=units, superiors=superiors,
                          settings=(cfg.org, cfg.org_short))


def check_rules(lib) -> tuple:
    """The rules a check's findings cite: the library's rule set, then the names detector's (``NAME_RULES``)."""
    from ..rules.names import NAME_RULES

    return (*lib.checks.rules, *NAME_RULES)


def check_file(path: Path, *, year: int | None = None, extra: tuple[Path, ...] = (),
               annotate: bool = False, fix: bool = False, output: Path | None = None,
               author: str | None = None, force: bool = False, only: tuple[str, ...] = (),
               skip: tuple[str, ...] = (), explain: bool = False, org: str | None = None,
               orgs: Path | None = None) -> Checked:
    """Check a plan or speech (.docx or .txt) for what a reviewer would mark.

    ``only``/``skip`` keep or drop findings by code or rule id (``select_codes``
    checks them first). With ``fix``, half-width punctuation and every mechanical
    rule's spots become tracked changes; with ``explain`` too, each change of a rule
    carries a comment citing the rule's source.

    ``year`` is the year the document should be for; the typo and advertising lists
    come from the bundled library and the unit's folders. With ``annotate`` every
    finding becomes a Word comment on its text, with ``fix`` half-width punctuation
    is corrected as tracked changes, both in a copy written to ``output``; the
    document itself is never modified.

    ``org`` is whose document it is (else draft.yaml's unit, else the library's
    ``names``); ``orgs`` a batch's list of organisations, whose names in a document
    of another unit are flagged (``rules.names``).
    """
    from ..check import CODE_NAMES, REQUIRED, check_paragraphs, group_findings, kind

    if (annotate or fix) and output is not None:
        _check_output(output)
    if annotate or fix:
        check_value(author, "--author")
        author = _trimmed(author)
    paragraphs = _read(path)
    cfg = settings()
    lib = library(extra, cfg)
    if year is not None:
        require_covered(lib.calendar, year)
    rules = replace(lib.checks, names=_unit_names(lib.checks.names, org, orgs, cfg))
    # one finding per spot, as --fix corrects them; the report groups the frequent ones
    spots = check_paragraphs(paragraphs, year=year, rules=rules, calendar=lib.calendar, grouped=False,
                             ordinal_mark=ordinal_mark(cfg))
    if only or skip:
        spots = [f for f in spots if (not only or f.code in only or f.rule in only)
                 and not (f.code in skip or f.rule in skip)]
    findings = group_findings(spots)
    known = check_rules(lib)
    by_id = {r.id: r for r in known}
    mechanical = {i: r for i, r in by_id.items() if r.mechanical}
    if not (annotate or fix):
        return Checked(path, tuple(paragraphs), tuple(findings), rules=known)
    out = output or path.with_name(fit_name(path.stem, f"-{'批注' if annotate else '修正'}.docx"))
    edits: list[Edit] = []
    sources: list[Finding] = []
    changed: dict[tuple, int] = {}  # (paragraph, start) of a spot corrected → its edit
    if fix:
        taken: dict[int, list[tuple[int, int]]] = {}  # spans changed per paragraph: no two edits overlap
        for f in spots:
            fixable = f.rule in mechanical if f.rule else f.code in FIXABLE
            if fixable and f.suggestion is not None and f.start is not None and f.excerpt:
                end = f.start + len(f.excerpt)
                if any(s < end and f.start < e for s, e in taken.get(f.paragraph, ())):
                    continue
                taken.setdefault(f.paragraph, []).append((f.start, end))
                rule = mechanical.get(f.rule)
                note = f"［{rule.id}］依据：{rule.level}，{rule.source}" if explain and rule is not None else None
                changed[(f.paragraph, f.start)] = len(edits)
                edits.append(Edit(f.paragraph, f.start, end, f.excerpt, f.suggestion, note, f.code))
                sources.append(f)
    if annotate:
        for f in findings:
            if f.paragraph is None or f.start is None or not f.excerpt:
                continue
            at = changed.get((f.paragraph, f.start)) if (f.rule in mechanical if f.rule else f.code in FIXABLE) \
                else None
            advice = f"\n建议：{f.suggestion}" if f.suggestion and at is None else ""
            rule = by_id.get(f.rule)
            cited = f"\n依据：{rule.level}，{rule.source}（规则 {rule.id}）" if rule is not None else ""
            # marked as the report marks it: only what a regulation or standard requires
            required = f"〔{REQUIRED}〕" if kind(f, by_id) == REQUIRED else ""
            note = f"［{CODE_NAMES.get(f.code, f.code)}］{f.message}{required}{advice}{cited}"
            if at is not None:  # a corrected spot carries the comment on its change
                edits[at] = replace(edits[at], comment=note)
                sources[at] = f
            else:
                edits.append(Edit(f.paragraph, f.start, f.start + len(f.excerpt), f.excerpt, None, note, f.code))
                sources.append(f)
    applied = _write_revised(path, paragraphs, edits, out, ads=lib.checks.ads, author=author, force=force)
    placed = {id(e) for e in applied.placed}
    unplaced = tuple(dict.fromkeys(f for e, f in zip(edits, sources) if id(e) not in placed))
    fixed = sum(1 for e in applied.placed if e.new is not None)
    by_rule = sum(1 for e, f in zip(edits, sources) if id(e) in placed and e.new is not None and f.rule)
    return Checked(path, tuple(paragraphs), tuple(findings), applied.path, fixed, unplaced, by_rule, known)


@dataclass(frozen=True)
class Covered:
    """How a speech deploys a plan (``draft check 讲话稿 --plan 工作要点``)."""

    speech: Path
    plan: Path
    coverage: Coverage


def coverage(speech_path: Path, plan_path: Path, extra: tuple[Path, ...] = ()) -> Covered:
    """Which tasks of a plan a speech deploys and which it does not mention, read as ``check`` reads both.

    A ``--plan`` document that is not a plan, or a checked one that is not a speech,
    is refused; so is a plan without items or a speech without sections.
    """
    from ..coverage import cover
    from ..model import GENRE_NAMES, PLAN, SPEECH
    from ..parse import parse_paragraphs

    lib = library(extra)
    speech = parse_paragraphs(_read(speech_path), ads=lib.checks.ads).outline
    plan = parse_paragraphs(_read(plan_path), ads=lib.checks.ads).outline
    if speech.genre != SPEECH:
        raise InputError(f"要对照工作要点检查的应是讲话稿，这份文稿看来是{GENRE_NAMES[speech.genre]}", path=speech_path,
                         hint="用法：draft check 讲话稿.docx --plan 工作要点.docx")
    if plan.genre != PLAN:
        raise InputError(f"--plan 给出的应是工作要点，这份文稿看来是{GENRE_NAMES[plan.genre]}", path=plan_path,
                         hint="用法：draft check 讲话稿.docx --plan 工作要点.docx")
    if not plan.items():
        raise InputError("工作要点中没有识别出条目（如“1．……”“（一）……”），无法逐项对照", path=plan_path,
                         hint="可先用 draft parse 查看识别出的结构。")
    if not speech.sections:
        raise InputError("讲话稿中没有识别出“一、……”这样的部分，无法逐部分对照", path=speech_path,
                         hint="可先用 draft parse 查看识别出的结构。")
    tags = [t for s in lib.snippets.values() for t in s.tags]
    found = cover(plan, speech, cues=lib.keywords.values(), terms=lib.terms, tags=tags)
    return Covered(speech_path, plan_path, found)


@dataclass(frozen=True)
class Renewed:
    """What ``draft renew`` did: the copy written, the decisions, what could not be placed."""

    source: Path
    path: Path
    renewal: Renewal
    skipped: tuple[Edit, ...]
    notes: tuple[str, ...]
    #: the source's paragraphs as read (where each entry stands: body, header, footer …)
    paragraphs: tuple[Paragraph, ...] = ()
    #: the renewed body's characters unchanged from the source and changed by the renewal
    carried: Share | None = None


_YEAR_IN_NAME = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


def renewed_name(source: Path, source_year: int, target_year: int) -> Path:
    """Beside the source: its name with the year moved on, or with the new year added."""
    stem, tail = source.stem, ".docx"
    if str(source_year) in stem:
        stem = stem.replace(str(source_year), str(target_year))
    elif _YEAR_IN_NAME.search(stem):
        stem = _YEAR_IN_NAME.sub(str(target_year), stem, count=1)
    if stem == source.stem:
        tail = f"-{target_year}年.docx"
    return source.with_name(fit_name(stem, tail))


#: Who the revisions and comments the tool writes are by, unless --author or draft.yaml's speaker says.
DEFAULT_AUTHOR = "起草助手"

#: Last characters of a unit's name that a parsed org's trailing 机关 may follow (市统计局机关).
_ORG_TAILS = frozenset("局委办厅部院")


def renew(source: Path, *, year: int | None = None, from_year: int | None = None,
          org: str | None = None, from_org: str | None = None, output: Path | None = None,
          author: str | None = None, extra: tuple[Path, ...] = (), force: bool = False,
          now: _dt.datetime | None = None, place: Callable[[int, int, Callable[[Path], T]], T] | None = None,
          ) -> Renewed:
    """This year's draft from last year's document, as tracked changes and comments in a copy.

    ``place(source_year, target_year, write)``, when given, chooses where the copy
    goes once the years are known (``draft serve``'s work folder) by calling ``write(path)``.
    """
    from ..parse import parse_paragraphs, title_index
    from ..renew import renew as decide

    if output is not None:
        _check_output(output)
    for value, option in ((author, "--author"), (org, "--org"), (from_org, "--from-org")):
        check_value(value, option)
    author, org, from_org = map(_trimmed, (author, org, from_org))
    paragraphs = _read(source)
    lib = library(extra)
    # read as parse and check read it: the unit's advertising phrases are not the document
    parsed = parse_paragraphs(paragraphs, ads=lib.checks.ads)
    outline = parsed.outline
    s = from_year or outline.year
    if s is None:
        raise InputError("无法从原文判断它是哪一年的文稿", path=source, hint="请用 --from-year 指定，如 --from-year 2025")
    y = year or s + 1
    if y <= s:
        raise InputError(f"目标年份（{y}年）应晚于原文年份（{s}年）", path=source,
                         hint="原文年份识别有误时，请用 --from-year 指定")
    rename = None
    if org:
        old = from_org or outline.org
        if not old:
            raise InputError("原文中没有识别出单位名称，无法替换", path=source, hint="请用 --from-org 给出原单位名称")
        if (not from_org and old.endswith("机关") and not org.endswith("机关") and len(old) >= 5
                and old[-3] in _ORG_TAILS):
            old = old[:-2]  # 市统计局机关 (its 机关党建) → the 局 itself, so its 机关 stays where written
        if old != org:
            rename = (old, org)
    require_covered(lib.calendar, y)
    title = title_index(paragraphs, outline)
    running = _running_titles(paragraphs, outline.title, s)
    renewal = decide([p for p in paragraphs if p.index not in running], lib.calendar, s, y, title_index=title,
                     org=rename, repeat_from=_repeat_start(parsed, paragraphs), site=_site_lines(parsed),
                     case_words=lib.checks.case_words)
    for p in paragraphs:
        if p.index in running:  # a running head's year is the document's own, as in the title
            renewal = _merged(renewal, decide([p], lib.calendar, s, y, title_index=p.index, org=rename,
                                              case_words=lib.checks.case_words))

    carried, top = _carried_over(parsed, paragraphs, renewal, title, s)

    def write(out: Path):
        return _write_revised(source, paragraphs, renewal.edits + top, out, outline=outline, author=author,
                              force=force, now=now, renewed=(s, y, title))

    if place is not None and output is None:
        applied = place(s, y, write)
    else:
        applied = write(output or renewed_name(source, s, y))
    notes = list(renewal.notes)
    if year is None:
        notes.insert(0, f"未指定目标年份（--year），按{y}年更新。")
    if from_year is None:
        notes.insert(0, f"原文年份按{s}年识别；如有误，请用 --from-year 指定。")
    return Renewed(source, applied.path, renewal, applied.skipped, tuple(notes), tuple(paragraphs), carried)


def _carried_over(parsed: Parsed, paragraphs, renewal, title: int | None, source_year: int):
    """The share of the renewed draft that is the source unchanged, and the one comment saying so at its top."""
    from ..compare.renewal import renewal_share, top_anchor

    from ..compare.share import MIN_PART

    share = renewal_share(parsed.outline, paragraphs, renewal.edits)
    if share.total < MIN_PART:  # a few lines: a share says nothing worth a comment
        return share, ()
    by_index = {p.index: p for p in paragraphs}
    # the title; when renew left it as it was, the first paragraph it changes or asks about, so that a
    # paragraph without a decision of renew's stays exactly as it was
    edited = sorted({e.paragraph for e in renewal.edits if by_index[e.paragraph].part == "body"})
    first = title if title is not None and (title in edited or not edited) else (
        edited[0] if edited else next((i for i, _ in parsed.lines if by_index[i].part == "body"), None))
    span = top_anchor(by_index[first], renewal.edits) if first is not None else None
    if span is None:
        return share, ()
    note = (f"本稿约 {share.percent(share.same):.0f}% 的文字与{source_year}年原文相同（不含年份等表述的更新），"
            "请结合今年的新形势、新任务重点修改。")
    text = by_index[first].text
    return share, (Edit(first, span[0], span[1], text[span[0]:span[1]], None, note, "carry-over"),)


#: The name a running head gives the document after its year: "2016年工作要点".
_RUNNING_NAME = re.compile(r"\s*年度?\s*([\u4e00-\u9fff]{2,})")


def _running_titles(paragraphs, title: str | None, year: int) -> set[int]:
    """Headers and footers that name the document by its year and title's last words ("2016年工作要点").

    Their year is the document's own, like the title's. A year in a header or
    footer followed by anything else (a date, another name) is left to the usual
    rules, which ask rather than change.
    """
    if not title or f"{year}" not in title:
        return set()
    tail = title.rsplit(f"{year}", 1)[1].lstrip("年度 ")
    found = set()
    for p in paragraphs:
        if p.part not in ("header", "footer"):
            continue
        at = p.text.find(f"{year}")
        m = _RUNNING_NAME.match(p.text, at + 4) if at >= 0 else None
        # "工作要点" of "党建工作要点", or a longer name ending in the title's
        if m and tail and (tail.endswith(m[1]) or m[1].endswith(tail)):
            found.add(p.index)
    return found


def _merged(a, b):
    """Two renewals of disjoint paragraphs as one."""
    from dataclasses import replace

    return replace(a, edits=tuple(sorted(a.edits + b.edits, key=lambda e: (e.paragraph, e.start))),
                   entries=tuple(sorted(a.entries + b.entries, key=lambda e: e.paragraph)),
                   notes=tuple(dict.fromkeys(a.notes + b.notes)))


def _site_lines(parsed: Parsed) -> frozenset[int]:
    """Paragraphs parse took out whole as advertising or a web page's site lines (not ads inside a line)."""
    kept = {index for index, _ in parsed.lines}
    return frozenset(f.paragraph for f in parsed.findings
                     if f.code in ("ad-text", "extra-text") and f.paragraph is not None and f.paragraph not in kept)


def _repeat_start(parsed: Parsed, paragraphs) -> tuple[int, int] | None:
    """Where the parser found the whole text pasted a second time: (paragraph, offset)."""
    for f in parsed.findings:
        if f.code == "duplicate-text" and f.paragraph is not None and "粘贴" in f.message:
            if f.start is not None:
                return f.paragraph, f.start
            return f.paragraph, max(paragraphs[f.paragraph].text.find(f.excerpt), 0)
    return None


def _write_revised(source: Path, paragraphs, edits, out: Path, *, outline: Outline | None = None,
                   ads: tuple[str, ...] = (), author: str | None = None, force: bool = False,
                   now: _dt.datetime | None = None, renewed: tuple[int, int, int | None] | None = None):
    """``edits`` as tracked changes and comments: in a copy of a .docx, or a .txt laid into the template
    (styled by its ``outline``, else the outline parse finds with the advertising phrases ``ads``).

    ``renewed`` (source year, target year, title paragraph) marks renew's copy: it records the
    changes it proposes in its custom properties (``learn.record``), for ``draft learn`` to read back.
    """
    from ..reader import is_word_package
    from ..revise import revise_docx, revise_text

    when = now or _dt.datetime.now(_dt.timezone.utc)
    who = author or settings().speaker or DEFAULT_AUTHOR
    record = None
    if renewed is not None:
        from ..learn.record import RenewRecorder

        record = RenewRecorder(renewed[0], renewed[1], who, {p.index: p.text for p in paragraphs}, renewed[2])
    if is_word_package(source):
        return revise_docx(source, paragraphs, edits, out, author=who, when=when, force=force, record=record)
    from ..resources import template_path

    from ..parse import parse_paragraphs

    if outline is None:
        outline = parse_paragraphs(list(paragraphs), ads=ads).outline
    styles = _text_styles(paragraphs, outline)
    return revise_text(list(paragraphs), styles, edits, out, template=template_path(outline.genre),
                       author=who, when=when, force=force, source=source, record=record)


def _text_styles(paragraphs, outline: Outline) -> dict[int, str]:
    """Styles of the template for a .txt's paragraphs: title, headings on their own, signature."""
    from ..parse import source_index, title_index, title_lines

    styles: dict[int, str] = {}
    title = title_index(paragraphs, outline)
    # a title over two or three lines is styled whole, so the document reads back with the same title
    for index in title_lines(paragraphs, outline) if title is not None else ():
        styles[index] = "Title"
    if title is not None:
        styles[title] = "Title"
    by_index = {p.index: p for p in paragraphs}
    for section in outline.sections:
        index = source_index(section.source)
        para = by_index.get(index)
        if para is not None and section.heading and len(para.text) <= len(section.heading) + 6:
            styles[index] = "Heading1"
    tail = [p for p in paragraphs[-3:] if p.index not in styles]
    for p in tail:
        if outline.signature and p.text == outline.signature:
            styles[p.index] = "Signature"
        elif outline.date is not None and p.text.replace(" ", "") == date_cn(outline.date):
            styles[p.index] = "Date"
    return styles


def preview(file: Path, output: Path | None = None, *, force: bool = False, page: int = 1) -> Preview:
    """A PDF (default, beside the document) or PNG preview of a .docx through LibreOffice."""
    from ..preview import preview as run

    return run(file, output if output is not None else file.with_suffix(".pdf"), force=force, page=page)


def page_images(file: Path, folder: Path) -> tuple[Path, tuple[Path, ...]]:
    """A PDF of a .docx and a PNG of each page, in ``folder``, through LibreOffice (one run)."""
    from ..preview import page_images as run

    return run(file, folder)


def verify_layout(file: Path, *, require_standard_fonts: bool = False) -> Verification:
    """The GB/T 9704 layout of a .docx measured on the PDF LibreOffice renders (``draft preview --verify``)."""
    from ..gongwen.verify import verify

    return verify(file, require_standard_fonts=require_standard_fonts)

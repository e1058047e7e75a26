"""Harvest old documents into a library folder for review (``draft ingest``).

The stages, for each input file:

1. read and parse it (``reader``, ``parse``) into an outline;
2. candidates: each plan item becomes a ``kind: item, genre: plan`` snippet (lead
   and body; an enumeration 一是……二是…… stays in the body), each paragraph of a
   speech section a ``genre: speech`` item, each section heading a ``kind:
   heading`` snippet; a plan's 总体要求 becomes a ``preamble``, a speech's opening
   and closing paragraphs an ``opening`` and a ``closing``, in the categories the
   library keeps those kinds in;
3. category and tags from the ``classify`` model, the section heading and the
   section's other items counting as evidence;
4. concrete values back into parameters (``templatize``): the document's own year
   (not in 从2019年起-style references), the year's full plenum phrase, the
   five-year-plan name, the organisation's name; literal ``{`` is escaped so the
   result is valid Jinja;
5. near-duplicates, of the target library's snippets (bundled ones included) and
   of each other within the batch, are not added again: 4-character shingles in
   an inverted index (``similar.ShingleIndex``) give the exact Jaccard
   similarity of every snippet sharing a shingle, never all pairs; at
   ``THRESHOLD`` or above a candidate is reported with the id it matches;
6. what is left is written to a new file ``<DIR>/待审核/<source stem>-<n>.yaml``
   through ``output.write_file`` (whole or not at all, never over an existing
   file), with ids unique in the library, and validated by the library's own
   parser before the job returns. The job holds ``待审核/.draft-ingest.lock``
   meanwhile (``jobs.ingest``), so two runs never harvest against each other.

Every input is read and parsed before anything is written: a file that cannot be
used stops the job with its error and leaves the folder as it was.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .classify import Classifier, Verdict
from .errors import DataError, OutputError, os_problem
from .output import Exists, write_file
from .library import REVIEW_FOLDER, Library, parse_file
from .model import CLOSING, HEADING, ITEM, OPENING, PLAN, PREAMBLE, Outline
from .similar import THRESHOLD, ShingleIndex, text_of
from .yearfacts import year_facts

__all__ = [
    "REVIEW_FOLDER",
    "THRESHOLD",
    "Candidate",
    "FileReport",
    "ShingleIndex",
    "ingest",
    "templatize",
]

#: Items shorter than this (a stray sub-heading, a fragment) are not worth a snippet.
MIN_TEXT = 12

_PLACEHOLDER = re.compile(r"×{2,}|X{2,}|\*{2,}|＊{2,}|○{2,}|□{2,}|【\s*待[补填定]")
# A year that marks a start or a range (从2019年起, 截至2020年底, 2016—2020年) names
# that year for good, whatever year the snippet is later used for. A deadline
# (于2020年6月底前) is this year's and follows the document's year.
_FIXED_BEFORE = re.compile(r"(从|自|截至|截止|至|[—–\-~～])\s*$")
_FIXED_AFTER = re.compile(r"^\s*年\s*(起|以来|开始|来|前后|[—–\-~～至])")
_ASCII_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_CJK = "\u3400-\u9fff“”‘’（）《》、，。；：？！"


@dataclass(frozen=True)
class Candidate:
    """A snippet harvested from a document, before it is written (or found to be a duplicate)."""

    id: str
    kind: str
    genre: str
    category: str
    body: str  # Jinja source
    lead: str | None = None  # Jinja source
    tags: tuple[str, ...] = ()
    note: str = ""
    confidence: float = 0.0
    by_heading: bool = False
    #: the category its own words give, when the heading filed it otherwise (Verdict.content)
    content: str | None = None
    where: str = ""  # 第3条 / 第二部分标题, for the summary
    #: the snippet id it repeats, and how similar it is
    duplicate_of: str | None = None
    similarity: float = 0.0


@dataclass(frozen=True)
class FileReport:
    """What ingesting one document gave."""

    source: Path
    genre: str
    year: int | None
    org: str | None
    candidates: tuple[Candidate, ...]
    written: Path | None = None
    skipped: int = 0  # fragments too short to keep

    @property
    def added(self) -> tuple[Candidate, ...]:
        """The candidates written to the review file."""
        return tuple(c for c in self.candidates if c.duplicate_of is None)

    @property
    def duplicates(self) -> tuple[Candidate, ...]:
        """The candidates not written because the library (or the batch) has them already."""
        return tuple(c for c in self.candidates if c.duplicate_of is not None)


# --- parameters ----------------------------------------------------------------


def _escape(literal: str) -> str:
    """Literal text as Jinja source: a ``{`` could start a tag, so it is written as an expression."""
    return literal.replace("{", "{{ '{' }}")


def templatize(text: str, *, year: int | None, org: str | None, facts=None) -> str:
    """Concrete values of the document's year back into parameters, as a Jinja source.

    Conservative: only exact matches of the document's own values are replaced —
    ``{year}年`` (not a start or end point like 从2019年起), the year in Chinese
    digits, the full plenum phrase, the five-year-plan name and the organisation.
    """
    spans: list[tuple[int, int, str]] = []
    if facts is not None:
        for value, name in ((facts.plenums, "plenums"), (facts.fyp, "fyp")):
            if value:
                spans += [(m.start(), m.end(), name) for m in re.finditer(re.escape(value), text)]
    if org and len(org) >= 2:
        spans += [(m.start(), m.end(), "org") for m in re.finditer(re.escape(org), text)]
    if year is not None:
        from .numerals import cn_digits

        for pattern, name in ((rf"(?<![\d]){year}(?![\d])", "year"),
                              (rf"(?<![〇零一二三四五六七八九]){cn_digits(year)}", "year_cn")):
            for m in re.finditer(pattern, text):
                after = text[m.end():m.end() + 6]
                if not after.lstrip().startswith("年"):
                    continue
                if _FIXED_BEFORE.search(text[max(0, m.start() - 3):m.start()]) or _FIXED_AFTER.match(after):
                    continue
                spans.append((m.start(), m.end(), name))
    # Earliest first, longest first at the same place; overlapping later spans lose.
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out, pos = [], 0
    for start, end, name in spans:
        if start < pos:
            continue
        out.append(_escape(text[pos:start]))
        out.append(f"{{{{ {name} }}}}")
        pos = end
    out.append(_escape(text[pos:]))
    return "".join(out)


def _punctuate(text: str) -> str:
    """ASCII , ; : ? ! ( ) beside Chinese text as the full-width marks GB/T 15834 wants."""

    def mark(m: re.Match) -> str:
        return _ASCII_PUNCT[m.group(1)]

    text = re.sub(rf"(?<=[{_CJK}])\s*([,;:?!])\s*", mark, text)
    text = re.sub(rf"([,;:?!])\s*(?=[{_CJK}])", mark, text)
    text = re.sub(rf"\((?=[^()]*[{_CJK}][^()]*\))([^()]*)\)", r"（\1）", text)
    return text


# --- near-duplicates -------------------------------------------------------------


def _index(lib: Library) -> dict[str, ShingleIndex]:
    indexes: dict[str, ShingleIndex] = defaultdict(ShingleIndex)
    for snippet in lib.snippets.values():
        indexes[snippet.kind].add(snippet.id, text_of(snippet))
    return indexes


# --- candidates ------------------------------------------------------------------


@dataclass
class _Draft:
    """A candidate before classification: kind, text and where it was in the document."""

    kind: str
    lead: str | None
    body: str
    where: str
    section: int
    heading: str | None
    category: str | None = None  # fixed for preambles, openings and closings


def _kind_category(lib: Library, kind: str, genre: str, default: str) -> str:
    """The category the library keeps snippets of ``kind`` in (总体要求, 讲话)."""
    found = Counter(s.category for s in lib.select(kind, genre))
    return found.most_common(1)[0][0] if found else default


def _drafts(outline: Outline, lib: Library) -> tuple[list[_Draft], int]:
    """The snippet-worthy parts of an outline, and how many fragments were left out."""
    from .numerals import cn_number
    from .parse import split_lead

    drafts: list[_Draft] = []
    skipped = 0
    plan = outline.genre == PLAN
    framing = [(PREAMBLE, outline.preamble, "总体要求", "总体要求")] if plan else [
        (OPENING, outline.preamble, "开场", "讲话"), (CLOSING, outline.closing, "结尾", "讲话")]
    for kind, paragraphs, where, default in framing:
        text = "\n\n".join(_punctuate(p.strip()) for p in paragraphs if p.strip())
        if len(text) >= MIN_TEXT:
            category = _kind_category(lib, kind, outline.genre, default)
            drafts.append(_Draft(kind, None, text, where, -1, None, category))
    for n, section in enumerate(outline.sections):
        heading = _punctuate(section.heading.strip().rstrip("。；;，,：:")) or None
        label = f"第{cn_number(section.number)}部分" if section.number else "开头部分"
        if heading:
            drafts.append(_Draft(HEADING, None, heading, f"{label}标题", n, heading))
        for k, item in enumerate(section.items, 1):
            lead, body = item.lead, item.text.strip()
            if not plan and lead and not body:  # a one-sentence paragraph: all body
                lead, body = None, lead
            if plan and not lead:
                lead, body = split_lead(body)
                if not lead:  # no short first sentence: take the first one whatever its length
                    head, dot, rest = body.partition("。")
                    lead, body = (head, rest.strip()) if dot and rest.strip() else (None, body)
            if len(f"{lead or ''}{body}") < MIN_TEXT or (plan and (not lead or not body)):
                skipped += 1
                continue
            where = f"第{item.number}条" if plan and item.number else f"{label}第{k}段"
            drafts.append(_Draft(ITEM, _punctuate(lead) if lead else None, _punctuate(body), where, n,
                                 heading))
    return drafts, skipped


def _short_id(category: str, kind: str, genre: str, text: str, taken: set[str]) -> str:
    digest = hashlib.sha1(f"{kind}|{genre}|{text}".encode("utf-8")).hexdigest()
    label = re.sub(r"[^\w.\-]+", "", category) or kind  # ids allow letters, digits, 汉字, - _ .
    for size in range(6, len(digest) + 1):
        sid = f"ingest-{label}-{digest[:size]}"
        if sid not in taken:
            return sid
    raise AssertionError("sha1 digests do not all collide")  # pragma: no cover


def _note(source: Path, outline: Outline, draft: _Draft, verdict) -> str:
    facts = "，".join(x for x in (f"{outline.year}年" if outline.year else "", outline.org or "") if x)
    note = f"来源：{source.name}{f'（{facts}）' if facts else ''}{draft.where}；"
    if draft.category is not None:
        note += "与当年形势相关的提法（如“收官之年”）请按新的年份改写"
    else:
        if verdict.under:
            how = f"标题属{verdict.under}，依据内容细分"
        else:
            how = "依据标题" if verdict.by_heading else "依据内容"
        # a guess is never certain: shown at most as 99 %, so the reviewer still looks
        note += f"自动归类：{verdict.category}（{how}，把握 {min(verdict.confidence, 0.99):.0%}），请审核"
        if verdict.content:
            note += f"；单看内容更像{verdict.content}"
    if _PLACEHOLDER.search(f"{draft.lead or ''}{draft.body}"):
        note += "；原文有占位符，请补全"
    return note


def harvest(source: Path, outline: Outline, lib: Library, classifier: Classifier,
            taken: set[str]) -> tuple[list[Candidate], int]:
    """The candidates of one parsed document: classified, tagged, parameterised, with unique ids."""
    drafts, skipped = _drafts(outline, lib)
    facts = year_facts(lib.calendar, outline.year) if outline.year else None
    by_section: dict[int, list[_Draft]] = defaultdict(list)
    for d in drafts:
        if d.category is None:
            by_section[d.section].append(d)
    verdicts: dict[int, object] = {}
    for section_drafts in by_section.values():
        items = [d for d in section_drafts if d.kind == ITEM]
        heading = next((d.heading for d in section_drafts), None)
        texts = [f"{d.lead or ''}。{d.body}" for d in items]
        for d, v in zip(items, classifier.classify_section(texts, heading)):
            verdicts[id(d)] = v
        for d in section_drafts:
            if d.kind == HEADING:
                # a heading is filed where it points, or where its items together do
                verdicts[id(d)] = classifier.section_topic(texts, d.body)
    out = []
    for d in drafts:
        verdict = verdicts.get(id(d)) or Verdict(d.category or "", 1.0)
        lead = templatize(d.lead, year=outline.year, org=outline.org, facts=facts) if d.lead else None
        body = templatize(d.body, year=outline.year, org=outline.org, facts=facts)
        sid = _short_id(verdict.category, d.kind, outline.genre, f"{lead or ''}|{body}", taken)
        taken.add(sid)
        out.append(Candidate(
            id=sid,
            kind=d.kind,
            genre=outline.genre,
            category=verdict.category,
            body=body,
            lead=lead,
            tags=classifier.tags(f"{d.lead or ''}。{d.body}"),
            note=_note(source, outline, d, verdict),
            confidence=verdict.confidence,
            by_heading=verdict.by_heading,
            content=verdict.content,
            where=d.where,
        ))
    return out, skipped


# --- writing ---------------------------------------------------------------------


def _yaml(candidates: Sequence[Candidate], source: Path) -> str:
    import yaml

    from .yamlfile import snippet_dumper

    Dumper, Flow = snippet_dumper()
    entries = []
    for c in candidates:
        entry: dict[str, object] = {"id": c.id, "kind": c.kind, "category": c.category, "genre": c.genre}
        if c.lead is not None:
            entry["lead"] = c.lead
        entry["body"] = c.body
        if c.tags:
            entry["tags"] = Flow(c.tags)
        entry["note"] = c.note
        entries.append(entry)
    header = (
        f"# draft ingest 从 {source.name} 收集的素材，共 {len(entries)} 条，待审核。\n"
        "# 请逐条核对类别（category）、文字和参数（{{ year }} 等），删去不要的条目，\n"
        "# 审核后可移到素材库的正式文件中；id 可以改成更好记的名字。\n"
    )
    body = yaml.dump({"snippets": entries}, Dumper=Dumper, allow_unicode=True, sort_keys=False,
                     width=1_000_000, indent=2)
    return header + body


def _write(folder: Path, source: Path, candidates: Sequence[Candidate]) -> Path:
    """A new file for ``candidates``: never one that exists, whatever happens meanwhile."""
    text = _yaml(candidates, source)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建文件夹：{os_problem(exc)}", path=folder) from None
    stem = re.sub(r'[\\/:*?"<>|\s]+', "", source.stem) or "素材"
    data = text.encode("utf-8")
    for n in range(1, 10_000):
        path = folder / f"{stem}-{n}.yaml"
        if path.exists() or path.is_symlink():
            continue
        try:
            # whole or not at all: a file cut short by a full disk would be read as
            # snippets by the next ingest and its duplicates dropped against it
            write_file(path, lambda stream: stream.write(data))
        except Exists:
            continue
        try:
            parse_file(path)
        except DataError:
            path.unlink(missing_ok=True)  # our own output failed validation: leave nothing behind
            raise
        return path
    raise OutputError("同名文件太多，无法再新建", path=folder)


# --- the job ---------------------------------------------------------------------


@dataclass
class _Batch:
    """Near-duplicate indexes and taken ids, shared by all files of one run."""

    indexes: dict[str, ShingleIndex]
    taken: set[str]
    reports: list[FileReport] = field(default_factory=list)


def ingest(
    sources: Sequence[tuple[Path, Outline]],
    lib: Library,
    into: Path,
    *,
    progress: Callable[[int, Path], None] | None = None,
) -> list[FileReport]:
    """Harvest parsed documents into ``into/待审核``; one report per document, in order."""
    classifier = Classifier(lib)
    batch = _Batch(_index(lib), set(lib.snippets))
    review = into / REVIEW_FOLDER
    for n, (source, outline) in enumerate(sources):
        if progress is not None:
            progress(n, source)
        candidates, skipped = harvest(source, outline, lib, classifier, batch.taken)
        checked = list(_deduplicate(candidates, batch.indexes))
        added = [c for c in checked if c.duplicate_of is None]
        written = _write(review, source, added) if added else None
        batch.reports.append(FileReport(source, outline.genre, outline.year, outline.org,
                                        tuple(checked), written, skipped))
    return batch.reports


def _deduplicate(candidates: Iterable[Candidate], indexes: dict[str, ShingleIndex]) -> Iterable[Candidate]:
    for c in candidates:
        text = f"{c.lead or ''}{c.body}"
        index = indexes[c.kind]
        match, score = index.match(text, THRESHOLD)
        if match is not None:
            yield replace(c, duplicate_of=match, similarity=round(score, 2))
            continue
        index.add(c.id, text)
        yield c

"""Plan ↔ speech coverage: which tasks of a 工作要点 a speech deploys, which it leaves out.

A task is an item of a plan section; it is of its section's category. A speech
paragraph (一是……, or a section's unnumbered paragraph) is of its section's
category. A section's category comes from the library's cue words
(``术语.yaml`` keywords): a heading cue names it (理论武装 → 思想建设); without
one, the cue words of the section's items vote. No jieba: the command stays as
fast as ``check``.

The evidence that a paragraph deploys a task is the key terms they share. The key
terms of a text are the library's vocabulary found in it (its ``terms``, every
category's cue words, the snippets' tags) and the phrases it quotes (“第一议题”).
Each term weighs its rarity, IDF over the plan's tasks and the speech's
paragraphs together, so 支部 (in half of them) counts little and 八项规定 a lot;
a term of the task's lead (its bold first sentence, what the task is about)
counts ``LEAD_WEIGHT`` times. Terms contained in a longer shared term count once,
through the longer one. The 4-character shingles the two texts share, weighed the
same way, add evidence a library term did not catch (调查研究 written out).

Precision first: a task counts as deployed (``DEPLOYED``) only when a paragraph
of the same category (or of one that ``covers`` it, 党风廉政建设 ⊃ 纪律建设) scores
``DEPLOY_SCORE`` or more and shares a term of the task's lead or ``DEPLOY_TERMS``
terms. Evidence short of that, or found only in a paragraph of another category,
is reported as ``UNCLEAR`` (未明确部署) with where it was found; no evidence at
all is ``MISSING`` (未提到). Thresholds were chosen on the bundled plans and
工委会议 speeches of 2016–2030 and on synthetic near misses (``tests/test_coverage.py``).

Pure: no I/O; imports the model, the numerals and the similar-text shingles only.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from .model import PLAN, SPEECH, Cues, Item, Outline, Section
from .numerals import cn_number
from .similar import shingles

__all__ = [
    "DEPLOYED", "MISSING", "UNCLEAR", "Coverage", "Deployment", "Place", "SectionCoverage", "cover", "report_lines",
    "section_category", "to_json", "vocabulary",
]

DEPLOYED = "deployed"
UNCLEAR = "unclear"
MISSING = "missing"

#: A term of the task's lead weighs this many times a term of its body.
LEAD_WEIGHT = 2.0
#: Weighted evidence at which a same-category paragraph deploys a task.
DEPLOY_SCORE = 6.0
#: Shared terms that deploy a task even when none is of its lead.
DEPLOY_TERMS = 3
#: Weighted evidence below which a paragraph is not worth naming as a possible match: one
#: term of the lead that a few texts have (职工) is not enough.
UNCLEAR_SCORE = 4.0
#: Weight of the shared shingles' evidence relative to the key terms', and its cap: a long
#: formula both documents cite (习近平新时代中国特色社会主义思想) is many shingles, one fact.
SHINGLE_WEIGHT = 0.25
SHINGLE_CAP = 2.0
#: Heading cue hits count this many times an item's cue word when a section's category is voted.
HEADING_VOTE = 4
#: An item vote decides a section without heading cues only with this many hits and a lead of
#: this share over the runner-up.
VOTE_MIN = 2
VOTE_LEAD = 1.5

#: Tasks and paragraphs of a typical plan and speech together (20 + 15): the least count rarity is
#: measured against.
TYPICAL_TEXTS = 35

#: A quoted phrase that counts as a key term: “第一议题”, “三会一课”.
_QUOTED = re.compile(r"[“\"]([\u4e00-\u9fff0-9]{2,12})[”\"]")


@dataclass(frozen=True)
class Place:
    """A speech paragraph: its section's number and its 1-based place in the section."""

    section: int
    paragraph: int
    lead: str | None = None


@dataclass(frozen=True)
class Deployment:
    """One task of the plan and what the speech does with it."""

    section: int  # the plan section's number (1-based)
    index: int  # the task's 1-based place within its section
    lead: str  # the task's lead, or the start of its text
    category: str | None
    status: str  # DEPLOYED, UNCLEAR or MISSING
    #: where the speech deploys it (DEPLOYED) or the nearest evidence (UNCLEAR)
    place: Place | None = None
    terms: tuple[str, ...] = ()  # the key terms shared with that paragraph, weightiest first
    score: float = 0.0


@dataclass(frozen=True)
class SectionCoverage:
    """A section of one document and the other document's sections that answer it."""

    number: int
    heading: str
    category: str | None
    #: numbers of the other document's sections holding a deployment of this one's tasks
    counterparts: tuple[int, ...] = ()


@dataclass(frozen=True)
class Coverage:
    """How a speech deploys a plan: every task, every plan section, the speech's sections."""

    tasks: tuple[Deployment, ...]
    plan_sections: tuple[SectionCoverage, ...]
    speech_sections: tuple[SectionCoverage, ...]

    def of(self, status: str) -> list[Deployment]:
        """The tasks with ``status``."""
        return [t for t in self.tasks if t.status == status]

    @property
    def undeployed_sections(self) -> list[SectionCoverage]:
        """Plan sections none of whose tasks the speech deploys."""
        return [s for s in self.plan_sections if not s.counterparts]

    @property
    def unmatched_speech_sections(self) -> list[SectionCoverage]:
        """Speech sections with no counterpart in the plan."""
        return [s for s in self.speech_sections if not s.counterparts]


@dataclass(frozen=True)
class _Text:
    """A task or a speech paragraph prepared for matching."""

    lead_terms: frozenset[str]
    terms: frozenset[str]
    grams: frozenset[str]
    #: its section's category and any other its heading names (思想引领…政治站位 names two)
    categories: frozenset[str]


def vocabulary(terms: Iterable[str] = (), cues: Iterable[Cues] = (), tags: Iterable[str] = ()) -> tuple[str, ...]:
    """The key-term vocabulary: domain terms, every category's cue words, snippet tags; longest first."""
    words = {w for w in terms if len(w) >= 2}
    for c in cues:
        words.update(w for w in (c.category, *c.heading, *c.words) if len(w) >= 2)
    words.update(w for w in tags if len(w) >= 2)
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def _found(text: str, vocab: tuple[str, ...]) -> set[str]:
    """The vocabulary in ``text`` and the phrases it quotes."""
    found = {w for w in vocab if w in text}
    found.update(m.group(1) for m in _QUOTED.finditer(text))
    return found


def _votes(text: str, cues: Mapping[str, Cues], heading: bool) -> Counter[str]:
    """Cue hits per category in ``text``: heading cues (and the category's name) or item words."""
    votes: Counter[str] = Counter()
    for name, c in cues.items():
        words = (name, *c.heading) if heading else c.words
        hits = sum(1 for w in set(words) if w in text)
        if hits:
            votes[name] += hits
    return votes


def _decided(votes: Counter[str], need: int = 1, lead: float = 1.0) -> str | None:
    """The category with the most votes, if it has ``need`` and leads the next by ``lead`` times."""
    ranked = votes.most_common(2)
    if not ranked or ranked[0][1] < need:
        return None
    if len(ranked) > 1 and ranked[0][1] < lead * ranked[1][1] + (1e-9 if lead == 1.0 else 0):
        return None
    return ranked[0][0]


def section_category(section: Section, cues: Mapping[str, Cues]) -> str | None:
    """The category of a section: as assembled, else by the heading's cues, else by its items' cue words."""
    if section.category:
        return section.category
    heading = _votes(section.heading, cues, heading=True)
    items: Counter[str] = Counter()
    for item in section.items:
        items.update(_votes(f"{item.lead or ''}{item.text}", cues, heading=False))
    if heading:
        # the heading decides; its words and the items' settle a heading naming two categories
        tally = Counter({k: HEADING_VOTE * v + items.get(k, 0) for k, v in heading.items()})
        return _decided(tally)
    return _decided(items, VOTE_MIN, VOTE_LEAD)


def _named(section: Section, cues: Mapping[str, Cues], category: str | None) -> frozenset[str]:
    """The section's category with every other one its heading names outright."""
    named = set(_votes(section.heading, cues, heading=True)) if not section.category else set()
    return frozenset(named | ({category} if category else set()))


def _item_text(item: Item) -> tuple[str, str]:
    """An item's lead (or its first sentence when it has none) and its whole text."""
    whole = f"{item.lead or ''}。{item.text}" if item.lead else item.text
    lead = item.lead or re.split(r"[。；！？]", item.text, maxsplit=1)[0]
    return lead, whole


def _related(a: frozenset[str], b: frozenset[str], cues: Mapping[str, Cues]) -> bool:
    """Whether two sets of categories share one, or one of each covers the other."""
    if a & b:
        return True
    return any(y in (cues[x].covers if x in cues else ()) or x in (cues[y].covers if y in cues else ())
               for x in a for y in b)


def _maximal(terms: set[str]) -> set[str]:
    """The terms not contained in a longer one of the set."""
    return {t for t in terms if not any(t != u and t in u for u in terms)}


def cover(plan: Outline, speech: Outline, *, cues: Iterable[Cues] = (), terms: Iterable[str] = (),
          tags: Iterable[str] = ()) -> Coverage:
    """Which tasks of ``plan`` ``speech`` deploys, which it does not, and its sections the plan lacks.

    ``cues`` are the library's keywords per category, ``terms`` its domain terms and
    ``tags`` its snippets' tags: the vocabulary key terms are drawn from.
    """
    if plan.genre != PLAN or speech.genre != SPEECH:
        raise ValueError("cover() needs a plan and a speech")
    cue_map = {c.category: c for c in cues}
    vocab = vocabulary(terms, cue_map.values(), tags)

    def prepare(lead: str, whole: str, categories: frozenset[str]) -> _Text:
        lead_terms = _found(lead, vocab)
        found = _found(whole, vocab) | lead_terms
        return _Text(frozenset(lead_terms), frozenset(found), shingles(whole), categories)

    tasks: list[tuple[Section, int, str, _Text, str | None]] = []
    plan_categories = []
    for section in plan.sections:
        category = section_category(section, cue_map)
        plan_categories.append(category)
        named = _named(section, cue_map, category)
        for n, item in enumerate(section.items, 1):
            lead, whole = _item_text(item)
            tasks.append((section, n, lead, prepare(lead, whole, named), category))
    paragraphs: list[tuple[Place, _Text]] = []
    speech_categories = []
    for section in speech.sections:
        category = section_category(section, cue_map)
        speech_categories.append(category)
        named = _named(section, cue_map, category)
        items = section.items or (Item(text=section.heading),)
        for n, item in enumerate(items, 1):
            lead, whole = _item_text(item)
            # the heading speaks for each of its paragraphs: 转变作风提效能 over 一是要……
            text = prepare(lead, f"{section.heading}。{whole}", named)
            paragraphs.append((Place(section.number, n, item.lead), text))

    # rarity over every text of both documents
    texts = [t for _, _, _, t, _ in tasks] + [t for _, t in paragraphs]
    df: Counter[str] = Counter()
    gdf: Counter[str] = Counter()
    for t in texts:
        df.update(t.terms)
        gdf.update(t.grams)
    # rarity as in a pair of full-size documents at least, so that the thresholds hold for short ones
    total = max(len(texts), TYPICAL_TEXTS)

    def idf(count: int) -> float:
        return math.log((total + 1) / (count + 0.5))

    def evidence(task: _Text, para: _Text) -> tuple[float, list[str], bool]:
        shared = _maximal(set(task.terms & para.terms))
        weights = {k: idf(df[k]) * (LEAD_WEIGHT if k in task.lead_terms else 1.0) for k in shared}
        grams = task.grams & para.grams
        covered = "".join(shared)
        extra = sum(idf(gdf[g]) for g in grams if g not in covered)
        score = sum(weights.values()) + min(SHINGLE_WEIGHT * extra, SHINGLE_CAP)
        ranked = sorted(shared, key=lambda k: (-weights[k], k))
        return score, ranked, any(k in task.lead_terms for k in shared)

    out: list[Deployment] = []
    # (plan section, speech section) pairs of one category with evidence for a task short of deploying it
    near: set[tuple[int, int]] = set()
    for section, n, lead, task, category in tasks:
        best = None  # (same category, deploys, score, place, terms)
        for place, para in paragraphs:
            score, shared, in_lead = evidence(task, para)
            if score < UNCLEAR_SCORE or not shared:
                continue
            same = _related(task.categories, para.categories, cue_map)
            if same:
                near.add((section.number, place.section))
            deploys = same and score >= DEPLOY_SCORE and (in_lead or len(shared) >= DEPLOY_TERMS)
            key = (deploys, same, score)
            if best is None or key > best[0]:
                best = (key, place, shared, score)
        if best is None:
            out.append(Deployment(section.number, n, lead, category, MISSING))
        else:
            (deploys, _, _), place, shared, score = best
            out.append(Deployment(section.number, n, lead, category, DEPLOYED if deploys else UNCLEAR,
                                  place, tuple(shared[:5]), round(score, 2)))

    deployed = {(t.section, t.place.section) for t in out if t.status == DEPLOYED and t.place}
    # A plan section is answered by the speech sections that deploy one of its tasks, or, of
    # its category, hold evidence for one: 严守纪律 answers a 纪律 part whose tasks it names only
    # in general; the report on each task stays as precise as its own evidence.
    pairs = deployed | near
    plan_sections = tuple(SectionCoverage(s.number, s.heading, c, tuple(sorted({b for a, b in pairs
                                                                                if a == s.number})))
                          for s, c in zip(plan.sections, plan_categories))
    speech_sections = tuple(SectionCoverage(s.number, s.heading, c, tuple(sorted({a for a, b in pairs
                                                                                  if b == s.number})))
                            for s, c in zip(speech.sections, speech_categories))
    return Coverage(tuple(out), plan_sections, speech_sections)


#: How a status reads in the report.
STATUS_NAMES = {DEPLOYED: "已部署", UNCLEAR: "未明确部署", MISSING: "未提到"}
#: Longest quoted heading or lead in the report before it is cut with ……
_QUOTE_MAX = 24


def _quoted(text: str) -> str:
    # quotation marks inside a quotation are single ones: “坚决做到‘两个维护’”
    text = text.rstrip("。；").replace("“", "‘").replace("”", "’")
    return f"“{text[:_QUOTE_MAX]}……”" if len(text) > _QUOTE_MAX else f"“{text}”"


def _part(n: int) -> str:
    return f"第{cn_number(n)}部分"


def report_lines(coverage: Coverage) -> list[str]:
    """The coverage as the Chinese lines ``draft check --plan`` prints: sections, tasks, what is left out."""
    lines = ["对照工作要点："]
    for s in coverage.plan_sections:
        where = "、".join(_part(n) for n in s.counterparts)
        state = f"讲话{where}有部署" if where else "讲话中没有部署"
        lines.append(f"  工作要点{_part(s.number)}{_quoted(s.heading)}：{state}")
    for t in coverage.tasks:
        head = f"  工作要点{_part(t.section)}第{t.index}项{_quoted(t.lead)}："
        if t.status == MISSING:
            continue
        where = f"讲话{_part(t.place.section)}第{t.place.paragraph}段" if t.place else "讲话中"
        terms = f"（关键词：{'、'.join(t.terms)}）" if t.terms else ""
        if t.status == DEPLOYED:
            lines.append(f"{head}{where}已部署{terms}")
        else:
            lines.append(f"{head}未明确部署，{where}可能相关{terms}")
    missing = coverage.of(MISSING)
    if missing:
        lines.append("未提到：" + "；".join(f"工作要点{_part(t.section)}第{t.index}项{_quoted(t.lead)}"
                                          for t in missing))
    alone = coverage.unmatched_speech_sections
    if alone:
        lines.append("讲话中没有对应工作要点的部分：" + "；".join(f"{_part(s.number)}{_quoted(s.heading)}"
                                                          for s in alone))
    counts = {k: len(coverage.of(k)) for k in STATUS_NAMES}
    lines.append(f"工作要点共 {len(coverage.tasks)} 项：" + "，".join(f"{STATUS_NAMES[k]} {n} 项"
                                                          for k, n in counts.items()) + "。")
    return lines


def to_json(coverage: Coverage) -> dict:
    """The coverage as plain JSON data (the ``coverage`` of ``draft check --plan --json``)."""
    return {
        "tasks": [{"section": t.section, "index": t.index, "lead": t.lead, "category": t.category,
                   "status": t.status,
                   "speech_section": t.place.section if t.place else None,
                   "speech_paragraph": t.place.paragraph if t.place else None,
                   "terms": list(t.terms), "score": t.score} for t in coverage.tasks],
        "plan_sections": [{"number": s.number, "heading": s.heading, "category": s.category,
                           "speech_sections": list(s.counterparts)} for s in coverage.plan_sections],
        "unmatched_speech_sections": [{"number": s.number, "heading": s.heading, "category": s.category}
                                      for s in coverage.unmatched_speech_sections],
    }

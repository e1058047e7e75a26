"""A speech that deploys a 工作要点: one speech section per plan section, in the plan's order.

Each plan section's category is read from the library: its heading matched against
the library's heading snippets by shingles (``similar``); else its items matched
against the library's item snippets, the category most of them match; else the
classifier (``classify``, which loads jieba) on the heading and items together. The
speech section of that category takes the category's speech heading and paragraphs,
as many as the meeting profile gives that category (``DEFAULT_COUNT`` otherwise).
Two plan sections of one category take the category's headings and paragraphs in
turn, so nothing is said twice; a plan section whose category has no speech material
(or none left) is left out with a note.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from ..assemble import DEFAULT_COUNT
from ..errors import InputError
from ..library import Library
from ..model import HEADING, ITEM, SPEECH, Outline, Recipe, Section, SectionSpec
from ..similar import ShingleIndex
from .fit import Pool, pools

#: Jaccard similarity of shingles at which a plan heading or item is taken for a library snippet.
MATCH = 0.5


@dataclass(frozen=True)
class Deployed:
    """The speech recipe following a plan, each section's candidates (for ``fit``), and notes."""

    recipe: Recipe
    pools: tuple[Pool, ...]
    notes: tuple[str, ...] = ()


def categories(lib: Library, plan: Outline) -> list[tuple[str, bool]]:
    """The library category of each of ``plan``'s sections, in order, and whether the classifier
    guessed it (neither the heading nor an item is the library's)."""
    headings, items = ShingleIndex(), ShingleIndex()
    for snippet in lib.snippets.values():
        if snippet.kind == HEADING:
            headings.add(snippet.id, snippet.body)
        elif snippet.kind == ITEM:
            items.add(snippet.id, "".join([snippet.lead or "", snippet.body, *snippet.points]))
    found: list[str | None] = []
    for section in plan.sections:
        sid, _ = headings.match(section.heading or "", MATCH)
        if sid is None:
            votes = Counter(lib.snippets[k].category for k in
                            (items.match(f"{i.lead or ''}{i.text}", MATCH)[0] for i in section.items) if k)
            sid_category = votes.most_common(1)[0][0] if votes else None
        else:
            sid_category = lib.snippets[sid].category
        found.append(sid_category)
    if None not in found:
        return [(c, False) for c in found]
    from ..classify import Classifier  # only now the classifier, and jieba with it

    model = Classifier(lib)
    return [(c, False) if c else (_classified(model, s), True) for c, s in zip(found, plan.sections)]


def _classified(model, section: Section) -> str:
    texts = [f"{i.lead}。{i.text}" if i.lead else i.text for i in section.items]
    if not texts:
        return model.classify(section.heading or "").category
    return model.section_topic(texts, section.heading or None).category


def deploy(lib: Library, recipe: Recipe, plan: Outline, year: int) -> Deployed:
    """``recipe`` (a meeting profile) with its sections replaced by one per section of ``plan``
    (a parsed 工作要点; the job refuses a speech or a plan without sections before)."""
    counts = {spec.category: spec.count for spec in recipe.sections if spec.count}
    headings: dict[str, list[str]] = {}
    notes: list[str] = []
    specs: list[SectionSpec] = []
    where = recipe.origin
    found = categories(lib, plan)
    guessed = [f"第{section.number}部分“{section.heading}”（{category}）"
               for section, (category, guess) in zip(plan.sections, found) if guess]
    if guessed:
        notes.append("工作要点中这些部分的类别是自动判断的，请核对讲话中对应的部分是否合适：" + "、".join(guessed) + "。")
    turns: Counter = Counter()
    for section, (category, _) in zip(plan.sections, found):
        label = f"工作要点第{section.number}部分“{section.heading}”（{category}）"
        if category not in headings:
            headings[category] = [s.id for s in lib.select(HEADING, SPEECH, year, category)]
        material = len(lib.select(ITEM, SPEECH, year, category))
        if not material:
            notes.append(f"{label}：素材库中没有适用于{year}年的讲话素材，讲话中没有与之对应的部分。")
            continue
        turn = turns[category]
        if turn and (turn >= len(headings[category]) or turn >= material):
            notes.append(f"{label}：与前面的部分同属“{category}”，素材库中的讲话素材不够再讲一部分，已略去。")
            continue
        turns[category] += 1
        heading = headings[category][turn] if turn < len(headings[category]) else None
        specs.append(SectionSpec(category, heading=heading, count=counts.get(category) or DEFAULT_COUNT[SPEECH],
                                 origin=where))
    # the kept sections share out their categories' paragraphs: none is said twice
    kept_pools = pools(lib, replace(recipe, sections=tuple(specs)), year)
    kept_specs = [replace(p.spec, items=tuple(s.id for s in p.candidates[:p.default]), count=None)
                  for p in kept_pools]
    if not kept_specs:
        raise InputError("工作要点的各部分在素材库中都没有讲话素材，无法起草讲话",
                         hint="请补充讲话素材（draft snippets list 查看），或不用 --plan")
    notes.insert(0, "讲话各部分按工作要点的顺序排列：" + "、".join(s.category for s in kept_specs) + "。")
    return Deployed(replace(recipe, sections=tuple(kept_specs)), tuple(kept_pools), tuple(notes))

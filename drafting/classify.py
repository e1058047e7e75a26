"""Sort harvested text into the library's categories, and pick tags for it.

No I/O but the segmenter's caches. The model is trained at run time from the
loaded ``Library`` — its item and heading snippets with their category labels,
plus the ``keywords`` cue words per category — so a unit that adds snippets or
keywords teaches it without any training step.

The evidence for a category, in log-odds:

* multinomial naive Bayes over weighted features: jieba words (``segment``) and
  the character pairs of longer words. A text's lead (its first sentence, when
  short: the item's own title) weighs ``LEAD_WEIGHT``; a body word weighs less
  the later it comes (``POSITION_HALF``), repeats add up sublinearly. A feature
  spread evenly over the categories (工作, 加强) counts little: each is weighted by
  how unevenly the model spreads it (one minus its normalised entropy). Lidstone
  smoothing, a uniform prior (the library's mix of categories says nothing about a
  new document's); the cue words count as if seen in ``KEYWORD_WEIGHT`` snippets;
* each cue word found in the text: ``CUE_WEIGHT`` times its weight as a feature
  (so more in the lead, less late in a long text), split among its categories.
  Both sums are scaled down for texts of more than ``SCALE_WORDS`` weighted
  features, since naive Bayes multiplies many dependent pieces of evidence (and a
  long speech paragraph names the cue words of half the categories in passing);
* in a section, a prior from the section's other items: the section has a topic,
  each item is of that topic or, with probability ``OUTLIER``, of any category;
  the other items' shares give the topic (their evidence adds up), and the topic,
  part of it spread evenly, is the item's prior. A prior, not their summed evidence
  on the item: it decides an item its own words leave open, never one they plainly
  place (筑牢廉政防线 beside 严明纪律规矩 stays 党风廉政建设). The same topic, from all
  the items, files a section's heading when the heading names no category
  (``section_topic``), rather than its first item's words;
* a section heading, when there is one: naming a category (强化组织建设 → 组织建设)
  or containing one of its heading cue words (反腐败 → 党风廉政建设) adds a large
  bonus, and its words count as text. The categories the named one ``covers``
  (its ``keywords``) get nearly as much, so an item under an umbrella heading
  (强化纪律意识 under 党风廉政建设) goes to the finer category its own text names.
  The item text alone classifies too. When the heading decides against what the
  item's own words say with ``CONTENT_SURE`` (意识形态 under a 政治建设 heading), the
  verdict names that category too, so a reviewer can weigh the two.

The confidence is the category's share after dividing by ``TEMPERATURE``.
The library is cut into words once and cached (``Segmenter.cut_many``): training
is counting. Measured on the seed documents by ``bench/bench_classify.py``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Sequence

from .library import Library
from .model import HEADING, ITEM

__all__ = ["Classifier", "Verdict"]

#: Pseudo-count of a category's cue word, as if seen in that many of its snippets.
KEYWORD_WEIGHT = 2.0
#: Log-odds a cue word of feature weight 1 found in the text adds to its category
#: (split among its categories).
CUE_WEIGHT = 3.0
#: Share of the section prior spread evenly over the categories: how often, a priori,
#: an item does not belong with the other items of its section.
OUTLIER = 0.25
#: Lidstone smoothing of word counts.
ALPHA = 0.3
#: Log-odds bonus for a heading that names the category (组织建设 in 强化组织建设): large
#: enough that only an item plainly about another category (深化党群联建 under an 作风
#: heading) goes against it.
NAME_BONUS = 15.0
#: Log-odds bonus for a heading containing one of the category's heading cue words.
CUE_BONUS = 12.0
#: A category the heading's category ``covers`` (作风建设 under a 党风廉政建设 heading)
#: gets what the heading says for that category less this: the item's own text must
#: speak for it, about as much as one cue word in its lead does (``CUE_WEIGHT``).
COVER_MARGIN = 3.0
#: Evidence of this much feature weight counts in full; longer texts are scaled down.
SCALE_WORDS = 12
#: Count character pairs of words longer than two characters as well: 纪检干部 and 纪检组织
#: then share evidence (measured: two more seed items right).
BIGRAMS = True
#: Weight of a feature in the lead, the text's first sentence when it is short.
LEAD_WEIGHT = 3.0
#: The longest first sentence taken for a lead.
LEAD_CHARS = 40
#: A body word this many words in weighs half as much as the first.
POSITION_HALF = 20
#: Scores are divided by this before they become shares: the evidence is not independent.
#: Set where the library hold-out's log-loss is least (bench_classify.py: mean confidence
#: close to the accuracy).
TEMPERATURE = 2.5
#: How sure a text's own words must be of another category than its heading's for the
#: verdict to say so (``Verdict.content``). Shares are calibrated on the library hold-out
#: (mean confidence ≈ accuracy), so such a reading is right about this often.
CONTENT_SURE = 0.9
#: Most tags a snippet gets; plain words (not terms, cues or known tags) only fill up to FEW_TAGS.
MAX_TAGS = 5
FEW_TAGS = 3

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_FIRST_SENTENCE = re.compile(r"[^。！？；;!?]*")
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
# Words that say nothing about content: they are in nearly every item of every
# category, and would otherwise make the blandest tags.
_STOP = frozenset(
    "加强 推进 推动 进一步 工作 坚持 深入 全面 切实 持续 扎实 不断 着力 认真 建设 开展 落实 "
    "提高 提升 强化 完善 健全 严格 积极 努力 做好 抓好 结合 围绕 按照 根据 要求 有关 相关 "
    "各级 各项 以及 通过 进行 实现 形成 注重 重点 充分 发挥 作用 机关 单位 我们 今年 全年 "
    "一是 二是 三是 四是 五是 六是 年度 每年 定期 组织 确保 增强 不断 深化 大力 广泛 主动".split()
)


@dataclass(frozen=True)
class Verdict:
    """A category for a text: how sure, and whether the section heading named it."""

    category: str
    confidence: float  # 0–1: the category's share of the scaled evidence
    by_heading: bool = False
    #: every category's share, best first
    ranking: tuple[tuple[str, float], ...] = ()
    #: the category the heading named, when this one is a finer category it covers
    under: str | None = None
    #: another category the text's own words place it in, at least ``CONTENT_SURE``
    #: sure, when the heading decided otherwise: for the reviewer to weigh
    content: str | None = None


def plain(source: str) -> str:
    """A snippet source without its Jinja tags: the words a reader would see around them."""
    return _JINJA.sub(" ", source)


def snippet_text(snippet) -> str:
    """What a snippet says: lead, body and points, Jinja tags removed."""
    parts = [snippet.lead or "", snippet.body, *snippet.points]
    return plain("。".join(p for p in parts if p))


class Classifier:
    """Naive Bayes over words, trained from a library's labelled snippets and cue words."""

    def __init__(self, lib: Library, *, holdout: frozenset[str] = frozenset()) -> None:
        """Learn from ``lib``'s item and heading snippets but those whose ids are in ``holdout``."""
        from .segment import segmenter  # jieba only for the jobs that sort text

        cue_words = [w for cues in lib.keywords.values() for w in (*cues.heading, *cues.words)]
        self.terms = tuple(dict.fromkeys(lib.terms))
        self.segmenter = segmenter(tuple(dict.fromkeys(self.terms + tuple(cue_words))))
        self.keywords = dict(lib.keywords)
        snippets = [s for s in lib.snippets.values() if s.kind in (ITEM, HEADING)]
        texts = [snippet_text(s) for s in snippets]
        # The whole library is cut (and cached) even when some is held out: one corpus, one cache.
        self._cut: dict[str, tuple[str, ...]] = dict(zip(texts, self.segmenter.cut_many(texts)))
        docs = [(s.category, self.features(t)) for s, t in zip(snippets, texts) if s.id not in holdout]
        self.categories = tuple(dict.fromkeys(c for c, _ in docs))
        counts: dict[str, Counter] = {c: Counter() for c in self.categories}
        for category, weights in docs:
            counts[category].update(weights)
        for category in self.categories:
            cues = self.keywords.get(category)
            if cues is not None:
                for word in dict.fromkeys((*cues.heading, *cues.words)):
                    counts[category][word] += KEYWORD_WEIGHT
        vocab = set().union(*counts.values()) if counts else set()
        self._logp: dict[str, dict[str, float]] = {}
        self._unseen: dict[str, float] = {}
        for category, counter in counts.items():
            total = sum(counter.values()) + ALPHA * len(vocab)
            self._logp[category] = {w: math.log((n + ALPHA) / total) for w, n in counter.items()}
            self._unseen[category] = math.log(ALPHA / total)
        self.vocab = vocab
        self._spread: dict[str, float] = {}
        owners: dict[str, list[str]] = {}
        for category in self.categories:
            cues = self.keywords.get(category)
            for word in dict.fromkeys((*cues.heading, *cues.words)) if cues else ():
                owners.setdefault(word, []).append(category)
        self._cue_owners = owners
        # A section about an umbrella category (党风廉政建设) holds items of the categories it covers.
        self._family = {c: (c, *(x for x in (self.keywords[c].covers if c in self.keywords else ())
                                 if x in counts and x != c)) for c in self.categories}
        self._tags = frozenset(t for s in lib.snippets.values() for t in s.tags)
        self._df = Counter(w for text in texts for w in set(self._cut[text]))
        self._docs = len(texts)

    def words(self, text: str) -> list[str]:
        """The words of ``text`` (Jinja tags dropped), domain terms kept whole."""
        # An item is cut for its category, its section's, its heading's and its tags.
        found = self._cut.get(text)
        if found is None:
            found = self._cut[text] = tuple(self.segmenter.cut(plain(text)))
        return list(found)

    def features(self, text: str) -> dict[str, float]:
        """What the model counts, with its weight: the words, and (with BIGRAMS) the
        character pairs of longer words; the lead's at ``LEAD_WEIGHT``, the body's
        fading with position, repeats adding up sublinearly."""
        seen = plain(text)
        start = len(seen) - len(seen.lstrip("。 "))
        lead_end = start + len(_FIRST_SENTENCE.match(seen, start).group())
        # A lead stands out from a body; a text of one sentence (a heading) is all body.
        if lead_end - start > LEAD_CHARS or not seen[lead_end:].strip("。！？；;!? "):
            lead_end = 0
        sums: Counter = Counter()
        lead: set[str] = set()
        at = 0
        for i, word in enumerate(self.words(text)):
            found = seen.find(word, at)
            at = found + len(word) if found >= 0 else at
            if 0 <= found < lead_end:
                lead.update(_grams(word))
            weight = 1.0 / (1.0 + i / POSITION_HALF)
            for feature in _grams(word):
                sums[feature] += weight
        out = {f: (1.0 + math.log(w) if w > 1.0 else w) for f, w in sums.items()}
        out.update(dict.fromkeys(lead, LEAD_WEIGHT))
        return out

    def _weight(self, feature: str) -> float:
        """How unevenly the model spreads ``feature`` over the categories, 0–1 (memoised)."""
        found = self._spread.get(feature)
        if found is None:
            ps = [math.exp(self._logp[c].get(feature, self._unseen[c])) for c in self.categories]
            total = sum(ps)
            entropy = -sum(p / total * math.log(p / total) for p in ps)
            found = self._spread[feature] = 1.0 - entropy / math.log(len(ps)) if len(ps) > 1 else 1.0
        return found

    def _evidence(self, features: dict[str, float]) -> dict[str, float]:
        """Log-odds per category from a text's known features: naive Bayes, scaled down
        for long texts, plus the cue words it contains."""
        known = {f: w * self._weight(f) for f, w in features.items() if f in self.vocab}
        scale = min(1.0, SCALE_WORDS / max(sum(known.values()), 1.0))
        out = {}
        for category in self.categories:
            logp, unseen = self._logp[category], self._unseen[category]
            out[category] = scale * sum(w * logp.get(f, unseen) for f, w in known.items())
        # A cue word shared by several categories is evidence for each in part.
        for word in features:
            owners = self._cue_owners.get(word)
            if owners:
                for category in owners:
                    out[category] += CUE_WEIGHT * scale * features[word] / len(owners)
        return out

    def _heading_bonus(self, heading: str) -> dict[str, float]:
        """Log-odds per category a section heading names, by name or heading cue word."""
        bonus: dict[str, float] = {}
        for category in self.categories:
            stem = category[:-2] if category.endswith("建设") and len(category) > 3 else None
            # 作风建设 is named by 强化作风和纪律建设 as well.
            if category in heading or (stem and re.search(f"{stem}[和与、及][^，,；;。]{{0,8}}建设", heading)):
                bonus[category] = NAME_BONUS
                continue
            cues = self.keywords.get(category)
            if cues is not None and any(word in heading for word in cues.heading):
                bonus[category] = CUE_BONUS
        return bonus

    def _heading_evidence(self, heading: str) -> tuple[dict[str, float], dict[str, float], dict[str, str]]:
        """What a section heading says for each category (its words and its bonus), the
        bonus alone, and the covered categories with the one that covers them. A category
        covered by one the heading names is owed all the heading says for that one, less
        ``COVER_MARGIN``: within the family only the item's own text decides."""
        shared = self._evidence(self.features(heading))
        bonus = self._heading_bonus(heading)
        under: dict[str, str] = {}
        for category, extra in bonus.items():
            shared[category] += extra
        for category in list(bonus):
            cues = self.keywords.get(category)
            for covered in cues.covers if cues is not None else ():
                if covered in shared:
                    lifted = shared[category] - COVER_MARGIN
                    if lifted > shared[covered]:
                        bonus[covered] = max(bonus.get(covered, 0.0), bonus[category] - COVER_MARGIN)
                        shared[covered] = lifted
                        under[covered] = category
        return shared, bonus, under

    def classify(self, text: str, heading: str | None = None) -> Verdict:
        """The most likely category of ``text``; ``heading`` is its section heading, if known."""
        return self.classify_section([text], heading)[0]

    def classify_section(self, texts: Sequence[str], heading: str | None = None) -> list[Verdict]:
        """A category for each item of one section, each read with its siblings and heading.

        The items of a section were put together by the document's author: what the
        other items' own words say is a prior for each (``OUTLIER``).
        """
        if not self.categories:
            raise ValueError("the library has no item or heading snippets to learn from")
        own = [self._evidence(self.features(t)) for t in texts]
        alone = [_shares(e) for e in own]
        shared, bonus, under = self._heading_evidence(heading) if heading else self._no_heading()
        even = OUTLIER / len(self.categories)
        verdicts = []
        topics = self._topics_leaving_out(alone) if len(own) > 1 else []
        for i, evidence in enumerate(own):
            scores = {c: evidence[c] + shared[c] for c in self.categories}
            if len(own) > 1:
                topic = topics[i]
                prior = dict.fromkeys(self.categories, even)
                for z, share in topic.items():
                    for c in self._family[z]:
                        prior[c] += (1 - OUTLIER) * share / len(self._family[z])
                for c in self.categories:
                    # as log-odds before TEMPERATURE, so the share is multiplied by the prior
                    scores[c] += TEMPERATURE * math.log(prior[c])
            verdict = _verdict(scores, bonus, under)
            if heading:
                own_best, own_share = max(alone[i].items(), key=lambda cs: cs[1])
                if own_share >= CONTENT_SURE and own_best != verdict.category:
                    verdict = replace(verdict, content=own_best)
            verdicts.append(verdict)
        return verdicts

    def section_topic(self, texts: Sequence[str], heading: str | None = None) -> Verdict:
        """What a section as a whole is about: the category its heading names, else the one
        its items' own words, taken together, point to (see ``_topic``)."""
        if not self.categories:
            raise ValueError("the library has no item or heading snippets to learn from")
        alone = [_shares(self._evidence(self.features(t))) for t in texts]
        shared, bonus, under = self._heading_evidence(heading) if heading else self._no_heading()
        topic = self._topic(alone) if alone else dict.fromkeys(self.categories, 1.0)
        floor = 1e-300  # a category every item rules out is still a category
        scores = {c: shared[c] + TEMPERATURE * math.log(max(topic[c], floor)) for c in self.categories}
        return _verdict(scores, bonus, under)

    def _topic(self, alone: Sequence[dict[str, float]], skip: int | None = None) -> dict[str, float]:
        """The section's topic given its items' shares (but item ``skip``'s): each item is
        of the section's topic — for an umbrella category, of any one of its family (the
        categories it ``covers``) — or, with probability ``OUTLIER``, of any category. So an
        item speaks for topic z with (1 − OUTLIER)·mean share of z's family + OUTLIER / K.
        Evidence adds up over the items: three items leaning to 组织建设 settle a section
        one does not; 纪律 and 作风 items side by side make a 党风廉政建设 section, 纪律
        items alone a 纪律建设 one."""
        terms = self._topic_terms(alone)
        logs = {z: sum(t[z] for j, t in enumerate(terms) if j != skip) for z in self._family}
        return self._topic_of(logs)

    def _topic_terms(self, alone: Sequence[dict[str, float]]) -> list[dict[str, float]]:
        """What each item says for each topic z (the log terms ``_topic`` adds up)."""
        even = OUTLIER / len(self.categories)
        return [{z: math.log((1 - OUTLIER) * sum(a[c] for c in fam) / len(fam) + even)
                 for z, fam in self._family.items()} for a in alone]

    def _topics_leaving_out(self, alone: Sequence[dict[str, float]]) -> list[dict[str, float]]:
        """``_topic(alone, skip=i)`` for every item i, from one sum (not one per item:
        a section of a thousand items would otherwise be read a million times)."""
        terms = self._topic_terms(alone)
        total = {z: math.fsum(t[z] for t in terms) for z in self._family}
        return [self._topic_of({z: total[z] - t[z] for z in self._family}) for t in terms]

    def _topic_of(self, logs: dict[str, float]) -> dict[str, float]:
        top = max(logs.values())
        weights = {c: math.exp(v - top) for c, v in logs.items()}
        total = sum(weights.values())
        return {c: w / total for c, w in weights.items()}

    def _no_heading(self) -> tuple[dict[str, float], dict[str, float], dict[str, str]]:
        return {c: 0.0 for c in self.categories}, {}, {}

    def tags(self, text: str, limit: int = MAX_TAGS) -> tuple[str, ...]:
        """A few keywords for ``text``: the domain terms it contains, then cue words and
        tags the library already uses, then its words rarest in the library."""
        words = self.words(text)
        distinct = list(dict.fromkeys(words))
        chosen = [w for w in distinct if w in self.terms]
        chosen += [w for w in distinct if w in self._cue_owners and w not in chosen]
        chosen += [w for w in distinct if w in self._tags and w not in chosen]
        if len(chosen) < FEW_TAGS:
            tf = Counter(w for w in words if _CJK_WORD.match(w) and w not in _STOP and w not in chosen)
            n = self._docs + 1
            # Words the library never uses may be typos or names: only known ones.
            known = [w for w in tf if self._df.get(w)]
            known.sort(key=lambda w: -tf[w] * math.log(n / (1 + self._df[w])))
            chosen += known[: FEW_TAGS - len(chosen)]
        return tuple(chosen[:limit])


def _grams(word: str) -> tuple[str, ...]:
    """A word and, with BIGRAMS, the character pairs of a word longer than two characters."""
    if not BIGRAMS or len(word) <= 2:
        return (word,)
    return (word, *("#" + word[i:i + 2] for i in range(len(word) - 1)))


def _shares(scores: dict[str, float]) -> dict[str, float]:
    """Each category's share of the evidence, after dividing by ``TEMPERATURE``."""
    top = max(scores.values())
    weights = {c: math.exp((s - top) / TEMPERATURE) for c, s in scores.items()}
    total = sum(weights.values())
    return {c: w / total for c, w in weights.items()}


def _verdict(scores: dict[str, float], bonus: dict[str, float], under: dict[str, str]) -> Verdict:
    ranking = tuple(sorted(_shares(scores).items(), key=lambda cw: -cw[1]))
    best, confidence = ranking[0]
    return Verdict(best, round(confidence, 3), best in bonus, ranking, under.get(best))

"""Near-duplicate texts: character shingles and their Jaccard similarity, never all pairs.

Two snippets are near-duplicates when the sets of their 4-character shingles
(Jinja tags, punctuation and spaces removed) have a Jaccard similarity of at least
``THRESHOLD``. Comparing every pair of a 5,000-snippet repository is 12 million
comparisons, so neither search here does:

* ``ShingleIndex`` answers "which known text is most like this one?" (``draft
  ingest``, a few hundred candidates against the library) from an inverted index:
  only texts that share a shingle are scored.
* ``similar_pairs`` finds every pair at or above the threshold in a collection
  (``draft snippets lint`` and ``stats``) by prefix filtering (Bayardo et al.,
  "Scaling up all pairs similarity search", 2007): shingles are ordered rarest
  first, and two sets with Jaccard ≥ t must share one of the first
  ``|x| − ⌈t·|x|⌉ + 1`` shingles of each. Only those short prefixes, made of rare
  shingles with short posting lists, are indexed and probed; the candidates they
  yield are verified exactly. The result is exact — the same pairs a comparison
  of all pairs would give.

Pure: no I/O, no package imports but the model.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter, defaultdict
from itertools import chain
from typing import Hashable, Iterable, Mapping, TypeVar

from .model import Snippet

__all__ = [
    "SHINGLE", "THRESHOLD", "ShingleIndex", "clusters", "set_pairs", "shingles", "similar_pairs", "snippet_pairs",
    "text_of",
]

#: Jaccard similarity of character shingles at which two texts count as the same.
THRESHOLD = 0.6
#: Shingle length in characters.
SHINGLE = 4

K = TypeVar("K", bound=Hashable)

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_NOT_TEXT = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")


def shingles(text: str) -> frozenset[str]:
    """The 4-character shingles of ``text``'s words (Jinja tags and punctuation left out)."""
    chars = _NOT_TEXT.sub("", _JINJA.sub("", text))
    if len(chars) <= SHINGLE:
        return frozenset([chars]) if chars else frozenset()
    return frozenset({chars[i:i + SHINGLE] for i in range(len(chars) - SHINGLE + 1)})


def text_of(snippet: Snippet) -> str:
    """What a snippet says, for comparing it with others: lead, body and points."""
    return "".join([snippet.lead or "", snippet.body, *snippet.points])


class ShingleIndex:
    """Texts by their character shingles: finds the most similar one without comparing all pairs."""

    def __init__(self) -> None:
        self._postings: dict[str, list[str]] = defaultdict(list)
        self._sizes: dict[str, int] = {}
        self._sets: dict[str, frozenset[str]] = {}
        self._order: dict[str, int] = {}  # key → when it was added, for ties
        #: postings read by the last ``match``, to show it reads few of them
        self.probed = 0

    def add(self, key: str, text: str) -> None:
        """Index ``text`` under ``key``."""
        found = frozenset(map(sys.intern, shingles(text)))
        if not found or key in self._sizes:
            return
        self._order[key] = len(self._sizes)
        self._sizes[key] = len(found)
        self._sets[key] = found
        for s in found:
            self._postings[s].append(key)

    def match(self, text: str, threshold: float = THRESHOLD) -> tuple[str | None, float]:
        """The indexed key most similar to ``text`` if their Jaccard similarity is ≥ ``threshold``.

        A text that similar shares at least ⌈t·|x|⌉ of ``text``'s |x| shingles, so it
        has one of any |x| − ⌈t·|x|⌉ + 1 of them: only the postings of that many of
        the rarest are read (query-side prefix filtering), not those of shingles
        every text has, which grow with the library and the batch. Ties go to the
        text indexed first.
        """
        found = shingles(text)
        if not found:
            return None, 0.0
        size = len(found)
        rarest = sorted(found, key=lambda s: (len(self._postings.get(s, ())), s))
        keys: set[str] = set()
        self.probed = 0
        for s in rarest[:size - _at_least(threshold, size) + 1]:
            posting = self._postings.get(s, ())
            self.probed += len(posting)
            keys.update(posting)
        best, score, order = None, 0.0, None
        for key in keys:
            other = self._sizes[key]
            if other < threshold * size - 1e-9 or size < threshold * other - 1e-9:
                continue  # sizes too far apart for the threshold
            inter = len(found & self._sets[key])
            jaccard = inter / (size + other - inter)
            rank = self._order[key]
            if jaccard >= threshold - 1e-12 and (jaccard > score or (jaccard == score and rank < order)):
                best, score, order = key, jaccard, rank
        return best, score


    def most_similar(self, text: str) -> tuple[str | None, float]:
        """The indexed key most similar to ``text`` and their Jaccard similarity."""
        found = shingles(text)
        if not found:
            return None, 0.0
        shared: Counter[str] = Counter()
        for s in found:
            shared.update(self._postings.get(s, ()))
        best, score = None, 0.0
        for key, inter in shared.items():
            jaccard = inter / (len(found) + self._sizes[key] - inter)
            if jaccard > score:
                best, score = key, jaccard
        return best, score


def _at_least(fraction: float, size: int) -> int:
    """⌈fraction·size⌉, robust to float error (0.6·5 is 3.0000000000000004)."""
    return math.ceil(fraction * size - 1e-9)


def similar_pairs(texts: Mapping[K, str], threshold: float = THRESHOLD) -> list[tuple[K, K, float]]:
    """Every pair of ``texts`` with shingle Jaccard similarity ≥ ``threshold``.

    Pairs come as ``(earlier key, later key, similarity)``, sorted in the mapping's order.
    """
    # Interned, so that a shingle many texts have is one string, not one per text:
    # 50,000 texts would otherwise hold 7 million small strings.
    return set_pairs({key: tuple(map(sys.intern, shingles(text))) for key, text in texts.items()}, threshold)


def set_pairs(shingled: Mapping[K, tuple[str, ...]], threshold: float = THRESHOLD,
              masks: Mapping[K, int] | None = None) -> list[tuple[K, K, float]]:
    """``similar_pairs`` of texts already cut into their (distinct) shingles.

    ``masks`` (optional) has for each key a bit mask with one bit set per shingle
    (any function of the shingle alone): two texts share at most as many shingles
    as their masks share bits, plus the shingles of one that fell on a bit another
    of its shingles set. Candidates that cannot share enough are then left out
    before their shingles are compared; the result is the same.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    keys: list[K] = []
    sets: list[tuple[str, ...]] = []
    df: Counter[str] = Counter()
    for key, found in shingled.items():
        if found:
            keys.append(key)
            sets.append(found)
            df.update(found)
    # Shingles numbered rarest first (ties in first-seen order): a sorted tuple of
    # numbers is then a set in the global order prefix filtering needs. A shingle
    # only one text has cannot be shared: it counts in its text's size but is left
    # out of the rest. Being the rarest, such shingles fill the first places of a
    # prefix, so a text's shared shingles start that many places in.
    shared_only = sorted((s for s, n in df.items() if n > 1), key=df.__getitem__)
    number = {s: n for n, s in enumerate(shared_only)}
    del df, shared_only
    sizes = [len(found) for found in sets]
    bits = [masks[key] for key in keys] if masks is not None else None
    docs = [tuple(sorted(map(number.__getitem__, filter(number.__contains__, found)))) for found in sets]
    del number, sets  # only the numbers are needed from here on
    share = threshold / (1 + threshold)
    index_share = 2 * share
    postings: dict[int, list[int]] = defaultdict(list)
    found_pairs: list[tuple[int, int, float]] = []
    # Smallest sets first: an indexed set is never larger than the one probing it,
    # which is what lets the indexed prefix be shorter than the probing one.
    for i in sorted(range(len(docs)), key=sizes.__getitem__):
        doc, size = docs[i], sizes[i]
        unique = size - len(doc)
        candidates = set(chain.from_iterable(map(postings.__getitem__, doc[:size - _at_least(threshold, size)
                                                                        + 1 - unique])))
        if candidates:
            smallest = threshold * size - 1e-9  # a smaller set cannot be similar enough
            mine = set(doc)
            if bits is not None:
                mask = bits[i]
                fell = size - mask.bit_count()  # shingles on a bit another one set
            for j in candidates:
                # Jaccard ≥ t needs an overlap of t/(1+t) of the two sizes together; the
                # overlap is at most the smaller number of shared shingles.
                least = share * (size + sizes[j]) - 1e-9
                if sizes[j] < smallest or min(len(doc), len(docs[j])) < least:
                    continue
                if bits is not None and (mask & bits[j]).bit_count() + fell < least:
                    continue
                shared = len(mine.intersection(docs[j]))
                similarity = shared / (size + sizes[j] - shared)
                if similarity >= threshold:
                    found_pairs.append((i, j, similarity) if i < j else (j, i, similarity))
        for t in doc[:size - _at_least(index_share, size) + 1 - unique]:
            postings[t].append(i)
    found_pairs.sort()
    return [(keys[a], keys[b], round(s, 3)) for a, b, s in found_pairs]


def _overlap(a: Snippet, b: Snippet) -> bool:
    """Whether two snippets may both be used in some year."""
    return (a.since or 0) <= (b.until or 9999) and (b.since or 0) <= (a.until or 9999)


def snippet_pairs(snippets: Iterable[Snippet], threshold: float = THRESHOLD) -> list[tuple[Snippet, Snippet, float]]:
    """Near-duplicate snippets: of one kind, usable in a common year, texts at least ``threshold`` alike.

    Snippets meant for different years (the old wording until 2025, the new from
    2026) are not duplicates of each other, however alike.
    """
    by_kind: dict[str, dict[int, Snippet]] = {}
    for n, s in enumerate(snippets):
        by_kind.setdefault(s.kind, {})[n] = s
    out = []
    for group in by_kind.values():
        for a, b, similarity in similar_pairs({n: text_of(s) for n, s in group.items()}, threshold):
            if _overlap(group[a], group[b]):
                out.append((a, b, group[a], group[b], similarity))
    out.sort(key=lambda pair: pair[:2])
    return [(first, second, similarity) for _, _, first, second, similarity in out]


def clusters(pairs: Iterable[tuple[K, K, float]]) -> list[list[K]]:
    """Groups of keys linked by near-duplicate pairs (each group in first-seen order)."""
    parent: dict[K, K] = {}

    def root(k: K) -> K:
        parent.setdefault(k, k)
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b, _ in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra
    groups: dict[K, list[K]] = {}
    for k in parent:
        groups.setdefault(root(k), []).append(k)
    return list(groups.values())

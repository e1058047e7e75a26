"""Lint's near-duplicate pass, incremental: pairs among texts seen before come from the cache, only new texts are searched.

The result is exactly ``similar.snippet_pairs`` of the library's snippets. Each
text is known by a fingerprint (a checksum of its kind and text). The cache
(``state``) holds every pair at or above the threshold among the fingerprints
of the last run, and for each fingerprint a bit mask of its shingles (each
shingle sets one of ``BITS`` bits, chosen by a checksum of it). A run then:

* keeps the cached pairs whose two texts are still there;
* compares each text not seen before with every other of its kind. The masks
  rule most out at once: every shingle the two share sets its bit in both
  masks, so a text sharing enough shingles to be similar has at least
  ``⌈t·|x|⌉ − (|x| − bits set by x)`` bits in common with it. Only those left
  are cut into shingles and compared exactly.

When many texts are new (a first run, another calendar of pairs) all pairs are
found by ``similar.set_pairs`` instead. Pure: no I/O; the caller keeps the state.
"""

from __future__ import annotations

import hashlib
import operator
import sys
from itertools import chain, repeat
from typing import Callable

from ..model import Snippet
from ..similar import _JINJA, _NOT_TEXT, SHINGLE, THRESHOLD, _at_least, _overlap, set_pairs, shingles, text_of

#: Bits of a text's shingle mask.
BITS = 1024
#: Texts above which shingles are interned (``sys.intern``): slower, but 50,000 texts would
#: otherwise hold millions of small strings.
INTERN_FROM = 20000
#: More new texts than this (and than a tenth of all): all pairs are searched again.
INCREMENTAL = 400


def fingerprint(snippet: Snippet) -> tuple[str, str]:
    """A snippet's text as the near-duplicate pass compares it, and its fingerprint (a checksum of it and the kind)."""
    text = text_of(snippet)
    return hashlib.sha1(f"{snippet.kind}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()[:24], text


class _Texts(dict):
    """The texts by fingerprint: those given, and on the first one missing all those ``more()`` gives (once)."""

    def __init__(self, texts: dict[str, str], more: Callable[[], dict[str, str]] | None) -> None:
        super().__init__(texts)
        self._more = more

    def __missing__(self, fp: str) -> str:
        if self._more is None:
            raise KeyError(fp)
        more, self._more = self._more, None
        for key, text in more().items():
            self.setdefault(key, text)
        return self[fp]


_POWERS = [1 << n for n in range(BITS)]
_PRIME = 1021  # the bits used: a prime spreads the shingles' values over them


def _mask(text: str) -> int:
    """The mask of a text: the bit of each shingle, its 4 characters' UTF-16 code units as a number, modulo a prime.

    The same in every run, and computed by the buffer (each starting position of
    a shingle in one of four aligned views) rather than one shingle at a time.
    """
    chars = _NOT_TEXT.sub("", _JINJA.sub("", text))  # as ``similar.shingles`` cuts it
    data = chars.encode("utf-16-le")  # letters, digits and Han: one code unit each
    if len(chars) <= SHINGLE:
        bits = {int.from_bytes(data, "little") % _PRIME} if chars else set()
    else:
        view = memoryview(data)
        size = len(data)
        bits = set(map(operator.mod, chain.from_iterable(
            view[k:k + (size - k) // 8 * 8].cast("Q") for k in (0, 2, 4, 6)), repeat(_PRIME)))
    return sum(map(_POWERS.__getitem__, bits))


def near_pairs(snippets: list[Snippet], state: object, known: dict[int, str] | None = None,
               texts: dict[str, str] | None = None, more: Callable[[], dict[str, str]] | None = None,
               masks: dict[str, str] | None = None) -> tuple[list[tuple[Snippet, Snippet, float]], dict]:
    """``similar.snippet_pairs(snippets)``, using and returning the cached ``state`` (anything: checked here).

    ``known`` gives the fingerprint of some snippets (by ``id()``), and ``texts``
    the texts of some fingerprints (``fingerprint``, computed by the caller). A
    known snippet whose text is not given is one of the lint index's light
    snippets: ``more()`` gives those texts by fingerprint, and is called only if
    one of them is needed — a text not in the state, or one a new text may be
    similar to. ``masks`` are more masks of the state, kept elsewhere (the
    index's, as the state keeps them: checked here too).
    """
    fps: list[str] = []
    given: dict[str, str] = dict(texts or {})
    kinds: dict[str, str] = {}
    for s in snippets:
        fp = known.get(id(s)) if known else None
        if fp is None:
            fp, text = fingerprint(s)
            given.setdefault(fp, text)
        fps.append(fp)
        kinds.setdefault(fp, s.kind)
    texts = _Texts(given, more)
    hexed, masks, pairs = _read(state, masks or {})
    new = [fp for fp in kinds if fp not in masks]
    if len(new) > max(INCREMENTAL, len(kinds) // 10):
        masks, pairs = _all_pairs({fp: texts[fp] for fp in kinds}, kinds)
    else:
        masks = {fp: m for fp, m in masks.items() if fp in kinds}
        pairs = [p for p in pairs if p[0] in masks and p[1] in masks]
        _add_new(new, texts, kinds, masks, pairs)
    # Texts to snippets: a pair of texts is a pair of each of their snippets; snippets
    # with one text are the same (similarity 1) when the text has any shingle at all.
    where: dict[str, list[int]] = {}
    for n, fp in enumerate(fps):
        if masks.get(fp):
            where.setdefault(fp, []).append(n)
    found: list[tuple[int, int, float]] = []
    for a, b, similarity in pairs:
        found += ((min(i, j), max(i, j), similarity) for i in where.get(a, ()) for j in where.get(b, ()))
    for positions in where.values():
        found += ((i, j, 1.0) for k, i in enumerate(positions) for j in positions[k + 1:])
    found.sort()
    out = [(snippets[i], snippets[j], similarity) for i, j, similarity in found
           if _overlap(snippets[i], snippets[j])]
    # the masks as they were read, where they were (checked by ``_read``), else written out
    return out, {"masks": {fp: hexed[fp] if fp in hexed else format(m, "x") for fp, m in masks.items()},
                 "pairs": [list(p) for p in pairs]}


def _read(state: object, more: dict[str, str]) -> tuple[dict[str, str], dict[str, int], list[tuple[str, str, float]]]:
    """The masks (as written, and as numbers) and pairs of a cached state with ``more`` masks; empty for anything else."""
    try:
        if type(state) is not dict or type(state.get("masks")) is not dict or type(state.get("pairs")) is not list:
            return {}, {}, []
        hexed = {**more, **state["masks"]}
        masks = {}
        for fp, text in hexed.items():
            if type(text) is not str or len(text) > BITS // 4:
                return {}, {}, []
            masks[fp] = int(text, 16)
        pairs = []
        for p in state["pairs"]:
            if (type(p) is not list or len(p) != 3 or type(p[0]) is not str or type(p[1]) is not str
                    or type(p[2]) not in (int, float) or p[0] not in masks or p[1] not in masks):
                return {}, {}, []
            pairs.append((p[0], p[1], float(p[2])))
        return hexed, masks, pairs
    except (ValueError, TypeError):
        return {}, {}, []


def _all_pairs(texts: dict[str, str], kinds: dict[str, str]) -> tuple[dict[str, int], list]:
    """Every pair among ``texts``, by kind, and the mask of each text."""
    if len(texts) > INTERN_FROM:  # one string per distinct shingle, not one per text: memory bounded
        sets = {fp: tuple(map(sys.intern, shingles(text))) for fp, text in texts.items()}
    else:  # interning costs a tenth of a cold lint; a few thousand texts' shingles fit in memory as they are
        sets = {fp: tuple(shingles(text)) for fp, text in texts.items()}
    masks = {fp: _mask(text) for fp, text in texts.items()}
    by_kind: dict[str, dict[str, tuple[str, ...]]] = {}
    for fp, found in sets.items():
        by_kind.setdefault(kinds[fp], {})[fp] = found
    del sets
    pairs = [p for group in by_kind.values() for p in set_pairs(group, THRESHOLD, masks)]
    return masks, pairs


def _add_new(new: list[str], texts: dict[str, str], kinds: dict[str, str], masks: dict[str, int],
             pairs: list) -> None:
    """Add the pairs of each new text with every other text (new ones too) to ``pairs``, and its mask to ``masks``."""
    sets: dict[str, frozenset[str]] = {}
    for fp in new:
        sets[fp] = shingles(texts[fp])
        masks[fp] = _mask(texts[fp])
    by_kind: dict[str, list[tuple[str, int]]] = {}
    for fp, m in masks.items():
        if m:
            by_kind.setdefault(kinds[fp], []).append((fp, m))
    done = set()
    for x in new:
        mine = sets[x]
        if not mine:
            continue
        size = len(mine)
        mx = masks[x]
        need = _at_least(THRESHOLD, size) - (size - mx.bit_count())
        for y, my in by_kind[kinds[x]]:
            if y == x or (mx & my).bit_count() < need or y in done:
                continue
            other = sets.get(y)
            if other is None:
                other = sets[y] = shingles(texts[y])
            shared = len(mine & other)
            similarity = shared / (size + len(other) - shared)
            if similarity >= THRESHOLD:
                pairs.append((x, y, round(similarity, 3)))
        done.add(x)

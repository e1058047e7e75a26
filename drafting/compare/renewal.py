"""The share of a ``renew`` draft that is its source's text unchanged.

A renewed draft is the source with renew's tracked changes accepted: a sentence
renew changed is lightly edited (only year-bound expressions were moved on), every
other sentence of the body is the source's, unchanged. Counted on the source's
outline (title, speaker and date lines, signature left out, as ``draft compare``
does), in the new draft's characters.

Pure: no I/O.
"""

from __future__ import annotations

from collections import Counter

from ..model import Edit, Outline, Paragraph
from .align import LIGHT, SAME, key_of, split_sentences, units
from .share import Share

#: How alike a sentence of the outline and one of its paragraph must be to be the same sentence.
ALIKE = 0.8


def renewal_share(outline: Outline, paragraphs: list[Paragraph] | tuple[Paragraph, ...],
                  edits: tuple[Edit, ...] | list[Edit]) -> Share:
    """Characters of the renewed body unchanged from the source and changed by ``edits`` (lightly edited)."""
    changes: dict[int, list[Edit]] = {}
    for e in edits:
        if e.new is not None:
            changes.setdefault(e.paragraph, []).append(e)
    touched: Counter[str] = Counter()
    untouched: Counter[str] = Counter()
    growth: dict[str, list[int]] = {}
    for p in paragraphs:
        mine = changes.get(p.index, ())
        for start, end in split_sentences(p.text):
            key = key_of(p.text[start:end])
            inside = [e for e in mine if (e.start < end and e.end > start) or (e.start == e.end and start <= e.start < end)]
            if inside:
                touched[key] += 1
                growth.setdefault(key, []).append(sum(len(e.new or "") - (e.end - e.start) for e in inside))
            else:
                untouched[key] += 1
    counts = {SAME: 0, LIGHT: 0}
    for u in units(outline)[0]:
        for start, end in split_sentences(u.text):
            raw = u.text[start:end]
            key = key_of(raw)
            if not key:
                continue
            size = len("".join(raw.split()))
            if touched[key] <= 0 and not untouched[key]:
                # parse took words out of the sentence (a site's phrase injected in it): the touched one it was
                key = _nearest(key, [k for k, n in touched.items() if n > 0]) or key
            if touched[key] > 0:
                touched[key] -= 1
                counts[LIGHT] += max(size + growth[key].pop(0), 0)
            else:
                counts[SAME] += size
    return Share(counts[SAME], counts[LIGHT])


def _nearest(key: str, candidates: list[str]) -> str | None:
    """The candidate most like ``key`` (shingles at least ``ALIKE`` alike), if any."""
    from ..similar import shingles

    mine = shingles(key)
    best, score = None, ALIKE
    for other in candidates:
        theirs = shingles(other)
        union = len(mine | theirs)
        similarity = len(mine & theirs) / union if union else 0.0
        if similarity >= score:
            best, score = other, similarity
    return best


def top_anchor(paragraph: Paragraph, edits: tuple[Edit, ...] | list[Edit]) -> tuple[int, int] | None:
    """The longest stretch of ``paragraph``'s text no edit touches, for a comment on the document as a whole."""
    taken = sorted((e.start, e.end) for e in edits if e.paragraph == paragraph.index)
    best, at = (0, 0), 0
    for start, end in taken + [(len(paragraph.text), len(paragraph.text))]:
        if start - at > best[1] - best[0]:
            best = (at, start)
        at = max(at, end)
    while best[0] < best[1] and paragraph.text[best[0]].isspace():
        best = (best[0] + 1, best[1])
    while best[1] > best[0] and paragraph.text[best[1] - 1].isspace():
        best = (best[0], best[1] - 1)
    return best if best[1] > best[0] else None
